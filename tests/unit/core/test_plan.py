"""Plans: the built-ins, scaling, and the plan file format with its refusals."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.plan import (
    BUILT_IN_PLANS,
    MIN_PHASE_SECONDS,
    Area,
    Phase,
    PhaseKind,
    Plan,
    PlanError,
    Position,
    built_in_plan,
)
from app.core.plan_file import load_plan_file, plan_from_json, plan_to_dict, plan_to_json
from app.core.plan_rules import validate_plan


@pytest.mark.parametrize(
    ("plan_id", "minutes", "position"),
    [
        ("shoulders-neck", 10, Position.SEATED),
        ("seated", 15, Position.SEATED),
        ("classic", 30, Position.LYING),
        ("deep", 60, Position.LYING),
    ],
)
def test_built_in_plans_have_their_advertised_length_and_position(
    plan_id: str, minutes: int, position: Position
) -> None:
    plan = built_in_plan(plan_id)
    assert plan.total_seconds == minutes * 60
    assert plan.position is position


@pytest.mark.parametrize("plan", BUILT_IN_PLANS, ids=lambda plan: plan.id)
def test_every_built_in_plan_settles_warms_the_oil_and_closes(plan: Plan) -> None:
    kinds = [phase.kind for phase in plan.phases]
    assert kinds[:2] == [PhaseKind.SETTLE, PhaseKind.WARM_OIL]
    assert kinds[-1] is PhaseKind.CLOSING
    validate_plan(plan)


@pytest.mark.parametrize("plan", BUILT_IN_PLANS, ids=lambda plan: plan.id)
def test_kneading_goes_section_by_section(plan: Plan) -> None:
    kneaded = [phase.area for phase in plan.phases if phase.kind is PhaseKind.KNEAD]
    assert kneaded
    assert Area.FULL_BACK not in kneaded
    assert len(kneaded) == len(set(kneaded))


def test_an_unknown_plan_id_names_the_known_ones() -> None:
    with pytest.raises(PlanError, match="no plan called 'nope'.*classic"):
        built_in_plan("nope")


@given(
    plan=st.sampled_from(BUILT_IN_PLANS),
    total=st.integers(min_value=5 * 60, max_value=120 * 60),
)
def test_scaling_is_exact_to_the_second_and_keeps_every_phase_long_enough(
    plan: Plan, total: int
) -> None:
    scaled = plan.scaled_to(total)
    assert scaled.total_seconds == total
    assert all(phase.seconds >= MIN_PHASE_SECONDS for phase in scaled.phases)
    assert [p.kind for p in scaled.phases] == [p.kind for p in plan.phases]


@given(plan=st.sampled_from(BUILT_IN_PLANS), total=st.integers(20 * 60, 120 * 60))
def test_scaling_keeps_the_proportions_of_phases_that_are_not_at_the_minimum(
    plan: Plan, total: int
) -> None:
    scaled = plan.scaled_to(total)
    free = [
        (p.seconds, s.seconds)
        for p, s in zip(plan.phases, scaled.phases, strict=True)
        if s.seconds > MIN_PHASE_SECONDS
    ]
    ratios = [new / old for old, new in free]
    # Whole seconds cost at most one second of each phase's share.
    assert max(ratios) - min(ratios) <= 2 / min(old for old, _ in free)


def test_a_longer_phase_stays_longer_after_scaling_down() -> None:
    scaled = built_in_plan("classic").scaled_to(10 * 60)
    by_kind = {phase.kind: phase.seconds for phase in scaled.phases}
    assert by_kind[PhaseKind.ALTERNATE] > by_kind[PhaseKind.KNEAD] > by_kind[PhaseKind.SETTLE]


@pytest.mark.parametrize("minutes", [4, 121, 0, -3])
def test_scaling_outside_5_to_120_minutes_is_refused(minutes: int) -> None:
    with pytest.raises(PlanError, match="from 5 to 120 minutes"):
        built_in_plan("classic").scaled_to(minutes * 60)


@pytest.mark.parametrize("plan", BUILT_IN_PLANS, ids=lambda plan: plan.id)
def test_a_plan_survives_its_own_file_format(plan: Plan) -> None:
    assert plan_from_json(plan_to_json(plan)) == plan


def test_a_plan_file_loads_from_disk(tmp_path: Path) -> None:
    path = tmp_path / "mine.json"
    path.write_text(plan_to_json(built_in_plan("seated")), encoding="utf-8")
    assert load_plan_file(path) == built_in_plan("seated")


def test_a_phase_without_an_area_works_on_the_whole_back() -> None:
    data = plan_to_dict(built_in_plan("classic"))
    del data["phases"][0]["area"]
    assert plan_from_json(json.dumps(data)).phases[0].area is Area.FULL_BACK


DELETE = object()


def _edited(**changes: object) -> str:
    """The classic plan's file with fields changed; phases__3__kind is phases[3]["kind"]."""
    data = plan_to_dict(built_in_plan("classic"))
    for dotted, value in changes.items():
        target: Any = data
        *path, last = dotted.split("__")
        for key in path:
            target = target[int(key) if key.isdigit() else key]
        if value is DELETE:
            del target[int(last) if last.isdigit() else last]
        else:
            target[int(last) if last.isdigit() else last] = value
    return json.dumps(data)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "not a plan file: it is empty"),
        ("{", "not a plan file: it ends too soon: a closing bracket is missing at line 1"),
        ("[" * 50 + "]" * 50, "not a plan file: it is nested more than 32 levels deep"),
        ('{"seconds": ' + "9" * 401 + "}", "not a plan file: it holds a number 401 digits long"),
        ("[1, 2]", "one JSON object"),
        ("null", "one JSON object"),
        (_edited(format="other"), "'format' must be \"lull-plan\""),
        (_edited(version=3), "made by a newer Lull"),
        (_edited(version="1"), "'version' must be a whole number"),
        (_edited(colour="blue"), "unknown field 'colour'"),
        (_edited(id="My Plan!"), "'id' must be a short name"),
        (_edited(title="   "), "'title' must not be empty"),
        (_edited(position="standing"), "'position' must be one of 'lying', 'seated'"),
        (_edited(phases=[]), "'phases' has 0 phases; a plan has from 1 to 40"),
        (_edited(phases="all"), "'phases' must be a list"),
        (_edited(phases__3="knead"), "phase 4: must be an object"),
        (_edited(phases__3__kind="pummel"), "phase 4: 'kind' must be one of .*'knead'"),
        (_edited(phases__3__area="feet"), "phase 4: 'area' must be one of"),
        (_edited(phases__3__seconds=-5), "phase 4: 'seconds' must be a whole number .*-5"),
        (_edited(phases__3__seconds=12.5), "phase 4: 'seconds' must be a whole number"),
        (_edited(phases__3__seconds=True), "phase 4: 'seconds' must be a whole number"),
        (_edited(phases__3__seconds=DELETE), "phase 4: 'seconds' .* not null"),
        (_edited(phases__3__speed=2), "phase 4: unknown field 'speed'"),
        (_edited(phases__3__area="full-back"), "phase 4: 'area' for kneading must be one section"),
        (_edited(phases__7__area="shoulders"), "phase 8: 'area' of a neck phase must be 'neck'"),
        (_edited(phases__0__kind="knead", phases__0__area="shoulders"), "phase 1: .*settling"),
        (_edited(phases__8__kind="neck", phases__8__area="neck"), "phase 9: .*closing"),
        (_edited(phases__1__kind="settle"), "phase 3: 'kind': warm the oil"),
        (_edited(phases__6__seconds=3600, phases__5__seconds=3600), "add up to 141 min"),
    ],
)
def test_a_bad_plan_is_refused_with_the_phase_field_and_reason(text: str, message: str) -> None:
    with pytest.raises(PlanError, match=message):
        plan_from_json(text)


