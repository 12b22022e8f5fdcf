"""The plan file format, version 2: its new fields, and every broken rule named with its field."""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest

from app.core.plan import (
    MAX_NOTE_CHARS,
    Area,
    Phase,
    PhaseAmbience,
    PhaseKind,
    Plan,
    PlanError,
    built_in_plan,
)
from app.core.plan_file import plan_from_dict, plan_from_json, plan_to_dict, plan_to_json
from app.core.plan_rules import MAX_MIX_SOUNDS, plan_problems, validate_plan

CLASSIC = built_in_plan("classic")  # phases: settle, warm-oil, effleurage, knead × 3, ...


def _with_phase(plan: Plan, index: int, **changes: Any) -> Plan:
    phases = list(plan.phases)
    phases[index] = replace(phases[index], **changes)
    return replace(plan, phases=tuple(phases))


# A plan using every field version 2 adds.
FULL = replace(
    _with_phase(
        _with_phase(
            _with_phase(CLASSIC, 3, sides=True, note="Thumbs along the shoulder blade"),
            4,
            ambience=PhaseAmbience(levels=(("rain", 0.4), ("river", 0.25)), fade_seconds=20),
        ),
        7,
        sides=True,
        ambience=PhaseAmbience(volume=0.3),
    ),
    checkin_minutes=7,
    towel_minutes=4,
    mix=(("river", 0.5), ("soft-music-0123456789", 1.0)),
)


def test_a_built_in_plan_is_written_as_version_2_with_only_the_fields_it_uses() -> None:
    data = plan_to_dict(CLASSIC)
    assert data["version"] == 2
    assert set(data) == {"format", "version", "id", "title", "position", "description", "phases"}
    for phase in data["phases"]:
        quieter = phase["kind"] in ("neck", "closing")  # the sound eases for these
        assert set(phase) == {"kind", "area", "seconds", *(["ambience"] if quieter else [])}
    assert data["phases"][7]["ambience"] == {"volume": 0.8, "fade_seconds": 10}
    assert data["phases"][8]["ambience"] == {"volume": 0.6, "fade_seconds": 20}


def test_every_new_field_is_written_and_read_back_unchanged() -> None:
    data = plan_to_dict(FULL)
    assert data["checkin_minutes"] == 7 and data["towel_minutes"] == 4
    assert data["mix"] == [
        {"sound": "river", "volume": 0.5},
        {"sound": "soft-music-0123456789", "volume": 1.0},
    ]
    assert data["phases"][3] == {
        "kind": "knead",
        "area": "shoulders",
        "seconds": 240,
        "sides": True,
        "note": "Thumbs along the shoulder blade",
    }
    assert data["phases"][4]["ambience"] == {
        "sounds": [{"sound": "rain", "volume": 0.4}, {"sound": "river", "volume": 0.25}],
        "fade_seconds": 20,
    }
    assert data["phases"][7]["ambience"] == {"volume": 0.3}  # the fade is the default, 8 s
    assert plan_from_json(plan_to_json(FULL)) == FULL


def test_an_ambience_without_a_fade_fades_over_8_seconds() -> None:
    data = plan_to_dict(CLASSIC)
    data["phases"][2]["ambience"] = {"sounds": []}
    ambience = plan_from_dict(data).phases[2].ambience
    assert ambience == PhaseAmbience(levels=(), volume=None, fade_seconds=8.0)


VERSION_1 = """{
  "format": "lull-plan", "version": 1, "id": "old", "title": "Made by Lull 1",
  "position": "lying", "description": "",
  "phases": [
    {"kind": "settle", "area": "full-back", "seconds": 60},
    {"kind": "warm-oil", "seconds": 60},
    {"kind": "knead", "area": "shoulders", "seconds": 300},
    {"kind": "closing", "area": "full-back", "seconds": 180}
  ]
}"""


def test_a_version_1_file_still_loads_and_is_written_back_as_version_2() -> None:
    plan = plan_from_json(VERSION_1)
    assert plan.title == "Made by Lull 1" and plan.minutes == 10
    assert plan.phases[1] == Phase(PhaseKind.WARM_OIL, Area.FULL_BACK, 60)
    assert json.loads(plan_to_json(plan))["version"] == 2
    assert plan_from_json(plan_to_json(plan)) == plan


