"""(1) Server-side script time per page under AppTest, against a generated page with the same widgets.

Two passes of reruns in one process: the first meets most filter values for the first time (the page
computes its views), the second repeats the same choices (the views come from the cache, as on a server
that has served them to anyone before).

Before each timed rerun one page filter gets a new value (the same random choice the load generator
makes over the websocket). The floor is a script written here with the same widgets (kind, label,
options, key) and nothing else, driven the same way. Run as a subprocess per scale, because Streamlit's
caches are per process:  python -m bench.apptest_bench <scale> <sqlite path> <json out> [reruns]
"""

from __future__ import annotations

import json
import os
import random
import re
import sys
import tempfile
import time
from pathlib import Path

from bench.loadgen import Widget, new_value, percentile, pick_filter, widget_from_proto

PROTO_KINDS = {
    "Selectbox": "selectbox",
    "Radio": "radio",
    "MultiSelect": "multiselect",
    "Slider": "slider",
    "NumberInput": "number_input",
    "ButtonGroup": "button_group",
    "Checkbox": "checkbox",
    "TextInput": "text_input",
}


def page_paths(root: Path) -> list[str]:
    """pages/<name>.py of every page the frame navigates to, in its order."""
    return re.findall(r"st\.Page\(\s*\"(pages/[a-z_]+\.py)\"", (root / "app.py").read_text())


def drivable(at) -> list[tuple[object, Widget]]:
    """(AppTest node, Widget) for every widget of the last run that a filter change can drive."""
    # Streamlit internal: AppTest's element tree and run with given widget states are not public; the bench drives
    # any widget of a page by its proto, as the browser does
    from streamlit.testing.v1.element_tree import Widget as TestWidget

    found = []
    # Streamlit internal: AppTest's whole element tree (at._tree)
    for node in at._tree:
        proto = getattr(node, "proto", None)
        if not isinstance(node, TestWidget) or proto is None:
            continue
        kind = PROTO_KINDS.get(proto.DESCRIPTOR.name)
        widget = widget_from_proto(kind, proto) if kind else None
        if widget is not None:
            found.append((node, widget))
    return found


def change_and_run(at, rng: random.Random, timeout: float = 300) -> float:
    """Give one page filter a new value, rerun, and return the seconds the run took."""
    widgets = {widget.id: widget for _, widget in drivable(at)}
    # Streamlit internal: the widget states of the last run (at._tree), changed and sent back with at._run
    states = at._tree.get_widget_states()
    target = pick_filter(widgets, rng)
    if target is not None:
        current = next((s for s in states.widgets if s.id == target.id), None)
        changed = new_value(target, rng, current)
        kept = [s for s in states.widgets if s.id != target.id]
        del states.widgets[:]
        states.widgets.extend([*kept, changed])
    started = time.perf_counter()
    # Streamlit internal: AppTest runs with hand-made widget states only through at._run
    at._run(states, timeout=timeout)
    return time.perf_counter() - started


def compile_scripts_once() -> None:
    """Keep scripts compiled for the whole process, as a server does: its Runtime holds one ScriptCache for every
    session, while AppTest makes a new one per run and so compiled the page (and the floor) on every rerun, about
    1.5 ms a run for a dashboard page, which no server pays."""
    # Streamlit internal: ScriptCache keeps compiled scripts in its _cache dict, shared here by every instance
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache

    shared: dict = {}
    made = ScriptCache.__init__

    def init(self) -> None:
        made(self)
        self._cache = shared

    ScriptCache.__init__ = init  # type: ignore[method-assign]


