"""Links: codes in the address and labels on the screen, in es and en; old links with labels; every page framed."""

from __future__ import annotations

import ast
import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from mirps_dash.i18n import t
from mirps_dash.links import range_code, read_range, url_code, url_codes
from mirps_dash.service import DATA_DIR
from tests.shown_charts import chart_alts, charts_shown, open_table_views
from tests.test_briefing import deferred, pdf_text  # noqa: F401 (deferred: a fixture, the deferred downloads' callables)

ROOT = Path(__file__).resolve().parents[1]
PLEDGES = pd.read_csv(DATA_DIR / "pledges.csv", dtype=str).fillna("")
EDUCATION = int((PLEDGES["area_of_focus"] == "Education").sum())
LABELS = {"Education": ("Educación", "Education"), "In progress": ("En curso", "In progress"), "": ("Sin dato", "None")}


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("Education", "education"),
        ("In progress", "in_progress"),
        ("Burden and responsibility sharing", "burden_and_responsibility_sharing"),
        ("GRF 2019", "grf_2019"),
        ("UN agency", "un_agency"),
        ("HTI", "hti"),
        ("tapachula", "tapachula"),
        ("comar-press-026", "comar-press-026"),
        ("2024-01_2024-05", "2024-01_2024-05"),
        (2019, "2019"),
        ("", "none"),
    ],
)
def test_a_value_has_one_language_free_code(value: object, code: str) -> None:
    assert url_code(value) == code


@pytest.mark.parametrize(
    ("texts", "options"),
    [
        (["education"], ["Education"]),
        (["Education"], ["Education"]),
        (["Educación"], ["Education"]),
        (["EDUCACION", "en curso"], ["Education", "In progress"]),
        (["in_progress", "In progress"], ["In progress"]),
        (["none"], [""]),
        (["Sin dato"], [""]),
        (["nonsense", "education"], ["Education"]),
        ([""], []),
    ],
)
def test_a_link_names_options_by_code_or_by_either_label(texts: list[str], options: list[str]) -> None:
    codes = url_codes(list(LABELS), lambda option, lang: LABELS[option][0 if lang == "es" else 1])
    assert codes.options(texts) == options


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["2019-2023"], (2019, 2023)),
        (["2023-2019"], (2019, 2023)),
        (["2019", "2023"], (2019, 2023)),
        (["2019.0", "2023.0"], (2019, 2023)),
        (["2021"], (2021, 2021)),
        (["1950-2090"], (2000, 2025)),
        (["abc"], None),
        (["2019", "2020", "2021"], None),
    ],
)
def test_a_year_range_reads_from_its_code_or_an_old_link(texts: list[str], expected: tuple | None) -> None:
    assert read_range(texts, (2000, 2025)) == expected
    if expected:
        assert read_range([range_code(*expected)], (2000, 2025)) == expected


PAGE_FILES = sorted((ROOT / "pages").glob("*.py"))


@pytest.mark.parametrize("path", PAGE_FILES, ids=lambda path: path.name)
def test_every_page_calls_require_frame_before_drawing_anything(path: Path) -> None:
    """Streamlit runs a deep-linked page without app.py on a fresh server (see ui.require_frame)."""
    body = ast.parse(path.read_text(encoding="utf-8")).body
    calls = [
        i
        for i, node in enumerate(body)
        if isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Call)
        and getattr(node.value.func, "id", None) == "require_frame"
    ]
    assert calls, f"{path.name} must call require_frame() first"
    allowed = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.ClassDef, ast.Assign, ast.AnnAssign)
    before = body[: calls[0]]
    assert all(
        isinstance(node, allowed) or (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant))
        for node in before
    ), f"{path.name} runs something before require_frame()"
    assert not any(
        isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)
        for node in before
        if "st." in ast.unparse(node)
    ), f"{path.name} calls streamlit before require_frame()"


# ---- AppTest stories -------------------------------------------------------------------------------


