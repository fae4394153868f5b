"""The bench's tools behave: synthetic data is valid and labelled, the protocol client drives a real server.

Behaviour only; the bench's timings live in BENCHMARKS.md, never in assertions.
"""

from __future__ import annotations

import random
from pathlib import Path

import pandas as pd
import pytest

# Streamlit internal: the load generator reads and writes Streamlit's protobuf messages
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.NumberInput_pb2 import NumberInput
from streamlit.proto.WidgetStates_pb2 import WidgetState

from bench import servers
from bench.loadgen import Session, StepResult, Widget, knee, new_value, percentile, pick_filter, widget_from_element
from bench.synthetic import (
    SYNTHETIC_SOURCE_ID,
    claims_canonical,
    claims_template,
    pledges_canonical,
    sources_csv_bytes,
    sources_with_synthetic,
)
from mirps_dash.ingest import read_table
from mirps_dash.schema import DATASETS
from mirps_dash.validate import validate_table
from tests.browser import run_coroutine

ROOT = Path(__file__).resolve().parents[1]


def shipped(name: str) -> pd.DataFrame:
    report = validate_table(name, read_table(name, (ROOT / "data" / f"{name}.csv").read_bytes()))
    assert report.ok
    return report.frame


def test_synthetic_claims_are_one_row_per_month_office_nationality_sex_and_age() -> None:
    frame = claims_template(years=1, nationalities=2)
    assert len(frame) == 12 * len(shipped("offices")) * 2 * 2 * 5
    assert not frame.duplicated(["period", "office", "nationality", "sex", "age_group"]).any()
    assert set(frame["source"]) == {SYNTHETIC_SOURCE_ID}


def test_synthetic_claims_file_passes_validation_and_matches_the_canonical_form() -> None:
    template = claims_template(years=1, nationalities=3)
    data = template.to_csv(index=False).encode()
    sources = sources_with_synthetic(shipped("sources"))
    report = validate_table("claims", read_table("claims", data), offices=shipped("offices"), sources=sources)
    assert report.ok, report.errors[:3]
    pd.testing.assert_frame_equal(report.frame, claims_canonical(template))


def test_synthetic_source_says_it_is_synthetic() -> None:
    report = validate_table("sources", read_table("sources", sources_csv_bytes()))
    assert report.ok
    assert "SYNTHETIC" in report.frame.loc[0, "title"]


def test_synthetic_pledges_pass_the_model_and_are_marked() -> None:
    frame = pledges_canonical(200)
    DATASETS["pledges"].model.validate(frame)
    assert frame["pledge_id"].is_unique
    assert frame["title_en"].str.startswith("[synthetic]").all()


@pytest.mark.parametrize(
    ("widget", "field"),
    [
        (Widget("$$ID-a-pledges_area", "selectbox", ["x", "y", "z"]), "string_value"),
        (Widget("$$ID-a-trends_view", "radio", ["x", "y"]), "string_value"),
        (Widget("$$ID-a-pledges_status", "multiselect", ["x", "y", "z"]), "string_array_value"),
        (Widget("$$ID-a-arrivals_period", "select_slider", ["2019", "2020", "2021"], width=2), "string_array_value"),
        (Widget("$$ID-a-trends_years", "slider", bounds=(2000.0, 2025.0, 1.0), width=2), "double_array_value"),
        (Widget("$$ID-a-trends_top", "number_input", bounds=(1, 12, 1)), "int_value"),
        (Widget("$$ID-a-pledges_open", "checkbox"), "bool_value"),
        (Widget("$$ID-a-pledges_query", "text_input"), "string_value"),
    ],
)
def test_new_value_gives_each_widget_kind_a_value_of_its_own_type(widget: Widget, field: str) -> None:
    state = new_value(widget, random.Random(1), None)
    assert state.id == widget.id
    assert state.WhichOneof("value") == field


def test_new_value_changes_a_selectbox_to_another_option() -> None:
    widget = Widget("$$ID-a-k", "selectbox", ["x", "y"])
    assert new_value(widget, random.Random(1), WidgetState(id=widget.id, string_value="x")).string_value == "y"


def test_a_number_input_gets_another_whole_number_in_its_bounds() -> None:
    widget = Widget("$$ID-a-trends_top", "number_input", bounds=(1, 3, 1))
    now = WidgetState(id=widget.id, int_value=2)
    assert {new_value(widget, random.Random(seed), now).int_value for seed in range(30)} == {1, 3}


