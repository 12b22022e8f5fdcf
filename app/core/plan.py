"""Phases and plans: what they are, the built-in plans, and scaling to a total length."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

MIN_PHASE_SECONDS = 30  # shorter than this and the giver cannot settle into a technique
MAX_PHASE_SECONDS = 60 * 60
MIN_PLAN_MINUTES = 5
MAX_PLAN_MINUTES = 120
MAX_PHASES = 40
MAX_NOTE_CHARS = 200  # a note of one's own on the cue card: a line or two, read at a glance
CHECKIN_MINUTES = (1, 20)  # a plan's own check-in interval, when it has one: least and most
TOWEL_MINUTES = (1, 15)  # how long before the closing strokes the towels go on to warm
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class PhaseKind(StrEnum):
    SETTLE = "settle"
    WARM_OIL = "warm-oil"
    EFFLEURAGE = "effleurage"
    KNEAD = "knead"
    ALTERNATE = "alternate"
    NECK = "neck"
    CLOSING = "closing"

    @property
    def hands_on(self) -> bool:
        """True once the hands are on the back: settling and warming the oil come before."""
        return self not in (PhaseKind.SETTLE, PhaseKind.WARM_OIL)


class Area(StrEnum):
    SHOULDERS = "shoulders"
    UPPER_BACK = "upper-back"
    LOWER_BACK = "lower-back"
    NECK = "neck"
    FULL_BACK = "full-back"

    @property
    def label(self) -> str:
        return self.value.replace("-", " ")


class Position(StrEnum):
    LYING = "lying"
    SEATED = "seated"


class Side(StrEnum):
    """The side of the recipient's back being worked, in a phase worked one side at a time."""

    LEFT = "left"
    RIGHT = "right"

    @property
    def label(self) -> str:
        return f"{self.value} side"


# Kneading goes section by section, so it needs a section, never the whole back at once.
KNEAD_AREAS = (Area.SHOULDERS, Area.UPPER_BACK, Area.LOWER_BACK)
# The back, whole or a section of it: where the hands work, but for the neck's own phase.
BACK_AREAS = (Area.FULL_BACK, *KNEAD_AREAS)
# Worked one side, then the other: kneading, the neck, and pressure along one side of the spine.
SIDED_KINDS = frozenset({PhaseKind.KNEAD, PhaseKind.NECK, PhaseKind.ALTERNATE})


def areas_for(kind: PhaseKind) -> tuple[Area, ...]:
    """Where a kind of phase may work: kneading one section at a time, the neck on its own (it
    is delicate), and settling and warming the oil are for the whole back."""
    if kind is PhaseKind.KNEAD:
        return KNEAD_AREAS
    if kind is PhaseKind.NECK:
        return (Area.NECK,)
    return BACK_AREAS if kind.hands_on else (Area.FULL_BACK,)


Levels = tuple[tuple[str, float], ...]  # sound ids and their volumes (0 to 1), in order


@dataclass(frozen=True)
class PlanProblem:
    """One broken rule, with where it is broken, for an editor to show beside its field."""

    field: str  # a plan's field ("title", "phases", "checkin_minutes", "towel_minutes", "mix")
    # or, with `phase`, a phase's ("kind", "area", "seconds", "sides", "note", "ambience")
    message: str  # in the file's words, naming the field: "phase 3: 'seconds' must be ..."
    phase: int | None = None  # the phase's index, from 0, when the field is a phase's
    # The same in the editor's words, saying what to do, for beside the field (a phase's row
    # says which phase): "Give it a name." Empty where only the file's words were written.
    said: str = ""

    def __str__(self) -> str:
        return self.message


class PlanError(ValueError):
    """A plan that cannot be used, with a message that says where and why in plain words;
    `problems` has every broken rule found, when more than one could be named."""

    def __init__(self, message: str, problems: Sequence[PlanProblem] = ()) -> None:
        super().__init__(message)
        self.problems = tuple(problems)


@dataclass(frozen=True)
class PhaseAmbience:
    """How the sound changes as a phase begins: another mix, another volume, or both."""

    levels: Levels | None = None  # the mix to move to; None keeps the sounds playing
    volume: float | None = None  # the ambience's level, 0 to 1; None keeps it
    fade_seconds: float = 8.0  # how long the change takes: never an abrupt one


