"""The user's own plans, one file each in the data folder: saved, listed, renamed, deleted,
imported and exported; never in place of a built-in plan, never losing a file."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import unprivileged

from app.core.plan import (
    BUILT_IN_PLANS,
    Area,
    Phase,
    PhaseAmbience,
    PhaseKind,
    Plan,
    PlanError,
    PlanProblem,
    built_in_plan,
)
from app.core.plan_book import MAX_PLANS, PlanBook, missing_sounds, plan_id_for
from app.core.plan_file import load_plan_file, plan_to_json
from app.core.store import StoreError

CHECKOUT = Path(__file__).parents[3]


def own(title: str, base: str = "classic") -> Plan:
    return replace(built_in_plan(base), id="mine", title=title, description="")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "data" / "plans"


def listed(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


# --- saving and loading -------------------------------------------------------------------------


def test_a_saved_plan_loads_back_under_an_id_made_from_its_title(folder: Path) -> None:
    saved = PlanBook(folder).save(own("Evening, slow"))
    assert saved == replace(own("Evening, slow"), id="evening-slow")
    assert (folder / "evening-slow.json").is_file()
    assert PlanBook(folder).load() == [saved]


@pytest.mark.parametrize(
    ("title", "plan_id"),
    [
        ("Crème brûlée à deux", "creme-brulee-a-deux"),
        ("  Sunday -- long!  ", "sunday-long"),
        ("夜のマッサージ", "my-plan"),
        ("A" * 30 + " " + "b" * 30, "a" * 30 + "-" + "b" * 9),
        ("x" * 39 + " y", "x" * 39),
    ],
)
def test_an_id_is_an_ascii_slug_of_the_title_at_most_40_characters(
    title: str, plan_id: str
) -> None:
    assert plan_id_for(title) == plan_id


def test_a_new_plan_never_takes_the_id_of_a_built_in_or_of_another_plan(folder: Path) -> None:
    book = PlanBook(folder)
    assert book.save(own("Classic")).id == "classic-2"
    assert book.save(own("Classic!")).id == "classic-3"
    assert [plan.id for plan in PlanBook(folder).load()] == ["classic-2", "classic-3"]


@pytest.mark.parametrize("title", ["classic BACK massage", "Evening"])
def test_a_title_another_plan_has_is_refused_and_nothing_is_written(
    folder: Path, title: str
) -> None:
    book = PlanBook(folder)
    book.save(own("evening"))
    before = listed(folder)
    with pytest.raises(PlanError) as refused:
        book.save(own(title))
    message = f"there is a plan called “{title}” already"
    assert refused.value.problems == (PlanProblem(field="title", message=message),)
    assert listed(folder) == before


def test_a_plan_that_breaks_a_rule_is_refused_with_its_problems_and_no_folder_is_made(
    folder: Path,
) -> None:
    plan = own("Backwards")
    broken = replace(plan, phases=(*plan.phases[1:], plan.phases[0]))
    with pytest.raises(PlanError) as refused:
        PlanBook(folder).save(broken)
    assert refused.value.problems
    assert not folder.exists()


def test_saving_over_a_plan_keeps_its_id_and_may_keep_its_title(folder: Path) -> None:
    book = PlanBook(folder)
    first = book.save(own("Evening"))
    longer = replace(first, phases=(*first.phases[:-1], replace(first.phases[-1], seconds=600)))
    assert book.save(longer, replacing=first.id) == longer
    retitled = book.save(replace(longer, title="Late evening"), replacing=first.id)
    assert retitled.id == first.id
    assert PlanBook(folder).load() == [retitled]
    assert listed(folder) == [".lull.lock", "evening.json"]


def test_the_plans_are_listed_by_title_whatever_the_case(folder: Path) -> None:
    book = PlanBook(folder)
    for title in ("banana", "Cherry", "apple"):
        book.save(own(title))
    assert [plan.title for plan in PlanBook(folder).load()] == ["apple", "banana", "Cherry"]


def test_a_plan_saved_by_another_window_is_seen_before_a_title_is_given(folder: Path) -> None:
    first, second = PlanBook(folder), PlanBook(folder)
    first.load()
    second.save(own("Evening"))
    with pytest.raises(PlanError, match="already"):
        first.save(own("EVENING"))
    assert [plan.title for plan in first.plans] == ["Evening"]


def test_listing_an_empty_data_folder_makes_no_folder(folder: Path) -> None:
    book = PlanBook(folder)
    assert (book.load(), book.problems, book.folder) == ([], [], folder)
    assert not folder.parent.exists()


# --- rename and delete --------------------------------------------------------------------


def test_a_renamed_plan_keeps_its_id_and_file(folder: Path) -> None:
    book = PlanBook(folder)
    plan = book.save(own("Evening"))
    assert book.rename(plan.id, "  Morning  ") == replace(plan, title="Morning")
    assert PlanBook(folder).load() == [replace(plan, title="Morning")]


def test_renaming_onto_a_title_another_plan_has_is_refused(folder: Path) -> None:
    book = PlanBook(folder)
    plan = book.save(own("Evening"))
    book.save(own("Morning"))
    with pytest.raises(PlanError) as refused:
        book.rename(plan.id, "morning")
    assert refused.value.problems[0].field == "title"
    assert {p.title for p in PlanBook(folder).load()} == {"Evening", "Morning"}


def test_renaming_or_deleting_a_plan_another_window_deleted_says_so(folder: Path) -> None:
    book = PlanBook(folder)
    plan = book.save(own("Evening"))
    PlanBook(folder).delete(plan.id)
    with pytest.raises(PlanError, match="no longer among your plans"):
        book.rename(plan.id, "Morning")
    with pytest.raises(PlanError, match="no longer among your plans"):
        book.delete(plan.id)
    with pytest.raises(PlanError, match="built into Lull"):
        book.delete("classic")


# --- the folder as Lull finds it ----------------------------------------------------------------


def left_alone(path: Path) -> None:
    """As if written a minute ago, and not since."""
    past = time.time() - 60
    os.utime(path, (past, past))


def test_a_damaged_plan_file_is_set_aside_and_named(folder: Path) -> None:
    PlanBook(folder).save(own("Evening"))
    (folder / "broken.json").write_bytes(b'{"format": "lull-plan", ')
    (folder / "not-a-plan.json").write_text('{"colour": "blue"}')
    for name in ("broken.json", "not-a-plan.json"):
        left_alone(folder / name)
    book = PlanBook(folder)
    assert [plan.title for plan in book.load()] == ["Evening"]
    assert len(book.problems) == 2
    for name in ("broken.json", "not-a-plan.json"):
        [aside] = folder.glob(f"{name}.corrupt-*")
        [said] = [problem for problem in book.problems if f"{name} could not be used" in problem]
        assert said.startswith("Your plan file ") and aside.name in said
    assert not (folder / "broken.json").exists()
    assert next(folder.glob("broken.json.corrupt-*")).read_bytes() == b'{"format": "lull-plan", '


def test_a_plan_file_still_being_written_is_left_to_settle_then_read_whole(folder: Path) -> None:
    """A copy or a download into the folder: its first bytes are not yet a plan."""
    whole = plan_to_json(own("Slow one"))
    folder.mkdir(parents=True)
    (folder / "slow.json").write_text(whole[:200])
    book = PlanBook(folder)
    assert book.load() == []
    assert book.settling and book.problems == []
    assert sorted(path.name for path in folder.iterdir()) == ["slow.json"]  # not set aside
    (folder / "slow.json").write_text(whole)
    assert [plan.title for plan in book.load()] == ["Slow one"]
    assert not book.settling


def test_a_plan_file_left_damaged_once_it_settles_is_set_aside(folder: Path) -> None:
    folder.mkdir(parents=True)
    (folder / "slow.json").write_text('{"format": "lull-plan", ')
    book = PlanBook(folder)
    book.load()
    assert book.settling
    left_alone(folder / "slow.json")
    book.load()
    assert not book.settling
    assert [path.name.split(".corrupt-")[0] for path in folder.iterdir()] == ["slow.json"]
    assert "slow.json could not be used" in book.problems[0]


def test_a_plan_file_lull_cannot_read_is_left_as_it_is_and_named(folder: Path) -> None:
    PlanBook(folder).save(own("Evening"))
    os.mkfifo(folder / "pipe.json")
    (folder / "odd.json").mkdir()
    book = PlanBook(folder)
    started = time.monotonic()
    assert [plan.title for plan in book.load()] == ["Evening"]
    assert time.monotonic() - started < 5
    assert sorted(book.problems) == [
        "Your plan file odd.json could not be read (it is a folder); it is left as it is.",
        "Your plan file pipe.json could not be read (it is not a regular file); "
        "it is left as it is.",
    ]
    assert (folder / "pipe.json").is_fifo() and (folder / "odd.json").is_dir()


def test_a_plan_file_unreadable_in_its_place_is_never_written_over(folder: Path) -> None:
    book = PlanBook(folder)
    folder.mkdir(parents=True)
    os.mkfifo(folder / "evening.json")
    assert book.save(own("Evening")).id == "evening-2"
    assert (folder / "evening.json").is_fifo()


def test_a_plan_file_from_a_newer_lull_is_left_as_it_is(folder: Path) -> None:
    folder.mkdir(parents=True)
    newer = {**json.loads(plan_to_json(own("Evening"))), "version": 99, "moods": ["calm"]}
    (folder / "evening.json").write_text(json.dumps(newer))
    book = PlanBook(folder)
    assert book.load() == []
    assert book.problems == [
        "Your plan file evening.json was made by a newer Lull; it is left as it is."
    ]
    assert json.loads((folder / "evening.json").read_text()) == newer
    assert book.save(own("Evening")).id == "evening-2"


def test_other_files_and_unfinished_saves_are_passed_over_and_odd_names_said(
    folder: Path,
) -> None:
    PlanBook(folder).save(own("Evening"))
    (folder / "notes.txt").write_text("buy oil")
    (folder / ".evening.json.tmp-abc123").write_text("{")
    (folder / "My Plan.json").write_text(plan_to_json(own("Mine")))
    book = PlanBook(folder)
    assert [plan.title for plan in book.load()] == ["Evening"]
    assert book.problems == [
        "“My Plan.json” in your plans folder is not named like a plan (lower-case letters, "
        "digits and dashes, then .json), so it is left out."
    ]
    assert (folder / "notes.txt").exists() and (folder / "My Plan.json").exists()


def test_no_more_than_the_bound_of_plans_is_read_and_the_rest_is_said(folder: Path) -> None:
    folder.mkdir(parents=True)
    text = plan_to_json(own("Same"))
    for number in range(MAX_PLANS + 3):
        (folder / f"plan-{number:03}.json").write_text(text)
    book = PlanBook(folder)
    assert len(book.load()) == MAX_PLANS
    assert book.problems == [
        f"Your plans folder holds {MAX_PLANS + 3} plan files; Lull reads the first {MAX_PLANS}."
    ]
    assert len({plan.title for plan in book.plans}) == MAX_PLANS


def test_a_plan_file_named_like_a_built_in_never_shadows_it(folder: Path) -> None:
    folder.mkdir(parents=True)
    classic = folder / "classic.json"
    classic.write_text(plan_to_json(replace(own("My classic"), id="classic")))
    (folder / "classic-2.json").write_text(plan_to_json(own("Another")))
    (folder / "copy.json").write_text(plan_to_json(own("Classic Back Massage")))
    before = classic.read_bytes()
    book = PlanBook(folder)
    shown = {plan.id: plan.title for plan in book.load()}
    assert shown == {
        "classic-3": "My classic",
        "classic-2": "Another",
        "copy": "Classic Back Massage (2)",
    }
    assert book.problems == []
    assert classic.read_bytes() == before
    assert built_in_plan("classic") in BUILT_IN_PLANS


def test_editing_a_plan_filed_under_a_built_in_name_moves_it_to_its_own_name(
    folder: Path,
) -> None:
    folder.mkdir(parents=True)
    (folder / "classic.json").write_text(plan_to_json(replace(own("My classic"), id="classic")))
    book = PlanBook(folder)
    [plan] = book.load()
    book.save(replace(plan, title="My own classic"), replacing=plan.id)
    assert listed(folder) == [".lull.lock", "classic-2.json"]
    assert [(p.id, p.title) for p in PlanBook(folder).load()] == [("classic-2", "My own classic")]


# --- import and export --------------------------------------------------------------------------


def test_an_imported_plan_never_overwrites_one_and_gets_a_free_id_and_title(
    folder: Path, tmp_path: Path
) -> None:
    file = tmp_path / "classic.json"
    file.write_text(plan_to_json(built_in_plan("classic")))
    book = PlanBook(folder)
    first, second = book.import_file(file), book.import_file(file)
    assert (first.id, first.title) == ("classic-2", "Classic back massage (2)")
    assert (second.id, second.title) == ("classic-3", "Classic back massage (3)")
    assert first.phases == built_in_plan("classic").phases
    assert {plan.id for plan in PlanBook(folder).load()} == {"classic-2", "classic-3"}


def test_an_imported_plan_keeps_its_own_id_and_title_when_they_are_free(
    folder: Path, tmp_path: Path
) -> None:
    file = tmp_path / "from-a-friend.json"
    file.write_text(plan_to_json(replace(own("Sunday"), id="sunday-long")))
    assert PlanBook(folder).import_file(file) == replace(own("Sunday"), id="sunday-long")


def test_a_file_that_is_not_a_plan_is_refused_on_import_and_nothing_changes(
    folder: Path, tmp_path: Path
) -> None:
    PlanBook(folder).save(own("Evening"))
    before = listed(folder)
    file = tmp_path / "list.json"
    file.write_text('{"format": "lull-plan", "version": 1, "phases": []}')
    with pytest.raises(PlanError):
        PlanBook(folder).import_file(file)
    assert listed(folder) == before


def test_an_exported_plan_is_its_plan_file_and_replaces_one_there(tmp_path: Path) -> None:
    path = tmp_path / "shared" / "evening.json"
    path.parent.mkdir()
    path.write_text("an older copy")
    plan = replace(own("Evening"), id="evening")
    PlanBook(tmp_path / "plans").export(plan, path)
    assert path.read_text(encoding="utf-8") == plan_to_json(plan)
    assert load_plan_file(path) == plan
    assert listed(path.parent) == ["evening.json"]


def test_exporting_leaves_the_chosen_folder_as_it_is(tmp_path: Path) -> None:
    chosen = tmp_path / "Documents"
    chosen.mkdir()
    chosen.chmod(0o755)
    PlanBook(tmp_path / "plans").export(built_in_plan("deep"), chosen / "deep.json")
    assert stat.S_IMODE(chosen.stat().st_mode) == 0o755
    assert not (tmp_path / "plans").exists()


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda path: os.mkfifo(path), "it is not a regular file"),
        (lambda path: path.mkdir(), "there is a folder of that name"),
        (lambda path: path.symlink_to(path.parent / "nowhere" / "x.json"), "there is no folder"),
        (lambda path: None, ""),
    ],
    ids=["fifo", "folder", "link-into-no-folder", "no-folder"],
)
def test_an_export_that_cannot_land_says_why_and_leaves_nothing(
    tmp_path: Path, make: Callable[[Path], object], reason: str
) -> None:
    chosen = tmp_path / "chosen"
    chosen.mkdir()
    path = chosen / "deep.json"
    if reason:
        make(path)
    else:
        path = tmp_path / "missing" / "deep.json"
        reason = "there is no folder"
    before = listed(chosen)
    started = time.monotonic()
    with pytest.raises(StoreError) as refused:
        PlanBook(tmp_path / "plans").export(built_in_plan("deep"), path)
    assert time.monotonic() - started < 5
    assert refused.value.reason.startswith(reason)
    assert listed(chosen) == before
    assert not (tmp_path / "missing").exists()


AS_SOMEONE_ELSE = """
import sys
from dataclasses import replace
from pathlib import Path
from app.core.plan import built_in_plan
from app.core.plan_book import PlanBook
from app.core.store import StoreError