def test_only_a_bounded_whole_number_input_is_a_filter_to_drive() -> None:
    bounded, open_ended = Element(), Element()
    bounded.number_input.CopyFrom(NumberInput(id="$$ID-a-trends_top", has_min=True, has_max=True, min=1, max=12))
    open_ended.number_input.CopyFrom(NumberInput(id="$$ID-a-amount", has_min=True, min=0))
    assert widget_from_element(bounded) == Widget("$$ID-a-trends_top", "number_input", bounds=(1, 12, 1))
    assert widget_from_element(open_ended) is None


def test_range_values_stay_in_order_and_in_bounds() -> None:
    widget = Widget("$$ID-a-k", "slider", bounds=(2000.0, 2025.0, 1.0), width=2)
    for seed in range(20):
        low, high = new_value(widget, random.Random(seed), None).double_array_value.data
        assert 2000 <= low <= high <= 2025


def test_widget_from_element_reads_a_selectbox_and_ignores_text() -> None:
    element = Element()
    element.selectbox.id = "$$ID-abc-pledges_area"
    element.selectbox.options.extend(["Education", "Health"])
    widget = widget_from_element(element)
    assert (widget.kind, widget.options, widget.key) == ("selectbox", ["Education", "Health"], "pledges_area")
    text = Element()
    text.markdown.body = "hola"
    assert widget_from_element(text) is None


def test_pick_filter_prefers_page_widgets_over_the_language_switch() -> None:
    language = Widget("$$ID-a-app_lang", "radio", ["Español", "English"])
    area = Widget("$$ID-b-pledges_area", "selectbox", ["x"])
    assert all(pick_filter({w.id: w for w in (language, area)}, random.Random(s)) is area for s in range(10))
    assert pick_filter({language.id: language}, random.Random(0)) is language
    assert pick_filter({}, random.Random(0)) is None


def test_pick_filter_leaves_play_switches_alone() -> None:
    play = Widget("$$ID-a-arrivals_playing", "checkbox")
    period = Widget("$$ID-b-arrivals_period", "select_slider", ["2019", "2020"])
    assert all(pick_filter({w.id: w for w in (play, period)}, random.Random(s)) is period for s in range(10))
    assert pick_filter({play.id: play}, random.Random(0)) is None


@pytest.mark.parametrize(
    ("steps", "expected"),
    [
        ([(10, 0, 0.2), (25, 0, 0.5), (50, 0, 1.4)], 25),
        ([(10, 0, 0.2), (25, 1, 0.3), (50, 0, 0.4)], 10),  # a failed session breaks the ramp
        ([(10, 0, 1.5)], 0),
        ([(10, 0, 0.1), (25, 0, 0.2)], 25),
    ],
)
def test_knee_is_the_largest_clean_step_before_the_first_bad_one(steps, expected: int) -> None:
    results = []
    for sessions, failures, p95 in steps:
        step = StepResult(sessions, reruns=[p95] * 20, failures=failures, attempts=40)
        results.append(step)
    assert knee(results) == expected


@pytest.mark.parametrize(("values", "q", "expected"), [([1, 2, 3, 4, 5], 50, 3), ([1, 2], 50, 1.5), ([7], 95, 7)])
def test_percentile_interpolates(values: list[float], q: float, expected: float) -> None:
    assert percentile(values, q) == expected


@pytest.mark.slow
def test_protocol_client_opens_the_bare_app_and_changes_its_filter(tmp_path: Path) -> None:
    server = servers.start(ROOT / "bench" / "bare_app.py", ROOT, tmp_path)

    async def drive() -> tuple:
        session = Session(server.url, seed=3)
        await session.connect()
        opened = await session.open()
        widgets = dict(session.widgets)
        changed = await session.change_filter()
        texts = [str(element) for element in session.elements]
        await session.close()
        return opened, widgets, changed, texts, session.states

    try:
        opened, widgets, changed, texts, states = run_coroutine(drive())
    finally:
        server.stop()
    assert opened.ok and changed.ok
    assert [w.key for w in widgets.values()] == ["bare_choice"]
    picked = next(iter(states.values())).string_value
    assert picked in ("b", "c", "d")  # a new value, not the default "a"
    assert any(f"You picked {picked}." in text for text in texts)


