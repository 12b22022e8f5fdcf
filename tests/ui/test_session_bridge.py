"""The session bridge tells the sound side when the next phase will begin, or that none will."""

from __future__ import annotations

import pytest
from fake_clock import FakeClock
from pytestqt.qtbot import QtBot

from app.core.plan import built_in_plan
from app.core.session import Session, scaled_clock
from app.main import wire_sound
from app.ui.audio_bridge import AudioBridge
from app.ui.session_bridge import SessionBridge


@pytest.fixture
def loaded(bridge: SessionBridge) -> SessionBridge:
    bridge.load(built_in_plan("classic"))
    return bridge


def test_a_running_phase_books_its_change_ahead_in_wall_seconds(
    qtbot: QtBot, loaded: SessionBridge, clock: FakeClock
) -> None:
    with qtbot.waitSignal(loaded.phaseChangeAhead) as ahead:
        loaded.start_or_pause()
    assert ahead.args == [pytest.approx(60.0)]
    clock.advance(20)
    with qtbot.waitSignal(loaded.phaseChangeAhead) as ahead:
        loaded.tick()
    assert ahead.args == [pytest.approx(40.0)]


def test_pausing_and_reaching_the_last_phase_cancel_the_booking(
    qtbot: QtBot, loaded: SessionBridge
) -> None:
    loaded.start_or_pause()
    with qtbot.waitSignal(loaded.noPhaseChangeAhead):
        loaded.start_or_pause()
    loaded.start_or_pause()
    with qtbot.waitSignal(loaded.noPhaseChangeAhead):
        loaded.go_to(len(loaded.session.plan.phases) - 1)


def test_the_phase_chime_booked_is_cancelled_when_the_giver_skips_to_the_end(
    loaded: SessionBridge, audio: AudioBridge
) -> None:
    wire_sound(loaded, audio)
    loaded.start_or_pause()
    assert audio.phase_chime_at is not None
    loaded.go_to(len(loaded.session.plan.phases) - 1)
    assert audio.phase_chime_at is None


def test_at_speed_ten_a_checkin_closes_after_three_wall_seconds(qtbot: QtBot) -> None:
    wall = FakeClock()
    fast = scaled_clock(wall, 10)  # as `lull --speed 10` makes it
    bridge = SessionBridge(lambda plan: Session(plan, fast), fast, speed=10)
    bridge.load(built_in_plan("classic"))
    bridge.start_or_pause()
    wall.advance(47.9)
    bridge.tick()
    wall.advance(0.1)  # 480 s of session time: the middle of kneading the shoulders
    with qtbot.waitSignal(bridge.checkinDue, timeout=100):
        bridge.tick()
    wall.advance(2.9)
    with qtbot.assertNotEmitted(bridge.checkinLapsed):
        bridge.tick()
    assert bridge.session.checkin_open
    wall.advance(0.1)  # 30 s of session time in 3 s of the wall's
    with qtbot.waitSignal(bridge.checkinLapsed, timeout=100):
        bridge.tick()
    assert not bridge.session.checkin_open
