"""The record of sessions: what was given, what the recipient said, and how much it helped.

Each call that records is one transaction, so a kill at any moment leaves the record as it was
after the last call. Times are kept in UTC to the second; they must carry a time zone. A session,
phase or check-in this Lull cannot read is left out, said in `problems`, and kept as it is."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum
from sqlite3 import Connection, Row
from typing import Any, TypeVar, cast

from app.core.advice import (
    RECENT_SESSIONS,
    Rating,
    Suggestion,
    Tendencies,
    specialist_advised,
    suggestions_for,
    tally,
)
from app.core.database import Database
from app.core.events import CheckinAnswer, Pressure
from app.core.export import document
from app.core.people import Firmness, PeopleBook, Person, readable_name
from app.core.plan import Area, PhaseKind, Plan
from app.core.stored import (
    Unreadable,
    left_out,
    leniently,
    stored_choice,
    stored_flag,
    stored_moment,
    stored_object,
    stored_seconds,
    stored_slugs,
    stored_text,
)
from app.core.wording import capitalised

SHOWN_SESSIONS = 50  # what the history view lists unless asked for more
MAX_SESSION_NOTE_CHARS = 1000
T = TypeVar("T")
LEFT_OUT = "{what} could not be read ({reason}); it is left out, and kept in the file as it is."
_PARTS = "SELECT * FROM {} WHERE session_id IN (SELECT value FROM json_each(?)) ORDER BY {}"


class PhaseOutcome(StrEnum):
    SKIPPED = "skipped"  # none of it was given
    SHORTENED = "shortened"  # part of it; the rest was skipped
    GIVEN = "given"  # as planned
    EXTENDED = "extended"  # longer than planned


@dataclass(frozen=True)
class PhaseRecord:
    kind: PhaseKind
    area: Area
    planned: float  # seconds
    length: float  # the planned seconds, plus any extension, less any minute lent to another
    given: float

    @property
    def outcome(self) -> PhaseOutcome:
        if self.given <= 0:
            return PhaseOutcome.SKIPPED
        if self.given < min(self.planned, self.length):  # a phase that lent time gave it all
            return PhaseOutcome.SHORTENED
        return PhaseOutcome.EXTENDED if self.given > self.planned else PhaseOutcome.GIVEN


@dataclass(frozen=True)
class SessionRecord:
    id: int
    plan_id: str
    plan_title: str
    person_id: int | None  # None for a session given to no one in particular
    person_name: str | None
    firmness: Firmness | None  # the person's usual firmness when it began
    started: datetime
    ended: datetime | None  # None while it runs, or if Lull was stopped during it
    completed: bool  # it reached the end of its plan
    phases: tuple[PhaseRecord, ...]
    checkins: tuple[CheckinAnswer, ...]
    relief: int | None  # 0 (none) to 10, as the recipient rated it afterwards
    note: str


def _stored(when: datetime) -> str:
    if when.tzinfo is None:
        raise ValueError(f"{when} has no time zone: use datetime.now().astimezone()")
    return when.astimezone(UTC).isoformat(timespec="seconds")


def _slugs(areas: frozenset[Area]) -> str:
    return json.dumps([area.value for area in Area if area in areas])


class History:
    """The sessions given, kept in the database."""

    def __init__(self, database: Database) -> None:
        self._database = database
        self._people = PeopleBook(database)  # for the export, and who it left out
        self._problems: list[str] = []

    @property
    def problems(self) -> tuple[str, ...]:
        """What reading has left out so far, each in a sentence for the user, said once."""
        return (*self._problems, *(p for p in self._people.problems if p not in self._problems))

    # --- recording, as the session runs ---------------------------------------------------------

    def begin(self, plan: Plan, person_id: int | None, started: datetime) -> int:
        """Record a session starting, with its phases as planned; its id. One for someone
        another Lull removed meanwhile is for no one in particular."""
        with self._database.transaction() as sql:
            added = sql.execute(
                "INSERT INTO sessions (plan_id, plan_title, person_id, firmness, started) "
                "VALUES (?, ?, (SELECT id FROM people WHERE id = ?), "
                "(SELECT firmness FROM people WHERE id = ?), ?)",
                (plan.id, plan.title, person_id, person_id, _stored(started)),
            )
            session_id = cast(int, added.lastrowid)  # None only before any row is added
            phases = [(n, p.kind.value, p.area.value, p.seconds) for n, p in enumerate(plan.phases)]
            sql.executemany(
                "INSERT INTO phases (session_id, number, kind, area, planned, length) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [(session_id, *phase, phase[-1]) for phase in phases],
            )
        return session_id

    def phases_given(
        self, session_id: int, given: Sequence[float], lengths: Sequence[float]
    ) -> None:
        """Record each phase's seconds given so far and its length, the planned seconds plus
        any extension, less what it lent: a Session's `given` and `durations`. What was given
        is kept within the length, which the session's own arithmetic can overshoot by a
        rounding error."""
        rows = [
            (length, min(seconds, length), session_id, number)
            for number, (seconds, length) in enumerate(zip(given, lengths, strict=True))
        ]
        with self._database.transaction() as sql:
            sql.executemany(
                "UPDATE phases SET length = ?, given = ? WHERE session_id = ? AND number = ?", rows
            )

    def checkin(self, session_id: int, answer: CheckinAnswer) -> None:
        """Record what the recipient said; nothing if the session was forgotten meanwhile."""
        with self._database.transaction() as sql:
            sql.execute(
                "INSERT INTO checkins (session_id, at, pressure, focus) "
                "SELECT id, ?, ?, ? FROM sessions WHERE id = ?",
                (answer.at, answer.pressure.value, _slugs(answer.focus), session_id),
            )

    def finish(self, session_id: int, ended: datetime, completed: bool) -> None:
        """Record the end; there is nothing left to resume."""
        with self._database.transaction() as sql:
            sql.execute(
                "UPDATE sessions SET ended = ?, completed = ? WHERE id = ?",
                (_stored(ended), completed, session_id),
            )
            sql.execute("DELETE FROM checkpoints WHERE session_id = ?", (session_id,))

    def rate(self, session_id: int, relief: int | None, note: str = "") -> None:
        """Record how much relief it brought, 0 to 10 (None: not rated), and a note."""
        if relief is not None and not 0 <= relief <= 10:
            raise ValueError(f"relief is rated from 0 to 10, not {relief}")
        note = note.strip()
        if len(note) > MAX_SESSION_NOTE_CHARS:
            raise ValueError(f"a note fits in {MAX_SESSION_NOTE_CHARS} characters")
        with self._database.transaction() as sql:
            sql.execute(
                "UPDATE sessions SET relief = ?, note = ? WHERE id = ?", (relief, note, session_id)
            )

    # --- resuming after Lull was stopped -------------------------------------------------------

    def checkpoint(self, session_id: int, snapshot: Mapping[str, Any], at: datetime) -> None:
        """Keep the session engine's snapshot (any JSON object) in place of the last one."""
        with self._database.transaction() as sql:
            sql.execute(
                "INSERT OR REPLACE INTO checkpoints (session_id, saved, snapshot) "
                "SELECT id, ?, ? FROM sessions WHERE id = ? AND ended IS NULL",
                (_stored(at), json.dumps(snapshot, allow_nan=False), session_id),
            )

    def unfinished(self) -> tuple[SessionRecord, dict[str, Any]] | None:
        """The latest session that never ended and can be resumed, with its last snapshot."""
        with self._database.reading() as sql, leniently(sql):
            row = sql.execute(
                "SELECT s.id, c.snapshot FROM sessions s JOIN checkpoints c ON c.session_id = s.id "
                "WHERE s.ended IS NULL ORDER BY s.started DESC, s.id DESC LIMIT 1"
            ).fetchone()
            if row is None:
                return None
            found = self._records(sql, "WHERE s.id = ?", (row["id"],), 1)
        for record in found:
            snapshot = self._read(
                lambda kept: stored_object(kept["snapshot"], "it"), row, record, "the saved place"
            )
            return None if snapshot is None else (record, snapshot)
        return None

    def discard(self, session_id: int) -> None:
        """Not to be resumed: it ended, not completed, when last saved; what was given stays."""
        with self._database.transaction() as sql:
            sql.execute(
                "UPDATE sessions SET completed = 0, ended = coalesce("
                "(SELECT saved FROM checkpoints WHERE session_id = sessions.id), started) "
                "WHERE id = ? AND ended IS NULL",
                (session_id,),
            )
            sql.execute("DELETE FROM checkpoints WHERE session_id = ?", (session_id,))

    def remove(self, session_id: int) -> None:
        """Gone from the history, with its phases, answers and place (a rehearsal's)."""
        with self._database.transaction() as sql:
            sql.execute("DELETE FROM sessions WHERE id = ?", (session_id,))

    # --- reading ----------------------------------------------------------------------------------

    def sessions(
        self, person_id: int | None = None, limit: int | None = SHOWN_SESSIONS
    ) -> list[SessionRecord]:
        """The latest sessions first, everyone's or one person's; all of them if no limit."""
        condition = "" if person_id is None else "WHERE s.person_id = ?"
        values = () if person_id is None else (person_id,)
        with self._database.reading() as sql, leniently(sql):
            return self._records(sql, condition, values, limit)

    def count(self, person_id: int | None = None) -> int:
        """How many sessions there are, everyone's or one person's, without reading them: those
        that cannot be read are counted too, as they are kept, and deleted with the rest."""
        condition = "" if person_id is None else "WHERE person_id = ?"
        values = () if person_id is None else (person_id,)
        with self._database.reading() as sql:
            return int(
                sql.execute(f"SELECT count(*) FROM sessions {condition}", values).fetchone()[0]
            )

    def tendencies(self, person_id: int, recent: int = RECENT_SESSIONS) -> Tendencies:
        """What a person asked for in their `recent` latest sessions."""
        return tally(self.sessions(person_id, recent))

    def suggestions(self, person: Person) -> list[Suggestion]:
        """Changes to their usual firmness and focus that their recent check-ins point to."""
        if person.id is None:
            return []
        return suggestions_for(person, self.sessions(person.id, RECENT_SESSIONS))

    # --- the specialist advisory ---------------------------------------------------------------

    def advisory_due(self, person: Person, now: datetime) -> bool:
        """Whether to suggest now that they see a specialist: see `specialist_advised`. Of their
        sessions it reads only when each began and how it was rated."""
        if person.id is None:
            return False
        with self._database.reading() as sql, leniently(sql):
            query = "SELECT advisory_shown FROM people WHERE id = ?"
            shown = sql.execute(query, (person.id,)).fetchone()
            if shown is None:
                return False  # removed in the meantime
            query = "SELECT id, started, relief FROM sessions WHERE person_id = ?"
            rows = sql.execute(query, (person.id,)).fetchall()
        rated = [rating for row in rows if (rating := self._read(_rating, row)) is not None]
        return specialist_advised(person, rated, self._last_shown(person, shown[0]), now)

    def advisory_shown(self, person_id: int, when: datetime) -> None:
        """Record that the advisory was shown (or dismissed), so it waits before coming back."""
        with self._database.transaction() as sql:
            sql.execute(
                "UPDATE people SET advisory_shown = ? WHERE id = ?", (_stored(when), person_id)
            )

    # --- privacy ----------------------------------------------------------------------------------

    def forget_everything(self) -> None:
        """Delete every person and session, and leave no trace of them in the file, nor in
        the damaged copies of it set aside."""
        with self._database.transaction() as sql:
            sql.execute("DELETE FROM sessions")
            sql.execute("DELETE FROM people")
        self._database.erase_traces()
        self._database.remove_set_aside()

    def export(self) -> dict[str, Any]:
        """Everything that can be read, as the JSON document that export.py describes."""
        with self._database.reading() as sql, leniently(sql):
            people = self._people.list()
            shown = dict(sql.execute("SELECT id, advisory_shown FROM people").fetchall())
            sessions = self._records(sql, "", (), None)
        return document(
            [(person, self._last_shown(person, shown[person.id])) for person in people],
            reversed(sessions),
        )

    def _records(
        self, sql: Connection, condition: str, values: tuple[object, ...], limit: int | None
    ) -> list[SessionRecord]:
        """The readable sessions `condition` picks, latest first, at most `limit`, in whole."""
        found: dict[int, SessionRecord] = {}
        query = (
            "SELECT s.*, p.name AS person_name FROM sessions s LEFT JOIN people p "
            f"ON p.id = s.person_id {condition} ORDER BY s.started DESC, s.id DESC"
        )
        for row in sql.execute(query, values):  # its cursor is closed as the loop ends
            if len(found) == limit:
                break
            if (record := self._read(_session, row)) is not None:
                found[record.id] = record
        chosen = (json.dumps(list(found)),)
        phases: defaultdict[int, list[PhaseRecord]] = defaultdict(list)
        for row in sql.execute(_PARTS.format("phases", "session_id, number"), chosen):
            record, number = found[row["session_id"]], row["number"]
            phase = f"phase {number + 1}" if type(number) is int else "a phase"
            if (read := self._read(_phase, row, record, phase)) is not None:
                phases[record.id].append(read)
        checkins: defaultdict[int, list[CheckinAnswer]] = defaultdict(list)
        for row in sql.execute(_PARTS.format("checkins", "session_id, at, id"), chosen):
            record = found[row["session_id"]]
            if (said := self._read(_checkin, row, record, "a check-in")) is not None:
                checkins[record.id].append(said)
        return [
            replace(record, phases=tuple(phases[key]), checkins=tuple(checkins[key]))
            for key, record in found.items()
        ]

    def _read(
        self, read: Callable[[Row], T], row: Row, of: SessionRecord | None = None, part: str = ""
    ) -> T | None:
        """A session, or a `part` of session `of` ('a check-in'); None, said, if unreadable."""
        try:
            return read(row)
        except Unreadable as error:
            session, started = (row["id"], row["started"]) if of is None else (of.id, of.started)
            sentence = LEFT_OUT.format(what=_called(session, started, part), reason=error)
            left_out(self._problems, sentence, f"{part or 'it'} of session {session}: {error}")
            return None

    def _last_shown(self, person: Person, value: object) -> datetime | None:
        """When the advisory was last shown for them: None if never, or if that is unreadable."""
        try:
            return None if value is None else stored_moment(value, "the time")
        except Unreadable as error:
            what = f"When the advisory was last shown for {person.name}"
            sentence = LEFT_OUT.format(what=what, reason=error)
            left_out(self._problems, sentence, f"advisory_shown of person {person.id}: {error}")
            return None


