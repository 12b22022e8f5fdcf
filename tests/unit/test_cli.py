"""The command line: its verbs, and one plain line with exit 1 for anything it refuses."""

from __future__ import annotations

import importlib.abc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import lull_unprivileged

from app import __version__
from app.__main__ import main as lull_command
from app.core.plan import BUILT_IN_PLANS, built_in_plan
from app.core.plan_file import plan_from_json
from app.main import main

LULL = Path(sys.executable).with_name("lull")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        status = main(list(args))
    except SystemExit as leaving:  # argparse's --version and --help
        status = int(leaving.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--version") == (0, f"lull {__version__}\n", "")


def test_plans_lists_every_built_in_plan_as_a_table(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "plans")
    lines = out.splitlines()
    assert status == 0
    assert lines[0].split() == ["ID", "MIN", "POSITION", "KIND", "TITLE"]
    assert [line.split()[0] for line in lines[1:]] == [plan.id for plan in BUILT_IN_PLANS]
    assert "classic           30  lying     built-in  Classic back massage" in lines


def test_plans_json_gives_id_title_and_minutes(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "plans", "--json")
    rows = json.loads(out)
    assert status == 0
    assert [(row["id"], row["minutes"]) for row in rows] == [
        ("shoulders-neck", 10),
        ("seated", 15),
        ("classic", 30),
        ("deep", 60),
    ]
    assert all(row["title"] for row in rows)


def test_plans_show_prints_a_plan_file_that_loads_back(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(capsys, "plans", "--show", "deep")
    assert status == 0
    assert plan_from_json(out) == built_in_plan("deep")


def test_check_plan_accepts_a_valid_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "seated.json"
    path.write_text(run(capsys, "plans", "--show", "seated")[1], encoding="utf-8")
    status, out, _ = run(capsys, "check-plan", str(path))
    assert status == 0
    assert "a valid plan, 'Seated, on a chair', 15 minutes" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["plans", "--show", "nope"], "lull: there is no plan called 'nope'"),
        (["check-plan", "/no/such/file.json"], "lull: there is no file at /no/such/file.json"),
        (["--minutes", "200"], "lull: argument --minutes: a session lasts from 5 to 120"),
        (["--minutes", "ten"], "lull: argument --minutes: 'ten' is not a whole number"),
        (["--speed", "-1"], "lull: argument --speed: the speed must be from 0.1 to 10000"),
        # Slower, its timers overflowed ("Something went wrong"); faster, nothing can be heard.
        (["--speed", "0.00001"], "lull: argument --speed: the speed must be from 0.1 to 10000"),
        (["--speed", "10001"], "lull: argument --speed: the speed must be from 0.1 to 10000"),
        (["--plan", "nope"], "lull: there is no plan called 'nope'"),
        (["frobnicate"], "lull: argument COMMAND: invalid choice: 'frobnicate'"),
        (["--bogus"], "lull: unrecognized arguments: --bogus"),
    ],
)
def test_bad_input_gets_one_line_and_exit_1(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    status, out, err = run(capsys, *args)
    assert status == 1
    assert err.startswith(message)
    assert err.count("\n") == 1
    assert out == ""


@pytest.mark.parametrize(
    "args", [["plans", "--show", "a" * 100_000], ["--sounds", "b" * 5_000], ["--plan", "c" * 5_000]]
)
def test_what_was_typed_is_said_back_shortened_not_whole(
    capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    """An attacker's 100,000-character plan name came back as a 100 kB "line"."""
    status, out, err = run(capsys, *args)
    assert (status, out) == (1, "")
    assert err.count("\n") == 1 and len(err) < 300
    typed = args[-1]
    assert f"{typed[:40]}" in err and "…" in err  # its start, and where the rest was left out


VERBS = [["plans"], ["sounds"], ["sounds", "add", "/etc/hostname"], ["people"], ["doctor"]]


@pytest.mark.parametrize("verb", VERBS)
@pytest.mark.parametrize("after", [False, True])
def test_an_empty_data_folder_name_is_refused_not_taken_for_the_current_one(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    verb: list[str],
    after: bool,
) -> None:
    monkeypatch.chdir(tmp_path)
    status, out, err = run(
        capsys, *([*verb, "--data-dir", ""] if after else ["--data-dir", "", *verb])
    )
    assert (status, out) == (1, "")
    assert err == "lull: argument --data-dir: a folder is needed here, not an empty name\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("verb", VERBS)
def test_a_data_folder_path_too_long_for_lulls_files_is_refused_in_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, verb: list[str]
) -> None:
    """Even where the folder's own path fits, the files Lull keeps below it must fit too."""
    for length in (500, 4_090, 5_000):  # 500: past what SQLite opens, for data/lull.db
        folder = tmp_path / "/".join(["x" * 199] * 30)[: length - len(str(tmp_path)) - 1]
        status, out, err = run(capsys, "--data-dir", str(folder), *verb)
        assert (status, out) == (1, "")
        assert err.startswith("lull: argument --data-dir: its path is too long (")
        assert err.count("\n") == 1
    status, out, err = run(capsys, "--data-dir", str(tmp_path / ("x" * 300)), *verb)
    assert (status, out, err) == (
        1,
        "",
        "lull: argument --data-dir: a name in its path is longer than any folder's can be\n",
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("verb", VERBS)
def test_a_data_folder_that_is_a_file_is_refused_in_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, verb: list[str]
) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    for given in ("notes.txt", "notes.txt/lull"):
        status, out, err = run(capsys, "--data-dir", str(tmp_path / given), *verb)
        assert (status, out) == (1, "")
        assert (
            err == f"lull: argument --data-dir: {tmp_path / 'notes.txt'} is a file, not a folder\n"
        )
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize("verb", VERBS)
def test_a_data_folder_that_is_a_loop_of_links_is_refused_in_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, verb: list[str]
) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    status, out, err = run(capsys, "--data-dir", str(tmp_path / "a"), *verb)
    assert (status, out) == (1, "")
    assert err == f"lull: argument --data-dir: {tmp_path / 'a'} is a loop of links\n"


