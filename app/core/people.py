"""The people a massage is for: how they like it, where to go easy, and the safety check.

A person is what a therapist keeps on an intake form. These are values; `PeopleBook` (below)
keeps them in the database.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from app.core.database import Database
from app.core.plan import Area, Position
from app.core.stored import (
    Unreadable,
    left_out,
    leniently,
    stored_choice,
    stored_flag,
    stored_list,
    stored_member,
    stored_slugs,
    stored_text,
    with_value,
)

MAX_NAME_CHARS = 60
MAX_NOTE_CHARS = 120


class PersonError(ValueError):
    """A person's details that cannot be kept, said in plain words."""


class Firmness(StrEnum):
    """How firm a person likes the pressure, by default."""

    LIGHT = "light"
    MEDIUM = "medium"
    FIRM = "firm"


class Concern(StrEnum):
    """What the safety check asks about: each a reason to skip the massage or ask a doctor."""

    INJURY = "injury"
    UNWELL = "unwell"
    BROKEN_SKIN = "broken-skin"
    RASH = "rash"
    CLOT = "clot"
    PREGNANCY = "pregnancy"
    BONES = "bones"

    @property
    def question(self) -> str:
        return CONCERN_QUESTIONS[self]


CONCERN_QUESTIONS: dict[Concern, str] = {
    Concern.INJURY: "A recent injury or surgery",
    Concern.UNWELL: "A fever, or feeling unwell",
    Concern.BROKEN_SKIN: "Broken skin, a cut or a wound on the back",
    Concern.RASH: "A rash or sunburn on the back",
    Concern.CLOT: "A blood clot, or varicose veins",
    Concern.PREGNANCY: "Pregnancy",
    Concern.BONES: "A bone condition, such as osteoporosis",
}


@dataclass(frozen=True)
class SafetyCheck:
    """The answers to the safety check, and the day they were given."""

    asked_on: date
    applies: frozenset[Concern] = frozenset()

    @property
    def clear(self) -> bool:
        return not self.applies


SAFETY_ADVICE = (
    "With {concerns}, it may be kinder to skip the massage today, or to ask a doctor first. "
    "You can still go on if you both feel it is fine."
)


def safety_advice(check: SafetyCheck) -> str | None:
    """What Lull suggests after the check; None when nothing applies."""
    if check.clear:
        return None
    named = [c.question[0].lower() + c.question[1:] for c in Concern if c in check.applies]
    listed = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
    return SAFETY_ADVICE.format(concerns=listed.lower())


@dataclass(frozen=True)
class GoEasy:
    """An area to go easy on, with why: 'sore left shoulder'."""

    area: Area
    note: str = ""


@dataclass(frozen=True)
class Person:
    name: str
    position: Position = Position.LYING
    firmness: Firmness = Firmness.MEDIUM
    focus: frozenset[Area] = frozenset()
    go_easy: tuple[GoEasy, ...] = ()
    chronic_back_pain: bool = False
    safety: SafetyCheck | None = None  # None until the check has been asked
    id: int | None = None  # given by the database when first saved

    @property
    def needs_safety_check(self) -> bool:
        """True before the first session with them, and after answers where something applied:
        until nothing does, it is asked again before each session (things change)."""
        return self.safety is None or not self.safety.clear

    def go_easy_on(self, area: Area) -> tuple[GoEasy, ...]:
        """The go-easy notes that touch an area; the whole back touches every one."""
        if area is Area.FULL_BACK:
            return self.go_easy
        return tuple(g for g in self.go_easy if g.area in (area, Area.FULL_BACK))


