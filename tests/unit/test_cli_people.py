"""`lull people`: the people in the database, for scripts and for a glance."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest

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
