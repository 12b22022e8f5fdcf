"""The session bridge tells the sound side what it foresees next (a phase beginning, the sides
switching, the heads-up) and when, or that nothing will come by itself; and re-emits the
session's events."""

from __future__ import annotations

from dataclasses import replace

import pytest
from fake_clock import FakeClock
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from app.core.clock import scaled_clock
from app.core.events import SideSwitched
from app.core.plan import Plan, Side, built_in_plan
from app.core.session import Moment, Session
from app.main import wire_sound
from app.ui.audio_bridge import HEADS_UP_CHIME, SIDES_CHIME, AudioBridge
from app.ui.session_bridge import SessionBridge

SIDED = 3  # the classic plan's shoulders, from 360 s to 600 s: sides switch at 480 s


def classic_sided() -> Plan:
    """The classic plan with its shoulders kneaded one side at a time."""
    plan = built_in_plan("classic")
    phases = list(plan.phases)
    phases[SIDED] = replace(phases[SIDED], sides=True)
    return replace(plan, phases=tuple(phases))


@pytest.fixture
def loaded(bridge: SessionBridge) -> SessionBridge:
    bridge.load(built_in_plan("classic"))
    return bridge


def test_a_running_phase_books_what_comes_next_ahead_in_wall_seconds(
    qtbot: QtBot, loaded: SessionBridge, clock: FakeClock
) -> None:
    with qtbot.waitSignal(loaded.momentAhead) as ahead:
        loaded.start_or_pause()
    assert ahead.args == [pytest.approx(45.0), Moment.HEADS_UP]  # 15 s before the change
    clock.advance(20)
    with qtbot.waitSignal(loaded.momentAhead) as ahead:
        loaded.tick()
    assert ahead.args == [pytest.approx(25.0), Moment.HEADS_UP]


def test_a_phase_worked_side_by_side_books_its_switch_then_its_heads_up(
    qtbot: QtBot, bridge: SessionBridge, clock: FakeClock
) -> None:
    bridge.load(classic_sided())
    bridge.start_or_pause()
    bridge.go_to(SIDED)
    clock.advance(100)
    with qtbot.waitSignal(bridge.momentAhead) as ahead:
        bridge.tick()
    assert ahead.args == [pytest.approx(20.0), Moment.SIDES]
    clock.advance(20)
    with (
        qtbot.waitSignal(bridge.sideSwitched) as switched,
        qtbot.waitSignal(bridge.momentAhead) as ahead,
    ):
        bridge.tick()
    assert switched.args == [SideSwitched(SIDED, Side.RIGHT, pytest.approx(120.0))]
    assert ahead.args == [pytest.approx(105.0), Moment.HEADS_UP]


def test_pausing_and_reaching_the_last_phase_cancel_the_booking(
    qtbot: QtBot, loaded: SessionBridge
) -> None:
    loaded.start_or_pause()
    with qtbot.waitSignal(loaded.noMomentAhead):
        loaded.start_or_pause()
    loaded.start_or_pause()
    with qtbot.waitSignal(loaded.noMomentAhead):
        loaded.go_to(len(loaded.session.plan.phases) - 1)


def test_the_chime_booked_is_cancelled_when_the_giver_skips_to_the_end(
    loaded: SessionBridge, audio: AudioBridge
) -> None:
    wire_sound(loaded, audio)
    loaded.start_or_pause()
    assert audio.booked_chime is not None
    loaded.go_to(len(loaded.session.plan.phases) - 1)
    assert audio.booked_chime is None


def test_the_sides_chime_is_booked_for_the_switch_and_the_heads_up_chime_after_it(
    qtbot: QtBot, clock: FakeClock, audio: AudioBridge, keeper: QObject
) -> None:
    wall = clock
    fast = scaled_clock(wall, 10)
    bridge = SessionBridge(lambda plan: Session(plan, fast), fast, speed=10, parent=keeper)
    wire_sound(bridge, audio)
    bridge.load(classic_sided())
    bridge.start_or_pause()
    with qtbot.assertNotEmitted(audio.problem):  # the chime is in the library, and plays
        bridge.go_to(SIDED)
    assert audio.booked_chime == (pytest.approx(wall() + 12.0), SIDES_CHIME)
    wall.advance(5)
    bridge.tick()
    assert audio.booked_chime == (pytest.approx(wall() + 7.0), SIDES_CHIME)
    wall.advance(7)
    bridge.tick()
    assert audio.booked_chime == (pytest.approx(wall() + 10.5), HEADS_UP_CHIME)


