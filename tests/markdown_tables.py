"""Markdown tables as a reader sees them, for tests of pages that draw tables with st.markdown."""

from __future__ import annotations

import re

import pandas as pd


def table_cells(markdown: str) -> list[list[str]]:
    """The cells of a Markdown table as GitHub-flavoured Markdown splits them (at each `|` not escaped), each
    read as its text: the escapes removed."""
    rows = [line.strip().strip("|") for line in markdown.splitlines()]
    return [[re.sub(r"\\(.)", r"\1", cell.strip()) for cell in re.split(r"(?<!\\)\|", row)] for row in rows]


def markdown_frames(texts: list[str]) -> list[pd.DataFrame]:
    """Every Markdown table among these texts (a header row, then a `---` rule), as a frame of its cells' text."""
    frames = []
    for text in texts:
        lines = text.splitlines()
        if len(lines) >= 2 and set(lines[1].replace("|", "").split()) == {"---"}:
            header, _rule, *rows = table_cells(text)
            frames.append(pd.DataFrame(rows, columns=header))
    return frames