def open_page(page: str, **params: str | list[str]) -> AppTest:
    """The app on `page` with the address's parameters, as a browser opening a link."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page(page)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    return at


def open_section(at: AppTest, param: str, code: str) -> AppTest:
    """Go to one of the page's sections by its code in the address (`?trends_section=rates`), as a link does: the
    other parameters stay. (AppTest cannot click a tab.)"""
    at.query_params[param] = code
    at.run()
    assert not at.exception
    return at


def params(at: AppTest) -> dict[str, list[str]]:
    """The address's parameters after the run (each as a list of its values)."""
    return {key: list(value) if isinstance(value, list) else [value] for key, value in at.query_params.items()}


def pledge_count(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("**") and "/" not in m.value[:3])


def share_link_text(at: AppTest) -> str:
    return at.sidebar.text[-1].value  # under AppTest the page has no address, so the link is its query


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("old", ["Education", "Educación", "education"])
def test_an_old_pledges_link_with_a_label_filters_and_is_rewritten_as_the_code(
    sqlite_env: Path, lang: str, old: str
) -> None:
    at = open_page("pages/pledges.py", lang=lang, pledges_area=old)
    assert at.multiselect(key="pledges_area").value == ["Education"]
    assert len(open_table_views(at).dataframe[-1].value) == EDUCATION
    assert params(at)["pledges_area"] == ["education"]
    at.run()  # the rewritten address gives the same view
    assert at.multiselect(key="pledges_area").value == ["Education"] and params(at)["pledges_area"] == ["education"]


@pytest.mark.parametrize(("first", "second"), [("es", "en"), ("en", "es")])
def test_pledge_filters_stay_codes_in_the_url_across_a_language_switch(
    sqlite_env: Path, first: str, second: str
) -> None:
    at = open_page("pages/pledges.py", lang=first)
    at.multiselect(key="pledges_area").set_value(["Education"]).run()
    at.multiselect(key="pledges_status").set_value(["In progress", "Pledged"]).run()
    assert params(at)["pledges_area"] == ["education"]
    assert params(at)["pledges_status"] == ["in_progress", "pledged"]
    before = len(open_table_views(at).dataframe[-1].value)
    at.radio(key="app_lang").set_value(second).run()
    assert params(at)["lang"] == [second]
    assert params(at)["pledges_area"] == ["education"] and params(at)["pledges_status"] == ["in_progress", "pledged"]
    assert at.multiselect(key="pledges_area").value == ["Education"]
    assert len(open_table_views(at).dataframe[-1].value) == before
    assert "pledges_area=education" in share_link_text(at)


def test_the_language_switch_is_labelled_in_the_language_it_switches_to_in_the_same_run(sqlite_env: Path) -> None:
    at = open_page("pages/pledges.py", lang="es")
    assert at.radio(key="app_lang").label == "Idioma"
    at.radio(key="app_lang").set_value("en").run()
    assert at.radio(key="app_lang").label == "Language"
    assert at.sidebar.caption[-1].value == "Copy a link to this view"  # the page under it is English too
    at.radio(key="app_lang").set_value("es").run()
    assert at.radio(key="app_lang").label == "Idioma"


def test_the_language_switch_inside_an_open_pledge_keeps_it_open(sqlite_env: Path) -> None:
    pledge = PLEDGES["pledge_id"].iloc[0]
    at = open_page("pages/pledges.py", lang="en", pledges_open=pledge)
    at.segmented_control(key="pledges_dialog_lang").set_value("es").run()  # an open dialog makes the sidebar inert
    assert params(at)["pledges_open"] == [pledge] and params(at)["lang"] == ["es"]
    assert at.button(key="pledges_close").label == "Cerrar"