def messy_claims_file() -> bytes:
    """A synthetic claims file with the problems validation must name: wrong state, unknown office, bad count."""
    template = claims_template(years=1, nationalities=2)
    template.loc[3, "state"] = "05"  # an office placed in another state
    template.loc[7, "office"] = "atlantis"
    template.loc[9, "claims"] = "-4"
    template.loc[11, "state"] = "_T"  # filled from the office
    template.loc[12, "note"] = "call +52 55 1234 5678"
    return template.to_csv(index=False).encode()


@pytest.mark.parametrize(
    "data",
    [
        messy_claims_file(),
        claims_template(years=1, nationalities=2).to_csv(index=False).encode(),
        b"period,claims,source\n2024,1,unhcr-stats\n2024,2\n",
        b"period,claims,source\n\n2024,5,x\n",
    ],
)
def test_the_c_parser_path_gives_the_same_table_and_report_as_the_csv_module(
    data: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mirps_dash import ingest
    from mirps_dash.validate import validate_table as check

    offices, sources = shipped("offices"), sources_with_synthetic(shipped("sources"))
    fast = read_table("claims", data)
    with monkeypatch.context() as patch:
        patch.setattr(ingest, "read_csv_cells", lambda *args: None)
        slow = read_table("claims", data)
    pd.testing.assert_frame_equal(slow.frame, fast.frame)
    assert (slow.rows, slow.problems) == (fast.rows, fast.problems)
    expected = check("claims", slow, offices=offices, sources=sources)
    got = check("claims", fast, offices=offices, sources=sources)
    pd.testing.assert_frame_equal(expected.frame, got.frame)
    assert [(p.row, p.column, p.value, p.code, p.params) for p in expected.problems] == [
        (p.row, p.column, p.value, p.code, p.params) for p in got.problems
    ]


def test_the_abuse_section_keeps_before_and_after_rows_of_one_run() -> None:
    """`make bench` step (9) returns the old code, this code with the guard off and asgi.py: each gets its rows."""
    from bench.abuse_bench import LABELS, abuse_section

    def wipe(p95: float, sent: int) -> dict:
        figures = {"sessions": 20, "p50_rerun_s": p95 / 2, "p95_rerun_s": p95, "runs_per_min": 100}
        return {**figures, "clear_cache_sent": sent, "rss_before_mb": 70, "rss_peak_mb": 300}

    flood = {"statuses": {"204": 40}, "seconds": 9.0, "rss_before_mb": 70, "rss_after_flood_mb": 1200}
    flood["rss_20s_after_close_mb"] = 1200  # figures made up for the layout only
    run = {
        "before": {"baseline": wipe(2.0, 0), "cache_wipe": wipe(30.0, 300), "upload_flood": flood},
        "unguarded": {"cache_wipe": wipe(0.7, 300), "upload_flood": flood},
        "after": {"baseline": wipe(2.0, 0), "cache_wipe": wipe(2.5, 300), "upload_flood": flood},
    }
    text = "\n".join(abuse_section(run))
    for label in LABELS.values():
        assert f"| {label}, clear_cache 10/s | " in text and f"| {label} | 40 x 204 |" in text
    assert f"| {LABELS['before']}, no attack | 1.00 s | 2.00 s |" in text


@pytest.mark.parametrize(
    ("value", "base", "expected"),
    [
        (3.0, 2.0, "3.00 s (1.50x bare)"),
        (None, 2.0, "n/a"),
        (3.0, None, "3.00 s (n/a bare)"),
        (1.0, 0.0, "1.00 s (n/a bare)"),
    ],
)
def test_a_figure_shows_its_ratio_to_the_baseline_of_its_own_run(value, base, expected: str) -> None:
    from bench.report import sec, with_ratio

    assert with_ratio(value, base, sec, "bare") == expected


def small_results() -> dict:
    """The figures of a made-up run, for the report's layout only."""

    def browser(seconds: float, cold: int, charts: int) -> dict:
        figures = {"first_render_s": seconds, "cold_http_bytes": cold, "cold_ws_bytes": 0, "cold_gzip_bytes": cold // 3}
        return {**figures, "warm_http_bytes": 1000, "warm_ws_bytes": 1000, "charts": charts, "largest": []}

    def ramp(knee: int) -> dict:
        step = {"sessions": knee, "p95_load_s": 0.1, "p95_rerun_s": 0.1, "p50_rerun_s": 0.05, "reruns": 10}
        step |= {"success_pct": 100.0, "rss_after_mb": 80}
        return {"knee": knee, "idle_rss_mb": 70, "rss_per_session_mb": 0.1, "steps": [step]}

    return {
        "pages": ["trends"],
        "meta": {"commit": "abc1234", "load_average_start_end": "1.0 / 1.0", "bench_seconds": 60.0},
        "browser": {"shipped": {"bare": browser(2.0, 2_800_000, 0), "trends": browser(2.5, 7_000_000, 5)}},
        "capacity": {"bare": ramp(125), "trends": ramp(100)},
        "after_publish": {"sqlite": {"first_rerun_s": 0.6, "steady_rerun_s": 0.2, "load_s": 1.0, "per_page": {}}},
    }


def test_the_issue_13_table_shows_before_and_after_each_with_its_ratio_to_the_bare_app_of_its_own_run() -> None:
    from bench.report import issue13_rows, load_before

    rows = {row[0]: row for row in issue13_rows(small_results(), load_before())}
    render = rows["first render trends, cold browser (5 charts)"]
    assert render[2:] == ("8.06 s (2.89x bare)", "2.50 s (1.25x bare)", "0.31x", "**met**")
    assert rows["first-visit bytes trends, uncompressed"][3:] == ("7000 KB (2.50x bare)", "0.74x", "**not met**")
    assert rows["capacity knee trends, random filter values"][2:] == (
        "25 (0.25x bare)",
        "100 (0.80x bare)",
        "4.00x",
        "**met**",
    )
    publish = rows["first rerun of a replica after a publish, 100x, sqlite"]
    assert publish[2:] == ("not measured", "0.60 s (3.00x steady rerun)", "", "**met**")


def test_the_report_names_the_before_run_as_another_run() -> None:
    from bench.report import render

    _, markdown = render(small_results())
    assert "## Issue 13: before and after" in markdown
    assert "| figure | goal | before (85b8d66, another run) | after (this run) |" in markdown


def test_the_report_shows_each_chart_pages_first_render_without_the_preloads_beside_with_them() -> None:
    from bench.report import render

    results = small_results()
    results["browser_no_preload"] = {
        "shipped": {"trends": {**results["browser"]["shipped"]["trends"], "first_render_s": 3.0}}
    }
    _, markdown = render(results)
    row = "| 4b first render trends (shipped) without the preloads (MIRPS_PRELOAD=off) | 3.00 s | with them 2.50 s | 0.83x |"
    assert row in markdown


def test_the_server_cpu_section_puts_each_page_beside_the_bare_app_and_prices_one_element_of_each_kind() -> None:
    from bench.cpu_bench import per_element_ms
    from bench.report import server_cpu_section

    runs = {
        "bare": {"open_ms": 3.0, "rerun_ms": 1.5, "open_messages": 5, "rerun_messages": 6},
        "pledges": {"open_ms": 15.0, "rerun_ms": 12.0, "open_messages": 61, "rerun_messages": 55},
    }
    none, markdown = {"rerun_ms": 1.5}, {"rerun_ms": 9.5}
    elements = {"added": 40, "kinds": {"none": none, "markdown": markdown | {"per_element_ms": 0.2}}}
    lines = server_cpu_section(runs, elements)

    assert per_element_ms(markdown, none, 40) == pytest.approx(0.2)
    assert "| pledges | 15.0 ms (5.00x bare) | 12.0 ms (8.00x bare) | 61 / 55 |" in lines
    assert "| markdown | 9.50 ms | 0.200 ms |" in lines
    assert server_cpu_section({}, {}) == []  # a run from before this step: no section


def test_the_element_app_draws_the_elements_it_is_asked_for() -> None:
    from streamlit.testing.v1 import AppTest

    for kind, count, found in (("markdown", 3, "markdown"), ("button", 2, "button"), ("multiselect", 2, "multiselect")):
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("BENCH_ELEMENT_KIND", kind)
            patch.setenv("BENCH_ELEMENT_COUNT", str(count))
            app = AppTest.from_file(str(ROOT / "bench" / "element_app.py")).run()
        assert not app.exception
        assert len(app.get(found)) == count + (1 if kind == "markdown" else 0)  # st.write's line is markdown too
