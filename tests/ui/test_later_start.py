"""A later `lull` for the same files, answered by the window already running."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app.later_start import answer_later_start
from app.ui.main_window import MainWindow


@pytest.mark.qt_log_ignore("^This plugin does not support raise\\(\\)$")  # offscreen: no stacking
def test_during_a_session_a_later_start_is_told_to_wait_until_the_session_ends(
    qtbot: QtBot, window: MainWindow
) -> None:
    bar = window.statusBar()
    window.bridge.start_or_pause()
    refused = answer_later_start(window, {"plan": "deep", "start": True}, None, bar.showMessage)
    assert refused == "a session is under way: end it (Esc twice) to start another plan"
    assert window.bridge.session.plan.id == "classic"  # the session keeps its plan
    assert bar.currentMessage() == (
        "A session is under way: end it (Esc twice) to start another plan."
    )
    window.bridge.end()
    assert bar.currentMessage() == ""  # no longer true once it has ended


@pytest.mark.qt_log_ignore("^This plugin does not support raise\\(\\)$")
@pytest.mark.parametrize(
    ("asked", "wanted"),
    [({"minutes": 20}, "another length"), ({"start": True}, "a new one")],
)
def test_during_a_session_the_refusal_names_what_was_asked(
    qtbot: QtBot, window: MainWindow, asked: dict[str, object], wanted: str
) -> None:
    """Not "another plan" for a length or a start: a new user's --minutes 20 was told so."""
    window.bridge.start_or_pause()
    refused = answer_later_start(window, asked, None, window.statusBar().showMessage)
    assert refused == f"a session is under way: end it (Esc twice) to start {wanted}"


@pytest.mark.qt_log_ignore("^This plugin does not support raise\\(\\)$")
def test_during_a_session_a_later_start_asking_for_what_runs_is_not_refused(
    qtbot: QtBot, window: MainWindow
) -> None:
    """`lull --plan classic` beside a classic session was told to end it for another plan."""
    window.bridge.start_or_pause()
    minutes = window.preparation.minutes
    asked = {"plan": "classic", "minutes": minutes}
    assert answer_later_start(window, asked, None, window.statusBar().showMessage) is None
    assert window.bridge.session.state.name == "RUNNING"


@pytest.mark.qt_log_ignore("^This plugin does not support raise\\(\\)$")
def test_a_later_start_at_another_speed_is_refused_by_the_running_lull(
    qtbot: QtBot, window: MainWindow
) -> None:
    """A new user's `lull --speed 30` beside a running window did nothing and said nothing."""
    refused = answer_later_start(window, {"speed": 30.0}, None, window.statusBar().showMessage)
    assert refused == (
        "the Lull already open runs in real time: quit it to rehearse at 30 times the speed"
    )
    assert answer_later_start(window, {"speed": 1.0}, None, window.statusBar().showMessage) is None


@pytest.mark.qt_log_ignore("^This plugin does not support raise\\(\\)$")
@pytest.mark.parametrize(("asked", "plan"), [({}, "classic"), ({"plan": "deep"}, "deep")])
def test_after_a_session_ended_a_later_start_starts_a_new_session(
    qtbot: QtBot, window: MainWindow, asked: dict[str, object], plan: str
) -> None:
    """lull --start, with the window on "Session ended": a new session runs, from the top."""
    window.bridge.start_or_pause()
    window.bridge.end()
    answer_later_start(window, {**asked, "start": True}, None, window.statusBar().showMessage)
    session = window.bridge.session
    assert (session.plan.id, session.state.name, session.index) == (plan, "RUNNING", 0)
