"""lull plans: the built-in plans and the user's own, listed, shown, imported and exported."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import lull_unprivileged

from app.cli import resolve_plan
from app.core.plan import BUILT_IN_PLANS, Plan, PlanError, built_in_plan
from app.core.plan_book import PLANS_FOLDER, PlanBook
from app.core.plan_file import load_plan_file, plan_from_json, plan_to_json
from app.main import main

LULL = Path(sys.executable).with_name("lull")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "lull-data"


def book_in(data_dir: Path) -> PlanBook:
    return PlanBook(data_dir / "data" / PLANS_FOLDER)


def evening(data_dir: Path) -> Plan:
    plan = replace(built_in_plan("seated"), title="Evening, slow", description="Just us.")
    return book_in(data_dir).save(plan)


def test_plans_lists_the_built_in_plans_then_the_users_with_their_kind(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    evening(data_dir)
    status, out, err = run(capsys, "--data-dir", str(data_dir), "plans")
    lines = out.splitlines()
    assert (status, err) == (0, "")
    assert lines[0].split() == ["ID", "MIN", "POSITION", "KIND", "TITLE"]
    assert [line.split()[0] for line in lines[1:]] == [
        *(plan.id for plan in BUILT_IN_PLANS),
        "evening-slow",
    ]
    assert "classic           30  lying     built-in  Classic back massage" in lines
    assert "evening-slow      15  seated    user      Evening, slow" in lines


def test_plans_json_says_each_plans_kind(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    evening(data_dir)
    rows = json.loads(run(capsys, "--data-dir", str(data_dir), "plans", "--json")[1])
    assert [(row["id"], row["kind"]) for row in rows] == [
        *((plan.id, "built-in") for plan in BUILT_IN_PLANS),
        ("evening-slow", "user"),
    ]
    assert rows[-1] == {
        "id": "evening-slow",
        "title": "Evening, slow",
        "minutes": 15,
        "position": "seated",
        "phases": len(built_in_plan("seated").phases),
        "description": "Just us.",
        "kind": "user",
    }


def test_listing_the_plans_makes_no_folder(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    assert run(capsys, "--data-dir", str(data_dir), "plans")[0] == 0
    assert run(capsys, "--data-dir", str(data_dir), "plans", "--json")[0] == 0
    assert not data_dir.exists()


def test_plans_show_prints_a_users_plan(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    plan = evening(data_dir)
    status, out, _ = run(capsys, "--data-dir", str(data_dir), "plans", "--show", plan.id)
    assert status == 0
    assert plan_from_json(out) == plan


def test_a_users_plan_is_found_by_its_id_and_a_built_in_stays_first(data_dir: Path) -> None:
    plan = evening(data_dir)
    assert resolve_plan(plan.id, data_dir) == plan
    assert resolve_plan("classic", data_dir) == built_in_plan("classic")


def test_opening_ones_own_plan_by_id_reads_only_it_and_moves_nothing(data_dir: Path) -> None:
    plan = evening(data_dir)
    folder = data_dir / "data" / PLANS_FOLDER
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    before = sorted(path.name for path in folder.iterdir())
    assert resolve_plan(plan.id, data_dir) == plan
    with pytest.raises(PlanError, match="broken.json"):
        resolve_plan("broken", data_dir)
    # Set aside, and said so, by the window that reads the plans next; not by a lookup.
    assert sorted(path.name for path in folder.iterdir()) == before


def test_a_plan_found_nowhere_is_one_line(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    evening(data_dir)
    status, out, err = run(capsys, "--data-dir", str(data_dir), "plans", "--show", "nope")
    assert (status, out) == (1, "")
    assert err == "lull: there is no plan called 'nope' ('lull plans' lists them all)\n"


def test_an_imported_plan_is_said_and_listed_as_the_users(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    file = tmp_path / "deep.json"
    file.write_text(plan_to_json(built_in_plan("deep")))
    status, out, err = run(capsys, "--data-dir", str(data_dir), "plans", "--import", str(file))
    assert (status, out, err) == (0, "Imported “Deep and unhurried (2)” as deep-2.\n", "")
    rows = json.loads(run(capsys, "--data-dir", str(data_dir), "plans", "--json")[1])
    assert rows[-1]["id"] == "deep-2" and rows[-1]["kind"] == "user"


def test_an_imported_plan_naming_sounds_one_lacks_says_which_and_that_the_rest_works(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    plan = replace(
        built_in_plan("seated"),
        id="with-whales",
        title="With whales",
        mix=(("river", 0.5), ("whale-song", 0.4), ("bells", 0.2)),
    )
    file = tmp_path / "whales.json"
    file.write_text(plan_to_json(plan))
    status, out, err = run(capsys, "--data-dir", str(data_dir), "plans", "--import", str(file))
    assert (status, err) == (0, "")
    assert out.splitlines() == [
        "Imported “With whales” as with-whales.",
        "It names sounds you do not have (bells, whale-song); the rest of it works as it is.",
    ]


def test_a_file_that_is_not_a_plan_is_refused_on_import_in_one_line(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    file = tmp_path / "notes.json"
    file.write_text('{"format": "lull-plan", "version": 1}')
    status, out, err = run(capsys, "--data-dir", str(data_dir), "plans", "--import", str(file))
    assert (status, out) == (1, "")
    assert err.startswith("lull: “notes.json” could not be imported: ")
    assert err.count("\n") == 1
    assert not data_dir.exists()


def test_an_exported_plan_says_where_it_was_written(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    plan = evening(data_dir)
    file = tmp_path / "evening.json"
    status, out, err = run(
        capsys, "--data-dir", str(data_dir), "plans", "--export", plan.id, str(file)
    )
    assert (status, out, err) == (0, f"Exported “Evening, slow” to {file}.\n", "")
    assert load_plan_file(file) == plan


def test_an_export_that_cannot_be_written_is_one_line(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    file = tmp_path / "nowhere" / "deep.json"
    status, out, err = run(
        capsys, "--data-dir", str(data_dir), "plans", "--export", "deep", str(file)
    )
    assert (status, out) == (1, "")
    assert err == (
        f"lull: “Deep and unhurried” could not be exported to {file}: "
        f"there is no folder {file.parent}\n"
    )
    assert not file.parent.exists()


def test_import_and_export_at_once_is_refused_in_one_line(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    status, out, err = run(
        capsys, "plans", "--import", "a.json", "--export", "deep", str(tmp_path / "b.json")
    )
    assert (status, out) == (1, "")
    assert err.startswith("lull: argument --export: not allowed with argument --import")
    assert err.count("\n") == 1


def test_check_plan_says_which_sounds_a_valid_plan_names_that_one_lacks(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    plan = replace(built_in_plan("seated"), mix=(("rain", 0.5), ("whale-song", 0.4)))
    file = tmp_path / "whales.json"
    file.write_text(plan_to_json(plan))
    status, out, _ = run(capsys, "--data-dir", str(data_dir), "check-plan", str(file))
    assert status == 0
    assert out.splitlines() == [
        f"{file}: a valid plan, 'Seated, on a chair', 15 minutes",
        "It names sounds you do not have (whale-song); the rest of it works as it is.",
    ]


@pytest.mark.parametrize("verb", [["--show", "evening-slow"], ["--json"]])
@pytest.mark.parametrize("output", ["closed", "full"])
def test_an_output_that_cannot_take_the_users_plans_is_one_line_and_status_1(
    data_dir: Path, verb: list[str], output: str
) -> None:
    evening(data_dir)
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [str(LULL), "--data-dir", str(data_dir), "plans", *verb],
            stdout=full if output == "full" else None,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            preexec_fn=(lambda: os.close(1)) if output == "closed" else None,
        )
    reason = "the output is closed" if output == "closed" else "the disk is full"
    assert (done.returncode, done.stderr) == (
        1,
        f"lull: the output could not be written: {reason}\n",
    )


def doctors_line(capsys: pytest.CaptureFixture[str], data_dir: Path, part: str) -> str:
    main(["--data-dir", str(data_dir), "doctor"])
    out = capsys.readouterr().out
    return next(line for line in out.splitlines() if line.startswith(f"{part} "))


def test_doctor_says_where_ones_plans_are_and_names_one_it_cannot_use_moving_nothing(
    capsys: pytest.CaptureFixture[str], data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    monkeypatch.delenv("DISPLAY", raising=False)
    folder = data_dir / "data" / PLANS_FOLDER
    assert doctors_line(capsys, data_dir, "plans").split()[1] == "ok"
    evening(data_dir)
    line = doctors_line(capsys, data_dir, "plans")
    assert line.split()[1] == "ok" and line.endswith(f"1 in {folder}")
    (folder / "broken.json").write_text("null", encoding="utf-8")
    before = sorted(path.name for path in folder.iterdir())
    line = doctors_line(capsys, data_dir, "plans")
    assert line.split()[1] == "note" and "broken.json (broken.json is not a plan file" in line
    assert sorted(path.name for path in folder.iterdir()) == before
    past = time.time() - 60  # not a copy still under way: left so
    os.utime(folder / "broken.json", (past, past))
    PlanBook(folder).load()  # the window sets it aside; the doctor then lists it with the rest
    assert str(folder) in doctors_line(capsys, data_dir, "damaged")


def test_showing_a_plan_says_one_line_whatever_else_the_folder_holds(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    plan = evening(data_dir)
    folder = data_dir / "data" / PLANS_FOLDER
    (folder / "broken.json").write_text("{oops", encoding="utf-8")
    status, out, err = run(capsys, "--data-dir", str(data_dir), "plans", "--show", "nope")
    assert (status, out) == (1, "") and len(err.splitlines()) == 1
    status, out, err = run(capsys, "--data-dir", str(data_dir), "plans", "--show", plan.id)
    assert (status, err) == (0, "") and plan_from_json(out) == plan
    assert (folder / "broken.json").exists()  # set aside, and said, by a listing


def test_a_failure_naming_an_odd_file_is_still_one_line_and_sends_the_terminal_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    odd = tmp_path / "no\nsuch\x1b[31m.json"
    status, out, err = run(capsys, "check-plan", str(odd))
    assert (status, out) == (1, "")
    assert len(err.splitlines()) == 1 and "\x1b" not in err
    assert "no\\nsuch\\x1b[31m.json" in err


def test_an_export_never_writes_over_ones_own_plans_nor_a_file_it_may_not_write(
    capsys: pytest.CaptureFixture[str], data_dir: Path, shared_folder: Path
) -> None:
    plan = evening(data_dir)
    folder = data_dir / "data" / PLANS_FOLDER
    before = (folder / f"{plan.id}.json").read_bytes()
    target = str(folder / f"{plan.id}.json")
    status, _, err = run(
        capsys, "--data-dir", str(data_dir), "plans", "--export", "classic", target
    )
    assert status == 1 and "that is where Lull keeps your plans" in err
    assert (folder / f"{plan.id}.json").read_bytes() == before
    theirs = shared_folder / "theirs.json"
    theirs.write_text("{}", encoding="utf-8")
    theirs.chmod(0o444)
    done = lull_unprivileged(
        "plans",
        "--export",
        "classic",
        str(theirs),
        env={**os.environ, "HOME": str(shared_folder)},
        cwd=Path(__file__).parents[2],
    )
    assert done.returncode == 1 and "not allowed to write over it" in done.stderr
    assert theirs.read_text(encoding="utf-8") == "{}"


def test_doctor_says_when_the_plans_folder_cannot_be_read(
    capsys: pytest.CaptureFixture[str], data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    monkeypatch.delenv("DISPLAY", raising=False)
    (data_dir / "data").mkdir(parents=True)
    (data_dir / "data" / PLANS_FOLDER).write_text("not a folder", encoding="utf-8")
    line = doctors_line(capsys, data_dir, "plans")
    assert line.split()[1] == "problem" and "cannot be read" in line


def test_a_plan_name_longer_than_any_file_name_is_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--plan", "b" * 300]) == 1
    said = capsys.readouterr().err.strip().splitlines()
    assert len(said) == 1 and "file name too long" in said[0] and "Traceback" not in said[0]


def test_listing_the_plans_tells_of_one_written_just_now_that_is_no_plan(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    # Written a moment ago, a damaged plan is left to settle (a copy may be under way), and the
    # listing said nothing of it at all (a new user's missing comma).
    folder = data_dir / "data" / PLANS_FOLDER
    folder.mkdir(parents=True)
    (folder / "mine.json").write_text('{"version": 1 "title": "Mine"}', encoding="utf-8")
    status, out, err = run(capsys, "--data-dir", str(data_dir), "plans")
    assert status == 0 and "classic" in out
    assert err.startswith("lull: Your plan file mine.json could not be used (")
    assert "a comma is missing at line 1" in err
    assert err.rstrip().endswith("; written just now, it is left as it is.")
    assert sorted(path.name for path in folder.iterdir()) == ["mine.json"]
