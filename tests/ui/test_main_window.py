"""The first window, driven from the keyboard as a giver with oily hands would."""

from __future__ import annotations

import pytest
from fake_clock import FakeClock
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.plan import BUILT_IN_PLANS, built_in_plan
from app.core.session import Session, SessionState
from app.ui.actions import ActionId
from app.ui.main_window import CHECKIN_TEXT, MainWindow
from app.ui.session_bridge import SessionBridge


@pytest.fixture
def bridge(clock: FakeClock) -> SessionBridge:
    return SessionBridge(lambda plan: Session(plan, clock), clock)


@pytest.fixture
def window(qtbot: QtBot, bridge: SessionBridge) -> MainWindow:
    window = MainWindow(bridge, BUILT_IN_PLANS, built_in_plan("classic"), 30)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    return window


def press(qtbot: QtBot, window: MainWindow, key: Qt.Key) -> None:
    qtbot.keyClick(window, key)


def advance(clock: FakeClock, bridge: SessionBridge, seconds: float) -> None:
    clock.advance(seconds)
    bridge.tick()


def test_the_window_is_titled_lull_and_shows_the_chosen_plan(window: MainWindow) -> None:
    assert window.windowTitle() == "Lull"
    assert window.plan_choice.currentText() == "Classic back massage"
    assert window.minutes.value() == 30
    assert window.session_view.countdown.text() == "01:00"
    assert window.session_view.phase_name.text() == "Settle in"


def test_space_starts_and_pauses_the_session(
    qtbot: QtBot, window: MainWindow, bridge: SessionBridge, clock: FakeClock
) -> None:
    press(qtbot, window, Qt.Key.Key_Space)
    assert bridge.session.state is SessionState.RUNNING
    advance(clock, bridge, 12.5)
    assert window.session_view.countdown.text() == "00:48"
    assert window.session_view.progress.text() == "phase 1 of 9  ·  29:48 left"
    press(qtbot, window, Qt.Key.Key_Space)
    assert bridge.session.state is SessionState.PAUSED
    assert window.actions[ActionId.START_PAUSE].text() == "Resume"


def test_the_phase_changes_by_itself_and_shows_its_cue(
    window: MainWindow, bridge: SessionBridge, clock: FakeClock
) -> None:
    bridge.start_or_pause()
    advance(clock, bridge, 60 + 60 + 240 + 1)
    assert window.session_view.phase_name.text() == "Kneading · shoulders"
    assert "never press on the bones" in window.cue_card.avoid.text()
    assert window.cue_card.next_phase.text() == "Next: Kneading · upper back"


@pytest.mark.parametrize(
    ("key", "phase"),
    [(Qt.Key.Key_Right, 1), (Qt.Key.Key_N, 1), (Qt.Key.Key_Left, 0), (Qt.Key.Key_B, 0)],
)
def test_arrow_and_letter_keys_move_between_phases(
    qtbot: QtBot, window: MainWindow, bridge: SessionBridge, key: Qt.Key, phase: int
) -> None:
    bridge.start_or_pause()
    press(qtbot, window, Qt.Key.Key_Right)
    press(qtbot, window, key)
    assert bridge.session.index == phase + (1 if key in (Qt.Key.Key_Right, Qt.Key.Key_N) else 0)


def test_plus_adds_a_minute_to_the_phase(
    qtbot: QtBot, window: MainWindow, bridge: SessionBridge
) -> None:
    bridge.start_or_pause()
    press(qtbot, window, Qt.Key.Key_Plus)
    assert window.session_view.countdown.text() == "02:00"
    assert bridge.session.extended == 60


def test_escape_ends_only_when_pressed_twice(
    qtbot: QtBot, window: MainWindow, bridge: SessionBridge
) -> None:
    bridge.start_or_pause()
    press(qtbot, window, Qt.Key.Key_Escape)
    assert bridge.session.state is SessionState.RUNNING
    assert window.actions[ActionId.END].text() == "Confirm end"
    press(qtbot, window, Qt.Key.Key_Escape)
    assert bridge.session.state is SessionState.FINISHED
    assert window.session_view.phase_name.text() == "Session complete"
    assert "Ended early" in window.session_view.notice.text()


def test_a_checkin_prompt_appears_when_due(
    window: MainWindow, bridge: SessionBridge, clock: FakeClock
) -> None:
    bridge.start_or_pause()
    advance(clock, bridge, 120 + 240)
    assert window.session_view.notice.text() == CHECKIN_TEXT


def test_the_towel_reminder_appears_before_closing(
    window: MainWindow, bridge: SessionBridge, clock: FakeClock
) -> None:
    bridge.start_or_pause()
    closing_starts = 30 * 60 - 180
    advance(clock, bridge, closing_starts - 5 * 60 - 1)
    assert "towels" not in window.session_view.notice.text()
    advance(clock, bridge, 1)
    assert "towels" in window.session_view.notice.text()


def test_choosing_a_plan_and_length_loads_a_new_session(
    window: MainWindow, bridge: SessionBridge
) -> None:
    window.plan_choice.setCurrentIndex(0)
    assert bridge.session.plan.id == "shoulders-neck"
    assert window.minutes.value() == 10
    window.minutes.setValue(20)
    assert bridge.session.plan.total_seconds == 20 * 60
    assert window.session_view.progress.text() == "phase 1 of 7  ·  20:00 left"


def test_the_plan_cannot_change_while_a_session_runs(
    window: MainWindow, bridge: SessionBridge
) -> None:
    bridge.start_or_pause()
    assert not window.plan_choice.isEnabled()
    assert not window.minutes.isEnabled()


def test_a_whole_session_runs_to_the_end_and_can_start_again(
    window: MainWindow, bridge: SessionBridge, clock: FakeClock
) -> None:
    bridge.start_or_pause()
    advance(clock, bridge, 30 * 60)
    assert window.session_view.phase_name.text() == "Session complete"
    assert "Well done: 30:00 given" in window.session_view.notice.text()
    assert window.actions[ActionId.START_PAUSE].text() == "Start again"
    bridge.start_or_pause()
    assert bridge.session.state is SessionState.RUNNING
    assert bridge.session.elapsed == 0


def test_no_timer_runs_when_nothing_moves(window: MainWindow, bridge: SessionBridge) -> None:
    assert not bridge.timer_active
    bridge.start_or_pause()
    assert bridge.timer_active
    bridge.start_or_pause()
    assert not bridge.timer_active
