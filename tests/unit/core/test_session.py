"""The session state machine under a fake clock: phases, pause, navigation, check-ins, reminders."""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise

import pytest
from fake_clock import FakeClock

from app.core.clock import scaled_clock
from app.core.events import (
    CheckinAnswer,
    CheckinDue,
    CheckinLapsed,
    Finished,
    HeadsUp,
    PhaseStarted,
    Pressure,
    ReminderDue,
)
from app.core.plan import BUILT_IN_PLANS, Area, Phase, PhaseKind, Plan, Position, built_in_plan
from app.core.room import towel_reminder
from app.core.session import (
    CHECKIN_OPEN_SECONDS,
    QUIET_START_SECONDS,
    Session,
    SessionState,
    SessionStateError,
)


def small_plan() -> Plan:
    """Settle 60, warm 60, effleurage 300, knead 300, closing 120: 14 minutes."""
    return Plan(
        id="small",
        title="Small",
        position=Position.LYING,
        phases=(
            Phase(PhaseKind.SETTLE, Area.FULL_BACK, 60),
            Phase(PhaseKind.WARM_OIL, Area.FULL_BACK, 60),
            Phase(PhaseKind.EFFLEURAGE, Area.FULL_BACK, 300),
            Phase(PhaseKind.KNEAD, Area.UPPER_BACK, 300),
            Phase(PhaseKind.CLOSING, Area.FULL_BACK, 120),
        ),
    )


@pytest.fixture
def session(clock: FakeClock) -> Session:
    return Session(small_plan(), clock, checkin_every=240, reminders=[towel_reminder(180)])


def started(session: Session) -> list[object]:
    session.start()
    return session.tick(session._clock())


def kinds(events: list[object]) -> list[str]:
    return [type(event).__name__ for event in events]


def test_a_new_session_waits_with_the_whole_plan_remaining(session: Session) -> None:
    assert session.state is SessionState.READY
    assert session.remaining == 840
    assert session.elapsed == 0


def test_start_begins_the_first_phase(session: Session) -> None:
    assert started(session) == [PhaseStarted(0, small_plan().phases[0], 0.0, by_hand=True)]
    assert session.state is SessionState.RUNNING


def test_the_countdown_follows_the_clock(session: Session, clock: FakeClock) -> None:
    started(session)
    session.tick(clock.advance(42.5))
    assert session.elapsed == 42.5
    assert session.phase_remaining == 17.5
    assert session.remaining == 840 - 42.5


def test_phases_change_on_their_deadlines(session: Session, clock: FakeClock) -> None:
    started(session)
    assert session.tick(clock.advance(59.9)) == []
    events = session.tick(clock.advance(0.2))
    assert events == [PhaseStarted(1, small_plan().phases[1], 60.0)]
    assert session.phase_elapsed == pytest.approx(0.1)


def test_pause_freezes_the_countdown(session: Session, clock: FakeClock) -> None:
    started(session)
    clock.advance(30)
    session.pause()
    assert session.tick(clock.advance(500)) == []
    assert session.elapsed == 30
    session.resume()
    session.tick(clock.advance(10))
    assert session.elapsed == 40


def test_resume_is_refused_unless_paused(session: Session) -> None:
    with pytest.raises(SessionStateError):
        session.resume()
    started(session)
    with pytest.raises(SessionStateError):
        session.start()


def test_next_starts_the_following_phase_now_and_shortens_the_session(
    session: Session, clock: FakeClock
) -> None:
    started(session)
    clock.advance(20)
    session.next()
    assert session.tick(clock()) == [PhaseStarted(1, small_plan().phases[1], 20.0, by_hand=True)]
    assert session.phase_remaining == 60
    assert session.total == 840 - 40


def test_next_on_the_last_phase_finishes_the_session(session: Session, clock: FakeClock) -> None:
    started(session)
    for _ in range(4):
        session.next()
    session.tick(clock())
    session.next()
    assert session.tick(clock()) == [Finished(0.0, completed=True)]
    assert session.state is SessionState.FINISHED


