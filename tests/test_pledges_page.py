"""AppTest stories on the Pledges page: what a donor sees after each step, in Spanish and English."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from mirps_dash.service import DATA_DIR, ensure_seeded, publish_file
from mirps_dash.store import Store, make_engine
from tests.shown_charts import chart_specs, expressions, figures, open_table_views
from tests.test_links import open_section

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = pd.read_csv(DATA_DIR / "pledges.csv", dtype=str).fillna("")
EDUCATION_IDS = sorted(SHIPPED.loc[SHIPPED["area_of_focus"] == "Education", "pledge_id"])
HEALTH_IDS = sorted(SHIPPED.loc[SHIPPED["area_of_focus"] == "Health", "pledge_id"])
PAYLOAD = "<img src=x onerror=alert(1)>"
SCRIPT = "<script>alert(2)</script>"


@pytest.fixture
def app_env(sqlite_env: Path) -> Path:
    """A fresh seeded store (conftest's fresh_caches drops what an earlier test cached)."""
    return sqlite_env


def open_pledges(**params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/pledges.py")
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    return at


def plain(text: str) -> str:
    """Markdown as the reader sees it: escapes removed."""
    return re.sub(r"\\(.)", r"\1", text)


def shown_text(at: AppTest) -> str:
    """Every markdown, caption, info, warning and subheader text on the page, unescaped."""
    kinds = ("markdown", "caption", "info", "warning", "subheader", "title")
    return "\n".join(plain(element.value) for kind in kinds for element in at.get(kind))


def table(at: AppTest) -> pd.DataFrame:
    """The main pledges table (the last dataframe on the page, in its table view: opened as a reader would), in the
    List section (the first, open unless the address names another)."""
    return open_table_views(at).dataframe[-1].value


def chart(at: AppTest, index: int) -> dict:
    """The page's `index`-th chart, a Vega-Lite spec (the page draws no plotly and no ECharts: one engine); the
    bars are in the Charts section (`?pledges_section=charts`), a pledge's indicator in its dialog."""
    assert not at.get("plotly_chart") and not at.get("echarts_chart")
    return chart_specs(at)[index]


def test_the_page_says_the_list_is_compiled_not_the_official_export(app_env: Path) -> None:
    at = open_pledges(lang="en")
    assert "not the official export of the Global Compact on Refugees pledges dashboard" in shown_text(at)
    assert "Source: mirps-dash (compiled from public sources)" in shown_text(at)
    assert "**88 of 88 pledges**" in [m.value for m in at.markdown]


def test_a_donor_picks_education_and_sees_only_education_pledges(app_env: Path) -> None:
    at = open_pledges(lang="es")
    at.multiselect(key="pledges_area").set_value(["Education"]).run()
    assert "10 de 88 compromisos" in shown_text(at)
    rows = table(at)
    assert sorted(rows["pledge_id"]) == EDUCATION_IDS
    assert set(rows["area_of_focus"]) == {"Educación"}
    open_section(at, "pledges_section", "charts")  # the bars: a tab away from the list, the filter kept
    assert "10 de 88 compromisos" in shown_text(at)
    area = chart(at, 0)  # every area stays in the chart, counted under the other filters; Education stands out
    colours = {bar["category"]: bar["colour"] for bar in area["layer"][0]["data"]["values"]}
    assert figures(area)[""]["Educación"] == 10 and figures(area)[""]["Salud"] == 3
    assert (colours["Educación"], colours["Salud"]) == ("#0072BC", "#9ecae1")


def test_a_donor_searches_salud_and_finds_the_health_pledges(app_env: Path) -> None:
    at = open_pledges(lang="es")
    at.text_input(key="pledges_search").set_value("salud").run()
    rows = table(at)
    assert set(HEALTH_IDS) <= set(rows["pledge_id"])
    assert (rows["area_of_focus"] == "Salud").sum() == 3
    assert all("salud" in title.lower() or "health" in title.lower() for title in rows["title"])


def test_search_without_accents_finds_educacion(app_env: Path) -> None:
    at = open_pledges(lang="en")
    at.text_input(key="pledges_search").set_value("EDUCACION").run()
    assert set(EDUCATION_IDS) <= set(table(at)["pledge_id"])


def test_a_donor_reads_the_list_a_page_at_a_time_and_opens_a_pledge_by_its_title(app_env: Path) -> None:
    at = open_pledges(lang="en")
    assert not at.dataframe  # a first visit draws no data grid: the list is text, its grid behind "Table view"
    titles = [
        button for button in at.button if str(button.key).startswith("pledges_list_") and button.key[-1].isdigit()
    ]
    assert len(titles) == 10 and "1–10 of 88" in shown_text(at)
    first = titles[0].label
    at.button(key="pledges_list_next").click().run()
    assert "11–20 of 88" in shown_text(at) and at.button(key="pledges_list_0").label != first
    at.button(key="pledges_list_0").click().run()
    opened = at.query_params["pledges_open"][0]
    assert f"**Id:** {opened}" in shown_text(at)  # its dialog: every field, its source, its address to cite
    title, line = plain(at.button(key="pledges_list_0").label).split("\n")  # the title, the line under it
    assert title.startswith("**") and opened in line


def test_the_list_s_last_page_holds_the_rest_and_every_pledge_is_listed_once(app_env: Path) -> None:
    at = open_pledges(lang="en")
    listed = []
    while True:
        labels = [plain(b.label) for b in at.button if str(b.key).startswith("pledges_list_") and b.key[-1].isdigit()]
        listed += [re.search(r":small\[(\S+) ·", label)[1] for label in labels]  # the id opening each line
        if at.button(key="pledges_list_next").disabled:
            break
        at.button(key="pledges_list_next").click().run()
    assert "81–88 of 88" in shown_text(at) and len(labels) == 8
    assert sorted(listed) == sorted(SHIPPED["pledge_id"])


def test_a_shared_link_opens_the_same_selection(app_env: Path) -> None:
    at = open_pledges(lang="en", pledges_area="Education", pledges_status="Pledged")
    assert at.multiselect(key="pledges_area").value == ["Education"]
    assert set(table(at)["area_of_focus"]) == {"Education"} and set(table(at)["status"]) == {"Pledged"}
    assert "8 of 88 pledges" in shown_text(at)


def test_a_shared_link_opens_a_pledge_beside_its_labour_indicator(app_env: Path) -> None:
    at = open_pledges(lang="en", pledges_open="MX-GRF19-001")
    text = shown_text(at)
    assert "**Id:** MX-GRF19-001" in text
    assert "**Area of focus:** Jobs and livelihoods" in text
    assert "**Amount (USD):** No amount" in text
    assert "(https://jornada.com.mx/2019/12/18/politica/010n1pol)" in text
    relocations = at.metric[0]
    assert (relocations.label, relocations.value) == ("People relocated by the labour integration programme", "3,833")
    assert "From January 1, 2019 to October 15, 2019" in text


def test_a_protection_capacity_pledge_shows_claims_and_decisions_per_year(app_env: Path) -> None:
    at = open_pledges(lang="es", pledges_open="MX-GRF19-008")
    indicator = chart(at, -1)
    assert list(figures(indicator)) == ["Solicitudes", "Resoluciones"]
    assert figures(indicator)["Solicitudes"]["2019"] == 70_363
    assert "Fuente: UNHCR" in shown_text(at)


def test_an_unknown_pledge_id_says_so(app_env: Path) -> None:
    at = open_pledges(lang="en", pledges_open="NO-SUCH")
    assert "There is no pledge with the id “NO-SUCH”." in shown_text(at)


def test_a_donor_clears_the_filters_from_an_empty_result(app_env: Path) -> None:
    at = open_pledges(lang="en")
    at.multiselect(key="pledges_area").set_value(["Health"]).run()
    at.text_input(key="pledges_search").set_value("no such pledge anywhere").run()
    assert "No pledge matches these filters and this search." in shown_text(at)
    assert not at.dataframe and not at.get("plotly_chart") and not chart_specs(at)
    at.button(key="pledges_clear_empty").click().run()
    assert "88 of 88 pledges" in shown_text(at)
    assert at.text_input(key="pledges_search").value == ""
    assert at.multiselect(key="pledges_area").value == []
    assert len(table(at)) == 88


def test_amounts_are_listed_per_pledge_and_never_added_up(app_env: Path) -> None:
    at = open_pledges(lang="en", pledges_section="amounts")
    text = shown_text(at)
    assert "11 of 88 pledges state an amount; 77 do not." in text
    assert "are not added up" in text
    amounts = open_table_views(at).dataframe[0].value
    assert len(amounts) == 11 and amounts["amount_usd"].iloc[0] == 200_000_000
    total = sum(SHIPPED["amount_usd"].replace("", "0").astype(float))
    assert f"{total:,.0f}" not in text


def publish_payload_pledges(path: Path) -> None:
    """Add pledges whose every text field is a script or markup payload, through the staff's publish path."""
    store = Store(make_engine(f"sqlite:///{path}"))
    ensure_seeded(store)
    header = ",".join(SHIPPED.columns)
    rows = [
        f'XSS-1,"{PAYLOAD}","{PAYLOAD}","{SCRIPT}","{SCRIPT}","{PAYLOAD}",Education,,GRF 2019,2019,Pledged,,'
        f'"{PAYLOAD}","[click](javascript:alert(3))",,2019,compiled-pledges',  # a javascript: URL is refused
        'XSS-2,=HYPERLINK("http://x"),+1,-2,@SUM(A1),State,Health,,GRF 2019,2019,Pledged,,Mexico,t,https://e.org,2019,compiled-pledges',
    ]
    result = publish_file(store, "pledges", "\n".join([header, *rows]).encode(), file_name="evil.csv", by="test")
    assert result.version is not None, result.report.errors
    store.engine.dispose()


def test_payloads_in_pledge_fields_are_shown_as_text(app_env: Path) -> None:
    publish_payload_pledges(app_env)
    at = open_pledges(lang="en", pledges_open="XSS-1", pledges_search="img")
    assert list(table(at)["title"]) == [PAYLOAD]
    markdown = [m.value for m in at.markdown]
    assert any(r"\<img src=x onerror=alert\(1\)\>" in value for value in markdown)
    assert f"**Title (en):** {PAYLOAD}" in shown_text(at)
    title, line = at.button(key="pledges_list_0").label.split("  \n")  # in the list: one button's Markdown label
    texts = [title.removeprefix("**").removesuffix("**"), line.removeprefix(":gray[:small[").removesuffix("]]")]
    assert r"\<img src=x onerror=alert\(1\)\>" in texts[0]
    assert not [text for text in texts if re.search(r"(?<!\\)[<>\[\]*]", text)]  # every bracket and star escaped
    assert any(r"\<script\>alert\(2\)\</script\>" in value for value in markdown)
    assert not [value for value in markdown if re.search(r"(?<!\\)[<>]|(?<!\\)\]\(javascript", value)]
    assert "No online link." in shown_text(at)
    open_section(at, "pledges_section", "charts")
    assert list(figures(chart(at, 2))[""]) == [PAYLOAD]  # entity types: text, drawn by Vega-Lite as text
    # a label from data is a value (data, a scale's domain), never in an expression, template or format
    assert not [text for spec in chart_specs(at)[:4] for text in expressions(spec) if "onerror" in text]
    assert not [m.value for m in at.markdown if re.search(r"(?<!\\)[<>]|(?<!\\)\]\(javascript", m.value)]
    at.multiselect(key="pledges_entity_type").set_value([PAYLOAD]).run()
    assert list(figures(chart(at, 0))[""]) == ["Education"]
    open_section(at, "pledges_section", "list")
    assert table(at)["entity_type"].tolist() == [PAYLOAD]


def test_a_shared_link_with_year_location_and_search_opens_the_same_list(app_env: Path) -> None:
    at = open_pledges(lang="es", pledges_year="2019", pledges_location="Tapachula", pledges_search="comar")
    places = SHIPPED["beneficiary_location"].str.split(r"\s*;\s*", regex=True)
    expected = SHIPPED[
        (SHIPPED["year"] == "2019")
        & places.map(lambda p: "Tapachula" in p)
        & SHIPPED.apply(lambda r: "comar" in " ".join(r).lower(), axis=1)
    ]
    assert len(expected) > 0
    assert sorted(table(at)["pledge_id"]) == sorted(expected["pledge_id"])
    assert at.multiselect(key="pledges_year").value == [2019]
    assert at.text_input(key="pledges_search").value == "comar"
