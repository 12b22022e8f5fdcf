"""Tailoring: the person's position, and more of the time for their focus areas, exact to the
second."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.people import Person
from app.core.plan import (
    BUILT_IN_PLANS,
    MAX_PLAN_MINUTES,
    SIDED_KINDS,
    Area,
    Phase,
    PhaseKind,
    Plan,
    PlanError,
    Position,
    built_in_plan,
)
from app.core.tailoring import FOCUS_WEIGHT, tailored

CLASSIC = built_in_plan("classic")
SAM = Person("Sam", position=Position.SEATED, focus=frozenset({Area.SHOULDERS}))


def grows(phase: Phase, focus: frozenset[Area]) -> bool:
    return phase.kind.hands_on and phase.area is not Area.FULL_BACK and phase.area in focus


@st.composite
def plans_and_totals(draw: st.DrawFn) -> tuple[Plan, int]:
    """A built-in plan, some of its phases worked side by side, and a length it can take."""
    plan = draw(st.sampled_from(BUILT_IN_PLANS))
    sided = [draw(st.booleans()) and p.kind in SIDED_KINDS for p in plan.phases]
    phases = tuple(replace(p, sides=s) for p, s in zip(plan.phases, sided, strict=True))
    plan = replace(plan, phases=phases)
    return plan, draw(st.integers(plan.shortest_minutes * 60, MAX_PLAN_MINUTES * 60))


@settings(max_examples=1000)
@given(plan_and_total=plans_and_totals(), focus=st.frozensets(st.sampled_from(Area)))
def test_tailoring_is_exact_keeps_the_plan_and_gives_focus_phases_more(
    plan_and_total: tuple[Plan, int], focus: frozenset[Area]
) -> None:
    plan, total = plan_and_total
    result = tailored(plan, None, total, focus)
    untailored = plan.scaled_to(total)
    assert result.total_seconds == total
    # A phase worked side by side keeps its minimum for each side.
    assert all(phase.seconds >= phase.least_seconds for phase in result.phases)
    assert [(p.kind, p.area, p.sides) for p in result.phases] == [
        (p.kind, p.area, p.sides) for p in plan.phases
    ]
    pairs = list(zip(untailored.phases, result.phases, strict=True))
    grown = [(before.seconds, after.seconds) for before, after in pairs if grows(before, focus)]
    others = [
        (before.seconds - before.least_seconds, after.seconds - after.least_seconds)
        for before, after in pairs
        if not grows(before, focus)
    ]
    if not grown:
        assert result == untailored
        return
    # A focus phase never loses time, and the others give way, never gain.
    assert all(after >= before for before, after in grown)
    assert all(after <= before for before, after in others)
    # While another phase still has time to give, every focus phase gets more; and whatever
    # time the others had above the minimum, the focus phases between them get more of it.
    if any(after > 0 for _, after in others):
        assert all(after > before for before, after in grown)
    if any(before > 0 for before, _ in others):
        assert sum(after for _, after in grown) > sum(before for before, _ in grown)


def test_a_focus_area_gets_half_as_much_again_of_its_share() -> None:
    result = tailored(CLASSIC, None, 30 * 60, frozenset({Area.SHOULDERS}))
    seconds = {(p.kind, p.area): p.seconds for p in result.phases}
    assert FOCUS_WEIGHT == 1.5
    assert seconds[PhaseKind.KNEAD, Area.SHOULDERS] == 338  # 240 s untailored
    assert seconds[PhaseKind.KNEAD, Area.UPPER_BACK] == 225  # 240 s untailored


def test_the_persons_focus_areas_are_the_focus_unless_the_giver_chooses_others() -> None:
    assert tailored(CLASSIC, SAM, 30 * 60) == tailored(
        CLASSIC, SAM, 30 * 60, frozenset({Area.SHOULDERS})
    )
    assert tailored(CLASSIC, SAM, 30 * 60, frozenset()).phases == CLASSIC.phases
    neck = tailored(CLASSIC, SAM, 30 * 60, frozenset({Area.NECK}))
    assert [p.seconds for p in neck.phases if p.kind is PhaseKind.NECK] == [338]


def test_the_whole_back_and_the_time_before_the_hands_go_on_never_grow() -> None:
    # A plan file may settle the recipient with the shoulders named: that is still settling.
    plan = Plan(
        id="mine",
        title="Mine",
        position=Position.LYING,
        phases=(
            Phase(PhaseKind.SETTLE, Area.SHOULDERS, 60),
            Phase(PhaseKind.WARM_OIL, Area.SHOULDERS, 60),
            Phase(PhaseKind.EFFLEURAGE, Area.FULL_BACK, 120),
            Phase(PhaseKind.KNEAD, Area.SHOULDERS, 120),
            Phase(PhaseKind.CLOSING, Area.FULL_BACK, 120),
        ),
    )
    result = tailored(plan, None, 8 * 60, frozenset({Area.SHOULDERS, Area.FULL_BACK}))
    assert [p.seconds for p in result.phases] == [53, 53, 107, 160, 107]  # 60, 60, 120, 120, 120


@pytest.mark.parametrize("position", list(Position))
def test_the_plan_is_given_in_the_persons_position(position: Position) -> None:
    for plan in BUILT_IN_PLANS:
        person = Person("Sam", position=position)
        assert tailored(plan, person, plan.total_seconds).position is position


def test_without_a_person_the_plan_keeps_its_position_and_proportions() -> None:
    seated = built_in_plan("seated")
    assert tailored(seated, None, 20 * 60) == seated.scaled_to(20 * 60)


def test_a_total_the_plan_cannot_be_given_in_is_refused() -> None:
    with pytest.raises(PlanError, match="from 5 to 120 minutes"):
        tailored(CLASSIC, SAM, 4 * 60)