@dataclass(frozen=True)
class Phase:
    kind: PhaseKind
    area: Area
    seconds: int
    sides: bool = False  # worked one side, then the other: "switch sides" at its half
    note: str = ""  # the giver's own words, shown on the cue card
    ambience: PhaseAmbience | None = None

    @property
    def least_seconds(self) -> int:
        """The shortest this phase can be: worked side by side, each side needs its minimum."""
        return MIN_PHASE_SECONDS * (2 if self.sides else 1)

    def side_at(self, elapsed: float, duration: float) -> Side | None:
        """The side worked `elapsed` seconds into this phase lasting `duration`; None if the
        phase is not worked one side at a time."""
        if not self.sides:
            return None
        return Side.LEFT if elapsed < duration / 2 else Side.RIGHT


@dataclass(frozen=True)
class Plan:
    id: str
    title: str
    position: Position
    phases: tuple[Phase, ...]
    description: str = ""
    checkin_minutes: int | None = None  # its own check-in interval; None: the user's setting
    towel_minutes: int | None = None  # its own towel lead time; None: the user's setting
    mix: Levels = ()  # the sounds that go with it, played when its session starts

    @property
    def sounds(self) -> frozenset[str]:
        """Every sound it names: its mix's and its phases' ambience."""
        named = {sound for sound, _ in self.mix}
        for phase in self.phases:
            if phase.ambience is not None and phase.ambience.levels is not None:
                named |= {sound for sound, _ in phase.ambience.levels}
        return frozenset(named)

    @property
    def total_seconds(self) -> int:
        return sum(phase.seconds for phase in self.phases)

    @property
    def closing(self) -> Phase:
        """How its massage ends: its last closing phase, or the usual one for a plan with none.
        Whenever a session ends, the hands should still leave slowly."""
        closings = [phase for phase in self.phases if phase.kind is PhaseKind.CLOSING]
        return (
            closings[-1]
            if closings
            else Phase(PhaseKind.CLOSING, Area.FULL_BACK, MIN_PHASE_SECONDS)
        )

    @property
    def minutes(self) -> float:
        return self.total_seconds / 60

    @property
    def shortest_minutes(self) -> int:
        """The fewest whole minutes this plan can be given: every phase needs its minimum."""
        least = sum(phase.least_seconds for phase in self.phases)
        return max(MIN_PLAN_MINUTES, math.ceil(least / 60))

    def scaled_to(self, total_seconds: int) -> Plan:
        """This plan stretched or shrunk to a total, keeping proportions, exact to the second."""
        low, high = MIN_PLAN_MINUTES * 60, MAX_PLAN_MINUTES * 60
        if not low <= total_seconds <= high:
            raise PlanError(
                f"a session lasts from {MIN_PLAN_MINUTES} to {MAX_PLAN_MINUTES} minutes, "
                f"not {total_seconds / 60:g}"
            )
        if total_seconds < self.shortest_minutes * 60:
            sided = " (twice that worked side by side)" if any(p.sides for p in self.phases) else ""
            raise PlanError(
                f"'{self.title}' has {len(self.phases)} phases of at least {MIN_PHASE_SECONDS} s "
                f"each{sided}, so it needs at least {self.shortest_minutes} minutes"
            )
        least = [p.least_seconds for p in self.phases]
        seconds = apportion([p.seconds for p in self.phases], total_seconds, least)
        phases = tuple(replace(p, seconds=s) for p, s in zip(self.phases, seconds, strict=True))
        return replace(self, phases=phases)


def apportion(weights: Sequence[float], total: int, least: Sequence[int]) -> list[int]:
    """Whole seconds in proportion to weights, none under its least, summing exactly to total."""
    pinned: set[int] = set()
    while True:
        free = [i for i in range(len(weights)) if i not in pinned]
        budget = total - sum(least[i] for i in pinned)
        weight = sum(weights[i] for i in free)
        shares = {i: weights[i] * budget / weight for i in free}
        short = {i for i, share in shares.items() if share < least[i]}
        if not short:
            break
        pinned |= short
    result = list(least)
    for i, share in shares.items():
        result[i] = int(share)
    # Largest remainders take the seconds lost to rounding down, so the total is exact.
    leftover = total - sum(result)
    by_remainder = sorted(shares, key=lambda i: shares[i] - int(shares[i]), reverse=True)
    for i in by_remainder[:leftover]:
        result[i] += 1
    return result