def test_a_binary_file_is_refused_as_not_text(tmp_path: Path) -> None:
    path = tmp_path / "noise.json"
    path.write_bytes(bytes(range(256)))
    with pytest.raises(PlanError, match="noise.json is not a plan file: it is not text"):
        load_plan_file(path)


def test_a_missing_file_and_a_folder_are_refused_in_plain_words(tmp_path: Path) -> None:
    with pytest.raises(PlanError, match="there is no file at"):
        load_plan_file(tmp_path / "absent.json")
    with pytest.raises(PlanError, match="could not be read: it is a folder"):
        load_plan_file(tmp_path)


@given(st.binary(max_size=300))
def test_garbage_is_always_refused_with_a_plan_error(data: bytes) -> None:
    with pytest.raises(PlanError):
        plan_from_json(data.decode("latin-1"))


@pytest.mark.parametrize(("phases", "shortest"), [(7, 5), (10, 5), (11, 6), (19, 10), (40, 20)])
def test_the_shortest_length_gives_every_phase_its_minimum(phases: int, shortest: int) -> None:
    classic = built_in_plan("classic")
    middle = [Phase(PhaseKind.KNEAD, Area.SHOULDERS, 60)] * (phases - 3)
    plan = replace(classic, phases=(*classic.phases[:2], *middle, classic.phases[-1]))
    assert plan.shortest_minutes == shortest
    plan.scaled_to(shortest * 60)
    if shortest > 5:
        with pytest.raises(PlanError, match=f"needs at least {shortest} minutes"):
            plan.scaled_to(shortest * 60 - 1)


