"""Everything Lull keeps about people and sessions, as one JSON document to take away.

Built from values already read (`History.export` reads them); times in ISO 8601, UTC.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from app.core.people import Concern, Person
from app.core.plan import Area

if TYPE_CHECKING:  # only named here: history.py builds its export with this module
    from app.core.history import SessionRecord

EXPORT_FORMAT = "lull-history"
EXPORT_VERSION = 1


def document(
    people: Iterable[tuple[Person, datetime | None]], sessions: Iterable[SessionRecord]
) -> dict[str, Any]:
    """The export: each person with when the specialist advisory was last shown for them, and
    the sessions, oldest first."""
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "people": [
            {**person_document(person), "advisory_shown": _moment(shown)}
            for person, shown in people
        ],
        "sessions": [_session(record) for record in sessions],
    }


def _slugs(areas: frozenset[Area]) -> list[str]:
    return [area.value for area in Area if area in areas]


def _moment(when: datetime | None) -> str | None:
    return None if when is None else when.isoformat()


def person_document(person: Person) -> dict[str, Any]:
    """A person as the export and `lull people --json` write them."""
    safety = person.safety
    return {
        "id": person.id,
        "name": person.name,
        "position": person.position.value,
        "firmness": person.firmness.value,
        "focus": _slugs(person.focus),
        "go_easy": [{"area": easy.area.value, "note": easy.note} for easy in person.go_easy],
        "chronic_back_pain": person.chronic_back_pain,
        "safety_check": None
        if safety is None
        else {
            "asked_on": safety.asked_on.isoformat(),
            "applies": [concern.value for concern in Concern if concern in safety.applies],
        },
    }


def _session(record: SessionRecord) -> dict[str, Any]:
    return {
        "id": record.id,
        "plan_id": record.plan_id,
        "plan_title": record.plan_title,
        "person_id": record.person_id,
        "person_name": record.person_name,
        "firmness": None if record.firmness is None else record.firmness.value,
        "started": record.started.isoformat(),
        "ended": None if record.ended is None else record.ended.isoformat(),
        "completed": record.completed,
        "relief": record.relief,
        "note": record.note,
        "phases": [
            {
                "kind": phase.kind.value,
                "area": phase.area.value,
                "planned_seconds": phase.planned,
                "length_seconds": phase.length,
                "given_seconds": phase.given,
                "outcome": phase.outcome.value,
            }
            for phase in record.phases
        ],
        "checkins": [
            {
                "at_seconds": answer.at,
                "pressure": answer.pressure.value,
                "focus": _slugs(answer.focus),
            }
            for answer in record.checkins
        ],
    }
