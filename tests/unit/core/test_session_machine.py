"""Random sequences of commands and ticks over two hours, checked against a step-by-step model."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pytest
from fake_clock import FakeClock
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from unit.core.test_session_sides import all_sided

from app.core.elastic import LEAST_BORROWED_FROM
from app.core.events import (
    CheckinDue,
    CheckinLapsed,
    Event,
    PhaseStarted,
    Pressure,
    SideSwitched,
)
from app.core.plan import BUILT_IN_PLANS, Plan, Side
from app.core.session import (
    CHECKIN_OPEN_SECONDS,
    DEFAULT_CHECKIN_SECONDS,
    QUIET_START_SECONDS,
    Session,
    SessionState,
)

SPAN_SECONDS = 2 * 60 * 60
MILLISECOND = 1e-3
PLANS = [*BUILT_IN_PLANS, *map(all_sided, BUILT_IN_PLANS)]


class SessionModel:
    """The same rules written the slow, obvious way: time is walked through phase by phase."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.durations = [float(phase.seconds) for phase in plan.phases]
        self.index = 0
        self.phase_left = self.durations[0]
        self.elapsed = 0.0
        self.finished = False
        self.expected_total = float(plan.total_seconds)
        # (elapsed, index, quiet until) each time a phase became the current one, in order
        self.starts = [(0.0, 0, QUIET_START_SECONDS)]
        self.checkin_open = False
        self.last_checkin: float | None = None
        self.mark: tuple[int, float, list[float], bool] | None = None  # what an undo goes back to
        self.switched = False  # the current phase, worked side by side, is on its second side
        self.switches: list[tuple[int, float]] = []  # (index, elapsed) of each switch walked past

    def phases_at(self, at: float) -> list[tuple[int, float]]:
        """(index, quiet until) of the phases under way at `at`: two where one gave way."""
        spans = zip(self.starts, [*self.starts[1:], (math.inf, -1, 0.0)], strict=True)
        return [(index, quiet) for (start, index, quiet), (end, *_) in spans if start <= at <= end]

    def begin(self, index: int) -> None:
        self.starts.append((self.elapsed, index, self.elapsed + QUIET_START_SECONDS))

    def advance(self, seconds: float) -> list[int]:
        """Walk time forward; the phases entered on the way."""
        entered = []
        while seconds > 0 and not self.finished:
            to_half = self.phase_left - self.durations[self.index] / 2
            sides_ahead = self.plan.phases[self.index].sides and not self.switched
            step = min(seconds, self.phase_left, to_half if sides_ahead else math.inf)
            self.elapsed += step
            self.phase_left -= step
            seconds -= step
            if sides_ahead and step == to_half:
                self.switched = True
                self.switches.append((self.index, self.elapsed))
            if self.phase_left <= 0:
                if self.index == len(self.durations) - 1:
                    self.finished = True
                else:
                    self.index += 1
                    self.phase_left = self.durations[self.index]
                    self.switched = False
                    self.begin(self.index)
                    entered.append(self.index)
        if self.finished:
            self.checkin_open = False
            self.mark = None
        return entered

    @property
    def remaining(self) -> float:
        if self.finished:
            return 0.0
        return self.phase_left + sum(self.durations[self.index + 1 :])

    @property
    def side(self) -> Side | None:
        if self.finished or not self.plan.phases[self.index].sides:
            return None
        return Side.RIGHT if self.switched else Side.LEFT

    @property
    def near_half(self) -> bool:
        """So near the current phase's half that rounding may put either side of it."""
        return abs(self.phase_left - self.durations[self.index] / 2) < MILLISECOND

    def jump_to(self, index: int) -> None:
        self.mark = (self.index, self.phase_left, list(self.durations), self.switched)
        self.switched = False
        self.expected_total += self.durations[index] - self.phase_left
        self.expected_total += sum(self.durations[index + 1 : self.index + 1])
        self.expected_total -= sum(self.durations[self.index + 1 : index + 1])
        self.index = index
        self.phase_left = self.durations[index]
        self.begin(index)

    def undo(self) -> None:
        """Back to the phase and the time left as they were before the last jump."""
        assert self.mark is not None
        self.index, self.phase_left, self.durations, self.switched = self.mark
        self.mark = None
        self.expected_total = self.elapsed + self.remaining
        quiet = self.elapsed - (self.durations[self.index] - self.phase_left) + QUIET_START_SECONDS
        self.starts.append((self.elapsed, self.index, max(quiet, self.elapsed)))


