"""The real lull process with hostile files and a closed terminal: it starts, says so, saves."""

from __future__ import annotations

import json
import signal
import sqlite3
from collections.abc import Callable
from pathlib import Path

from e2e.lull_process import LullProcess, focus_lull, press

HOSTILE_SETTINGS = b"[" * 100_000 + b"]" * 100_000
HOSTILE_STATE = b'{"minutes": ' + b"7" * 4400 + b"}"
HOSTILE_INDEX = b'{"version": 1, "sounds": [{"seconds": 1e300}]}'
HOSTILE_DATABASE = b"SQLite format 3\x00" + b"\xee" * 8192  # a header, then nothing sane


def test_the_window_opens_past_hostile_files_and_sets_them_aside(
    start_lull: Callable[..., LullProcess], tmp_path: Path
) -> None:
    data = tmp_path / "data"
    for where, content in (
        ("config/settings.json", HOSTILE_SETTINGS),
        ("state/state.json", HOSTILE_STATE),
        ("data/sounds/index.json", HOSTILE_INDEX),
        ("data/lull.db", HOSTILE_DATABASE),
    ):
        (data / where).parent.mkdir(parents=True, exist_ok=True)
        (data / where).write_bytes(content)
    lull = start_lull("--data-dir", str(data))
    lull.wait_for(r"window shown [\d.]+ s after start")
    assert lull.terminate() == 0
    [settings_aside] = (data / "config").glob("settings.json.corrupt-*")
    [state_aside] = (data / "state").glob("state.json.corrupt-*")
    assert settings_aside.read_bytes() == HOSTILE_SETTINGS
    assert state_aside.read_bytes() == HOSTILE_STATE
    [database_aside] = (data / "data").glob("lull.db.corrupt-*")
    assert database_aside.read_bytes() == HOSTILE_DATABASE
    with sqlite3.connect(data / "data" / "lull.db") as fresh:  # a new history, ready for use
        assert fresh.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    fresh.close()
    # The index was JSON with one unusable entry: kept as it is, the entry left out.
    assert (data / "data" / "sounds" / "index.json").read_bytes() == HOSTILE_INDEX
    assert json.loads((data / "state" / "state.json").read_text())["minutes"] == 30


def seated_session(start_lull: Callable[..., LullProcess], data: Path) -> LullProcess:
    """Lull in the seated plan's second phase, rehearsed at 20 times real speed."""
    lull = start_lull(
        "--data-dir", str(data), "--plan", "seated", "--minutes", "15", "--start", "--speed", "20"
    )
    lull.wait_for(r"PhaseStarted\(index=1,")
    return lull


def assert_quit_keeping_the_choices(lull: LullProcess, data: Path, said: str) -> None:
    assert lull.process.wait(timeout=15) == 0
    lull.wait_for(said)
    state = json.loads((data / "state" / "state.json").read_text())
    assert (state["plan_id"], state["minutes"]) == ("seated", 15)


def test_closing_the_terminal_mid_session_saves_and_quits(
    start_lull: Callable[..., LullProcess], tmp_path: Path
) -> None:
    lull = seated_session(start_lull, tmp_path / "data")
    lull.process.send_signal(signal.SIGHUP)
    assert_quit_keeping_the_choices(lull, tmp_path / "data", "SIGHUP: quitting")


def test_ctrl_c_saves_and_ends_with_the_shells_usual_status(
    start_lull: Callable[..., LullProcess], tmp_path: Path
) -> None:
    data = tmp_path / "data"
    lull = start_lull("--data-dir", str(data), "--plan", "deep")
    lull.wait_for(r"window shown [\d.]+ s after start")
    lull.process.send_signal(signal.SIGINT)
    assert lull.process.wait(timeout=15) == 130
    assert json.loads((data / "state" / "state.json").read_text())["plan_id"] == "deep"


def test_ctrl_q_saves_and_quits_mid_session(
    start_lull: Callable[..., LullProcess], tmp_path: Path
) -> None:
    lull = seated_session(start_lull, tmp_path / "data")
    focus_lull(lull.display)
    press(lull.display, "ctrl+q")
    assert_quit_keeping_the_choices(lull, tmp_path / "data", "quitting")
