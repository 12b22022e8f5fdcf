"""The session, recorded in the history as it runs, so that it can be looked back on and resumed.

Every phase change, answer and pause is written at once, and the session's place at least every
`CHECKPOINT_SECONDS` of session time: killed at any moment, Lull loses at most that much. While
a Lull gives a session it holds that session's lock, so another Lull never offers to resume it.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from app.core.checkpoint import checkpoint_to_dict
from app.core.events import CheckinAnswer
from app.core.history import History
from app.core.session import Session, SessionState
from app.core.store import StoreError

log = logging.getLogger(__name__)
T = TypeVar("T")

CHECKPOINT_SECONDS = 10.0
# After a write failed (another program holds the database, a full disk), the place is tried
# again less often: each try may wait for the database, on the thread that draws the countdown.
RETRY_SECONDS = 60.0
RATED_FROM_SECONDS = 60.0  # ended within its first minute, it was started by mistake
NOT_RECORDED = "This session could not be recorded in your history: {reason}."
REHEARSAL = "rehearsal"  # in a checkpoint: the session was sped up


def local_now() -> datetime:
    return datetime.now().astimezone()


def _lock_path(folder: Path, record_id: int) -> Path:
    return folder / f".session-{record_id}.lock"


def given_elsewhere(folder: Path | None, record_id: int) -> bool:
    """Whether another Lull is giving this session now (it holds the session's lock). A lock
    left by a Lull that was killed is removed."""
    if folder is None:
        return False
    path = _lock_path(folder, record_id)
    try:
        handle = os.open(path, os.O_RDWR | os.O_CLOEXEC | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return False  # none, or none Lull could have made: no one holds it
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(handle)
    with contextlib.suppress(OSError):
        path.unlink()
    return False


class Recorder:
    """Follows one session at a time into the history; a failed write is told once, and the
    session goes on regardless."""

    def __init__(
        self,
        history: History,
        tell: Callable[[str], None],
        wall: Callable[[], datetime] = local_now,
        *,
        locks: Path | None = None,  # the folder of the sessions' locks; None: no locks
        rehearsal: bool = False,  # sped up: kept while it runs (to resume), then removed
    ) -> None:
        self._history = history
        self.rehearsal = rehearsal
        self._tell = tell
        self._wall = wall
        self._locks = locks
        self._lock: int | None = None  # the open lock file of the session under way
        self._id: int | None = None  # the record of the session under way
        self._unbegun = False  # running, but its record could not be begun yet
        self._saved_at = 0.0  # session seconds at the last checkpoint
        self._every = CHECKPOINT_SECONDS
        self._owed: list[Callable[[], object]] = []  # the end of a session, not yet written
        self._told = False
        # The record a rating afterwards goes to; None when there is nothing to rate.
        self.last_finished: int | None = None

    @property
    def locks(self) -> Path | None:
        return self._locks

    @property
    def recording(self) -> int | None:
        return self._id

    def resume(self, record_id: int) -> bool:
        """Go on recording this session, once its lock is held here; False, and nothing
        changed, when another Lull has just resumed it."""
        if self._locks is not None and not self._hold(record_id):
            return False
        self._id, self._told = record_id, False
        return True

    def state_changed(self, session: Session) -> None:
        self.flush()
        if session.state is SessionState.RUNNING and self._id is None:
            self._told = False
            self._begin(session)
        elif session.state is SessionState.PAUSED:
            self.checkpoint(session)

    def _begin(self, session: Session) -> None:
        person = session.person.id if session.person is not None else None
        self._id = self._write(lambda: self._history.begin(session.plan, person, self._wall()))
        self._unbegun = self._id is None  # tried again at the next phase
        if self._id is not None:
            self._hold(self._id)
            self.phase_changed(session)

    def _hold(self, record_id: int) -> bool:
        """Hold the session's lock while it is given here; False when another Lull holds it.
        A lock that cannot be made at all (a read-only folder) leaves it only recorded."""
        self._release()
        if self._locks is None:
            return True
        path = _lock_path(self._locks, record_id)
        try:
            handle = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o600)
        except OSError as error:
            log.warning("no lock for session %d: %s", record_id, error)
            return True
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(handle)
            return False
        self._lock = handle
        return True

    def _release(self) -> None:
        if self._lock is not None and self._locks is not None and self._id is not None:
            with contextlib.suppress(OSError):
                _lock_path(self._locks, self._id).unlink()
        if self._lock is not None:
            os.close(self._lock)  # closing lets go of the lock
            self._lock = None

    def phase_changed(self, session: Session) -> None:
        """Another phase, or a phase's length changed: what was given so far, and where it is."""
        record = self._id
        if record is None and self._unbegun and session.state is not SessionState.FINISHED:
            self._begin(session)
            return
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
        if session.elapsed - self._saved_at >= self._every:
            self.checkpoint(session)

    def checkpoint(self, session: Session) -> None:
        record = self._id
        if record is None or session.state not in (SessionState.RUNNING, SessionState.PAUSED):
            return
        self._saved_at = session.elapsed
        snapshot = checkpoint_to_dict(session.checkpoint())
        if self.rehearsal:  # a rehearsal stopped midway is offered back to a rehearsal alone
            snapshot[REHEARSAL] = True
        self._write(lambda: self._history.checkpoint(record, snapshot, self._wall()))

    def finished(self, session: Session) -> None:
        self._release()
        record, self._id = self._id, None
        self._unbegun = False
        self.last_finished = None
        if record is None:
            return
        if self.rehearsal:  # no massage given: not for the history, nor its trends
            self._owed.append(lambda: self._history.remove(record))
            self.flush()
            return
        given, lengths, ended, completed = (
            session.given,
            session.durations,
            self._wall(),
            session.completed,
        )
        self._owed.append(lambda: self._history.phases_given(record, given, lengths))
        self._owed.append(lambda: self._history.finish(record, ended, completed))
        self.flush()
        self.last_finished = record if session.elapsed >= RATED_FROM_SECONDS else None

    def flush(self) -> None:
        """Write the end of a session that could not be written when it came (another program
        held the history): at the next start, and when Lull quits. Unwritten, it would be
        offered to resume next time as if Lull had been stopped in it."""
        while self._owed:
            write = self._owed[0]
            try:
                write()
            except StoreError as error:
                self._failed(error)
                return
            del self._owed[0]

    def _write(self, write: Callable[[], T]) -> T | None:
        try:
            written = write()
        except StoreError as error:
            self._failed(error)
            return None
        self._every = CHECKPOINT_SECONDS
        return written

    def _failed(self, error: StoreError) -> None:
        """Told once a session; the place is tried again less often from now on."""
        self._every = RETRY_SECONDS
        log.warning("history: %s", error)
        if not self._told:
            self._told = True
            self._tell(NOT_RECORDED.format(reason=error.reason or error))
