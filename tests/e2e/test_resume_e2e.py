"""Lull killed in the middle of Sam's session: the next start offers it back, where it stood."""

from __future__ import annotations

import json
import signal
import sqlite3
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from e2e.lull_process import LullProcess, focus_lull, press

from app.core.database import Database
from app.core.history import History
from app.core.people import PeopleBook, Person, SafetyCheck


def test_a_session_killed_midway_is_resumed_through_the_window(
    start_lull: Callable[..., LullProcess], tmp_path: Path
) -> None:
    data = tmp_path / "data"
    sam = PeopleBook(Database.open(data / "data" / "lull.db")).save(
        Person("Sam", safety=SafetyCheck(date(2026, 11, 1)))
    )
    (data / "state").mkdir(parents=True)
    (data / "state" / "state.json").write_text(json.dumps({"person_id": sam.id}))

    first = start_lull(
        "--data-dir", str(data), "--plan", "classic", "--minutes", "30", "--start", "--speed", "30"
    )
    first.wait_for(r"PhaseStarted\(index=2,")  # 2 min in, at 30 times the speed: 4 s
    first.wait_for(r"PhaseStarted\(index=3,")
    time.sleep(1)  # half a minute of the session: the phase change and a checkpoint are kept
    first.process.send_signal(signal.SIGKILL)
    first.process.wait(timeout=10)

    second = start_lull("--data-dir", str(data), "--speed", "30")
    second.wait_for(r"window shown")
    asked = second.wait_for(r"offering to resume session \d+: (\d\d:\d\d) left, in phase (\d+)")
    assert int(asked[2]) == 4  # the fourth phase, where it was killed
    second.screenshot("resume-offered.png")
    press(second.display, "Return")  # Resume, the default
    second.wait_for(r"resumed session \d+, paused")
    second.screenshot("resume-paused.png")
    press(second.display, "space")
    second.wait_for(r"PhaseStarted\(index=4,")  # on it goes, from where it stood
    assert second.terminate() == 0
    assert "Sam" not in (data / "logs" / "lull.log").read_text()  # the log names no one

    history = History(Database.open(data / "data" / "lull.db"))
    (record,) = history.sessions()
    assert record.person_name == "Sam"
    given = [phase.given for phase in record.phases]
    assert all(seconds > 0 for seconds in given[:4])  # the phases before the kill, kept
    with sqlite3.connect(data / "data" / "lull.db") as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    raw.close()


def test_quitting_on_the_resume_question_leaves_it_to_be_asked_again(
    start_lull: Callable[..., LullProcess], tmp_path: Path
) -> None:
    # Ctrl+Q on the question closed it as if Discard had been pressed (a new user's, round 2).
    data = tmp_path / "data"
    first = start_lull("--data-dir", str(data), "--plan", "classic", "--start", "--speed", "30")
    first.wait_for(r"PhaseStarted\(index=1,")
    time.sleep(0.5)  # a checkpoint at the change is written
    first.process.send_signal(signal.SIGKILL)
    first.process.wait(timeout=10)

    second = start_lull("--data-dir", str(data), "--speed", "30")
    asked = second.wait_for(r"offering to resume session (\d+)")
    focus_lull(second.display)
    press(second.display, "ctrl+q")
    assert second.process.wait(timeout=15) == 0
    second.wait_for(rf"session {asked[1]} is offered again at the next start")

    third = start_lull("--data-dir", str(data), "--speed", "30")
    assert third.wait_for(r"offering to resume session (\d+)")[1] == asked[1]
    assert third.terminate() == 0
