"""The record read back when a row holds what this Lull cannot read: a newer Lull's phase kind, a
date changed by hand. That row alone is left out, said once, and kept in the file as it is."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hand_edits import NotUtf8, exactly, loosen, put, shell

from app.core.advice import specialist_advised
from app.core.database import DATABASE_NAME, Database
from app.core.events import CheckinAnswer, Pressure
from app.core.history import History
from app.core.people import PeopleBook, Person
from app.core.plan import Area, built_in_plan

PLAN = built_in_plan("shoulders-neck")
START = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)  # noon: the same day in every time zone
NOW = START + timedelta(days=15)
KEPT = "; it is left out, and kept in the file as it is."


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """lull.db made by Database.open, its NOT NULL constraints dropped since."""
    path = tmp_path / "data" / DATABASE_NAME
    Database.open(path).close()
    loosen(path)
    return path


@pytest.fixture
def database(path: Path) -> Iterator[Database]:
    database = Database.open(path)
    assert database.problems == ()
    yield database
    database.close()


@pytest.fixture
def history(database: Database) -> History:
    return History(database)


@pytest.fixture
def sam(database: Database) -> Person:
    return PeopleBook(database).save(Person("Sam", chronic_back_pain=True))


@pytest.fixture
def sessions(history: History, sam: Person) -> list[int]:
    """Three of Sam's sessions a week apart, each with two check-ins and rated 4: the advisory
    is due."""
    made = []
    for week in range(3):
        session = history.begin(PLAN, sam.id, START + timedelta(weeks=week))
        history.checkin(session, CheckinAnswer(240, Pressure.FIRMER, frozenset({Area.NECK})))
        history.checkin(session, CheckinAnswer(480, Pressure.JUST_RIGHT))
        history.rate(session, 4)
        made.append(session)
    assert history.advisory_due(sam, NOW)
    return made


def the_rest_still_works(history: History, sam: Person) -> None:
    assert sam.id is not None
    history.tendencies(sam.id)
    history.suggestions(sam)
    json.dumps(history.export(), allow_nan=False)


# --- a session ------------------------------------------------------------------------------------

SESSION = "The session of 8 March 2026 (number 2)"
ODD_SESSIONS = [
    # (the change, why it cannot be read, whether the advisory, which reads only the starts
    # and the ratings, still counts it)
    ({"firmness": "extra-firm"}, "its firmness “extra-firm” is not one this Lull knows", True),
    ({"plan_title": None}, "the title of its plan is missing", True),
    ({"plan_id": NotUtf8(b"classic\xc0")}, "its plan is not text this Lull can read", True),
    ({"note": b"a blob"}, "its note is not text", True),
    ({"note": "x" * 10_000_000}, "its note is over 1000 characters", True),
    ({"person_id": "Sam"}, "who it was for is not a number", False),  # not Sam's any more
    ({"completed": 2}, "whether it was completed is not a yes or a no", True),
    (
        {"ended": "soon"},
        "its end “soon” is not a date and time with its time zone",
        True,
    ),
    ({"relief": 11}, "its relief is not rated from 0 to 10", False),
    ({"relief": 4.5}, "its relief is not rated from 0 to 10", False),
    ({"relief": "four"}, "its relief is not rated from 0 to 10", False),
]


@pytest.mark.parametrize(("change", "reason", "counted"), ODD_SESSIONS)
def test_a_session_that_cannot_be_read_is_left_out_said_once_and_kept(
    path: Path,
    history: History,
    sam: Person,
    sessions: list[int],
    caplog: pytest.LogCaptureFixture,
    change: dict[str, object],
    reason: str,
    counted: bool,
) -> None:
    first, odd, last = sessions
    with shell(path) as sql:
        put(sql, "sessions", f"id = {odd}", change)
        before = exactly(sql, "sessions", f"id = {odd}")
    with caplog.at_level(logging.WARNING, logger="app.core.stored"):
        assert [record.id for record in history.sessions()] == [last, first]
        assert [record.id for record in history.sessions(sam.id)] == [last, first]
        the_rest_still_works(history, sam)
    assert history.problems == (f"{SESSION} could not be read ({reason}){KEPT}",)
    assert [record.getMessage() for record in caplog.records] == [f"it of session {odd}: {reason}"]
    assert history.advisory_due(sam, NOW) is counted
    assert [session["id"] for session in history.export()["sessions"]] == [first, last]
    with shell(path) as sql:
        assert exactly(sql, "sessions", f"id = {odd}") == before


@pytest.mark.parametrize(
    "started",
    ["yesterday", "2026-03-08T12:00:00", "0001-01-01T00:00:00+00:00", 20260308, None, b"2026"],
)
def test_a_session_whose_start_cannot_be_read_is_named_by_its_number_and_not_counted(
    path: Path, history: History, sam: Person, sessions: list[int], started: object
) -> None:
    first, odd, last = sessions
    with shell(path) as sql:
        put(sql, "sessions", f"id = {odd}", {"started": started})
    assert [record.id for record in history.sessions()] == [last, first]
    assert not history.advisory_due(sam, NOW)  # two sessions are too few
    (problem,) = history.problems
    assert problem.startswith(f"Session number {odd} could not be read (its start")


def test_the_latest_sessions_are_the_latest_that_can_be_read(
    path: Path, history: History, sessions: list[int]
) -> None:
    first, second, last = sessions
    with shell(path) as sql:
        put(sql, "sessions", f"id = {last}", {"firmness": "extra-firm"})
    assert [record.id for record in history.sessions(limit=2)] == [second, first]
    assert [record.id for record in history.sessions(limit=1)] == [second]


# --- a phase or a check-in ----------------------------------------------------------------------

ODD_PARTS = [
    ("phases", "number = 1", {"kind": "stretch"}, "Phase 2", "its kind “stretch” is not one"),
    ("phases", "number = 1", {"area": "knees"}, "Phase 2", "its area “knees” is not one"),
    ("phases", "number = 1", {"planned": "long"}, "Phase 2", "its planned length is not a number"),
    ("phases", "number = 1", {"length": 1e999}, "Phase 2", "its length is not a number"),
    ("phases", "number = 1", {"length": 1e308}, "Phase 2", "its length is not a number"),
    ("phases", "number = 1", {"given": 1e308}, "Phase 2", "the time it was given is not a n"),
    ("phases", "number = 1", {"planned": -60}, "Phase 2", "its planned length is not a number"),
    ("phases", "number = 1", {"given": None}, "Phase 2", "the time it was given is not a number"),
    ("phases", "number = 1", {"number": "two"}, "A phase", None),
    ("checkins", "at = 240", {"pressure": "much-firmer"}, "A check-in", "its pressure “much-f"),
    ("checkins", "at = 240", {"focus": "neck"}, "A check-in", "the areas asked for cannot be read"),
    ("checkins", "at = 240", {"focus": '["knees"]'}, "A check-in", "“knees”, in the areas asked"),
    ("checkins", "at = 240", {"at": "soon"}, "A check-in", "its time is not a number of seconds"),
    ("checkins", "at = 240", {"at": 1e308}, "A check-in", "its time is not a number of seconds"),
]


@pytest.mark.parametrize(("table", "where", "change", "part", "reason"), ODD_PARTS)
def test_a_phase_or_check_in_that_cannot_be_read_is_left_out_of_its_session_alone(
    path: Path,
    history: History,
    sam: Person,
    sessions: list[int],
    table: str,
    where: str,
    change: dict[str, object],
    part: str,
    reason: str | None,
) -> None:
    odd = sessions[1]
    where = f"session_id = {odd} AND {where}"
    with shell(path) as sql:
        put(sql, table, where, change)
        before = exactly(sql, table, where)
    if reason is None:  # a phase whose number is odd but whose details can be read is kept
        assert len(history.sessions()[1].phases) == len(PLAN.phases)
        return
    records = {record.id: record for record in history.sessions()}
    assert set(records) == set(sessions)
    phases, checkins = (len(records[odd].phases), len(records[odd].checkins))
    assert (phases, checkins) == ((6, 2) if table == "phases" else (7, 1))
    assert all(len(records[other].phases) == 7 for other in sessions if other != odd)
    (problem,) = history.problems
    assert problem.startswith(f"{part} of the session of 8 March 2026 (number {odd}) could not")
    assert reason in problem and problem.endswith(KEPT)
    the_rest_still_works(history, sam)
    assert history.advisory_due(sam, NOW)
    assert len(history.problems) == 1
    with shell(path) as sql:
        assert exactly(sql, table, where) == before


# --- resuming, the advisory, the export --------------------------------------------------------


@pytest.mark.parametrize(
    ("snapshot", "reason"),
    [
        ("{not json", "it is not a JSON object this Lull can read"),
        ("[1, 2]", "it is not a JSON object this Lull can read"),
        ('{"index": NaN}', "it is not a JSON object this Lull can read"),
        (b"{}", "it is not text"),
        (None, "it is missing"),
    ],
)
def test_a_saved_place_that_cannot_be_read_is_not_offered_to_resume(
    path: Path, history: History, snapshot: object, reason: str
) -> None:
    session = history.begin(PLAN, None, START)
    history.checkpoint(session, {"index": 1}, START)
    with shell(path) as sql:
        put(sql, "checkpoints", f"session_id = {session}", {"snapshot": snapshot})
    assert history.unfinished() is None
    assert history.problems == (
        f"The saved place of the session of 1 March 2026 (number {session}) could not be read "
        f"({reason}){KEPT}",
    )
    assert [record.id for record in history.sessions()] == [session]


def test_an_unfinished_session_that_cannot_be_read_is_not_offered_to_resume(
    path: Path, history: History
) -> None:
    session = history.begin(PLAN, None, START)
    history.checkpoint(session, {"index": 1}, START)
    with shell(path) as sql:
        put(sql, "sessions", f"id = {session}", {"plan_id": None})
    assert history.unfinished() is None
    assert history.problems == (
        f"The session of 1 March 2026 (number {session}) could not be read "
        f"(its plan is missing){KEPT}",
    )


@pytest.mark.parametrize("shown", ["someday", "2026-03-10", 5, b"x"])
def test_an_advisory_shown_at_a_time_that_cannot_be_read_is_taken_as_never_shown(
    path: Path, history: History, sam: Person, sessions: list[int], shown: object
) -> None:
    with shell(path) as sql:
        put(sql, "people", f"id = {sam.id}", {"advisory_shown": shown})
    assert history.advisory_due(sam, NOW)
    (person,) = history.export()["people"]
    assert person["name"] == "Sam" and person["advisory_shown"] is None
    (problem,) = history.problems
    assert problem.startswith("When the advisory was last shown for Sam could not be read (the ")
    assert problem.endswith(KEPT)


def test_people_an_export_leaves_out_are_said_by_the_history_too(
    path: Path, database: Database, history: History, sam: Person, sessions: list[int]
) -> None:
    bea = PeopleBook(database).save(Person("Bea"))
    with shell(path) as sql:
        put(sql, "people", f"id = {bea.id}", {"position": "upside-down"})
    exported = history.export()
    assert [person["name"] for person in exported["people"]] == ["Sam"]
    assert history.problems == (
        "The details of Bea could not be read (their position “upside-down” is not one this "
        "Lull knows); they are left out, and kept in the file as they are.",
    )


def test_the_advisory_reads_only_the_starts_and_ratings_and_agrees_with_the_whole_record(
    database: Database, history: History, sam: Person, sessions: list[int]
) -> None:
    assert sam.id is not None
    history.rate(sessions[2], 6)
    said: list[str] = []
    with database.reading() as sql:
        sql.set_trace_callback(said.append)
    try:
        due = history.advisory_due(sam, NOW)
    finally:
        with database.reading() as sql:
            sql.set_trace_callback(None)
    assert not any("phases" in query or "checkins" in query for query in said), said
    records = history.sessions(sam.id, limit=None)
    assert due is specialist_advised(sam, records, None, NOW) is False  # 4, 4 then 6: better
    history.rate(sessions[2], 4)
    records = history.sessions(sam.id, limit=None)
    assert history.advisory_due(sam, NOW) is specialist_advised(sam, records, None, NOW) is True


@pytest.mark.parametrize("name", ["Sam\nEvil\x1b[31m", "x" * 5_000_000, " "])
def test_a_session_for_someone_whose_name_cannot_be_read_shows_no_name(
    path: Path, history: History, sam: Person, sessions: list[int], name: str
) -> None:
    with shell(path) as sql:
        put(sql, "people", f"id = {sam.id}", {"name": name})
    assert [record.person_name for record in history.sessions()] == [None, None, None]
    assert [record.person_id for record in history.sessions()] == [sam.id] * 3
