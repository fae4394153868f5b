"""Pledges explorer, pure functions: filters, search, counts, detail, indicator and export (frames built in code)."""

from __future__ import annotations

import datetime as dt
import io
import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from mirps_dash import pledges as pl
from mirps_dash import views
from mirps_dash.catalogue.pledges import TEXTS
from mirps_dash.charts import chart_values
from mirps_dash.ingest import read_table
from mirps_dash.schema import DATASETS
from mirps_dash.service import DATA_DIR
from mirps_dash.validate import validate_table

COLUMNS = DATASETS["pledges"].columns


def pledge(pledge_id: str, **values: object) -> dict:
    """One pledge row with every column; unspecified text empty, year and amount missing."""
    row: dict[str, object] = {c: "" for c in COLUMNS}
    row.update(
        pledge_id=pledge_id,
        area_of_focus="Protection capacity",
        status="Pledged",
        year=pd.NA,
        amount_usd=float("nan"),
        source="compiled-pledges",
    )
    row.update(values)
    return row


def frame_of(*rows: dict) -> pd.DataFrame:
    """A pledges frame with the store's dtypes."""
    frame = pd.DataFrame(list(rows), columns=COLUMNS)
    text = [c for c in COLUMNS if c not in ("year", "amount_usd")]
    return frame.astype({**dict.fromkeys(text, "str"), "year": "Int64", "amount_usd": "float64"})


SAMPLE = frame_of(
    pledge(
        "A",
        title_en="Health care for refugees",
        title_es="Atención de salud para personas refugiadas",
        submitting_entity="Ministry of Health",
        entity_type="State",
        area_of_focus="Health",
        forum="GRF 2019",
        year=2019,
        status="Fulfilled",
        beneficiary_location="Tapachula; Mexico City",
        pledge_type="Policy",
    ),
    pledge(
        "B",
        title_en="Schools",
        title_es="Escuelas y educación",
        description_en="Enrol children in school",
        submitting_entity="UNHCR",
        entity_type="UN agency",
        area_of_focus="Education",
        forum="GRF 2023",
        year=2023,
        status="In progress",
        beneficiary_location="Chiapas; Tabasco",
        amount_usd=1_000_000.0,
        pledge_type="Financial",
    ),
    pledge(
        "C",
        title_en="Jobs in Saltillo",
        title_es="Empleo en Saltillo",
        submitting_entity="Mabe",
        entity_type="Private sector",
        area_of_focus="Jobs and livelihoods",
        forum="measure",
        year=2021,
        beneficiary_location="Saltillo",
        amount_usd=50_000.0,
    ),
    pledge(
        "D",
        title_en="COMAR offices",
        title_es="Oficinas de la COMAR",
        submitting_entity="COMAR",
        entity_type="State",
        forum="MIRPS NAP",
        beneficiary_location="Mexico City",
    ),
)
PREPARED = pl.prepare_pledges(SAMPLE)


def ids(frame: pd.DataFrame) -> list[str]:
    return sorted(frame["pledge_id"])


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        (pl.PledgeSelection(), ["A", "B", "C", "D"]),
        (pl.PledgeSelection(area=("Education",)), ["B"]),
        (pl.PledgeSelection(area=("Education", "Health")), ["A", "B"]),
        (pl.PledgeSelection(entity_type=("State",)), ["A", "D"]),
        (pl.PledgeSelection(entity=("Mabe",)), ["C"]),
        (pl.PledgeSelection(pledge_type=("",)), ["C", "D"]),
        (pl.PledgeSelection(pledge_type=("Financial", "Policy")), ["A", "B"]),
        (pl.PledgeSelection(forum=("GRF 2019", "GRF 2023")), ["A", "B"]),
        (pl.PledgeSelection(year=(2021,)), ["C"]),
        (pl.PledgeSelection(year=(2019, 2023)), ["A", "B"]),
        (pl.PledgeSelection(status=("Pledged",)), ["C", "D"]),
        (pl.PledgeSelection(location=("Mexico City",)), ["A", "D"]),
        (pl.PledgeSelection(location=("Tabasco",)), ["B"]),
        (pl.PledgeSelection(location=("Mexico",)), []),  # a place is matched whole, not as a substring
        (pl.PledgeSelection(entity_type=("State",), status=("Fulfilled",)), ["A"]),
        (pl.PledgeSelection(area=("Education",), status=("Fulfilled",)), []),
    ],
)
def test_each_filter_keeps_only_matching_pledges(selection: pl.PledgeSelection, expected: list[str]) -> None:
    assert ids(pl.filter_pledges(PREPARED, selection)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("salud", ["A"]),  # Spanish title, and the Spanish name of the area "Health"
        ("SALUD", ["A"]),
        ("health", ["A"]),
        ("educacion", ["B"]),  # no accent typed, "educación" found
        ("EDUCACIÓN", ["B"]),
        ("school", ["B"]),  # English description
        ("unhcr", ["B"]),  # entity
        ("comar", ["D"]),
        ("empleo saltillo", ["C"]),  # every word must match
        ("empleo tapachula", []),
        ("capacidad de proteccion", ["D"]),  # Spanish name of the area
        ("cumplido", ["A"]),  # Spanish name of the status
        ("  ", ["A", "B", "C", "D"]),
        ("no-such-word", []),
    ],
)
def test_search_ignores_accents_and_case_in_both_languages(text: str, expected: list[str]) -> None:
    assert ids(pl.filter_pledges(PREPARED, pl.PledgeSelection(text=text))) == expected


