"""The user's preferences and the window's remembered state: typed, with defaults written once.

Loading survives anything: an unknown key is ignored, a bad value falls back to its default,
and each is logged. Preferences (settings.json) are kept apart from state the app remembers
for itself (state.json), so resetting one never loses the other.
"""

from __future__ import annotations

import json
import logging
import math
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any, TypeVar

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Settings:
    theme: str = "dark"
    checkin_minutes: float = 4.0
    towel_lead_minutes: float = 5.0
    chime_volume: float = 0.8


@dataclass(frozen=True)
class UiState:
    plan_id: str = "classic"
    plan_file: str = ""  # the file the plan was opened from, when it was one of your own
    minutes: int = 30
    person_id: int = 0  # who the last session was for, in the database; 0 for no one
    window_geometry: str = ""  # Qt's saveGeometry, base64
    ambience_open: bool = True
    room_open: bool = True
    master_volume: float = 0.7
    muted: bool = False
    mix: dict[str, float] = field(default_factory=dict)  # sound id -> volume, last played
    mixes: dict[str, dict[str, float]] = field(default_factory=dict)  # saved, by name
    voice: bool = True  # the calm voice speaks the cues; off, only the chimes sound
    voice_volume: float = 0.9
    heads_up_seconds: int = 15  # before each change, so the giver finishes the stroke; 0: none
    extend_borrows: bool = False  # "+1 min" takes the minute from the phases still to come
    keep_awake: bool = True  # the screen saver and idle suspend are held off while a session runs
    rest_minutes: int = 0  # the music plays on this long after a session (or alone), then fades


# The allowed range of each number; anything outside falls back to the default.
RANGES: dict[str, tuple[float, float]] = {
    "checkin_minutes": (1, 30),
    "towel_lead_minutes": (0, 30),
    "chime_volume": (0, 1),
    "minutes": (5, 120),
    "master_volume": (0, 1),
    "person_id": (0, 2**63 - 1),  # SQLite's largest row id
    "voice_volume": (0, 1),
    "heads_up_seconds": (0, 30),
    "rest_minutes": (0, 20),
}
CHOICES: dict[str, tuple[str, ...]] = {"theme": ("dark", "light")}

T = TypeVar("T", Settings, UiState)
SHOWN_CHARS = 40  # a bad value is quoted in a notice, not pasted whole


def from_dict(cls: type[T], data: object, notices: list[str] | None = None) -> T:
    """The dataclass from loaded JSON: every good value taken, every bad one skipped and noted.

    A saved mix is judged on its own: one with a bad volume is dropped, the others are kept.
    """
    notes = [] if notices is None else notices
    if not isinstance(data, dict):
        if data is not None:
            notes.append(f"{cls.__name__}: expected an object; the defaults are used")
        return cls()
    defaults = cls()
    known = {f.name for f in fields(cls)}
    for key in sorted(set(data) - known, key=str):
        log.info("%s: ignoring unknown key %r", cls.__name__, key)
    good: dict[str, Any] = {}
    for name in sorted(known & set(data)):
        value = data[name]
        if name == "mixes" and isinstance(value, dict):
            good[name] = _good_mixes(value, notes)
        elif _valid(name, value, getattr(defaults, name)):
            good[name] = value
        else:
            notes.append(f"{name} = {_shown(value)} is not usable, so the default is used")
    for note in notes:
        log.info("%s: %s", cls.__name__, note)
    return replace(defaults, **good)


def _good_mixes(mixes: dict[str, Any], notes: list[str]) -> dict[str, dict[str, float]]:
    good = {}
    for name, mix in mixes.items():
        if _is_mix(mix):
            good[name] = mix
        else:
            notes.append(f"the saved mix “{name}” holds a volume that is not usable; left out")
    return good


def _shown(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def to_dict(value: Settings | UiState) -> dict[str, Any]:
    return asdict(value)


def _valid(name: str, value: object, default: object) -> bool:
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(default, int | float):
        if isinstance(value, bool) or not isinstance(value, type(default) | int):
            return False
        low, high = RANGES.get(name, (-math.inf, math.inf))
        # Compared before any float() so that a 400-digit integer is refused, not an overflow.
        return low <= value <= high and (isinstance(value, int) or math.isfinite(value))
    if isinstance(default, str):
        return isinstance(value, str) and (name not in CHOICES or value in CHOICES[name])
    if name == "mix":
        return _is_mix(value)
    return False  # "mixes" that is not an object


def _is_mix(value: object) -> bool:
    return isinstance(value, dict) and all(
        isinstance(key, str)
        and isinstance(volume, int | float)
        and not isinstance(volume, bool)
        and 0 <= volume <= 1
        for key, volume in value.items()
    )
