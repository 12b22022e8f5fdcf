"""lull.db: private, migrated in order, damaged files set aside, SQLite's errors in plain words."""

from __future__ import annotations

import os
import sqlite3
import stat
import time
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from conftest import NOBODY

from app.core.database import (
    DATABASE_NAME,
    MIGRATIONS,
    V1,
    Database,
    DatabaseError,
    examine,
    sqlite_reason,
)
from app.core.events import CheckinAnswer, Pressure
from app.core.history import History, PhaseRecord
from app.core.people import Concern, Firmness, GoEasy, PeopleBook, Person, PersonError, SafetyCheck
from app.core.plan import Area, PhaseKind, Position, built_in_plan

# The first schema as it shipped, written out here so that a change to it in the code cannot
# go unnoticed: a database made by that Lull must open in every later one.
FIRST_SCHEMA = """
CREATE TABLE people (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    position TEXT NOT NULL,
    firmness TEXT NOT NULL,
    focus TEXT NOT NULL,
    go_easy TEXT NOT NULL,
    chronic_back_pain INTEGER NOT NULL,
    safety_asked_on TEXT,
    safety_applies TEXT NOT NULL DEFAULT '[]',
    advisory_shown TEXT
);
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id TEXT NOT NULL,
    plan_title TEXT NOT NULL,
    person_id INTEGER REFERENCES people (id) ON DELETE CASCADE,
    firmness TEXT,
    started TEXT NOT NULL,
    ended TEXT,
    completed INTEGER NOT NULL DEFAULT 0 CHECK (completed IN (0, 1)),
    relief INTEGER CHECK (relief BETWEEN 0 AND 10),
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_by_person ON sessions (person_id, started);
CREATE TABLE phases (
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    kind TEXT NOT NULL,
    area TEXT NOT NULL,
    planned REAL NOT NULL,
    length REAL NOT NULL CHECK (length >= planned),
    given REAL NOT NULL DEFAULT 0 CHECK (given BETWEEN 0 AND length),
    PRIMARY KEY (session_id, number)
);
CREATE TABLE checkins (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    at REAL NOT NULL,
    pressure TEXT NOT NULL,
    focus TEXT NOT NULL
);
CREATE INDEX checkins_by_session ON checkins (session_id);
CREATE TABLE checkpoints (
    session_id INTEGER PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
    saved TEXT NOT NULL,
    snapshot TEXT NOT NULL
);
INSERT INTO people VALUES (1, 'Sam', 'seated', 'firm', '["shoulders"]',
    '[{"area": "neck", "note": "stiff after work"}]', 1, '2026-01-02', '["injury"]',
    '2026-01-03T10:00:00+00:00');
INSERT INTO sessions VALUES (1, 'classic', 'Classic back massage', 1, 'firm',
    '2026-01-02T20:00:00+00:00', '2026-01-02T20:30:00+00:00', 1, 7, 'slept well after');
INSERT INTO phases VALUES (1, 0, 'settle', 'full-back', 60, 60, 60);
INSERT INTO phases VALUES (1, 1, 'knead', 'shoulders', 240, 300, 290);
INSERT INTO checkins VALUES (1, 1, 400, 'firmer', '["neck"]');
INSERT INTO sessions VALUES (2, 'deep', 'Deep and unhurried', NULL, NULL,
    '2026-01-04T20:00:00+00:00', NULL, 0, NULL, '');
INSERT INTO phases VALUES (2, 0, 'settle', 'full-back', 120, 120, 30);
INSERT INTO checkpoints VALUES (2, '2026-01-04T20:00:30+00:00', '{"index": 0}');
PRAGMA user_version = 1;
"""


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / DATABASE_NAME


def made_by_hand(path: Path, script: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path)
    connection.executescript(script)
    connection.close()


def user_version(path: Path) -> int:
    connection = sqlite3.connect(path)
    try:
        return int(connection.execute("PRAGMA user_version").fetchone()[0])
    finally:
        connection.close()


def columns(path: Path, table: str) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]
    finally:
        connection.close()


def aside_files(folder: Path) -> list[str]:
    """The damaged databases set aside, without the -wal and -shm moved beside them."""
    found = (p.name for p in folder.iterdir() if ".corrupt-" in p.name)
    return sorted(name for name in found if not name.endswith(("-wal", "-shm")))


# --- a new database ---------------------------------------------------------------------------