def test_a_version_1_file_with_a_field_of_version_2_says_it_needs_version_2() -> None:
    data = json.loads(VERSION_1)
    data["phases"][2]["sides"] = True
    with pytest.raises(
        PlanError, match="""phase 3: unknown field 'sides' \\(it needs "version": 2\\)"""
    ):
        plan_from_dict(data)


def test_a_version_3_file_is_refused_as_made_by_a_newer_lull() -> None:
    data = plan_to_dict(CLASSIC) | {"version": 3}
    with pytest.raises(PlanError, match="made by a newer Lull .*reads versions 1 to 2"):
        plan_from_dict(data)


def test_a_file_without_its_version_says_it_is_missing_not_that_it_is_not_a_number() -> None:
    data = plan_to_dict(CLASSIC)
    del data["version"]
    with pytest.raises(PlanError, match="'version' is missing"):
        plan_from_dict(data)


def _file(**changes: Any) -> dict[str, Any]:
    """FULL's file with fields changed; phases__3__sides is phases[3]["sides"]."""
    data = plan_to_dict(FULL)
    for dotted, value in changes.items():
        target: Any = data
        *path, last = dotted.split("__")
        for key in path:
            target = target[int(key) if key.isdigit() else key]
        target[int(last) if last.isdigit() else last] = value
    return data


@pytest.mark.parametrize(
    ("data", "field", "phase", "message"),
    [
        (_file(phases__3__sides=1), "sides", 3, "phase 4: 'sides' must be true or false, not 1"),
        (_file(phases__3__sides="yes"), "sides", 3, "phase 4: 'sides' must be true or false"),
        (_file(phases__3__note=5), "note", 3, "phase 4: 'note' must be text, not 5"),
        (_file(phases__4__ambience=None), "ambience", 4, "phase 5: 'ambience': must be an obj"),
        (_file(phases__4__ambience=[]), "ambience", 4, "phase 5: 'ambience': must be an obj"),
        (_file(phases__4__ambience__loud=1), "ambience", 4, "'ambience': unknown field 'loud'"),
        (_file(phases__4__ambience__volume=True), "ambience", 4, "'volume' must be a number"),
        (_file(phases__4__ambience__fade_seconds="8"), "ambience", 4, "'fade_seconds' must be"),
        (_file(phases__4__ambience__sounds={}), "ambience", 4, "'sounds' must be a list"),
        (_file(checkin_minutes=2.5), "checkin_minutes", None, "'checkin_minutes' must be a w"),
        (_file(checkin_minutes=None), "checkin_minutes", None, "'checkin_minutes' .*not null"),
        (_file(towel_minutes="5"), "towel_minutes", None, "'towel_minutes' must be a whole"),
        (_file(mix={"rain": 0.5}), "mix", None, "'mix' must be a list"),
        (_file(mix=["rain"]), "mix", None, "'mix': each sound must be an object"),
        (_file(mix__0__volume="0.5"), "mix", None, "'mix': 'volume' must be a number .*\"0.5\""),
        (_file(mix__0__sound=7), "mix", None, "'mix': 'sound' must be a sound's id"),
        (_file(mix__0__pan=0), "mix", None, "'mix': unknown field 'pan'"),
        (_file(mix=[{"sound": f"s{n}", "volume": 1} for n in range(17)]), "mix", None, "17"),
    ],
)
def test_a_fault_in_the_shape_of_a_new_field_is_refused_naming_it(
    data: dict[str, Any], field: str, phase: int | None, message: str
) -> None:
    with pytest.raises(PlanError, match=message) as refused:
        plan_from_dict(data)
    [problem] = refused.value.problems
    assert (problem.field, problem.phase) == (field, phase)


Change = Callable[[Plan], Plan]
KNEAD = 3  # FULL's first kneading, on the shoulders, worked side by side

