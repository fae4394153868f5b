"""The briefing PDF of each page as shipped, made as a reader's click makes it (the download button's deferred
callable, caught under AppTest): the first one in a fresh process (imports matplotlib and fpdf2, reads the fonts and
the state shapes), then each page again. The goal is under 5 s for any page.

Run: python -m bench.briefing_bench <sqlite path> <json out> [repeats]
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

PAGES = ("overview", "arrivals", "trends", "pledges")


def page_callables(root: Path, lang: str = "es") -> dict[str, object]:
    """Each page's briefing callable, as its run registers it (one AppTest run per page)."""
    # Streamlit internal: a deferred download button keeps only a callable in the MediaFileManager, which AppTest
    # drops after its run; catching the callable there is the one way to read the file the button would give.
    from streamlit.runtime.media_file_manager import MediaFileManager
    from streamlit.testing.v1 import AppTest

    caught: dict[str, object] = {}
    original = MediaFileManager.add_deferred

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        caught[file_name or coordinates] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    MediaFileManager.add_deferred = add_deferred  # type: ignore[method-assign]
    found = {}
    for page in PAGES:
        at = AppTest.from_file(str(root / "app.py"), default_timeout=120)
        at.query_params["lang"] = lang
        at.run()
        at.switch_page(f"pages/{page}.py")
        at.run()
        found[page] = caught[f"mirps-{page}-{lang}.pdf"]
    MediaFileManager.add_deferred = original  # type: ignore[method-assign]
    return found


def measure(root: Path, repeats: int = 3) -> dict:
    """Seconds to make each page's PDF: the first in the process, then the slowest of `repeats` per page."""
    makers = page_callables(root)
    started = time.perf_counter()
    first = makers["trends"]()  # the page with the most charts, in a process that has not drawn one yet
    cold = time.perf_counter() - started
    result: dict = {"first_s": cold, "first_page": "trends", "pages": {}}
    for page, make in makers.items():
        times, size = [], 0
        for _ in range(repeats):
            started = time.perf_counter()
            size = len(make())  # type: ignore[operator]
            times.append(time.perf_counter() - started)
        result["pages"][page] = {"max_s": max(times), "min_s": min(times), "bytes": size}
    result["first_bytes"] = len(first)
    return result


def main() -> None:
    os.environ["MIRPS_SQLITE_PATH"] = sys.argv[1]
    os.environ.pop("MIRPS_DATABASE_URL", None)
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    result = measure(Path(__file__).resolve().parents[1], repeats)
    Path(sys.argv[2]).write_text(json.dumps(result))
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
