"""The plan file format: reading and writing a plan file, a fault in its shape named with its
field; the rules every plan keeps, checked once it is read, are in plan_rules."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from app.core.plan import (
    CHECKIN_MINUTES,
    MAX_PHASES,
    TOWEL_MINUTES,
    Area,
    Levels,
    Phase,
    PhaseAmbience,
    PhaseKind,
    Plan,
    PlanError,
    PlanProblem,
    Position,
)
from app.core.plan_rules import (
    FADE_SECONDS,
    MAX_MIX_SOUNDS,
    PHASE_SECONDS,
    PLAN_ID,
    QUOTED_CHARS,
    SOUND_ID,
    TEXT,
    TRUE_OR_FALSE,
    VOLUME,
    listing,
    number,
    one_of,
    phase_count_message,
    quoted,
    too_many_sounds,
    validate_plan,
    whole,
    wrong,
)
from app.core.store import DamagedFile, UnreadableFile, load_json
from app.core.strict_json import NotUsableJson, parse

PLAN_FORMAT = "lull-plan"
PLAN_FORMAT_VERSION = 2
NULL_REASON = "it holds null, not a plan"
MAX_PLAN_FILE_BYTES = 1_000_000  # a plan is a few hundred bytes; anything this big is not one
DEFAULT_FADE_SECONDS = PhaseAmbience().fade_seconds

_V1_FIELDS = frozenset({"format", "version", "id", "title", "position", "description", "phases"})
_PLAN_FIELDS = {1: _V1_FIELDS, 2: _V1_FIELDS | {"checkin_minutes", "towel_minutes", "mix"}}
_PHASE_FIELDS = {
    1: frozenset({"kind", "area", "seconds"}),
    2: frozenset({"kind", "area", "seconds", "sides", "note", "ambience"}),
}
_AMBIENCE_FIELDS = frozenset({"sounds", "volume", "fade_seconds"})
_LEVEL_FIELDS = frozenset({"sound", "volume"})

# --- writing -----------------------------------------------------------------------------------


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """The plan as its file holds it: an optional field only where it is not the default."""
    data: dict[str, Any] = {
        "format": PLAN_FORMAT,
        "version": PLAN_FORMAT_VERSION,
        "id": plan.id,
        "title": plan.title,
        "position": plan.position.value,
    }
    if plan.description:
        data["description"] = plan.description
    data["phases"] = [_phase_to_dict(phase) for phase in plan.phases]
    if plan.checkin_minutes is not None:
        data["checkin_minutes"] = plan.checkin_minutes
    if plan.towel_minutes is not None:
        data["towel_minutes"] = plan.towel_minutes
    if plan.mix:
        data["mix"] = _levels_to_list(plan.mix)
    return data


def _phase_to_dict(phase: Phase) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": phase.kind.value, "area": phase.area.value}
    data["seconds"] = phase.seconds
    if phase.sides:
        data["sides"] = True
    if phase.note:
        data["note"] = phase.note
    ambience = phase.ambience
    if ambience is not None:
        change: dict[str, Any] = {}
        if ambience.levels is not None:
            change["sounds"] = _levels_to_list(ambience.levels)
        if ambience.volume is not None:
            change["volume"] = ambience.volume
        if ambience.fade_seconds != DEFAULT_FADE_SECONDS:
            change["fade_seconds"] = ambience.fade_seconds
        data["ambience"] = change
    return data


def _levels_to_list(levels: Levels) -> list[dict[str, Any]]:
    return [{"sound": sound, "volume": volume} for sound, volume in levels]


def plan_to_json(plan: Plan) -> str:
    return json.dumps(plan_to_dict(plan), indent=2, ensure_ascii=False) + "\n"


# --- reading -----------------------------------------------------------------------------------


def load_plan_file(path: Path) -> Plan:
    """Read and validate a plan file; PlanError says what is wrong in plain words."""
    try:
        data = load_json(path, MAX_PLAN_FILE_BYTES)
    except UnreadableFile as error:
        raise PlanError(str(error)) from None
    except DamagedFile as error:
        raise PlanError(f"{path.name} is not a plan file: {error}") from None
    if data is None:  # no file, or one holding only null
        if path.exists():
            raise PlanError(f"{path.name} is not a plan file: {NULL_REASON}")
        raise PlanError(f"there is no file at {path}")
    return plan_from_dict(data)


def plan_from_json(text: str) -> Plan:
    try:
        data = parse(text.encode("utf-8", "surrogatepass"))
    except NotUsableJson as error:
        raise PlanError(f"not a plan file: {error}") from None
    return plan_from_dict(data)


def plan_from_dict(data: object) -> Plan:
    """The plan a file's document describes. A fault in its shape (a wrong type, an unknown
    field) is refused at once, naming the field; then every rule it breaks is named together."""
    if not isinstance(data, Mapping):
        raise PlanError("a plan file holds one JSON object, {...}")
    version = _check_header(data)
    top = _Place("", None, None)
    phases = top.get(data, "phases", _is_list, "must be a list of phases")
    if len(phases) > MAX_PHASES:  # refused before reading one: a file may hold thousands
        raise top.refused("phases", phase_count_message(len(phases)))
    plan = Plan(
        id=top.get(data, "id", _is_text, PLAN_ID),
        title=top.get(data, "title", _is_text, TEXT),
        position=top.choice(data, "position", Position),
        phases=tuple(_phase_from_dict(index, item, version) for index, item in enumerate(phases)),
        description=top.get(data, "description", _is_text, TEXT, ""),
        checkin_minutes=top.get(data, "checkin_minutes", _is_int, whole(*CHECKIN_MINUTES), None),
        towel_minutes=top.get(data, "towel_minutes", _is_int, whole(*TOWEL_MINUTES), None),
        mix=_levels_from(data, "mix", _Place("'mix': ", "mix", None)) if "mix" in data else (),
    )
    validate_plan(plan)
    return plan


def _check_header(data: Mapping[str, Any]) -> int:
    """The file's version, once its header shows it is a plan file this Lull reads."""
    if data.get("format") != PLAN_FORMAT:
        raise PlanError(f"'format' must be \"{PLAN_FORMAT}\": this is not a Lull plan file")
    version = data.get("version")
    if version is None:
        raise PlanError("'version' is missing: a Lull plan file says which version it is, like 2")
    if type(version) is not int:
        raise PlanError("'version' must be a whole number")
    if version > PLAN_FORMAT_VERSION:
        raise PlanError(
            f"'version' is {version}: this plan was made by a newer Lull "
            f"(this one reads versions 1 to {PLAN_FORMAT_VERSION})"
        )
    if version < 1:
        raise PlanError(f"'version' must be 1 or more, not {version}")
    _Place("", None, None).check_fields(data, _PLAN_FIELDS[version])
    return version