# The built-in plans' sound follows the massage gently: a little softer for the neck, then
# eased down through the closing strokes; a share of the mix as the giver chose it, never louder.
NECK_AMBIENCE = PhaseAmbience(volume=0.8, fade_seconds=10.0)
CLOSING_AMBIENCE = PhaseAmbience(volume=0.6, fade_seconds=20.0)
BUILT_IN_AMBIENCE = {PhaseKind.NECK: NECK_AMBIENCE, PhaseKind.CLOSING: CLOSING_AMBIENCE}


def _phases(*spec: tuple[PhaseKind, Area, int]) -> tuple[Phase, ...]:
    return tuple(
        Phase(kind, area, seconds, ambience=BUILT_IN_AMBIENCE.get(kind))
        for kind, area, seconds in spec
    )


K, A = PhaseKind, Area
BUILT_IN_PLANS: tuple[Plan, ...] = (
    Plan(
        id="shoulders-neck",
        title="Shoulders and neck",
        position=Position.SEATED,
        description="A short plan for tense shoulders: the recipient sits or lies, as they like.",
        phases=_phases(
            (K.SETTLE, A.FULL_BACK, 45),
            (K.WARM_OIL, A.FULL_BACK, 30),
            (K.EFFLEURAGE, A.SHOULDERS, 90),
            (K.KNEAD, A.SHOULDERS, 150),
            (K.NECK, A.NECK, 135),
            (K.ALTERNATE, A.SHOULDERS, 90),
            (K.CLOSING, A.FULL_BACK, 60),
        ),
    ),
    Plan(
        id="seated",
        title="Seated, on a chair",
        position=Position.SEATED,
        description="The recipient sits astride a chair, leaning on a cushion over its back.",
        phases=_phases(
            (K.SETTLE, A.FULL_BACK, 60),
            (K.WARM_OIL, A.FULL_BACK, 30),
            (K.EFFLEURAGE, A.FULL_BACK, 120),
            (K.KNEAD, A.SHOULDERS, 180),
            (K.KNEAD, A.UPPER_BACK, 150),
            (K.ALTERNATE, A.UPPER_BACK, 120),
            (K.NECK, A.NECK, 150),
            (K.CLOSING, A.FULL_BACK, 90),
        ),
    ),
    Plan(
        id="classic",
        title="Classic back massage",
        position=Position.LYING,
        description="The whole back, section by section, with the recipient lying face down.",
        phases=_phases(
            (K.SETTLE, A.FULL_BACK, 60),
            (K.WARM_OIL, A.FULL_BACK, 60),
            (K.EFFLEURAGE, A.FULL_BACK, 240),
            (K.KNEAD, A.SHOULDERS, 240),
            (K.KNEAD, A.UPPER_BACK, 240),
            (K.KNEAD, A.LOWER_BACK, 240),
            (K.ALTERNATE, A.FULL_BACK, 300),
            (K.NECK, A.NECK, 240),
            (K.CLOSING, A.FULL_BACK, 180),
        ),
    ),
    Plan(
        id="deep",
        title="Deep and unhurried",
        position=Position.LYING,
        description="A long session with time for each section and for what they ask for.",
        phases=_phases(
            (K.SETTLE, A.FULL_BACK, 120),
            (K.WARM_OIL, A.FULL_BACK, 60),
            (K.EFFLEURAGE, A.FULL_BACK, 420),
            (K.KNEAD, A.SHOULDERS, 480),
            (K.KNEAD, A.UPPER_BACK, 480),
            (K.KNEAD, A.LOWER_BACK, 480),
            (K.ALTERNATE, A.FULL_BACK, 540),
            (K.NECK, A.NECK, 420),
            (K.EFFLEURAGE, A.FULL_BACK, 300),
            (K.CLOSING, A.FULL_BACK, 300),
        ),
    ),
)
del K, A


def built_in_plan(plan_id: str) -> Plan:
    for plan in BUILT_IN_PLANS:
        if plan.id == plan_id:
            return plan
    known = ", ".join(plan.id for plan in BUILT_IN_PLANS)
    raise PlanError(f"there is no plan called '{plan_id}' (the plans are: {known})")
