"""What the window shows of the session's state, to be read from two metres away."""

from __future__ import annotations

from fake_clock import FakeClock
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot
from ui.conftest import BuildWindow

from app.core.session import Session, SessionState
from app.core.settings import UiState
from app.main import wire_eyes_free, wire_sound
from app.ui.actions import ActionId
from app.ui.audio_bridge import AudioBridge
from app.ui.main_window import MainWindow
from app.ui.session_bridge import SessionBridge


def press(qtbot: QtBot, window: MainWindow, key: Qt.Key) -> None:
    qtbot.keyClick(QApplication.focusWidget() or window, key)


def test_paused_says_paused_in_the_ring_and_the_window_title(
    qtbot: QtBot, window: MainWindow, bridge: SessionBridge
) -> None:
    ring = window.session_view.ring
    press(qtbot, window, Qt.Key.Key_Space)
    assert (ring.status_text(), window.windowTitle()) == ("", "Lull")
    press(qtbot, window, Qt.Key.Key_Space)
    assert ring.status_text() == "Paused"
    assert ring.accessibleDescription().startswith("Paused, 01:00")
    assert window.windowTitle() == "Paused · Lull"
    press(qtbot, window, Qt.Key.Key_Space)
    assert (ring.status_text(), window.windowTitle()) == ("", "Lull")


def test_skipped_phases_are_drawn_as_skipped_not_done(
    window: MainWindow, bridge: SessionBridge, clock: FakeClock
) -> None:
    timeline = window.session_view.timeline
    bridge.start_or_pause()
    clock.advance(60 + 15)  # settle in full, the oil warmed for 15 of its 60 s
    bridge.tick()
    bridge.next()
    bridge.next()  # long strokes skipped whole
    rects = timeline.segment_rects()
    assert timeline.given_rect(0).width() == rects[0].width()
    assert timeline.given_rect(1).width() == rects[1].width() / 4
    assert timeline.given_rect(2).width() == 0


def test_an_extended_phase_is_drawn_longer_on_the_strip(
    qtbot: QtBot, window: MainWindow, bridge: SessionBridge
) -> None:
    timeline = window.session_view.timeline
    bridge.start_or_pause()
    before = timeline.segment_rects()[0].width()
    press(qtbot, window, Qt.Key.Key_Plus)
    press(qtbot, window, Qt.Key.Key_Plus)
    assert timeline.segment_rects()[0].width() > 2.5 * before  # 3 minutes where there was 1
    assert "3 min" in timeline.segment_tooltip(0)


def test_the_ended_screen_shows_the_summary_not_the_next_phase(
    qtbot: QtBot, window: MainWindow, bridge: SessionBridge, clock: FakeClock
) -> None:
    view = window.session_view
    bridge.start_or_pause()
    clock.advance(29 * 60)
    bridge.tick()
    assert view.next_phase.text() == "Next: rest"
    clock.advance(60)
    bridge.tick()
    qtbot.waitUntil(view.summary.isVisible)  # a turn after the session's own work at its end
    assert not view.next_phase.isVisible()
    assert view.summary.text().startswith("Well done: 30:00 given.")
    assert view.notice.text() == ""  # said once, in its place
    timeline = view.timeline
    assert all(
        timeline.given_rect(index) == rect for index, rect in enumerate(timeline.segment_rects())
    )


def test_start_again_brings_back_the_sounds_the_end_faded_out(
    window: MainWindow, bridge: SessionBridge, audio: AudioBridge, clock: FakeClock
) -> None:
    wire_sound(bridge, audio)
    wire_eyes_free(window, 1.0, clock)
    audio.play("river", 0.6)
    audio.play("rain", 0.3)
    bridge.start_or_pause()
    clock.advance(30 * 60)
    bridge.tick()
    assert audio.playing() == {}  # faded out at the end
    window.commands[ActionId.START_PAUSE].trigger()
    assert audio.playing() == {"river": 0.6, "rain": 0.3}


