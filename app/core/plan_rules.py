"""The rules every plan keeps: each broken rule named with its field (and phase), in the plan
file's words for `lull check-plan` and in plain words for the editor; and the limits and the
wording of "what a field must be" that the plan file format shares."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum

from app.core.cues import TECHNIQUES
from app.core.durations import in_words
from app.core.durations import position as clock
from app.core.plan import (
    CHECKIN_MINUTES,
    MAX_NOTE_CHARS,
    MAX_PHASE_SECONDS,
    MAX_PHASES,
    MAX_PLAN_MINUTES,
    MIN_PHASE_SECONDS,
    MIN_PLAN_MINUTES,
    SIDED_KINDS,
    SLUG,
    TOWEL_MINUTES,
    Area,
    Phase,
    PhaseAmbience,
    PhaseKind,
    Plan,
    PlanError,
    PlanProblem,
    Position,
    areas_for,
)

MAX_ID_CHARS = 64  # of a plan's id and a sound's: the sound library's are at most 51
MAX_TITLE_CHARS = 100  # a title is a label in a list
MAX_DESCRIPTION_CHARS = 500
MAX_MIX_SOUNDS = 16  # two or three play at once: more than this is no mix anyone made
FADE_SECONDS = (0.5, 120.0)  # an ambience change takes at least a breath, at most two minutes
QUOTED_CHARS = 40  # a wrong value is quoted in a message, not pasted whole
PHASE_SECONDS = (MIN_PHASE_SECONDS, MAX_PHASE_SECONDS)
VOLUME = (0.0, 1.0)
# Control characters, line and paragraph breaks, and half characters that cannot be saved.
_NOT_IN_A_LINE = frozenset({"Cc", "Zl", "Zp", "Cs"})

# What a field must be, as its messages say it: "phase 3: 'seconds' must be ..., not 12.5".
TEXT = "must be text"
TRUE_OR_FALSE = "must be true or false"
SOUND_ID = f"must be a sound's id (lower-case letters, digits and dashes, at most {MAX_ID_CHARS})"
PLAN_ID = 'must be a short name of lower-case letters, digits and dashes, like "my-plan"'


def whole(least: int, most: int) -> str:
    return f"must be a whole number from {least} to {most}"


def number(least: float, most: float) -> str:
    return f"must be a number from {least:g} to {most:g}"


def one_of(enum: type[StrEnum]) -> str:
    return f"must be one of {listing(member.value for member in enum)}"


def wrong(where: str, field: str, rule: str, value: object) -> str:
    return f"{where}'{field}' {rule}, not {quoted(value)}"


# --- the rules ---------------------------------------------------------------------------------
# Each broken rule is said twice: in the file's words, naming its field, for `lull check-plan`
# ("phase 3: 'seconds' must be ..."), and in the editor's, saying what to do ("Give it a name.").

_Fault = tuple[str, str]  # a broken rule in the file's words, and in the editor's
_CHANGE = "The change of sounds as this phase begins"  # a phase's ambience, in the editor's words
_VOLUME_SAID = "from silent to full"
_Found = tuple[str, str, str]  # the field, and the rule it breaks in both words


def plan_problems(plan: Plan) -> list[PlanProblem]:
    """Every rule `plan` breaks, each with its field (and phase), in the file's words and the
    editor's."""
    problems = _plan_field_problems(plan)
    phases = plan.phases
    if not 1 <= len(phases) <= MAX_PHASES:
        said = f"A plan has from 1 to {MAX_PHASES} phases; this one has {len(phases)}."
        return [*problems, PlanProblem("phases", phase_count_message(len(phases)), said=said)]
    for index, phase in enumerate(phases):
        problems += _phase_problems(index, phase)
    return problems + _whole_plan_problems(phases)


def validate_plan(plan: Plan) -> None:
    """Raise PlanError with every problem of `plan`, the message all of them joined by "; "."""
    problems = plan_problems(plan)
    if problems:
        raise PlanError("; ".join(problem.message for problem in problems), problems)