def checked(person: Person) -> Person:
    """The person with their name and notes tidied, or PersonError saying what is wrong."""
    name = " ".join(person.name.split())
    if not name:
        raise PersonError("a person needs a name")
    if len(name) > MAX_NAME_CHARS:
        raise PersonError(f"a name fits in {MAX_NAME_CHARS} characters")
    if not name.isprintable():
        raise PersonError("a name is plain text, without control characters")
    notes = []
    for easy in person.go_easy:
        note = " ".join(easy.note.split())
        if len(note) > MAX_NOTE_CHARS:
            raise PersonError(f"a go-easy note fits in {MAX_NOTE_CHARS} characters")
        if not note.isprintable():
            raise PersonError("a go-easy note is plain text, without control characters")
        notes.append(GoEasy(easy.area, note))
    areas = [easy.area for easy in notes]
    if len(set(areas)) != len(areas):
        raise PersonError("each area to go easy on is listed once, with one note")
    return Person(
        name=name,
        position=person.position,
        firmness=person.firmness,
        focus=person.focus,
        go_easy=tuple(notes),
        chronic_back_pain=person.chronic_back_pain,
        safety=person.safety,
        id=person.id,
    )


# --- kept in the database -----------------------------------------------------------------------

_COLUMNS = (
    "name, position, firmness, focus, go_easy, chronic_back_pain, safety_asked_on, safety_applies"
)
LEFT_OUT = (
    "The details of {who} could not be read ({reason}); they are left out, "
    "and kept in the file as they are."
)
NOT_WRITTEN_OVER = (
    "the details kept for {who} could not be read ({reason}), so they are left as they are"
)


class PeopleBook:
    """The people Lull knows, kept in the database; each change is one transaction.

    Each person is read on their own: one whose details this Lull cannot read (a newer Lull
    wrote them, or a hand changed them) is left out, and said in `problems`; their row is
    never written over or deleted for it.
    """

    def __init__(self, database: Database) -> None:
        self._database = database
        self._problems: list[str] = []

    @property
    def problems(self) -> tuple[str, ...]:
        """Who reading has left out so far, each in a sentence for the user, said once."""
        return tuple(self._problems)

    def list(self) -> list[Person]:
        """Everyone who can be read, by name, whatever its case."""
        with self._database.reading() as sql, leniently(sql):
            rows = sql.execute(f"SELECT id, {_COLUMNS} FROM people").fetchall()
        people = [person for row in rows if (person := self._read(row)) is not None]
        return sorted(people, key=lambda person: person.name.casefold())

    def get(self, person_id: int) -> Person | None:
        """Them, or None when no one has that id (any more) or they cannot be read."""
        with self._database.reading() as sql, leniently(sql):
            query = f"SELECT id, {_COLUMNS} FROM people WHERE id = ?"
            row = sql.execute(query, (person_id,)).fetchone()
        return None if row is None else self._read(row)

    def save(self, person: Person) -> Person:
        """Add someone new (no id yet) or change someone kept; them as kept, with their id.

        A change replaces all their details with the ones given, safety answers included.
        PersonError says why not: details `checked` refuses, a name someone else has (in any
        case), a person removed in the meantime, or one whose details as kept cannot be read.
        """
        person = checked(person)
        values = _values(person)
        with self._database.transaction() as sql, leniently(sql):
            _refuse_a_taken_name(sql, person)
            if person.id is None:
                places = ", ".join("?" * len(values))
                added = sql.execute(f"INSERT INTO people ({_COLUMNS}) VALUES ({places})", values)
                return replace(person, id=added.lastrowid)
            query = f"SELECT id, {_COLUMNS} FROM people WHERE id = ?"
            kept = sql.execute(query, (person.id,)).fetchone()
            if kept is None:
                raise PersonError(f"{person.name} is no longer in the list")
            try:
                _person(kept)
            except Unreadable as error:
                raise PersonError(NOT_WRITTEN_OVER.format(who=_who(kept), reason=error)) from None
            changes = ", ".join(f"{column} = ?" for column in _COLUMNS.split(", "))
            sql.execute(f"UPDATE people SET {changes} WHERE id = ?", (*values, person.id))
        return person

    def delete(self, person_id: int) -> None:
        """Remove someone with every session given them, and leave no trace of it in the file."""
        with self._database.transaction() as sql:
            sql.execute("DELETE FROM people WHERE id = ?", (person_id,))
        self._database.erase_traces()

    def record_safety(self, person_id: int, check: SafetyCheck) -> None:
        """Keep the answers to the safety check, in place of any earlier ones."""
        with self._database.transaction() as sql:
            sql.execute(
                "UPDATE people SET safety_asked_on = ?, safety_applies = ? WHERE id = ?",
                (check.asked_on.isoformat(), _concerns(check), person_id),
            )

    def _read(self, row: sqlite3.Row) -> Person | None:
        try:
            return _person(row)
        except Unreadable as error:
            sentence = LEFT_OUT.format(who=_who(row), reason=error)
            left_out(self._problems, sentence, f"person {row['id']} is left out: {error}")
            return None


