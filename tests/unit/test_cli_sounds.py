"""lull sounds and lull doctor: the library and the machine, from the command line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import soundfile

from app.doctor import run_doctor
from app.main import main
from app.paths import AppPaths, find_assets_dir


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def tone_file(path: Path, seconds: float = 2.0) -> Path:
    wave = 0.2 * np.sin(2 * np.pi * 330 * np.arange(int(44100 * seconds)) / 44100)
    soundfile.write(path, np.column_stack([wave, wave]), 44100)
    return path


@pytest.fixture
def data_dir(tmp_path: Path) -> str:
    return str(tmp_path / "lull-data")


def test_sounds_lists_the_built_ins_as_a_table(
    capsys: pytest.CaptureFixture[str], data_dir: str
) -> None:
    status, out, _ = run(capsys, "--data-dir", data_dir, "sounds")
    lines = out.splitlines()
    assert status == 0
    assert lines[0].split() == ["ID", "KIND", "TYPE", "LENGTH", "TITLE"]
    assert [line.split()[0] for line in lines[1:5]] == ["river", "soft-music", "rain", "ocean"]


def test_sounds_lists_the_ambiences_and_chimes_but_not_the_spoken_prompts(
    capsys: pytest.CaptureFixture[str], data_dir: str
) -> None:
    table = run(capsys, "--data-dir", data_dir, "sounds")[1].splitlines()[1:]
    rows = json.loads(run(capsys, "--data-dir", data_dir, "sounds", "--json")[1])
    assert {line.split()[2] for line in table} == {"ambience", "chime"}
    assert {row["type"] for row in rows} == {"ambience", "chime"}
    assert "chime-heads-up" in {row["id"] for row in rows}


def test_sounds_json_gives_id_title_kind_seconds_and_path(
    capsys: pytest.CaptureFixture[str], data_dir: str
) -> None:
    rows = json.loads(run(capsys, "--data-dir", data_dir, "sounds", "--json")[1])
    river = next(row for row in rows if row["id"] == "river")
    assert river["kind"] == "built-in"
    assert river["title"] == "Calming river"
    assert river["seconds"] == pytest.approx(90.0)
    assert Path(river["path"]).is_file()


def test_a_sound_added_is_listed_as_imported_and_can_be_removed(
    capsys: pytest.CaptureFixture[str], data_dir: str, tmp_path: Path
) -> None:
    source = tone_file(tmp_path / "waves.wav")
    status, out, _ = run(capsys, "--data-dir", data_dir, "sounds", "add", str(source))
    assert status == 0
    assert out.startswith("Added “waves” as waves-")
    rows = json.loads(run(capsys, "--data-dir", data_dir, "sounds", "--json")[1])
    (mine,) = [row for row in rows if row["kind"] == "imported"]
    assert mine["seconds"] == pytest.approx(2.0, abs=0.01)
    assert Path(mine["path"]).is_relative_to(Path(data_dir))
    status, out, _ = run(capsys, "--data-dir", data_dir, "sounds", "remove", mine["id"])
    assert (status, out) == (0, "Removed “waves”\n")
    assert not Path(mine["path"]).exists()


def test_the_data_folder_may_follow_add_and_remove_as_it_follows_every_verb(
    capsys: pytest.CaptureFixture[str], data_dir: str, tmp_path: Path
) -> None:
    source = tone_file(tmp_path / "waves.wav")
    status, _, err = run(capsys, "sounds", "add", str(source), "--data-dir", data_dir)
    assert (status, err) == (0, "")
    (mine,) = json.loads(run(capsys, "sounds", "--json", "--data-dir", data_dir)[1])[-1:]
    assert (mine["kind"], Path(mine["path"]).is_relative_to(Path(data_dir))) == ("imported", True)
    status, out, _ = run(capsys, "sounds", "remove", mine["id"], "--data-dir", data_dir)
    assert (status, out) == (0, "Removed “waves”\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["sounds", "add", "/no/such.ogg"], "lull: “such.ogg” could not be found."),
        (["sounds", "add", "/etc/hostname"], "lull: “hostname” is not audio."),
        (["sounds", "remove", "river"], "lull: 'river' is built into Lull and cannot be removed"),
        (["sounds", "remove", "nope"], "lull: there is no sound called 'nope'"),
    ],
)
def test_a_refused_sound_gets_one_line_and_exit_1(
    capsys: pytest.CaptureFixture[str], data_dir: str, args: list[str], message: str
) -> None:
    status, out, err = run(capsys, "--data-dir", data_dir, *args)
    assert (status, out) == (1, "")
    assert err.startswith(message)
    assert err.count("\n") == 1


def test_a_text_file_named_mp3_leaves_the_library_as_it_was(
    capsys: pytest.CaptureFixture[str], data_dir: str, tmp_path: Path
) -> None:
    fake = tmp_path / "song.mp3"
    fake.write_text("la la la")
    before = run(capsys, "--data-dir", data_dir, "sounds", "--json")[1]
    status, _, err = run(capsys, "--data-dir", data_dir, "sounds", "add", str(fake))
    assert status == 1 and "song.mp3" in err
    assert run(capsys, "--data-dir", data_dir, "sounds", "--json")[1] == before


def test_doctor_reports_each_part_and_a_missing_sound_device(
    capsys: pytest.CaptureFixture[str], data_dir: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SDL_AUDIODRIVER", "no-such-driver")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    status, out, _ = run(capsys, "--data-dir", data_dir, "doctor")
    parts = {line.split()[0]: line.split()[1] for line in out.splitlines()[1:]}
    assert status == 0
    assert parts == {
        "display": "note",
        "sound": "note",
        "config": "ok",
        "data": "ok",
        "state": "ok",
        "logs": "ok",
        "settings": "ok",
        "remembered": "ok",
        "sounds": "ok",
        "history": "ok",
        "plans": "ok",
        "damaged": "ok",
        "assets": "ok",
    }
    assert "no sound: No sound device could be opened" in out
    # As `lull sounds` counts them: the soundscapes and chimes, and apart, the voice's lines.
    listed = len(json.loads(run(capsys, "--data-dir", data_dir, "sounds", "--json")[1]))
    assert f"assets     ok       {listed} sounds and 26 spoken lines, each decoded," in out


def test_doctor_tells_of_ignored_values_files_set_aside_and_files_it_cannot_read(
    capsys: pytest.CaptureFixture[str], data_dir: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    paths = AppPaths.from_platform(Path(data_dir))
    for folder in (paths.config, paths.state, paths.data / "sounds"):
        folder.mkdir(parents=True)
    (paths.config / "settings.json").write_text('{"checkin_minutes": "often", "theme": "dark"}')
    (paths.state / "state.json.corrupt-20261130-101010").write_text("{")
    (paths.data / "sounds" / "index.json").mkdir()
    status, out, _ = run(capsys, "--data-dir", data_dir, "doctor")
    lines = {line.split()[0]: line for line in out.splitlines()[1:]}
    assert status == 1
    assert 'checkin_minutes = "often" is not usable' in lines["settings"]
    assert lines["settings"].split()[1] == "note"
    assert "state.json.corrupt-20261130-101010" in lines["damaged"]
    assert lines["sounds"].split()[1] == "problem"
    assert "index.json could not be read (it is a folder); it is kept as is" in lines["sounds"]


def test_doctor_finds_a_missing_asset_and_exits_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    assets = tmp_path / "assets"
    shutil.copytree(find_assets_dir(), assets)
    (assets / "audio" / "rain.ogg").unlink()
    folders = [tmp_path / name for name in ("c", "d", "s", "k", "l")]
    paths = AppPaths(assets, *folders)
    assert run_doctor(paths) == 1
    assert "missing or damaged: rain.ogg" in capsys.readouterr().out


def test_doctor_reads_a_damaged_settings_file_without_moving_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    paths = AppPaths.from_platform(tmp_path)
    paths.config.mkdir(parents=True)
    (paths.config / "settings.json").write_text("{broken")
    run_doctor(paths)
    assert "settings.json is damaged" in capsys.readouterr().out
    assert (paths.config / "settings.json").read_text() == "{broken"


def test_an_empty_library_lists_as_a_header_without_a_traceback(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from app.audio.library import SoundLibrary
    from app.cli import _list_sounds

    library = SoundLibrary.open(tmp_path / "no-assets", tmp_path / "sounds")
    _list_sounds(library, as_json=False)
    assert capsys.readouterr().out.split() == ["ID", "KIND", "TYPE", "LENGTH", "TITLE"]


@pytest.mark.parametrize(
    ("index", "status", "said"),
    [
        ("[]", "note", "does not hold a JSON object); Lull will set it aside"),
        ('{"version": 1, "sounds": {}}', "note", "holds no list of sounds); Lull will set it"),
        ('{"version": "1", "sounds": []}', "note", "has a version Lull does not know"),
        ('{"version": 1, "sounds": [{"id": "x"}]}', "note", "sound number 1 could not be used"),
    ],
)
def test_doctor_tells_the_truth_about_the_sound_index_and_moves_nothing(
    capsys: pytest.CaptureFixture[str],
    data_dir: str,
    monkeypatch: pytest.MonkeyPatch,
    index: str,
    status: str,
    said: str,
) -> None:
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    folder = AppPaths.from_platform(Path(data_dir)).data / "sounds"
    folder.mkdir(parents=True)
    (folder / "index.json").write_text(index)
    out = _doctor_lines(capsys, data_dir)
    assert out["sounds"].split()[1] == status
    assert said in out["sounds"]
    assert sorted(p.name for p in folder.iterdir()) == ["index.json"]
    assert (folder / "index.json").read_text() == index


def _doctor_lines(capsys: pytest.CaptureFixture[str], data_dir: str) -> dict[str, str]:
    _, out, _ = run(capsys, "--data-dir", data_dir, "doctor")
    return {line.split()[0]: line for line in out.splitlines()[1:]}


@pytest.mark.parametrize("as_json", [False, True])
def test_listing_the_sounds_moves_nothing_however_damaged_the_index(
    capsys: pytest.CaptureFixture[str], data_dir: str, as_json: bool
) -> None:
    # A listing set a damaged index aside: every sound of one's own was then gone from Lull.
    folder = AppPaths.from_platform(Path(data_dir)).data / "sounds"
    folder.mkdir(parents=True)
    damaged = '{"version": 1, "sounds": [{"id": "a" "title": "Other"}]}'
    (folder / "index.json").write_text(damaged)
    status, out, err = run(
        capsys, "--data-dir", data_dir, "sounds", *(["--json"] if as_json else [])
    )
    assert status == 0
    assert "river" in out
    assert "a comma is missing at line 1" in err
    assert sorted(p.name for p in folder.iterdir()) == ["index.json"]
    assert (folder / "index.json").read_text() == damaged
