"""Any valid plan survives its file unchanged; any valid plan with a rule broken is refused,
naming the field, and said in plain words for the editor too."""

from __future__ import annotations

import math
import re
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from app.core.plan import (
    BUILT_IN_PLANS,
    CHECKIN_MINUTES,
    MAX_NOTE_CHARS,
    MAX_PHASES,
    MAX_PLAN_MINUTES,
    MIN_PHASE_SECONDS,
    MIN_PLAN_MINUTES,
    SIDED_KINDS,
    TOWEL_MINUTES,
    Area,
    Levels,
    Phase,
    PhaseAmbience,
    PhaseKind,
    Plan,
    PlanError,
    Position,
    areas_for,
)
from app.core.plan_book import PlanBook
from app.core.plan_file import plan_from_json, plan_to_json
from app.core.plan_rules import FADE_SECONDS, MAX_MIX_SOUNDS, plan_problems, validate_plan

ONE_LINE = st.characters(exclude_categories=("Cc", "Zl", "Zp", "Cs"))
slugs = st.from_regex(r"[a-z0-9]{1,12}(-[a-z0-9]{1,12}){0,3}", fullmatch=True)
# The catalogue's, an imported sound's (its title and a hash), and any: drawing slugs is slow.
sound_ids = st.sampled_from(["river", "rain", "ocean", "soft-music", "my-song-01a2b3c4d5"]) | slugs
volumes = st.floats(0, 1) | st.sampled_from([0, 1])
levels: st.SearchStrategy[Levels] = st.lists(
    st.tuples(sound_ids, volumes), max_size=MAX_MIX_SOUNDS, unique_by=lambda level: level[0]
).map(tuple)
ambiences = st.builds(
    PhaseAmbience,
    levels=st.none() | levels,
    volume=st.none() | volumes,
    fade_seconds=st.floats(*FADE_SECONDS) | st.just(8.0),
).filter(lambda a: a.levels is not None or a.volume is not None)


@st.composite
def phases(draw: st.DrawFn, kind: PhaseKind, most_seconds: int) -> Phase:
    area = draw(st.sampled_from(areas_for(kind)))
    seconds = draw(st.integers(MIN_PHASE_SECONDS, most_seconds))
    sided = kind in SIDED_KINDS and seconds >= 2 * MIN_PHASE_SECONDS
    return Phase(
        kind=kind,
        area=area,
        seconds=seconds,
        sides=draw(st.booleans()) if sided else False,
        note=draw(st.just("") | st.text(ONE_LINE, max_size=MAX_NOTE_CHARS)),
        ambience=draw(st.none() | ambiences),
    )


