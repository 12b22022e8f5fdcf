"""The plan file format: reading, writing and checking a plan file, every problem named with
its field and said in plain words."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from app.core.plan import (
    KNEAD_AREAS,
    MAX_PHASE_SECONDS,
    MAX_PHASES,
    MAX_PLAN_MINUTES,
    MIN_PHASE_SECONDS,
    MIN_PLAN_MINUTES,
    SLUG,
    Area,
    Phase,
    PhaseKind,
    Plan,
    PlanError,
    Position,
)
from app.core.store import DamagedFile, UnreadableFile, load_json
from app.core.strict_json import NotUsableJson, parse

PLAN_FORMAT = "lull-plan"
PLAN_FORMAT_VERSION = 1
MAX_PLAN_FILE_BYTES = 1_000_000  # a plan is a few hundred bytes; anything this big is not one

_PLAN_FIELDS = {"format", "version", "id", "title", "position", "description", "phases"}
_PHASE_FIELDS = {"kind", "area", "seconds"}


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    return {
        "format": PLAN_FORMAT,
        "version": PLAN_FORMAT_VERSION,
        "id": plan.id,
        "title": plan.title,
        "position": plan.position.value,
        "description": plan.description,
        "phases": [
            {"kind": p.kind.value, "area": p.area.value, "seconds": p.seconds} for p in plan.phases
        ],
    }


QUOTED_CHARS = 40  # a wrong value is quoted in a message, not pasted whole


def _quoted(value: object) -> str:
    """A wrong value as the file has it, cut short when long."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= QUOTED_CHARS else text[: QUOTED_CHARS - 1] + "…"


def plan_to_json(plan: Plan) -> str:
    return json.dumps(plan_to_dict(plan), indent=2, ensure_ascii=False) + "\n"


def load_plan_file(path: Path) -> Plan:
    """Read and validate a plan file; PlanError says what is wrong in plain words."""
    try:
        data = load_json(path, MAX_PLAN_FILE_BYTES)
    except UnreadableFile as error:
        raise PlanError(str(error)) from None
    except DamagedFile as error:
        raise PlanError(f"{path.name} is not a plan file: {error}") from None
    if data is None:
        raise PlanError(f"there is no file at {path}")
    return plan_from_dict(data)


def plan_from_json(text: str) -> Plan:
    try:
        data = parse(text.encode("utf-8", "surrogatepass"))
    except NotUsableJson as error:
        raise PlanError(f"not a plan file: {error}") from None
    return plan_from_dict(data)


def plan_from_dict(data: object) -> Plan:
    if not isinstance(data, Mapping):
        raise PlanError("a plan file holds one JSON object, {...}")
    _check_header(data)
    phases_data = data.get("phases")
    if not isinstance(phases_data, list) or not phases_data:
        raise PlanError("'phases' must be a list with at least one phase")
    if len(phases_data) > MAX_PHASES:
        raise PlanError(f"'phases' has {len(phases_data)} phases; at most {MAX_PHASES} fit a plan")
    plan = Plan(
        id=_slug(data, "id"),
        title=_text(data, "title", required=True),
        position=_choice(data, "position", Position, where="plan"),
        description=_text(data, "description", required=False),
        phases=tuple(_phase_from_dict(n, item) for n, item in enumerate(phases_data, start=1)),
    )
    validate_plan(plan)
    return plan