def _plan_field_problems(plan: Plan) -> list[PlanProblem]:
    found: list[_Found] = []
    if not _is_id(plan.id):
        said = "Give it an id of lower-case letters, digits and dashes, such as “my-plan”."
        found.append(("id", wrong("", "id", PLAN_ID, plan.id), said))
    for field, value, most, name, breaks in (
        ("title", plan.title, MAX_TITLE_CHARS, "name", False),
        ("description", plan.description, MAX_DESCRIPTION_CHARS, "description", True),
    ):
        fault = _text_fault(value, most, name, required=field == "title", breaks=breaks)
        if fault:
            found.append((field, f"'{field}' {fault[0]}", fault[1]))
    position: object = plan.position
    if not isinstance(position, Position):
        found.append(
            (
                "position",
                wrong("", "position", one_of(Position), position),
                "Choose lying down or seated.",
            )
        )
    for field, minutes, (least, most), said in (
        ("checkin_minutes", plan.checkin_minutes, CHECKIN_MINUTES, "Check in every {} to {} min"),
        (
            "towel_minutes",
            plan.towel_minutes,
            TOWEL_MINUTES,
            "Warm the towels {} to {} min before the closing",
        ),
    ):
        if minutes is not None and not _is_whole(minutes, least, most):
            plain = said.format(least, most) + ", or as in Settings."
            found.append((field, wrong("", field, whole(least, most), minutes), plain))
    found += [
        ("mix", f"'mix': {fault}", f"The plan's sounds: {said}.")
        for fault, said in _levels_faults(plan.mix)
    ]
    return [PlanProblem(field, message, said=said) for field, message, said in found]


def _phase_problems(index: int, phase: Phase) -> list[PlanProblem]:
    where = f"phase {index + 1}: "
    found: list[_Found] = []
    kind: object = phase.kind
    area: object = phase.area
    if not isinstance(kind, PhaseKind):
        found.append(
            (
                "kind",
                wrong(where, "kind", one_of(PhaseKind), kind),
                "Choose what is done in this phase.",
            )
        )
    if not isinstance(area, Area):
        found.append(("area", wrong(where, "area", one_of(Area), area), "Choose where it works."))
    elif isinstance(kind, PhaseKind) and area not in areas_for(kind):
        found.append(("area", wrong(where, "area", _area_rule(kind), area), _area_said(kind)))
    seconds_fine = _is_whole(phase.seconds, *PHASE_SECONDS)
    if not seconds_fine:
        least, most = (clock(seconds) for seconds in PHASE_SECONDS)
        message = wrong(where, "seconds", whole(*PHASE_SECONDS), phase.seconds)
        found.append(("seconds", message, f"Make it last from {least} to {most}."))
    sides = _sides_fault(phase, kind, seconds_fine)
    note = _text_fault(phase.note, MAX_NOTE_CHARS, "note", required=False, breaks=False)
    found += [
        (field, f"{where}'{field}' {fault[0]}", fault[1])
        for field, fault in (("sides", sides), ("note", note))
        if fault
    ]
    found += [
        ("ambience", f"{where}'ambience': {fault}", said) for fault, said in _ambience_faults(phase)
    ]
    return [PlanProblem(field, message, index, said) for field, message, said in found]


def _area_rule(kind: PhaseKind) -> str:
    """What the 'area' of a phase of `kind` must be, as its message says it."""
    areas = areas_for(kind)
    listed = listing(area.value for area in areas)
    if kind is PhaseKind.KNEAD:
        return f"for kneading must be one section ({listed})"
    if kind is PhaseKind.NECK:
        return f"of a neck phase must be {listed}"
    return f"for '{kind.value}' must be {listed if len(areas) == 1 else 'one of ' + listed}"


def _area_said(kind: PhaseKind) -> str:
    """Where a phase of `kind` may work, as the editor says it."""
    areas = [_the(area) for area in areas_for(kind)]
    if kind is PhaseKind.KNEAD:
        return f"{_named(kind)} works one section: choose {_joined(areas, 'or')}."
    if len(areas) == 1:
        return f"This phase is for {areas[0]} alone: choose {areas[0]}."
    return f"This phase works the back, not the neck: choose {_joined(areas, 'or')}."


def _sides_fault(phase: Phase, kind: object, seconds_fine: bool) -> _Fault | None:
    sides: object = phase.sides
    if type(sides) is not bool:
        said = "Choose whether it is worked one side, then the other."
        return f"{TRUE_OR_FALSE}, not {quoted(sides)}", said
    if sides and kind not in SIDED_KINDS:
        sided = listing(kind.value for kind in SIDED_KINDS)
        named = [_in_a_sentence(kind) for kind in PhaseKind if kind in SIDED_KINDS]
        return (
            f"is only for the kinds worked one side at a time ({sided}), not {quoted(kind)}",
            f"Only {_joined(named, 'and')} can be worked one side at a time.",
        )
    if sides and seconds_fine and phase.seconds < phase.least_seconds:
        return (
            f"needs a phase of at least {phase.least_seconds} seconds, "
            f"{MIN_PHASE_SECONDS} for each side, not {phase.seconds}",
            f"Worked one side at a time, it needs at least {clock(phase.least_seconds)}, "
            f"{clock(MIN_PHASE_SECONDS)} for each side.",
        )
    return None


