"""The main window, driven from the keyboard as a giver with oily hands would."""

from __future__ import annotations

from dataclasses import replace

import pytest
from fake_clock import FakeClock
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QApplication,
    QComboBox,
    QMessageBox,
    QSpinBox,
    QToolButton,
    QWidget,
)
from pytestqt.qtbot import QtBot
from ui.conftest import BuildWindow

from app.core.events import CheckinAnswer, Pressure
from app.core.plan import Area, Phase, PhaseKind, built_in_plan
from app.core.room import Checklist, ChecklistItem
from app.core.session import SessionState
from app.ui.actions import ActionId
from app.ui.asking import confirm
from app.ui.audio_bridge import AudioBridge
from app.ui.main_window import MainWindow
from app.ui.session_bridge import SessionBridge
from app.ui.theme import DARK, LIGHT


def press(qtbot: QtBot, window: MainWindow, key: Qt.Key) -> None:
    """A key pressed on the keyboard: it goes to whichever widget has the focus."""
    qtbot.keyClick(QApplication.focusWidget() or window, key)


def advance(clock: FakeClock, bridge: SessionBridge, seconds: float) -> None:
    clock.advance(seconds)
    bridge.tick()


def shown_time(window: MainWindow) -> str:
    """What the ring says, as a screen reader hears it."""
    return window.session_view.ring.accessibleDescription()


def test_the_window_is_titled_lull_and_shows_the_chosen_plan(window: MainWindow) -> None:
    assert window.windowTitle() == "Lull"
    assert window.top_bar.plan_choice.currentText() == "Classic back massage"
    assert window.top_bar.minutes.value() == 30
    assert shown_time(window) == "01:00, phase 1 of 9  ·  30:00 left"
    assert window.session_view.phase_name.text() == "Settle in"


def test_space_starts_and_pauses_the_session(
    qtbot: QtBot, window: MainWindow, bridge: SessionBridge, clock: FakeClock
) -> None:
    press(qtbot, window, Qt.Key.Key_Space)
    assert bridge.session.state is SessionState.RUNNING
    advance(clock, bridge, 12.5)
    assert shown_time(window) == "00:48, phase 1 of 9  ·  29:48 left"
    press(qtbot, window, Qt.Key.Key_Space)
    assert bridge.session.state is SessionState.PAUSED
    assert window.session_view.ring.is_paused()
    assert window.commands[ActionId.START_PAUSE].text() == "Resume"


def test_the_phase_changes_by_itself_and_shows_its_cue(
    qtbot: QtBot, window: MainWindow, bridge: SessionBridge, clock: FakeClock
) -> None:
    bridge.start_or_pause()
    advance(clock, bridge, 60 + 60 + 240 + 1)
    card = window.session_view.cue_card
    assert window.session_view.phase_name.text() == "Kneading · shoulders"
    # The card's words come a turn of the event loop after the rest of the change.
    assert "never press on the bones" not in card.avoid.text()
    qtbot.waitUntil(lambda: "never press on the bones" in card.avoid.text())
    assert window.session_view.next_phase.text() == "Next: Kneading · upper back"
    assert card.body_map.area() is Area.SHOULDERS


def test_a_session_ended_early_shows_how_to_close_not_the_phase_it_left(
    qtbot: QtBot, window: MainWindow, bridge: SessionBridge, clock: FakeClock
) -> None:
    """Ended in the kneading, the hands should still leave slowly: the card says how."""
    bridge.start_or_pause()
    advance(clock, bridge, 60 + 60 + 240 + 1)
    card = window.session_view.cue_card
    qtbot.waitUntil(lambda: card.body_map.area() is Area.SHOULDERS)
    bridge.end()
    qtbot.waitUntil(lambda: window.session_view.phase_name.text() == "Session ended")
    qtbot.waitUntil(lambda: "then lift them away slowly" in card.steps.text())
    assert "never press on the bones" not in card.avoid.text()
    assert card.body_map.area() is Area.FULL_BACK