@pytest.mark.parametrize(
    "page",
    [
        "pages/overview.py",
        "pages/arrivals.py",
        "pages/trends.py",
        "pages/regional.py",
        "pages/pledges.py",
        "pages/about.py",
    ],
)
@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_page_shows_the_link_to_copy(sqlite_env: Path, page: str, lang: str) -> None:
    at = open_page(page, lang=lang)
    assert f"lang={lang}" in share_link_text(at)
    assert any(c.value in ("Copiar enlace a esta vista", "Copy a link to this view") for c in at.sidebar.caption)


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize(("given", "years"), [(["2019-2023"], "2019-2023"), (["2019", "2023"], "2019-2023")])
def test_trends_years_are_one_code_and_an_old_two_value_link_still_works(
    sqlite_env: Path, lang: str, given: list[str], years: str
) -> None:
    at = open_page("pages/trends.py", lang=lang, trends_years=given)
    assert at.slider(key="trends_years").value == (2019, 2023)
    assert params(at)["trends_years"] == [years]


@pytest.mark.parametrize(
    ("lang", "nation", "rate"),
    [
        ("es", "Haití", "Tasa de protección total"),
        ("en", "Haiti", "Total protection rate"),
        ("es", "hti", "protection_rate"),
    ],
)
def test_trends_nations_and_rate_are_codes_whatever_the_link_said(
    sqlite_env: Path, lang: str, nation: str, rate: str
) -> None:
    at = open_page("pages/trends.py", lang=lang, trends_nations=nation, trends_rate=rate, trends_section="rates")
    assert at.multiselect(key="trends_nations").value == ["HTI"]
    assert at.segmented_control(key="trends_rate").value == "protection_rate"
    assert params(at)["trends_nations"] == ["hti"] and params(at)["trends_rate"] == ["protection_rate"]
    other = "en" if lang == "es" else "es"
    at.radio(key="app_lang").set_value(other).run()
    assert params(at)["trends_nations"] == ["hti"] and at.multiselect(key="trends_nations").value == ["HTI"]


# ---- Sections: a page's tabs, the open one a code in the address -------------------------------------------------

SECTIONS = {  # page: (its parameter, {section: the charts it shows}), sections in tab order, the first opens by default
    "pages/trends.py": (
        "trends_section",
        {
            "claims": {"trends_claims"},
            "monthly": {"trends_monthly"},
            "decisions": {"trends_decisions"},
            "rates": {"trends_rates"},
            "population": {"trends_population"},
            "office": set(),  # a chart once an office is picked
        },
    ),
    "pages/pledges.py": (
        "pledges_section",
        {"list": set(), "charts": {"pledges_area", "pledges_status", "pledges_entity_type"}, "amounts": set()},
    ),
    "pages/arrivals.py": ("arrivals_section", {"map": {"arrivals_2024"}, "office": set()}),  # a table once picked
    "pages/regional.py": (
        "regional_section",
        {
            "claims": {"regional_map", "regional_claims"},  # the map stays above the tabs
            "trend": {"regional_map", "regional_trend"},
            "rates": {"regional_map", "regional_rates"},
            "population": {"regional_map", "regional_refugees", "regional_asylum_seekers"},
            "origins": {"regional_map", "regional_origins"},
        },
    ),
}
TAB_LABELS = {
    "pages/trends.py": "trends_section_",
    "pages/arrivals.py": "arrivals_section_",
    "pages/pledges.py": "pl_section_",
    "pages/regional.py": "region_section_",
}


