"""The people and the history of sessions in one private SQLite file, lull.db.

Opening never stops Lull: a file that is not a usable database is set aside and a new one
started, and when no file can be kept at all the history lives in memory for this run, with a
sentence that says so. Every write is one transaction: a kill at any moment loses at most the
write under way, never the file's consistency.
"""

from __future__ import annotations

import contextlib
import glob
import logging
import os
import sqlite3
import stat
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from app.core.store import StoreError, locked, plain_reason

log = logging.getLogger(__name__)

DATABASE_NAME = "lull.db"
FILE_MODE = 0o600  # notes about someone's back pain are nobody else's business
JOURNALS = ("-wal", "-shm")  # SQLite's files beside the database: guarded and moved with it
# How long a write waits for another program's. A commit of Lull's takes milliseconds, and
# Lull writes on the thread that draws the window (a checkpoint every ten seconds): waiting
# longer would freeze the countdown. A write given up is said once, and tried again soon.
BUSY_SECONDS = 0.5
TITLE = "your history"

# Set on every connection; a file Lull may write is also put in WAL mode (a write-ahead log),
# so that reading never waits for writing. synchronous=NORMAL is SQLite's advice with WAL: a
# commit is safe at once from a crash or a kill of Lull, and only a power cut can lose the last
# few commits, never the file's consistency; FULL would add a disk flush to every check-in and
# checkpoint, on the thread that draws the countdown. secure_delete overwrites what is deleted,
# and temp_store keeps VACUUM's working copy in memory: neither leaves a trace on the disk.
PRAGMAS = (
    "PRAGMA foreign_keys = ON",
    "PRAGMA synchronous = NORMAL",
    "PRAGMA secure_delete = ON",
    "PRAGMA temp_store = MEMORY",
)

# The first schema. Times are ISO 8601 in UTC, to the second; sets of slugs are JSON lists.
# People and sessions never reuse an id: a window still holding a deleted one's id must not
# write onto whoever is added next (AUTOINCREMENT).
V1 = (
    """CREATE TABLE people (
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
    )""",
    """CREATE TABLE sessions (
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
    )""",
    "CREATE INDEX sessions_by_person ON sessions (person_id, started)",
    """CREATE TABLE phases (
        session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        number INTEGER NOT NULL,
        kind TEXT NOT NULL,
        area TEXT NOT NULL,
        planned REAL NOT NULL,
        length REAL NOT NULL CHECK (length >= planned),
        given REAL NOT NULL DEFAULT 0 CHECK (given BETWEEN 0 AND length),
        PRIMARY KEY (session_id, number)
    )""",
    """CREATE TABLE checkins (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        at REAL NOT NULL,
        pressure TEXT NOT NULL,
        focus TEXT NOT NULL
    )""",
    "CREATE INDEX checkins_by_session ON checkins (session_id)",
    """CREATE TABLE checkpoints (
        session_id INTEGER PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
        saved TEXT NOT NULL,
        snapshot TEXT NOT NULL
    )""",
)
# Version 2: a phase may be given less than planned by design, its minute lent to one before
# it ("+1 min" borrowing from the phases to come), so its length is no longer held at or
# above the planned one. SQLite cannot drop a CHECK, so the table is made again.
V2 = (
    """CREATE TABLE phases_2 (
        session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        number INTEGER NOT NULL,
        kind TEXT NOT NULL,
        area TEXT NOT NULL,
        planned REAL NOT NULL,
        length REAL NOT NULL CHECK (length >= 0),
        given REAL NOT NULL DEFAULT 0 CHECK (given BETWEEN 0 AND length),
        PRIMARY KEY (session_id, number)
    )""",
    "INSERT INTO phases_2 SELECT session_id, number, kind, area, planned, length, given "
    "FROM phases",
    "DROP TABLE phases",
    "ALTER TABLE phases_2 RENAME TO phases",
)
# Migration n (counting from 1) brings user_version n-1 to n; a new schema is one more entry.
MIGRATIONS: tuple[Sequence[str], ...] = (V1, V2)

