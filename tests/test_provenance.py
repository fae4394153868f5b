"""Provenance of the shipped figures: who produced each and who reported it, no opinion pieces, offices open when
their figures say so, rounded figures marked as such, cases kept as cases, stocks dated as stocks; and the store
migration that gives an older database the new columns."""

from __future__ import annotations

import re

import pandas as pd
import pytest
import sqlalchemy as sa

from mirps_dash import queries as q
from mirps_dash import store as store_module
from mirps_dash.export import to_csv_bytes, to_template
from mirps_dash.i18n import format_count
from mirps_dash.ingest import read_table
from mirps_dash.provenance import source_attribution
from mirps_dash.schema import DATASETS
from mirps_dash.store import Store, make_engine
from mirps_dash.validate import coerce, problems_frame, validate_table
from mirps_dash.views import about_tables
from tests.test_build_data import load_build_data, read_shipped

build = load_build_data()
FIGURE_COLUMNS = [
    "period_start",
    "period_end",
    "indicator",
    "dimension",
    "category",
    "value",
    "unit",
    "source_outlet",
    "source_date",
    "source_url",
    "note",
]


def press_row(outlet: str, value: int, note: str = "", **changes: str) -> dict[str, str]:
    """One row of comar_reported_figures.csv (a national claims figure for 2022 unless changed)."""
    row = {
        "period_start": "2022-01-01",
        "period_end": "2022-12-31",
        "indicator": "claims_registered",
        "dimension": "total",
        "category": "All",
        "value": str(value),
        "unit": "persons",
        "source_outlet": outlet,
        "source_date": "2023-01",
        "source_url": f"https://example.org/{outlet.replace(' ', '-')}",
        "note": note,
    }
    return {**row, **changes}


def figures(*rows: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=FIGURE_COLUMNS)


def source_of(claims: pd.DataFrame, value: int) -> pd.Series:
    """The sources.csv row of the one shipped claims row with this figure."""
    rows = claims[claims["claims"] == str(value)]
    assert len(rows) == 1, rows
    sources = read_shipped("sources").set_index("source_id")
    return sources.loc[rows["source"].iloc[0]]


# ---- 1. producer and outlet --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("outlet", "producer", "publisher"),
    [
        ("La Razón", "COMAR", "La Razón"),
        ("EFE via Prensa Libre", "COMAR", "EFE via Prensa Libre"),
        ("XEVT", "INM", "XEVT"),
        ("CNDH statement (reprinted by Bajo la Rosa)", "CNDH", "Bajo la Rosa"),
        ("Prensa Latina (citing ACNUR)", "UNHCR", "Prensa Latina"),
        ("La Jornada (citing Segob)", "Segob", "La Jornada"),
    ],
)
def test_a_press_source_names_the_body_that_produced_its_figures_and_the_outlet(outlet, producer, publisher):
    sources = build.build_sources(figures(press_row(outlet, 100)))
    press = sources[sources["source_id"] == "comar-press-001"].iloc[0]
    assert (press["producer"], press["publisher"]) == (producer, publisher)


def test_the_inm_figure_is_attributed_to_inm_not_comar():
    claims = read_shipped("claims")
    source = source_of(claims, 142145)  # Oct 2024-Jun 2025, 'attributed to INM statistics'
    assert (source["producer"], source["publisher"]) == ("INM", "XEVT")
    assert "INM" in claims.loc[claims["claims"] == "142145", "note"].iloc[0]


def test_every_shipped_source_names_a_producer_and_acnur_figures_are_unhcr_s():
    sources = read_shipped("sources")
    assert (sources["producer"] != "").all()
    cited = sources[sources["title"].str.contains("citing ACNUR")]
    assert len(cited) == 4 and (cited["producer"] == "UNHCR").all()
    assert not sources["publisher"].str.contains("as reported").any()  # the outlet alone, the body apart


@pytest.mark.parametrize(
    ("source", "lang", "expected"),
    [
        ({"publisher": "La Razón", "producer": "COMAR", "as_of": "2023-01"}, "en", "COMAR, via La Razón (2023-01)"),
        ({"publisher": "La Razón", "producer": "COMAR", "as_of": "2023-01"}, "es", "COMAR, vía La Razón (2023-01)"),
        ({"publisher": "XEVT", "producer": "INM", "as_of": "2025"}, "en", "INM, via XEVT (2025)"),
        ({"publisher": "Prensa Latina", "producer": "UNHCR", "as_of": "2022"}, "es", "ACNUR, vía Prensa Latina (2022)"),
        ({"publisher": "UNHCR", "producer": "UNHCR", "as_of": "2025-12-31"}, "en", "UNHCR (2025-12-31)"),
        ({"publisher": "UNHCR", "producer": "", "as_of": "2025-12-31"}, "es", "ACNUR (2025-12-31)"),
        ({"publisher": "UNHCR", "as_of": "2025-12-31"}, "en", "UNHCR (2025-12-31)"),  # a store without the column
    ],
)
def test_source_attribution_caption(source, lang, expected):
    assert source_attribution(source, lang) == expected


