"""Phases worked one side at a time: left, then "switch sides" at the half, heard on time, once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pytest
from fake_clock import FakeClock
from hypothesis import given
from hypothesis import strategies as st

from app.core.checkpoint import checkpoint_from_dict, checkpoint_to_dict
from app.core.events import CheckinDue, Event, PhaseStarted, Pressure, SideSwitched
from app.core.plan import (
    BUILT_IN_PLANS,
    SIDED_KINDS,
    Area,
    Phase,
    PhaseKind,
    Plan,
    Position,
    Side,
)
from app.core.session import (
    QUIET_END_SECONDS,
    SIDE_QUIET_SECONDS,
    Moment,
    Session,
    SessionState,
)

MILLISECOND = 1e-3


def sided_plan() -> Plan:
    """Settle 60, warm 60, knead 300 sided, neck 240 sided, closing 120: 13 minutes.

    The kneading switches sides at 270 s, the neck at 540 s."""
    return Plan(
        id="sided",
        title="Sided",
        position=Position.LYING,
        phases=(
            Phase(PhaseKind.SETTLE, Area.FULL_BACK, 60),
            Phase(PhaseKind.WARM_OIL, Area.FULL_BACK, 60),
            Phase(PhaseKind.KNEAD, Area.UPPER_BACK, 300, sides=True),
            Phase(PhaseKind.NECK, Area.NECK, 240, sides=True),
            Phase(PhaseKind.CLOSING, Area.FULL_BACK, 120),
        ),
    )


KNEAD, NECK = 2, 3
KNEAD_HALF, NECK_HALF = 270.0, 540.0


def all_sided(plan: Plan) -> Plan:
    """The plan with every phase that can be worked side by side worked so."""
    phases = tuple(replace(p, sides=p.kind in SIDED_KINDS) for p in plan.phases)
    return replace(plan, phases=phases)


@pytest.fixture
def session(clock: FakeClock) -> Session:
    session = Session(sided_plan(), clock, checkin_every=10_000, reminders=())
    session.start()
    session.tick(clock())
    return session


def at(session: Session, clock: FakeClock, elapsed: float) -> list[Event]:
    """Tick once, at `elapsed` session seconds (the session running since 0)."""
    return session.tick(clock.advance(elapsed - session.elapsed))


def switches(events: Sequence[Event]) -> list[SideSwitched]:
    return [event for event in events if isinstance(event, SideSwitched)]


# --- which side, and the switch -----------------------------------------------------------------


def test_a_sided_phase_is_worked_on_the_left_then_on_the_right(
    session: Session, clock: FakeClock
) -> None:
    assert session.side is None  # settling: the whole back, or none of it
    at(session, clock, 120)
    assert session.side is Side.LEFT
    at(session, clock, KNEAD_HALF - 0.001)
    assert session.side is Side.LEFT
    at(session, clock, KNEAD_HALF)
    assert session.side is Side.RIGHT
    at(session, clock, 420)
    assert (session.index, session.side) == (NECK, Side.LEFT)
    at(session, clock, 660)
    assert (session.index, session.side) == (4, None)


def test_the_switch_is_told_once_at_the_half(session: Session, clock: FakeClock) -> None:
    told = [at(session, clock, seconds) for seconds in (120, 200, 269.9, 270.0, 270.1, 300)]
    assert [switches(events) for events in told] == [
        [],
        [],
        [],
        [SideSwitched(KNEAD, Side.RIGHT, KNEAD_HALF)],
        [],
        [],
    ]


def test_a_late_tick_tells_of_the_switch_once_at_its_own_moment(
    session: Session, clock: FakeClock
) -> None:
    at(session, clock, 200)
    assert at(session, clock, 400) == [SideSwitched(KNEAD, Side.RIGHT, KNEAD_HALF)]


@given(gaps=st.lists(st.floats(0.01, 97.0), min_size=1, max_size=40))
def test_ticks_of_any_spacing_tell_each_switch_once_and_on_its_moment(gaps: list[float]) -> None:
    clock = FakeClock()
    session = Session(sided_plan(), clock, reminders=())
    session.start()
    told: list[SideSwitched] = []
    for gap in gaps:
        told += switches(session.tick(clock.advance(gap)))
    told += switches(session.tick(clock.advance(1000)))
    # Each switch at its half, except where one tick passed over the whole phase.
    assert [(s.index, s.at) for s in told] in (
        [(KNEAD, KNEAD_HALF), (NECK, NECK_HALF)],
        [(KNEAD, KNEAD_HALF)],
        [(NECK, NECK_HALF)],
        [],
    )
    assert all(s.side is Side.RIGHT for s in told)


def test_a_tick_that_passes_over_a_whole_phase_tells_nothing_of_its_switch(
    session: Session, clock: FakeClock
) -> None:
    at(session, clock, 100)
    events = at(session, clock, 450)  # over all the kneading, into the neck before its half
    assert [type(event) for event in events] == [PhaseStarted]
    assert (session.index, session.side) == (NECK, Side.LEFT)


def test_a_tick_that_lands_past_a_phases_half_starts_it_on_the_right_quietly(
    session: Session, clock: FakeClock
) -> None:
    at(session, clock, 100)
    events = at(session, clock, 580)  # over the kneading, and past the neck's half
    assert [type(event) for event in events] == [PhaseStarted]
    assert (session.index, session.side) == (NECK, Side.RIGHT)
    assert switches(at(session, clock, 600)) == []


def test_while_paused_there_is_no_switch_and_it_comes_on_time_after(
    session: Session, clock: FakeClock
) -> None:
    at(session, clock, 260)
    session.pause()
    clock.advance(100)
    assert switches(session.tick(clock())) == []
    assert session.side is Side.LEFT
    session.resume()
    assert switches(session.tick(clock.advance(9.9))) == []
    assert switches(session.tick(clock.advance(0.1))) == [
        SideSwitched(KNEAD, Side.RIGHT, KNEAD_HALF)
    ]


def test_the_end_of_the_session_leaves_no_side(session: Session, clock: FakeClock) -> None:
    at(session, clock, 300)
    session.end()
    assert session.side is None


# --- jumps, undo and extensions -----------------------------------------------------------------


@pytest.mark.parametrize("jump", ["next", "previous", "go_to"])
def test_a_jump_into_a_sided_phase_starts_it_on_the_left(
    session: Session, clock: FakeClock, jump: str
) -> None:
    at(session, clock, {"next": 100, "previous": 500, "go_to": 300}[jump])
    if jump == "go_to":
        session.go_to(KNEAD)  # the same phase again, from its start
    else:
        getattr(session, jump)()
    assert (session.index, session.side) == (KNEAD, Side.LEFT)
    start = session.elapsed
    assert switches(session.tick(clock.advance(149.9))) == []
    assert switches(session.tick(clock.advance(0.1))) == [
        SideSwitched(KNEAD, Side.RIGHT, pytest.approx(start + 150))
    ]


def test_an_undo_back_past_the_half_is_on_the_right_without_a_switch(
    session: Session, clock: FakeClock
) -> None:
    at(session, clock, 300)
    session.next()
    session.tick(clock.advance(5))
    session.undo_jump()
    assert (session.index, session.side) == (KNEAD, Side.RIGHT)
    assert switches(session.tick(clock.advance(20))) == []


def test_an_undo_back_before_the_half_switches_when_the_phase_reaches_it(
    session: Session, clock: FakeClock
) -> None:
    at(session, clock, 200)  # 80 s into the kneading: 70 s to its half
    session.next()
    session.tick(clock.advance(5))
    session.undo_jump()
    assert (session.index, session.side) == (KNEAD, Side.LEFT)
    assert switches(session.tick(clock.advance(69.9))) == []
    assert switches(session.tick(clock.advance(0.1))) == [
        SideSwitched(KNEAD, Side.RIGHT, pytest.approx(275.0))
    ]


def test_an_extension_before_the_switch_moves_it_to_the_new_half(
    session: Session, clock: FakeClock
) -> None:
    at(session, clock, 200)
    session.extend(60)  # the kneading lasts 360 s: its half is 180 s in, at 300
    assert switches(at(session, clock, 299.9)) == []
    assert session.side is Side.LEFT
    assert switches(at(session, clock, 300)) == [SideSwitched(KNEAD, Side.RIGHT, 300.0)]


def test_an_extension_after_the_switch_brings_no_second_one(
    session: Session, clock: FakeClock
) -> None:
    at(session, clock, 280)
    session.extend(120)  # the new half, 210 s in, is still ahead: the side stays the right
    assert session.side is Side.RIGHT
    told = [switches(at(session, clock, seconds)) for seconds in (300, 330, 400, 539)]
    assert told == [[], [], [], []]
    assert session.side is Side.RIGHT


# --- resuming from a checkpoint -----------------------------------------------------------------


@pytest.mark.parametrize(("stopped", "side"), [(200, Side.LEFT), (290, Side.RIGHT)])
def test_a_resumed_session_is_on_the_side_it_was_on_and_tells_no_switch(
    session: Session, clock: FakeClock, stopped: float, side: Side
) -> None:
    at(session, clock, stopped)
    resumed = Session.resumed(session.checkpoint(), clock, reminders=())
    assert resumed.side is side
    resumed.resume()
    told = switches(resumed.tick(clock.advance(max(KNEAD_HALF - stopped, 0) + 1)))
    expected = [SideSwitched(KNEAD, Side.RIGHT, KNEAD_HALF)] if side is Side.LEFT else []
    assert told == expected
    assert resumed.side is Side.RIGHT


def test_a_session_resumed_after_a_switch_and_an_extension_keeps_its_side_and_tells_no_more(
    session: Session, clock: FakeClock
) -> None:
    at(session, clock, KNEAD_HALF + 10)
    session.extend(120)  # the half moves on, past where the session stands, but it has switched
    resumed = Session.resumed(session.checkpoint(), clock, reminders=())
    assert resumed.side is Side.RIGHT
    resumed.resume()
    assert switches(resumed.tick(clock.advance(100))) == []
    assert resumed.side is Side.RIGHT


def test_a_checkpoint_keeps_when_its_phase_switched_sides(
    session: Session, clock: FakeClock
) -> None:
    at(session, clock, KNEAD_HALF + 10)
    kept = checkpoint_from_dict(checkpoint_to_dict(session.checkpoint()))
    assert kept.switched_at == pytest.approx(session.checkpoint().switched_at)
    assert kept.switched_at is not None


# --- what comes next ----------------------------------------------------------------------------


def test_the_next_deadline_includes_the_switch(session: Session, clock: FakeClock) -> None:
    at(session, clock, 200)
    assert session.seconds_to_next_event() == pytest.approx(70)
    at(session, clock, KNEAD_HALF)
    assert session.seconds_to_next_event() == pytest.approx(135)  # the heads-up


@pytest.mark.parametrize(
    ("elapsed", "foreseen"),
    [
        (0, (45, Moment.HEADS_UP)),
        (200, (70, Moment.SIDES)),
        (KNEAD_HALF, (135, Moment.HEADS_UP)),
        (410, (10, Moment.PHASE)),
        (500, (40, Moment.SIDES)),
        (600, (45, Moment.HEADS_UP)),
        (700, None),  # the last phase: its end has a chime of its own, not foreseen
    ],
)
def test_the_next_moment_heard_is_the_switch_the_heads_up_or_the_next_phase(
    session: Session, clock: FakeClock, elapsed: float, foreseen: tuple[float, Moment] | None
) -> None:
    at(session, clock, elapsed)
    assert session.next_moment() == (
        None if foreseen is None else (pytest.approx(foreseen[0]), foreseen[1])
    )


def test_nothing_is_foreseen_while_paused_or_once_finished(
    session: Session, clock: FakeClock
) -> None:
    at(session, clock, 200)
    session.pause()
    assert session.next_moment() is None
    session.resume()
    session.end()
    assert session.next_moment() is None


def test_a_sided_last_phase_foresees_its_switch(clock: FakeClock) -> None:
    plan = sided_plan()
    last = replace(plan.phases[-1], kind=PhaseKind.NECK, area=Area.NECK, sides=True)
    session = Session(replace(plan, phases=(*plan.phases[:-1], last)), clock, reminders=())
    session.start()
    session.go_to(4)
    session.tick(clock.advance(10))
    assert session.next_moment() == (pytest.approx(50), Moment.SIDES)
    session.tick(clock.advance(50))
    assert session.next_moment() is None


def test_the_moment_after_a_switch_is_one_of_switching(session: Session, clock: FakeClock) -> None:
    at(session, clock, KNEAD_HALF - 1)
    assert not session.switching_sides
    at(session, clock, KNEAD_HALF)
    assert session.switching_sides
    at(session, clock, KNEAD_HALF + SIDE_QUIET_SECONDS - 0.1)
    assert session.switching_sides
    at(session, clock, KNEAD_HALF + SIDE_QUIET_SECONDS)
    assert not session.switching_sides
    assert session.state is SessionState.RUNNING


# --- check-ins keep clear of the switch ---------------------------------------------------------


def first_checkin(clock: FakeClock, knead: int, due: float) -> float | None:
    """When the first check-in comes in a plan whose sided kneading lasts `knead` seconds from
    120 s, the check-ins coming every `due` seconds from when the hands go on (the kneading)."""
    plan = sided_plan()
    phases = list(plan.phases)
    phases[KNEAD] = replace(phases[KNEAD], seconds=knead)
    session = Session(replace(plan, phases=tuple(phases)), clock, checkin_every=due, reminders=())
    session.start()
    while session.state is not SessionState.FINISHED:
        for event in session.tick(clock.advance(0.5)):
            if isinstance(event, CheckinDue):
                return event.at
    return None


@pytest.mark.parametrize(
    ("knead", "due", "asked"),
    [
        # The knead's half is at 120 + knead/2: a check-in due within 15 s of it either side
        # waits till 15 s after it.
        (300, 100, 220.0),  # 50 s before the half: as it was
        (300, 135, 285.0),  # exactly 15 s before: too near, after the switch instead
        (300, 136, 285.0),  # 14 s before: after it
        (300, 150, 285.0),  # on the switch itself
        (300, 164, 285.0),  # 14 s after: moved on by a second
        (300, 165, 285.0),  # 15 s after: clear of it already
        (300, 170, 290.0),
        # A check-in due before the phase began would go to its middle: the switch; so it
        # comes 15 s after the switch instead.
        (300, 30, 285.0),
        # A short one: its middle, 45 s in, is the switch, and its first minute is quiet: the
        # question comes as that minute ends, which is 15 s after the switch.
        (90, 40, 180.0),
    ],
)
def test_a_checkin_never_falls_within_15_seconds_of_a_switch(
    clock: FakeClock, knead: int, due: float, asked: float
) -> None:
    assert first_checkin(clock, knead, due) == pytest.approx(asked)


@pytest.mark.parametrize("plan", BUILT_IN_PLANS, ids=lambda plan: plan.id)
@pytest.mark.parametrize("minutes", [10, 20, 45, 90])
@pytest.mark.parametrize("every", [60, 120, 240])
def test_in_every_sided_plan_no_checkin_falls_near_a_switch_or_at_a_phases_end(
    clock: FakeClock, plan: Plan, minutes: int, every: int
) -> None:
    sided = all_sided(plan).scaled_to(minutes * 60)
    session = Session(sided, clock, checkin_every=every, reminders=())
    session.start()
    switched: list[float] = []
    asked: list[float] = []
    ends = [0.0]
    for phase in sided.phases:
        ends.append(ends[-1] + phase.seconds)
    while session.state is not SessionState.FINISHED:
        for event in session.tick(clock.advance(1.0)):
            if isinstance(event, SideSwitched):
                switched.append(event.at)
            elif isinstance(event, CheckinDue):
                asked.append(event.at)
                session.answer_checkin(Pressure.JUST_RIGHT)
    assert len(switched) == sum(phase.sides for phase in sided.phases)
    for moment in asked:
        assert all(abs(moment - s) >= SIDE_QUIET_SECONDS - MILLISECOND for s in switched), moment
        phase_end = min(end for end in ends if end > moment)
        assert moment < phase_end - QUIET_END_SECONDS + MILLISECOND, moment