def test_stopping_every_sound_is_remembered_as_silence(
    qtbot: QtBot, build_window: BuildWindow, audio: AudioBridge
) -> None:
    window = build_window(audio, state=UiState(mix={"river": 0.7, "rain": 0.4}))
    assert window.ui_state().mix == {"river": 0.7, "rain": 0.4}  # nothing chosen yet: kept
    audio.play_mix({"river": 0.7, "rain": 0.4})  # as the start-up plays the last mix
    audio.stop("river")
    audio.stop("rain")
    assert window.ui_state().mix == {}


def test_a_rehearsal_says_it_is_one_and_how_fast_throughout(
    qtbot: QtBot, build_window: BuildWindow, audio: AudioBridge, clock: FakeClock, keeper: QObject
) -> None:
    bridge = SessionBridge(lambda plan: Session(plan, clock), clock, speed=30, parent=keeper)
    window = build_window(audio, session_bridge=bridge)
    window.show()
    qtbot.waitExposed(window)
    said = window.statusBar().findChild(QLabel, "rehearsal")
    assert said is not None and said.isVisible()
    assert said.text() == "Rehearsal: 30 times real speed"
    window.statusBar().showMessage("Saved.")  # a passing message leaves it in place
    bridge.start_or_pause()
    assert said.isVisible()


def test_a_real_session_says_nothing_of_rehearsals(window: MainWindow) -> None:
    assert window.statusBar().findChild(QLabel, "rehearsal") is None


def test_a_minute_that_could_not_all_be_borrowed_says_the_session_ends_later(
    qtbot: QtBot, build_window: BuildWindow, audio: AudioBridge
) -> None:
    """A new user borrowed a minute with one short phase left: the session ended 30 s later
    than planned, and nothing said so."""
    window = build_window(audio)
    window.show()
    bridge, notice = window.bridge, window.session_view.notice
    bridge.start_or_pause()
    bridge.borrow = True
    planned = bridge.session.total
    window.commands[ActionId.EXTEND].trigger()  # all of it borrowed: nothing to say
    assert bridge.session.total == planned and "the session ends" not in notice.text()
    bridge.go_to(len(bridge.session.plan.phases) - 1)  # the last: none to come to give it
    planned = bridge.session.total
    window.commands[ActionId.EXTEND].trigger()
    assert bridge.session.total == planned + 60
    assert "could not give it all: the session ends 1 min later." in notice.text()


def test_space_after_setting_the_length_starts_and_keeps_the_length(
    qtbot: QtBot, window: MainWindow
) -> None:
    """A new user clicked the length up to 12 min, then pressed Space as the window says: the
    box went blank (" min") and nothing started."""
    minutes = window.top_bar.minutes
    minutes.setFocus()
    minutes.stepUp()
    chosen = minutes.value()
    qtbot.keyClick(minutes, Qt.Key.Key_Space)
    assert window.bridge.session.state is SessionState.RUNNING
    assert minutes.value() == chosen and minutes.text() == f"{chosen} min"


def test_a_phase_changing_by_itself_between_the_two_escs_still_ends_the_session(
    window: MainWindow, clock: FakeClock
) -> None:
    """In a rehearsal the phases change every few seconds: a new user's second Esc, 4.5 s after
    the first, did nothing, the hint still showing."""
    bridge = window.bridge
    bridge.start_or_pause()
    window.commands[ActionId.END].trigger()
    clock.advance(bridge.session.phase_duration)
    bridge.tick()  # the next phase, by itself
    assert bridge.session.index == 1
    assert "Press Esc again" in window.session_view.notice.text()
    window.commands[ActionId.END].trigger()
    assert bridge.session.state is SessionState.FINISHED


def test_a_session_in_which_no_check_in_was_asked_does_not_say_none_was_answered(
    qtbot: QtBot, window: MainWindow, bridge: SessionBridge, clock: FakeClock
) -> None:
    """A new user's 5-minute session ended on "No check-ins answered", none having been asked."""
    bridge.start_or_pause()
    clock.advance(30)
    bridge.tick()
    bridge.end()
    view = window.session_view
    qtbot.waitUntil(view.summary.isVisible)
    assert view.summary.text() == "Ended early: 00:30 given. Let them rest before getting up."
