"""What a session tells as it runs (its events) and hears back (the answers to a check-in)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.core.plan import Area, Phase, Side
from app.core.room import Reminder


@dataclass(frozen=True)
class PhaseStarted:
    index: int
    phase: Phase
    at: float  # elapsed session seconds at which the phase began
    by_hand: bool = False  # the giver moved here (start, next, previous), not the clock


@dataclass(frozen=True)
class SideSwitched:
    """Half way through a phase worked one side at a time: the other side now."""

    index: int
    side: Side  # the side worked from now on
    at: float


@dataclass(frozen=True)
class HeadsUp:
    """A little before the next phase, so the giver finishes the stroke."""

    index: int  # the phase coming next
    at: float


@dataclass(frozen=True)
class CheckinDue:
    at: float


@dataclass(frozen=True)
class CheckinLapsed:
    """A check-in left unanswered for its span of session time has closed."""

    at: float


@dataclass(frozen=True)
class ReminderDue:
    reminder: Reminder
    at: float


@dataclass(frozen=True)
class Finished:
    at: float
    completed: bool  # False when the giver ended the session early


Event = PhaseStarted | SideSwitched | HeadsUp | CheckinDue | CheckinLapsed | ReminderDue | Finished


class Pressure(StrEnum):
    LIGHTER = "lighter"
    JUST_RIGHT = "just-right"
    FIRMER = "firmer"


@dataclass(frozen=True)
class CheckinAnswer:
    at: float  # elapsed session seconds
    pressure: Pressure
    focus: frozenset[Area] = frozenset()