def assert_shows_section(at: AppTest, page: str, section: str, lang: str) -> None:
    """The page shows its tabs, labelled in `lang`, and the content of `section` alone: its charts and no other's
    (Pledges' list, its pager; its amounts, their sentence)."""
    charts = SECTIONS[page][1]
    assert [tab.label for tab in at.tabs] == [t(f"{TAB_LABELS[page]}{name}", lang) for name in charts]
    if page == "pages/pledges.py":
        texts = "\n".join(m.value.replace("\\", "") for m in at.markdown)
        assert ([b for b in at.button if b.key == "pledges_list_next"] != []) == (section == "list")
        assert (t("pl_amounts_line", lang, with_amount=11, shown=88, without=77) in texts) == (section == "amounts")
    assert charts_shown(at) == charts[section]


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("page", list(SECTIONS))
def test_a_first_visit_runs_only_the_first_section_and_names_none_in_the_url(
    sqlite_env: Path, page: str, lang: str
) -> None:
    at = open_page(page, lang=lang)
    param, charts = SECTIONS[page]
    assert_shows_section(at, page, next(iter(charts)), lang)
    assert param not in params(at)


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("page", list(SECTIONS))
def test_a_link_with_a_section_code_opens_that_section_and_keeps_the_code(
    sqlite_env: Path, page: str, lang: str
) -> None:
    param, charts = SECTIONS[page]
    for section in list(charts)[1:]:
        at = open_page(page, lang=lang, **{param: section})
        assert_shows_section(at, page, section, lang)
        assert params(at)[param] == [section]


@pytest.mark.parametrize("page", list(SECTIONS))
def test_an_unknown_section_code_opens_the_first_section_and_leaves_the_url(sqlite_env: Path, page: str) -> None:
    param, charts = SECTIONS[page]
    at = open_page(page, lang="en", **{param: "nonsense"})
    assert_shows_section(at, page, next(iter(charts)), "en")
    assert param not in params(at)


@pytest.mark.parametrize(
    ("page", "section"),
    [("pages/trends.py", "rates"), ("pages/pledges.py", "charts"), ("pages/regional.py", "origins")],
)
@pytest.mark.parametrize(("first", "second"), [("es", "en"), ("en", "es")])
def test_switching_language_keeps_the_open_section_and_its_code(
    sqlite_env: Path, page: str, section: str, first: str, second: str
) -> None:
    param = SECTIONS[page][0]
    at = open_page(page, lang=first, **{param: section})
    at.radio(key="app_lang").set_value(second).run()
    assert params(at)["lang"] == [second] and params(at)[param] == [section]
    assert_shows_section(at, page, section, second)
    assert f"{param}={section}" in share_link_text(at)


@pytest.mark.parametrize(
    ("page", "name", "section", "shown", "left_out"),
    [
        (
            "pages/trends.py",
            "trends",
            "decisions",
            ["trends_decisions.csv"],
            ["trends_claims.csv", "trends_national.csv"],
        ),
        ("pages/regional.py", "regional", "rates", ["regional_map.csv", "regional_rates.csv"], ["regional_claims.csv"]),
    ],
)
def test_the_briefing_and_the_zip_hold_the_open_section(
    sqlite_env: Path,
    deferred: dict,  # noqa: F811
    page: str,
    name: str,
    section: str,
    shown: list[str],
    left_out: list[str],
) -> None:
    param = SECTIONS[page][0]
    first = open_page(page, lang="en")  # the first section's sentences, to find them left out below
    first_sentences = [alt for alt in chart_alts(first) if alt]
    assert first_sentences
    at = open_page(page, lang="en", **{param: section})
    sentences = [alt for alt in chart_alts(at) if alt]
    assert sentences
    archive = zipfile.ZipFile(io.BytesIO(deferred[f"mirps-{name}.zip"]()))  # made when the reader clicks
    assert archive.namelist() == ["README.txt", *shown] and not set(left_out) & set(archive.namelist())
    briefing = pdf_text(deferred[f"mirps-{name}-en.pdf"]())
    assert all(" ".join(sentence.split()) in briefing for sentence in sentences)
    assert not [sentence for sentence in first_sentences if " ".join(sentence.split()) in briefing]
    assert f"{param} = {section}" in briefing  # the view's filters name the section


