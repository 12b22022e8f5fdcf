"""The store: bounded reads, strict JSON, damaged files set aside, locked atomic writes."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.core.store import (
    LOCK_NAME,
    DamagedFile,
    JsonFile,
    StoreError,
    UnreadableFile,
    load_json,
    locked,
    make_folder,
    write_json,
)


def settings_file(path: Path) -> JsonFile:
    return JsonFile(path, title="your settings")


def test_a_missing_file_loads_as_an_empty_document_without_a_problem(tmp_path: Path) -> None:
    loaded = settings_file(tmp_path / "settings.json").load()
    assert (loaded.data, loaded.problems) == ({}, [])


def test_an_update_writes_and_the_next_load_reads_it_back(tmp_path: Path) -> None:
    document = settings_file(tmp_path / "settings.json")
    document.update(lambda data: data.update(theme="light", mix={"river": 0.5}))
    assert settings_file(tmp_path / "settings.json").load().data == {
        "theme": "light",
        "mix": {"river": 0.5},
    }


def test_an_update_keeps_every_key_it_does_not_change(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"colour": "blue", "checkin_minutes": "x", "theme": "dark"}')
    settings_file(path).update(lambda data: data.__setitem__("theme", "light"))
    assert json.loads(path.read_text()) == {
        "colour": "blue",
        "checkin_minutes": "x",
        "theme": "light",
    }


DEEP = "[" * 100_000 + "]" * 100_000


def test_a_damaged_file_is_set_aside_with_its_bytes_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(DEEP.encode())
    loaded = settings_file(path).load()
    assert loaded.data == {}
    assert len(loaded.problems) == 1
    assert loaded.problems[0].startswith("Your settings could not be used (it is nested more")
    [aside] = tmp_path.glob("settings.json.corrupt-*")
    assert aside.read_bytes() == DEEP.encode()
    assert aside.name in loaded.problems[0]
    assert not path.exists()


def test_a_file_that_is_too_large_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    with path.open("wb") as file:
        file.truncate(64 << 20)  # sparse: 64 MB of zeros that take no disk
    with pytest.raises(DamagedFile, match="over 4 MB, far too large"):
        load_json(path)


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "folder"])
def test_what_is_not_a_regular_file_is_refused_at_once_and_never_replaced(
    tmp_path: Path, kind: str
) -> None:
    path = tmp_path / "settings.json"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dev-zero":
        path.symlink_to("/dev/zero")
    else:
        path.mkdir()
    document = settings_file(path)
    started = time.monotonic()
    loaded = document.load()
    assert time.monotonic() - started < 5
    assert loaded.data == {}
    assert "could not be read" in loaded.problems[0]
    with pytest.raises(StoreError, match="not saved"):
        document.update(lambda data: data.__setitem__("theme", "light"))
    assert path.is_fifo() if kind == "fifo" else path.is_symlink() or path.is_dir()
    assert list(tmp_path.glob("settings.json.corrupt-*")) == []


def test_a_file_written_by_a_newer_lull_is_used_but_never_written(tmp_path: Path) -> None:
    path = tmp_path / "index.json"
    original = '{"version": 2, "sounds": [], "colours": true}'
    path.write_text(original)
    index = JsonFile(path, title="the list of your sounds", version=1)
    loaded = index.load()
    assert loaded.data == json.loads(original)
    assert "written by a newer Lull, so it is only read" in loaded.problems[0]
    with pytest.raises(StoreError, match="newer Lull"):
        index.update(lambda data: data.__setitem__("sounds", []))
    assert path.read_text() == original


def test_a_document_that_fails_its_check_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "index.json"
    path.write_text('{"version": 1, "sounds": "many"}')
    index = JsonFile(
        path,
        title="the list of your sounds",
        version=1,
        check=lambda data: "" if isinstance(data.get("sounds"), list) else "no list of sounds",
    )
    assert "no list of sounds" in index.load().problems[0]
    assert len(list(tmp_path.glob("index.json.corrupt-*"))) == 1


def test_a_symbolic_link_is_written_through_and_stays_a_link(tmp_path: Path) -> None:
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    (dotfiles / "lull.json").write_text('{"theme": "dark"}')
    link = tmp_path / "config" / "settings.json"
    link.parent.mkdir()
    link.symlink_to(dotfiles / "lull.json")
    settings_file(link).update(lambda data: data.__setitem__("theme", "light"))
    assert link.is_symlink()
    assert json.loads((dotfiles / "lull.json").read_text()) == {"theme": "light"}


def test_a_damaged_file_behind_a_link_is_copied_aside_and_the_link_kept(tmp_path: Path) -> None:
    target = tmp_path / "lull.json"
    target.write_text("{broken")
    link = tmp_path / "settings.json"
    link.symlink_to(target)
    document = settings_file(link)
    assert "could not be used" in document.load().problems[0]
    [aside] = tmp_path.glob("settings.json.corrupt-*")
    assert aside.read_text() == "{broken" and not aside.is_symlink()
    document.update(lambda data: data.__setitem__("theme", "light"))
    assert link.is_symlink() and json.loads(target.read_text()) == {"theme": "light"}


def test_files_are_private_and_new_folders_too(tmp_path: Path) -> None:
    path = tmp_path / "lull" / "state" / "state.json"
    settings_file(path).update(lambda data: data.__setitem__("minutes", 20))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.parent.parent.stat().st_mode) == 0o700


def test_what_a_killed_write_left_behind_is_removed_at_the_next_start(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    settings_file(path).update(lambda data: data.__setitem__("minutes", 20))
    leftover = tmp_path / ".state.json.tmp-abc123"
    leftover.write_text('{"minut')
    settings_file(path).load()
    assert sorted(p.name for p in tmp_path.iterdir()) == [LOCK_NAME, "state.json"]


WRITE_PAST_THE_LIMIT = """
import resource, signal, sys
from pathlib import Path
from app.core.store import JsonFile, StoreError
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails, not kills
resource.setrlimit(resource.RLIMIT_FSIZE, (64, 64))
try:
    JsonFile(Path(sys.argv[1]), title="your settings").update(
        lambda data: data.__setitem__("notes", "x" * 1000)
    )