def test_search_works_without_the_precomputed_column() -> None:
    assert ids(pl.filter_pledges(SAMPLE, pl.PledgeSelection(text="salud"))) == ["A"]


@pytest.mark.parametrize(("rows", "expected"), [([True, True, True, True], ["C"]), ([True, True, False, True], [])])
def test_search_looks_only_at_the_rows_asked(rows: list[bool], expected: list[str]) -> None:
    assert ids(PREPARED[pl.search_mask(PREPARED, "empleo", np.array(rows))]) == expected


def test_empty_pledge_type_is_not_searchable_as_not_specified() -> None:
    assert ids(pl.filter_pledges(PREPARED, pl.PledgeSelection(text="sin especificar"))) == []


@settings(max_examples=60, deadline=None)
@given(
    area=st.sets(st.sampled_from(["Health", "Education", "Jobs and livelihoods", "Protection capacity"])),
    status=st.sets(st.sampled_from(["Pledged", "Fulfilled", "In progress"])),
    text=st.sampled_from(["", "salud", "comar", "e"]),
)
def test_filters_narrow_and_are_the_intersection_of_each_filter(area: set, status: set, text: str) -> None:
    both = pl.filter_pledges(PREPARED, pl.PledgeSelection(area=tuple(area), status=tuple(status), text=text))
    by_area = set(pl.filter_pledges(PREPARED, pl.PledgeSelection(area=tuple(area)))["pledge_id"])
    by_status = set(pl.filter_pledges(PREPARED, pl.PledgeSelection(status=tuple(status)))["pledge_id"])
    by_text = set(pl.filter_pledges(PREPARED, pl.PledgeSelection(text=text))["pledge_id"])
    assert set(both["pledge_id"]) == by_area & by_status & by_text


def test_filter_options_come_from_the_data_in_the_compacts_order() -> None:
    options = pl.filter_options(SAMPLE)
    assert options["area"] == ["Education", "Jobs and livelihoods", "Protection capacity", "Health"]
    assert options["status"] == ["Pledged", "In progress", "Fulfilled"]
    assert options["year"] == [2023, 2021, 2019]
    assert options["location"] == ["Chiapas", "Mexico City", "Saltillo", "Tabasco", "Tapachula"]
    assert options["pledge_type"] == ["Financial", "Policy", ""]


@pytest.mark.parametrize(
    ("column", "value", "lang", "expected"),
    [
        ("area_of_focus", "Health", "es", "Salud"),
        ("area_of_focus", "Health", "en", "Health"),
        ("area_of_focus", "Education", "es", "Educación"),
        ("status", "Pledged", "es", "Comprometido"),
        ("entity_type", "UN agency", "es", "Agencia de la ONU"),
        ("entity_type", "Cooperative", "es", "Cooperative"),  # unknown values are shown as stored
        ("pledge_type", "", "es", "Sin especificar"),
        ("pledge_type", "", "en", "Not specified"),
        ("year", 2019, "es", "2019"),
        ("year", pd.NA, "en", "Not specified"),
        ("submitting_entity", "<b>x</b>", "en", "<b>x</b>"),
    ],
)
def test_value_labels(column: str, value: object, lang: str, expected: str) -> None:
    assert pl.value_label(column, value, lang) == expected


def test_counts_by_area_most_first_with_translated_labels() -> None:
    counts = pl.count_by(
        frame_of(
            pledge("1", area_of_focus="Education"),
            pledge("2", area_of_focus="Education"),
            pledge("3", area_of_focus="Health"),
        ),
        "area_of_focus",
        "es",
    )
    assert counts.to_dict("records") == [
        {"value": "Education", "label": "Educación", "pledges": 2},
        {"value": "Health", "label": "Salud", "pledges": 1},
    ]


