"""The warm-up: after a publish, every page's default view of the new version is made before anyone asks, so
the first visit is a cache hit; a failing view spoils nothing else; each state is warmed once."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from mirps_dash import service, ui
from mirps_dash.service import ensure_seeded, publish_file
from mirps_dash.store import Store, make_engine
from mirps_dash.views import defaults
from mirps_dash.warmup import Warmer
from tests.test_app import open_app

UPLOAD = b"Periodo,Solicitudes,Fuente\n2026,99999,unhcr-stats\n"  # a newer UNHCR year of claims
PAGES = [f"pages/{name}.py" for name in defaults.DEFAULT_VIEWS]


def publish_claims() -> int:
    store = Store(make_engine())
    ensure_seeded(store)
    version = publish_file(store, "claims", UPLOAD, file_name="2026.csv", by="ana@example.org").version
    store.engine.dispose()
    assert version is not None
    return version


def test_after_a_publish_every_pages_default_view_is_made_before_anyone_asks(sqlite_env: Path) -> None:
    warmer = ui.start_warming()
    assert warmer.wait(timeout=120)  # the versions the process started with
    version = publish_claims()
    assert warmer.wait(timeout=120)
    assert dict(warmer.warmed[1])["claims"] == version  # type: ignore[index]
    made = ui._VIEWS.computed
    for page in PAGES:
        for lang in ("es", "en"):
            at = open_app(page, lang=lang)
            assert not at.exception, (page, lang)
            assert ui._VIEWS.computed == made, f"{page} in {lang} made a view the warm-up had not"


def test_a_publish_made_by_another_process_is_warmed_once_the_poll_sees_it(
    sqlite_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ui._WARMER, "poll_seconds", 0.1)
    warmer = ui.start_warming()
    assert warmer.wait(timeout=120)
    monkeypatch.setattr(service, "_PUBLISH_LISTENERS", [])  # as from another replica or the CLI: no one here is told
    version = publish_claims()
    for _ in range(1200):  # the replica learns of it only from the store's versions
        if dict(warmer.warmed[1])["claims"] == version:  # type: ignore[index]
            break
        time.sleep(0.1)
    assert dict(warmer.warmed[1])["claims"] == version  # type: ignore[index]
    made = ui._VIEWS.computed
    assert not open_app("pages/overview.py", lang="en").exception
    assert ui._VIEWS.computed == made


def test_opening_a_page_without_a_warm_up_makes_its_views(sqlite_env: Path) -> None:
    made = ui._VIEWS.computed  # the counter the test above relies on does count the pages' own views
    assert not open_app("pages/trends.py", lang="en").exception
    assert ui._VIEWS.computed > made


def test_a_failing_view_leaves_the_other_pages_warm_and_its_page_working(
    sqlite_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args, **_kwargs):
        raise RuntimeError("broken view")

    monkeypatch.setattr(defaults.trends, "trends_claims", broken)  # the warm-up's reference only
    warmer = ui.start_warming()
    assert warmer.wait(timeout=120) and warmer.warmed is not None
    made = ui._VIEWS.computed
    assert not open_app("pages/regional.py", lang="es").exception  # the Overview and the region: warm
    assert ui._VIEWS.computed == made
    at = open_app("pages/trends.py", lang="es")
    assert not at.exception and ui._VIEWS.computed > made  # the page makes the views the warm-up could not


def test_a_publish_calls_the_listeners_and_a_failing_listener_fails_no_publish(
    sqlite_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []

    def failing() -> None:
        calls.append("failing")
        raise RuntimeError("listener down")

    store = Store(make_engine())
    ensure_seeded(store)  # seeding publishes too: before the listeners, to count the one publish below
    store.engine.dispose()
    monkeypatch.setattr(service, "_PUBLISH_LISTENERS", [])
    service.on_publish(failing)
    service.on_publish(lambda: calls.append("second"))
    service.on_publish(failing)  # once, however often registered
    assert publish_claims()
    assert calls == ["failing", "second"]


class Recorder:
    """A warm-up that records each state it is given and can be held mid-way."""

    def __init__(self, fail_on: object = None) -> None:
        self.states: list[object] = []
        self.release = threading.Event()
        self.release.set()
        self.fail_on = fail_on

    def __call__(self, state: object) -> None:
        self.states.append(state)
        self.release.wait(30)
        if state == self.fail_on:
            raise RuntimeError("warm-up failed")


@pytest.mark.parametrize(
    ("states", "warmed"),
    [
        ([1, 1, 1], [1]),  # the same versions: warmed once
        ([1, 2, 2, 3], [1, 2, 3]),  # each new version once
        ([1, 2, 1], [1, 2, 1]),  # a rollback is a new state too
    ],
)
def test_each_new_state_is_warmed_once(states: list[int], warmed: list[int]) -> None:
    seen = iter(states)
    recorder = Recorder()
    warmer = Warmer(lambda: next(seen), recorder, poll_seconds=60)
    for _ in states:
        warmer.check()
    assert recorder.states == warmed


def test_pokes_during_a_warm_up_never_start_a_second_one_beside_it() -> None:
    recorder = Recorder()
    recorder.release.clear()
    warmer = Warmer(lambda: "v1", recorder, poll_seconds=60)
    warmer.start()
    for _ in range(5):
        warmer.poke()
    checker = threading.Thread(target=warmer.check)  # a second caller waits for the first check, then finds it done
    checker.start()
    recorder.release.set()
    checker.join(30)
    assert warmer.wait(timeout=30)
    warmer.stop(timeout=30)
    assert recorder.states == ["v1"]


def test_a_failing_state_read_or_warm_up_is_logged_and_the_next_state_still_warms() -> None:
    reads = iter([RuntimeError("store down"), "v1", "v2"])

    def read() -> object:
        value = next(reads)
        if isinstance(value, Exception):
            raise value
        return value

    recorder = Recorder(fail_on="v1")
    warmer = Warmer(read, recorder, poll_seconds=60)
    for _ in range(3):
        warmer.check()  # never raises
    assert recorder.states == ["v1", "v2"] and warmer.warmed == "v2"
