"""What is being prepared: the plan and its length, chosen by intent; plans of one's own."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from app.core.plan import BUILT_IN_PLANS, Area, Phase, PhaseKind, built_in_plan
from app.core.preparation import Preparation
from app.core.room import Checklist, ChecklistItem


def prepared(**kwargs: object) -> Preparation:
    return Preparation(BUILT_IN_PLANS, Checklist(), **kwargs)  # type: ignore[arg-type]


def test_the_chosen_plan_starts_at_its_own_length_unless_a_length_is_given() -> None:
    assert (prepared(chosen="deep").plan.id, prepared(chosen="deep").minutes) == ("deep", 60)
    assert prepared(chosen="deep", minutes=45).prepared().total_seconds == 45 * 60


def test_an_unknown_plan_id_falls_back_to_the_first_plan() -> None:
    assert prepared(chosen="gone").plan == BUILT_IN_PLANS[0]


def test_choosing_another_plan_takes_its_length_and_tells_the_listeners() -> None:
    preparation = prepared(chosen="classic", minutes=20)
    heard: list[tuple[str, int]] = []
    preparation.subscribe(lambda: heard.append((preparation.plan.id, preparation.minutes)))
    deep = [c.plan.id for c in preparation.choices].index("deep")
    preparation.choose(deep)
    preparation.choose(deep)  # no change: nobody is told
    preparation.set_minutes(40)
    assert heard == [("deep", 60), ("deep", 40)]


def test_the_length_never_goes_below_what_the_plan_can_take_nor_past_two_hours() -> None:
    classic = built_in_plan("classic")
    knead = Phase(PhaseKind.KNEAD, Area.SHOULDERS, 60)
    long_plan = replace(classic, id="long", phases=(*classic.phases, *[knead] * 16))
    preparation = Preparation([classic, long_plan], Checklist(), chosen="long", minutes=3)
    assert preparation.minutes == preparation.shortest == long_plan.shortest_minutes
    preparation.set_minutes(500)
    assert preparation.minutes == 120


def test_a_plan_file_named_like_a_built_in_never_shadows_it(tmp_path: Path) -> None:
    mine = replace(built_in_plan("classic"), phases=built_in_plan("classic").phases[:5])
    preparation = prepared(chosen="classic", file=(mine, tmp_path / "classic.json"))
    ids = [choice.plan.id for choice in preparation.choices]
    assert ids == [*(plan.id for plan in BUILT_IN_PLANS), "classic-2"]
    assert preparation.plan.title == "Classic back massage (your file)"
    assert preparation.choice.file == tmp_path / "classic.json"
    assert built_in_plan("classic") in [choice.plan for choice in preparation.choices]


def test_opening_the_same_file_again_replaces_it_rather_than_adding_another(
    tmp_path: Path,
) -> None:
    path = tmp_path / "mine.json"
    mine = replace(built_in_plan("seated"), id="mine", title="Mine")
    preparation = prepared(chosen="classic")
    preparation.open_file(mine, path)
    preparation.open_file(replace(mine, title="Mine, edited"), path)
    assert [c.plan.title for c in preparation.choices][-1] == "Mine, edited"
    assert len(preparation.choices) == len(BUILT_IN_PLANS) + 1
    assert preparation.plan.id == "mine"


def test_what_the_room_lacks_is_the_checklist_left_to_do() -> None:
    checklist = Checklist(done=set(ChecklistItem) - {ChecklistItem.TOWELS})
    preparation = Preparation(BUILT_IN_PLANS, checklist, chosen="classic")
    assert preparation.left_to_do() == [ChecklistItem.TOWELS]


# --- plans of one's own -------------------------------------------------------------------------

CLASSIC = built_in_plan("classic")
EVENING = replace(CLASSIC, id="evening", title="Evening")


def test_a_plan_of_ones_own_is_given_at_its_own_length_to_the_second() -> None:
    settle = replace(CLASSIC.phases[0], seconds=90)  # 30:30 in all
    odd = replace(EVENING, phases=(settle, *CLASSIC.phases[1:]))
    preparation = prepared(chosen="evening", own=[odd])
    assert preparation.minutes == 30
    assert preparation.prepared().phases == odd.phases
    assert preparation.preview(preparation.index).total_seconds == 30 * 60 + 30
    preparation.set_minutes(31)
    assert preparation.prepared().total_seconds == 31 * 60


def test_ones_own_plans_shown_again_keep_the_choice_and_tell_only_of_a_change() -> None:
    preparation = prepared(chosen="evening", own=[EVENING], minutes=40)
    heard: list[str] = []
    preparation.subscribe(lambda: heard.append(preparation.plan.id))
    preparation.show_own([EVENING])
    assert heard == [] and preparation.minutes == 40
    preparation.show_own([EVENING, replace(EVENING, id="morning", title="Morning")])
    assert heard == ["evening"] and preparation.minutes == 40
    preparation.show_own([])  # deleted elsewhere: the first plan, at its length
    assert preparation.plan == BUILT_IN_PLANS[0]


def test_a_plan_from_a_file_never_shares_an_id_with_ones_own_plans(tmp_path: Path) -> None:
    path = tmp_path / "evening.json"
    preparation = prepared(chosen="classic", file=(EVENING, path))
    assert preparation.plan.id == "evening"
    preparation.show_own([EVENING])  # the same file, dropped on the window: now one's own
    ids = [choice.plan.id for choice in preparation.choices]
    assert len(ids) == len(set(ids))
    assert preparation.choice.file == path  # the file's plan stays the one chosen
    assert preparation.plan.title == "Evening (your file)"


def test_a_long_title_and_id_made_distinct_still_fit_a_plan(tmp_path: Path) -> None:
    long = replace(CLASSIC, id="a" * 64, title="T" * 100)
    preparation = prepared(chosen="classic", own=[long], file=(long, tmp_path / "long.json"))
    copy = preparation.plan
    assert copy.id != long.id and len(copy.id) <= 64
    assert copy.title.endswith("(your file)") and len(copy.title) <= 100
