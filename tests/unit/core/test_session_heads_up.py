"""The heads-up: a little before each change, so the giver finishes the stroke."""

from __future__ import annotations

import pytest
from fake_clock import FakeClock

from app.core.events import CheckinDue, HeadsUp, PhaseStarted, Pressure
from app.core.plan import Area, Phase, PhaseKind, Plan, Position
from app.core.session import (
    HEADS_UP_CLEAR_SECONDS,
    HEADS_UP_LATE_SECONDS,
    Moment,
    Session,
)


def plan(*seconds: int) -> Plan:
    """Hands-on phases of these lengths: effleurage, then kneading, then closing."""
    kinds = [PhaseKind.EFFLEURAGE, *[PhaseKind.KNEAD] * (len(seconds) - 2), PhaseKind.CLOSING]
    return Plan(
        id="heads-up",
        title="Heads-up",
        position=Position.LYING,
        phases=tuple(
            Phase(kind, Area.FULL_BACK if kind is not PhaseKind.KNEAD else Area.UPPER_BACK, s)
            for kind, s in zip(kinds, seconds, strict=True)
        ),
    )


def running(clock: FakeClock, *seconds: int, **options: float) -> Session:
    """Started, with no reminders, and no check-ins unless asked for."""
    options.setdefault("checkin_every", 3600)
    session = Session(plan(*seconds), clock, reminders=(), **options)
    session.start()
    session.tick(clock())
    return session


def heads_ups(events: list[object]) -> list[object]:
    return [event for event in events if isinstance(event, HeadsUp)]


def test_the_heads_up_is_foreseen_fifteen_seconds_before_the_change(clock: FakeClock) -> None:
    session = running(clock, 300, 300, 120)
    assert session.next_moment() == (285, Moment.HEADS_UP)
    assert session.seconds_to_next_event() == 285


def test_at_its_moment_the_heads_up_names_the_coming_phase_then_the_change_is_foreseen(
    clock: FakeClock,
) -> None:
    session = running(clock, 300, 300, 120)
    assert heads_ups(session.tick(clock.advance(284.9))) == []
    assert session.tick(clock.advance(0.1)) == [HeadsUp(1, 285.0)]
    assert session.next_moment() == (pytest.approx(15), Moment.PHASE)
    assert heads_ups(session.tick(clock.advance(10))) == []


def test_its_lead_is_the_sessions_own(clock: FakeClock) -> None:
    session = running(clock, 300, 300, 120, heads_up=30)
    assert session.next_moment() == (270, Moment.HEADS_UP)


def test_no_heads_up_when_it_is_turned_off(clock: FakeClock) -> None:
    session = running(clock, 300, 300, 120, heads_up=0)
    assert session.next_moment() == (300, Moment.PHASE)
    events = session.tick(clock.advance(299))
    assert heads_ups(events) == []


def test_no_heads_up_in_a_phase_shorter_than_a_minute(clock: FakeClock) -> None:
    session = running(clock, 59, 300, 120)
    assert session.next_moment() == (59, Moment.PHASE)


def test_no_heads_up_before_the_end_of_the_session(clock: FakeClock) -> None:
    session = running(clock, 300, 120)
    session.next()
    assert session.next_moment() is None
    assert heads_ups(session.tick(clock.advance(119))) == []


def test_a_phase_lengthened_past_a_minute_gains_its_heads_up(clock: FakeClock) -> None:
    session = running(clock, 50, 300, 120)
    session.extend(60)
    assert session.next_moment() == (95, Moment.HEADS_UP)


def test_a_catch_up_long_after_the_moment_says_nothing(clock: FakeClock) -> None:
    session = running(clock, 300, 300, 120)
    late = 285 + HEADS_UP_LATE_SECONDS + 0.5  # "fifteen seconds" would no longer be true
    assert heads_ups(session.tick(clock.advance(late))) == []
    assert session.next_moment() == (pytest.approx(300 - late), Moment.PHASE)


