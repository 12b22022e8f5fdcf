"""lull.db changed behind Lull's back: by a hand in the sqlite3 shell, or by a newer Lull."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class NotUtf8:
    """Bytes to be kept as TEXT (CAST(? AS TEXT)): text that is not UTF-8, as the shell allows."""

    data: bytes


@contextlib.contextmanager
def shell(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection like the sqlite3 shell's: each statement its own transaction, no foreign
    keys, and here no CHECK constraints either, as `PRAGMA ignore_check_constraints` allows."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA ignore_check_constraints = ON")
        yield connection
    finally:
        connection.close()


def loosen(path: Path) -> None:
    """Drop the NOT NULL constraints, as a newer Lull's schema might, so that a NULL can stand
    anywhere. The database must not be open."""
    with shell(path) as sql:
        sql.execute("PRAGMA writable_schema = ON")
        sql.execute(
            "UPDATE sqlite_schema SET sql = replace(sql, 'NOT NULL', '') WHERE type = 'table'"
        )


def put(sql: sqlite3.Connection, table: str, where: str, changes: dict[str, object]) -> None:
    """Set columns of the rows `where` picks to values of any kind, NotUtf8 included."""
    if not changes:
        return
    places = ", ".join(
        f"{column} = CAST(? AS TEXT)" if isinstance(value, NotUtf8) else f"{column} = ?"
        for column, value in changes.items()
    )
    values = [value.data if isinstance(value, NotUtf8) else value for value in changes.values()]
    sql.execute(f"UPDATE {table} SET {places} WHERE {where}", values)


def exactly(sql: sqlite3.Connection, table: str, where: str) -> list[tuple[object, ...]]:
    """The rows `where` picks, each value with its type and bytes: to show nothing changed."""
    columns = [row[1] for row in sql.execute(f"PRAGMA table_info({table})")]
    shown = ", ".join(f"typeof({c}), hex({c})" for c in columns)
    return sql.execute(f"SELECT {shown} FROM {table} WHERE {where}").fetchall()
