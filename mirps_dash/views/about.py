"""The About page: sources and licences, the press articles apart, and the glossary."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import pandas as pd

from mirps_dash import words
from mirps_dash.i18n import t
from mirps_dash.provenance import source_attribution
from mirps_dash.safe import WEB_ADDRESS, markdown_table


@dataclass(frozen=True)
class AboutTables:
    """The About page's tables with headers in the reader's language."""

    sources: pd.DataFrame  # the sources with their licences (press articles apart)
    press: pd.DataFrame  # one row per press article that reports a COMAR figure
    glossary: pd.DataFrame
    drawn: tuple[str, str, str]  # the three as the page draws them: Markdown tables, web addresses as links


def about_tables(sources: pd.DataFrame, lang: str) -> AboutTables:
    """Sources and licences, the press articles apart, each named by who produced its figures and who published
    them ('COMAR, via La Razón (2023-01)'), and the glossary."""
    is_press = sources["source_id"].str.startswith("comar-press-")
    named = sources.assign(
        attribution=pd.Series(
            [source_attribution(cast(dict[str, object], row), lang) for row in sources.to_dict("records")],
            index=sources.index,
            dtype="str",
        ),
        url=sources["url"].where(sources["url"].str.match(WEB_ADDRESS.pattern), ""),
    )
    # The page draws `url` as a link: only http(s) is ever one (a `javascript:` URL stored before validate refused
    # it shows as an empty cell)
    listed = words.label_columns(named[~is_press][["attribution", "title", "licence", "as_of", "url", "note"]], lang)
    press = words.label_columns(named[is_press][["source_id", "attribution", "title", "url"]], lang)
    glossary = words.glossary(lang)
    links = [t("col_url", lang)]
    drawn = (markdown_table(listed, links), markdown_table(press, links), markdown_table(glossary))
    return AboutTables(listed, press, glossary, drawn)
