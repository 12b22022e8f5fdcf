"""`lull people`: the people in the database, for scripts and for a glance."""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from conftest import lull_unprivileged

from app.core.database import Database
from app.core.people import Concern, Firmness, GoEasy, PeopleBook, Person, SafetyCheck
from app.core.plan import Area, Position
from app.main import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def add_people(data_dir: Path) -> None:
    book = PeopleBook(Database.open(data_dir / "data" / "lull.db"))
    book.save(
        Person(
            "Sam",
            focus=frozenset({Area.NECK, Area.SHOULDERS}),
            go_easy=(GoEasy(Area.SHOULDERS, "sore left shoulder"),),
            safety=SafetyCheck(date(2026, 11, 2), frozenset({Concern.RASH})),
        )
    )
    book.save(Person("Alexandra-Marie", position=Position.SEATED, firmness=Firmness.FIRM))


def test_people_are_listed_by_name_with_their_preferences(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_people(tmp_path)
    status, out, err = run(capsys, "--data-dir", str(tmp_path), "people")
    assert (status, err) == (0, "")
    assert [line.split() for line in out.splitlines()] == [
        ["NAME", "POSITION", "PRESSURE", "SESSIONS", "FOCUS"],
        ["Alexandra-Marie", "seated", "firm", "0", "-"],
        ["Sam", "lying", "medium", "0", "shoulders,", "neck"],
    ]


def test_people_as_json_carry_everything_a_script_needs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_people(tmp_path)
    status, out, _ = run(capsys, "--data-dir", str(tmp_path), "people", "--json")
    sam = next(row for row in json.loads(out) if row["name"] == "Sam")
    assert status == 0
    assert sam == {  # as "Export my data" writes a person, and how many sessions they had
        "id": sam["id"],
        "name": "Sam",
        "position": "lying",
        "firmness": "medium",
        "focus": ["shoulders", "neck"],
        "go_easy": [{"area": "shoulders", "note": "sore left shoulder"}],
        "chronic_back_pain": False,
        "safety_check": {"asked_on": "2026-11-02", "applies": ["rash"]},
        "sessions": 0,
    }


def test_a_short_name_keeps_the_columns_under_their_headings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    PeopleBook(Database.open(tmp_path / "data" / "lull.db")).save(Person("Jo"))
    header, row = run(capsys, "--data-dir", str(tmp_path), "people")[1].splitlines()
    assert header.index("POSITION") == row.index("lying")
    assert header.index("SESSIONS") + len("SESSIONS") == row.index("0") + 1


def test_no_one_yet_makes_no_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--data-dir", str(tmp_path), "people")
    assert status == 0
    assert out.startswith("No one yet")
    assert run(capsys, "--data-dir", str(tmp_path), "people", "--json")[1] == "[]\n"
    assert not (tmp_path / "data").exists()


def test_a_damaged_database_is_said_in_one_line_and_set_aside(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "lull.db").write_bytes(b"not a database at all" * 100)
    status, out, err = run(capsys, "--data-dir", str(tmp_path), "people")
    assert status == 0
    assert out.startswith("No one yet")
    assert err.startswith("lull: Your history could not be read")
    assert len(err.splitlines()) == 1
    assert list((tmp_path / "data").glob("lull.db.corrupt-*"))


def doctor_says(capsys: pytest.CaptureFixture[str], data_dir: Path) -> tuple[int, str, str]:
    status, out, _ = run(capsys, "--data-dir", str(data_dir), "doctor")
    line = next(line for line in out.splitlines() if line.startswith("history "))
    return status, line.split()[1], line


@pytest.fixture
def quiet_doctor(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)


@pytest.mark.usefixtures("quiet_doctor")
def test_doctor_counts_the_people_and_sessions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert doctor_says(capsys, tmp_path)[1:] == (
        "ok",
        "history    ok       none yet: it begins with the first person or session",
    )
    add_people(tmp_path)
    status, word, line = doctor_says(capsys, tmp_path)
    assert (status, word) == (0, "ok")
    assert line.endswith("lull.db: 2 people, 0 sessions")


@pytest.mark.usefixtures("quiet_doctor")
def test_doctor_looks_at_a_damaged_database_without_moving_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "data").mkdir()
    damaged = b"SQLite format 3\x00" + b"\xff" * 5000
    (tmp_path / "data" / "lull.db").write_bytes(damaged)
    status, word, line = doctor_says(capsys, tmp_path)
    assert (status, word) == (0, "note")
    assert "Lull will set it aside and start a new one" in line
    assert (tmp_path / "data" / "lull.db").read_bytes() == damaged
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == ["lull.db"]


@pytest.mark.usefixtures("quiet_doctor")
def test_doctor_says_a_newer_lulls_database_is_only_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_people(tmp_path)
    with sqlite3.connect(tmp_path / "data" / "lull.db") as newer:
        newer.execute("PRAGMA user_version = 99")
    newer.close()
    status, word, line = doctor_says(capsys, tmp_path)
    assert (status, word) == (0, "note")
    assert line.endswith("it was written by a newer Lull, so it is only read")


def test_a_person_this_lull_cannot_read_is_left_out_said_and_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_people(tmp_path)
    with sqlite3.connect(tmp_path / "data" / "lull.db") as edited:  # by hand, or a newer Lull
        edited.execute("UPDATE people SET position = 'upside-down' WHERE name = 'Sam'")
    edited.close()
    status, out, err = run(capsys, "--data-dir", str(tmp_path), "people")
    assert status == 0
    assert [line.split()[0] for line in out.splitlines()] == ["NAME", "Alexandra-Marie"]
    assert err.startswith("lull: The details of Sam could not be read")
    assert len(err.splitlines()) == 1
    with sqlite3.connect(tmp_path / "data" / "lull.db") as kept:
        assert kept.execute("SELECT position FROM people WHERE name = 'Sam'").fetchone() == (
            "upside-down",
        )
    kept.close()