class SessionMachine(RuleBasedStateMachine):
    @initialize(plan=st.sampled_from(PLANS), minutes=st.integers(5, 120))
    def begin(self, plan: Plan, minutes: int) -> None:
        plan = plan.scaled_to(max(minutes, plan.shortest_minutes) * 60)
        self.clock = FakeClock()
        self.session = Session(plan, self.clock)
        self.model = SessionModel(plan)
        self.running = False
        self.spent = 0.0
        self.last_elapsed = 0.0
        self.session.start()
        self.running = True
        self.check_events(self.session.tick(self.clock()), [0])

    def check_events(self, events: Sequence[Event], expected_phases: list[int]) -> None:
        started = [e.index for e in events if isinstance(e, PhaseStarted)]
        # A gap between ticks that crosses several phases reports only the last one.
        assert started == expected_phases[-1:]
        # The sides switch as they are walked past, told only by a tick that stays in its phase.
        walked, self.model.switches = self.model.switches, []
        told = [(e.index, e.at) for e in events if isinstance(e, SideSwitched)]
        expected = [] if expected_phases or self.model.near_half else walked
        if not self.model.near_half:
            assert told == [
                (index, pytest.approx(when, abs=MILLISECOND)) for index, when in expected
            ]
        for event in events:
            if isinstance(event, CheckinDue):
                self.check_checkin(event.at)
            elif isinstance(event, CheckinLapsed):
                assert self.model.checkin_open
                assert self.model.last_checkin is not None
                assert event.at >= self.model.last_checkin + CHECKIN_OPEN_SECONDS - MILLISECOND
                self.model.checkin_open = False

    def check_checkin(self, at: float) -> None:
        """Asked in a hands-on phase, past its first minute, a whole interval after the last."""
        model = self.model
        assert at <= model.elapsed + MILLISECOND
        assert any(
            model.plan.phases[index].kind.hands_on and at >= quiet - MILLISECOND
            for index, quiet in model.phases_at(at)
        )
        if model.last_checkin is not None:
            assert at >= model.last_checkin + DEFAULT_CHECKIN_SECONDS - MILLISECOND
        model.last_checkin = at
        model.checkin_open = True

    @precondition(lambda self: self.spent < SPAN_SECONDS)
    @rule(seconds=st.floats(0, 900, allow_nan=False))
    def tick(self, seconds: float) -> None:
        self.spent += seconds
        before = self.clock()
        # The model moves as far as the clock did: 1000.0 + 899.9999999999999 is 1900.0 in
        # floating point, and the session, rightly, goes by its clock.
        seconds = self.clock.advance(seconds) - before
        entered = self.model.advance(seconds) if self.running else []
        self.check_events(self.session.tick(self.clock()), entered)

    @rule()
    def tick_without_time_passing(self) -> None:
        self.check_events(self.session.tick(self.clock()), [])

    @precondition(lambda self: self.session.state is SessionState.RUNNING)
    @rule()
    def pause(self) -> None:
        self.session.pause()
        self.running = False

    @precondition(lambda self: self.session.state is SessionState.PAUSED)
    @rule()
    def resume(self) -> None:
        self.session.resume()
        self.running = True

    @precondition(lambda self: not self.model.finished)
    @rule()
    def next(self) -> None:
        self.session.next()
        if self.model.index == len(self.model.durations) - 1:
            self.model.expected_total -= self.model.phase_left
            self.model.finished = True
            self.model.checkin_open = False
            self.model.mark = None
            self.running = False
            entered = []
        else:
            self.model.jump_to(self.model.index + 1)
            entered = [self.model.index]
        self.check_events(self.session.tick(self.clock()), entered)

    @precondition(lambda self: not self.model.finished)
    @rule()
    def previous(self) -> None:
        self.session.previous()
        self.model.jump_to(max(self.model.index - 1, 0))
        self.check_events(self.session.tick(self.clock()), [self.model.index])

    @precondition(lambda self: not self.model.finished)
    @rule(data=st.data())
    def go_to(self, data: st.DataObject) -> None:
        index = data.draw(st.integers(0, len(self.model.durations) - 1))
        self.session.go_to(index)
        self.model.jump_to(index)
        self.check_events(self.session.tick(self.clock()), [index])

    @precondition(lambda self: self.session.state is not SessionState.READY)
    @rule(pressure=st.sampled_from(Pressure))
    def answer_checkin(self, pressure: Pressure) -> None:
        self.session.answer_checkin(pressure)
        self.model.checkin_open = False

    @precondition(lambda self: not self.model.finished)
    @rule(seconds=st.sampled_from([60, 30, 0.5, 300]))
    def extend(self, seconds: float) -> None:
        self.session.extend(seconds)
        self.model.durations[self.model.index] += seconds
        self.model.phase_left += seconds
        self.model.expected_total += seconds
        self.model.mark = None

    @precondition(lambda self: not self.model.finished)
    @rule(seconds=st.sampled_from([60, 120]))
    def extend_borrowing(self, seconds: int) -> None:
        """The later phases give what they can, each keeping 30 s; the rest lengthens it."""
        index, before = self.model.index, self.model.durations
        assert self.session.durations == pytest.approx(before)
        self.session.extend(seconds, borrow=True)
        after = list(self.session.durations)
        assert after[:index] == before[:index]
        for was, now in zip(before[index + 1 :], after[index + 1 :], strict=True):
            assert min(was, LEAST_BORROWED_FROM) <= now <= was
        self.model.durations = after
        self.model.phase_left += seconds
        self.model.expected_total += seconds - (sum(before[index + 1 :]) - sum(after[index + 1 :]))
        self.model.mark = None

    @precondition(lambda self: self.model.mark is not None)
    @rule()
    def undo_jump(self) -> None:
        before = self.session.elapsed
        self.session.undo_jump()
        self.model.undo()
        self.check_events(self.session.tick(self.clock()), [self.model.index])
        assert self.session.elapsed == before

    @precondition(lambda self: self.model.mark is not None)
    @rule()
    def forget_jump(self) -> None:
        self.session.forget_jump()
        self.model.mark = None

    @invariant()
    def elapsed_never_goes_back(self) -> None:
        assert self.session.elapsed >= self.last_elapsed
        self.last_elapsed = self.session.elapsed

    @invariant()
    def remaining_is_never_negative(self) -> None:
        assert self.session.remaining >= 0
        assert self.session.phase_remaining >= 0

    @invariant()
    def elapsed_plus_remaining_is_the_plan_plus_extensions(self) -> None:
        total = self.session.elapsed + self.session.remaining
        assert total == pytest.approx(self.model.expected_total, abs=MILLISECOND)

    @invariant()
    def a_checkin_is_open_from_its_question_to_its_answer_or_lapse(self) -> None:
        assert self.session.checkin_open == self.model.checkin_open

    @invariant()
    def a_jump_can_be_undone_until_another_change_or_the_end(self) -> None:
        assert self.session.can_undo == (self.model.mark is not None)

    @invariant()
    def the_phases_given_and_to_come_add_up(self) -> None:
        given, durations = self.session.given, self.session.durations
        assert all(0 <= g <= d + MILLISECOND for g, d in zip(given, durations, strict=True))
        if not self.model.finished:
            assert all(g == 0 for g in given[self.model.index + 1 :])
            assert sum(durations[self.model.index :]) == pytest.approx(
                given[self.model.index] + self.session.remaining, abs=MILLISECOND
            )

    @invariant()
    def the_side_is_the_models(self) -> None:
        if not self.model.near_half:
            assert self.session.side is self.model.side

    @invariant()
    def the_session_agrees_with_the_model(self) -> None:
        assert self.session.index == self.model.index
        assert self.session.elapsed == pytest.approx(self.model.elapsed, abs=MILLISECOND)
        assert self.session.remaining == pytest.approx(self.model.remaining, abs=MILLISECOND)
        assert (self.session.state is SessionState.FINISHED) == self.model.finished


SessionMachine.TestCase.settings = settings(max_examples=150, stateful_step_count=60, deadline=None)
TestSessionMachine = SessionMachine.TestCase
