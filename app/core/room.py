"""The room's timed reminders: things to do a set time before a phase begins."""

from __future__ import annotations

from dataclasses import dataclass

from app.core.plan import PhaseKind

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