def validate_plan(plan: Plan) -> None:
    """The rules every plan keeps, built in or not: raise PlanError naming the first broken one."""
    phases = plan.phases
    if phases[0].kind is not PhaseKind.SETTLE:
        raise PlanError("phase 1: a plan starts by settling the recipient (kind 'settle')")
    if phases[-1].kind is not PhaseKind.CLOSING:
        raise PlanError(f"phase {len(phases)}: a plan ends with closing strokes (kind 'closing')")
    first_hands_on = next(n for n, p in enumerate(phases) if p.kind.hands_on)
    if all(p.kind is not PhaseKind.WARM_OIL for p in phases[:first_hands_on]):
        raise PlanError(
            f"phase {first_hands_on + 1}: warm the oil (kind 'warm-oil') before the hands go on"
        )
    for number, phase in enumerate(phases, start=1):
        if phase.kind is PhaseKind.KNEAD and phase.area not in KNEAD_AREAS:
            sections = ", ".join(area.value for area in KNEAD_AREAS)
            raise PlanError(
                f"phase {number}: 'area' for kneading must be one section ({sections}), "
                f"not '{phase.area}'"
            )
        if phase.kind is PhaseKind.NECK and phase.area is not Area.NECK:
            raise PlanError(f"phase {number}: 'area' of a neck phase must be 'neck'")
    minutes = plan.total_seconds / 60
    if not MIN_PLAN_MINUTES <= minutes <= MAX_PLAN_MINUTES:
        raise PlanError(
            f"the phases add up to {minutes:g} minutes; a plan lasts from "
            f"{MIN_PLAN_MINUTES} to {MAX_PLAN_MINUTES} minutes"
        )


def _check_header(data: Mapping[str, Any]) -> None:
    if data.get("format") != PLAN_FORMAT:
        raise PlanError(f"'format' must be \"{PLAN_FORMAT}\": this is not a Lull plan file")
    version = data.get("version")
    if type(version) is not int:
        raise PlanError("'version' must be a whole number")
    if version > PLAN_FORMAT_VERSION:
        raise PlanError(
            f"'version' is {version}: this plan was made by a newer Lull "
            f"(this one reads version {PLAN_FORMAT_VERSION})"
        )
    if version < 1:
        raise PlanError(f"'version' must be 1 or more, not {version}")
    unknown = sorted(set(data) - _PLAN_FIELDS)
    if unknown:
        raise PlanError(f"unknown field '{unknown[0]}' (the fields are {_listing(_PLAN_FIELDS)})")


def _phase_from_dict(number: int, item: object) -> Phase:
    where = f"phase {number}"
    if not isinstance(item, Mapping):
        raise PlanError(f"{where}: must be an object with 'kind', 'area' and 'seconds'")
    unknown = sorted(set(item) - _PHASE_FIELDS)
    if unknown:
        raise PlanError(
            f"{where}: unknown field '{unknown[0]}' (the fields are {_listing(_PHASE_FIELDS)})"
        )
    seconds = item.get("seconds")
    if type(seconds) is not int or not MIN_PHASE_SECONDS <= seconds <= MAX_PHASE_SECONDS:
        raise PlanError(
            f"{where}: 'seconds' must be a whole number from {MIN_PHASE_SECONDS} "
            f"to {MAX_PHASE_SECONDS}, not {_quoted(seconds)}"
        )
    kind = _choice(item, "kind", PhaseKind, where=where)
    area = _choice({"area": Area.FULL_BACK.value, **item}, "area", Area, where=where)
    return Phase(kind=kind, area=area, seconds=seconds)


E = TypeVar("E", bound=StrEnum)


def _choice(data: Mapping[str, Any], field: str, enum: type[E], where: str) -> E:
    value = data.get(field)
    choices = [member.value for member in enum]
    if isinstance(value, str) and value in choices:
        return enum(value)
    raise PlanError(f"{where}: '{field}' must be one of {_listing(choices)}, not {_quoted(value)}")


def _slug(data: Mapping[str, Any], field: str) -> str:
    value = data.get(field)
    if not isinstance(value, str) or not SLUG.fullmatch(value) or len(value) > 64:
        raise PlanError(
            f"'{field}' must be a short name of lower-case letters, digits and dashes, "
            f'like "my-plan", not {_quoted(value)}'
        )
    return value


def _text(data: Mapping[str, Any], field: str, *, required: bool) -> str:
    value = data.get(field, None if required else "")
    if not isinstance(value, str) or (required and not value.strip()) or len(value) > 500:
        raise PlanError(f"'{field}' must be text of at most 500 characters")
    return value.strip()


def _listing(values: Iterable[str]) -> str:
    return ", ".join(f"'{v}'" for v in sorted(values))
