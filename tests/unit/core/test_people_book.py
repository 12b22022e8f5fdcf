"""The people Lull knows, kept in lull.db: added, changed, listed, and removed without a trace."""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import cast

import pytest
from hand_edits import NotUtf8, exactly, loosen, put, shell

from app.core.database import DATABASE_NAME, Database
from app.core.events import CheckinAnswer, Pressure
from app.core.history import History
from app.core.people import (
    Concern,
    Firmness,
    GoEasy,
    PeopleBook,
    Person,
    PersonError,
    SafetyCheck,
)
from app.core.plan import Area, Position, built_in_plan

NAME = "Zephyrine Quillfeather"  # distinctive, so that any copy left in the file is found
GO_EASY_NOTE = "tender scar under the left blade"
SESSION_NOTE = "laughed about the marmalade cat"
TRACES = (NAME.encode(), GO_EASY_NOTE.encode(), SESSION_NOTE.encode())


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / DATABASE_NAME


@pytest.fixture
def database(path: Path) -> Iterator[Database]:
    database = Database.open(path)
    yield database
    database.close()


@pytest.fixture
def book(database: Database) -> PeopleBook:
    return PeopleBook(database)


def test_a_person_saved_is_given_an_id_and_read_back_the_same(book: PeopleBook) -> None:
    sam = Person(
        name="  Sam   Lee ",
        position=Position.SEATED,
        firmness=Firmness.FIRM,
        focus=frozenset({Area.SHOULDERS, Area.NECK}),
        go_easy=(GoEasy(Area.LOWER_BACK, " sore  since Tuesday "), GoEasy(Area.NECK)),
        chronic_back_pain=True,
        safety=SafetyCheck(date(2026, 3, 1), frozenset({Concern.RASH, Concern.CLOT})),
    )
    saved = book.save(sam)
    assert saved.id is not None
    assert saved.name == "Sam Lee" and saved.go_easy[0].note == "sore since Tuesday"
    assert book.get(saved.id) == saved
    assert book.get(saved.id + 1) is None


def test_people_are_listed_by_name_whatever_its_case(book: PeopleBook) -> None:
    for name in ("bea", "Cy", "Al", "éloïse"):
        book.save(Person(name))
    assert [person.name for person in book.list()] == ["Al", "bea", "Cy", "éloïse"]


def test_a_change_keeps_the_id_and_replaces_the_details(book: PeopleBook) -> None:
    sam = book.save(Person("Sam", focus=frozenset({Area.NECK})))
    changed = book.save(Person("Sam", firmness=Firmness.LIGHT, id=sam.id))
    assert changed.id == sam.id
    assert book.list() == [changed]
    assert changed.focus == frozenset()


@pytest.mark.parametrize("taken", ["Sam", "sam", "SAM", " Sam "])
def test_a_name_someone_else_has_is_refused(book: PeopleBook, taken: str) -> None:
    book.save(Person("Sam"))
    with pytest.raises(PersonError, match="^there is already someone called Sam$"):
        book.save(Person(taken))
    bea = book.save(Person("Bea"))
    with pytest.raises(PersonError, match="^there is already someone called Sam$"):
        book.save(Person(taken, id=bea.id))
    assert [person.name for person in book.list()] == ["Bea", "Sam"]


def test_someone_may_keep_their_own_name_in_another_case(book: PeopleBook) -> None:
    sam = book.save(Person("Sam"))
    assert book.save(Person("SAM", id=sam.id)).name == "SAM"


def test_details_checked_refuses_are_not_saved(book: PeopleBook) -> None:
    with pytest.raises(PersonError, match="a person needs a name"):
        book.save(Person("   "))
    assert book.list() == []


def test_changing_someone_removed_meanwhile_is_refused(book: PeopleBook) -> None:
    sam = book.save(Person("Sam"))
    assert sam.id is not None
    book.delete(sam.id)
    with pytest.raises(PersonError, match="^Sam is no longer in the list$"):
        book.save(sam)
    assert book.list() == []


def test_the_safety_answers_are_kept_in_place_of_the_earlier_ones(book: PeopleBook) -> None:
    sam = book.save(Person("Sam"))
    assert sam.id is not None and sam.needs_safety_check
    book.record_safety(sam.id, SafetyCheck(date(2026, 3, 1), frozenset({Concern.PREGNANCY})))
    book.record_safety(sam.id, SafetyCheck(date(2026, 3, 8)))
    kept = book.get(sam.id)
    assert kept is not None and not kept.needs_safety_check
    assert kept.safety == SafetyCheck(date(2026, 3, 8))