@pytest.mark.parametrize(
    ("keys", "phase"),
    [
        ([Qt.Key.Key_Right], 1),
        ([Qt.Key.Key_N, Qt.Key.Key_N], 2),
        ([Qt.Key.Key_Right, Qt.Key.Key_Left], 0),
        ([Qt.Key.Key_N, Qt.Key.Key_N, Qt.Key.Key_B], 1),
    ],
)
def test_arrow_and_letter_keys_move_between_phases(
    qtbot: QtBot, window: MainWindow, bridge: SessionBridge, keys: list[Qt.Key], phase: int
) -> None:
    bridge.start_or_pause()
    for key in keys:
        press(qtbot, window, key)
    assert bridge.session.index == phase


def test_clicking_a_far_phase_twice_on_the_timeline_jumps_to_it(
    qtbot: QtBot, window: MainWindow, bridge: SessionBridge
) -> None:
    bridge.start_or_pause()
    timeline = window.session_view.timeline
    target = timeline.segment_rects()[5].center().toPoint()
    qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=target)
    assert bridge.session.index == 0  # asked first: the click may have strayed
    qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=target)
    assert bridge.session.index == 5
    assert window.session_view.phase_name.text() == "Kneading · lower back"


def test_plus_adds_a_minute_to_the_phase(
    qtbot: QtBot, window: MainWindow, bridge: SessionBridge
) -> None:
    bridge.start_or_pause()
    press(qtbot, window, Qt.Key.Key_Plus)
    assert shown_time(window).startswith("02:00")
    assert bridge.session.extended == 60


def test_escape_ends_only_when_pressed_twice(
    qtbot: QtBot, window: MainWindow, bridge: SessionBridge
) -> None:
    bridge.start_or_pause()
    press(qtbot, window, Qt.Key.Key_Escape)
    assert bridge.session.state is SessionState.RUNNING
    assert window.session_view.end_armed
    press(qtbot, window, Qt.Key.Key_Escape)
    assert bridge.session.state is SessionState.FINISHED
    # The end is drawn a turn of the event loop after the session's own work at its end.
    qtbot.waitUntil(lambda: window.session_view.phase_name.text() == "Session ended")
    assert "Ended early" in window.session_view.summary.text()


def checkin_due(window: MainWindow, bridge: SessionBridge, clock: FakeClock) -> None:
    bridge.start_or_pause()
    advance(clock, bridge, 120 + 240 + 120)  # the middle of kneading the shoulders
    assert window.session_view.checkin.asking


@pytest.mark.parametrize(
    ("key", "pressure"),
    [
        (Qt.Key.Key_1, Pressure.LIGHTER),
        (Qt.Key.Key_2, Pressure.JUST_RIGHT),
        (Qt.Key.Key_3, Pressure.FIRMER),
    ],
)
def test_each_checkin_answer_is_kept_with_the_session(
    qtbot: QtBot,
    window: MainWindow,
    bridge: SessionBridge,
    clock: FakeClock,
    key: Qt.Key,
    pressure: Pressure,
) -> None:
    checkin_due(window, bridge, clock)
    view = window.session_view
    assert view.prompt_slot.currentWidget() is view.checkin
    assert view.cue_stack.currentWidget() is view.cue_card  # the cue stays in sight
    view.checkin.focus_buttons[Area.LOWER_BACK].click()
    press(qtbot, window, key)
    assert bridge.session.answers == (CheckinAnswer(480.0, pressure, frozenset({Area.LOWER_BACK})),)
    assert not view.checkin.asking
    assert view.prompt_slot.currentWidget() is view.next_phase


def test_an_answer_is_acknowledged_where_a_lapse_says_nothing(
    qtbot: QtBot, window: MainWindow, bridge: SessionBridge, clock: FakeClock
) -> None:
    """Answered or lapsed, the question went away the same: the answer is now said back."""
    checkin_due(window, bridge, clock)
    window.session_view.checkin.focus_buttons[Area.NECK].click()
    press(qtbot, window, Qt.Key.Key_3)
    assert window.session_view.notice.text() == "Noted: firmer, more on the neck."
    advance(clock, bridge, 4 * 60)  # the next one, left to lapse
    assert window.session_view.checkin.asking
    advance(clock, bridge, 30)
    assert "Noted" not in window.session_view.notice.text()


def test_answer_keys_do_nothing_when_no_checkin_is_asked(
    qtbot: QtBot, window: MainWindow, bridge: SessionBridge
) -> None:
    bridge.start_or_pause()
    press(qtbot, window, Qt.Key.Key_2)
    assert bridge.session.answers == ()