RULES: list[tuple[str, Change, str, int | None, str]] = [
    ("id", lambda p: replace(p, id="My Plan"), "id", None, "'id' must be a short name"),
    ("long id", lambda p: replace(p, id="a" * 65), "id", None, "'id' must be a short name"),
    ("empty title", lambda p: replace(p, title=" "), "title", None, "'title' must not be empty"),
    ("long title", lambda p: replace(p, title="t" * 101), "title", None, "at most 100 char"),
    ("title lines", lambda p: replace(p, title="a\nb"), "title", None, "'title' must be one line"),
    ("description", lambda p: replace(p, description="d" * 501), "description", None, "500"),
    ("no phases", lambda p: replace(p, phases=()), "phases", None, "'phases' has 0 phases"),
    ("41 phases", lambda p: replace(p, phases=p.phases * 5), "phases", None, "has 45 phases"),
    ("29 s", lambda p: _with_phase(p, 2, seconds=29), "seconds", 2, "phase 3: 'seconds' must"),
    ("1e308 s", lambda p: _with_phase(p, 2, seconds=1e308), "seconds", 2, "not 1e\\+308"),
    ("True s", lambda p: _with_phase(p, 2, seconds=True), "seconds", 2, "not true"),
    ("huge s", lambda p: _with_phase(p, 2, seconds=10**5000), "seconds", 2, "a very large num"),
    ("kind", lambda p: _with_phase(p, 2, kind="pummel"), "kind", 2, "'kind' must be one of"),
    ("area", lambda p: _with_phase(p, 2, area="feet"), "area", 2, "'area' must be one of"),
    (
        "knead the whole back",
        lambda p: _with_phase(p, KNEAD, area=Area.FULL_BACK),
        "area",
        KNEAD,
        "phase 4: 'area' for kneading must be one section",
    ),
    ("neck", lambda p: _with_phase(p, 7, area=Area.SHOULDERS), "area", 7, "must be 'neck'"),
    ("sides", lambda p: _with_phase(p, 0, sides=True), "sides", 0, "'sides' is only for"),
    ("sides 1", lambda p: _with_phase(p, KNEAD, sides=1), "sides", KNEAD, "true or false"),
    (
        "sides on 40 s",
        lambda p: _with_phase(p, KNEAD, seconds=40),
        "sides",
        KNEAD,
        "phase 4: 'sides' needs a phase of at least 60 seconds, 30 for each side, not 40",
    ),
    ("long note", lambda p: _with_phase(p, 1, note="n" * 201), "note", 1, "at most 200"),
    ("note lines", lambda p: _with_phase(p, 1, note="a\r\nb"), "note", 1, "must be one line"),
    ("note bell", lambda p: _with_phase(p, 1, note="a\x07"), "note", 1, "must be one line"),
    ("note break", lambda p: _with_phase(p, 1, note="a\u2028b"), "note", 1, "must be one line"),
    ("first", lambda p: _with_phase(p, 0, kind=PhaseKind.EFFLEURAGE), "kind", 0, "'settle'"),
    ("last", lambda p: _with_phase(p, 8, kind=PhaseKind.SETTLE), "kind", 8, "'closing'"),
    ("oil", lambda p: _with_phase(p, 1, kind=PhaseKind.SETTLE), "kind", 2, "warm the oil"),
    (
        "long",
        lambda p: _with_phase(_with_phase(p, 2, seconds=3600), 6, seconds=3600),
        "phases",
        None,
        "'phases' add up to 141 min; a plan lasts from 5 to 120 minutes",
    ),
    (
        "short",
        lambda p: replace(p, phases=(*p.phases[:2], replace(p.phases[-1], seconds=59))),
        "phases",
        None,
        "'phases' add up to 2 min 59 s",
    ),
    ("checkin", lambda p: replace(p, checkin_minutes=21), "checkin_minutes", None, "1 to 20"),
    ("checkin", lambda p: replace(p, checkin_minutes=True), "checkin_minutes", None, "true"),
    ("towel", lambda p: replace(p, towel_minutes=0), "towel_minutes", None, "1 to 15, not 0"),
    ("loud", lambda p: replace(p, mix=(("rain", 1.5),)), "mix", None, "of 'rain' must be"),
    ("nan", lambda p: replace(p, mix=(("rain", math.nan),)), "mix", None, "not NaN"),
    ("inf", lambda p: replace(p, mix=(("rain", math.inf),)), "mix", None, "not Infinity"),
    ("bool", lambda p: replace(p, mix=(("rain", True),)), "mix", None, "not true"),
    ("twice", lambda p: replace(p, mix=(("a", 1), ("a", 1))), "mix", None, "'a' is named twice"),
    ("sound", lambda p: replace(p, mix=(("Rain!", 1),)), "mix", None, "'sound' must be a"),
    ("many", lambda p: replace(p, mix=tuple((f"s{n}", 1) for n in range(17))), "mix", None, "17"),
    (
        "ambience",
        lambda p: _with_phase(p, 4, ambience=PhaseAmbience()),
        "ambience",
        4,
        "phase 5: 'ambience': needs 'sounds', a 'volume' or both",
    ),
    (
        "ambience loud",
        lambda p: _with_phase(p, 4, ambience=PhaseAmbience(volume=2)),
        "ambience",
        4,
        "phase 5: 'ambience': 'volume' must be a number from 0 to 1, not 2",
    ),
    (
        "abrupt",
        lambda p: _with_phase(p, 4, ambience=PhaseAmbience(volume=1, fade_seconds=0.4)),
        "ambience",
        4,
        "'fade_seconds' must be a number from 0.5 to 120, not 0.4",
    ),
    (
        "ambience twice",
        lambda p: _with_phase(p, 4, ambience=PhaseAmbience(levels=(("a", 1), ("a", 0)))),
        "ambience",
        4,
        "phase 5: 'ambience': 'sounds': 'a' is named twice",
    ),
]


