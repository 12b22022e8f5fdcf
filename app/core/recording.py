"""The session, recorded in the history as it runs, so that it can be looked back on and resumed.

Every phase change, answer and pause is written at once, and the session's place at least every
`CHECKPOINT_SECONDS` of session time: killed at any moment, Lull loses at most that much.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from app.core.checkpoint import checkpoint_to_dict
from app.core.events import CheckinAnswer
from app.core.history import History
from app.core.session import Session, SessionState
from app.core.store import StoreError

log = logging.getLogger(__name__)
T = TypeVar("T")

CHECKPOINT_SECONDS = 10.0
RATED_FROM_SECONDS = 60.0  # ended within its first minute, it was started by mistake
NOT_RECORDED = "This session could not be recorded in your history: {reason}."


def local_now() -> datetime:
    return datetime.now().astimezone()


class Recorder:
    """Follows one session at a time into the history; a failed write is told once, and the
    session goes on regardless."""

    def __init__(
        self,
        history: History,
        tell: Callable[[str], None],
        wall: Callable[[], datetime] = local_now,
    ) -> None:
        self._history = history
        self._tell = tell
        self._wall = wall
        self._id: int | None = None  # the record of the session under way
        self._saved_at = 0.0  # session seconds at the last checkpoint
        self._told = False
        # The record a rating afterwards goes to; None when there is nothing to rate.
        self.last_finished: int | None = None

    @property
    def recording(self) -> int | None:
        return self._id

    def resumed(self, record_id: int) -> None:
        """The session now loaded goes on from this record."""
        self._id, self._told = record_id, False

    def state_changed(self, session: Session) -> None:
        if session.state is SessionState.RUNNING and self._id is None:
            person = session.person.id if session.person is not None else None
            self._told = False
            self._id = self._write(lambda: self._history.begin(session.plan, person, self._wall()))
            self.checkpoint(session)
        elif session.state is SessionState.PAUSED:
            self.checkpoint(session)

    def phase_changed(self, session: Session) -> None:
        """Another phase, or a phase's length changed: what was given so far, and where it is."""
        record = self._id
        if record is not None and session.state is not SessionState.READY:
            self._write(
                lambda: self._history.phases_given(record, session.given, session.durations)
            )
            self.checkpoint(session)

    def answered(self, answer: CheckinAnswer) -> None:
        record = self._id
        if record is not None:
            self._write(lambda: self._history.checkin(record, answer))

    def time_passed(self, session: Session) -> None:
        if session.elapsed - self._saved_at >= CHECKPOINT_SECONDS:
            self.checkpoint(session)

    def checkpoint(self, session: Session) -> None:
        record = self._id
        if record is None or session.state not in (SessionState.RUNNING, SessionState.PAUSED):
            return
        self._saved_at = session.elapsed
        snapshot = checkpoint_to_dict(session.checkpoint())
        self._write(lambda: self._history.checkpoint(record, snapshot, self._wall()))

    def finished(self, session: Session) -> None:
        record, self._id = self._id, None
        self.last_finished = None
        if record is None:
            return
        self._write(lambda: self._history.phases_given(record, session.given, session.durations))
        self._write(lambda: self._history.finish(record, self._wall(), session.completed))
        self.last_finished = record if session.elapsed >= RATED_FROM_SECONDS else None

    def _write(self, write: Callable[[], T]) -> T | None:
        try:
            return write()
        except StoreError as error:
            log.warning("history: %s", error)
            if not self._told:
                self._told = True
                self._tell(NOT_RECORDED.format(reason=error.reason or error))
            return None
