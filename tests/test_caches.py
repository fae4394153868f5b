"""The process-wide caches a test resets (conftest's fresh_caches): what an earlier AppTest left is gone."""

from __future__ import annotations

from pathlib import Path

from mirps_dash import ui


def test_reset_caches_drops_the_store_and_its_frames(sqlite_env: Path) -> None:
    store = ui.get_store()
    frame = ui._load("claims", store.current_versions().get("claims"))
    assert ui.get_store() is store and len(ui._FRAMES) == 1 and not frame.empty
    ui.reset_caches()
    assert len(ui._FRAMES) == 0
    assert ui.get_store() is not store
