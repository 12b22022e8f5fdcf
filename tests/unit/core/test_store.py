"""JSON files: atomic writes, damaged files set aside, unreadable files never replaced."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.store import JsonFile, StoreError, read_json, write_json_atomic


def test_a_missing_file_loads_as_nothing_without_a_problem(tmp_path: Path) -> None:
    loaded = read_json(tmp_path / "settings.json")
    assert (loaded.data, loaded.problem) == (None, "")


def test_a_written_file_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "settings.json"
    write_json_atomic(path, {"theme": "light", "mix": {"river": 0.5}})
    assert read_json(path).data == {"theme": "light", "mix": {"river": 0.5}}
    assert [p.name for p in path.parent.iterdir()] == ["settings.json"]  # no temporary left


@pytest.mark.parametrize("content", [b'{"theme": "da', b"\xff\xfe\x00garbage", b""])
def test_a_damaged_file_is_set_aside_with_its_bytes_and_reported(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(content)
    loaded = read_json(path)
    assert loaded.data is None
    assert "settings.json was damaged" in loaded.problem
    (aside,) = tmp_path.glob("settings.json.corrupt-*")
    assert aside.read_bytes() == content
    assert not path.exists()


def test_a_failed_write_leaves_the_old_file_whole(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    write_json_atomic(path, {"version": "old"})
    with pytest.raises(TypeError):
        write_json_atomic(path, {"bad": object()})
    assert json.loads(path.read_text()) == {"version": "old"}
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]


WRITE_PAST_THE_LIMIT = """
import resource, signal, sys
from pathlib import Path
from app.core.store import StoreError, write_json_atomic
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails, not kills
resource.setrlimit(resource.RLIMIT_FSIZE, (64, 64))
try:
    write_json_atomic(Path(sys.argv[1]), {"notes": "x" * 1000})
except StoreError as error:
    print(error)
"""


def test_a_write_the_disk_refuses_is_a_plain_error_and_keeps_the_old_file(
    tmp_path: Path,
) -> None:
    path = tmp_path / "settings.json"
    write_json_atomic(path, {"theme": "light"})
    done = subprocess.run(
        [sys.executable, "-c", WRITE_PAST_THE_LIMIT, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.strip() == "could not save settings.json: File too large"
    assert read_json(path).data == {"theme": "light"}
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]


def test_a_file_that_cannot_be_read_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.mkdir()  # reading it fails, as an unreadable file would, even for root
    document = JsonFile(path)
    assert "could not be read" in document.load().problem
    with pytest.raises(StoreError, match="was not saved"):
        document.save({"theme": "dark"})
    assert path.is_dir()


def test_a_damaged_file_set_aside_may_be_replaced(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    path.write_text("{nope")
    document = JsonFile(path)
    assert "damaged" in document.load().problem
    document.save({"minutes": 20})
    assert read_json(path).data == {"minutes": 20}
