"""Links: codes in the address and labels on the screen, in es and en; old links with labels; every page framed."""

from __future__ import annotations

import ast
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from mirps_dash.links import range_code, read_range, url_code, url_codes
from mirps_dash.service import DATA_DIR
from tests.shown_charts import open_table_views

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
    at = open_page("pages/trends.py", lang=lang, trends_nations=nation, trends_rate=rate)
    assert at.multiselect(key="trends_nations").value == ["HTI"]
    assert at.segmented_control(key="trends_rate").value == "protection_rate"
    assert params(at)["trends_nations"] == ["hti"] and params(at)["trends_rate"] == ["protection_rate"]
    other = "en" if lang == "es" else "es"
    at.radio(key="app_lang").set_value(other).run()
    assert params(at)["trends_nations"] == ["hti"] and at.multiselect(key="trends_nations").value == ["HTI"]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_an_office_is_its_id_in_the_url(sqlite_env: Path, lang: str) -> None:
    at = open_page("pages/arrivals.py", lang=lang, arrivals_office="Tapachula")
    assert at.selectbox(key="arrivals_office").value == "tapachula"
    assert params(at)["arrivals_office"] == ["tapachula"]
    at.selectbox(key="arrivals_office").set_value("acayucan").run()
    assert params(at)["arrivals_office"] == ["acayucan"]


@pytest.mark.parametrize(
    ("lang", "old"), [("es", "ene–may 2024"), ("en", "Jan–May 2024"), ("en", "ene–may 2024"), ("es", "2024-01_2024-05")]
)
def test_an_arrivals_period_is_its_code_and_an_old_label_still_works(sqlite_env: Path, lang: str, old: str) -> None:
    at = open_page("pages/arrivals.py", lang=lang, arrivals_period=old)
    assert at.select_slider(key="arrivals_period").value == "2024-01_2024-05"
    assert at.segmented_control(key="arrivals_period_year").value == 2024
    assert params(at)["arrivals_period"] == ["2024-01_2024-05"]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_arrivals_period_is_chosen_by_year_then_within_the_year(sqlite_env: Path, lang: str) -> None:
    at = open_page("pages/arrivals.py", lang=lang)
    assert at.segmented_control(key="arrivals_period_year").value == 2024
    assert at.select_slider(key="arrivals_period").value == "2024"  # the whole year first
    at.segmented_control(key="arrivals_period_year").set_value(2022).run()  # one click from 2024 back to 2022
    assert at.select_slider(key="arrivals_period").value == "2022"
    assert params(at)["arrivals_period"] == ["2022"]
    assert {"es": "ene–jun 2022", "en": "Jan–Jun 2022"}[lang] in at.select_slider(key="arrivals_period").options
    at.select_slider(key="arrivals_period").set_value("2022-01_2022-06").run()
    assert params(at)["arrivals_period"] == ["2022-01_2022-06"]
    at.segmented_control(key="arrivals_period_year").set_value(2011).run()  # a year with one period: no slider
    assert params(at)["arrivals_period"] == ["2011"]
    assert not [s for s in at.select_slider if s.key == "arrivals_period"]