def test_an_unanswered_checkin_leaves_by_itself(
    qtbot: QtBot, window: MainWindow, bridge: SessionBridge, clock: FakeClock
) -> None:
    checkin_due(window, bridge, clock)
    advance(clock, bridge, 29)
    assert window.session_view.checkin.asking
    advance(clock, bridge, 1)  # 30 s of session time
    assert not window.session_view.checkin.asking
    assert bridge.session.answers == ()


def test_the_towel_reminder_appears_at_its_lead_before_closing(
    window: MainWindow, bridge: SessionBridge, clock: FakeClock
) -> None:
    bridge.start_or_pause()
    closing_starts = 30 * 60 - 180
    advance(clock, bridge, closing_starts - 5 * 60 - 1)
    assert "towels" not in window.session_view.notice.text()
    advance(clock, bridge, 1)
    assert "Put the towels on to warm" in window.session_view.notice.text()


def test_the_towel_reminder_goes_when_the_closing_strokes_begin(
    window: MainWindow, bridge: SessionBridge, clock: FakeClock
) -> None:
    """ "The closing strokes are coming" is wrong once they have come, however soon."""
    window.session_view.checkin.dismiss()
    bridge.start_or_pause()
    closing_starts = 30 * 60 - 180
    advance(clock, bridge, closing_starts - 10)  # the reminder, left unread
    assert "Put the towels on to warm" in window.session_view.notice.text()
    advance(clock, bridge, 11)
    assert bridge.session.phase.kind is PhaseKind.CLOSING
    assert "towels" not in window.session_view.notice.text()


def test_start_with_the_room_not_ready_lists_what_is_left_and_starts_anyway(
    qtbot: QtBot, window: MainWindow, bridge: SessionBridge, checklist: Checklist
) -> None:
    window.room.mark(ChecklistItem.SCENT, False)
    window.room.mark(ChecklistItem.TOWELS, False)
    assert checklist.left_to_do() == [ChecklistItem.SCENT, ChecklistItem.TOWELS]
    press(qtbot, window, Qt.Key.Key_Space)
    prompt = window.session_view.start_prompt
    assert bridge.session.state is SessionState.READY
    assert prompt.asking
    assert prompt.text.text() == "Not done yet: essential oils or scent; towels warming."
    press(qtbot, window, Qt.Key.Key_Space)
    assert bridge.session.state is SessionState.RUNNING
    assert not prompt.asking


def test_the_start_hint_gives_way_to_the_prompt_that_answers_it_and_comes_back_after_not_yet(
    qtbot: QtBot, window: MainWindow, checklist: Checklist
) -> None:
    hint = "Press Space to start when they are comfortable."
    notice = window.session_view.notice
    window.room.mark(ChecklistItem.TOWELS, False)
    assert notice.text() == hint
    press(qtbot, window, Qt.Key.Key_Space)
    assert window.session_view.start_prompt.asking
    assert notice.text() == ""  # the prompt itself says "Start anyway (Space)"
    window.session_view.start_prompt.dismiss()  # "Not yet"
    assert notice.text() == hint


def test_what_the_status_bar_said_before_a_session_goes_when_it_begins(
    window: MainWindow, bridge: SessionBridge
) -> None:
    """ "Saved with your plans" is news while preparing, not through the massage that follows."""
    window.statusBar().showMessage("“Evening” is saved with your plans.")
    bridge.start_or_pause()
    assert window.statusBar().currentMessage() == ""
    window.statusBar().showMessage("Said during the session.")
    bridge.start_or_pause()  # paused
    assert window.statusBar().currentMessage() == "Said during the session."


def test_choosing_a_plan_and_length_loads_a_new_session(
    window: MainWindow, bridge: SessionBridge
) -> None:
    window.top_bar.plan_choice.setCurrentIndex(0)
    assert bridge.session.plan.id == "shoulders-neck"
    assert window.top_bar.minutes.value() == 10
    window.top_bar.minutes.setValue(20)
    assert bridge.session.plan.total_seconds == 20 * 60
    assert shown_time(window).endswith("phase 1 of 7  ·  20:00 left")
    assert window.room.rows[ChecklistItem.POSITION].text() == "Comfortable, seated"


