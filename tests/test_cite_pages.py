"""AppTest stories (issue 16): every figure carries a citation whose permalink pins its data versions; opening such a
link after a later upload shows the cited numbers under a banner; a link naming versions that do not exist says so
and shows the current data; the ZIP's README holds the citation; the freshness note follows the clock."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from mirps_dash import freshness
from mirps_dash.service import ensure_seeded, publish_file
from mirps_dash.store import Store, make_engine
from tests.test_app import open_app
from tests.test_briefing import deferred  # noqa: F401 (a fixture: the deferred downloads' callables)

UPLOAD = b"Periodo,Solicitudes,Fuente\n2026,99999,unhcr-stats\n"  # a newer UNHCR year: the Overview's figure moves


@pytest.fixture(autouse=True)
def own_store(sqlite_env: Path) -> Path:
    return sqlite_env


def metrics(at: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def citations(at: AppTest) -> list[str]:
    """The citation texts under the page's figures, each "Cite" popover opened as a reader clicks it (a popover
    makes its citation only while open, `ui.cite`)."""
    closed = [key for key in at.session_state if str(key).startswith("cite_") and not at.session_state[key]]
    for key in closed:
        at.session_state[key] = True
    if closed:
        at.run()
    return [text.value for text in at.text if "mirps-dash" in text.value]


def publish_revision() -> tuple[int, int]:
    """Publish a newer claims version into the app's store; (the version before, the new one)."""
    store = Store(make_engine())
    ensure_seeded(store)
    before = store.current_version("claims")
    result = publish_file(store, "claims", UPLOAD, file_name="2026.csv", by="ana@example.org")
    store.engine.dispose()
    assert before is not None and result.version is not None
    return before, result.version


def test_every_figure_on_the_overview_has_a_citation_pinning_its_versions(sqlite_env: Path) -> None:
    at = open_app(lang="en")
    store = Store(make_engine())
    versions = store.current_versions()
    store.engine.dispose()
    cited = citations(at)
    assert len(cited) >= 3  # the key figures, the trend chart, the June 2020 panel
    assert all("consulted on" in text for text in cited)
    key_figures = cited[0]
    assert key_figures.startswith("UNHCR, “Refugee Population Statistics Database")
    assert "https://www.unhcr.org/refugee-statistics/" in key_figures
    assert f"v=claims:{versions['claims']},refugees:{versions['refugees']},sources:{versions['sources']}" in key_figures
    assert [popover.proto.popover.label for popover in at.get("popover")][:1] == ["Cite"]


def test_a_cited_permalink_shows_the_old_versions_figures_with_a_banner(sqlite_env: Path) -> None:
    cited = open_app(lang="es")
    old_figures = metrics(cited)
    permalink = citations(cited)[0].rsplit("?", 1)[1]  # the key figures' citation: lang=es&v=claims:N,...
    old, new = publish_revision()
    assert f"claims:{old}" in permalink

    current = open_app(lang="es")
    assert metrics(current) != old_figures and "99,999" in metrics(current).values()
    assert not current.info or all("versión anterior" not in info.value for info in current.info)

    params = dict(part.split("=", 1) for part in permalink.split("&"))
    pinned = open_app(**params)
    assert metrics(pinned) == old_figures
    banner = next(info.value for info in pinned.info if "versión anterior" in info.value)
    assert "ver la actual" in banner and "v=" not in banner.split("](", 1)[1]  # the link drops the pin
    assert all(f"claims:{old}" in text for text in citations(pinned)[:1])  # a pinned view cites its own versions
    assert f"claims:{new}" not in "".join(citations(pinned))


@pytest.mark.parametrize("pin", ["claims:999999", "nothing:1", "claims:twelve", "claims:{sources}"])
def test_a_link_with_an_unknown_version_or_dataset_says_so_and_shows_the_current_data(
    sqlite_env: Path, pin: str
) -> None:
    current = open_app(lang="en")
    store = Store(make_engine())
    pin = pin.format(sources=store.current_version("sources"))  # a version of another dataset
    store.engine.dispose()
    at = open_app(lang="en", v=pin)
    warning = next(w.value for w in at.warning if "do not exist" in w.value)
    assert pin.replace("_", "\\_") in warning or pin in warning.replace("\\", "")
    assert metrics(at) == metrics(current)
    assert all("older version" not in info.value for info in at.info)


def test_the_zip_readme_holds_the_citation_and_the_definitions(sqlite_env: Path, deferred: dict) -> None:  # noqa: F811
    at = open_app(lang="es")
    assert not at.exception
    archive = zipfile.ZipFile(io.BytesIO(deferred["mirps-overview.zip"]()))  # made when the reader clicks
    readme = archive.read("README.txt").decode("utf-8-sig").split("\r\n")
    citation = readme[readme.index("Cómo citar:") + 1]
    assert citation.strip().startswith("ACNUR, «Refugee Population Statistics Database")
    assert "Vía mirps-dash" in citation and "v=claims:" in citation
    definitions = readme[readme.index("Definiciones:") + 1 :]
    assert any(line.strip().startswith("Solicitud de asilo: ") for line in definitions)


def newest_unhcr_year() -> int:
    claims = pd.read_csv(Path(__file__).resolve().parents[1] / "data" / "claims.csv", dtype=str)
    return int(claims.loc[claims["source"] == "unhcr-stats", "period"].str[:4].max())


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_freshness_note_appears_once_the_clock_passes_unhcrs_interval(
    sqlite_env: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    year = newest_unhcr_year()
    overdue = {"es": "ACNUR hasta {year}; publicados", "en": "UNHCR data up to {year}; published"}[lang]
    words = {
        "es": "más antiguos que su intervalo de actualización (18 meses)",
        "en": "older than its update interval (18 months)",
    }

    def warnings_on(day: dt.date) -> list[str]:
        monkeypatch.setattr(freshness, "today", lambda: day)
        at = open_app(lang=lang)
        return [w.value.replace("\\", "") for w in at.warning if overdue.format(year=year) in w.value.replace("\\", "")]

    assert warnings_on(dt.date(year + 2, 6, 30)) == []  # the end of the year plus 18 months: still due
    late = warnings_on(dt.date(year + 2, 7, 1))
    assert len(late) == 2 and all(words[lang] in warning for warning in late)  # claims and decisions/population
