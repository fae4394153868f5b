"""Values from data are text, never markup: escape them before any Streamlit call that renders Markdown."""

from __future__ import annotations

import re

MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$&])")


def escape_markdown(text: object) -> str:
    """Text that st.markdown / st.caption shows character for character (no links, HTML, LaTeX or emphasis)."""
    return MARKDOWN_SPECIALS.sub(r"\\\1", str(text))