@pytest.mark.parametrize(
    ("change", "field", "phase", "message"), [r[1:] for r in RULES], ids=[r[0] for r in RULES]
)
def test_each_broken_rule_is_named_with_its_field_and_phase(
    change: Change, field: str, phase: int | None, message: str
) -> None:
    problems = plan_problems(change(FULL))
    assert any(p.field == field and p.phase == phase for p in problems), problems
    with pytest.raises(PlanError, match=message) as refused:
        validate_plan(change(FULL))
    assert refused.value.problems == tuple(problems)


def test_the_limits_themselves_are_allowed() -> None:
    plan = _with_phase(
        replace(FULL, title="t" * 100, description="line\n" * 100, checkin_minutes=20),
        KNEAD,
        seconds=60,
        note="n" * MAX_NOTE_CHARS,
        ambience=PhaseAmbience(volume=0, fade_seconds=120),
    )
    plan = replace(plan, mix=tuple((f"sound-{n}", n / MAX_MIX_SOUNDS) for n in range(16)))
    assert plan_problems(plan) == []


def test_every_problem_is_named_at_once_joined_in_one_line() -> None:
    plan = _with_phase(replace(FULL, title="", towel_minutes=99), KNEAD, seconds=20)
    with pytest.raises(PlanError) as refused:
        validate_plan(plan)
    problems = refused.value.problems
    assert [(p.field, p.phase) for p in problems] == [
        ("title", None),
        ("towel_minutes", None),
        ("seconds", KNEAD),
    ]
    assert str(refused.value) == "; ".join(p.message for p in problems)
    assert "\n" not in str(refused.value)


def test_a_file_with_several_broken_rules_names_them_all() -> None:
    data = _file(title="", phases__2__seconds=5, phases__3__sides=True, mix__0__volume=3)
    data["phases"][0]["kind"] = "closing"
    with pytest.raises(PlanError) as refused:
        plan_from_dict(data)
    assert {(p.field, p.phase) for p in refused.value.problems} == {
        ("title", None),
        ("mix", None),
        ("seconds", 2),
        ("kind", 0),
    }


def test_a_plan_of_200000_phases_is_refused_in_well_under_a_second() -> None:
    data = plan_to_dict(CLASSIC) | {"phases": [{}] * 200_000}
    text = json.dumps(data)
    start = time.perf_counter()
    with pytest.raises(PlanError, match="'phases' has 200000 phases; a plan has from 1 to 40"):
        plan_from_json(text)
    assert time.perf_counter() - start < 0.5