def test_count_chart_labels_are_text_as_published() -> None:
    """ECharts draws strings as text: the label is kept as it is (escaped, it would show '&lt;img'), and no
    template of the option reads it."""
    payload = frame_of(pledge("X", entity_type="<img src=x onerror=alert(1)>"))
    option = views.make_count_chart(pl.count_by(payload, "entity_type", "en"), "<script>alert(2)</script>")
    assert option["yAxis"]["data"] == ["<img src=x onerror=alert(1)>"] and "&lt;" not in json.dumps(option)
    assert option["title"]["text"] == "<script>alert(2)</script>" and "formatter" not in json.dumps(option)


@pytest.mark.parametrize(
    ("selected", "expected"),
    [
        ([{"index": 1}], ["Health"]),
        ([{"index": 0}, {"index": 0}], ["Education"]),
        ([{"index": 0}, {"index": 1}], ["Education", "Health"]),
        ([{"index": 7}], []),  # a selection kept from bars the chart no longer has
        ([{"_vgsid_": 1}], []),
        ([], []),
    ],
)
def test_a_clicked_bar_gives_its_value(selected: list[dict], expected: list[str]) -> None:
    assert pl.picked_values(selected, ["Education", "Health"]) == expected


def test_amounts_are_counted_and_listed_one_per_pledge_never_summed() -> None:
    assert pl.amount_summary(SAMPLE) == (2, 2)
    listed = pl.amounts_frame(SAMPLE, "en")
    assert list(listed["pledge_id"]) == ["B", "C"]
    assert list(listed["amount_usd"]) == [1_000_000.0, 50_000.0]
    assert 1_050_000.0 not in listed.to_numpy()


def test_table_shows_the_title_in_the_readers_language_and_falls_back() -> None:
    frame = frame_of(pledge("1", title_en="Only English", title_es=""), pledge("2", title_en="Jobs", title_es="Empleo"))
    assert list(pl.table_frame(frame, "es")["title"]) == ["Only English", "Empleo"]
    assert list(pl.table_frame(frame, "en")["title"]) == ["Only English", "Jobs"]
    assert list(pl.table_frame(frame, "es").columns) == list(pl.TABLE_COLUMNS)


def test_an_opened_pledge_is_titled_as_the_list_titles_it_in_either_language() -> None:
    from mirps_dash.views import pledge_detail

    frame = frame_of(pledge("1", title_en="", title_es="Solo en español"), pledge("2", title_en="Jobs", title_es=""))
    no_indicators = pd.DataFrame(columns=["indicator", "value"])
    for lang in ("es", "en"):
        detail = pledge_detail(frame, no_indicators, "1", lang)
        assert detail is not None and detail.title == "Solo en español"
        detail = pledge_detail(frame, no_indicators, "2", lang)
        assert detail is not None and detail.title == "Jobs"


def test_detail_lists_every_field_with_labels() -> None:
    fields = dict(pl.detail_fields(SAMPLE.iloc[1], "es"))
    assert len(fields) == len(pl.DETAIL_FIELDS) == len(COLUMNS)
    assert fields["Área de enfoque"] == "Educación"
    assert fields["Monto (USD)"] == "USD 1,000,000"
    assert dict(pl.detail_fields(SAMPLE.iloc[0], "en"))["Amount (USD)"] == "No amount"


@pytest.mark.parametrize(
    ("title", "url", "expected"),
    [
        ("Page", "https://example.org/a", [("Page", "https://example.org/a")]),
        ("A ; B", "https://a.org/x ; http://b.org/y", [("A", "https://a.org/x"), ("B", "http://b.org/y")]),
        (
            "One title",
            "https://a.org/x ; http://b.org/y",
            [("One title", "https://a.org/x"), ("One title", "http://b.org/y")],
        ),
        ("", "https://a.org/wiki/Foo_(bar)", [("https://a.org/wiki/Foo_(bar)", "https://a.org/wiki/Foo_%28bar%29")]),
        ("x", "javascript:alert(1)", []),
        ("x", 'https://a.org/"><script>', []),
        ("x", "", []),
    ],
)
def test_only_plain_http_links_are_linked(title: str, url: str, expected: list[tuple[str, str]]) -> None:
    assert pl.source_links(pd.Series({"source_title": title, "source_url": url})) == expected


