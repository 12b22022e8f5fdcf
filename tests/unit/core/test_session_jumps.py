"""Jumps between phases under a fake clock: undone exactly, and what was given or skipped."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fake_clock import FakeClock
from unit.core.test_session import small_plan, started

from app.core.events import CheckinDue, PhaseStarted
from app.core.session import Session, SessionState, SessionStateError

Jump = Callable[[Session], None]
JUMPS: dict[str, Jump] = {
    "go_to": lambda session: session.go_to(4),
    "next": Session.next,
    "previous": Session.previous,
}


@pytest.fixture
def session(clock: FakeClock) -> Session:
    """Under way in the kneading phase (index 3), 100 s into it: 200 s of it left."""
    session = Session(small_plan(), clock, checkin_every=240, reminders=[])
    started(session)
    session.go_to(3)
    session.tick(clock.advance(100))
    session.forget_jump()
    return session


def where(session: Session) -> tuple[int, float, float]:
    return session.index, session.phase_remaining, session.remaining


@pytest.mark.parametrize("jump", JUMPS.values(), ids=JUMPS.keys())
def test_undoing_a_jump_returns_to_the_phase_and_the_time_it_had(
    session: Session, clock: FakeClock, jump: Jump
) -> None:
    before = where(session)
    jump(session)
    session.tick(clock.advance(5))
    assert where(session) != before
    session.undo_jump()
    session.tick(clock())
    assert where(session) == before
    assert session.elapsed == 100 + 5  # the seconds since the jump were spent, not given back


def test_the_undone_phase_counts_down_from_where_it_was(session: Session, clock: FakeClock) -> None:
    session.go_to(0)
    session.tick(clock.advance(3))
    session.undo_jump()
    session.tick(clock.advance(50))
    assert (session.index, session.phase_remaining) == (3, 150)
    events = session.tick(clock.advance(150))
    assert [e.index for e in events if isinstance(e, PhaseStarted)] == [4]


def test_an_undo_tells_of_the_phase_as_begun_by_hand_where_it_was(
    session: Session, clock: FakeClock
) -> None:
    session.next()
    session.tick(clock.advance(4))
    session.undo_jump()
    phase = small_plan().phases[3]
    # 104 s in, with 100 s of the phase given: as if it had begun at 4 s
    assert session.tick(clock()) == [PhaseStarted(3, phase, 4.0, by_hand=True)]


def test_undo_while_paused_stays_paused_and_exact(session: Session, clock: FakeClock) -> None:
    before = where(session)
    session.previous()
    session.pause()
    session.tick(clock.advance(30))
    session.undo_jump()
    assert session.state is SessionState.PAUSED
    assert where(session) == before


def test_undo_brings_back_the_extension_the_phase_had(session: Session, clock: FakeClock) -> None:
    session.extend(60)
    before = where(session)
    session.go_to(1)
    session.tick(clock.advance(2))
    session.undo_jump()
    assert where(session) == before
    assert session.extended == 60
    assert session.durations[3] == 360


def test_only_the_last_jump_is_undone_and_only_once(session: Session, clock: FakeClock) -> None:
    session.next()
    session.tick(clock.advance(2))
    after_first = where(session)
    session.go_to(0)
    session.undo_jump()
    assert where(session) == after_first
    assert not session.can_undo
    with pytest.raises(SessionStateError, match="no jump"):
        session.undo_jump()


@pytest.mark.parametrize(
    "settle",
    [
        lambda session: session.extend(60),
        Session.forget_jump,
        Session.end,
    ],
    ids=["extend", "forget", "end"],
)
def test_a_jump_is_settled_by_an_extension_the_time_running_out_or_the_end(
    session: Session, settle: Jump
) -> None:
    session.next()
    assert session.can_undo
    settle(session)
    assert not session.can_undo


def test_next_on_the_last_phase_ends_rather_than_jumps(session: Session, clock: FakeClock) -> None:
    session.go_to(4)
    session.next()
    assert session.state is SessionState.FINISHED
    assert not session.can_undo


def test_a_fresh_session_has_no_jump_to_undo(clock: FakeClock) -> None:
    session = Session(small_plan(), clock)
    started(session)
    assert not session.can_undo


def test_a_checkin_is_not_asked_for_a_moment_spent_in_another_phase(clock: FakeClock) -> None:
    """Undone into a phase under way for minutes, a check-in that fell due while the giver was
    elsewhere is asked now, not dated back to when they were warming the oil."""
    session = Session(small_plan(), clock, checkin_every=240, reminders=[])
    started(session)
    session.tick(clock.advance(120 + 200))  # 200 s into effleurage; a check-in is due at 360
    session.go_to(1)  # back to warming the oil, where none is asked
    events = session.tick(clock.advance(60))
    assert not [e for e in events if isinstance(e, CheckinDue)]
    session.undo_jump()
    assert session.tick(clock())[-1:] == [CheckinDue(380.0)]


def test_the_phases_given_in_full_in_part_or_skipped(clock: FakeClock) -> None:
    session = Session(small_plan(), clock, reminders=[])
    started(session)
    session.tick(clock.advance(60 + 20))  # settle in full, warming the oil for 20 s
    session.go_to(3)  # the rest of the oil and all of effleurage skipped
    session.tick(clock.advance(30))
    assert session.given == (60, 20, 0, 30, 0)
    session.previous()  # back to effleurage: it and the kneading are to come again
    assert session.given == (60, 20, 0, 0, 0)


def test_a_session_ended_early_has_given_nothing_of_the_phases_it_never_reached(
    clock: FakeClock,
) -> None:
    session = Session(small_plan(), clock, reminders=[])
    started(session)
    session.tick(clock.advance(100))
    session.end()
    assert session.given == (60, 40, 0, 0, 0)
    assert not session.completed


def test_a_session_that_runs_its_course_gave_every_phase_in_full(clock: FakeClock) -> None:
    session = Session(small_plan(), clock, reminders=[])
    started(session)
    session.extend(60)
    session.tick(clock.advance(900))
    assert session.given == session.durations == (120, 60, 300, 300, 120)
    assert session.completed


def test_an_extension_lengthens_the_phase_in_the_durations(session: Session) -> None:
    session.extend(90)
    assert session.durations == (60, 60, 300, 390, 120)
