"""Jumping between phases in the window: a far click asks first, any jump can be undone."""

from __future__ import annotations

import pytest
from fake_clock import FakeClock
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from ui.window_geometry import resize_to, settle

from app.core.session import SessionState
from app.ui.actions import ActionId
from app.ui.main_window import MainWindow
from app.ui.session_bridge import SessionBridge


def press(qtbot: QtBot, window: MainWindow, key: Qt.Key, modifier: Qt.KeyboardModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget() or window, key, modifier)


def key(qtbot: QtBot, window: MainWindow, key: Qt.Key) -> None:
    press(qtbot, window, key, Qt.KeyboardModifier.NoModifier)


def click_phase(qtbot: QtBot, window: MainWindow, index: int) -> None:
    timeline = window.session_view.timeline
    target = timeline.segment_rects()[index].center().toPoint()
    qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=target)


@pytest.fixture
def running(window: MainWindow, bridge: SessionBridge, clock: FakeClock) -> SessionBridge:
    """Forty seconds into warming the oil, the second phase of the classic plan."""
    bridge.start_or_pause()
    clock.advance(100)
    bridge.tick()
    return bridge


def test_a_far_phase_clicked_is_asked_about_beneath_the_card_and_marked_on_the_strip(
    qtbot: QtBot, window: MainWindow, running: SessionBridge
) -> None:
    view = window.session_view
    click_phase(qtbot, window, 6)
    assert running.session.index == 1
    assert view.prompt_slot.currentWidget() is view.jump_strip
    assert view.jump_strip.isVisible()
    assert view.jump_strip.text.text() == "Go to “Strokes and pressure”, phase 7 of 9?"
    assert view.timeline.asked() == 6
    assert view.cue_card.isVisible()  # the card and its Avoid text stay where they were


def test_enter_goes_to_the_phase_asked_about(
    qtbot: QtBot, window: MainWindow, running: SessionBridge
) -> None:
    click_phase(qtbot, window, 6)
    key(qtbot, window, Qt.Key.Key_Return)
    assert running.session.index == 6
    assert window.session_view.timeline.asked() is None


def test_esc_stays_and_does_not_arm_the_end(
    qtbot: QtBot, window: MainWindow, running: SessionBridge
) -> None:
    click_phase(qtbot, window, 6)
    key(qtbot, window, Qt.Key.Key_Escape)
    assert running.session.index == 1
    assert window.commands[ActionId.END].text() == "End"
    assert not window.session_view.jump_strip.isVisible()
    key(qtbot, window, Qt.Key.Key_Escape)  # the keys are the session's again
    assert window.session_view.end_armed


def test_space_still_pauses_while_a_jump_is_asked_about(
    qtbot: QtBot, window: MainWindow, running: SessionBridge
) -> None:
    click_phase(qtbot, window, 6)
    key(qtbot, window, Qt.Key.Key_Space)
    assert running.session.state is SessionState.PAUSED
    assert window.session_view.jump_strip.asking_to_jump


def test_the_buttons_answer_the_question_too(
    qtbot: QtBot, window: MainWindow, running: SessionBridge
) -> None:
    strip = window.session_view.jump_strip
    click_phase(qtbot, window, 6)
    qtbot.mouseClick(strip.stay, Qt.MouseButton.LeftButton)
    assert running.session.index == 1
    click_phase(qtbot, window, 6)
    qtbot.mouseClick(strip.go, Qt.MouseButton.LeftButton)
    assert running.session.index == 6


def test_a_phase_next_door_is_gone_to_at_once(
    qtbot: QtBot, window: MainWindow, running: SessionBridge
) -> None:
    click_phase(qtbot, window, 2)
    assert running.session.index == 2
    assert window.session_view.jump_strip.text.text() == "Jumped to “Long strokes”."


def test_ctrl_z_undoes_a_jump_exactly(
    qtbot: QtBot, window: MainWindow, running: SessionBridge, clock: FakeClock
) -> None:
    view = window.session_view
    before = view.ring.accessibleDescription()
    key(qtbot, window, Qt.Key.Key_N)
    assert view.prompt_slot.currentWidget() is view.jump_strip
    assert view.jump_strip.text.text() == "Jumped to “Long strokes”."
    assert window.commands[ActionId.UNDO_JUMP].isEnabled()
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert view.ring.accessibleDescription() == before
    assert running.session.index == 1
    assert view.prompt_slot.currentWidget() is view.next_phase
    assert not window.commands[ActionId.UNDO_JUMP].isEnabled()


def test_the_undo_button_takes_back_a_confirmed_far_jump(
    qtbot: QtBot, window: MainWindow, running: SessionBridge
) -> None:
    strip = window.session_view.jump_strip
    click_phase(qtbot, window, 8)
    click_phase(qtbot, window, 8)
    assert running.session.index == 8
    assert strip.undo.isVisible() and not strip.go.isVisible()
    qtbot.mouseClick(strip.undo, Qt.MouseButton.LeftButton)
    assert (running.session.index, running.session.phase_remaining) == (1, 20)


def test_a_checkin_keeps_its_place_over_an_undo_offer(
    window: MainWindow, running: SessionBridge, clock: FakeClock
) -> None:
    view = window.session_view
    running.go_to(3)
    clock.advance(150)  # a check-in falls due in this phase's middle
    running.tick()
    running.previous()
    running.next()
    clock.advance(120)
    running.tick()
    assert view.checkin.asking and running.undo_offered
    assert view.prompt_slot.currentWidget() is view.checkin


def test_from_the_keyboard_enter_on_a_far_phase_asks_and_enter_again_goes(
    qtbot: QtBot, window: MainWindow, running: SessionBridge
) -> None:
    timeline = window.session_view.timeline
    timeline.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(timeline.hasFocus)
    for _ in range(4):
        key(qtbot, window, Qt.Key.Key_Right)
    key(qtbot, window, Qt.Key.Key_Return)
    assert running.asked_jump == 5
    assert window.session_view.jump_strip.hasFocus()
    key(qtbot, window, Qt.Key.Key_Return)
    assert running.session.index == 5
    assert timeline.hasFocus()  # the keyboard goes back where it was


@pytest.mark.parametrize("size", [(1280, 800), (1024, 600), (1920, 1080)], ids=str)
def test_the_question_shows_whole_beside_both_panels(
    qtbot: QtBot, window: MainWindow, running: SessionBridge, size: tuple[int, int]
) -> None:
    """With the side panels open the place beneath the card is narrow: the question wraps onto
    lines of its own, never squeezed beside its buttons and cut."""
    resize_to(qtbot, window, size)
    strip = window.session_view.jump_strip
    click_phase(qtbot, window, 6)
    settle()
    text = strip.text
    assert text.height() >= text.heightForWidth(text.width())
    inside = strip.rect()
    for part in (text, strip.go, strip.stay):
        where = QRect(part.mapTo(strip, QPoint(0, 0)), part.size())
        assert inside.contains(where), part
    assert text.height() <= 2 * text.fontMetrics().lineSpacing() + 2  # a line or two, no column
    assert all(b.height() >= b.sizeHint().height() for b in (strip.go, strip.stay))