def test_previous_replays_the_previous_phase_in_full(session: Session, clock: FakeClock) -> None:
    started(session)
    session.tick(clock.advance(70))
    session.previous()
    assert session.tick(clock()) == [PhaseStarted(0, small_plan().phases[0], 70.0, by_hand=True)]
    assert session.phase_remaining == 60
    assert session.total == 840 + 70


def test_previous_on_the_first_phase_restarts_it(session: Session, clock: FakeClock) -> None:
    started(session)
    clock.advance(15)
    session.previous()
    assert session.index == 0
    assert session.phase_remaining == 60


def test_extend_lengthens_the_current_phase(session: Session, clock: FakeClock) -> None:
    started(session)
    session.extend(60)
    assert session.tick(clock.advance(100)) == []
    assert session.phase_remaining == 20
    assert session.total == 900
    assert session.extended == 60


def test_extend_needs_a_positive_time(session: Session) -> None:
    started(session)
    with pytest.raises(ValueError, match="positive"):
        session.extend(0)


def test_the_session_finishes_at_the_end_of_the_plan(session: Session, clock: FakeClock) -> None:
    started(session)
    events = []
    for _ in range(900):
        events += session.tick(clock.advance(1))
    assert events[-1] == Finished(840.0, completed=True)
    assert session.elapsed == 840
    assert session.remaining == 0
    assert [e.index for e in events if isinstance(e, PhaseStarted)] == [1, 2, 3, 4]


def test_end_stops_early_and_says_so(session: Session, clock: FakeClock) -> None:
    started(session)
    session.tick(clock.advance(100))
    session.end()
    assert session.tick(clock.advance(100)) == [Finished(100.0, completed=False)]
    assert session.remaining == 0
    with pytest.raises(SessionStateError):
        session.next()


def test_checkins_come_every_interval_once_the_hands_are_on(
    session: Session, clock: FakeClock
) -> None:
    started(session)
    checkins = []
    for _ in range(840):
        checkins += [e.at for e in session.tick(clock.advance(1)) if isinstance(e, CheckinDue)]
    # The hands go on at 120 s (after settling and warming the oil).
    assert checkins == [360.0, 600.0]


def test_no_checkin_during_settling_or_warming_the_oil(clock: FakeClock) -> None:
    session = Session(small_plan(), clock, checkin_every=30, reminders=[])
    started(session)
    events = []
    for _ in range(400):
        events += session.tick(clock.advance(1))
    checkins = [e.at for e in events if isinstance(e, CheckinDue)]
    # The hands go on at 120 s; the first one, due at 150 s, waits for effleurage's middle.
    assert checkins and min(checkins) == 120 + 300 / 2


def test_a_checkin_waits_while_the_giver_goes_back_to_warm_the_oil(
    session: Session, clock: FakeClock
) -> None:
    started(session)
    session.tick(clock.advance(350))
    session.previous()  # back to warming the oil, at 350 s
    assert not [e for e in session.tick(clock.advance(30)) if isinstance(e, CheckinDue)]
    session.tick(clock.advance(40))  # effleurage again from 410 s
    assert not [e for e in session.tick(clock.advance(139)) if isinstance(e, CheckinDue)]
    events = session.tick(clock.advance(1))  # its middle, 150 s in
    assert [e for e in events if isinstance(e, CheckinDue)] == [CheckinDue(410.0 + 150)]


def test_a_checkin_due_in_a_phases_first_minute_moves_to_its_middle(clock: FakeClock) -> None:
    # Classic: effleurage from 120 s, so the first check-in is due at 360 s, the very moment
    # kneading the shoulders (360 to 600 s) begins.
    session = Session(built_in_plan("classic"), clock, checkin_every=240, reminders=[])
    started(session)
    session.tick(clock.advance(360))
    assert session.phase.kind is PhaseKind.KNEAD
    assert not [e for e in session.tick(clock.advance(119)) if isinstance(e, CheckinDue)]
    assert session.seconds_to_next_event() == pytest.approx(1)
    assert session.tick(clock.advance(1)) == [CheckinDue(360.0 + 240 / 2)]