def test_a_new_database_is_private_in_a_private_folder_and_at_the_newest_version(
    path: Path,
) -> None:
    database = Database.open(path)
    PeopleBook(database).save(Person("Sam"))
    assert database.problems == () and database.path == path and not database.held
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    for name in (DATABASE_NAME, f"{DATABASE_NAME}-wal", f"{DATABASE_NAME}-shm"):
        assert stat.S_IMODE((path.parent / name).stat().st_mode) == 0o600, name
    database.close()
    assert user_version(path) == len(MIGRATIONS)


def test_a_database_left_open_to_others_is_made_private_again(path: Path) -> None:
    Database.open(path).close()
    path.chmod(0o644)
    Database.open(path).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_connection_keeps_a_write_ahead_log_and_foreign_keys(path: Path) -> None:
    database = Database.open(path)
    with database.reading() as sql:
        assert sql.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert sql.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert sql.execute("PRAGMA secure_delete").fetchone()[0] == 1
    database.close()


# --- versions ----------------------------------------------------------------------------------


def test_a_database_of_the_first_version_opens_with_its_data_intact(path: Path) -> None:
    made_by_hand(path, FIRST_SCHEMA)
    database = Database.open(path)
    assert database.problems == ()
    (sam,) = PeopleBook(database).list()
    assert sam == Person(
        name="Sam",
        position=Position.SEATED,
        firmness=Firmness.FIRM,
        focus=frozenset({Area.SHOULDERS}),
        go_easy=(GoEasy(Area.NECK, "stiff after work"),),
        chronic_back_pain=True,
        safety=SafetyCheck(date(2026, 1, 2), frozenset({Concern.INJURY})),
        id=1,
    )
    history = History(database)
    later, first = history.sessions()
    assert (first.person_name, first.relief, first.note) == ("Sam", 7, "slept well after")
    assert first.ended == datetime(2026, 1, 2, 20, 30, tzinfo=UTC) and first.completed
    assert first.phases[1] == PhaseRecord(PhaseKind.KNEAD, Area.SHOULDERS, 240, 300, 290)
    assert first.checkins == (CheckinAnswer(400, Pressure.FIRMER, frozenset({Area.NECK})),)
    unfinished = history.unfinished()
    assert unfinished is not None and unfinished[0] == later and unfinished[1] == {"index": 0}
    database.close()


def test_a_later_version_is_applied_on_top_of_the_first_keeping_its_data(path: Path) -> None:
    made_by_hand(path, FIRST_SCHEMA)
    second = ("ALTER TABLE people ADD COLUMN pronouns TEXT NOT NULL DEFAULT ''",)
    database = Database.open(path, migrations=(V1, second))
    assert [p.name for p in PeopleBook(database).list()] == ["Sam"]
    database.close()
    assert user_version(path) == 2
    assert "pronouns" in columns(path, "people")


def test_every_version_from_an_empty_file_is_applied_in_order(path: Path) -> None:
    second = ("ALTER TABLE people ADD COLUMN pronouns TEXT NOT NULL DEFAULT ''",)
    third = ("CREATE TABLE mixes_used (session_id INTEGER, mix TEXT)",)
    Database.open(path, migrations=(V1, second, third)).close()
    assert user_version(path) == 3
    assert "pronouns" in columns(path, "people") and columns(path, "mixes_used")


def test_a_version_that_fails_half_way_leaves_the_database_as_it_was(path: Path) -> None:
    made_by_hand(path, FIRST_SCHEMA)
    broken = ("ALTER TABLE people ADD COLUMN pronouns TEXT", "ALTER TABLE nowhere ADD COLUMN x")
    with pytest.raises(sqlite3.OperationalError):  # a bug in a migration surfaces, as bugs do
        Database.open(path, migrations=(V1, broken))
    assert user_version(path) == 1
    assert "pronouns" not in columns(path, "people")


def test_a_database_from_a_newer_lull_is_read_but_never_written(path: Path) -> None:
    made_by_hand(path, FIRST_SCHEMA + "PRAGMA user_version = 99;")
    before = path.read_bytes()
    database = Database.open(path)
    assert database.held == "it was written by a newer Lull, so it is only read"
    assert database.problems == (
        "Your history was kept as it is: it was written by a newer Lull, so it is only read.",
    )
    assert [p.name for p in PeopleBook(database).list()] == ["Sam"]
    with pytest.raises(DatabaseError) as refused:
        PeopleBook(database).save(Person("Bea"))
    assert str(refused.value) == (
        "your history could not be saved: it was written by a newer Lull, so it is only read"
    )
    database.close()
    assert user_version(path) == 99 and path.read_bytes() == before
    assert aside_files(path.parent) == []