_REASONS = {
    sqlite3.SQLITE_FULL: "the disk is full",
    sqlite3.SQLITE_BUSY: "the database is locked by another program",
    sqlite3.SQLITE_LOCKED: "the database is locked by another program",
    sqlite3.SQLITE_NOTADB: "the file is not a database",
    sqlite3.SQLITE_CORRUPT: "the database is damaged",
    sqlite3.SQLITE_READONLY: "the database is read-only",
    sqlite3.SQLITE_READONLY_DIRECTORY: "the folder is read-only",
    sqlite3.SQLITE_CANTOPEN: "the file could not be opened",
    sqlite3.SQLITE_PERM: "Lull is not allowed to write there",
    sqlite3.SQLITE_IOERR: "the disk could not be read or written",
    sqlite3.SQLITE_NOMEM: "the computer is out of memory",
}
_DAMAGE = (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT)
NOT_LULLS = "it holds tables that are not Lull's"
NEWER = "it was written by a newer Lull, so it is only read"
UNKNOWN_FORM = "it was written by a newer Lull, in a form this one cannot read"
SCHEMA = r"""SELECT m.type, m.name, c.name
    FROM sqlite_schema m LEFT JOIN pragma_table_info(m.name) c
    WHERE m.type != 'index' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\'"""


class DatabaseError(StoreError):
    """The database could not be read or written, for a reason outside the app."""


class _Damaged(DatabaseError):
    """The file is there but is not a database Lull can use: it is to be set aside."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason, reason)


def sqlite_reason(error: sqlite3.Error) -> str | None:
    """What an SQLite error means for the user; None for one that is a bug in Lull."""
    code: int | None = getattr(error, "sqlite_errorcode", None)
    if code is None:
        return None
    return _REASONS.get(code) or _REASONS.get(code & 0xFF)


@contextlib.contextmanager
def _plainly(failed: str) -> Iterator[None]:
    """SQLite's errors as DatabaseError in plain words, after `failed`; bugs stay as they are."""
    try:
        yield
    except sqlite3.Error as error:
        reason = sqlite_reason(error)
        if reason is None:
            raise
        raise DatabaseError(f"{failed}: {reason}", reason) from error