def test_an_id_with_a_trailing_line_break_is_refused() -> None:
    data = json.loads(plan_to_json(built_in_plan("classic")))
    data["id"] = "my-plan\n"
    with pytest.raises(PlanError, match="'id'"):
        plan_from_json(json.dumps(data))


def test_a_long_wrong_value_is_quoted_short() -> None:
    data = json.loads(plan_to_json(built_in_plan("classic")))
    data["phases"][3]["kind"] = "k" * 100_000
    with pytest.raises(PlanError) as refused:
        plan_from_json(json.dumps(data))
    assert len(str(refused.value)) < 300 and str(refused.value).endswith("kkk…")


def test_a_phase_worked_side_by_side_keeps_a_minimum_for_each_side_when_scaled_down() -> None:
    classic = built_in_plan("classic")
    sided = tuple(replace(p, sides=p.kind is PhaseKind.KNEAD) for p in classic.phases)
    plan = replace(classic, phases=sided)
    assert plan.shortest_minutes == 6  # three kneadings of 2 × 30 s, and six phases of 30 s
    scaled = plan.scaled_to(6 * 60)
    assert scaled.total_seconds == 6 * 60
    assert all(p.seconds >= 2 * MIN_PHASE_SECONDS for p in scaled.phases if p.sides)
    validate_plan(scaled)  # still a plan a checkpoint can keep and resume


def test_a_plan_with_phases_worked_side_by_side_needs_more_time_at_the_least() -> None:
    classic = built_in_plan("classic")
    middle = [Phase(PhaseKind.KNEAD, Area.SHOULDERS, 60, sides=True)] * 9
    plan = replace(classic, phases=(*classic.phases[:2], *middle, classic.phases[-1]))
    assert plan.shortest_minutes == 11  # 9 × 60 s side by side, and 3 × 30 s
    with pytest.raises(
        PlanError,
        match="each \\(twice that worked side by side\\), so it needs at least 11 minutes",
    ):
        plan.scaled_to(10 * 60)


def test_a_plan_ends_with_its_own_closing_or_the_usual_one() -> None:
    classic = built_in_plan("classic")
    assert classic.closing == classic.phases[-1]
    kneading = replace(
        classic, phases=tuple(p for p in classic.phases if p.kind is not PhaseKind.CLOSING)
    )
    assert (kneading.closing.kind, kneading.closing.area) == (PhaseKind.CLOSING, Area.FULL_BACK)