book = PlanBook(Path(sys.argv[1]))
book.load()
plan = replace(built_in_plan("classic"), id="x", title="Morning")
try:
    if sys.argv[2] == "save":
        book.save(plan)
    else:
        book.export(plan, Path(sys.argv[2]))
except StoreError as error:
    print(error.reason)
"""


def as_someone_else(*args: str) -> str:
    done = subprocess.run(
        [*unprivileged(), sys.executable, "-c", AS_SOMEONE_ELSE, *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=CHECKOUT,
    )
    assert done.stderr == ""
    return done.stdout


def test_saving_into_a_read_only_folder_says_why_and_loses_nothing(shared_folder: Path) -> None:
    folder = shared_folder / "plans"
    PlanBook(folder).save(own("Evening"))
    folder.chmod(0o555)
    (folder / "evening.json").chmod(0o644)
    before = {path.name: path.read_bytes() for path in folder.iterdir()}
    try:
        assert as_someone_else(str(folder), "save") == "Lull is not allowed to write there\n"
        assert {path.name: path.read_bytes() for path in folder.iterdir()} == before
    finally:
        folder.chmod(0o700)


def test_exporting_into_a_read_only_folder_says_why_and_leaves_it_as_it_is(
    shared_folder: Path,
) -> None:
    chosen = shared_folder / "Documents"
    chosen.mkdir()
    chosen.chmod(0o555)
    try:
        said = as_someone_else(str(shared_folder / "plans"), str(chosen / "morning.json"))
        assert said == "Lull is not allowed to write there\n"
        assert list(chosen.iterdir()) == []
        assert stat.S_IMODE(chosen.stat().st_mode) == 0o555
    finally:
        chosen.chmod(0o755)


SAVER = """
import sys
from dataclasses import replace
from pathlib import Path
from app.core.plan import built_in_plan
from app.core.plan_book import PlanBook

