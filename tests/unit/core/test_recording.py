"""A session recorded as it runs: its record, its checkpoints, and a history that fails."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fake_clock import FakeClock

from app.core.checkpoint import checkpoint_from_dict
from app.core.database import Database
from app.core.events import Pressure
from app.core.history import History, PhaseOutcome
from app.core.people import PeopleBook, Person
from app.core.plan import Area, built_in_plan
from app.core.recording import CHECKPOINT_SECONDS, RATED_FROM_SECONDS, Recorder
from app.core.session import Session, SessionState


class Wall:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 30, 19, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def database(tmp_path: Path) -> Database:
    return Database.open(tmp_path / "lull.db")


def follow(session: Session, recorder: Recorder, clock: FakeClock, seconds: float) -> None:
    """Run the session for `seconds`, telling the recorder what the bridge would."""
    step = 1.0
    for _ in range(int(seconds / step)):
        clock.advance(step)
        index = session.index
        events = session.tick(clock())
        if session.state is SessionState.FINISHED:
            recorder.finished(session)
            return
        if events and session.index != index:
            recorder.phase_changed(session)
        recorder.time_passed(session)


def test_a_session_is_recorded_with_its_person_phases_answers_and_end(
    database: Database,
) -> None:
    sam = PeopleBook(database).save(Person("Sam"))
    history, told = History(database), list[str]()
    wall, clock = Wall(), FakeClock()
    recorder = Recorder(history, told.append, wall)
    session = Session(built_in_plan("shoulders-neck"), clock, person=sam)
    session.start()
    recorder.state_changed(session)
    follow(session, recorder, clock, 200)
    session.answer_checkin(Pressure.FIRMER, frozenset({Area.NECK}))
    recorder.answered(session.answers[-1])
    session.next()  # the rest of a phase skipped
    recorder.phase_changed(session)
    wall.now += timedelta(minutes=10)
    follow(session, recorder, clock, 700)

    assert session.state is SessionState.FINISHED
    (record,) = history.sessions()
    assert (record.person_name, record.plan_id, record.completed) == ("Sam", "shoulders-neck", True)
    assert record.ended == wall.now
    assert record.checkins == session.answers
    assert [p.given for p in record.phases] == pytest.approx(list(session.given))
    assert PhaseOutcome.SHORTENED in {p.outcome for p in record.phases}
    assert history.unfinished() is None  # finished: nothing to resume
    assert recorder.last_finished == record.id
    assert told == []


def test_the_place_is_kept_every_ten_seconds_and_resumes_there(database: Database) -> None:
    history = History(database)
    clock = FakeClock()
    recorder = Recorder(history, print, Wall())
    session = Session(built_in_plan("classic"), clock)
    session.start()
    recorder.state_changed(session)
    follow(session, recorder, clock, 125)  # killed here: nothing more is written

    unfinished = history.unfinished()
    assert unfinished is not None
    record, snapshot = unfinished
    kept = checkpoint_from_dict(snapshot)
    assert session.elapsed - CHECKPOINT_SECONDS < kept.elapsed <= session.elapsed
    assert kept.index == session.index == 2  # the phase change was kept at once
    assert record.ended is None


def test_a_pause_is_kept_at_once(database: Database) -> None:
    history = History(database)
    clock = FakeClock()
    recorder = Recorder(history, print, Wall())
    session = Session(built_in_plan("classic"), clock)
    session.start()
    recorder.state_changed(session)
    clock.advance(3.5)
    session.pause()
    recorder.state_changed(session)
    unfinished = history.unfinished()
    assert unfinished is not None
    assert checkpoint_from_dict(unfinished[1]).elapsed == 3.5


def test_a_history_that_cannot_be_written_is_told_once_and_the_session_goes_on(
    tmp_path: Path,
) -> None:
    Database.open(tmp_path / "lull.db").close()
    with sqlite3.connect(tmp_path / "lull.db") as newer:  # as a newer Lull leaves it
        newer.execute("PRAGMA user_version = 99")
    newer.close()
    database = Database.open(tmp_path / "lull.db")
    assert database.held
    told: list[str] = []
    clock = FakeClock()
    recorder = Recorder(History(database), told.append, Wall())
    session = Session(built_in_plan("classic"), clock)
    session.start()
    recorder.state_changed(session)
    follow(session, recorder, clock, 300)
    session.answer_checkin(Pressure.LIGHTER)
    recorder.answered(session.answers[-1])
    assert session.state is SessionState.RUNNING
    assert len(told) == 1
    assert told[0].startswith("This session could not be recorded in your history: ")


def test_a_session_ended_in_its_first_minute_is_kept_but_not_offered_for_rating(
    database: Database,
) -> None:
    """Started by mistake and ended: there is no relief to ask about."""
    history = History(database)
    clock = FakeClock()
    recorder = Recorder(history, print, Wall())
    session = Session(built_in_plan("classic"), clock)
    session.start()
    recorder.state_changed(session)
    clock.advance(RATED_FROM_SECONDS - 1)
    session.end()
    recorder.finished(session)
    assert recorder.last_finished is None
    assert len(history.sessions()) == 1

    session = Session(built_in_plan("classic"), clock)
    session.start()
    recorder.state_changed(session)
    clock.advance(RATED_FROM_SECONDS)
    session.end()
    recorder.finished(session)
    assert recorder.last_finished == history.sessions()[0].id
