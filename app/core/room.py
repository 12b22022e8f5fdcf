"""The room: its preparation checklist, and reminders due a set time before a phase begins."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from app.core.plan import PhaseKind, Position

DEFAULT_TOWEL_LEAD_SECONDS = 5 * 60  # long enough for a towel on a radiator to warm through


@dataclass(frozen=True)
class Reminder:
    key: str
    text: str
    before: PhaseKind
    lead_seconds: float


def towel_reminder(lead_seconds: float = DEFAULT_TOWEL_LEAD_SECONDS) -> Reminder:
    return Reminder(
        key="towels",
        text="Put the towels on to warm: the closing strokes are coming.",
        before=PhaseKind.CLOSING,
        lead_seconds=lead_seconds,
    )


class ChecklistItem(StrEnum):
    MUSIC = "music"
    SCENT = "scent"
    TOWELS = "towels"
    LIGHTS = "lights"
    POSITION = "position"
    OIL = "oil"
    PHONE = "phone"


CHECKLIST_LABELS: dict[ChecklistItem, str] = {
    ChecklistItem.MUSIC: "Music playing",
    ChecklistItem.SCENT: "Essential oils or scent",
    ChecklistItem.TOWELS: "Towels warming",
    ChecklistItem.LIGHTS: "Lights dimmed",
    ChecklistItem.POSITION: "Comfortable position",  # before the position is known
    ChecklistItem.OIL: "Oil within reach",
    ChecklistItem.PHONE: "Phones silenced",
}

CHECKLIST_HINTS: dict[ChecklistItem, str] = {
    ChecklistItem.MUSIC: "A calming river or soft music covers the noises of the house.",
    ChecklistItem.SCENT: "A few drops of lavender or another oil they like.",
    ChecklistItem.TOWELS: "On a radiator or in the dryer, ready for the end.",
    ChecklistItem.LIGHTS: "Low, warm light; no bright lamp in their eyes.",
    ChecklistItem.POSITION: "Lying face down or sitting, supported, as they prefer.",
    ChecklistItem.OIL: "Within reach, so your hands can stay on the back.",
    ChecklistItem.PHONE: "Theirs and yours: no loud noises or interruptions.",
}

# Once the session's position is known, the position item says which.
POSITION_LABELS: dict[Position, str] = {
    Position.LYING: "Comfortable, lying down",
    Position.SEATED: "Comfortable, seated",
}

POSITION_HINTS: dict[Position, str] = {
    Position.LYING: "Face down on a bed or a mat, a pillow under the ankles if they like.",
    Position.SEATED: "Astride a chair, leaning forward on a cushion over its back.",
}


def checklist_label(item: ChecklistItem, position: Position) -> str:
    """An item's words, for a session given in `position`."""
    return POSITION_LABELS[position] if item is ChecklistItem.POSITION else CHECKLIST_LABELS[item]


def checklist_hint(item: ChecklistItem, position: Position) -> str:
    """What an item means, for a session given in `position`."""
    return POSITION_HINTS[position] if item is ChecklistItem.POSITION else CHECKLIST_HINTS[item]


@dataclass
class Checklist:
    """The room's preparation: which items are done."""

    done: set[ChecklistItem] = field(default_factory=set)

    def mark(self, item: ChecklistItem, done: bool = True) -> None:
        if done:
            self.done.add(item)
        else:
            self.done.discard(item)

    def left_to_do(self) -> list[ChecklistItem]:
        return [item for item in ChecklistItem if item not in self.done]