def test_about_names_who_produced_each_press_figure_and_who_reported_it():
    sources = pd.DataFrame(
        {
            "source_id": ["unhcr-stats", "comar-press-001", "comar-press-002"],
            "publisher": ["UNHCR", "La Razón", "XEVT"],
            "producer": ["UNHCR", "COMAR", "INM"],
            "title": ["Refugee Data Finder", "La Razón (2023-01)", "XEVT (2025)"],
            "url": ["", "https://a.example", "https://b.example"],
            "licence": ["CC BY 4.0", "", ""],
            "as_of": ["2025-12-31", "2023-01", "2025"],
            "note": ["", "", ""],
        }
    )
    tables = about_tables(sources, "en")
    assert tables.press.iloc[:, 1].tolist() == ["COMAR, via La Razón (2023-01)", "INM, via XEVT (2025)"]
    assert tables.sources.iloc[0, 0] == "UNHCR (2025-12-31)"


# ---- 2. opinion pieces -------------------------------------------------------------------------


def test_an_opinion_column_gives_no_figure_and_the_other_source_ids_stay():
    rows = figures(
        press_row("La Razón", 118478),
        press_row("La Jornada Aguascalientes (opinion column)", 104727),
        press_row("EFE", 119273),
    )
    claims = build.build_comar_claims(rows, build.comar_source_ids(rows))
    assert claims[["claims", "source"]].values.tolist() == [[118478, "comar-press-001"], [119273, "comar-press-003"]]
    assert "comar-press-002" not in set(build.build_sources(rows)["source_id"])


def test_no_shipped_figure_comes_from_an_opinion_piece():
    claims, sources = read_shipped("claims"), read_shipped("sources")
    assert not sources["title"].str.contains("opinion", case=False).any()
    assert not claims["note"].str.contains("opinion column").any()
    assert "104727" not in set(claims["claims"])  # the opinion column's 2022 total


# ---- 3. offices open when their figures say so --------------------------------------------------


def own_figures(claims: pd.DataFrame, office_id: str, state: str) -> pd.DataFrame:
    """Claims rows that are the office's own: its rows, or its state's where COMAR lists it by state name."""
    by_state = build.OFFICE_OF_STATE.get(state) == office_id
    return claims[
        (claims["office"] == office_id) | (by_state & (claims["office"] == "_T") & (claims["state"] == state))
    ]


def test_no_office_has_its_own_figure_before_it_opened_and_its_status_agrees():
    claims = read_shipped("claims")
    checked = 0
    for office in read_shipped("offices").itertuples():
        rows = own_figures(claims, office.office_id, office.state)
        if rows.empty:
            continue
        first_year = int(rows["period"].str[:4].min())
        if office.year_opened:
            ends = rows["period_end"].where(rows["period_end"] != "", rows["period"]).str[:4].astype(int)
            assert ends.min() >= int(office.year_opened), office.office_id
            assert first_year >= int(office.year_opened), office.office_id  # nor counted from before it opened
        if not office.status.startswith("operating before"):
            assert f"own figures from {first_year}" in office.status, office.office_id
            assert not re.fullmatch(r"(planned|announced) \d{4}", office.status), office.office_id
        checked += 1
    assert checked == 8  # cdmx, tapachula, acayucan, palenque, monterrey, tijuana, guadalajara, saltillo


@pytest.mark.parametrize(
    ("office_id", "status_starts"),
    [
        ("palenque", "announced 2019; opened 2021"),  # figures since January-April 2021, no longer "planned 2019"
        ("tijuana", "opened 2019"),  # its own figures for 2020 (and counted from 2019)
    ],
)
def test_office_status_of_offices_with_early_figures(office_id, status_starts):
    office = read_shipped("offices").set_index("office_id").loc[office_id]
    assert office["status"].startswith(status_starts)