def floor_script(at) -> str:
    """A script with the same widgets as the page's last run (kind, label, options, default, key), nothing else."""
    lines = [
        '"""Generated floor page: the same widgets as a dashboard page, and nothing else."""',
        "",
        "import streamlit as st",
        "",
    ]
    for node, widget in drivable(at):
        proto, key = node.proto, getattr(node, "key", None)
        label = proto.label or widget.kind
        if widget.kind in ("selectbox", "radio"):
            index = proto.default if proto.HasField("default") else 0
            lines.append(f"st.{widget.kind}({label!r}, {widget.options!r}, index={index}, key={key!r})")
        elif widget.kind == "multiselect":
            default = [widget.options[i] for i in proto.default]
            lines.append(f"st.multiselect({label!r}, {widget.options!r}, default={default!r}, key={key!r})")
        elif widget.kind == "select_slider":
            picked = [widget.options[int(i)] for i in proto.default] or widget.options[:1]
            value = tuple(picked) if len(picked) == 2 else picked[0]
            lines.append(f"st.select_slider({label!r}, {widget.options!r}, value={value!r}, key={key!r})")
        elif widget.kind == "slider":
            low, high, step = widget.bounds
            value = tuple(proto.default) if len(proto.default) == 2 else (proto.default[0] if proto.default else low)
            lines.append(
                f"st.slider({label!r}, min_value={low!r}, max_value={high!r}, value={value!r}, "
                f"step={step!r}, key={key!r})"
            )
        elif widget.kind == "number_input":
            low, high, step = widget.bounds or (0, 1, 1)
            value = proto.default if proto.HasField("default") else int(low)
            lines.append(
                f"st.number_input({label!r}, min_value={int(low)!r}, max_value={int(high)!r}, "
                f"value={int(value)!r}, step={int(step)!r}, key={key!r})"
            )
        elif widget.kind == "button_group":
            lines.append(f"st.segmented_control({label!r}, {widget.options!r}, key={key!r})")
        elif widget.kind == "checkbox":
            lines.append(f"st.checkbox({label!r}, value={bool(proto.default)!r}, key={key!r})")
        elif widget.kind == "text_input":
            lines.append(f"st.text_input({label!r}, value={proto.default!r}, key={key!r})")
    return "\n".join(lines) + "\n"


def time_script(at, reruns: int, seed: int) -> tuple[list[float], list[str]]:
    """Seconds of `reruns` runs, each after a filter change; error texts of runs that raised."""
    rng = random.Random(seed)
    times, errors = [], []
    for _ in range(reruns):
        times.append(change_and_run(at, rng))
        if at.exception:
            errors.append(str(at.exception[0].value)[:200])
    return times, errors


def measure_page(root: Path, page: str, reruns: int, lang: str = "en", seed: int = 6) -> dict:
    """First run, p50/p95 of reruns after a filter change, and the same for the page's floor."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(root / "app.py"), default_timeout=300)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page(page)
    started = time.perf_counter()
    at.run()
    first = time.perf_counter() - started
    times, errors = time_script(at, reruns, seed)  # first visits: most filter values are new to the caches
    again, _ = time_script(at, reruns, seed)  # the same choices again, as on a server that has served them before
    if at.exception and not errors:
        errors.append(str(at.exception[0].value)[:200])
    widget_kinds = sorted(widget.kind for _, widget in drivable(at))

    floor_dir = Path(tempfile.mkdtemp(prefix="bench-floor-"))
    floor_path = floor_dir / f"floor_{Path(page).stem}.py"
    floor_path.write_text(floor_script(at))
    floor = AppTest.from_file(str(floor_path), default_timeout=300)
    floor.run()
    floor_times, floor_errors = time_script(floor, reruns, seed)
    return {
        "page": Path(page).stem,
        "first_run_s": first,
        "reruns": len(times),
        "p50_s": percentile(times, 50),
        "p95_s": percentile(times, 95),
        "again_p50_s": percentile(again, 50),
        "again_p95_s": percentile(again, 95),
        "floor_p50_s": percentile(floor_times, 50),
        "floor_p95_s": percentile(floor_times, 95),
        "widgets": widget_kinds,
        "errors": errors[:3] + floor_errors[:1],
    }


def main() -> None:
    scale, sqlite_path, out = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    reruns = int(sys.argv[4]) if len(sys.argv) > 4 else 20
    os.environ.pop("MIRPS_DATABASE_URL", None)
    os.environ["MIRPS_SQLITE_PATH"] = sqlite_path
    compile_scripts_once()
    root = Path.cwd()
    results = []
    for page in page_paths(root):
        try:
            results.append({"scale": scale, **measure_page(root, page, reruns)})
        except Exception as error:  # a page that cannot run is reported, not fatal to the bench
            results.append(
                {"scale": scale, "page": Path(page).stem, "errors": [f"{type(error).__name__}: {error}"[:300]]}
            )
        print(json.dumps(results[-1]), flush=True)
    out.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
