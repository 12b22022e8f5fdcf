"""The real lull process on a real X server: a whole rehearsed session, seen and ended."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from e2e.screen_pixels import share_near
from PySide6.QtGui import QImage

from app.ui.theme import DARK


def test_a_rehearsed_session_runs_on_screen_to_the_end_and_quits_on_sigterm(
    start_lull: Callable[..., object],
) -> None:
    lull = start_lull("--plan", "shoulders-neck", "--minutes", "5", "--start", "--speed", "30")
    lull.wait_for(r"window shown [\d.]+ s after start")
    # A full collection of what the start built took 18-30 ms on the UI thread: it is left out.
    kept = lull.wait_for(r"(\d+) objects from the start kept out of collections")
    assert int(kept[1]) > 30_000  # 42,800 measured: the window, the plans, the modules
    lull.wait_for(r"PhaseStarted\(index=3, phase=Phase\(kind=<PhaseKind.KNEAD")

    shot = QImage(str(lull.screenshot("e2e-session.png")))
    assert (shot.width(), shot.height()) == (1280, 800)
    assert share_near(shot, DARK.background) > 0.4  # the calm dark window fills the screen
    assert share_near(shot, DARK.accent) > 0.005  # the amber ring (1 % of the screen measured)
    # Red is kept for what to avoid: the spine and neck on the body map, the "avoid" heading.
    assert 0 < share_near(shot, DARK.avoid) < 0.005

    for index in (4, 5, 6):
        lull.wait_for(rf"PhaseStarted\(index={index},")
    lull.wait_for(r"Finished\(at=300\.0, completed=True\)")
    assert lull.terminate() == 0
    # What a logout needs: a clean exit, with the session's plan remembered for next time.
    lull.wait_for("SIGTERM: quitting")
    remembered = Path(os.environ["XDG_STATE_HOME"]) / "lull" / "state.json"
    assert json.loads(remembered.read_text())["plan_id"] == "shoulders-neck"
    # A rehearsal is no massage given: once over, the history (its trends) keeps nothing of it.
    history = Path(os.environ["XDG_DATA_HOME"]) / "lull" / "lull.db"
    with contextlib.closing(sqlite3.connect(history)) as database:
        assert database.execute("SELECT count(*) FROM sessions").fetchone() == (0,)
