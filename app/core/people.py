"""The people a massage is for: how they like it, where to go easy, and the safety check.

A person is what a therapist keeps on an intake form. These are values; `PeopleBook` (below)
keeps them in the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from app.core.plan import Area, Position

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
        """True before the first session with them: the check has never been asked."""
        return self.safety is None

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