except StoreError as error:
    print(error.reason)
"""


def test_a_write_the_disk_refuses_is_a_plain_error_and_keeps_the_old_file(
    tmp_path: Path,
) -> None:
    path = tmp_path / "settings.json"
    write_json(path, {"theme": "light"})
    done = subprocess.run(
        [sys.executable, "-c", WRITE_PAST_THE_LIMIT, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.strip() == "the file would be too large"
    assert load_json(path) == {"theme": "light"}
    assert sorted(p.name for p in tmp_path.iterdir()) == [LOCK_NAME, "settings.json"]


def test_a_failed_change_leaves_the_old_file_whole(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    write_json(path, {"version": "old"})
    with pytest.raises(TypeError):
        settings_file(path).update(lambda data: data.__setitem__("bad", object()))
    assert json.loads(path.read_text()) == {"version": "old"}


ADD_ONE_KEY = """
import sys
from pathlib import Path
from app.core.store import JsonFile
JsonFile(Path(sys.argv[1]), title="test").update(lambda data: data.__setitem__(sys.argv[2], 1))
"""


def test_eight_processes_writing_at_once_all_land(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    writers = [
        subprocess.Popen([sys.executable, "-c", ADD_ONE_KEY, str(path), f"key{n}"])
        for n in range(8)
    ]
    assert [writer.wait(timeout=60) for writer in writers] == [0] * 8
    assert load_json(path) == {f"key{n}": 1 for n in range(8)}


def test_an_unreadable_file_is_not_read_as_nothing(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile, match="it is a folder"):
        load_json(tmp_path)


@pytest.mark.parametrize("version", ['"1"', "1.0", "true", "null"])
def test_a_version_lull_does_not_know_is_read_only_and_said_so(
    tmp_path: Path, version: str
) -> None:
    path = tmp_path / "index.json"
    path.write_text(f'{{"version": {version}, "sounds": []}}')
    index = JsonFile(path, title="the list of your sounds", version=1)
    assert index.load().problems == [
        "The list of your sounds: index.json has a version Lull does not know, so it is only read."
    ]


def test_a_plan_sized_limit_is_said_in_kilobytes(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_bytes(b" " * 2_000_000)
    with pytest.raises(DamagedFile, match="it is over 1000 kB, far too large"):
        load_json(path, 1_000_000)


def test_a_damaged_file_behind_a_link_is_copied_aside_once(tmp_path: Path) -> None:
    target = tmp_path / "dotfiles.json"
    target.write_text("{broken")
    link = tmp_path / "config" / "settings.json"
    link.parent.mkdir()
    link.symlink_to(target)
    settings_file(link).load()
    settings_file(link).load()
    settings_file(link).update(lambda data: data.__setitem__("theme", "light"))
    assert len(list(link.parent.glob("settings.json.corrupt-*"))) == 1
    assert link.is_symlink() and json.loads(target.read_text()) == {"theme": "light"}


def test_a_link_to_something_huge_is_held_read_only_not_copied(tmp_path: Path) -> None:
    target = tmp_path / "huge"
    with target.open("wb") as file:
        file.truncate(64 << 20)
    link = tmp_path / "settings.json"
    link.symlink_to(target)
    document = settings_file(link)
    loaded = document.load()
    assert "could not be moved aside" in loaded.problems[0]
    assert list(tmp_path.glob("settings.json.corrupt-*")) == []
    with pytest.raises(StoreError, match="not saved"):
        document.update(lambda data: data.__setitem__("theme", "light"))
    assert target.stat().st_size == 64 << 20


def test_what_a_killed_write_through_a_link_left_beside_its_target_is_removed(
    tmp_path: Path,
) -> None:
    target = tmp_path / "dotfiles" / "lull.json"
    target.parent.mkdir()
    link = tmp_path / "config" / "settings.json"
    link.parent.mkdir()
    link.symlink_to(target)
    settings_file(link).update(lambda data: data.__setitem__("theme", "light"))
    leftover = target.parent / ".lull.json.tmp-x1y2"
    leftover.write_text("{")
    unrelated = target.parent / ".vimrc.tmp-keep"
    unrelated.write_text("not ours")
    settings_file(link).load()
    assert not leftover.exists() and unrelated.exists()


def test_a_folder_an_earlier_lull_left_open_is_made_private_at_the_next_save(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "lull"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    settings_file(folder / "settings.json").update(lambda data: data.__setitem__("x", 1))
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


@pytest.mark.parametrize(
    ("before", "after"), [(0o755, 0o700), (0o777, 0o700), (0o555, 0o500), (0o511, 0o500)]
)
def test_a_folder_is_only_closed_to_others_never_opened_to_writing(
    tmp_path: Path, before: int, after: int
) -> None:
    folder = tmp_path / "lull"
    folder.mkdir()
    folder.chmod(before)
    make_folder(folder)
    assert stat.S_IMODE(folder.stat().st_mode) == after
    folder.chmod(0o700)


def test_a_link_in_place_of_the_lock_makes_no_file_where_it_points(tmp_path: Path) -> None:
    folder, outside = tmp_path / "data", tmp_path / "outside" / "made-by-lull"
    folder.mkdir()
    outside.parent.mkdir()
    (folder / LOCK_NAME).symlink_to(outside)
    with locked(folder):
        pass
    assert not outside.exists()
    assert (folder / LOCK_NAME).is_file() and not (folder / LOCK_NAME).is_symlink()