def test_an_office_with_its_own_figures_in_a_year_is_never_drawn_as_not_yet_open():
    claims = read_shipped("claims")
    offices = read_shipped("offices").assign(year_opened=lambda f: pd.to_numeric(f["year_opened"]).astype("Int64"))
    for office in offices.itertuples():
        rows = own_figures(claims, office.office_id, office.state)
        for year in sorted(set(rows["period_end"].where(rows["period_end"] != "", rows["period"]).str[:4].astype(int))):
            no_figures = pd.DataFrame(columns=["level", "state", "office", "claims", "source", "summed", "share"])
            points = q.office_points(offices, no_figures, year)
            status = points.set_index("office_id").loc[office.office_id, "status"]
            assert status != "not_open", (office.office_id, year)


def test_building_offices_refuses_an_opening_year_after_the_office_s_own_figures():
    offices = pd.DataFrame(
        [
            {
                "office": "Tijuana",
                "city": "Tijuana",
                "state_cve_ent": "02",
                "state": "Baja California",
                "status": "opened 2019 / 2021",
                "year_opened_reported": "",
                "latitude": "32.5",
                "longitude": "-117.0",
                "coords_source": "",
                "geonameid": "",
                "notes": "x",
                "source_urls": "https://example.org",
            }
        ]
    )
    claims = pd.DataFrame({"period": ["2018"], "period_end": [""], "state": ["02"], "office": ["_T"]})
    with pytest.raises(ValueError, match="tijuana: own figures from 2018"):
        build.build_offices(offices, claims)


# ---- 4. approximate figures --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("note", "approx"),
    [
        ("cumulative 2019 to May 2024, stated as 'cerca de 14,418' by the head of the office", "about"),
        ("rounded as stated ('más de 559,000'), cumulative Jan 2019 to Sep 2024", "over"),
        ("stated as 'más de 58,800'; ACNUR: more than half lodged in Chiapas (share only)", "over"),
        ("stated as 'unas 31,894'", "about"),
        ("rounded as stated ('30 mil de enero a junio')", "about"),
        ("stated as 'casi 16,000'", "under"),
        ("Tapachula about 70% (share as stated)", ""),  # a share, not the figure
        ("'poco más de la mitad' of claims Jan-Apr 2024, as stated", ""),
        ("La Razón gives 3416; El Sol de Tijuana says about 3400", ""),  # another source's figure
        ("the same article also says 'más de 37 mil' so far this year", ""),
    ],
)
def test_approximation_is_read_from_the_figure_s_own_wording(note, approx):
    assert build.approximation(note) == approx


def test_every_shipped_figure_the_source_rounds_is_marked():
    claims = read_shipped("claims")
    quoted = re.compile(r"'(cerca de|más de|poco más de|unas|casi) ([\d.,]+)'")
    marked = 0
    for row in claims.itertuples():
        match = quoted.search(row.note)
        if match and re.sub(r"[.,]", "", match[2]) == row.claims:
            assert row.approx == {"cerca de": "about", "unas": "about", "casi": "under"}.get(match[1], "over"), row
            marked += 1
    assert marked == 5
    assert claims.loc[claims["source"] == "unhcr-gcr-mexico-2020"].set_index("claims").loc["29600", "approx"] == "about"
    assert set(claims["approx"]) == {"", "about", "over"}
    assert (read_shipped("claims").query("source == 'unhcr-stats'")["approx"] == "").all()


@pytest.mark.parametrize(
    ("value", "approx", "lang", "expected"),
    [
        (14418, "about", "en", "about 14,418"),
        (14418, "about", "es", "cerca de 14,418"),
        (58800, "over", "en", "over 58,800"),
        (58800, "over", "es", "más de 58,800"),
        (16000, "under", "es", "casi 16,000"),
        (140979, "", "en", "140,979"),
        (140979, None, "es", "140,979"),
        (None, "about", "en", "—"),
    ],
)
def test_format_count(value, approx, lang, expected):
    assert format_count(value, approx, lang) == expected


def test_an_upload_with_a_wrong_approximation_names_row_column_and_value():
    text = "period,claims,aproximación,source\n2022,100,cerca,unhcr-stats\n2023,200,about,unhcr-stats\n"
    report = validate_table("claims", read_table("claims", text.encode("utf-8")))
    assert [(p.row, p.column, p.value) for p in report.errors] == [(2, "approx", "cerca")]
    assert [message for message in problems_frame(report.errors, "es")["mensaje"]] != []


# ---- 5. and 6. cases and stocks ----------------------------------------------------------------


def test_a_figure_the_source_counts_in_casos_is_stored_in_cases():
    refugees = read_shipped("refugees")
    row = refugees[refugees["decisions_total"] == "31787"]
    assert row["unit"].tolist() == ["cases"]
    assert not ((refugees["unit"] == "persons") & (refugees["note"].str.contains(" casos'"))).any()