def test_at_speed_ten_a_checkin_closes_after_three_wall_seconds(
    qtbot: QtBot, keeper: QObject
) -> None:
    wall = FakeClock()
    fast = scaled_clock(wall, 10)  # as `lull --speed 10` makes it
    bridge = SessionBridge(lambda plan: Session(plan, fast), fast, speed=10, parent=keeper)
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


@pytest.fixture
def running(clock: FakeClock, keeper: QObject) -> SessionBridge:
    """Classic, 90 s in: the second phase (warming the oil), 30 s into it."""
    bridge = SessionBridge(
        lambda plan: Session(plan, clock), clock, ask_ms=50, undo_ms=50, parent=keeper
    )
    bridge.load(built_in_plan("classic"))
    bridge.start_or_pause()
    clock.advance(90)
    bridge.tick()
    return bridge


@pytest.mark.parametrize("index", [0, 1, 2])
def test_a_phase_at_most_one_step_away_is_gone_to_at_once(
    qtbot: QtBot, running: SessionBridge, index: int
) -> None:
    with qtbot.assertNotEmitted(running.jumpAsked), qtbot.waitSignal(running.jumpMade):
        running.choose_phase(index)
    assert running.session.index == index


def test_a_far_phase_is_asked_about_and_gone_to_once_confirmed(
    qtbot: QtBot, running: SessionBridge
) -> None:
    with qtbot.waitSignal(running.jumpAsked) as asked:
        running.choose_phase(6)
    assert asked.args == [6]
    assert (running.session.index, running.asked_jump) == (1, 6)
    with qtbot.waitSignal(running.jumpMade):
        running.confirm_jump()
    assert running.session.index == 6
    assert running.asked_jump is None


def test_choosing_the_far_phase_again_is_a_yes(running: SessionBridge) -> None:
    running.choose_phase(6)
    running.choose_phase(6)
    assert running.session.index == 6


def test_choosing_another_far_phase_asks_about_that_one_instead(
    qtbot: QtBot, running: SessionBridge
) -> None:
    running.choose_phase(6)
    with qtbot.waitSignal(running.jumpAsked) as asked:
        running.choose_phase(4)
    assert asked.args == [4]
    assert running.session.index == 1


def test_a_far_jump_not_confirmed_is_not_made(qtbot: QtBot, running: SessionBridge) -> None:
    running.choose_phase(6)
    with qtbot.waitSignal(running.jumpSettled):
        running.cancel_jump()
    running.confirm_jump()
    assert running.session.index == 1
    running.choose_phase(6)
    with qtbot.waitSignal(running.jumpSettled, timeout=1000):
        pass  # left unanswered, the question goes by itself
    assert (running.session.index, running.asked_jump) == (1, None)


@pytest.mark.parametrize("jump", ["next", "previous", "choose_phase"])
def test_any_jump_can_be_undone_while_it_is_offered(
    qtbot: QtBot, running: SessionBridge, clock: FakeClock, jump: str
) -> None:
    before = (running.session.index, running.session.phase_remaining, running.session.remaining)
    with qtbot.waitSignal(running.jumpMade):
        getattr(running, jump)(*([2] if jump == "choose_phase" else []))
    clock.advance(3)
    with qtbot.waitSignal(running.jumpSettled):
        running.undo_jump()
    session = running.session
    assert (session.index, session.phase_remaining, session.remaining) == before
    assert not running.undo_offered


def test_the_undo_is_withdrawn_after_its_few_seconds(qtbot: QtBot, running: SessionBridge) -> None:
    running.next()
    assert running.undo_offered
    with qtbot.waitSignal(running.jumpSettled, timeout=1000):
        pass
    assert not running.session.can_undo
    running.undo_jump()
    assert running.session.index == 2


@pytest.mark.parametrize("settle", ["extend", "end", "load"])
def test_an_extension_the_end_or_a_new_plan_settle_a_jump(
    qtbot: QtBot, running: SessionBridge, settle: str
) -> None:
    running.next()
    with qtbot.waitSignal(running.jumpSettled):
        if settle == "load":
            running.load(built_in_plan("seated"))
        else:
            getattr(running, settle)()
    assert not running.undo_offered


def test_next_on_the_last_phase_ends_with_nothing_to_undo(
    qtbot: QtBot, running: SessionBridge
) -> None:
    running.go_to(len(running.session.plan.phases) - 1)
    with qtbot.assertNotEmitted(running.jumpMade):
        running.next()
    assert not running.undo_offered


def test_start_again_after_the_end_says_so(qtbot: QtBot, running: SessionBridge) -> None:
    with qtbot.assertNotEmitted(running.startedAgain):
        running.start_or_pause()  # pause
        running.start_or_pause()  # resume
    running.end()
    with qtbot.waitSignal(running.startedAgain):
        running.start_or_pause()