@pytest.mark.parametrize(
    ("area", "kind"),
    [
        ("Protection capacity", "claims_decisions"),
        ("Jobs and livelihoods", "labour_relocations"),
        ("Solutions", "refugees"),
        ("Burden and responsibility sharing", "population"),
        ("Education", None),
        ("Health", None),
    ],
)
def test_each_area_points_at_the_indicator_it_should_move(area: str, kind: str | None) -> None:
    assert pl.indicator_kind(area) == kind


def test_protection_capacity_indicator_is_unhcr_claims_and_decisions_per_year(seeded_store) -> None:
    frame = pl.indicator_frame("claims_decisions", seeded_store.load("claims"), seeded_store.load("refugees"))
    claims = frame[frame["series"] == "claims"].set_index("year")["value"]
    assert (claims[2018], claims[2019], claims[2023]) == (29_609, 70_363, 140_979)
    assert set(frame["series"]) == {"claims", "decisions_total"}
    figure = views.make_indicator_chart(frame, "en", 2019, "Asylum claims")
    assert list(chart_values(figure)) == ["Claims", "Decisions"]
    assert chart_values(figure)["Claims"]["2019"] == 70_363


def test_labour_relocations_figure(seeded_store) -> None:
    figure = pl.single_indicator(seeded_store.load("indicators"), "labour_relocations")
    assert (figure["value"], figure["period_end"], figure["source"]) == (3833, "2019-10-15", "unhcr-gcr-mexico-2020")


@pytest.mark.parametrize(
    ("selection", "lang", "expected"),
    [
        (pl.PledgeSelection(), "en", "none (every pledge)"),
        (pl.PledgeSelection(area=("Health",), text="salud"), "es", "Área de enfoque = Salud; Buscar = “salud”"),
        (pl.PledgeSelection(year=(2019, 2023), status=("Pledged",)), "en", "Year = 2019, 2023; Status = Pledged"),
    ],
)
def test_selection_in_words(selection: pl.PledgeSelection, lang: str, expected: str) -> None:
    assert pl.describe_selection(selection, lang) == expected


NOW = dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC)
SOURCE = {"publisher": "mirps-dash", "title": "Pledges (compiled table)", "as_of": "2026-11-27"}


def evil_frame() -> pd.DataFrame:
    return frame_of(
        pledge(
            "E",
            title_en='=HYPERLINK("http://x")',
            title_es="+1",
            description_en="-2",
            submitting_entity="@SUM(A1)",
            area_of_focus="Health",
        )
    )


def test_csv_export_starts_with_its_header_guards_formulas_and_uploads_again() -> None:
    notes = pl.export_notes(pl.PledgeSelection(area=("Health",), text="=cmd"), 1, 88, SOURCE, "en", 7, NOW)
    data = pl.export_file("csv", evil_frame(), notes)
    text = data.decode("utf-8-sig")
    assert text.startswith(
        "pledge_id,title_en,title_es,description_en,submitting_entity,entity_type,entity_type (code),"
    )
    assert "Source:" not in text and "Filters:" not in text  # the notes go to the about sheet and the ZIP's README
    assert "'=HYPERLINK" in text and ",'+1," in text and ",'-2," in text and "'@SUM(A1)" in text
    report = validate_table("pledges", read_table("pledges", data))
    assert report.ok, report.errors[:3]
    assert report.frame.iloc[0]["title_en"] == '=HYPERLINK("http://x")'


def test_xlsx_export_has_no_formula_cells_and_an_about_sheet() -> None:
    notes = pl.export_notes(pl.PledgeSelection(text="=1+1"), 1, 1, SOURCE, "es", 7, NOW, "http://host/pledges?x=1")
    workbook = load_workbook(io.BytesIO(pl.export_file("xlsx", evil_frame(), notes, "es")))
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert not [cell for cell in cells if cell.data_type == "f"]
    assert workbook["pledges"]["B1"].value == "Título en inglés"
    assert workbook["pledges"]["B2"].value == '\'=HYPERLINK("http://x")'
    about = [row[0] for row in workbook["about"].iter_rows(values_only=True)]
    assert about[0].startswith("Fuente: mirps-dash") and about[1] == "Licencia: no indicada"
    assert "Buscar = “=1+1”" in about[3] and "versión de datos 7" in about[4]
    assert about[-1] == "Enlace a esta vista: http://host/pledges?x=1"


