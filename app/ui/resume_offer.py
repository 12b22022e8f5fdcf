"""The session Lull was stopped in (killed, crashed, a flat battery), offered back at the next
start: resumed where it stood, paused, or discarded; never one another Lull is giving now."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from app.core.checkpoint import Checkpoint, NewerCheckpoint, NotResumable, checkpoint_from_dict
from app.core.durations import countdown
from app.core.history import History, SessionRecord
from app.core.people import PeopleBook, Person
from app.core.recording import REHEARSAL, Recorder, given_elsewhere
from app.core.session import Session
from app.core.store import StoreError
from app.ui.asking import confirm
from app.ui.main_window import MainWindow

log = logging.getLogger(__name__)


def offer_resume(
    window: MainWindow,
    history: History,
    people: PeopleBook,
    recorder: Recorder,
    resumed: Callable[[Checkpoint, Person | None], Session],
) -> None:
    """A session Lull was stopped in, offered to resume where it stood, or to discard."""
    unfinished = _unfinished(history, recorder)
    if unfinished is None:
        return
    record, snapshot = unfinished
    try:
        checkpoint = checkpoint_from_dict(snapshot)
        person = None if record.person_id is None else people.get(record.person_id)
        # What was given up to the last checkpoint stays in the record, resumed or not.
        history.phases_given(record.id, checkpoint.given, checkpoint.durations)
    except NewerCheckpoint:  # not this Lull's to resume, nor to discard
        window.statusBar().showMessage(
            "The session Lull was stopped in was saved by a newer Lull: it is left for it."
        )
        return
    except (NotResumable, StoreError) as error:
        window.statusBar().showMessage(
            f"The session Lull was stopped in cannot be resumed: {error}."
        )
        _discard(history, record.id, rehearsal=snapshot.get(REHEARSAL) is True)
        return
    whose = f"{record.person_name}'s session" if record.person_name else "the session"
    left = countdown(checkpoint.remaining)
    # The log names no one: it outlives "Delete all my data".
    log.info(
        "offering to resume session %d: %s left, in phase %d", record.id, left, checkpoint.index + 1
    )
    question = f"Resume {whose}: {left} left?"
    detail = (
        f"Lull was stopped during “{record.plan_title}”. It can go on where it stood, "
        "paused until you press Space, or be set aside."
    )
    resume = confirm(window, question, detail, yes="Resume", no="Discard", yes_by_default=True)
    window.activateWindow()  # the keys go back to the window, Space first among them
    if given_elsewhere(recorder.locks, record.id) or (resume and not recorder.resume(record.id)):
        # Another Lull took it while the question was open: it is that one's now.
        window.statusBar().showMessage("That session was resumed in another Lull window.")
    elif resume:
        if person is not None:
            window.preparation.choose_person(person)
        window.adopt(resumed(checkpoint, person))
        log.info("resumed session %d, paused", record.id)
    elif resume is None:  # no answer: Lull was told to quit meanwhile
        log.info("session %d is offered again at the next start", record.id)
    else:
        _discard(history, record.id, rehearsal=snapshot.get(REHEARSAL) is True)


def _unfinished(
    history: History, recorder: Recorder
) -> tuple[SessionRecord, dict[str, Any]] | None:
    """The session to offer: never one another Lull is giving now, and one of this Lull's
    kind, a rehearsal to a rehearsal and a massage to a massage. A rehearsal left over goes
    from the history when a massage begins (it gave no massage); a massage left over waits for
    a Lull that is not rehearsing."""
    try:
        while (unfinished := history.unfinished()) is not None:
            record, snapshot = unfinished
            rehearsal = snapshot.get(REHEARSAL) is True
            if given_elsewhere(recorder.locks, record.id):
                log.info("session %d is being given in another Lull", record.id)
                return None
            if rehearsal == recorder.rehearsal:
                return unfinished
            if not rehearsal:
                log.info("session %d waits for a start that is no rehearsal", record.id)
                return None
            history.remove(record.id)
            log.info("session %d, a rehearsal Lull was stopped in, is not kept", record.id)
    except StoreError as error:
        log.warning("no session to resume: %s", error)
    return None


def _discard(history: History, record_id: int, *, rehearsal: bool) -> None:
    """Set aside, what was given kept; a rehearsal gave nothing, and goes."""
    try:
        if rehearsal:
            history.remove(record_id)
        else:
            history.discard(record_id)
    except StoreError as error:
        log.warning("the interrupted session could not be set aside: %s", error)