def _ambience_faults(phase: Phase) -> list[_Fault]:
    ambience: object = phase.ambience
    if ambience is None:
        return []
    if not isinstance(ambience, PhaseAmbience):
        said = f"{_CHANGE} is not one Lull can make: remove the phase, or add it anew."
        return [(f"must be sounds, a volume or both, not {quoted(ambience)}", said)]
    faults = []
    if ambience.levels is None and ambience.volume is None:
        faults.append(("needs 'sounds', a 'volume' or both", f"{_CHANGE} changes nothing."))
    if ambience.levels is not None:
        faults += [
            (f"'sounds': {fault}", f"{_CHANGE}: {said}.")
            for fault, said in _levels_faults(ambience.levels)
        ]
    if ambience.volume is not None and not _is_between(ambience.volume, *VOLUME):
        faults.append(
            (
                wrong("", "volume", number(*VOLUME), ambience.volume),
                f"{_CHANGE} must set a volume {_VOLUME_SAID}.",
            )
        )
    if not _is_between(ambience.fade_seconds, *FADE_SECONDS):
        least, most = FADE_SECONDS
        faults.append(
            (
                wrong("", "fade_seconds", number(*FADE_SECONDS), ambience.fade_seconds),
                f"{_CHANGE} must take from {least:g} seconds to {clock(most)}.",
            )
        )
    return faults


def _levels_faults(levels: object) -> list[_Fault]:
    """What is wrong with a list of sounds and their volumes: said after "'mix': " in the
    file's words, and in the editor's after a lead-in such as "The plan's sounds: "."""
    if not isinstance(levels, (tuple, list)):
        return [
            (
                f"must be a list of sounds and their volumes, not {quoted(levels)}",
                "these are not sounds and their volumes",
            )
        ]
    if len(levels) > MAX_MIX_SOUNDS:
        said = f"there are {len(levels)}; a mix has at most {MAX_MIX_SOUNDS}"
        return [(too_many_sounds(len(levels)), said)]
    faults = []
    seen: set[str] = set()
    for level in levels:
        if not (isinstance(level, tuple) and len(level) == 2):
            faults.append(
                (
                    f"each sound must be a sound's id and its volume, not {quoted(level)}",
                    "one is not a sound and its volume",
                )
            )
            continue
        sound, volume = level
        if not _is_id(sound):
            said = f"{quoted(sound)} is not the name of a sound"
            faults.append((wrong("", "sound", SOUND_ID, sound), said))
            continue
        if sound in seen:
            faults.append(
                (
                    f"'{sound}' is named twice: a sound plays once, at one volume",
                    f"“{sound}” is there twice; a sound plays once, at one volume",
                )
            )
        seen.add(sound)
        if not _is_between(volume, *VOLUME):
            faults.append(
                (
                    f"the 'volume' of '{sound}' {number(*VOLUME)}, not {quoted(volume)}",
                    f"the volume of “{sound}” must be {_VOLUME_SAID}",
                )
            )
    return faults


