"""A plan fitted to a person: given in their position, with more time where they want it."""

from __future__ import annotations

from dataclasses import replace

from app.core.people import Person
from app.core.plan import Area, Phase, Plan, apportion

# A focus phase's share of the session grows by half, the rest giving way in proportion: time
# enough to feel the difference, without a plan that is all one area.
FOCUS_WEIGHT = 1.5


def tailored(
    plan: Plan, person: Person | None, total_seconds: int, focus: frozenset[Area] | None = None
) -> Plan:
    """The plan at `total_seconds`, exact to the second, with its focus phases given more.

    `focus` is the person's focus areas unless the giver chooses others. The plan is first scaled
    to the total (PlanError if it cannot be given in that time); each focus phase's share of it
    is then weighted by FOCUS_WEIGHT and the seconds shared out again, none under the minimum,
    so a focus phase never loses time and the rest give way in proportion.
    """
    scaled = plan.scaled_to(total_seconds)
    if focus is None:
        focus = person.focus if person is not None else frozenset()
    weights = [p.seconds * (FOCUS_WEIGHT if _grows(p, focus) else 1) for p in scaled.phases]
    seconds = apportion(weights, total_seconds, [p.least_seconds for p in scaled.phases])
    phases = tuple(replace(p, seconds=s) for p, s in zip(scaled.phases, seconds, strict=True))
    position = person.position if person is not None else plan.position
    return replace(scaled, position=position, phases=phases)


def _grows(phase: Phase, focus: frozenset[Area]) -> bool:
    """A phase that works one focus area; settling, the oil and the whole back never grow."""
    return phase.kind.hands_on and phase.area is not Area.FULL_BACK and phase.area in focus
