"""The session state machine: phases, check-ins and reminders, all computed from deadlines.

Time comes from an injected monotonic clock, so tests use a fake one. Nothing is counted
per tick: elapsed time is the time banked at the last pause plus the clock's advance since the
last resume, and every event has a deadline in elapsed seconds. However the ticks are spaced,
nothing drifts, and a long gap between ticks gives one catch-up rather than a burst of events.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from app.core.checkpoint import Checkpoint
from app.core.clock import Clock
from app.core.elastic import borrow as borrow_from
from app.core.events import (
    CheckinAnswer,
    CheckinDue,
    CheckinLapsed,
    Event,
    Finished,
    HeadsUp,
    PhaseStarted,
    Pressure,
    ReminderDue,
    SideSwitched,
)
from app.core.people import Person
from app.core.plan import Area, Phase, Plan, Side
from app.core.room import Reminder, towel_reminder

DEFAULT_CHECKIN_SECONDS = 4 * 60  # often enough to catch discomfort, rare enough not to nag
QUIET_START_SECONDS = 60  # a phase's first minute is for finding its rhythm: no question then
# A question asked in a phase's last seconds is still being answered as the next one begins,
# and looks as if it came with it: it waits for the next phase's middle instead.
QUIET_END_SECONDS = 15
CHECKIN_OPEN_SECONDS = 30  # unanswered, a check-in closes: the giver may simply have asked aloud
# The giver moves round the table as the sides switch: no question just before, or until they
# have found the new side's rhythm.
SIDE_QUIET_SECONDS = 15
HEADS_UP_SECONDS = 15.0  # enough to finish the stroke under way
HEADS_UP_LEAST_PHASE_SECONDS = 60  # a shorter phase is over before a warning could help
# A heads-up and a check-in this close would talk over each other: a check-in is asked at least
# this long before the heads-up, and the heads-up gives way to a check-in open this near it.
HEADS_UP_CLEAR_SECONDS = 10
# Told later than this (a catch-up after the machine slept), "fifteen seconds" would no longer
# be true: it is left out, as a stale prompt is.
HEADS_UP_LATE_SECONDS = 3


class SessionState(StrEnum):
    READY = "ready"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"


class Moment(StrEnum):
    """A change the session makes by itself, foreseen, so that it can be heard on time."""

    PHASE = "phase"  # the next phase begins
    SIDES = "sides"  # half way through a phase worked one side at a time
    HEADS_UP = "heads-up"  # a little before the next phase, so the giver finishes the stroke


class SessionStateError(RuntimeError):
    """A command that makes no sense in the session's state: a bug in the caller."""


@dataclass(frozen=True)
class _JumpMark:
    """Where the session stood before the giver jumped, so that an undo puts it back exactly."""

    index: int
    phase_elapsed: float  # how far into that phase it was
    durations: tuple[float, ...]
    extended: float
    given: tuple[float, ...]
    switched_after: float | None  # how far into that phase it switched sides, if it had


