"""Values from data are text, never markup: escape them before any Streamlit call that renders Markdown."""

from __future__ import annotations

import re
from collections.abc import Collection
from urllib.parse import quote

import pandas as pd

MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$&])")


def escape_markdown(text: object) -> str:
    """Text that st.markdown / st.caption shows character for character (no links, HTML, LaTeX or emphasis)."""
    return MARKDOWN_SPECIALS.sub(r"\\\1", str(text))


WEB_ADDRESS = re.compile(r"(?i)https?://\S+$")
# what a link's address keeps as written; anything else (a space, a bracket, "|", "<") is percent-encoded, so no
# character of the address can end the link or its table cell
ADDRESS_KEEPS = ":/?#@!$&'*+,;=%-._~"


def _table_cell(value: object, link: bool) -> str:
    missing = value is None or value is pd.NA or value != value  # NaN and NaT are not equal to themselves
    text = "" if missing else " ".join(str(value).split())  # one space for any line break, which would end the row
    if link and WEB_ADDRESS.match(text):
        return f"[{escape_markdown(text)}]({quote(text, safe=ADDRESS_KEEPS)})"
    return escape_markdown(text)


def markdown_table(frame: pd.DataFrame, links: Collection[str] = ()) -> str:
    """A frame as one Markdown table (drawn by st.markdown as an HTML table: text a screen reader reads, a phone
    wraps and the browser's find finds), every header and cell read character for character; a cell of a column
    named in `links` is a link when it is an http(s) address, and text otherwise."""
    columns = [str(column) for column in frame.columns]
    lines = [
        "| " + " | ".join(escape_markdown(column) for column in columns) + " |",
        "|" + " --- |" * len(columns),
    ]
    in_links = [column in links for column in columns]
    for row in frame.itertuples(index=False, name=None):
        lines.append("| " + " | ".join(_table_cell(v, link) for v, link in zip(row, in_links, strict=True)) + " |")
    return "\n".join(lines)