def test_the_pledges_briefing_and_zip_hold_the_bars_only_from_the_charts_section(
    sqlite_env: Path,
    deferred: dict,  # noqa: F811
) -> None:
    def zip_names() -> list[str]:
        return zipfile.ZipFile(io.BytesIO(deferred["mirps-pledges.zip"]())).namelist()

    at = open_page("pages/pledges.py", lang="en")
    assert "Pledges by area of focus" not in pdf_text(deferred["mirps-pledges-en.pdf"]())  # the list: no chart
    assert zip_names() == ["README.txt", "pledges.csv"]  # the filtered pledges, exported below every section
    open_section(at, "pledges_section", "charts")
    assert "Pledges by area of focus" in pdf_text(deferred["mirps-pledges-en.pdf"]())
    names = zip_names()
    counts = [name for name in names if name.startswith("pledges_by_")]
    assert {"README.txt", "pledges.csv"} < set(names) and len(counts) == len(chart_alts(at)) >= 3
    # every bar chart is named for a screen reader by its sentence
    assert all(alt and alt.startswith("Pledges by") for alt in chart_alts(at))


@pytest.mark.parametrize("lang", ["es", "en"])
def test_an_office_is_its_id_in_the_url(sqlite_env: Path, lang: str) -> None:
    at = open_page("pages/arrivals.py", lang=lang, arrivals_section="office", arrivals_office="Tapachula")
    assert at.selectbox(key="arrivals_office").value == "tapachula"
    assert params(at)["arrivals_office"] == ["tapachula"]
    at.selectbox(key="arrivals_office").set_value("acayucan").run()
    assert params(at)["arrivals_office"] == ["acayucan"]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_release_is_a_choice_only_where_the_period_has_several(sqlite_env: Path, lang: str) -> None:
    """2022 has three releases with figures by office or state: each a radio button, the first picked. 2011 has
    one: no choice is drawn and the address names none, even when the link named another period's release."""
    at = open_page("pages/arrivals.py", lang=lang, arrivals_period="2022")
    releases = at.radio(key="arrivals_release")
    assert len(releases.options) == 3 and releases.value == "comar-press-006"
    assert "La Razón" in releases.options[0] and "En Cambio Diario" in releases.options[2]
    at.radio(key="arrivals_release").set_value("comar-press-026").run()
    assert params(at)["arrivals_release"] == ["comar-press-026"]
    at.segmented_control(key="arrivals_period_year").set_value(2011).run()
    assert not [radio for radio in at.radio if radio.key == "arrivals_release"]
    assert "arrivals_release" not in params(at)


@pytest.mark.parametrize(
    ("lang", "old"), [("es", "ene–may 2024"), ("en", "Jan–May 2024"), ("en", "ene–may 2024"), ("es", "2024-01_2024-05")]
)
def test_an_arrivals_period_is_its_code_and_an_old_label_still_works(sqlite_env: Path, lang: str, old: str) -> None:
    at = open_page("pages/arrivals.py", lang=lang, arrivals_period=old)
    assert at.segmented_control(key="arrivals_period_within").value == "2024-01_2024-05"
    assert at.segmented_control(key="arrivals_period_year").value == 2024
    assert params(at)["arrivals_period"] == ["2024-01_2024-05"]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_arrivals_period_is_chosen_by_year_then_within_the_year(sqlite_env: Path, lang: str) -> None:
    at = open_page("pages/arrivals.py", lang=lang)
    assert at.segmented_control(key="arrivals_period_year").value == 2024
    assert at.segmented_control(key="arrivals_period_within").value == "2024"  # the whole year first
    at.segmented_control(key="arrivals_period_year").set_value(2022).run()  # one click from 2024 back to 2022
    assert at.segmented_control(key="arrivals_period_within").value == "2022"
    assert params(at)["arrivals_period"] == ["2022"]
    within = at.segmented_control(key="arrivals_period_within")
    assert {"es": "ene–jun 2022", "en": "Jan–Jun 2022"}[lang] in within.options
    at.segmented_control(key="arrivals_period_within").set_value("2022-01_2022-06").run()
    assert params(at)["arrivals_period"] == ["2022-01_2022-06"]
    at.segmented_control(key="arrivals_period_year").set_value(2011).run()  # a year with one period: no choice
    assert params(at)["arrivals_period"] == ["2011"]
    assert not [s for s in at.segmented_control if s.key == "arrivals_period_within"]
