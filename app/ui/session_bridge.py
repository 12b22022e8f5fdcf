"""The QObject that drives the core session from a timer and re-emits its events as signals."""

from __future__ import annotations

import logging
import math
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from app.core.clock import Clock
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
from app.core.plan import Area, Plan
from app.core.room import Reminder
from app.core.session import Moment, Session, SessionState
from app.ui.timers import single_shot

log = logging.getLogger(__name__)

MIN_REDRAW_SECONDS = 0.04  # at rehearsal speeds, 25 redraws a second are plenty
NEAR_STEPS = 1  # as far as Next and Previous go; a click further away may have strayed: ask
ASK_MS = 8_000  # a question about a far jump, left unanswered, goes away: the answer is "stay"
UNDO_MS = 8_000  # long enough to see the wrong phase come up and reach for Ctrl+Z; wall time


class SessionBridge(QObject):
    """Owns the current session; ticks it exactly when something is due, and only then.

    One precise single-shot timer is armed for the sooner of the next event's deadline and the
    next change of the displayed second, so the app sleeps between them, and not at all when
    paused or idle.
    """

    phaseStarted = Signal(PhaseStarted)
    sideSwitched = Signal(SideSwitched)
    headsUp = Signal(int)  # a little before the change to this phase: "Next: the neck"
    # Wall seconds until the next change the session makes by itself, and which: heard on time.
    momentAhead = Signal(float, Moment)
    noMomentAhead = Signal()  # paused, finished or replaced: nothing will change by itself
    checkinDue = Signal()
    checkinLapsed = Signal()  # unanswered for its span of session time: it closes
    reminderDue = Signal(Reminder)
    finished = Signal(bool)  # completed
    stateChanged = Signal(SessionState)  # ready, running, paused or finished
    phaseChanged = Signal(int)  # another phase, or phases' lengths changed (extended, borrowed)
    timeChanged = Signal(float)  # seconds left in the phase: the ring moves on
    checkinAnswered = Signal(CheckinAnswer)
    loaded = Signal()  # a new session replaced the old one
    startedAgain = Signal()  # a finished session begins again from the top
    began = Signal(Plan)  # a session of this plan has begun from the top (also again)
    jumpAsked = Signal(int)  # a far phase was chosen: go there only once the giver confirms
    jumpMade = Signal(int)  # the giver moved to this phase; undo_jump() takes it back for now
    jumpSettled = Signal()  # no jump is asked about or can be undone any more
    # Borrowed, a minute the phases still to come could not all give: the session ends this
    # many seconds later than planned after all.
    endsLater = Signal(float)

    def __init__(
        self,
        make_session: Callable[[Plan], Session],
        clock: Clock,
        *,
        speed: float = 1.0,
        ask_ms: int = ASK_MS,
        undo_ms: int = UNDO_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._make_session = make_session
        self._clock = clock
        self.speed = speed  # a rehearsal's: the session's clock runs this many times faster
        self._timer = single_shot(self, self.tick, precise=True)
        self._session: Session | None = None
        # "+1 min" borrows from the phases still to come, so the session ends when planned;
        # else it ends a minute later. The giver's remembered choice, set by main.py.
        self.borrow = False
        self._shown: tuple[SessionState, int, tuple[float, ...]] | None = None
        self._asked: int | None = None
        self._ask_timer = single_shot(self, self.cancel_jump, ask_ms)
        self._undo_timer = single_shot(self, self._undo_expired, undo_ms)

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("no plan has been loaded yet")
        return self._session

    @property
    def timer_active(self) -> bool:
        return self._timer.isActive()

    @property
    def asked_jump(self) -> int | None:
        """The far phase the giver is being asked to confirm, if any."""
        return self._asked

    @property
    def undo_offered(self) -> bool:
        return self._undo_timer.isActive()

    def load(self, plan: Plan) -> None:
        """Replace the session with a fresh one for `plan`, ready to start."""
        self.adopt(self._make_session(plan))

    def adopt(self, session: Session) -> None:
        """Replace the session with this one, as it stands: a session resumed after a kill."""
        self._timer.stop()
        self.noMomentAhead.emit()
        self._settle()
        self._session = session
        self._shown = None
        self.loaded.emit()
        self._tell_changes()

    def start_or_pause(self) -> None:
        session = self.session
        from_the_top = session.state in (SessionState.READY, SessionState.FINISHED)
        if session.state is SessionState.READY:
            session.start()
        elif session.state is SessionState.RUNNING:
            session.pause()
        elif session.state is SessionState.PAUSED:
            session.resume()
        else:  # finished: the same plan again, from the top
            self.load(session.plan)
            self.session.start()
            self.startedAgain.emit()
        self.tick()
        if from_the_top:
            self.began.emit(self.session.plan)

    def next(self) -> None:
        self._jump(Session.next)

    def previous(self) -> None:
        self._jump(Session.previous)

    def extend(self, seconds: float = 60) -> None:
        planned = self.session.total
        self._command(lambda session: session.extend(seconds, borrow=self.borrow))
        if self.borrow and self.session.total > planned:
            self.endsLater.emit(self.session.total - planned)
        if not self.session.can_undo:
            self._settle()

    def go_to(self, index: int) -> None:
        self._jump(lambda session: session.go_to(index))

    def choose_phase(self, index: int) -> None:
        """A phase picked on the timeline: a near one at once, a far one once confirmed."""
        if self.session.state not in (SessionState.RUNNING, SessionState.PAUSED):
            return
        if index == self._asked or abs(index - self.session.index) <= NEAR_STEPS:
            self.go_to(index)  # chosen twice is confirmed
            return
        self._undo_timer.stop()
        self._asked = index
        self._ask_timer.start()
        self.jumpAsked.emit(index)

    def confirm_jump(self) -> None:
        if self._asked is not None:
            self.go_to(self._asked)

    def cancel_jump(self) -> None:
        if self._asked is not None:
            self._settle()

    def undo_jump(self) -> None:
        """Back to where the last jump left, with the time it had; only while it is offered."""
        if self.undo_offered and self.session.can_undo:
            self._command(Session.undo_jump)
        self._settle()

    def _jump(self, command: Callable[[Session], None]) -> None:
        self._asked = None
        self._ask_timer.stop()
        self._command(command)
        if self.session.can_undo:
            self._undo_timer.start()
            self.jumpMade.emit(self.session.index)
        else:  # Next on the last phase ended the session: there is no phase to go back to
            self._settle()

    def _undo_expired(self) -> None:
        if self._session is not None:
            self._session.forget_jump()
        self._settle(offered=True)  # its timer has stopped: it no longer counts as offered

    def _settle(self, *, offered: bool = False) -> None:
        offered = offered or self._asked is not None or self.undo_offered
        self._asked = None
        self._ask_timer.stop()
        self._undo_timer.stop()
        if offered:
            self.jumpSettled.emit()

    def answer_checkin(self, pressure: Pressure, focus: frozenset[Area]) -> None:
        self.session.answer_checkin(pressure, focus)
        self.checkinAnswered.emit(self.session.answers[-1])
        self.tick()  # answered in good time, the check-in no longer holds back the heads-up

    def end(self) -> None:
        self._command(Session.end)

    def _command(self, command: Callable[[Session], None]) -> None:
        if self.session.state in (SessionState.RUNNING, SessionState.PAUSED):
            command(self.session)
            self.tick()

    def tick(self) -> None:
        """Bring the session up to the clock's now, emit what happened, and sleep till next."""
        session = self.session
        for event in session.tick(self._clock()):
            self._emit(event)
        self._arm(session)
        self._tell_changes()

    def _tell_changes(self) -> None:
        """What changed since last told: the state, the phase; and the time, always."""
        session = self.session
        state, phase = session.state, (session.index, session.durations)
        shown = self._shown
        self._shown = (state, *phase)
        if shown is None or shown[1:] != phase:
            self.phaseChanged.emit(session.index)
        if shown is None or shown[0] is not state:
            log.info("the session is %s", state)
            self.stateChanged.emit(state)
        self.timeChanged.emit(session.phase_remaining)

    def _emit(self, event: Event) -> None:
        log.info("%s", event)
        match event:
            case PhaseStarted():
                self.phaseStarted.emit(event)
            case SideSwitched():
                self.sideSwitched.emit(event)
            case HeadsUp(index=index):
                self.headsUp.emit(index)
            case CheckinDue():
                self.checkinDue.emit()
            case CheckinLapsed():
                self.checkinLapsed.emit()
            case ReminderDue(reminder=reminder):
                self.reminderDue.emit(reminder)
            case Finished(completed=completed):
                self._settle()
                self.finished.emit(completed)

    def _arm(self, session: Session) -> None:
        until_event = session.seconds_to_next_event()
        foreseen = session.next_moment()
        if foreseen is None:
            self.noMomentAhead.emit()
        else:
            seconds, moment = foreseen
            self.momentAhead.emit(seconds / self.speed, moment)
        if until_event is None:
            self._timer.stop()
            return
        # The countdown shows whole seconds rounded up, so it changes as each second passes.
        left = session.phase_remaining
        until_redraw = max((left - (math.ceil(left) - 1)) / self.speed, MIN_REDRAW_SECONDS)
        wait = min(until_event / self.speed, until_redraw)
        self._timer.start(math.ceil(wait * 1000))