def test_the_plan_cannot_change_while_a_session_runs(
    window: MainWindow, bridge: SessionBridge
) -> None:
    bridge.start_or_pause()
    assert not window.top_bar.plan_choice.isEnabled()
    assert not window.top_bar.minutes.isEnabled()


def test_a_whole_session_runs_to_the_end_with_a_summary_and_can_start_again(
    qtbot: QtBot, window: MainWindow, bridge: SessionBridge, clock: FakeClock
) -> None:
    checkin_due(window, bridge, clock)
    press(qtbot, window, Qt.Key.Key_3)
    advance(clock, bridge, 30 * 60)
    # The end is drawn a turn of the event loop after the session's own work at its end, and
    # the controls a turn after that.
    start = window.commands[ActionId.START_PAUSE]
    assert window.session_view.phase_name.text() != "Session complete"
    assert start.text() != "Start again"
    qtbot.waitUntil(lambda: start.text() == "Start again")
    assert window.session_view.phase_name.text() == "Session complete"
    assert window.session_view.summary.text() == (
        "Well done: 30:00 given. Check-ins: firmer 1×. Let them rest before getting up."
    )
    assert window.session_view.prompt_slot.currentWidget() is window.session_view.summary
    assert window.top_bar.plan_choice.isEnabled()
    bridge.start_or_pause()
    assert bridge.session.state is SessionState.RUNNING
    assert bridge.session.elapsed == 0
    assert not window.session_view.summary.isVisible()


def test_no_timer_runs_when_nothing_moves(window: MainWindow, bridge: SessionBridge) -> None:
    assert not bridge.timer_active
    bridge.start_or_pause()
    assert bridge.timer_active
    bridge.start_or_pause()
    assert not bridge.timer_active


def test_f11_shows_only_the_phase_the_ring_and_the_cue(qtbot: QtBot, window: MainWindow) -> None:
    press(qtbot, window, Qt.Key.Key_F11)
    view = window.session_view
    assert window.isFullScreen()
    assert not window.top_bar.isVisible()
    assert not window.ambience.isVisible() and not window.room.isVisible()
    assert not view.timeline.isVisible() and not view.controls.isVisible()
    assert not view.cue_card.body_map.isVisible()
    assert view.ring.isVisible() and view.phase_name.isVisible()
    press(qtbot, window, Qt.Key.Key_F11)
    assert not window.isFullScreen()
    assert window.top_bar.isVisible() and view.timeline.isVisible()


def test_side_panels_fold_into_drawers_when_narrow(qtbot: QtBot, window: MainWindow) -> None:
    assert window.ambience.isVisible() and window.room.isVisible()
    window.resize(1024, 600)
    qtbot.waitUntil(lambda: not window.ambience.isVisible())
    assert not window.room.isVisible()
    press(qtbot, window, Qt.Key.Key_A)
    assert window.ambience.isVisible()
    press(qtbot, window, Qt.Key.Key_R)
    assert window.room.isVisible() and not window.ambience.isVisible()
    window.resize(1400, 800)
    qtbot.waitUntil(lambda: window.ambience.isVisible() and window.room.isVisible())


