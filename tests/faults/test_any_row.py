"""Whatever a hand or a newer Lull leaves in a row of lull.db, reading never stops: the row
that cannot be read is left out and said, every other row is read as before, and nothing that
was read is written over."""

from __future__ import annotations

import dataclasses
import json
import math
import sqlite3
import types
import typing
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hand_edits import NotUtf8, exactly, loosen, put, shell
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from app.core.database import DATABASE_NAME, Database, DatabaseError
from app.core.events import CheckinAnswer, Pressure
from app.core.history import MAX_SESSION_NOTE_CHARS, History, SessionRecord
from app.core.people import (
    MAX_NAME_CHARS,
    MAX_NOTE_CHARS,
    Concern,
    GoEasy,
    PeopleBook,
    Person,
    SafetyCheck,
    checked,
)
from app.core.plan import Area, built_in_plan
from app.core.stored import MAX_SECONDS

PLAN = built_in_plan("shoulders-neck")
START = datetime(2026, 3, 1, 12, tzinfo=UTC)
NOW = START + timedelta(days=30)

# Every column a hand may change; not the ids, which tie the rows together.
PEOPLE = (
    "name, position, firmness, focus, go_easy, chronic_back_pain, safety_asked_on, "
    "safety_applies, advisory_shown"
).split(", ")
SESSIONS = (
    "plan_id, plan_title, person_id, firmness, started, ended, completed, relief, note"
).split(", ")
PHASES = ["number", "kind", "area", "planned", "length", "given"]
CHECKINS = ["at", "pressure", "focus"]
CHECKPOINTS = ["saved", "snapshot"]
COLUMNS = {
    "people": PEOPLE,
    "sessions": SESSIONS,
    "phases": PHASES,
    "checkins": CHECKINS,
    "checkpoints": CHECKPOINTS,
}

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=8,
)
# What a Lull of this version or the next might write, near misses among them.
LIKELY = [
    *(member.value for kind in (Area, Pressure, Concern) for member in kind),
    *("lying", "seated", "light", "medium", "firm", "knead", "neck", "stretch", "extra-firm"),
    *(
        "2026-03-01",
        "2026-03-08T12:00:00+00:00",
        "2026-03-08T12:00:00",
        "9999-12-31T23:59:59+14:00",
    ),
    *('["neck"]', '["knees"]', '[{"area": "neck", "note": "x"}]', '[{"area": "neck"}]', "[]"),
    *('["injury"]', '{"index": 1}', "{}", "NaN", 0, 1, 2, 4, 10, 11, -1, 0.5, 1e308),
    *(86400, 86401, -60.0),  # seconds at and past the bounds
    # Text past its limits, or with control characters.
    *("Sam\nEvil\x1b[31m", "x" * (MAX_NAME_CHARS + 1), "y" * (MAX_SESSION_NOTE_CHARS + 1)),
    *(json.dumps([{"area": "neck", "note": "z" * (MAX_NOTE_CHARS + 1)}]), "x" * 5_000_000),
    json.dumps([{"area": "neck", "note": "sore\x1b[2J"}]),
]
values = st.one_of(
    st.none(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.binary(max_size=20),
    st.binary(max_size=12).map(NotUtf8),
    st.sampled_from(LIKELY),
    json_values.map(json.dumps),
)


def changes(columns: list[str]) -> st.SearchStrategy[dict[str, object]]:
    return st.dictionaries(st.sampled_from(columns), values, max_size=len(columns))


def well_formed(value: object, hint: object) -> bool:
    """Whether a value read back is of the type its dataclass says, all the way down."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is types.UnionType:
        return any(well_formed(value, arg) for arg in args)
    if origin in (frozenset, tuple):
        return type(value) is origin and all(well_formed(item, args[0]) for item in value)
    if dataclasses.is_dataclass(hint):
        hints = typing.get_type_hints(hint)
        return type(value) is hint and all(
            well_formed(getattr(value, name), each) for name, each in hints.items()
        )
    if hint is float:
        return type(value) is float and math.isfinite(value)
    if hint is str:
        return type(value) is str and value.encode() is not None
    if hint is datetime:
        return type(value) is datetime and value.tzinfo is not None
    return type(value) is hint  # int, bool, date, None and the enums


def within_limits(record: SessionRecord) -> bool:
    """Whether what a session holds is as Lull writes it: nothing to overflow a sum of its
    seconds, to spill out of a line, or to fill the memory."""
    seconds = [s for p in record.phases for s in (p.planned, p.length, p.given)]
    seconds += [checkin.at for checkin in record.checkins]
    return (
        all(0 <= second <= MAX_SECONDS for second in seconds)
        and len(record.note) <= MAX_SESSION_NOTE_CHARS
        and (
            record.person_name is None
            or checked(Person(record.person_name)).name == record.person_name
        )
    )


def given_to(history: History, person: Person, day: int, relief: int) -> int:
    session = history.begin(PLAN, person.id, START + timedelta(days=day))
    history.checkin(session, CheckinAnswer(240, Pressure.FIRMER, frozenset({Area.NECK})))
    history.phases_given(session, [30.0] * len(PLAN.phases), [p.seconds for p in PLAN.phases])
    history.rate(session, relief, "fine")
    history.finish(session, START + timedelta(days=day, minutes=20), completed=True)
    return session


def rows_as_kept(path: Path, where: dict[str, str]) -> dict[str, dict[str, object]]:
    with shell(path) as sql:
        sql.row_factory = sqlite3.Row
        return {
            table: dict(sql.execute(f"SELECT * FROM {table} WHERE {at}").fetchone())
            for table, at in where.items()
        }


def test_no_value_in_any_column_stops_reading_or_hides_another_row(tmp_path: Path) -> None:
    path = tmp_path / "data" / DATABASE_NAME
    Database.open(path).close()
    loosen(path)  # so that a NULL can stand in any column, as a newer Lull's schema may allow
    database = Database.open(path)
    assert database.problems == ()
    book, history = PeopleBook(database), History(database)
    sam = book.save(Person("Sam", chronic_back_pain=True, go_easy=(GoEasy(Area.NECK, "x"),)))
    bea = book.save(Person("Bea", safety=SafetyCheck(START.date(), frozenset({Concern.RASH}))))
    odd = book.save(Person("Odile", focus=frozenset({Area.NECK})))
    good = [given_to(history, sam, day, 4) for day in (0, 7, 14)] + [given_to(history, bea, 3, 8)]
    odd_session = history.begin(PLAN, odd.id, START + timedelta(days=5))
    history.checkin(odd_session, CheckinAnswer(300, Pressure.LIGHTER))
    history.checkpoint(odd_session, {"index": 1}, START + timedelta(days=5))
    with shell(path) as sql:  # the odd session keeps one phase and one check-in
        sql.execute(f"DELETE FROM phases WHERE session_id = {odd_session} AND number > 0")
    where = {
        "people": f"id = {odd.id}",
        "sessions": f"id = {odd_session}",
        "phases": f"session_id = {odd_session}",
        "checkins": f"session_id = {odd_session}",
        "checkpoints": f"session_id = {odd_session}",
    }
    kept = rows_as_kept(path, where)
    people = [person for person in book.list() if person.id != odd.id]
    records = {
        key: record
        for key, record in ((r.id, r) for r in history.sessions(limit=None))
        if key in good
    }
    assert history.advisory_due(sam, NOW)

    def read_everything(book: PeopleBook, history: History) -> None:
        listed = book.list()
        assert [person for person in listed if person.id != odd.id] == people
        assert (odd.id in {person.id for person in listed}) is not bool(book.problems)
        assert len(book.problems) <= 1
        assert all(well_formed(person, Person) for person in listed)
        assert all(checked(person) == person for person in listed)
        found = {record.id: record for record in history.sessions(limit=None)}
        assert all(well_formed(record, SessionRecord) for record in found.values())
        assert all(within_limits(record) for record in found.values())
        assert all(record.relief is None or 0 <= record.relief <= 10 for record in found.values())
        assert {key: found[key] for key in good} == records
        if odd_session in found:  # then its phase and its check-in are there, or said
            parts = len(found[odd_session].phases) + len(found[odd_session].checkins)
            assert len(history.problems) == 2 - parts
        else:
            assert len(history.problems) == 1
        assert sam.id is not None and bea.id is not None
        history.tendencies(sam.id)
        for person in listed:
            history.suggestions(person)
            history.advisory_due(person, NOW)
        history.unfinished()
        exported = history.export()
        json.dumps(exported, allow_nan=False).encode()
        assert {person["id"] for person in exported["people"]} >= {sam.id, bea.id}
        assert {session["id"] for session in exported["sessions"]} >= set(good)

    @settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
    @given(st.tuples(*(changes(columns) for columns in COLUMNS.values())))
    def reading(changed: tuple[dict[str, object], ...]) -> None:
        with shell(path) as sql:
            try:
                for (table, at), change in zip(where.items(), changed, strict=True):
                    put(sql, table, at, kept[table])
                    put(sql, table, at, change)
            except sqlite3.IntegrityError:
                reject()  # a name someone else has, in some case
            before = {table: exactly(sql, table, at) for table, at in where.items()}
        try:
            read_everything(PeopleBook(database), History(database))
        except DatabaseError:
            pass  # a reason outside Lull, said to the user; never one a value gives
        with shell(path) as sql:
            assert {table: exactly(sql, table, at) for table, at in where.items()} == before

    reading()
    database.close()
