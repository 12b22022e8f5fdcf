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
from app.core.recording import CHECKPOINT_SECONDS, RATED_FROM_SECONDS, Recorder, given_elsewhere
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


def test_a_rehearsal_is_kept_only_while_it_runs_and_leaves_no_record(database: Database) -> None:
    """Rehearsals were listed as sessions given, with their relief, in the history whose
    trends and suggestions are the person's (two new users). While it runs its place is kept
    as any session's, so one killed midway can still be resumed."""
    sam = PeopleBook(database).save(Person("Sam"))
    history, clock = History(database), FakeClock()
    recorder = Recorder(history, print, Wall(), rehearsal=True)
    session = Session(built_in_plan("shoulders-neck"), clock, person=sam)
    session.start()
    recorder.state_changed(session)
    follow(session, recorder, clock, 125)
    assert history.unfinished() is not None  # killed here, it would be offered back
    follow(session, recorder, clock, 700)
    assert session.state is SessionState.FINISHED
    assert list(history.sessions()) == [] and history.unfinished() is None
    assert recorder.last_finished is None  # no relief to ask of a rehearsal


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


def test_a_session_given_here_is_not_offered_to_another_lull_and_its_lock_goes_after(
    database: Database, tmp_path: Path
) -> None:
    history = History(database)
    clock = FakeClock()
    recorder = Recorder(history, print, Wall(), locks=tmp_path)
    session = Session(built_in_plan("classic"), clock)
    session.start()
    recorder.state_changed(session)
    record = recorder.recording
    assert record is not None
    assert given_elsewhere(tmp_path, record)  # as another Lull sees it
    session.end()
    recorder.finished(session)
    assert not given_elsewhere(tmp_path, record)
    assert not list(tmp_path.glob(".session-*"))


def test_the_lock_of_a_lull_that_was_killed_holds_nothing_and_is_tidied(tmp_path: Path) -> None:
    left = tmp_path / ".session-7.lock"
    left.touch()
    assert not given_elsewhere(tmp_path, 7)
    assert not left.exists()
    assert not given_elsewhere(None, 7)


def test_a_history_locked_at_the_start_is_recorded_from_the_next_phase(
    tmp_path: Path,
) -> None:
    """Another program held the database when the session began: it is not lost for good."""
    database = Database.open(tmp_path / "lull.db")
    told: list[str] = []
    clock = FakeClock()
    recorder = Recorder(History(database), told.append, Wall())
    session = Session(built_in_plan("classic"), clock)
    blocker = sqlite3.connect(tmp_path / "lull.db", isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    session.start()
    recorder.state_changed(session)
    assert recorder.recording is None and len(told) == 1
    blocker.execute("COMMIT")
    blocker.close()
    follow(session, recorder, clock, 70)  # into the second phase
    assert recorder.recording is not None
    (record,) = History(database).sessions()
    assert record.phases[0].given == 60


def test_after_a_failed_write_the_place_is_tried_again_less_often(tmp_path: Path) -> None:
    database = Database.open(tmp_path / "lull.db")
    writes: list[float] = []
    history = History(database)
    clock = FakeClock()
    recorder = Recorder(history, print, Wall())
    session = Session(built_in_plan("deep"), clock)
    session.start()
    recorder.state_changed(session)
    blocker = sqlite3.connect(tmp_path / "lull.db", isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    tried = history.checkpoint

    def counted(*args: object, **kwargs: object) -> None:
        writes.append(session.elapsed)
        tried(*args, **kwargs)  # type: ignore[arg-type]

    history.checkpoint = counted  # type: ignore[method-assign]
    for _ in range(100):  # 100 s inside the deep plan's first phase (120 s)
        clock.advance(1)
        session.tick(clock())
        recorder.time_passed(session)
    blocker.execute("COMMIT")
    blocker.close()
    assert writes == [10.0, 70.0]  # not every 10 s, each waiting for the database


def test_an_end_that_could_not_be_written_is_written_later_not_offered_to_resume(
    tmp_path: Path,
) -> None:
    """Another program held the history as the session ended: the end is owed, not lost."""
    database = Database.open(tmp_path / "lull.db")
    history = History(database)
    clock = FakeClock()
    recorder = Recorder(history, print, Wall())
    session = Session(built_in_plan("shoulders-neck"), clock)
    session.start()
    recorder.state_changed(session)
    blocker = sqlite3.connect(tmp_path / "lull.db", isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    clock.advance(11 * 60)
    session.tick(clock())
    recorder.finished(session)
    blocker.execute("COMMIT")
    blocker.close()
    assert history.unfinished() is not None  # as it stands on disk: not ended yet
    recorder.flush()  # at the next start, or as Lull quits
    assert history.unfinished() is None
    (record,) = history.sessions()
    assert record.completed and record.ended is not None