# --- damaged files -----------------------------------------------------------------------------


def a_database_with_data(path: Path) -> bytes:
    database = Database.open(path)
    book = PeopleBook(database)
    for n in range(300):
        book.save(Person(f"Person {n}", go_easy=(GoEasy(Area.NECK, "x" * 100),)))
    database.close()
    return path.read_bytes()


def garbage(path: Path) -> str:
    path.parent.mkdir(parents=True)
    path.write_bytes(bytes(range(256)) * 40)
    return "the file is not a database"


def truncated_header(path: Path) -> str:
    path.write_bytes(a_database_with_data(path)[:50])
    return "the database is damaged"


def truncated_in_the_middle(path: Path) -> str:
    data = a_database_with_data(path)
    path.write_bytes(data[: len(data) // 2 + 100])
    return "the database is damaged"


def a_page_overwritten(path: Path) -> str:
    data = bytearray(a_database_with_data(path))
    data[4096 * 5 : 4096 * 6] = b"\xff" * 4096
    path.write_bytes(bytes(data))
    return "the database is damaged"


NOT_LULLS = "it holds tables that are not Lull's"


def tables_of_another_program(path: Path) -> str:
    made_by_hand(path, "CREATE TABLE photos (id INTEGER PRIMARY KEY, file TEXT);")
    return NOT_LULLS


def tables_of_another_program_at_lulls_version(path: Path) -> str:
    made_by_hand(path, "CREATE TABLE foo (x); PRAGMA user_version = 1;")
    return NOT_LULLS


def lulls_tables_with_one_dropped(path: Path) -> str:
    made_by_hand(path, FIRST_SCHEMA + "DROP TABLE checkpoints;")
    return NOT_LULLS


def lulls_tables_with_a_column_renamed(path: Path) -> str:
    made_by_hand(path, FIRST_SCHEMA + "ALTER TABLE phases RENAME COLUMN given TO done;")
    return NOT_LULLS


def lulls_tables_with_a_trigger_added(path: Path) -> str:
    made_by_hand(
        path,
        FIRST_SCHEMA + "CREATE TRIGGER no BEFORE INSERT ON people BEGIN SELECT RAISE(ABORT, 'no'); "
        "END;",
    )
    return NOT_LULLS


def a_table_of_a_module_this_sqlite_lacks(path: Path) -> str:
    made_by_hand(
        path,
        FIRST_SCHEMA + "CREATE TABLE odd (x); PRAGMA writable_schema = ON; "
        "UPDATE sqlite_schema SET sql = 'CREATE VIRTUAL TABLE odd USING nowhere (x)' "
        "WHERE name = 'odd';",
    )
    return NOT_LULLS


def lulls_tables_at_a_negative_version(path: Path) -> str:
    made_by_hand(path, FIRST_SCHEMA + "PRAGMA user_version = -1;")
    return "its version is not one Lull writes"


def an_empty_database_at_a_negative_version(path: Path) -> str:
    made_by_hand(path, "PRAGMA user_version = -1;")
    return "its version is not one Lull writes"


@pytest.mark.parametrize(
    "damage",
    [
        garbage,
        truncated_header,
        truncated_in_the_middle,
        a_page_overwritten,
        tables_of_another_program,
        tables_of_another_program_at_lulls_version,
        lulls_tables_with_one_dropped,
        lulls_tables_with_a_column_renamed,
        lulls_tables_with_a_trigger_added,
        a_table_of_a_module_this_sqlite_lacks,
        lulls_tables_at_a_negative_version,
        an_empty_database_at_a_negative_version,
    ],
)
def test_a_damaged_database_is_set_aside_and_a_new_one_started(path: Path, damage: object) -> None:
    assert callable(damage)
    reason = damage(path)
    before = path.read_bytes()
    assert examine(path) == (
        "damaged",
        f"{path}: {reason}; Lull will set it aside and start a new one",
    )
    database = Database.open(path)
    (aside,) = aside_files(path.parent)
    assert database.problems == (
        f"Your history could not be read ({reason}) and was set aside as {aside}; "
        "a new one was started.",
    )
    assert (path.parent / aside).read_bytes() == before
    assert PeopleBook(database).save(Person("Sam")).id == 1
    History(database).begin(built_in_plan("classic"), 1, datetime(2026, 3, 1, tzinfo=UTC))
    database.close()
    assert user_version(path) == len(MIGRATIONS)
    again = Database.open(path)  # the new one is Lull's own, and kept
    assert again.problems == () and [p.name for p in PeopleBook(again).list()] == ["Sam"]
    again.close()
    assert examine(path) == ("ok", f"{path}: 1 person, 1 session")


def test_a_newer_lulls_database_without_the_tables_this_lull_reads_is_left_as_it_is(
    path: Path,
) -> None:
    made_by_hand(path, "CREATE TABLE foo (x); PRAGMA user_version = 99;")
    before = path.read_bytes()
    reason = "it was written by a newer Lull, in a form this one cannot read"
    assert examine(path) == ("unreadable", f"{path}: {reason}")
    database = Database.open(path)
    assert database.path is None
    assert database.problems == (
        f"Your history could not be opened ({reason}), so Lull will not remember this session.",
    )
    database.close()
    assert path.read_bytes() == before and aside_files(path.parent) == []


def test_a_newer_lulls_database_with_more_columns_is_read(path: Path) -> None:
    made_by_hand(
        path,
        FIRST_SCHEMA
        + "ALTER TABLE people ADD COLUMN pronouns TEXT; CREATE TABLE mixes (x);"
        + "PRAGMA user_version = 2;",
    )
    database = Database.open(path, migrations=(V1,))
    assert database.held and [p.name for p in PeopleBook(database).list()] == ["Sam"]
    database.close()


def test_the_log_and_index_of_a_damaged_database_are_set_aside_beside_it(path: Path) -> None:
    garbage(path)
    for end in ("-wal", "-shm"):
        path.with_name(DATABASE_NAME + end).write_bytes(b"left by a crash" + end.encode())
    Database.open(path).close()
    (aside,) = aside_files(path.parent)
    assert (path.parent / (aside + "-wal")).read_bytes() == b"left by a crash-wal"
    assert (path.parent / (aside + "-shm")).exists()  # only an index of the log: SQLite redoes it


def test_a_fifo_called_lull_db_is_set_aside_without_being_opened(path: Path) -> None:
    path.parent.mkdir(parents=True)
    os.mkfifo(path)
    database = Database.open(path)  # SQLite opening a FIFO would wait here for ever
    (aside,) = aside_files(path.parent)
    assert stat.S_ISFIFO((path.parent / aside).stat().st_mode)
    assert "(it is not a regular file) and was set aside as" in database.problems[0]
    assert PeopleBook(database).save(Person("Sam")).id == 1
    database.close()


def test_a_folder_called_lull_db_is_set_aside_with_what_it_holds(path: Path) -> None:
    path.mkdir(parents=True)
    (path / "kept.txt").write_text("mine")
    database = Database.open(path)
    (aside,) = aside_files(path.parent)
    assert (path.parent / aside / "kept.txt").read_text() == "mine"
    assert "(it is a folder) and was set aside as" in database.problems[0]
    database.close()
    assert path.is_file()


def test_a_database_through_a_link_is_used_where_the_link_points(tmp_path: Path) -> None:
    elsewhere = tmp_path / "dotfiles" / DATABASE_NAME
    elsewhere.parent.mkdir()
    elsewhere.touch()  # an empty file is an empty database; a link to no file is set aside
    garbage_path = tmp_path / "data" / DATABASE_NAME
    garbage_path.parent.mkdir()
    garbage_path.symlink_to(elsewhere)
    database = Database.open(garbage_path)
    PeopleBook(database).save(Person("Sam"))
    database.close()
    assert garbage_path.is_symlink() and elsewhere.is_file()
    assert user_version(elsewhere) == len(MIGRATIONS)


def test_without_a_folder_to_keep_it_in_the_history_is_kept_in_memory(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("a file where the folder should be")
    database = Database.open(tmp_path / "data" / DATABASE_NAME)
    assert database.path is None
    assert database.problems == (
        "Your history could not be opened (not a directory), "
        "so Lull will not remember this session.",
    )
    book = PeopleBook(database)
    book.save(Person("Sam"))
    assert [p.name for p in book.list()] == ["Sam"]
    database.close()


# --- transactions and errors -------------------------------------------------------------------


def test_a_transaction_interrupted_by_an_error_keeps_none_of_its_changes(path: Path) -> None:
    database = Database.open(path)
    with pytest.raises(PersonError), database.transaction() as sql:
        sql.execute("DELETE FROM people")
        sql.execute(
            "INSERT INTO people (name, position, firmness, focus, go_easy, chronic_back_pain) "
            "VALUES ('Sam', 'lying', 'medium', '[]', '[]', 0)"
        )
        raise PersonError("changed my mind")
    assert PeopleBook(database).list() == []
    database.close()


def test_a_full_disk_is_said_plainly_and_what_was_saved_stays(path: Path) -> None:
    database = Database.open(path)
    book = PeopleBook(database)
    book.save(Person("Sam"))
    with database.transaction() as sql:
        pages = sql.execute("PRAGMA page_count").fetchone()[0]
        sql.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own limit: a full disk
    with pytest.raises(DatabaseError) as full:
        for n in range(200):
            book.save(Person(f"Person {n}", go_easy=(GoEasy(Area.NECK, "x" * 100),)))
    assert full.value.reason == "the disk is full"
    assert str(full.value) == "your history could not be saved: the disk is full"
    assert "Sam" in [p.name for p in book.list()]
    database.close()


def test_a_write_while_another_program_holds_the_lock_gives_up_within_a_second(
    path: Path,
) -> None:
    database = Database.open(path)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    began = time.monotonic()
    with pytest.raises(DatabaseError, match="locked by another program"):
        PeopleBook(database).save(Person("Sam"))
    assert time.monotonic() - began < 1  # the window would freeze for as long
    holder.execute("ROLLBACK")
    holder.close()
    database.close()


def test_sqlite_errors_are_named_in_plain_words(path: Path) -> None:
    Database.open(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    waiting = sqlite3.connect(path, timeout=0, isolation_level=None)
    with pytest.raises(sqlite3.OperationalError) as locked:
        waiting.execute("BEGIN IMMEDIATE")
    assert sqlite_reason(locked.value) == "the database is locked by another program"
    holder.execute("ROLLBACK")
    waiting.execute("PRAGMA query_only = ON")
    with pytest.raises(sqlite3.OperationalError) as read_only:
        waiting.execute("DELETE FROM people")
    assert sqlite_reason(read_only.value) == "the database is read-only"
    with pytest.raises(sqlite3.OperationalError) as bug:
        waiting.execute("SELECT nothing FROM nowhere")
    assert sqlite_reason(bug.value) is None
    holder.close()
    waiting.close()
    garbage_path = path.with_name("garbage")
    garbage_path.write_bytes(b"not a database at all" * 100)
    other = sqlite3.connect(garbage_path)
    with pytest.raises(sqlite3.DatabaseError) as not_a_database:
        other.execute("PRAGMA quick_check")
    assert sqlite_reason(not_a_database.value) == "the file is not a database"
    other.close()


# --- links: Lull changes nothing outside its own folder ----------------------------------------


def test_a_linked_database_is_used_without_changing_the_folder_it_is_in(tmp_path: Path) -> None:
    dotfiles = tmp_path / "dotfiles"
    target = dotfiles / DATABASE_NAME
    Database.open(target).close()
    dotfiles.chmod(0o755)
    link = tmp_path / "data" / DATABASE_NAME
    link.parent.mkdir()
    link.symlink_to(target)
    database = Database.open(link)
    PeopleBook(database).save(Person("Sam"))
    assert database.problems == () and database.path == link
    database.close()
    assert stat.S_IMODE(dotfiles.stat().st_mode) == 0o755
    assert link.is_symlink()
    kept = Database.open(target)
    assert [p.name for p in PeopleBook(kept).list()] == ["Sam"]
    kept.close()


@pytest.mark.skipif(os.geteuid() != 0, reason="only root may give a file to someone else")
def test_a_linked_database_someone_else_owns_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "shared" / DATABASE_NAME
    target.parent.mkdir()
    Database.open(target).close()
    target.chmod(0o664)
    os.chown(target, NOBODY, NOBODY)
    link = tmp_path / "data" / DATABASE_NAME
    link.parent.mkdir()
    link.symlink_to(target)
    Database.open(link).close()
    assert stat.S_IMODE(target.stat().st_mode) == 0o664


def a_link_to_a_folder(link: Path) -> Path:
    folder = link.parent.parent / "Documents"
    folder.mkdir()
    (folder / "letter.txt").write_text("mine")
    link.symlink_to(Path("..") / "Documents")
    return folder


def a_link_to_a_fifo(link: Path) -> Path:
    fifo = link.parent.parent / "pipe"
    os.mkfifo(fifo)
    link.symlink_to(fifo)
    return fifo


def a_link_to_nothing(link: Path) -> Path:
    missing = link.parent.parent / "nowhere" / "deeper" / DATABASE_NAME
    link.symlink_to(missing)
    return missing


def a_link_to_a_damaged_file(link: Path) -> Path:
    damaged = link.parent.parent / "damaged.db"
    damaged.write_bytes(b"not a database at all" * 100)
    link.symlink_to(damaged)
    return damaged


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (a_link_to_a_folder, "it is a folder"),
        (a_link_to_a_fifo, "it is not a regular file"),
        (a_link_to_nothing, "it is a link to nothing Lull can open"),
        (a_link_to_a_damaged_file, "the file is not a database"),
    ],
)
def test_a_link_to_what_is_no_database_is_set_aside_and_what_it_points_to_left_alone(
    tmp_path: Path, make: object, reason: str
) -> None:
    assert callable(make)
    link = tmp_path / "data" / DATABASE_NAME
    link.parent.mkdir()
    tmp_path.chmod(0o755)
    target = make(link)
    pointed = os.readlink(link)
    before = sorted(p.name for p in tmp_path.iterdir())
    database = Database.open(link)
    (aside,) = aside_files(link.parent)
    assert database.problems == (
        f"Your history could not be read ({reason}) and was set aside as {aside}; "
        "a new one was started.",
    )
    assert os.readlink(link.parent / aside) == pointed  # the link itself, renamed
    assert PeopleBook(database).save(Person("Sam")).id == 1
    database.close()
    assert link.is_file() and not link.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert stat.S_IMODE(tmp_path.stat().st_mode) == 0o755
    assert os.path.lexists(target) is (make is not a_link_to_nothing)
    assert not (tmp_path / "nowhere").exists()


def test_doctor_says_a_link_to_nothing_is_set_aside_and_moves_nothing(tmp_path: Path) -> None:
    link = tmp_path / "data" / DATABASE_NAME
    link.parent.mkdir()
    a_link_to_nothing(link)
    status, detail = examine(link)
    assert status == "damaged"
    assert detail.endswith(
        "it is a link to nothing Lull can open; Lull will set it aside and start a new one"
    )
    assert link.is_symlink() and not (tmp_path / "nowhere").exists()


@pytest.mark.parametrize("content", [b"hello, not a database\n", None])
def test_what_a_link_points_to_keeps_its_mode_damaged_or_not(
    tmp_path: Path, content: bytes | None
) -> None:
    """The file a link points to is the user's: Lull never tightens or opens up its mode."""
    target = tmp_path / "elsewhere" / "kept.db"
    target.parent.mkdir()
    if content is None:
        Database.open(target).close()  # a real Lull database, kept elsewhere
    else:
        target.write_bytes(content)
    target.chmod(0o644)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "lull.db").symlink_to(target)
    Database.open(tmp_path / "data" / "lull.db").close()
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    if content is not None:
        assert target.read_bytes() == content


def test_version_1_history_moves_to_version_2_whole_and_takes_phases_shorter_than_planned(
    path: Path,
) -> None:
    from app.core.history import History
    from app.core.plan import built_in_plan

    plan = built_in_plan("classic")
    first = Database.open(path, migrations=(V1,))
    session = History(first).begin(plan, None, datetime(2026, 3, 1, tzinfo=UTC))
    first.close()
    assert user_version(path) == 1
    database = Database.open(path)
    assert user_version(path) == len(MIGRATIONS) == 2
    history = History(database)
    (record,) = history.sessions()
    assert [phase.planned for phase in record.phases] == [p.seconds for p in plan.phases]
    shorter = [phase.seconds - 10.0 for phase in plan.phases]
    history.phases_given(session, [0.0] * len(shorter), shorter)
    assert [phase.length for phase in history.sessions()[0].phases] == shorter
    database.close()


def test_an_empty_file_is_a_history_not_begun(path: Path) -> None:
    """A full disk can leave the file made and empty: SQLite reads it as a database with
    nothing in it yet, and so does lull doctor."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"")
    assert examine(path) == ("ok", f"{path}: 0 people, 0 sessions")
    assert path.read_bytes() == b""  # looked at only