def _phase_from_dict(index: int, item: object, version: int) -> Phase:
    place = _Place(f"phase {index + 1}: ", None, index)
    if not isinstance(item, Mapping):
        raise place.refused("phases", f"{place.where}must be an object with 'kind' and 'seconds'")
    place.check_fields(item, _PHASE_FIELDS[version])
    ambience = _ambience_from_dict(item["ambience"], index) if "ambience" in item else None
    return Phase(
        kind=place.choice(item, "kind", PhaseKind),
        area=place.choice(item, "area", Area, Area.FULL_BACK),
        seconds=place.get(item, "seconds", _is_int, whole(*PHASE_SECONDS)),
        sides=place.get(item, "sides", _is_bool, TRUE_OR_FALSE, False),
        note=place.get(item, "note", _is_text, TEXT, ""),
        ambience=ambience,
    )


def _ambience_from_dict(data: object, index: int) -> PhaseAmbience:
    place = _Place(f"phase {index + 1}: 'ambience': ", "ambience", index)
    if not isinstance(data, Mapping):
        raise place.refused("ambience", f"{place.where}must be an object with 'sounds', 'volume'")
    place.check_fields(data, _AMBIENCE_FIELDS)
    return PhaseAmbience(
        levels=_levels_from(data, "sounds", place) if "sounds" in data else None,
        volume=place.get(data, "volume", _is_real, number(*VOLUME), None),
        fade_seconds=place.get(
            data, "fade_seconds", _is_real, number(*FADE_SECONDS), DEFAULT_FADE_SECONDS
        ),
    )


def _levels_from(data: Mapping[str, Any], key: str, place: _Place) -> Levels:
    """Sounds and their volumes, as a list of {"sound": ..., "volume": ...}."""
    items = place.get(data, key, _is_list, 'must be a list of {"sound": ..., "volume": ...}')
    if len(items) > MAX_MIX_SOUNDS:
        raise place.refused(key, f"{place.where}{too_many_sounds(len(items))}")
    levels = []
    for item in items:
        if not isinstance(item, Mapping):
            raise place.refused(key, f"{place.where}each sound must be an object, {{...}}")
        place.check_fields(item, _LEVEL_FIELDS)
        sound = place.get(item, "sound", _is_text, SOUND_ID)
        levels.append((sound, place.get(item, "volume", _is_real, number(*VOLUME))))
    return tuple(levels)


_REQUIRED: Any = object()
E = TypeVar("E", bound=StrEnum)


@dataclass(frozen=True)
class _Place:
    """Where in the file a value is read, for the messages: "phase 3: 'ambience': "."""

    where: str
    field: str | None  # the problem's field for everything read here; None: each key's own
    phase: int | None

    def refused(self, key: str, message: str) -> PlanError:
        return PlanError(message, (PlanProblem(self.field or key, message, self.phase),))

    def check_fields(self, data: Mapping[str, Any], fields: frozenset[str]) -> None:
        unknown = sorted(str(key) for key in data if key not in fields)
        if unknown:
            name = unknown[0]
            newer = ' (it needs "version": 2)' if name in _PLAN_FIELDS[2] | _PHASE_FIELDS[2] else ""
            shown = (
                f"'{name}'" if len(name) <= QUOTED_CHARS and name.isprintable() else quoted(name)
            )
            message = f"unknown field {shown}{newer}; the fields are {listing(fields)}"
            raise self.refused(name, self.where + message)

    def get(
        self,
        data: Mapping[str, Any],
        key: str,
        accepts: Callable[[object], bool],
        rule: str,
        default: Any = _REQUIRED,
    ) -> Any:
        """The value at `key` if `accepts` it (or the default when there is none)."""
        if key not in data and default is not _REQUIRED:
            return default
        value = data.get(key)
        if not accepts(value):
            raise self.refused(key, wrong(self.where, key, rule, value))
        return value

    def choice(
        self, data: Mapping[str, Any], key: str, enum: type[E], default: Any = _REQUIRED
    ) -> E:
        choices = {member.value: member for member in enum}
        value = self.get(
            data, key, lambda v: isinstance(v, str) and v in choices, one_of(enum), default
        )
        return value if isinstance(value, enum) else choices[value]


def _is_text(value: object) -> bool:
    return isinstance(value, str)


def _is_int(value: object) -> bool:
    return type(value) is int


def _is_real(value: object) -> bool:
    return type(value) in (int, float)


def _is_bool(value: object) -> bool:
    return type(value) is bool


def _is_list(value: object) -> bool:
    return isinstance(value, list)