def count(path: Path, table: str) -> int:
    connection = sqlite3.connect(path)
    try:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        connection.close()


def give_a_session(history: History, person_id: int | None, note: str = "") -> int:
    when = datetime(2026, 3, 1, 20, tzinfo=UTC)
    session = history.begin(built_in_plan("classic"), person_id, when)
    history.checkin(session, CheckinAnswer(300, Pressure.FIRMER, frozenset({Area.NECK})))
    history.checkpoint(session, {"note": note}, when)
    history.rate(session, 6, note)
    return session


def test_removing_someone_removes_their_sessions_and_no_one_elses(
    path: Path, database: Database, book: PeopleBook
) -> None:
    history = History(database)
    sam, bea = book.save(Person("Sam")), book.save(Person("Bea"))
    assert sam.id is not None and bea.id is not None
    give_a_session(history, sam.id)
    kept = give_a_session(history, bea.id)
    anyone = give_a_session(history, None)
    book.delete(sam.id)
    assert book.list() == [bea]
    assert [record.id for record in history.sessions()] == [anyone, kept]
    for table in ("checkins", "checkpoints"):
        assert count(path, table) == 2, table
    assert count(path, "phases") == 2 * len(built_in_plan("classic").phases)


def file_bytes(path: Path) -> dict[str, bytes]:
    return {
        name: (path.parent / name).read_bytes()
        for name in (DATABASE_NAME, f"{DATABASE_NAME}-wal", f"{DATABASE_NAME}-shm")
        if (path.parent / name).exists()
    }


def test_no_trace_of_someone_removed_is_left_in_the_files(
    path: Path, database: Database, book: PeopleBook
) -> None:
    history = History(database)
    bea = book.save(Person("Bea"))
    someone = book.save(Person(NAME, go_easy=(GoEasy(Area.SHOULDERS, GO_EASY_NOTE),)))
    assert someone.id is not None
    for _ in range(3):
        give_a_session(history, someone.id, SESSION_NOTE)
    give_a_session(history, bea.id, "Bea's own note")
    assert all(any(trace in data for data in file_bytes(path).values()) for trace in TRACES)
    book.delete(someone.id)
    while_open = file_bytes(path)
    assert set(while_open) >= {DATABASE_NAME}
    for name, data in while_open.items():
        for trace in TRACES:
            assert trace not in data, (name, trace)
    assert b"Bea's own note" in while_open[DATABASE_NAME]
    database.close()
    for name, data in file_bytes(path).items():
        for trace in TRACES:
            assert trace not in data, (name, trace)


# --- details this Lull cannot read --------------------------------------------------------------

GOOD_ROW = {
    "name": "Odile",
    "position": "lying",
    "firmness": "medium",
    "focus": '["neck"]',
    "go_easy": '[{"area": "neck", "note": "stiff"}]',
    "chronic_back_pain": 0,
    "safety_asked_on": "2026-03-01",
    "safety_applies": '["rash"]',
}
KNOWN = "is not one this Lull knows"
ODD_DETAILS = [
    ({"position": "upside-down"}, "their position “upside-down” " + KNOWN),
    ({"position": b"lying"}, "their position is not text"),
    ({"firmness": "extra-firm"}, "their usual firmness “extra-firm” " + KNOWN),
    ({"firmness": 3}, "their usual firmness “3” " + KNOWN),  # TEXT makes a number text
    ({"focus": '["elbows"]'}, "“elbows”, in their focus, " + KNOWN),
    ({"focus": '["neck", 7]'}, "something in their focus " + KNOWN),
    ({"focus": "neck"}, "their focus cannot be read as a list"),
    ({"focus": '{"neck": true}'}, "their focus cannot be read as a list"),
    ({"focus": "[" * 100_000 + "]" * 100_000}, "their focus cannot be read as a list"),
    ({"focus": "[" * 100 + "]" * 100}, "something in their focus " + KNOWN),
    (
        {"go_easy": '[{"area": "knees", "note": ""}]'},
        "“knees”, in the areas to go easy on, " + KNOWN,
    ),
    ({"go_easy": '["neck"]'}, "something in the areas to go easy on " + KNOWN),
    ({"go_easy": '[{"area": "neck", "note": 5}]'}, "a note on an area to go easy on is not text"),
    ({"chronic_back_pain": "yes"}, "whether they have chronic back pain is not a yes or a no"),
    ({"chronic_back_pain": 2}, "whether they have chronic back pain is not a yes or a no"),
    ({"safety_applies": '["allergy"]'}, "“allergy”, in their safety answers, " + KNOWN),
    (
        {"safety_asked_on": "last Tuesday"},
        "the day of their safety check “last Tuesday” is not a date",
    ),
    ({"safety_asked_on": b"2026-03-01"}, "the day of their safety check is not text"),
    ({"name": None}, "their name is missing"),
    ({"name": "Sam\nEvil\x1b[31m"}, "a name is plain text, without control characters"),
    ({"name": "x" * 5_000_000}, "a name fits in 60 characters"),
    ({"name": " \t "}, "a person needs a name"),
    (
        {"go_easy": json.dumps([{"area": "neck", "note": "x" * 121}])},
        "a go-easy note fits in 120 characters",
    ),
    (
        {"go_easy": json.dumps([{"area": "neck", "note": "sore\x1b[2J"}])},
        "a go-easy note is plain text, without control characters",
    ),
    (
        {"go_easy": '[{"area": "neck", "note": "a"}, {"area": "neck", "note": "b"}]'},
        "each area to go easy on is listed once, with one note",
    ),
    ({"name": NotUtf8(b"Odile\xff")}, "their name is not text this Lull can read"),
    ({"safety_applies": None}, "their safety answers is missing"),
]


