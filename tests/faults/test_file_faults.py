"""Faults found by trying Lull as a hostile or unlucky user would: each case as it was reported.

Every test here failed before the store was rebuilt (issue 15); each checks that the user's data
is unchanged or merged, that the command still answers in one line, and what it says.
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import soundfile
from conftest import unprivileged

from app.core.store import LOCK_NAME
from app.paths import AppPaths
from app.user_files import UserFiles

LULL = Path(sys.executable).with_name("lull")
WAITING_POLLS = 3  # polls 20 ms apart that find the lock file open: the add waits on the lock


def lull(
    *args: str, data: Path, timeout: float = 60, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LULL), "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        env=env,
    )


def tone(path: Path, hz: float = 330, seconds: float = 1.5) -> Path:
    wave = 0.2 * np.sin(2 * np.pi * hz * np.arange(int(44100 * seconds)) / 44100)
    soundfile.write(path, np.column_stack([wave, wave]), 44100)
    return path


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "lull-data"


def index_of(data: Path) -> dict[str, object]:
    loaded = json.loads((data / "data" / "sounds" / "index.json").read_text())
    assert isinstance(loaded, dict)
    return loaded


def stored_sounds(data: Path) -> list[str]:
    folder = data / "data" / "sounds"
    return sorted(p.name for p in folder.iterdir() if p.suffix != ".json" and p.name[0] != ".")


# --- data lost ----------------------------------------------------------------------------------


def test_an_index_that_cannot_be_read_is_never_replaced_by_an_add(
    tmp_path: Path, data: Path
) -> None:
    assert lull("sounds", "add", str(tone(tmp_path / "first.wav")), data=data).returncode == 0
    index = data / "data" / "sounds" / "index.json"
    before = index.read_bytes()
    index.rename(tmp_path / "saved-index")
    index.mkdir()  # cannot be read as a file, even by root
    done = lull("sounds", "add", str(tone(tmp_path / "second.wav", 440)), data=data)
    assert done.returncode == 1
    assert done.stderr.count("\n") <= 2 and "Traceback" not in done.stderr
    assert "could not be read" in done.stderr
    assert index.is_dir()
    index.rmdir()
    (tmp_path / "saved-index").rename(index)
    assert index.read_bytes() == before


def test_an_index_without_read_permission_is_never_replaced_by_an_add(
    shared_folder: Path,
) -> None:
    shared = shared_folder
    data = shared / "lull-data"
    assert lull("sounds", "add", str(tone(shared / "first.wav")), data=data).returncode == 0
    for folder in (data, data / "data", data / "data" / "sounds", data / "config"):
        folder.mkdir(exist_ok=True)
        folder.chmod(0o777)
    (data / "data" / "sounds" / LOCK_NAME).chmod(0o666)
    index = data / "data" / "sounds" / "index.json"
    index.chmod(0o600)  # root's, and not for anyone else to read
    before = index.read_bytes()
    second = tone(shared / "second.wav", 440)
    second.chmod(0o644)
    if os.geteuid() != 0:
        index.chmod(0o000)
    done = subprocess.run(
        [*unprivileged(), str(LULL), "--data-dir", str(data), "sounds", "add", str(second)],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr == (
        "lull: “second.wav” could not be added: index.json could not be read "
        "(Lull is not allowed to read it); it is kept as is.\n"
    )
    index.chmod(0o600)
    assert index.read_bytes() == before


def test_eight_adds_at_once_are_all_indexed_and_nothing_is_orphaned(
    tmp_path: Path, data: Path
) -> None:
    files = [tone(tmp_path / f"sound {n}.wav", 200 + 50 * n) for n in range(8)]
    lull("sounds", data=data)  # the folders exist, as after a first run
    adds = [
        subprocess.Popen(
            [str(LULL), "--data-dir", str(data), "sounds", "add", str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path in files
    ]
    outputs = [add.communicate(timeout=120) for add in adds]
    assert [add.returncode for add in adds] == [0] * 8, outputs
    records = index_of(data)["sounds"]
    assert isinstance(records, list)
    assert sorted(record["title"] for record in records) == [f"sound {n}" for n in range(8)]
    assert stored_sounds(data) == sorted(record["file"] for record in records)


def test_two_windows_one_saving_a_mix_and_the_other_quitting_keep_the_mix(
    tmp_path: Path,
) -> None:
    paths = AppPaths.from_platform(tmp_path)
    first, second = UserFiles.open(paths), UserFiles.open(paths)
    first.mixes.save("Tonight", {"rain": 0.4})
    second.remember(second.state)  # the other window quits, remembering its own state
    assert UserFiles.open(paths).mixes.get("Tonight") == {"rain": 0.4}
    second.mixes.save("Morning", {"river": 0.6})  # and that window's own save keeps it too
    assert UserFiles.open(paths).mixes.names() == ["Morning", "Tonight"]


SAVE_A_MIX_THEN_QUIT = """
import sys
from pathlib import Path
from app.paths import AppPaths
from app.user_files import UserFiles
files = UserFiles.open(AppPaths.from_platform(Path(sys.argv[1])))
files.mixes.save(sys.argv[2], {"rain": 0.5})
files.remember(files.state)
"""


def test_processes_saving_mixes_and_state_at_once_lose_nothing(tmp_path: Path) -> None:
    savers = [
        subprocess.Popen([sys.executable, "-c", SAVE_A_MIX_THEN_QUIT, str(tmp_path), f"mix {n}"])
        for n in range(6)
    ]
    assert [saver.wait(timeout=60) for saver in savers] == [0] * 6
    files = UserFiles.open(AppPaths.from_platform(tmp_path))
    assert files.mixes.names() == [f"mix {n}" for n in range(6)]


def test_one_mix_with_a_bad_volume_never_costs_the_others(tmp_path: Path) -> None:
    paths = AppPaths.from_platform(tmp_path)
    paths.state.mkdir(parents=True)
    mixes = {"Evening": {"rain": 0.5}, "Loud": {"rain": 1.2}, "Calm": {"river": 0.3}}
    (paths.state / "state.json").write_text(json.dumps({"mixes": mixes}))
    files = UserFiles.open(paths)
    assert files.mixes.names() == ["Calm", "Evening"]
    assert any("“Loud”" in problem for problem in files.problems)
    files.remember(files.state)  # a start and a quit
    files.mixes.save("New", {"ocean": 0.2})
    assert json.loads((paths.state / "state.json").read_text())["mixes"] == {
        **mixes,
        "New": {"ocean": 0.2},
    }


def test_settings_behind_a_link_stay_behind_the_link(tmp_path: Path) -> None:
    paths = AppPaths.from_platform(tmp_path / "lull")
    dotfiles = tmp_path / "dotfiles" / "lull-settings.json"
    dotfiles.parent.mkdir()
    dotfiles.write_text('{"theme": "dark", "colour": "blue"}')
    paths.config.mkdir(parents=True)
    (paths.config / "settings.json").symlink_to(dotfiles)
    UserFiles.open(paths).choose_theme("light")
    assert (paths.config / "settings.json").is_symlink()
    assert json.loads(dotfiles.read_text()) == {"theme": "light", "colour": "blue"}


# --- crashes and hangs --------------------------------------------------------------------------

HOSTILE = {
    "nested 100000 deep": b"[" * 100_000 + b"]" * 100_000,
    "a 4400-digit integer": b'{"minutes": ' + b"7" * 4400 + b"}",
    "a 401-digit integer": b'{"chime_volume": ' + b"1" * 401 + b"}",
    "a lone surrogate": b'{"theme": "\\ud800"}',
    "an infinite number": b'{"seconds": 1e999, "checkin_minutes": 1e999}',
    "NaN": b'{"master_volume": NaN}',
}


@pytest.mark.parametrize("content", HOSTILE.values(), ids=HOSTILE.keys())
@pytest.mark.parametrize("where", ["config/settings.json", "state/state.json"])
def test_a_hostile_settings_or_state_file_is_set_aside_and_lull_starts(
    tmp_path: Path, content: bytes, where: str
) -> None:
    paths = AppPaths.from_platform(tmp_path)
    path = tmp_path / where
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    files = UserFiles.open(paths)
    assert len(files.problems) == 1 and "could not be used" in files.problems[0]
    [aside] = path.parent.glob(f"{path.name}.corrupt-*")
    assert aside.read_bytes() == content
    files.remember(files.state)
    files.choose_theme("light")  # and the next saves write a new file in its place


@pytest.mark.parametrize("content", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_sound_index_is_told_of_and_the_sounds_still_list_moving_nothing(
    data: Path, content: bytes
) -> None:
    # A listing only reads: the window, or a command that writes, sets the index aside.
    index = data / "data" / "sounds" / "index.json"
    index.parent.mkdir(parents=True)
    index.write_bytes(content)
    done = lull("sounds", data=data)
    assert done.returncode == 0
    assert "river" in done.stdout and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1 and "is damaged (" in done.stderr
    assert done.stderr.rstrip().endswith("Lull will set it aside")
    assert sorted(path.name for path in index.parent.iterdir()) == ["index.json"]
    assert index.read_bytes() == content


@pytest.mark.parametrize("content", HOSTILE.values(), ids=HOSTILE.keys())
@pytest.mark.parametrize("verb", [["check-plan"], ["--plan"]])
def test_a_hostile_plan_file_is_refused_in_one_line(
    tmp_path: Path, data: Path, content: bytes, verb: list[str]
) -> None:
    plan = tmp_path / "plan.json"
    plan.write_bytes(content)
    done = lull(*verb, str(plan), data=data, env={**os.environ, "DISPLAY": ""})
    assert done.returncode == 1
    assert done.stderr.startswith("lull: ") and done.stderr.count("\n") == 1, done.stderr
    assert "plan.json is not a plan file: it " in done.stderr


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "pipe.json"
    os.mkfifo(path)
    yield path


@pytest.mark.parametrize("kind", ["fifo", "/dev/zero"])
def test_a_fifo_or_dev_zero_as_a_plan_is_refused_within_five_seconds(
    data: Path, fifo: Path, kind: str
) -> None:
    plan = fifo if kind == "fifo" else Path("/dev/zero")
    started = time.monotonic()
    done = lull("check-plan", str(plan), data=data, timeout=5)
    assert time.monotonic() - started < 5
    assert done.returncode == 1
    assert "could not be read: it is not a regular file" in done.stderr


@pytest.mark.parametrize("kind", ["fifo", "/dev/zero"])
def test_a_fifo_or_dev_zero_behind_settings_or_the_index_is_refused_within_five_seconds(
    tmp_path: Path, data: Path, fifo: Path, kind: str
) -> None:
    target = fifo if kind == "fifo" else Path("/dev/zero")
    (data / "config").mkdir(parents=True)
    (data / "data" / "sounds").mkdir(parents=True)
    (data / "config" / "settings.json").symlink_to(target)
    (data / "data" / "sounds" / "index.json").symlink_to(target)
    started = time.monotonic()
    listed = lull("sounds", data=data, timeout=5)
    added = lull("sounds", "add", str(tone(tmp_path / "a.wav")), data=data, timeout=5)
    doctor = lull("doctor", data=data, timeout=30)
    assert time.monotonic() - started < 30
    assert listed.returncode == 0 and "river" in listed.stdout
    assert added.returncode == 1 and "not a regular file" in added.stderr
    assert "settings.json could not be read (it is not a regular file)" in doctor.stdout
    assert (data / "config" / "settings.json").is_symlink()


def test_an_unreachable_display_is_said_in_one_line(data: Path) -> None:
    env = {**os.environ, "DISPLAY": ":97", "WAYLAND_DISPLAY": ""}
    env.pop("QT_QPA_PLATFORM", None)
    done = lull(data=data, env=env)
    assert done.returncode == 1
    assert done.stderr == (
        "lull: the X11 display :97 cannot be reached "
        "(no X server answers there, or it did not let Lull in)\n"
    )
    doctor = lull("doctor", data=data, env=env)
    assert "display    problem  the X11 display :97 cannot be reached" in doctor.stdout
    assert doctor.returncode == 1


def test_ctrl_c_in_a_command_exits_130_in_one_line(tmp_path: Path, data: Path) -> None:
    sound = tone(tmp_path / "a.wav")
    folder = data / "data" / "sounds"
    folder.mkdir(parents=True)
    with (folder / LOCK_NAME).open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another Lull is writing: the add waits for it
        # Run as a terminal runs a command in the foreground: Ctrl-C at its default. Run from
        # a background job (make test &), the tests inherit it ignored, and so would lull.
        add = subprocess.Popen(
            ["env", "--default-signal=INT", LULL, "--data-dir", data, "sounds", "add", sound],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        # Waiting for the lock, it holds the lock file open poll after poll; opening the sounds,
        # it only glances at it (to tidy).
        waiting = Path(f"/proc/{add.pid}/fd")
        deadline = time.monotonic() + 30
        seen = 0
        while seen < WAITING_POLLS:
            assert time.monotonic() < deadline and add.poll() is None, add.communicate()
            holds = any(
                os.path.realpath(fd) == str(folder / LOCK_NAME) for fd in _open_files(waiting)
            )
            seen = seen + 1 if holds else 0
            time.sleep(0.02)
        add.send_signal(signal.SIGINT)
        out, err = add.communicate(timeout=30)
    assert (add.returncode, err) == (130, "lull: interrupted\n")
    assert not (folder / "index.json").exists()


def _open_files(folder: Path) -> list[str]:
    try:
        return [str(fd) for fd in folder.iterdir()]
    except OSError:
        return []


# --- wrong refusals and advice ------------------------------------------------------------------


def test_adding_a_file_again_says_so_and_a_new_title_renames_it(tmp_path: Path, data: Path) -> None:
    sound = tone(tmp_path / "garden.wav")
    first = lull("sounds", "add", str(sound), data=data)
    assert first.stdout.startswith("Added “garden” as garden-")
    again = lull("sounds", "add", str(sound), data=data)
    assert again.returncode == 0
    assert again.stdout.startswith("“garden.wav” is in Lull already, as “garden”")
    renamed = lull("sounds", "add", str(sound), "--title", "Birds at dawn", data=data)
    assert "renamed “Birds at dawn”" in renamed.stdout
    records = index_of(data)["sounds"]
    assert isinstance(records, list) and [r["title"] for r in records] == ["Birds at dawn"]
    assert len(stored_sounds(data)) == 1


def test_an_index_from_a_newer_lull_is_used_read_only_and_never_set_aside(
    tmp_path: Path, data: Path
) -> None:
    assert lull("sounds", "add", str(tone(tmp_path / "garden.wav")), data=data).returncode == 0
    index = data / "data" / "sounds" / "index.json"
    newer = {**index_of(data), "version": 2, "playlists": []}
    index.write_text(json.dumps(newer))
    listed = lull("sounds", data=data)
    assert "garden" in listed.stdout and "written by a newer Lull" in listed.stderr
    added = lull("sounds", "add", str(tone(tmp_path / "other.wav", 500)), data=data)
    assert added.returncode == 1 and "newer Lull" in added.stderr
    assert json.loads(index.read_text()) == newer
    assert list(index.parent.glob("index.json.corrupt-*")) == []


def test_a_hand_edited_entry_naming_the_index_is_never_deleted(tmp_path: Path, data: Path) -> None:
    lull("sounds", "add", str(tone(tmp_path / "garden.wav")), data=data)
    index = data / "data" / "sounds" / "index.json"
    document = index_of(data)
    records = document["sounds"]
    assert isinstance(records, list)
    records.append({**records[0], "id": "evil", "file": "index.json", "sha256": "0" * 64})
    index.write_text(json.dumps(document))
    listed = lull("sounds", "--json", data=data)
    assert "evil" not in [row["id"] for row in json.loads(listed.stdout)]
    assert "is not one Lull stored" in listed.stderr
    removed = lull("sounds", "remove", "evil", data=data)
    assert removed.returncode == 0 and removed.stdout == "Removed the unusable entry 'evil'\n"
    assert index.is_file() and "evil" not in index.read_text()
    assert [row["id"] for row in json.loads(lull("sounds", "--json", data=data).stdout)][-1] == (
        records[0]["id"]
    )
    assert len(stored_sounds(data)) == 1  # the good sound's file is still there


@pytest.fixture
def silent_display(tmp_path: Path) -> Iterator[str]:
    """An X display whose server takes the connection and then never says a word."""
    import socket

    number = 150 + os.getpid() % 50
    path = Path(f"/tmp/.X11-unix/X{number}")
    path.parent.mkdir(exist_ok=True)
    path.unlink(missing_ok=True)
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.listen(8)
    yield f":{number}"
    server.close()
    path.unlink(missing_ok=True)


def test_a_display_that_never_answers_is_said_in_one_line_within_seconds(
    data: Path, silent_display: str
) -> None:
    env = {**os.environ, "DISPLAY": silent_display, "WAYLAND_DISPLAY": ""}
    env.pop("QT_QPA_PLATFORM", None)
    started = time.monotonic()
    done = lull(data=data, env=env, timeout=30)
    doctor = lull("doctor", data=data, env=env, timeout=30)
    assert time.monotonic() - started < 15
    assert done.returncode == 1
    assert done.stderr == f"lull: the X11 display {silent_display} does not answer (waited 3 s)\n"
    assert f"display    problem  the X11 display {silent_display} does not answer" in doctor.stdout


def test_a_display_platform_qt_does_not_have_is_said_in_one_line(data: Path) -> None:
    done = lull(data=data, env={**os.environ, "QT_QPA_PLATFORM": "bogus"})
    assert done.returncode == 1
    assert done.stderr == (
        "lull: Qt has no display platform called 'bogus' (from QT_QPA_PLATFORM); "
        "unset it, or use xcb or wayland\n"
    )


def test_an_empty_plan_is_refused_in_one_line(data: Path) -> None:
    done = lull("--plan", "", data=data)
    assert done.returncode == 1
    assert done.stderr == "lull: --plan needs a plan's id or a plan file, not nothing\n"
