"""Elastic time in a running session: "+1 min" borrowed from the phases still to come."""

from __future__ import annotations

import json
import math

import pytest
from fake_clock import FakeClock
from hypothesis import given
from hypothesis import strategies as st

from app.core.checkpoint import checkpoint_from_dict, checkpoint_to_dict
from app.core.elastic import LEAST_BORROWED_FROM
from app.core.plan import BUILT_IN_PLANS, Plan, built_in_plan
from app.core.session import Session, SessionState


def running(plan: Plan, clock: FakeClock) -> Session:
    session = Session(plan, clock, reminders=())
    session.start()
    session.tick(clock())
    return session


def spare(later: tuple[float, ...]) -> int:
    """Whole seconds the later phases can give, each keeping 30 s."""
    return sum(max(math.floor(d) - LEAST_BORROWED_FROM, 0) for d in later)


def test_a_borrowed_minute_keeps_the_planned_end(clock: FakeClock) -> None:
    plan = built_in_plan("classic")
    session = running(plan, clock)
    session.tick(clock.advance(20))
    session.extend(60, borrow=True)
    assert session.total == plan.total_seconds
    assert session.phase_duration == plan.phases[0].seconds + 60
    assert session.extended == 0
    later = session.durations[1:]
    assert sum(later) == sum(p.seconds for p in plan.phases[1:]) - 60
    assert all(d <= p.seconds for d, p in zip(later, plan.phases[1:], strict=True))


def test_a_minute_not_borrowed_lengthens_the_session_as_before(clock: FakeClock) -> None:
    plan = built_in_plan("classic")
    session = running(plan, clock)
    session.extend(60)
    assert session.total == plan.total_seconds + 60
    assert session.durations[1:] == tuple(float(p.seconds) for p in plan.phases[1:])


def test_in_the_last_phase_the_minute_lengthens_the_session(clock: FakeClock) -> None:
    plan = built_in_plan("classic")
    session = running(plan, clock)
    session.go_to(len(plan.phases) - 1)
    before = session.total
    session.extend(60, borrow=True)
    assert session.total == before + 60
    assert session.extended == 60


def test_a_jump_after_borrowing_is_undone_to_the_borrowed_lengths(clock: FakeClock) -> None:
    session = running(built_in_plan("classic"), clock)
    session.extend(60, borrow=True)
    borrowed, total = session.durations, session.total
    session.tick(clock.advance(10))
    session.go_to(4)
    session.undo_jump()
    assert session.durations == borrowed
    assert session.total == total


def test_a_checkpoint_keeps_the_borrowed_lengths(clock: FakeClock) -> None:
    session = running(built_in_plan("classic"), clock)
    session.tick(clock.advance(30))
    session.extend(60, borrow=True)
    session.pause()
    saved = json.loads(json.dumps(checkpoint_to_dict(session.checkpoint())))
    resumed = Session.resumed(checkpoint_from_dict(saved), FakeClock(5.0), reminders=())
    assert resumed.durations == session.durations
    assert (resumed.total, resumed.remaining) == (session.total, session.remaining)


@given(
    plan=st.sampled_from(BUILT_IN_PLANS),
    minutes=st.integers(5, 120),
    steps=st.lists(
        st.tuples(st.floats(0, 600, allow_nan=False), st.sampled_from([60, 30, 120, 600])),
        max_size=12,
    ),
)
def test_borrowing_keeps_the_planned_end_whenever_the_phases_to_come_can_give_it(
    plan: Plan, minutes: int, steps: list[tuple[float, int]]
) -> None:
    plan = plan.scaled_to(max(minutes, plan.shortest_minutes) * 60)
    clock = FakeClock()
    session = running(plan, clock)
    for wait, seconds in steps:
        session.tick(clock.advance(wait))
        if session.state is SessionState.FINISHED:
            return
        index, before = session.index, session.durations
        total = session.total
        session.extend(seconds, borrow=True)
        after = session.durations
        lengthened = max(seconds - spare(before[index + 1 :]), 0)
        assert session.total == total + lengthened  # to the second: exactly
        assert after[:index] == before[:index]
        assert after[index] == before[index] + seconds
        for was, now in zip(before[index + 1 :], after[index + 1 :], strict=True):
            assert min(was, LEAST_BORROWED_FROM) <= now <= was
            assert now == int(now)


def test_borrowing_needs_a_positive_time(clock: FakeClock) -> None:
    session = running(built_in_plan("classic"), clock)
    with pytest.raises(ValueError, match="positive"):
        session.extend(0, borrow=True)