def _session(row: Row) -> SessionRecord:
    """The session in a row of sessions, as yet without its phases and check-ins."""
    person_id, name, firmness = row["person_id"], row["person_name"], row["firmness"]
    if person_id is not None and type(person_id) is not int:
        raise Unreadable("who it was for is not a number")
    return SessionRecord(
        id=row["id"],
        plan_id=stored_text(row["plan_id"], "its plan"),
        plan_title=stored_text(row["plan_title"], "the title of its plan"),
        person_id=person_id,
        person_name=readable_name(name),
        firmness=None if firmness is None else stored_choice(Firmness, firmness, "its firmness"),
        started=stored_moment(row["started"], "its start"),
        ended=None if row["ended"] is None else stored_moment(row["ended"], "its end"),
        completed=stored_flag(row["completed"], "whether it was completed"),
        phases=(),
        checkins=(),
        relief=_relief(row),
        note=_note(row),
    )


def _rating(row: Row) -> Rating:
    return Rating(stored_moment(row["started"], "its start"), _relief(row))


def _relief(row: Row) -> int | None:
    relief = row["relief"]
    if relief is None or (type(relief) is int and 0 <= relief <= 10):
        return cast(int | None, relief)
    raise Unreadable("its relief is not rated from 0 to 10")


def _note(row: Row) -> str:
    note = stored_text(row["note"], "its note")
    if len(note) > MAX_SESSION_NOTE_CHARS:
        raise Unreadable(f"its note is over {MAX_SESSION_NOTE_CHARS} characters")
    return note


def _phase(row: Row) -> PhaseRecord:
    return PhaseRecord(
        stored_choice(PhaseKind, row["kind"], "its kind"),
        stored_choice(Area, row["area"], "its area"),
        stored_seconds(row["planned"], "its planned length"),
        stored_seconds(row["length"], "its length"),
        stored_seconds(row["given"], "the time it was given"),
    )


def _checkin(row: Row) -> CheckinAnswer:
    return CheckinAnswer(
        stored_seconds(row["at"], "its time"),
        stored_choice(Pressure, row["pressure"], "its pressure"),
        stored_slugs(Area, row["focus"], "the areas asked for"),
    )


def _called(session_id: int, started: object, part: str) -> str:
    """A session or a `part` of it, to begin a sentence: 'A check-in of the session of 1 March
    2026 (number 12)'; 'Session number 12' when its start cannot be read."""
    try:
        when = started if isinstance(started, datetime) else stored_moment(started, "")
        day = when.astimezone()
        what = f"the session of {day.day} {day:%B %Y} (number {session_id})"
    except Unreadable:
        what = f"session number {session_id}"
    what = f"{part} of {what}" if part else what
    return capitalised(what)