def test_a_checkin_due_late_in_the_first_minute_of_a_short_phase_waits_out_the_minute(
    clock: FakeClock,
) -> None:
    plan = replace(small_plan(), phases=(Phase(PhaseKind.EFFLEURAGE, Area.FULL_BACK, 90),) * 3)
    session = Session(plan, clock, checkin_every=100, reminders=[])
    started(session)
    checkins = []
    for _ in range(270):
        checkins += [e.at for e in session.tick(clock.advance(1)) if isinstance(e, CheckinDue)]
    # Due at 100 s, 10 s into the second phase, whose middle (135 s) is still in its first
    # minute: asked as the minute ends. The next, 100 s on, is 70 s into the third phase.
    assert checkins == [150.0, 250.0]


def test_a_phase_with_no_quiet_moment_passes_its_checkin_to_the_next(clock: FakeClock) -> None:
    plan = replace(
        small_plan(),
        phases=(
            Phase(PhaseKind.EFFLEURAGE, Area.FULL_BACK, 100),
            Phase(PhaseKind.NECK, Area.NECK, 50),
            Phase(PhaseKind.CLOSING, Area.FULL_BACK, 200),
        ),
    )
    session = Session(plan, clock, checkin_every=110, reminders=[])
    started(session)
    checkins = []
    for _ in range(350):
        checkins += [e.at for e in session.tick(clock.advance(1)) if isinstance(e, CheckinDue)]
    # Due at 110 s, in the 50 s neck phase: closing (from 150 s) asks it at its middle.
    assert checkins[0] == 150.0 + 100


def test_the_rhythm_starts_again_from_a_moved_checkin(clock: FakeClock) -> None:
    session = Session(built_in_plan("classic"), clock, checkin_every=240, reminders=[])
    started(session)
    checkins = []
    while session.state is not SessionState.FINISHED:
        checkins += [e.at for e in session.tick(clock.advance(1)) if isinstance(e, CheckinDue)]
    # Moved from 360 to 480 s, the rest follow every four minutes, none in a first minute.
    assert checkins == [480.0, 720.0, 960.0, 1200.0, 1440.0, 1680.0]


@pytest.mark.parametrize("plan", BUILT_IN_PLANS, ids=lambda plan: plan.id)
@pytest.mark.parametrize("minutes", [10, 20, 30, 45, 60, 90])
@pytest.mark.parametrize("every", [60, 120, 180, 240, 300])
def test_no_checkin_falls_in_the_first_minute_of_a_phase(
    clock: FakeClock, plan: Plan, minutes: int, every: int
) -> None:
    plan = plan.scaled_to(max(minutes, plan.shortest_minutes) * 60)
    session = Session(plan, clock, checkin_every=every, reminders=[])
    started(session)
    starts = [0.0]
    asked = []
    while session.state is not SessionState.FINISHED:
        for event in session.tick(clock.advance(0.5)):
            if isinstance(event, PhaseStarted):
                starts.append(event.at)
            elif isinstance(event, CheckinDue):
                asked.append(event.at)
                assert session.phase.kind.hands_on
                assert event.at >= starts[-1] + QUIET_START_SECONDS
    assert all(b - a >= every for a, b in pairwise(asked))


def test_an_unanswered_checkin_lapses_after_thirty_seconds_of_session_time(
    session: Session, clock: FakeClock
) -> None:
    started(session)
    session.tick(clock.advance(359))
    assert session.tick(clock.advance(1)) == [CheckinDue(360.0)]
    assert session.checkin_open
    assert session.seconds_to_next_event() == CHECKIN_OPEN_SECONDS
    session.tick(clock.advance(10))
    session.pause()
    session.tick(clock.advance(600))  # a paused session's time stands still
    session.resume()
    assert session.tick(clock.advance(19)) == []
    assert session.checkin_open
    assert session.tick(clock.advance(1)) == [CheckinLapsed(390.0)]
    assert not session.checkin_open
    assert session.answers == ()


def test_an_answer_closes_the_checkin(session: Session, clock: FakeClock) -> None:
    started(session)
    session.tick(clock.advance(365))
    session.answer_checkin(Pressure.JUST_RIGHT)
    assert not session.checkin_open
    assert not [e for e in session.tick(clock.advance(60)) if isinstance(e, CheckinLapsed)]