book = PlanBook(Path(sys.argv[1]))
for number in range(20):
    book.save(replace(built_in_plan("classic"), title=f"Evening {number}{sys.argv[2]}"))
"""


def test_two_processes_saving_plans_at_once_keep_them_all(folder: Path) -> None:
    """Their titles differ, their ids would not ("evening-3" for both): each is kept."""
    savers = [
        subprocess.Popen(
            [sys.executable, "-c", SAVER, str(folder), ending],
            stderr=subprocess.PIPE,
            text=True,
            cwd=CHECKOUT,
        )
        for ending in ("", "!")
    ]
    errors = [saver.communicate(timeout=60)[1] for saver in savers]
    assert [saver.returncode for saver in savers] == [0, 0], errors
    titles = {plan.title for plan in PlanBook(folder).load()}
    assert titles == {f"Evening {n}{ending}" for ending in ("", "!") for n in range(20)}


# --- sounds -------------------------------------------------------------------------------------


def test_the_sounds_a_plan_names_that_the_user_lacks_are_listed_in_order() -> None:
    phases = own("Evening").phases
    plan = replace(
        own("Evening"),
        mix=(("river", 0.5), ("whale-song", 0.3)),
        phases=(
            *phases[:-1],
            Phase(
                PhaseKind.CLOSING,
                Area.FULL_BACK,
                180,
                ambience=PhaseAmbience(levels=(("bells", 0.4), ("river", 0.2))),
            ),
        ),
    )
    assert missing_sounds(plan, {"river", "rain"}) == ["bells", "whale-song"]
    assert missing_sounds(plan, {"river", "bells", "whale-song"}) == []


def test_a_folder_lull_can_write_but_not_list_gets_nothing_written_over(
    shared_folder: Path,
) -> None:
    """Unable to see what is there, Lull would take any id for free: it writes nothing."""
    folder = shared_folder / "plans"
    folder.mkdir()
    precious = folder / "x.json"
    precious.write_text(plan_to_json(replace(own("Precious"), id="x")), encoding="utf-8")
    before = precious.read_bytes()
    folder.chmod(0o333)  # others may write and enter, not list
    try:
        said = as_someone_else(str(folder), "save")
        assert said.startswith("your plans folder could not be read")
        assert precious.read_bytes() == before
    finally:
        folder.chmod(0o700)


def test_a_damaged_plan_that_is_a_link_is_moved_aside_itself_once(
    folder: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    elsewhere.chmod(0o755)
    target = elsewhere / "linked.json"
    target.write_text('{"phases": "oops"}', encoding="utf-8")
    left_alone(target)
    folder.mkdir(parents=True)
    (folder / "linked.json").symlink_to(target)
    book = PlanBook(folder)
    assert book.load() == []
    (said,) = book.problems
    assert "linked.json could not be used" in said
    assert target.read_text(encoding="utf-8") == '{"phases": "oops"}'  # not Lull's to change
    assert stat.S_IMODE(elsewhere.stat().st_mode) == 0o755
    (aside,) = [path for path in folder.iterdir() if ".corrupt-" in path.name]
    assert aside.is_symlink() and not (folder / "linked.json").exists()
    book.load()
    assert book.problems == []  # told once


def test_a_plan_file_holding_null_is_set_aside_and_said_not_taken_for_no_file(
    folder: Path,
) -> None:
    folder.mkdir(parents=True)
    (folder / "mine.json").write_text("null\n", encoding="utf-8")
    left_alone(folder / "mine.json")
    book = PlanBook(folder)
    assert book.load() == []
    assert book.problems == [
        "Your plan file mine.json could not be used (it holds null, not a plan); "
        f"it was kept as {next(p.name for p in folder.iterdir() if '.corrupt-' in p.name)}."
    ]
    null = folder / "null.json"
    null.write_text("null", encoding="utf-8")
    with pytest.raises(PlanError, match="null.json is not a plan file: it holds null"):
        load_plan_file(null)


def test_a_link_to_nothing_and_a_versioned_object_that_is_no_plan_are_set_aside_as_such(
    folder: Path, tmp_path: Path
) -> None:
    folder.mkdir(parents=True)
    (folder / "gone.json").symlink_to(tmp_path / "nowhere.json")
    (folder / "odd.json").write_text('{"version": 99}', encoding="utf-8")
    left_alone(folder / "odd.json")
    book = PlanBook(folder)
    book.load()
    said = " ".join(book.problems)
    assert "gone.json could not be used (it is a link to nothing)" in said
    assert "odd.json could not be used" in said and "newer Lull" not in said
    book.load()
    assert book.problems == []  # both moved aside: told once
