"""The bridge foresees the heads-up, tells it at its moment, then foresees the change; and
"+1 min" borrows from the phases to come when the giver chose so."""

from __future__ import annotations

import pytest
from fake_clock import FakeClock
from pytestqt.qtbot import QtBot

from app.core.clock import scaled_clock
from app.core.events import Pressure
from app.core.plan import built_in_plan
from app.core.session import Moment, Session
from app.main import wire_sound
from app.ui.audio_bridge import HEADS_UP_CHIME, PHASE_CHIME, AudioBridge
from app.ui.session_bridge import SessionBridge

# The classic plan's third phase, effleurage, from 120 s to 360 s; its heads-up is at 345 s.
EFFLEURAGE, EFFLEURAGE_HEADS_UP = 2, 345.0


@pytest.fixture
def started(bridge: SessionBridge) -> SessionBridge:
    bridge.load(built_in_plan("classic"))
    bridge.start_or_pause()
    return bridge


def test_the_heads_up_is_foreseen_told_at_its_moment_and_then_the_change_foreseen(
    qtbot: QtBot, bridge: SessionBridge, clock: FakeClock
) -> None:
    bridge.load(built_in_plan("classic"))
    with qtbot.waitSignal(bridge.momentAhead) as ahead:
        bridge.start_or_pause()
    assert ahead.args == [pytest.approx(45.0), Moment.HEADS_UP]
    clock.advance(45)
    with (
        qtbot.waitSignal(bridge.headsUp) as heads_up,
        qtbot.waitSignal(bridge.momentAhead) as ahead,
    ):
        bridge.tick()
    assert heads_up.args == [1]  # the phase coming next
    assert ahead.args == [pytest.approx(15.0), Moment.PHASE]


def test_after_a_pause_the_heads_up_is_foreseen_again(
    qtbot: QtBot, started: SessionBridge, clock: FakeClock
) -> None:
    clock.advance(30)
    started.start_or_pause()  # pause
    clock.advance(300)
    with qtbot.waitSignal(started.momentAhead) as ahead:
        started.start_or_pause()  # resume
    assert ahead.args == [pytest.approx(15.0), Moment.HEADS_UP]


def test_an_extension_after_the_heads_up_foresees_a_new_one(
    qtbot: QtBot, started: SessionBridge, clock: FakeClock
) -> None:
    clock.advance(50)
    started.tick()
    with qtbot.waitSignal(started.momentAhead) as ahead:
        started.extend(60)
    assert ahead.args == [pytest.approx(55.0), Moment.HEADS_UP]


def test_a_jump_foresees_the_heads_up_of_the_phase_jumped_to(
    qtbot: QtBot, started: SessionBridge, clock: FakeClock
) -> None:
    clock.advance(50)
    started.tick()
    with qtbot.waitSignal(started.momentAhead) as ahead:
        started.go_to(EFFLEURAGE)
    assert ahead.args == [pytest.approx(225.0), Moment.HEADS_UP]


def test_answering_a_checkin_in_good_time_brings_the_heads_up_back(
    qtbot: QtBot, clock: FakeClock
) -> None:
    bridge = SessionBridge(lambda plan: Session(plan, clock, checkin_every=190), clock)
    bridge.load(built_in_plan("classic"))
    bridge.start_or_pause()
    clock.advance(
        310
    )  # effleurage began at 120: a check-in 310 s in, open until 340: on top of the heads-up at 345
    with qtbot.waitSignal(bridge.momentAhead) as ahead:
        bridge.tick()
    assert ahead.args == [pytest.approx(50.0), Moment.PHASE]
    clock.advance(5)
    with qtbot.waitSignal(bridge.momentAhead) as ahead:
        bridge.answer_checkin(Pressure.JUST_RIGHT, frozenset())
    assert ahead.args == [pytest.approx(EFFLEURAGE_HEADS_UP - 315), Moment.HEADS_UP]


def test_the_heads_up_chime_is_booked_then_the_phase_chime_after_it(
    qtbot: QtBot, clock: FakeClock, audio: AudioBridge
) -> None:
    wall = clock
    fast = scaled_clock(wall, 10)
    bridge = SessionBridge(lambda plan: Session(plan, fast), fast, speed=10)
    wire_sound(bridge, audio)
    bridge.load(built_in_plan("classic"))
    with qtbot.assertNotEmitted(audio.problem):  # the chime is in the library, and plays
        bridge.start_or_pause()
    assert audio.booked_chime == (pytest.approx(wall() + 4.5), HEADS_UP_CHIME)
    wall.advance(4.5)
    bridge.tick()
    assert audio.booked_chime == (pytest.approx(wall() + 1.5), PHASE_CHIME)


def test_the_minute_is_borrowed_when_the_giver_chose_so(
    qtbot: QtBot, started: SessionBridge
) -> None:
    planned = started.session.total
    started.borrow = True
    with qtbot.waitSignal(started.phaseChanged):  # the strip and the time left show it at once
        started.extend()
    assert started.session.total == planned
    assert started.session.phase_duration == 120


def test_the_minute_lengthens_the_session_by_default(started: SessionBridge) -> None:
    planned = started.session.total
    started.extend()
    assert started.session.total == planned + 60