def test_a_drawer_opens_over_the_session_and_gives_the_space_back(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.resize(1024, 600)
    view = window.session_view
    qtbot.waitUntil(lambda: not window.ambience.isVisible() and view.width() > 900)
    before = (window.size(), view.geometry(), view.ring.geometry())
    press(qtbot, window, Qt.Key.Key_A)
    qtbot.waitUntil(window.ambience.isVisible)
    drawer = window.ambience.geometry()
    assert view.geometry().contains(drawer)  # over the session, inside the window
    assert drawer.width() < view.width() / 2
    assert (window.size(), view.geometry(), view.ring.geometry()) == before
    press(qtbot, window, Qt.Key.Key_A)
    assert not window.ambience.isVisible()
    assert (window.size(), view.geometry(), view.ring.geometry()) == before


def described(widget: QWidget) -> tuple[str, str]:
    """What assistive technology and a hovering pointer learn about a control."""
    action = widget.defaultAction() if isinstance(widget, QToolButton) else None
    name = widget.accessibleName() or (action.text() if action else "")
    if not name and isinstance(widget, QAbstractButton):
        name = widget.text()
    return name, widget.toolTip() or (action.toolTip() if action else "")


def test_every_control_has_an_accessible_name_and_a_tooltip(window: MainWindow) -> None:
    controls = [
        widget
        for kind in (QAbstractButton, QAbstractSlider, QComboBox, QSpinBox)
        for widget in window.findChildren(kind)
        if widget.isVisible()
    ]
    assert len(controls) > 20
    assert [w.objectName() for w in controls if not all(described(w))] == []


def test_the_keys_still_drive_the_session_after_starting_from_the_length_box(
    qtbot: QtBot, window: MainWindow, bridge: SessionBridge
) -> None:
    window.top_bar.minutes.setFocus()
    window.session_view.start_prompt.startAnyway.emit()
    assert bridge.session.state is SessionState.RUNNING
    # Not a slider or the timeline, which have uses of their own for arrows and Space.
    assert QApplication.focusWidget() is window.centralWidget()
    press(qtbot, window, Qt.Key.Key_Right)
    assert bridge.session.index == 1
    press(qtbot, window, Qt.Key.Key_Space)
    assert bridge.session.state is SessionState.PAUSED


def test_the_light_theme_is_chosen_in_one_press_and_remembered(
    qtbot: QtBot, window: MainWindow
) -> None:
    with qtbot.waitSignal(window.themeChosen) as chosen:
        press(qtbot, window, Qt.Key.Key_T)
    assert chosen.args == ["light"]
    background = window.centralWidget().grab().toImage().pixelColor(2, 2).name()
    assert background == LIGHT.background
    press(qtbot, window, Qt.Key.Key_T)
    assert window.centralWidget().grab().toImage().pixelColor(2, 2).name() == DARK.background


def test_the_length_box_never_offers_less_than_the_plan_can_take(
    build_window: BuildWindow, bridge: SessionBridge, audio: AudioBridge
) -> None:
    classic = built_in_plan("classic")
    knead = Phase(PhaseKind.KNEAD, Area.SHOULDERS, 60)
    long_plan = replace(
        classic, id="long", phases=(*classic.phases[:2], *[knead] * 16, classic.phases[-1])
    )
    window = build_window(audio, plans=[classic, long_plan], chosen="long", minutes=9)
    minutes = window.top_bar.minutes
    assert minutes.minimum() == 10
    assert minutes.value() == 10
    minutes.setValue(5)
    assert minutes.value() == 10
    assert bridge.session.plan.total_seconds == 10 * 60


def test_the_start_button_shows_play_when_stopped_and_pause_while_running(
    window: MainWindow, bridge: SessionBridge
) -> None:
    def ink() -> int:
        image = window.commands[ActionId.START_PAUSE].icon().pixmap(48, 48).toImage()
        # play is one triangle, pause two bars: the middle column is inked only for play
        return sum(image.pixelColor(24, y).alpha() > 128 for y in range(48))

    assert ink() > 10  # ready: play
    bridge.start_or_pause()
    assert ink() == 0  # running: pause
    bridge.start_or_pause()
    assert ink() > 10  # paused: play


def test_a_session_started_before_the_window_shows_still_pauses_on_space(
    qtbot: QtBot, build_window: BuildWindow, audio: AudioBridge, bridge: SessionBridge
) -> None:
    window = build_window(audio)
    bridge.start_or_pause()  # as --start does, while the window is still being made
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    assert QApplication.focusWidget() is window.centralWidget()
    press(qtbot, window, Qt.Key.Key_Space)
    assert bridge.session.state is SessionState.PAUSED


def test_ctrl_q_quits_though_a_question_is_open(qtbot: QtBot, window: MainWindow) -> None:
    # The README promises Ctrl+Q quits; with the resume question (or a file dialog) open, it
    # did nothing at all (an attacker's).
    window.show()
    qtbot.waitExposed(window)
    quitting: list[str] = []
    window.commands[ActionId.QUIT].triggered.connect(lambda: quitting.append("quit"))

    def press_ctrl_q() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, press_ctrl_q)
            return
        qtbot.keyClick(box, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
        box.close()  # as quitting closes every window: unanswered, though it reports Cancel

    QTimer.singleShot(0, press_ctrl_q)
    assert confirm(window, "Resume the session: 12:30 left?", "Lull was stopped.") is None
    assert quitting == ["quit"]