def _refuse_a_taken_name(sql: sqlite3.Connection, person: Person) -> None:
    for other_id, other_name in sql.execute("SELECT id, name FROM people"):
        if (
            other_id != person.id
            and isinstance(other_name, str)
            and other_name.casefold() == person.name.casefold()
        ):
            raise PersonError(f"there is already someone called {other_name}")


def _values(person: Person) -> tuple[object, ...]:
    """The person's row, in the order of _COLUMNS; sets as JSON lists of slugs, in order."""
    return (
        person.name,
        person.position.value,
        person.firmness.value,
        json.dumps([area.value for area in Area if area in person.focus]),
        json.dumps([{"area": easy.area.value, "note": easy.note} for easy in person.go_easy]),
        person.chronic_back_pain,
        None if person.safety is None else person.safety.asked_on.isoformat(),
        "[]" if person.safety is None else _concerns(person.safety),
    )


def _concerns(check: SafetyCheck) -> str:
    return json.dumps([concern.value for concern in Concern if concern in check.applies])


def readable_name(value: object) -> str | None:
    """A name as kept, tidied, when it is one `checked` keeps; None for anything else."""
    if not isinstance(value, str):
        return None
    try:
        return checked(Person(value)).name
    except PersonError:
        return None


def _person(row: sqlite3.Row) -> Person:
    """The person in a row of people, as `checked` keeps them; Unreadable says why there is
    none."""
    asked_on, safety = row["safety_asked_on"], None
    if asked_on is not None:
        text = stored_text(asked_on, "the day of their safety check")
        try:
            day = date.fromisoformat(text)
        except ValueError:
            what = with_value("the day of their safety check", text)
            raise Unreadable(f"{what} is not a date") from None
        applies = stored_slugs(Concern, row["safety_applies"], "their safety answers")
        safety = SafetyCheck(day, applies)
    person = Person(
        name=stored_text(row["name"], "their name"),
        position=stored_choice(Position, row["position"], "their position"),
        firmness=stored_choice(Firmness, row["firmness"], "their usual firmness"),
        focus=stored_slugs(Area, row["focus"], "their focus"),
        go_easy=tuple(map(_go_easy, stored_list(row["go_easy"], "the areas to go easy on"))),
        chronic_back_pain=stored_flag(
            row["chronic_back_pain"], "whether they have chronic back pain"
        ),
        safety=safety,
        id=row["id"],
    )
    try:
        return checked(person)
    except PersonError as error:
        raise Unreadable(str(error)) from None


def _go_easy(item: object) -> GoEasy:
    what = "the areas to go easy on"
    if not isinstance(item, dict):
        raise Unreadable(f"something in {what} is not one this Lull knows")
    note = stored_text(item.get("note", ""), "a note on an area to go easy on")
    return GoEasy(stored_member(Area, item.get("area"), what), note)


def _who(row: sqlite3.Row) -> str:
    """The person a row is about, for a sentence: their name when it can be shown."""
    return readable_name(row["name"]) or f"someone (number {row['id']})"