@pytest.fixture
def loose_path(path: Path) -> Path:
    """A database made by Database.open whose NOT NULL constraints were dropped since."""
    Database.open(path).close()
    loosen(path)
    return path


@pytest.mark.parametrize(("change", "reason"), ODD_DETAILS)
def test_someone_whose_details_cannot_be_read_is_left_out_said_and_kept(
    loose_path: Path, caplog: pytest.LogCaptureFixture, change: dict[str, object], reason: str
) -> None:
    database = Database.open(loose_path)
    book = PeopleBook(database)
    bea = book.save(Person("Bea"))
    odile = book.save(Person("Odile"))
    assert odile.id is not None
    with shell(loose_path) as sql:
        put(sql, "people", f"id = {odile.id}", {**GOOD_ROW, **change})
        before = exactly(sql, "people", f"id = {odile.id}")
    with caplog.at_level(logging.WARNING, logger="app.core.stored"):
        assert book.list() == [bea]
        assert book.get(odile.id) is None
        assert book.list() == [bea]
    who = "Odile" if "name" not in change else f"someone (number {odile.id})"
    assert book.problems == (
        f"The details of {who} could not be read ({reason}); they are left out, "
        "and kept in the file as they are.",
    )
    assert [record.getMessage() for record in caplog.records] == [
        f"person {odile.id} is left out: {reason}"
    ]
    with pytest.raises(PersonError) as refused:
        book.save(Person("Odile", firmness=Firmness.FIRM, id=odile.id))
    assert str(refused.value) == (
        f"the details kept for {who} could not be read ({reason}), so they are left as they are"
    )
    database.close()
    with shell(loose_path) as sql:
        assert exactly(sql, "people", f"id = {odile.id}") == before


def test_the_same_row_read_right_is_kept_as_it_was_written(path: Path, book: PeopleBook) -> None:
    odile = book.save(Person("Odile"))
    with shell(path) as sql:
        put(sql, "people", f"id = {odile.id}", GOOD_ROW)
    assert book.get(cast(int, odile.id)) == Person(
        "Odile",
        focus=frozenset({Area.NECK}),
        go_easy=(GoEasy(Area.NECK, "stiff"),),
        safety=SafetyCheck(date(2026, 3, 1), frozenset({Concern.RASH})),
        id=odile.id,
    )
    assert book.problems == ()


def test_a_go_easy_note_missing_is_read_as_none(path: Path, book: PeopleBook) -> None:
    odile = book.save(Person("Odile"))
    with shell(path) as sql:
        put(sql, "people", f"id = {odile.id}", {"go_easy": '[{"area": "neck", "future": 1}]'})
    kept = book.get(cast(int, odile.id))
    assert kept is not None and kept.go_easy == (GoEasy(Area.NECK),)


def test_a_name_that_is_not_text_does_not_stop_a_new_name_being_checked(
    path: Path, book: PeopleBook
) -> None:
    odd = book.save(Person("Odile"))
    with shell(path) as sql:
        put(sql, "people", f"id = {odd.id}", {"name": b"Sam"})
    assert book.save(Person("Sam")).id is not None
    with pytest.raises(PersonError, match="already someone called Sam"):
        book.save(Person("sam"))


def test_an_id_is_never_given_again_after_a_delete(book: PeopleBook, tmp_path: Path) -> None:
    """A window still holding Sam's id must not write onto whoever is added after Sam went."""
    sam = book.save(Person("Sam"))
    assert sam.id is not None
    book.delete(sam.id)
    alex = book.save(Person("Alex"))
    assert alex.id != sam.id