def test_the_june_2020_stock_is_dated_june_2020_not_january_to_june():
    refugees = read_shipped("refugees").query("source == 'unhcr-gcr-mexico-2020'")
    assert refugees[["period", "period_end", "refugees", "asylum_seekers"]].values.tolist() == [
        ["2020-06", "", "34946", "78619"]
    ]
    assert "pending" in refugees["note"].iloc[0] and "not claims lodged" in refugees["note"].iloc[0]


# ---- the store: an older database gets the new columns -----------------------------------------

NEW_COLUMNS = {"claims": ["approx"], "refugees": ["approx"], "indicators": ["approx"], "sources": ["producer"]}


def create_previous_schema(engine: sa.Engine) -> int:
    """The store's tables as they were before `approx` and `producer`, holding one claims version.

    The data tables come from schema.DATASETS (the store defines each on first use, so whether an earlier test
    touched one must not matter); the store's own tables from its metadata."""
    data = {f"data_{name}": store_module.data_tables[name] for name in DATASETS}  # every one defined, then dropped
    store_module.metadata.drop_all(engine)
    previous = sa.MetaData()
    own = [table for table in store_module.metadata.sorted_tables if table.name not in data]
    for table in [*own, *data.values()]:
        if table.name.removeprefix("data_") in NEW_COLUMNS:
            gone = NEW_COLUMNS[table.name.removeprefix("data_")]
            sa.Table(
                table.name,
                previous,
                *(
                    sa.Column(c.name, c.type, nullable=c.nullable, index=c.index)
                    for c in table.columns
                    if c.name not in gone
                ),
            )
        else:
            table.to_metadata(previous)
    previous.create_all(engine)
    old_claims = previous.tables["data_claims"]
    with engine.begin() as connection:
        version = connection.execute(
            store_module.versions_table.insert().values(
                dataset="claims",
                created_at=pd.Timestamp("2026-01-01", tz="UTC").to_pydatetime(),
                created_by="seed",
                row_count=1,
            )
        ).inserted_primary_key[0]
        connection.execute(
            store_module.current_table.insert().values(
                dataset="claims", version_id=version, updated_at=pd.Timestamp("2026-01-01", tz="UTC").to_pydatetime()
            )
        )
        connection.execute(
            old_claims.insert().values(
                version_id=version,
                period_start="2022-01-01",
                period_end="2022-12-31",
                state="_T",
                office="_T",
                nationality="_T",
                sex="_T",
                age_group="_T",
                claims=118478,
                unit="persons",
                source="comar-press-006",
                note="",
            )
        )
    return version


def test_an_older_store_gets_the_new_columns_and_its_rows_read_as_exact(store_url: str) -> None:
    engine = make_engine(store_url)
    try:
        version = create_previous_schema(engine)
        store = Store(engine)
        store.create_schema()
        store.create_schema()  # a second process starting later finds nothing to add
        columns = {c["name"] for c in sa.inspect(engine).get_columns("data_claims")}
        assert "approx" in columns
        assert "producer" in {c["name"] for c in sa.inspect(engine).get_columns("data_sources")}
        old = store.load("claims")
        assert old[["claims", "approx"]].values.tolist() == [[118478, ""]]
        rounded = coerce(DATASETS["claims"], old.assign(claims=14418, approx="about"))
        store.publish(
            "claims",
            pd.concat([old, rounded.assign(period_start="2019-01-01")]),
            by="ana",
            expected_version=version,
            file_name="new.csv",
        )
        assert store.load("claims")["approx"].tolist() == ["", "about"]
        exported = to_csv_bytes(to_template("claims", store.load("claims"))).decode("utf-8-sig").splitlines()
        assert exported[0].split(",")[8] == "approx"
        assert [line.split(",")[8] for line in exported[1:]] == ["", "about"]
    finally:
        engine.dispose()


# ---- About, in the app -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "header", "inm", "comar"),
    [
        ("en", "Figures from", "INM, via XEVT (2025)", "COMAR, via La Razón (2023-01)"),
        ("es", "Cifras de", "INM, vía XEVT (2025)", "COMAR, vía La Razón (2023-01)"),
    ],
)
def test_about_page_names_the_producer_and_the_outlet_of_each_press_report(sqlite_env, lang, header, inm, comar):
    from tests.markdown_tables import markdown_frames
    from tests.test_app import open_app

    at = open_app("pages/about.py", lang=lang)
    tables = markdown_frames([element.value for element in at.markdown])  # the tables as a reader reads them
    press = [table[header].tolist() for table in tables if header in table.columns][1]
    assert inm in press and comar in press
    assert not [name for name in press if "opinion" in name]