def test_shipped_pledges_export_keeps_every_column_and_row() -> None:
    shipped = validate_table("pledges", read_table("pledges", (DATA_DIR / "pledges.csv").read_bytes())).frame
    exported = pl.export_frame(shipped)
    named = [column for column in exported.columns if not column.endswith(" (code)")]
    assert named == DATASETS["pledges"].template_columns and len(exported) == 88


def test_every_pledges_text_exists_in_both_languages() -> None:
    assert all(set(texts) == {"es", "en"} and all(texts.values()) for texts in TEXTS.values())
    needed = {f"pl_field_{c}" for c in pl.DETAIL_FIELDS} | {f"pl_filter_{n}" for n in pl.FILTER_COLUMNS}
    needed |= {
        f"pl_value_area:{a}"
        for a in DATASETS["pledges"].model.to_schema().columns["area_of_focus"].checks[0].statistics["allowed_values"]
    }
    needed |= {f"pl_ind_{kind}" for kind in pl.AREA_INDICATORS.values()}
    assert needed <= set(TEXTS)


@pytest.mark.parametrize(("source_id", "expected"), [("compiled-pledges", "mirps-dash"), ("missing", None)])
def test_source_record(source_id: str, expected: str | None) -> None:
    sources = pd.DataFrame({"source_id": ["compiled-pledges"], "publisher": ["mirps-dash"]})
    assert pl.source_record(sources, source_id).get("publisher") == expected


def test_facets_count_under_every_other_filter_and_the_search() -> None:
    selection = pl.PledgeSelection(area=("Health",), entity_type=("State",), text="salud")
    shown, facets = pl.filter_with_facets(PREPARED, selection)
    assert ids(shown) == ["A"]
    assert ids(PREPARED[facets["area"]]) == ["A"]  # the search still applies; only the area filter is left out
    assert ids(
        PREPARED[
            pl.filter_with_facets(PREPARED, pl.PledgeSelection(area=("Health",), entity_type=("State",)))[1]["area"]
        ]
    ) == ["A", "D"]
    assert ids(PREPARED[facets["status"]]) == ["A"]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_file_is_the_filtered_pledges_in_template_columns(file_format: str) -> None:
    data = pl.export_file(file_format, PREPARED.iloc[[0, 2]], ["Filters: x"])
    report = validate_table("pledges", read_table("pledges", data, "pledges" if file_format == "xlsx" else None))
    assert report.ok and sorted(report.frame["pledge_id"]) == ["A", "C"]
    assert pl.SEARCH_COLUMN not in report.frame


def test_fold_search_matches_codes_fold_on_latin_text() -> None:
    from mirps_dash.codes import fold

    for text in ["Educación", "SALUD", "Nuevo León", "Capacidad de protección", "10,000 personas", "<img src=x>"]:
        assert pl.fold_search(text) == fold(text)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_views_files_and_list_are_the_shown_pledges_made_when_read(lang: str) -> None:
    """The files, the amounts, the table and the list are made only when read: each is still the shown pledges."""
    from mirps_dash.export import made

    page = views.pledges_view(PREPARED, pl.PledgeSelection(area=("Health", "Education")), "src", lang)
    files = {file.name: made(file.frame) for file in page.files}
    pd.testing.assert_frame_equal(files["pledges.csv"], pl.export_frame(page.shown, lang))
    counts = files["pledges_by_status.csv"]
    assert counts.iloc[:, 0].tolist() == page.bars["status"][0]["value"].tolist() == ["In progress", "Fulfilled"]
    pd.testing.assert_frame_equal(page.table, pl.table_frame(page.shown, lang))
    pd.testing.assert_frame_equal(page.amounts, pl.amounts_frame(page.shown, lang))
    table = page.table.to_dict("records")
    assert [(line[0], line[1]) for line in page.list_page(0)] == [(row["pledge_id"], row["title"]) for row in table]
    assert page.list_page(0)[1][2].split(" · ")[2:4] == [table[1]["area_of_focus"], table[1]["status"]]
    assert page.list_page(1) == page.list_page(0)[1:]


def test_counts_tie_in_the_compacts_order_then_as_first_met() -> None:
    frame = frame_of(
        pledge("1", status="In progress", entity_type="UN agency"),
        pledge("2", status="Pledged", entity_type="State"),
        pledge("3", status="Fulfilled", entity_type="State"),
        pledge("4", status="Fulfilled", entity_type="UN agency"),
    )
    assert pl.count_by(frame, "status", "en")["value"].tolist() == ["Fulfilled", "Pledged", "In progress"]
    assert pl.count_by(frame, "entity_type", "en")["value"].tolist() == ["UN agency", "State"]