@st.composite
def valid_plans(draw: st.DrawFn, room: int = 0) -> Plan:
    """Settle, warm the oil, any phases, close: 5 to 120 minutes, with every optional field;
    `room` for that many phases more."""
    middle = draw(st.lists(st.sampled_from(PhaseKind), max_size=MAX_PHASES - 3 - room))
    kinds = [PhaseKind.SETTLE, PhaseKind.WARM_OIL, *middle, PhaseKind.CLOSING]
    most = min(3600, MAX_PLAN_MINUTES * 60 // len(kinds))
    drawn = [draw(phases(kind, most)) for kind in kinds]
    short = MIN_PLAN_MINUTES * 60 - sum(phase.seconds for phase in drawn)
    if short > 0:  # the closing strokes take what the plan lacks of its shortest length
        drawn[-1] = replace(drawn[-1], seconds=drawn[-1].seconds + short)
    return Plan(
        id=draw(slugs),
        title=draw(st.text(ONE_LINE, min_size=1, max_size=100).filter(str.strip)),
        position=draw(st.sampled_from(Position)),
        phases=tuple(drawn),
        description=draw(st.text(st.sampled_from("\n") | ONE_LINE, max_size=500)),
        checkin_minutes=draw(st.none() | st.integers(*CHECKIN_MINUTES)),
        towel_minutes=draw(st.none() | st.integers(*TOWEL_MINUTES)),
        mix=draw(levels),
    )


@settings(max_examples=150)
@given(plan=valid_plans())
def test_any_valid_plan_survives_its_file_unchanged(plan: Plan) -> None:
    assert plan_problems(plan) == []
    assert plan_from_json(plan_to_json(plan)) == plan


@settings(max_examples=60, deadline=None)
@given(plan=valid_plans())
def test_any_valid_plan_survives_save_load_export_and_import_unchanged(plan: Plan) -> None:
    """Through the plan book, as the window and `lull plans` keep and share plans: what is
    kept is the plan (its title trimmed, an id of the book's choosing, never a built-in's),
    and each step after gives back exactly that."""
    assume(all(plan.title.strip().casefold() != p.title.casefold() for p in BUILT_IN_PLANS))
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        kept = PlanBook(root / "mine").save(plan)
        assert kept == replace(plan, id=kept.id, title=plan.title.strip())
        assert kept.id not in {p.id for p in BUILT_IN_PLANS}  # its id is the book's to give
        (loaded,) = PlanBook(root / "mine").load()
        assert loaded == kept
        PlanBook(root / "mine").export(loaded, root / "shared.json")
        imported = PlanBook(root / "friend").import_file(root / "shared.json")
        assert imported == kept


def _phase(plan: Plan, index: int, **changes: Any) -> Plan:
    """The plan with one phase changed; `index` counts from the end when negative."""
    phases = list(plan.phases)
    phases[index] = replace(phases[index], **changes)
    return replace(plan, phases=tuple(phases))


def _inserted(plan: Plan, index: int, kind: PhaseKind, seconds: int, **changes: Any) -> Plan:
    """The plan with a phase put in before `index` (its seconds shared out when too many)."""
    each = math.ceil(seconds / math.ceil(seconds / 3600))
    added = [replace(Phase(kind, Area.SHOULDERS, each), **changes)] * (seconds // each)
    return replace(plan, phases=(*plan.phases[:index], *added, *plan.phases[index:]))


Breaking = Callable[[Plan], Plan]
# Each breaks one rule of any valid plan: (the field named, the change).
BREAKINGS: dict[str, tuple[str, Breaking]] = {
    "too short a phase": ("seconds", lambda p: _phase(p, 1, seconds=MIN_PHASE_SECONDS - 1)),
    "too long a phase": ("seconds", lambda p: _phase(p, 1, seconds=3601)),
    "1e308 seconds": ("seconds", lambda p: _phase(p, 1, seconds=1e308)),
    "a knead on the full back": (
        "area",
        lambda p: _inserted(p, 2, PhaseKind.KNEAD, 60, area=Area.FULL_BACK),
    ),
    "a neck phase on the back": (
        "area",
        lambda p: _phase(p, -1, kind=PhaseKind.NECK, area=Area.SHOULDERS),
    ),
    "sides on a settle phase": ("sides", lambda p: _phase(p, 0, sides=True)),
    "sides on a 40 s phase": ("sides", lambda p: _inserted(p, 2, PhaseKind.KNEAD, 40, sides=True)),
    "sides as 1": ("sides", lambda p: _phase(p, -1, sides=1)),
    "an empty title": ("title", lambda p: replace(p, title="")),
    "a title of two lines": ("title", lambda p: replace(p, title="My\nplan")),
    "an id with spaces": ("id", lambda p: replace(p, id="my plan")),
    "a note too long": ("note", lambda p: _phase(p, 0, note="n" * (MAX_NOTE_CHARS + 1))),
    "a note of two lines": ("note", lambda p: _phase(p, -1, note="one\ntwo")),
    "no settling first": ("kind", lambda p: _phase(p, 0, kind=PhaseKind.EFFLEURAGE)),
    "no closing last": ("kind", lambda p: _phase(p, -1, kind=PhaseKind.SETTLE)),
    "no oil before the hands": ("kind", lambda p: _inserted(p, 1, PhaseKind.EFFLEURAGE, 60)),
    "over two hours": ("phases", lambda p: _inserted(p, -1, PhaseKind.EFFLEURAGE, 7200)),
    "no phases": ("phases", lambda p: replace(p, phases=())),
    "a check-in every 0 minutes": ("checkin_minutes", lambda p: replace(p, checkin_minutes=0)),
    "towels 16 minutes ahead": ("towel_minutes", lambda p: replace(p, towel_minutes=16)),
    "a volume of 1.5": ("mix", lambda p: replace(p, mix=(("rain", 1.5), *p.mix[1:]))),
    "a volume of NaN": ("mix", lambda p: replace(p, mix=(("rain", math.nan),))),
    "a duplicate mix sound": ("mix", lambda p: replace(p, mix=(*p.mix, ("x", 0.5), ("x", 1)))),
    "a sound id in capitals": ("mix", lambda p: replace(p, mix=(("Rain", 0.5),))),
    "an ambience that changes nothing": (
        "ambience",
        lambda p: _phase(p, 0, ambience=PhaseAmbience()),
    ),
    "an ambience volume of -0.1": (
        "ambience",
        lambda p: _phase(p, 0, ambience=PhaseAmbience(volume=-0.1)),
    ),
    "an abrupt ambience": (
        "ambience",
        lambda p: _phase(p, 0, ambience=PhaseAmbience(volume=1, fade_seconds=0)),
    ),
    "an endless fade": (
        "ambience",
        lambda p: _phase(p, 0, ambience=PhaseAmbience(volume=1, fade_seconds=math.inf)),
    ),
}
ROOM = 2  # for the phases the breakings put in: more than the most a plan has is another rule
# What strict JSON refuses before a field is read: the file names the number, not the field.
NOT_IN_A_FILE = {"a volume of NaN", "an endless fade"}


@settings(max_examples=60)
@given(plan=valid_plans(ROOM))
def test_any_valid_plan_with_a_rule_broken_is_refused_naming_the_field(plan: Plan) -> None:
    for name, (field, breaking) in BREAKINGS.items():
        broken = breaking(plan)
        assert field in {problem.field for problem in plan_problems(broken)}, name
        with pytest.raises(PlanError, match=f"'{field}'"):
            validate_plan(broken)
        in_the_file = f"'{field}'" if name not in NOT_IN_A_FILE else "it holds"
        with pytest.raises(PlanError, match=in_the_file):
            plan_from_json(plan_to_json(broken))


@settings(max_examples=30)
@given(plan=valid_plans(ROOM))
def test_every_problem_found_is_also_said_in_plain_words(plan: Plan) -> None:
    """What the editor shows: a sentence without the file's field names or a phase number."""
    for name, (_, breaking) in BREAKINGS.items():
        for problem in plan_problems(breaking(plan)):
            said = problem.said
            assert said and said[0].isupper() and said.endswith("."), (name, problem)
            assert not re.search(r"'[a-z_]+'|^phase \d", said), (name, problem)