def test_the_end_closes_an_open_checkin(session: Session, clock: FakeClock) -> None:
    started(session)
    session.tick(clock.advance(365))
    session.end()
    assert not session.checkin_open
    assert kinds(session.tick(clock.advance(60))) == ["Finished"]


def test_at_speed_ten_a_checkin_lapses_after_three_wall_seconds(clock: FakeClock) -> None:
    fast = scaled_clock(clock, 10)
    session = Session(small_plan(), fast, checkin_every=240, reminders=[])
    session.start()
    clock.advance(36)
    assert CheckinDue(360.0) in session.tick(fast())
    clock.advance(2.9)
    assert session.tick(fast()) == []
    assert session.checkin_open
    clock.advance(0.1)
    assert session.tick(fast()) == [CheckinLapsed(390.0)]


def test_a_catch_up_past_a_checkins_span_still_shows_it_for_the_whole_span(
    session: Session, clock: FakeClock
) -> None:
    started(session)
    assert CheckinDue(360.0) in session.tick(clock.advance(400))  # asleep through it
    assert kinds(session.tick(clock.advance(29))) == ["PhaseStarted"]
    assert session.checkin_open
    assert session.tick(clock.advance(1)) == [CheckinLapsed(430.0)]


def test_the_towel_reminder_comes_its_lead_before_closing(
    session: Session, clock: FakeClock
) -> None:
    started(session)
    reminders = []
    for _ in range(840):
        reminders += [e for e in session.tick(clock.advance(1)) if isinstance(e, ReminderDue)]
    # Closing starts at 720 s; the lead is 180 s.
    assert reminders == [ReminderDue(towel_reminder(180), 540.0)]


def test_the_towel_reminder_moves_with_an_extension(session: Session, clock: FakeClock) -> None:
    started(session)
    session.tick(clock.advance(100))
    session.extend(60)
    events = session.tick(clock.advance(500))  # 600 s: the reminder is now due at 600
    assert ReminderDue(towel_reminder(180), 600.0) in events


def test_a_long_lead_reminds_at_the_start(clock: FakeClock) -> None:
    session = Session(small_plan(), clock, reminders=[towel_reminder(3600)])
    assert ReminderDue(towel_reminder(3600), 0.0) in started(session)


def test_skipping_past_closing_drops_the_reminder(session: Session, clock: FakeClock) -> None:
    started(session)
    for _ in range(4):
        session.next()
    session.tick(clock.advance(1000))
    assert not [e for e in session.tick(clock()) if isinstance(e, ReminderDue)]


def test_a_long_gap_between_ticks_gives_one_catch_up_not_a_burst(
    session: Session, clock: FakeClock
) -> None:
    started(session)
    events = session.tick(clock.advance(700))  # slept through three phase changes
    assert kinds(events) == ["ReminderDue", "PhaseStarted", "CheckinDue"]
    assert events[1] == PhaseStarted(3, small_plan().phases[3], 420.0)
    # Missed in effleurage, it is asked at kneading's middle (570 s) and open till 600 s.
    assert events[2] == CheckinDue(570.0)
    assert session.seconds_to_next_event() == pytest.approx(20)  # knead ends at 720


def test_a_catch_up_keeps_the_checkin_rhythm_from_when_the_hands_went_on(
    session: Session, clock: FakeClock
) -> None:
    started(session)
    events = session.tick(clock.advance(360))  # the hands went on at 120 s, unseen
    assert CheckinDue(360.0) in events


def test_ticks_of_any_spacing_give_the_same_deadlines(clock: FakeClock) -> None:
    plan = built_in_plan("classic")
    starts = []
    for step in (0.25, 0.7, 3.3, 17):
        run_clock = FakeClock()
        session = Session(plan, run_clock)
        session.start()
        found = []
        while session.state is not SessionState.FINISHED:
            # A heads-up is told only by a tick within a few seconds of it: not compared.
            events = session.tick(run_clock.advance(step))
            found += [e.at for e in events if not isinstance(e, HeadsUp)]
        starts.append(found)
    assert all(found == starts[0] for found in starts)