def test_a_catch_up_a_moment_late_still_gives_it(clock: FakeClock) -> None:
    session = running(clock, 300, 300, 120)
    assert session.tick(clock.advance(286)) == [HeadsUp(1, 285.0)]


def test_a_catch_up_past_the_change_tells_only_of_the_new_phase(clock: FakeClock) -> None:
    session = running(clock, 300, 300, 120)
    events = session.tick(clock.advance(301))
    assert [type(event) for event in events] == [PhaseStarted]


def test_a_pause_across_the_moment_keeps_it_ahead(clock: FakeClock) -> None:
    session = running(clock, 300, 300, 120)
    session.tick(clock.advance(280))
    session.pause()
    clock.advance(600)
    session.resume()
    assert session.next_moment() == (pytest.approx(5), Moment.HEADS_UP)
    assert session.tick(clock.advance(5)) == [HeadsUp(1, 285.0)]


def test_an_extension_after_the_heads_up_brings_another_before_the_new_end(
    clock: FakeClock,
) -> None:
    session = running(clock, 300, 300, 120)
    session.tick(clock.advance(290))
    session.extend(60)
    assert session.next_moment() == (pytest.approx(55), Moment.HEADS_UP)
    assert session.tick(clock.advance(55)) == [HeadsUp(1, 345.0)]


def test_a_jump_foresees_the_heads_up_of_the_phase_jumped_to(clock: FakeClock) -> None:
    session = running(clock, 300, 300, 120)
    session.tick(clock.advance(290))  # past the first phase's heads-up
    session.next()
    assert session.next_moment() == (285, Moment.HEADS_UP)
    session.undo_jump()
    assert session.next_moment() == (pytest.approx(10), Moment.PHASE)


def test_a_checkin_keeps_clear_of_the_heads_up(clock: FakeClock) -> None:
    # Due 280 s in: before the change's quiet last seconds, but just before the heads-up.
    session = running(clock, 300, 300, 120, checkin_every=280)
    assert [e for e in session.tick(clock.advance(299)) if isinstance(e, CheckinDue)] == []
    events = session.tick(clock.advance(151))
    assert CheckinDue(450.0) in events  # the middle of the next phase


def test_without_a_heads_up_the_checkin_comes_as_before(clock: FakeClock) -> None:
    session = running(clock, 300, 300, 120, checkin_every=280, heads_up=0)
    assert CheckinDue(280.0) in session.tick(clock.advance(299))


def test_a_checkin_still_open_near_the_moment_silences_the_heads_up(clock: FakeClock) -> None:
    session = running(clock, 300, 300, 120, checkin_every=260)
    assert session.next_moment() == (285, Moment.HEADS_UP)
    assert session.tick(clock.advance(260)) == [CheckinDue(260.0)]  # open until 290
    assert session.next_moment() == (pytest.approx(40), Moment.PHASE)
    assert heads_ups(session.tick(clock.advance(39))) == []


def test_a_checkin_answered_well_before_the_moment_lets_the_heads_up_come(
    clock: FakeClock,
) -> None:
    session = running(clock, 300, 300, 120, checkin_every=260)
    session.tick(clock.advance(260))
    session.tick(clock.advance(285 - HEADS_UP_CLEAR_SECONDS - 260 - 1))
    session.answer_checkin(Pressure.JUST_RIGHT)
    assert session.next_moment() == (pytest.approx(HEADS_UP_CLEAR_SECONDS + 1), Moment.HEADS_UP)
    assert heads_ups(session.tick(clock.advance(HEADS_UP_CLEAR_SECONDS + 1))) == [HeadsUp(1, 285.0)]


def test_a_checkin_answered_just_before_the_moment_still_silences_it(clock: FakeClock) -> None:
    session = running(clock, 300, 300, 120, checkin_every=260)
    session.tick(clock.advance(280))
    session.answer_checkin(Pressure.LIGHTER)
    assert session.next_moment() == (pytest.approx(20), Moment.PHASE)