def a_database_of_another_program(data_dir: Path) -> Path:
    path = data_dir / "data" / "lull.db"
    path.parent.mkdir()
    made = sqlite3.connect(path)
    made.executescript("CREATE TABLE foo (x); PRAGMA user_version = 1;")
    made.close()
    return path


def test_a_database_of_another_program_is_said_in_one_line_and_set_aside(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a_database_of_another_program(tmp_path)
    status, out, err = run(capsys, "--data-dir", str(tmp_path), "people")
    assert status == 0
    assert out.startswith("No one yet")
    assert err.startswith("lull: Your history could not be read (it holds tables that are not")
    assert len(err.splitlines()) == 1
    assert list((tmp_path / "data").glob("lull.db.corrupt-*"))


@pytest.mark.usefixtures("quiet_doctor")
def test_doctor_says_a_database_of_another_program_is_to_be_set_aside(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a_database_of_another_program(tmp_path)
    status, word, line = doctor_says(capsys, tmp_path)
    assert (status, word) == (0, "note")
    assert line.endswith(
        "it holds tables that are not Lull's; Lull will set it aside and start a new one"
    )


def test_people_in_a_read_only_database_are_listed_and_nothing_written(
    shared_folder: Path,
) -> None:
    database = Database.open(shared_folder / "data" / "lull.db")
    PeopleBook(database).save(Person("Sam"))
    database.close()
    folder = shared_folder / "data"
    (folder / "lull.db").chmod(0o444)
    folder.chmod(0o777)
    before = sorted(folder.iterdir())
    done = lull_unprivileged("--data-dir", str(shared_folder), "people")
    assert done.returncode == 0, done.stderr
    assert [line.split()[0] for line in done.stdout.splitlines()] == ["NAME", "Sam"]
    assert done.stderr == "lull: Your history is only read: the file is read-only.\n"
    assert sorted(folder.iterdir()) == before


@pytest.mark.usefixtures("quiet_doctor")
@pytest.mark.parametrize("mode", [0o600, 0o444])
def test_doctor_makes_nothing_beside_the_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], mode: int
) -> None:
    database = Database.open(tmp_path / "data" / "lull.db")
    PeopleBook(database).save(Person("Sam"))
    database.close()
    (tmp_path / "data" / "lull.db").chmod(mode)
    before = sorted((p.name, p.stat().st_mode) for p in (tmp_path / "data").iterdir())
    status, word, line = doctor_says(capsys, tmp_path)
    assert (status, word) == (0, "ok") and line.endswith("lull.db: 1 person, 0 sessions")
    assert sorted((p.name, p.stat().st_mode) for p in (tmp_path / "data").iterdir()) == before


@pytest.mark.parametrize("name", ["Sam\nEvil\x1b[31m", "x" * 5_000_000])
def test_a_name_checked_would_refuse_is_left_out_not_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    add_people(tmp_path)
    with sqlite3.connect(tmp_path / "data" / "lull.db") as edited:
        edited.execute("UPDATE people SET name = ? WHERE name = 'Sam'", (name,))
    edited.close()
    status, out, err = run(capsys, "--data-dir", str(tmp_path), "people")
    assert status == 0
    assert [line.split()[0] for line in out.splitlines()] == ["NAME", "Alexandra-Marie"]
    assert err.startswith("lull: The details of someone (number ")
    assert len(err.splitlines()) == 1 and "\x1b" not in err


def test_people_lull_may_not_read_are_not_no_one(shared_folder: Path) -> None:
    """The folders another user keeps (XDG_DATA_HOME pointing there): "could not be read", not
    "No one yet"; and lull doctor says what it cannot read, without a traceback."""
    theirs = shared_folder / "theirs"
    theirs.mkdir(mode=0o700)
    database = Database.open(theirs / "lull" / "lull.db")
    PeopleBook(database).save(Person("Sam"))
    database.close()
    env = {
        **os.environ,
        **{f"XDG_{kind}_HOME": str(theirs) for kind in ("DATA", "CONFIG", "STATE", "CACHE")},
    }

    people = lull_unprivileged("people", env=env)
    assert (people.returncode, people.stdout) == (1, "")
    assert people.stderr == "lull: your people could not be read: Lull is not allowed to read it\n"
    doctor = lull_unprivileged("doctor", env=env)
    assert doctor.returncode == 1 and "Traceback" not in doctor.stderr
    assert f"history    problem  {theirs}/lull/lull.db: cannot be read" in doctor.stdout


def test_a_history_file_lull_may_not_open_is_not_no_one(shared_folder: Path) -> None:
    """The folder readable, the file not (mode 000): not "No one yet", and nothing made."""
    database = Database.open(shared_folder / "data" / "lull.db")
    PeopleBook(database).save(Person("Sam"))
    database.close()
    (shared_folder / "data").chmod(0o777)
    (shared_folder / "data" / "lull.db").chmod(0o000)
    before = sorted((shared_folder / "data").iterdir())
    done = lull_unprivileged("--data-dir", str(shared_folder), "people")
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        f"lull: your people could not be read: {shared_folder}/data/lull.db could not be opened\n"
    )
    assert sorted((shared_folder / "data").iterdir()) == before