class Session:
    def __init__(
        self,
        plan: Plan,
        clock: Clock,
        *,
        checkin_every: float = DEFAULT_CHECKIN_SECONDS,
        reminders: Sequence[Reminder] = (towel_reminder(),),
        person: Person | None = None,
        heads_up: float = HEADS_UP_SECONDS,
    ) -> None:
        self.plan = plan
        self.person = person  # who it is for, when the giver chose someone
        self.checkin_every = checkin_every
        self.heads_up = heads_up  # seconds before each change; 0: none
        self.reminders = tuple(reminders)
        self._clock = clock
        self._durations = [float(phase.seconds) for phase in plan.phases]
        self._state = SessionState.READY
        self._index = 0
        self._phase_start = 0.0  # elapsed seconds when the current phase began
        self._banked = 0.0  # elapsed seconds up to the last resume
        self._resumed_at = 0.0  # clock time of the last resume
        self._last_now = -math.inf
        self._elapsed = 0.0
        self._extended = 0.0
        self._given = [0.0] * len(plan.phases)  # of each phase left behind, how much was given
        self._entered_at = 0.0  # elapsed seconds when the current phase became the current one
        self._switched_at: float | None = None  # when the current phase switched sides, if it has
        self._jump_mark: _JumpMark | None = None  # while the last jump can be undone
        self._completed = False
        self._next_checkin: float | None = None  # set when the hands first go on
        self._checkin_closes: float | None = None  # while a check-in is open: when it lapses
        self._checkin_ended: float | None = None  # when the last check-in was answered or lapsed
        self._reminded: set[str] = set()
        self._events: list[Event] = []
        self._answers: list[CheckinAnswer] = []

    # --- what the session looks like, as of the last tick or command ---------------------------

    @property
    def state(self) -> SessionState:
        return self._state

    @property
    def index(self) -> int:
        return self._index

    @property
    def phase(self) -> Phase:
        return self.plan.phases[self._index]

    @property
    def next_phase(self) -> Phase | None:
        following = self._index + 1
        return self.plan.phases[following] if following < len(self.plan.phases) else None

    @property
    def elapsed(self) -> float:
        return self._elapsed

    @property
    def total(self) -> float:
        """Elapsed plus remaining: the plan, plus extensions, less what was skipped."""
        if self._state is SessionState.FINISHED:
            return self._elapsed
        return self._phase_start + sum(self._durations[self._index :])

    @property
    def remaining(self) -> float:
        return self.total - self._elapsed

    @property
    def phase_duration(self) -> float:
        return self._durations[self._index]

    @property
    def phase_elapsed(self) -> float:
        return self._elapsed - self._phase_start

    @property
    def phase_remaining(self) -> float:
        if self._state is SessionState.FINISHED:
            return 0.0
        return self._phase_end - self._elapsed

    @property
    def side(self) -> Side | None:
        """The side worked now, in a phase worked one side at a time; None in any other."""
        if self._state is SessionState.FINISHED or not self.phase.sides:
            return None
        return Side.LEFT if self._switched_at is None else Side.RIGHT

    @property
    def switching_sides(self) -> bool:
        """Just after the switch, while the giver moves round to the other side."""
        switched = self._switched_at
        return switched is not None and self._elapsed < switched + SIDE_QUIET_SECONDS

    @property
    def extended(self) -> float:
        return self._extended

    @property
    def durations(self) -> tuple[float, ...]:
        """Each phase's length as it stands: the plan's, plus any extension."""
        return tuple(self._durations)

    @property
    def given(self) -> tuple[float, ...]:
        """Seconds of each phase given: all of it, part (the rest was skipped), or none yet."""
        if self._state is SessionState.READY:
            return (0.0,) * len(self._durations)
        if self._state is SessionState.FINISHED:
            return tuple(self._given)
        ahead = len(self._durations) - self._index - 1
        return (*self._given[: self._index], self.phase_elapsed, *(0.0,) * ahead)

    @property
    def completed(self) -> bool:
        """Finished by reaching the end of the plan, not ended early."""
        return self._completed

    @property
    def can_undo(self) -> bool:
        """The last jump (next, previous or go_to) can still be taken back."""
        return self._jump_mark is not None

    @property
    def checkins_asked(self) -> bool:
        """Whether any check-in was asked in this session: answered, lapsed or still open."""
        asked = self._checkin_ended is not None or self._checkin_closes is not None
        return asked or bool(self._answers)

    @property
    def checkin_open(self) -> bool:
        """A check-in has been asked and is neither answered nor lapsed."""
        return self._checkin_closes is not None

    @property
    def answers(self) -> tuple[CheckinAnswer, ...]:
        """What the recipient said at each check-in, in order."""
        return tuple(self._answers)

    def seconds_to_next_event(self) -> float | None:
        """Session seconds from the last tick to the next deadline; None when nothing is due."""
        if self._state is not SessionState.RUNNING:
            return None
        deadlines = [self._phase_end]
        if self._switch_ahead is not None:
            deadlines.append(self._switch_ahead)
        checkin = self._checkin_moment()
        if checkin is not None:
            deadlines.append(checkin)
        if self._checkin_closes is not None:
            deadlines.append(self._checkin_closes)
        if self._heads_up_ahead is not None:
            deadlines.append(self._heads_up_ahead)
        deadlines.extend(due for _, due in self._pending_reminders())
        return max(0.0, min(deadlines) - self._elapsed)

    def next_moment(self) -> tuple[float, Moment] | None:
        """Session seconds from the last tick to the next change the giver hears as it comes
        by itself, and which it is: the sides switching, the heads-up, or the next phase
        beginning. None while paused or finished, or when only the end is ahead (it is not
        heard until it comes)."""
        if self._state is not SessionState.RUNNING:
            return None
        ahead = [
            (at, moment)
            for at, moment in (
                (self._switch_ahead, Moment.SIDES),
                (self._heads_up_ahead, Moment.HEADS_UP),
                (self._phase_end if self.next_phase is not None else None, Moment.PHASE),
            )
            if at is not None
        ]
        if not ahead:
            return None
        at, moment = min(ahead, key=lambda foreseen: foreseen[0])
        return at - self._elapsed, moment

    def checkpoint(self) -> Checkpoint:
        """Where the session stands, to resume it from if Lull is killed."""
        return Checkpoint(
            plan=self.plan,
            checkin_every=self.checkin_every,
            durations=self.durations,
            given=self.given,
            index=self._index,
            phase_start=self._phase_start,
            elapsed=self._elapsed,
            extended=self._extended,
            next_checkin=self._next_checkin,
            reminded=frozenset(self._reminded),
            answers=self.answers,
            switched_at=self._switched_at,
        )

    @classmethod
    def resumed(
        cls,
        checkpoint: Checkpoint,
        clock: Clock,
        *,
        reminders: Sequence[Reminder] = (towel_reminder(),),
        person: Person | None = None,
        heads_up: float = HEADS_UP_SECONDS,
    ) -> Session:
        """A session as a checkpoint left it, paused: the giver resumes when they are ready.

        A check-in that was open is dropped (the moment for it has passed), and a jump can no
        longer be undone. A phase past its half is on the right side: the switch was heard.
        """
        session = cls(
            checkpoint.plan,
            clock,
            checkin_every=checkpoint.checkin_every,
            reminders=reminders,
            person=person,
            heads_up=heads_up,
        )
        session._durations = list(checkpoint.durations)
        session._given = list(checkpoint.given)
        session._index = checkpoint.index
        session._phase_start = session._entered_at = checkpoint.phase_start
        session._elapsed = session._banked = checkpoint.elapsed
        session._extended = checkpoint.extended
        session._next_checkin = checkpoint.next_checkin
        session._reminded = set(checkpoint.reminded)
        session._answers = list(checkpoint.answers)
        session._switched_at = checkpoint.switched_at
        session._last_now = clock()
        session._state = SessionState.PAUSED
        return session

    # --- time -----------------------------------------------------------------------------------

    def tick(self, now: float) -> list[Event]:
        """Bring the session up to `now` and hand over every event since the last tick."""
        self._advance_to(now)
        events, self._events = self._events, []
        return events

    # --- commands ---------------------------------------------------------------------------------

    def start(self) -> None:
        self._require(SessionState.READY)
        now = self._clock()
        self._last_now = self._resumed_at = now
        self._state = SessionState.RUNNING
        self._enter_phase(0)

    def pause(self) -> None:
        self._catch_up(SessionState.RUNNING)
        if self._state is SessionState.RUNNING:
            self._banked = self._elapsed
            self._state = SessionState.PAUSED

    def resume(self) -> None:
        self._require(SessionState.PAUSED)
        self._last_now = self._resumed_at = max(self._clock(), self._last_now)
        self._state = SessionState.RUNNING

    def next(self) -> None:
        if not self._catch_up(SessionState.RUNNING, SessionState.PAUSED):
            return
        if self._index == len(self.plan.phases) - 1:
            self._finish(completed=True)
        else:
            self._jump(self._index + 1)

    def previous(self) -> None:
        """Back to the start of the previous phase (or the first phase's start), in full."""
        self.go_to(max(self._index - 1, 0))

    def go_to(self, index: int) -> None:
        """Start phase `index` now, in full, whichever phase is under way."""
        if not 0 <= index < len(self.plan.phases):
            raise IndexError(f"there is no phase {index + 1} in a plan of {len(self.plan.phases)}")
        if self._catch_up(SessionState.RUNNING, SessionState.PAUSED):
            self._jump(index)

    def undo_jump(self) -> None:
        """Back to the phase the last jump left, with the time it had left, in it and in all.

        The time since the jump is not given back: it was spent. A jump can be undone once,
        until another jump, an extension or the end.
        """
        if not self._catch_up(SessionState.RUNNING, SessionState.PAUSED):
            return
        mark, self._jump_mark = self._jump_mark, None
        if mark is None:
            raise SessionStateError("there is no jump to undo")
        self._durations = list(mark.durations)
        self._extended = mark.extended
        self._given = list(mark.given)
        self._index = mark.index
        self._phase_start = self._elapsed - mark.phase_elapsed
        self._entered_at = self._elapsed
        switched = mark.switched_after
        self._switched_at = None if switched is None else self._phase_start + switched
        self._events.append(PhaseStarted(self._index, self.phase, self._phase_start, by_hand=True))

    def forget_jump(self) -> None:
        """The time to undo the last jump has passed."""
        self._jump_mark = None

    def extend(self, seconds: float, *, borrow: bool = False) -> None:
        """`seconds` more for the phase under way; the session ends that much later.

        Borrowing, it ends when planned: the phases still to come give the time, in proportion
        to their lengths, none going under 30 s (see `elastic.borrow`). What they cannot give
        (each already at 30 s, or none left to come) lengthens the session instead.
        """
        if not seconds > 0:
            raise ValueError(f"a session is extended by a positive time, not {seconds}")
        if self._catch_up(SessionState.RUNNING, SessionState.PAUSED):
            following = self._index + 1
            lengthened = seconds
            if borrow:
                later, lengthened = borrow_from(
                    self._durations[following:], seconds, self._given[following:]
                )
                self._durations[following:] = later
            self._durations[self._index] += seconds
            self._extended += lengthened
            self._jump_mark = None  # undone, the jump would take the extension with it

    def answer_checkin(self, pressure: Pressure, focus: frozenset[Area] = frozenset()) -> None:
        self._catch_up(SessionState.RUNNING, SessionState.PAUSED, SessionState.FINISHED)
        self._answers.append(CheckinAnswer(self._elapsed, pressure, focus))
        if self._checkin_closes is not None:
            self._checkin_ended = self._elapsed
        self._checkin_closes = None

    def end(self) -> None:
        if self._catch_up(SessionState.RUNNING, SessionState.PAUSED):
            self._finish(completed=False)

    # --- inside ---------------------------------------------------------------------------------

    @property
    def _phase_end(self) -> float:
        return self._phase_start + self._durations[self._index]

    def _require(self, *states: SessionState) -> None:
        if self._state not in states:
            raise SessionStateError(f"cannot do that while the session is {self._state}")

    def _catch_up(self, *states: SessionState) -> bool:
        """Advance to the clock's now; False if that finished the session in the meantime."""
        self._require(*states)
        self._advance_to(self._clock())
        return self._state is not SessionState.FINISHED

    def _advance_to(self, now: float) -> None:
        now = max(now, self._last_now)  # a clock that stutters backwards must not undo time
        self._last_now = now
        if self._state is not SessionState.RUNNING:
            return
        heads_up = self._heads_up_ahead
        self._elapsed = min(self._banked + (now - self._resumed_at), self.total)
        # Before the phases move on: a reminder due at (or before) its phase's start must not
        # be dropped because that phase has begun by the time the tick comes.
        self._queue_reminders()
        last = len(self.plan.phases) - 1
        moved = self._index < last and self._elapsed >= self._phase_end
        if moved:
            while self._index < last and self._elapsed >= self._phase_end:
                self._begin_phase(self._index + 1, at=self._phase_end)
            self._events.append(PhaseStarted(self._index, self.phase, self._phase_start))
        if self._index == last and self._elapsed >= self._phase_end:
            self._finish(completed=True)  # no check-in once it is over
        else:
            self._switch_sides(told=not moved)
            if not moved and heads_up is not None:
                self._give_heads_up(heads_up)
            self._close_lapsed_checkin()
            self._queue_checkin()

    def _jump(self, index: int) -> None:
        """The giver moves to another phase; where they were is kept for an undo."""
        switched = self._switched_at
        self._jump_mark = _JumpMark(
            self._index,
            self.phase_elapsed,
            tuple(self._durations),
            self._extended,
            tuple(self._given),
            None if switched is None else switched - self._phase_start,
        )
        self._enter_phase(index)

    def _enter_phase(self, index: int) -> None:
        """A phase chosen by the giver begins now."""
        self._begin_phase(index, at=self._elapsed)
        self._events.append(PhaseStarted(index, self.phase, self._phase_start, by_hand=True))

    def _begin_phase(self, index: int, at: float) -> None:
        self._leave_phase(at)
        self._index = index
        self._phase_start = self._entered_at = at
        self._switched_at = None  # every phase worked side by side starts on the left
        if self._next_checkin is None and self.phase.kind.hands_on:
            self._next_checkin = at + self.checkin_every

    @property
    def _switch_ahead(self) -> float | None:
        """When the current phase switches sides, if it has yet to: at its half, however long
        an extension made it; once switched, it stays so."""
        if not self.phase.sides or self._switched_at is not None:
            return None
        return self._middle

    def _switch_sides(self, *, told: bool) -> None:
        """Past the half: the other side. A tick that came into the phase already past its half
        tells only of the phase (one catch-up, one event), and the side is the right one."""
        due = self._switch_ahead
        if due is None or self._elapsed < due:
            return
        self._switched_at = due
        if told:
            self._events.append(SideSwitched(self._index, Side.RIGHT, due))

    @property
    def _heads_up_at(self) -> float | None:
        """When the phase under way has its heads-up, if it has one: when another phase follows
        and this one lasts a minute or more (as it stands, extensions and all)."""
        if (
            self.heads_up <= 0
            or self.next_phase is None
            or self.phase_duration < HEADS_UP_LEAST_PHASE_SECONDS
        ):
            return None
        return self._phase_end - self.heads_up

    @property
    def _heads_up_ahead(self) -> float | None:
        """The heads-up still to come, if any: not once its moment has passed, and not when a
        check-in is open within HEADS_UP_CLEAR_SECONDS of it (answered in time, it comes back).
        None is asked that near it: `_checkin_moment` keeps clear of it."""
        due = self._heads_up_at
        if due is None or due <= self._elapsed:
            return None
        busy = self._checkin_closes if self._checkin_closes is not None else self._checkin_ended
        if busy is not None and busy > due - HEADS_UP_CLEAR_SECONDS:
            return None
        return due

    def _give_heads_up(self, due: float) -> None:
        if due <= self._elapsed <= due + HEADS_UP_LATE_SECONDS:
            self._events.append(HeadsUp(self._index + 1, due))

    def _pending_reminders(self) -> list[tuple[Reminder, float]]:
        """Reminders not yet given whose phase is still ahead, with their due times."""
        pending = []
        for reminder in self.reminders:
            if reminder.key in self._reminded:
                continue
            ahead = range(self._index + 1, len(self.plan.phases))
            target = next((i for i in ahead if self.plan.phases[i].kind is reminder.before), None)
            if target is not None:
                starts = self._phase_end + sum(self._durations[self._index + 1 : target])
                pending.append((reminder, max(starts - reminder.lead_seconds, 0.0)))
        return pending

    def _queue_reminders(self) -> None:
        for reminder, due in self._pending_reminders():
            if self._elapsed >= due:
                self._reminded.add(reminder.key)
                self._events.append(ReminderDue(reminder, due))

    def _checkin_moment(self) -> float | None:
        """When the next check-in is asked in this phase; None if not in this phase.

        One due in the phase's first minute, or before the phase began (while the oil was
        warmed, or in a phase too short to have a quiet moment), moves to the phase's middle, or
        to the end of its first minute if that comes later. One near the sides' switch comes
        just after it instead. One due in the phase's last seconds, or near its heads-up, waits
        for the next phase.
        """
        due = self._next_checkin
        if due is None or not self.phase.kind.hands_on:
            return None
        # After an undo the phase began before it became the current one again: nothing is
        # asked for a moment the session spent elsewhere.
        quiet_from = max(self._phase_start + QUIET_START_SECONDS, self._entered_at)
        moment = due if due >= quiet_from else max(self._middle, quiet_from)
        switch = self._switched_at if self._switch_ahead is None else self._switch_ahead
        if (
            switch is not None
            and switch - SIDE_QUIET_SECONDS <= moment < switch + SIDE_QUIET_SECONDS
        ):
            moment = switch + SIDE_QUIET_SECONDS
        quiet_end = self._phase_end - QUIET_END_SECONDS
        heads_up = self._heads_up_at
        if heads_up is not None:
            quiet_end = min(quiet_end, heads_up - HEADS_UP_CLEAR_SECONDS)
        return moment if moment < quiet_end else None

    @property
    def _middle(self) -> float:
        return self._phase_start + self.phase_duration / 2

    def _queue_checkin(self) -> None:
        moment = self._checkin_moment()
        if moment is None or self._elapsed < moment:
            return
        self._events.append(CheckinDue(moment))
        # Open for its span of session time; a catch-up that comes after that span still gives
        # the giver the whole span to see it.
        closes = moment + CHECKIN_OPEN_SECONDS
        self._checkin_closes = (
            closes if self._elapsed < closes else self._elapsed + CHECKIN_OPEN_SECONDS
        )
        # The rhythm starts again from this one; any missed while away collapse into it.
        missed = math.floor((self._elapsed - moment) / self.checkin_every)
        self._next_checkin = moment + (missed + 1) * self.checkin_every

    def _close_lapsed_checkin(self) -> None:
        closes = self._checkin_closes
        if closes is not None and self._elapsed >= closes:
            self._checkin_closes = None
            self._checkin_ended = closes
            self._events.append(CheckinLapsed(closes))

    def _leave_phase(self, at: float) -> None:
        self._given[self._index] = min(at - self._phase_start, self.phase_duration)

    def _finish(self, *, completed: bool) -> None:
        self._leave_phase(self._elapsed)
        self._completed = completed
        self._jump_mark = None
        self._state = SessionState.FINISHED
        self._checkin_closes = None  # the ending says what there is to say
        self._banked = self._elapsed
        self._events.append(Finished(self._elapsed, completed))