@pytest.mark.parametrize("field", ["title", "mix", "phases"])
def test_a_file_nested_100000_deep_is_refused_in_well_under_a_second(field: str) -> None:
    text = json.dumps(plan_to_dict(CLASSIC) | {field: "X"})
    deep = text.replace('"X"', "[" * 100_000 + "]" * 100_000)
    start = time.perf_counter()
    with pytest.raises(PlanError, match="nested more than 32 levels deep"):
        plan_from_json(deep)
    assert time.perf_counter() - start < 0.5


def test_a_value_nested_100000_deep_handed_over_as_a_dict_is_refused_in_plain_words() -> None:
    deep: list[Any] = []
    for _ in range(100_000):
        deep = [deep]
    for field in ("title", "id", "description", "checkin_minutes"):
        with pytest.raises(PlanError, match=f"'{field}' .*, not a list"):
            plan_from_dict(plan_to_dict(CLASSIC) | {field: deep})


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({k: v for k, v in plan_to_dict(CLASSIC).items() if k != "position"}, "'position' must"),
        ({k: v for k, v in plan_to_dict(CLASSIC).items() if k != "title"}, "'title' must be t"),
        (_file(phases__2={"area": "full-back", "seconds": 60}), "phase 3: 'kind' must be one"),
        (_file(mix=[{"volume": 1}]), "'mix': 'sound' must be a sound's id .*not null"),
        (plan_to_dict(CLASSIC) | {7: "seven"}, "unknown field '7'"),
    ],
)
def test_a_missing_field_is_named(data: dict[str, Any], message: str) -> None:
    with pytest.raises(PlanError, match=message):
        plan_from_dict(data)


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (
            lambda p: _with_phase(p, 0, sides=True),
            "Only kneading, strokes and pressure, and the neck can be worked one side at a time.",
        ),
        (lambda p: replace(p, title=" "), "Give it a name."),
        (lambda p: replace(p, title="t" * 101), "Shorten the name to 100 characters; it has 101."),
        (
            lambda p: _with_phase(p, KNEAD, area=Area.FULL_BACK),
            "Kneading works one section: choose the shoulders, the upper back or the lower back.",
        ),
        (
            lambda p: _with_phase(p, 7, area=Area.SHOULDERS),
            "This phase is for the neck alone: choose the neck.",
        ),
        (
            lambda p: _with_phase(p, KNEAD, seconds=40),
            "Worked one side at a time, it needs at least 1:00, 0:30 for each side.",
        ),
        (lambda p: _with_phase(p, 2, seconds=29), "Make it last from 0:30 to 1:00:00."),
        (
            lambda p: replace(p, phases=(*p.phases[:2], replace(p.phases[-1], seconds=59))),
            "The phases add up to 2:59; a plan lasts from 5 to 120 minutes.",
        ),
        (
            lambda p: _with_phase(p, 0, kind=PhaseKind.EFFLEURAGE),
            "A plan starts by settling the recipient: make this phase “Settle in”.",
        ),
        (
            lambda p: _with_phase(p, 1, kind=PhaseKind.SETTLE),
            "Warm the oil before the hands go on: put “Warm the oil” before this phase.",
        ),
        (
            lambda p: replace(p, checkin_minutes=21),
            "Check in every 1 to 20 min, or as in Settings.",
        ),
    ],
)
def test_each_problem_is_also_said_in_the_editors_words(change: Change, said: str) -> None:
    problems = plan_problems(change(FULL))
    assert said in [problem.said for problem in problems]


def test_check_plan_names_the_fields_as_the_file_has_them_never_the_editors_words() -> None:
    plan = _with_phase(replace(FULL, title=""), 0, sides=True)
    with pytest.raises(PlanError) as refused:
        validate_plan(plan)
    said = str(refused.value)  # what `lull check-plan` prints
    assert "'title' must not be empty" in said and "phase 1: 'sides' is only for" in said
    assert all(problem.said not in said for problem in refused.value.problems)
