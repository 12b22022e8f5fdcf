"""Where a running session stood, kept so that it can be resumed after Lull was killed.

A checkpoint is written to the history database as JSON and may come back damaged or from
another version: `checkpoint_from_dict` takes nothing on trust.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.core.events import CheckinAnswer, Pressure
from app.core.plan import Area, Plan, PlanError
from app.core.plan_file import plan_from_dict, plan_to_dict

CHECKPOINT_VERSION = 1
# Longer than any session can last, extensions and all: a time past it was not written by Lull.
MAX_SECONDS = 24 * 60 * 60
MIN_LENGTH_SECONDS = 1.0  # a phase or a check-in interval shorter than this was not Lull's


class NotResumable(ValueError):
    """A checkpoint that cannot be resumed, with the reason in plain words."""


class NewerCheckpoint(NotResumable):
    """A checkpoint a newer Lull wrote: not damaged, only not this Lull's to resume or discard."""


@dataclass(frozen=True)
class Checkpoint:
    plan: Plan
    checkin_every: float
    durations: tuple[float, ...]
    given: tuple[float, ...]
    index: int
    phase_start: float  # elapsed seconds when the current phase began
    elapsed: float
    extended: float
    next_checkin: float | None
    reminded: frozenset[str]
    answers: tuple[CheckinAnswer, ...]
    switched_at: float | None = None  # when the phase it stood in switched sides, if it had

    @property
    def remaining(self) -> float:
        return self.phase_start + sum(self.durations[self.index :]) - self.elapsed


def checkpoint_to_dict(checkpoint: Checkpoint) -> dict[str, Any]:
    return {
        "version": CHECKPOINT_VERSION,
        "plan": plan_to_dict(checkpoint.plan),
        "checkin_every": checkpoint.checkin_every,
        "durations": list(checkpoint.durations),
        "given": list(checkpoint.given),
        "index": checkpoint.index,
        "phase_start": checkpoint.phase_start,
        "elapsed": checkpoint.elapsed,
        "extended": checkpoint.extended,
        "next_checkin": checkpoint.next_checkin,
        "reminded": sorted(checkpoint.reminded),
        "answers": [
            {"at": a.at, "pressure": a.pressure.value, "focus": sorted(a.focus)}
            for a in checkpoint.answers
        ],
        "switched_at": checkpoint.switched_at,
    }


def checkpoint_from_dict(data: object) -> Checkpoint:
    """The checkpoint a dict describes, or NotResumable saying why it cannot be used."""
    try:
        return _checkpoint(data)
    except NewerCheckpoint:
        raise
    except PlanError as error:
        raise NotResumable(f"its plan is not usable: {error}") from None
    except (KeyError, TypeError, ValueError, IndexError) as error:
        raise NotResumable(f"it is damaged ({error})") from None


def _checkpoint(data: object) -> Checkpoint:
    version = data.get("version") if isinstance(data, Mapping) else None
    if type(version) is int and version > CHECKPOINT_VERSION:
        raise NewerCheckpoint("a newer Lull saved it")
    if not isinstance(data, Mapping) or type(version) is not int or version != CHECKPOINT_VERSION:
        raise ValueError("not a checkpoint this Lull reads")
    plan = plan_from_dict(data["plan"])
    count = len(plan.phases)
    durations = _seconds_list(data["durations"], count, positive=True)
    given = _seconds_list(data["given"], count)
    index = data["index"]
    if type(index) is not int or not 0 <= index < count:
        raise ValueError("the phase it stood in is not in its plan")
    elapsed, phase_start = _seconds(data["elapsed"]), _seconds(data["phase_start"])
    if not phase_start <= elapsed <= phase_start + durations[index]:
        raise ValueError("its time does not fall in its phase")
    next_checkin = data["next_checkin"]
    reminded = data["reminded"]
    if not isinstance(reminded, list) or not all(isinstance(key, str) for key in reminded):
        raise TypeError("its reminders are not a list of names")
    answers = data["answers"]
    if not isinstance(answers, list):
        raise TypeError("its check-ins are not a list")
    phase = plan.phases[index]
    if "switched_at" in data:
        switched_at = None if data["switched_at"] is None else _seconds(data["switched_at"])
    else:  # written before sides were kept: past the half, the other side
        half = phase_start + durations[index] / 2
        switched_at = half if phase.sides and elapsed >= half else None
    if switched_at is not None and not (phase.sides and phase_start <= switched_at <= elapsed):
        raise ValueError("its side switch does not fall in its phase")
    return Checkpoint(
        plan=plan,
        checkin_every=_seconds(data["checkin_every"], positive=True),
        durations=durations,
        given=given,
        index=index,
        phase_start=phase_start,
        elapsed=elapsed,
        extended=_seconds(data["extended"]),
        next_checkin=None if next_checkin is None else _seconds(next_checkin),
        reminded=frozenset(reminded),
        answers=tuple(_answer(item) for item in answers),
        switched_at=switched_at,
    )


def _answer(item: object) -> CheckinAnswer:
    if not isinstance(item, Mapping) or not isinstance(item.get("focus"), list):
        raise TypeError("a check-in is not an object with its focus areas")
    return CheckinAnswer(
        _seconds(item["at"]), Pressure(item["pressure"]), frozenset(map(Area, item["focus"]))
    )


def _seconds_list(value: object, count: int, *, positive: bool = False) -> tuple[float, ...]:
    if not isinstance(value, list) or len(value) != count:
        raise ValueError("its phases' times do not match its plan")
    return tuple(_seconds(item, positive=positive) for item in value)


def _seconds(value: object, *, positive: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{value!r} is not a time in seconds")
    if not math.isfinite(value) or not 0 <= value <= MAX_SECONDS:
        raise ValueError(f"{value!r} is not a time in seconds")
    if positive and value < MIN_LENGTH_SECONDS:
        raise ValueError(f"a length of {value!r} seconds")
    return float(value)