def test_seconds_to_next_event_points_at_the_nearest_deadline(
    session: Session, clock: FakeClock
) -> None:
    assert session.seconds_to_next_event() is None
    started(session)
    session.tick(clock.advance(10))
    assert session.seconds_to_next_event() == 35  # the heads-up, 15 s before the change
    session.pause()
    assert session.seconds_to_next_event() is None


def test_a_clock_that_stutters_backwards_does_not_undo_time(
    session: Session, clock: FakeClock
) -> None:
    started(session)
    session.tick(clock.now + 50)
    session.tick(clock.now + 20)
    assert session.elapsed == 50


def test_a_scaled_clock_runs_faster_from_its_origin(clock: FakeClock) -> None:
    fast = scaled_clock(clock, 60)
    start = fast()
    clock.advance(1.5)
    assert fast() - start == 90


@pytest.mark.parametrize("speed", [0, -2, float("nan"), float("inf")])
def test_a_scaled_clock_needs_a_positive_speed(clock: FakeClock, speed: float) -> None:
    with pytest.raises(ValueError, match="positive"):
        scaled_clock(clock, speed)


def test_checkin_answers_are_kept_with_the_session(session: Session, clock: FakeClock) -> None:
    started(session)
    session.tick(clock.advance(370))
    session.answer_checkin(Pressure.FIRMER, frozenset({Area.SHOULDERS}))
    session.tick(clock.advance(240))
    session.answer_checkin(Pressure.JUST_RIGHT)
    assert session.answers == (
        CheckinAnswer(370.0, Pressure.FIRMER, frozenset({Area.SHOULDERS})),
        CheckinAnswer(610.0, Pressure.JUST_RIGHT),
    )


def test_a_late_answer_after_the_end_is_still_kept(session: Session, clock: FakeClock) -> None:
    started(session)
    session.tick(clock.advance(1000))
    session.answer_checkin(Pressure.LIGHTER)
    assert [answer.pressure for answer in session.answers] == [Pressure.LIGHTER]


def test_an_answer_before_the_start_is_refused(session: Session) -> None:
    with pytest.raises(SessionStateError):
        session.answer_checkin(Pressure.LIGHTER)


def test_go_to_jumps_to_any_phase_in_full(session: Session, clock: FakeClock) -> None:
    started(session)
    session.tick(clock.advance(30))
    session.go_to(3)
    assert session.tick(clock()) == [PhaseStarted(3, small_plan().phases[3], 30.0, by_hand=True)]
    assert session.phase_remaining == 300
    assert session.total == 30 + 300 + 120


@pytest.mark.parametrize("index", [-1, 5])
def test_go_to_refuses_a_phase_the_plan_does_not_have(session: Session, index: int) -> None:
    started(session)
    with pytest.raises(IndexError, match="no phase"):
        session.go_to(index)


def test_a_reminder_with_no_lead_comes_as_its_phase_begins(clock: FakeClock) -> None:
    session = Session(small_plan(), clock, reminders=[towel_reminder(0)])
    started(session)
    events = []
    for _ in range(800):
        events += session.tick(clock.advance(1))
    assert ReminderDue(towel_reminder(0), 720.0) in events


def test_a_gap_past_the_closing_start_still_reminds_once(clock: FakeClock) -> None:
    session = Session(small_plan(), clock, reminders=[towel_reminder(180)])
    started(session)
    events = session.tick(clock.advance(750))  # asleep from 500 s to well into closing
    assert [e for e in events if isinstance(e, ReminderDue)] == [
        ReminderDue(towel_reminder(180), 540.0)
    ]
    assert not [e for e in session.tick(clock.advance(10)) if isinstance(e, ReminderDue)]


def test_a_checkin_due_in_the_last_seconds_of_a_phase_waits_for_the_next_ones_middle(
    clock: FakeClock,
) -> None:
    plan = replace(small_plan(), phases=(Phase(PhaseKind.EFFLEURAGE, Area.FULL_BACK, 240),) * 2)
    session = Session(plan, clock, checkin_every=235, reminders=[])
    started(session)
    checkins = []
    for _ in range(480):
        checkins += [e.at for e in session.tick(clock.advance(1)) if isinstance(e, CheckinDue)]
    # Due at 235 s, 5 s before the second phase: asked at that phase's middle instead.
    assert checkins == [360.0]