@pytest.mark.parametrize("verb", VERBS)
def test_a_data_folder_lull_may_not_use_is_refused_in_one_line(
    shared_folder: Path, verb: list[str]
) -> None:
    """Another user's, say: it is not Lull's to read, and nothing there is "No one yet"."""
    theirs = shared_folder / "theirs"
    theirs.mkdir(mode=0o700)
    done = lull_unprivileged("--data-dir", str(theirs), *verb)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        f"lull: argument --data-dir: {theirs} cannot be used: you may not read it\n"
    )


@pytest.mark.parametrize(
    "args",
    [["plans", "--show", ""], ["plans", "--export", "classic", ""], ["plans", "--export", "", "x"]],
)
def test_an_empty_plan_or_file_name_is_refused_by_name(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str]
) -> None:
    status, out, err = run(capsys, "--data-dir", str(tmp_path), *args)
    assert (status, out) == (1, "")
    assert err.endswith(" is needed here, not an empty name\n")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "args",
    [["check-plan", ""], ["sounds", "add", ""], ["plans", "--import", ""]],
)
def test_an_empty_file_name_is_refused_by_name(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str]
) -> None:
    status, out, err = run(capsys, "--data-dir", str(tmp_path), *args)
    assert (status, out) == (1, "")
    assert err.endswith(": a file is needed here, not an empty name\n")
    assert err.count("\n") == 1


def test_check_plan_refuses_garbage_without_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "garbage.json"
    path.write_bytes(b"\x00\xff\xfe garbage \x89PNG")
    done = subprocess.run(
        [str(LULL), "check-plan", str(path)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1
    assert done.stderr == "lull: garbage.json is not a plan file: it is not text\n"


def test_the_window_needs_a_display_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(Path.home())}
    done = subprocess.run([str(LULL)], capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode == 1
    assert done.stderr.startswith("lull: there is no graphical display")
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("verb", [["plans"], ["plans", "--json"], ["people", "--json"]])
def test_an_output_that_cannot_be_written_is_one_line_and_status_1(
    verb: list[str], tmp_path: Path
) -> None:
    """A full disk (/dev/full) under the output: no traceback, and no noise at exit."""
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [str(LULL), "--data-dir", str(tmp_path), *verb],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    assert (done.returncode, done.stderr) == (
        1,
        "lull: the output could not be written: the disk is full\n",
    )


@pytest.mark.parametrize("verb", [["people", "--json"], ["plans"], ["--version"]])
def test_a_closed_output_is_one_line_and_status_1(verb: list[str], tmp_path: Path) -> None:
    """lull people >&-: nothing could be written, and it says so rather than exit 0."""
    done = subprocess.run(
        [str(LULL), "--data-dir", str(tmp_path), *verb],
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
        preexec_fn=lambda: os.close(1),
    )
    assert (done.returncode, done.stderr) == (
        1,
        "lull: the output could not be written: the output is closed\n",
    )


class _CtrlCWhileLoading(importlib.abc.MetaPathFinder):
    """Ctrl-C as Python loads the app's main module, the moment a slow start is most exposed."""

    def find_spec(self, name: str, *_: object) -> None:
        if name == "app.main":
            raise KeyboardInterrupt
        return None


def test_ctrl_c_while_lull_loads_exits_130_in_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delitem(sys.modules, "app.main")
    monkeypatch.setattr(sys, "meta_path", [_CtrlCWhileLoading(), *sys.meta_path])
    assert lull_command() == 130
    assert capsys.readouterr().err == "lull: interrupted\n"