def _whole_plan_problems(phases: Sequence[Phase]) -> list[PlanProblem]:
    """Settle first, warm the oil before the hands go on, close last; and the plan's length."""
    problems = []
    kinds: list[object] = [phase.kind for phase in phases]
    last = len(kinds) - 1
    if kinds[0] is not PhaseKind.SETTLE:
        message = "phase 1: 'kind' must be 'settle': a plan starts by settling the recipient"
        named = _named(PhaseKind.SETTLE)
        said = f"A plan starts by settling the recipient: make this phase “{named}”."
        problems.append(PlanProblem("kind", message, 0, said))
    if kinds[last] is not PhaseKind.CLOSING:
        message = f"phase {last + 1}: 'kind' must be 'closing': a plan ends with closing strokes"
        named = _named(PhaseKind.CLOSING)
        said = f"A plan ends with closing strokes: make this phase “{named}”."
        problems.append(PlanProblem("kind", message, last, said))
    hands_on = next((n for n, kind in enumerate(kinds) if _is_hands_on(kind)), None)
    if hands_on is not None and PhaseKind.WARM_OIL not in kinds[:hands_on]:
        message = f"phase {hands_on + 1}: 'kind': warm the oil ('warm-oil') before the hands go on"
        named = _named(PhaseKind.WARM_OIL)
        said = f"Warm the oil before the hands go on: put “{named}” before this phase."
        problems.append(PlanProblem("kind", message, hands_on, said))
    if all(_is_whole(phase.seconds, *PHASE_SECONDS) for phase in phases):
        total = sum(phase.seconds for phase in phases)
        if not MIN_PLAN_MINUTES * 60 <= total <= MAX_PLAN_MINUTES * 60:
            lasts = f"a plan lasts from {MIN_PLAN_MINUTES} to {MAX_PLAN_MINUTES} minutes"
            message = f"'phases' add up to {in_words(total)}; {lasts}"
            said = f"The phases add up to {clock(total)}; {lasts}."
            problems.append(PlanProblem("phases", message, said=said))
    return problems


def _named(kind: PhaseKind) -> str:
    """A kind as the editor names it: "Settle in"."""
    return TECHNIQUES[kind].name


def _in_a_sentence(kind: PhaseKind) -> str:
    """A kind as the editor names it, inside a sentence: "the neck"."""
    name = _named(kind)
    return name[:1].lower() + name[1:]


def _the(area: Area) -> str:
    """An area as the editor names it, inside a sentence: "the whole back", "the shoulders"."""
    return "the whole back" if area is Area.FULL_BACK else f"the {area.label}"


def _joined(words: Sequence[str], conjunction: str) -> str:
    """ "a, b or c"; "a, b, and c", the comma keeping "strokes and pressure" whole."""
    if len(words) < 2:
        return "".join(words)
    comma = "," if conjunction == "and" and len(words) > 2 else ""
    return f"{', '.join(words[:-1])}{comma} {conjunction} {words[-1]}"


def _is_hands_on(kind: object) -> bool:
    return isinstance(kind, PhaseKind) and kind.hands_on


def _is_id(value: object) -> bool:
    return isinstance(value, str) and len(value) <= MAX_ID_CHARS and bool(SLUG.fullmatch(value))


def _is_whole(value: object, least: int, most: int) -> bool:
    return type(value) is int and least <= value <= most


def _is_between(value: object, least: float, most: float) -> bool:
    """A number (never a bool) from least to most: NaN and infinity are never between."""
    return type(value) in (int, float) and least <= value <= most  # type: ignore[operator]


def _text_fault(
    value: object, most: int, name: str, *, required: bool, breaks: bool
) -> _Fault | None:
    """Why `value` is not text of at most `most` characters, one line unless `breaks`; `name`
    is the field as the editor says it: "note"."""
    if not isinstance(value, str):
        return f"{TEXT}, not {quoted(value)}", f"Write the {name} as text."
    if required and not value.strip():
        return "must not be empty", f"Give it a {name}."
    if len(value) > most:
        said = f"Shorten the {name} to {most} characters; it has {len(value)}."
        return f"must be at most {most} characters, not {len(value)}", said
    if any(unicodedata.category(c) in _NOT_IN_A_LINE and not (breaks and c == "\n") for c in value):
        if breaks:
            return (
                "must hold no control characters",
                f"Take the control characters out of the {name}.",
            )
        return (
            "must be one line, with no line breaks or control characters",
            f"Keep the {name} to one line, with no line breaks.",
        )
    return None


def phase_count_message(count: int) -> str:
    return f"'phases' has {count} phases; a plan has from 1 to {MAX_PHASES}"


def too_many_sounds(count: int) -> str:
    return f"has {count} sounds; a mix has at most {MAX_MIX_SOUNDS}"


def quoted(value: object) -> str:
    """A wrong value as the file has it, cut short when long; never a whole list or object."""
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, int) and value.bit_length() > 64:
        return "a very large number"
    if isinstance(value, str):
        text = json.dumps(value[:QUOTED_CHARS], ensure_ascii=False)
    elif value is None or isinstance(value, (bool, int, float)):
        text = json.dumps(value)
    else:
        text = f"a {type(value).__name__}"
    return text if len(text) <= QUOTED_CHARS else text[: QUOTED_CHARS - 1] + "…"


def listing(values: Iterable[str]) -> str:
    return ", ".join(f"'{v}'" for v in sorted(values))
