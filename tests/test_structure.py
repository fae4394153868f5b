"""Streamlit's insides are used only where declared here, each use saying in the code which behaviour it needs.

Streamlit's public API is `import streamlit` (st.*) and `streamlit.testing.v1` (AppTest). Anything else (its
runtime, its protobuf messages, config, private attributes) can change in any release; listing every use keeps an
upgrade to a known, short list, and a new use cannot slip in without its reason.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SKIPPED = {".venv", "var", "node_modules", ".git"}
PUBLIC = {"streamlit", "streamlit.testing.v1"}
MARKER = "Streamlit internal:"  # the comment on or just above each use, naming the behaviour
# (file, what) -> why; what: a module beyond the public API, or a private attribute (".name").
DECLARED = {
    ("mirps_dash/server.py", "streamlit.runtime"): "the upload guard reads a session's state and upload bytes by id",
    ("mirps_dash/server.py", "streamlit.proto.BackMsg_pb2"): "the guard drops clear_cache websocket messages",
    ("tests/test_abuse.py", "streamlit.proto.BackMsg_pb2"): "sends the websocket messages a hostile client would",
    ("tests/test_proxy.py", "streamlit.proto.BackMsg_pb2"): "talks to replicas over the websocket through nginx",
    ("tests/test_proxy.py", "streamlit.proto.ForwardMsg_pb2"): "reads the replicas' websocket answers",
    ("tests/test_bench_tools.py", "streamlit.proto.Element_pb2"): "builds the elements the load generator reads",
    ("tests/test_bench_tools.py", "streamlit.proto.WidgetStates_pb2"): "builds the widget states it sends",
    ("tests/test_data_page.py", "._registered_pages"): "AppTest has no public list of the pages st.navigation got",
    ("tests/test_sign_in_abuse.py", "._registered_pages"): "the same: which pages a signed-in session is offered",
    ("tests/test_sign_in_abuse.py", "streamlit.config"): "st.set_option refuses server options once AppTest runs",
    ("tests/test_briefing.py", "streamlit.runtime.media_file_manager"): "AppTest keeps no deferred download's data",
    ("bench/briefing_bench.py", "streamlit.runtime.media_file_manager"): "times the briefing a button would make",
    ("bench/loadgen.py", "streamlit.proto.BackMsg_pb2"): "simulated browsers speak the websocket protocol",
    ("bench/loadgen.py", "streamlit.proto.ForwardMsg_pb2"): "and read its answers",
    ("bench/loadgen.py", "streamlit.proto.WidgetStates_pb2"): "and change widgets as a browser does",
    ("bench/abuse_bench.py", "streamlit.proto.BackMsg_pb2"): "the flood bench sends websocket messages",
    ("bench/abuse_bench.py", "streamlit.proto.ForwardMsg_pb2"): "and reads the answers",
    ("bench/browser_bench.py", "streamlit.proto.ForwardMsg_pb2"): "measures the bytes of each websocket answer",
    ("bench/apptest_bench.py", "streamlit.testing.v1.element_tree"): "drives every widget of a page generically",
    ("bench/apptest_bench.py", "streamlit.runtime.scriptrunner.script_cache"): "compiles scripts once, as a server",
    ("tests/test_bench_tools.py", "streamlit.proto.NumberInput_pb2"): "builds the number inputs it drives",
    ("bench/apptest_bench.py", "._tree"): "AppTest has no public walk over all widgets and their states",
    ("bench/apptest_bench.py", "._run"): "AppTest has no public run with hand-made widget states",
    ("tests/test_regional_page.py", "streamlit.elements.lib"): "a widget policy's warning is only logged, never shown",
    ("tests/test_regional_page.py", "._LOGGER"): "and its logger is the one place to hear it",
}


def python_files() -> list[Path]:
    return [path for path in sorted(ROOT.rglob("*.py")) if not SKIPPED & set(path.relative_to(ROOT).parts[:-1])]


def _root_name(node: ast.expr) -> str | None:
    while isinstance(node, ast.Attribute | ast.Call | ast.Subscript):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def streamlit_uses(tree: ast.Module) -> list[tuple[str, int]]:
    """(what, line) for each non-public Streamlit module imported, and, in a file that imports Streamlit, each
    private attribute read on anything but self or cls (AppTest's, the runtime's)."""
    found: list[tuple[str, int]] = []
    imports_streamlit = False
    for node in ast.walk(tree):
        modules: list[str] = []
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names if alias.name.split(".")[0] == "streamlit"]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "streamlit":
            module = node.module or ""
            modules = [f"{module}.{alias.name}" for alias in node.names] if module == "streamlit" else [module]
        imports_streamlit |= bool(modules)
        found += [(module, node.lineno) for module in modules if module not in PUBLIC]
    if imports_streamlit:
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
                and _root_name(node.value) not in ("self", "cls")
            ):
                found.append((f".{node.attr}", node.lineno))
    return found


def every_use() -> dict[tuple[str, str], list[int]]:
    uses: dict[tuple[str, str], list[int]] = {}
    for path in python_files():
        for what, line in streamlit_uses(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            uses.setdefault((path.relative_to(ROOT).as_posix(), what), []).append(line)
    return uses


def test_streamlit_internals_are_used_only_where_declared() -> None:
    uses = every_use()
    assert sorted(set(uses) - set(DECLARED)) == [], "a new use of Streamlit's insides: declare it with its reason"
    assert sorted(set(DECLARED) - set(uses)) == [], "declared but no longer used: remove it from DECLARED"


def test_each_use_of_streamlit_internals_says_why_in_the_code() -> None:
    unexplained = []
    for (path, what), lines in every_use().items():
        text = (ROOT / path).read_text(encoding="utf-8").splitlines()
        for line in lines:
            near = text[max(0, line - 4) : line]  # the line itself and the three above it
            if not any(MARKER in row for row in near):
                unexplained.append(f"{path}:{line} {what}")
    assert unexplained == [], f"add a '# {MARKER} <the Streamlit behaviour>' comment at each"


def test_in_the_package_only_ui_and_the_server_guard_import_streamlit() -> None:
    """Queries, views and the rest stay plain Python: the Streamlit boundary is ui.py (and server.py's guard)."""
    importers = set()
    for path in python_files():
        relative = path.relative_to(ROOT)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            names += [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            if any(name.split(".")[0] == "streamlit" for name in names):
                top = relative.parts[0] in ("mirps_dash",) or len(relative.parts) == 1
                importers.add(relative.as_posix() if top else relative.parts[0])
    assert importers == {"mirps_dash/ui.py", "mirps_dash/server.py", "app.py", "asgi.py", "pages", "tests", "bench"}


def test_the_scan_sees_an_undeclared_internal_and_a_private_attribute() -> None:
    """The walk itself finds what it must (so an empty list above means none, not a blind scan)."""
    source = "import streamlit as st\nfrom streamlit.runtime import Runtime\nRuntime.instance()._session_mgr\n"
    assert streamlit_uses(ast.parse(source)) == [("streamlit.runtime", 2), ("._session_mgr", 3)]
    assert streamlit_uses(ast.parse("from streamlit.testing.v1 import AppTest\nself._x\n")) == []