class Database:
    """One connection to lull.db, or to a database in memory when no file could be kept."""

    def __init__(
        self,
        connection: sqlite3.Connection,
        path: Path | None,
        problems: Sequence[str] = (),
        held: str = "",
    ) -> None:
        self._connection = connection
        self.path = path  # None when the history lives in memory and is lost at the end
        self.problems = tuple(problems)  # what opening found, in sentences for the user
        self.held = held  # why nothing may be written; empty while Lull may write

    @classmethod
    def open(cls, path: Path, migrations: Sequence[Sequence[str]] = MIGRATIONS) -> Database:
        """The database at `path`, made if missing and brought to the current schema.

        A damaged file is set aside and a new one started. A file Lull may not write (it, or
        its folder, is read-only) is only read. If no file can be opened or made (a read-only
        folder, a full disk, a lock held by another program), the database is in memory for
        this run. Either way `problems` says what happened.

        `path` may be a symbolic link to a database kept elsewhere: it is used where it points,
        but nothing there is set aside, made or opened to others; only the link itself is set
        aside when it leads to no usable database.
        """
        problems: list[str] = []
        try:
            if held := _cannot_write(path):  # nothing is written or set aside: no lock needed
                return cls._read_only(path, migrations, problems, held)
            with locked(path.parent, TITLE):
                return cls._open_file(path, migrations, problems)
        except StoreError as error:
            log.warning("the history is kept in memory: %s", error)
            problems.append(
                f"Your history could not be opened ({error.reason}), "
                "so Lull will not remember this session."
            )
            return cls.in_memory(migrations, problems)

    @classmethod
    def in_memory(
        cls, migrations: Sequence[Sequence[str]] = MIGRATIONS, problems: Sequence[str] = ()
    ) -> Database:
        """A database that lasts as long as this object: for a run that cannot keep a file."""
        connection = _connect(":memory:")
        _migrate(connection, migrations)
        return cls(connection, None, problems)

    @classmethod
    def _read_only(
        cls, path: Path, migrations: Sequence[Sequence[str]], problems: list[str], held: str
    ) -> Database:
        """The database at `path`, only read; DatabaseError when it is not at this Lull's
        version, which it may not be brought to."""
        real = Path(os.path.realpath(path))
        with _plainly("your history could not be read"):
            if _inspect(real, migrations) < len(migrations):
                raise DatabaseError(f"{path.name} could not be brought up to date", held)
            connection = _connect(_looking(real))  # mode=ro: SQLite's own guard, behind Lull's
        problems.append(f"Your history is only read: {held}.")
        return cls(connection, path, problems, held)

    @classmethod
    def _open_file(
        cls, path: Path, migrations: Sequence[Sequence[str]], problems: list[str]
    ) -> Database:
        try:
            return cls._opened(path, migrations, problems)
        except _Damaged as damage:
            reason = damage.reason
        try:
            aside = _set_aside(path)
        except OSError as error:
            why = f"{reason}, and it could not be moved aside: {plain_reason(error)}"
            raise DatabaseError(f"{path.name} is damaged", why) from error
        log.warning("%s is damaged (%s); kept as %s", path, reason, aside)
        problems.append(
            f"Your history could not be read ({reason}) and was set aside as {aside.name}; "
            "a new one was started."
        )
        return cls._opened(path, migrations, problems)

    @classmethod
    def _opened(
        cls, path: Path, migrations: Sequence[Sequence[str]], problems: list[str]
    ) -> Database:
        connection, held = _open_known(path, migrations)
        if held:
            problems.append(f"Your history was kept as it is: {held}.")
        return cls(connection, path, problems, held)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Write in one transaction: all of the block's changes are kept, or none are.

        It takes the write lock at once (BEGIN IMMEDIATE), so two Lulls writing together wait
        their turn rather than fail. DatabaseError says why nothing was written.
        """
        if self.held:
            raise DatabaseError(f"your history could not be saved: {self.held}", self.held)
        with _plainly("your history could not be saved"):
            self._connection.execute("BEGIN IMMEDIATE")
            try:
                yield self._connection
                self._connection.execute("COMMIT")
            finally:
                if self._connection.in_transaction:
                    self._connection.execute("ROLLBACK")

    @contextlib.contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """Read from one snapshot, whatever another Lull writes meanwhile; inside a transaction
        or another reading, the block shares that one."""
        connection, shared = self._connection, self._connection.in_transaction
        if shared:
            yield connection
            return
        with _plainly("your history could not be read"):
            connection.execute("BEGIN")
            try:
                yield connection
            finally:
                if connection.in_transaction:
                    connection.execute("COMMIT")

    def erase_traces(self) -> None:
        """Leave no copy of deleted rows in the file or beside it: rebuild it (VACUUM), then
        fold the write-ahead log into it and empty that (its old frames still hold them)."""
        with _plainly("your history could not be tidied"):
            self._connection.execute("VACUUM")
            busy = self._connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        if busy:
            log.warning("another Lull is reading the history; its log is emptied later")

    def remove_set_aside(self) -> int:
        """Remove the damaged copies of the database set aside in its folder (they may hold
        what is being forgotten); how many went. A link among them goes, not what it points to."""
        if self.path is None:
            return 0
        removed = 0
        for copy in self.path.parent.glob(f"{glob.escape(self.path.name)}.corrupt-*"):
            try:
                copy.unlink()
            except OSError as error:
                reason = plain_reason(error)
                raise DatabaseError(
                    f"{copy.name} could not be removed ({reason})", reason
                ) from error
            removed += 1
        return removed

    def close(self) -> None:
        self._connection.close()


def examine(path: Path) -> tuple[str, str]:
    """What `lull doctor` says of the database, looking only: the people and sessions in it,
    or why it cannot be used (status "damaged", "unreadable" or "held"; "ok" when it can)."""
    try:
        _refuse_odd_file(path)
        real = Path(os.path.realpath(path))
        with _plainly("your history could not be read"):
            version = _inspect(real, MIGRATIONS)
            newer = version > len(MIGRATIONS)
            looking = sqlite3.connect(_looking(real), uri=True, timeout=BUSY_SECONDS)
            try:
                counts = [  # version 0: made, and empty (a full disk can leave it so)
                    looking.execute(f"SELECT count(*) FROM {table}").fetchone()[0] if version else 0
                    for table in ("people", "sessions")
                ]
            finally:
                looking.close()
    except _Damaged as damage:
        return "damaged", f"{path}: {damage}; Lull will set it aside and start a new one"
    except DatabaseError as error:
        return "unreadable", f"{path}: {error.reason}"
    if held := _cannot_write(path) or (NEWER if newer else ""):
        return "held", f"{path}: {held}"
    people, sessions = counts
    return "ok", (
        f"{path}: {people} {'person' if people == 1 else 'people'}, "
        f"{sessions} session{'' if sessions == 1 else 's'}"
    )


def _open_known(path: Path, migrations: Sequence[Sequence[str]]) -> tuple[sqlite3.Connection, str]:
    """A connection to the file at `path`, at the newest schema this Lull knows, and why it is
    held read-only (a newer Lull wrote it); _Damaged when it is not a database to use."""
    _refuse_odd_file(path)
    _make_private(path)
    real = Path(os.path.realpath(path))  # SQLite keeps its -wal and -shm beside this one
    with _plainly("your history could not be opened"):
        held = NEWER if _inspect(real, migrations) > len(migrations) else ""
        connection = _connect(str(real))
        try:
            if held:
                connection.execute("PRAGMA query_only = ON")  # SQLite's own guard, behind Lull's
            else:
                connection.execute("PRAGMA journal_mode = WAL")  # kept in the file from now on
                _migrate(connection, migrations)
        except BaseException:
            connection.close()
            raise
    return connection, held


def _inspect(path: Path, migrations: Sequence[Sequence[str]]) -> int:
    """The version of the database at `path` (no link), once it is known to hold Lull's tables
    as that version made them; _Damaged when it is not one Lull can use, DatabaseError when a
    newer Lull made it in a form this one cannot read.

    It looks through a read-only connection, so that SQLite changes nothing in a file that is
    to be set aside: not its header, nor its -wal and -shm, which a connection that may write
    removes on closing.
    """
    looking = sqlite3.connect(_looking(path), uri=True, timeout=BUSY_SECONDS)
    try:
        found = [row[0] for row in looking.execute("PRAGMA quick_check")]
        version = looking.execute("PRAGMA user_version").fetchone()[0]
        kept = _schema(looking)
    except sqlite3.DatabaseError as error:
        if getattr(error, "sqlite_errorcode", 0) & 0xFF in _DAMAGE:
            raise _Damaged(_REASONS[error.sqlite_errorcode & 0xFF]) from error
        raise
    finally:
        looking.close()
    if found != ["ok"]:
        log.warning("quick_check of %s: %s", path, "; ".join(found[:5]))
        raise _Damaged(_REASONS[sqlite3.SQLITE_CORRUPT])
    if version < 0:
        raise _Damaged("its version is not one Lull writes")
    wanted = _schema_of(migrations[:version])
    if version <= len(migrations) and kept != wanted:
        raise _Damaged(NOT_LULLS)
    if not wanted <= kept:  # a newer Lull adds tables and columns, and keeps these
        raise DatabaseError(f"{path.name} could not be read", UNKNOWN_FORM)
    return int(version)


def _looking(path: Path) -> str:
    """The URI that opens the database at `path` (no link) only to read, making nothing
    beside it.

    While there is a log beside it, a -wal (a Lull has it open, or was stopped) or a rollback
    -journal, mode=ro reads through it, the latest commits with it. Without one, mode=ro would
    make a -wal and -shm (with the database's mode: world-readable for a 0444 file), and
    cannot in a read-only folder; then immutable=1 reads the file alone, missing nothing.
    """
    logged = any(os.path.exists(f"{path}{end}") for end in ("-wal", "-journal"))
    return f"{path.as_uri()}?mode=ro" + ("" if logged else "&immutable=1")


def _cannot_write(path: Path) -> str:
    """Why Lull may only read the database file at `path`; empty when it may write, or when
    there is no file there to read. SQLite writes beside the file a link leads to."""
    if not os.path.isfile(path):
        return ""
    real = os.path.realpath(path)
    if not os.access(real, os.W_OK):
        return "the file is read-only"
    if not (os.access(path.parent, os.W_OK) and os.access(os.path.dirname(real), os.W_OK)):
        return "the folder is read-only"
    return ""


def _schema(connection: sqlite3.Connection) -> frozenset[tuple[str, str, str | None]]:
    """Each table's columns, and each view and trigger, as (type, name, column): what must be
    Lull's. Indexes, and SQLite's own tables, are left out. A virtual table whose module this
    SQLite lacks cannot be looked into: then the file is not Lull's."""
    try:
        return frozenset(connection.execute(SCHEMA).fetchall())
    except sqlite3.OperationalError as error:
        if error.sqlite_errorcode == sqlite3.SQLITE_ERROR:
            raise _Damaged(NOT_LULLS) from error
        raise


def _schema_of(migrations: Sequence[Sequence[str]]) -> frozenset[tuple[str, str, str | None]]:
    """The schema that `migrations` make, made in memory."""
    connection = sqlite3.connect(":memory:")
    try:
        for statements in migrations:
            for statement in statements:
                connection.execute(statement)
        return _schema(connection)
    finally:
        connection.close()


def _refuse_odd_file(path: Path) -> None:
    """Look before SQLite does: it would block for ever opening a FIFO. A link that leads to
    nothing is refused too, so that no file is made where it points."""
    try:
        kind = os.stat(path).st_mode
    except OSError as error:
        if path.is_symlink():
            raise _Damaged("it is a link to nothing Lull can open") from error
        if isinstance(error, FileNotFoundError):
            return
        reason = plain_reason(error, reading=True)
        raise DatabaseError(f"{path.name} could not be read ({reason})", reason) from error
    if stat.S_ISDIR(kind):
        raise _Damaged("it is a folder")
    if not stat.S_ISREG(kind):
        raise _Damaged("it is not a regular file")


def _make_private(path: Path) -> None:
    """Create the file readable by its owner alone; SQLite gives its -wal and -shm the same
    mode. One an earlier run or a copy left open to others is closed to them, if it is Lull's
    user's own. Through a link nothing is made or changed: what it points to is the user's,
    kept as they keep it (as the JSON files are written through a link)."""
    if path.is_symlink():
        return
    making = os.O_CREAT | os.O_NOFOLLOW
    try:
        handle = os.open(path, os.O_RDWR | os.O_CLOEXEC | os.O_NONBLOCK | making, FILE_MODE)
    except OSError as error:
        reason = plain_reason(error)
        raise DatabaseError(f"{path.name} could not be opened ({reason})", reason) from error
    try:
        _close_to_others(handle)
    finally:
        os.close(handle)
    for end in JOURNALS:
        with contextlib.suppress(OSError):  # none, or a link (O_NOFOLLOW): nothing to close
            flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
            journal = os.open(path.with_name(path.name + end), flags)
            try:
                _close_to_others(journal)
            finally:
                os.close(journal)


def _close_to_others(handle: int) -> None:
    details = os.fstat(handle)
    if stat.S_ISREG(details.st_mode) and details.st_mode & 0o077 and details.st_uid == os.geteuid():
        os.fchmod(handle, FILE_MODE)


def _connect(target: str) -> sqlite3.Connection:
    """An autocommit connection with Lull's settings: transactions are begun by hand. `target`
    is a path, ":memory:" or a file: URI."""
    connection = sqlite3.connect(target, timeout=BUSY_SECONDS, isolation_level=None, uri=True)
    try:
        connection.row_factory = sqlite3.Row
        for pragma in PRAGMAS:
            connection.execute(pragma)
    except BaseException:
        connection.close()
        raise
    return connection


def _migrate(connection: sqlite3.Connection, migrations: Sequence[Sequence[str]]) -> None:
    """Bring the schema up to date, each version in a transaction of its own."""
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    for number, statements in enumerate(migrations[version:], start=version + 1):
        connection.execute("BEGIN IMMEDIATE")
        try:
            for statement in statements:
                connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {number}")
            connection.execute("COMMIT")
        finally:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
        log.info("the history is now at version %d", number)


def _set_aside(path: Path) -> Path:
    """Move the damaged database out of the way with its -wal and -shm, which keep their
    endings, so that SQLite could still open the copy as it was; its new path. A link is moved
    as it is, never what it points to: all that is moved stays in the folder."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    number = 1
    while os.path.lexists(aside):
        number += 1
        aside = path.with_name(f"{path.name}.corrupt-{stamp}-{number}")
    path.rename(aside)
    for end in JOURNALS:
        with contextlib.suppress(FileNotFoundError):
            path.with_name(path.name + end).rename(aside.with_name(aside.name + end))
    return aside
