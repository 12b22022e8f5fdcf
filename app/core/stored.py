"""Values read back from lull.db one at a time, each judged on its own.

A value this Lull cannot read (a newer Lull wrote it, or a hand changed it in the sqlite3 shell)
raises Unreadable with the reason in a few plain words; the reader leaves out that one row, says
so in a sentence, and never writes over it. No odd value stops the window opening.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import sqlite3
from collections.abc import Iterator
from datetime import datetime
from enum import StrEnum
from typing import Any, TypeVar

from app.core.strict_json import NotUsableJson, parse

log = logging.getLogger(__name__)
E = TypeVar("E", bound=StrEnum)
SHOWN_CHARS = 40  # a value longer than this is not quoted in a sentence
MAX_SECONDS = 24 * 60 * 60  # a phase lasts minutes and a plan two hours: a day is no session


class Unreadable(Exception):
    """A value kept in the database that this Lull cannot read, with why in plain words."""


def stored_text(value: object, what: str) -> str:
    if type(value) is str and value.isascii():  # most are: no need to look further
        return value
    if value is None:
        raise Unreadable(f"{what} is missing")
    if not isinstance(value, str):
        raise Unreadable(f"{what} is not text")
    try:
        value.encode()
    except UnicodeEncodeError:  # bytes that are not UTF-8, as `leniently` hands them over
        raise Unreadable(f"{what} is not text this Lull can read") from None
    return value


def stored_choice(kind: type[E], value: object, what: str) -> E:
    """One of `kind`'s members, kept as its slug."""
    text = stored_text(value, what)
    member = _members(kind).get(text)
    if member is None:
        raise Unreadable(f"{with_value(what, text)} is not one this Lull knows")
    return member


def stored_list(value: object, what: str) -> list[Any]:
    """A JSON list, kept as text. Read by json.loads, several times quicker than strict_json for
    the many short lists of slugs: what it lets through (NaN, a key twice) no slug matches."""
    text = stored_text(value, what)
    try:
        found = json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: nested a thousand levels deep
        found = None
    if not isinstance(found, list):
        raise Unreadable(f"{what} cannot be read as a list")
    return found


def stored_object(value: object, what: str) -> dict[str, Any]:
    """A JSON object, kept as text."""
    text = stored_text(value, what)
    with contextlib.suppress(NotUsableJson):
        found = parse(text.encode())
        if isinstance(found, dict):
            return found
    raise Unreadable(f"{what} is not a JSON object this Lull can read")


def stored_slugs(kind: type[E], value: object, what: str) -> frozenset[E]:
    """Members of `kind`, kept as a JSON list of their slugs."""
    return frozenset(stored_member(kind, item, what) for item in stored_list(value, what))


def stored_member(kind: type[E], item: object, what: str) -> E:
    """One of `kind`'s members, as an item of a JSON list or object."""
    member = _members(kind).get(item) if isinstance(item, str) else None
    if member is not None:
        return member
    shown = (
        f"“{item}”, in {what},"
        if isinstance(item, str) and _plain(item)
        else f"something in {what}"
    )
    raise Unreadable(f"{shown} is not one this Lull knows")


def stored_flag(value: object, what: str) -> bool:
    if type(value) is int and value in (0, 1):
        return bool(value)
    raise Unreadable(f"{what} is not a yes or a no")


def stored_moment(value: object, what: str) -> datetime:
    """A time kept in ISO 8601 with its time zone, one that can be shown in any zone."""
    text = stored_text(value, what)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        moment = None
    # In the years 1 and 9999 a change of time zone can overflow: no session was given then.
    if moment is not None and moment.tzinfo is not None and 1 < moment.year < 9999:
        return moment
    raise Unreadable(f"{with_value(what, text)} is not a date and time with its time zone")


def stored_seconds(value: object, what: str) -> float:
    """A length or a moment within a session: a sum of them never overflows."""
    if isinstance(value, int | float) and 0 <= value <= MAX_SECONDS:  # NaN is neither
        return float(value)
    raise Unreadable(f"{what} is not a number of seconds from 0 to 24 hours")


@functools.cache
def _members(kind: type[E]) -> dict[str, E]:
    """Each member by its slug: a look-up several times quicker than calling the enum."""
    return {member.value: member for member in kind}


def with_value(what: str, text: str) -> str:
    """What a value is, with the value when it is short and plain: 'their position “upside”'."""
    return f"{what} “{text}”" if _plain(text) else what


def _plain(text: str) -> bool:
    return 0 < len(text) <= SHOWN_CHARS and text.isprintable()


def left_out(problems: list[str], sentence: str, logged: str) -> None:
    """Add a sentence about something left out to `problems` and log it, the first time only.
    The log line names the row and the reason, and no one's name."""
    if sentence not in problems:
        problems.append(sentence)
        log.warning("%s", logged)


@contextlib.contextmanager
def leniently(sql: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Read text that is not UTF-8 with its odd bytes as lone surrogates, which `stored_text`
    refuses: sqlite3 would otherwise fail the whole query, every row, for that one value."""
    before = sql.text_factory
    sql.text_factory = _lenient_text
    try:
        yield sql
    finally:
        sql.text_factory = before


def _lenient_text(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")
