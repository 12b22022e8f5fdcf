"""The sound library: built-ins, imports kept safe in the data folder, and damage survived."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from unit.audio.audio_signals import MakeSound, write_tone

from app.audio.errors import LibraryError, SoundRefused
from app.audio.library import SoundLibrary
from app.audio.sound import Kind, Origin
from app.paths import find_assets_dir

CATALOG = {
    "version": 1,
    "sounds": [
        {
            "id": "river",
            "title": "Calming river",
            "kind": "ambience",
            "file": "river.ogg",
            "loop": True,
            "seconds": 90.0,
            "licence": "CC0-1.0",
        },
        {
            "id": "chime-phase",
            "title": "Phase chime",
            "kind": "chime",
            "file": "chime-phase.ogg",
            "loop": False,
            "seconds": 4.5,
            "licence": "CC0-1.0",
        },
    ],
}


@pytest.fixture
def builtin_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "assets" / "audio"
    folder.mkdir(parents=True)
    (folder / "catalog.json").write_text(json.dumps(CATALOG), encoding="utf-8")
    write_tone(folder / "river.ogg", 220, 1.0, 0.3)
    write_tone(folder / "chime-phase.ogg", 880, 0.5, 0.3)
    return folder


@pytest.fixture
def user_dir(tmp_path: Path) -> Path:
    return tmp_path / "data" / "sounds"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in the folder and its bytes: what must not change when an import fails."""
    if not folder.exists():
        return {}
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_the_built_in_sounds_are_listed_from_the_catalogue(
    builtin_dir: Path, user_dir: Path
) -> None:
    library = SoundLibrary.open(builtin_dir, user_dir)
    assert library.problems == ()
    assert [entry.id for entry in library.entries()] == ["river", "chime-phase"]
    assert [entry.id for entry in library.entries(Kind.CHIME)] == ["chime-phase"]
    river = library.get("river")
    assert river.origin is Origin.BUILT_IN
    assert river.path == builtin_dir / "river.ogg"
    assert (river.loop, river.seconds, river.licence) == (True, 90.0, "CC0-1.0")
    assert not river.missing
    with pytest.raises(KeyError):
        library.get("whale-song")


@pytest.mark.parametrize("suffix", [".ogg", ".mp3", ".wav", ".flac"])
def test_an_imported_file_is_copied_into_the_data_folder_and_remembered(
    builtin_dir: Path, user_dir: Path, tmp_path: Path, suffix: str
) -> None:
    source = write_tone(tmp_path / f"Forest_Birds{suffix}", 440, 2.0, 0.4)
    outcome = SoundLibrary.open(builtin_dir, user_dir).import_file(source)
    entry = outcome.entry
    assert outcome.added
    assert entry.title == "Forest Birds"
    assert entry.id.startswith("forest-birds-")
    assert entry.origin is Origin.IMPORTED and entry.kind is Kind.AMBIENCE and entry.loop
    assert entry.seconds == pytest.approx(2.0, abs=0.06)
    assert entry.path.parent == user_dir
    assert entry.path.read_bytes() == source.read_bytes()
    reopened = SoundLibrary.open(builtin_dir, user_dir)
    assert reopened.get(entry.id) == entry
    assert reopened.problems == ()


def test_the_same_file_imported_twice_is_stored_once_and_a_new_title_renames_it(
    builtin_dir: Path, user_dir: Path, tmp_path: Path
) -> None:
    source = write_tone(tmp_path / "rain.ogg", 440, 1.0, 0.4)
    library = SoundLibrary.open(builtin_dir, user_dir)
    first = library.import_file(source)
    again = library.import_file(source)
    assert (again.entry, again.added, again.renamed) == (first.entry, False, False)
    renamed = library.import_file(source, title="Rain again")
    assert (renamed.added, renamed.renamed) == (False, True)
    assert renamed.entry.id == first.entry.id
    assert library.get(first.entry.id).title == "Rain again"
    assert SoundLibrary.open(builtin_dir, user_dir).get(first.entry.id).title == "Rain again"
    assert len(library.entries(Kind.AMBIENCE)) == 2  # the built-in river and this one
    assert sorted(p.suffix for p in user_dir.iterdir() if p.name[0] != ".") == [".json", ".ogg"]


@pytest.mark.parametrize("title", ["../../escape", "/etc/passwd", "..", "Ça va? ☾ 🌊", ""])
def test_no_title_can_place_a_file_outside_the_data_folder(
    builtin_dir: Path, user_dir: Path, tmp_path: Path, title: str
) -> None:
    source = write_tone(tmp_path / "tone.flac", 440, 1.0, 0.4)
    entry = SoundLibrary.open(builtin_dir, user_dir).import_file(source, title=title).entry
    assert entry.path.parent == user_dir
    assert entry.path.name.startswith(entry.id)
    assert all(character.isalnum() or character in "-." for character in entry.path.name)
    assert entry.title == (title.strip() or "My sound")


def test_an_imported_chime_does_not_loop(builtin_dir: Path, user_dir: Path, tmp_path: Path) -> None:
    source = write_tone(tmp_path / "bell.wav", 880, 1.0, 0.4)
    entry = SoundLibrary.open(builtin_dir, user_dir).import_file(source, kind=Kind.CHIME).entry
    assert entry.kind is Kind.CHIME and not entry.loop


@pytest.mark.parametrize(
    ("name", "damage"),
    [
        ("truncated.ogg", "truncate"),
        ("truncated.mp3", "truncate"),
        ("empty.flac", "empty"),
        ("notes.mp3", "text"),
    ],
)
def test_a_refused_file_leaves_the_library_exactly_as_it_was(
    builtin_dir: Path, user_dir: Path, tmp_path: Path, name: str, damage: str
) -> None:
    library = SoundLibrary.open(builtin_dir, user_dir)
    library.import_file(write_tone(tmp_path / "kept.ogg", 440, 1.0, 0.4))
    before = snapshot(user_dir)
    path = tmp_path / name
    if damage == "truncate":
        write_tone(path, 440, 3.0, 0.4)
        path.write_bytes(path.read_bytes()[:3000])
    elif damage == "empty":
        path.write_bytes(b"")
    else:
        path.write_text("Remember: never press on the spine.\n" * 30)
    entries = library.entries()

    with pytest.raises(SoundRefused) as refusal:
        library.import_file(path)

    assert f"“{name}”" in refusal.value.reason
    assert snapshot(user_dir) == before
    assert library.entries() == entries
    assert SoundLibrary.open(builtin_dir, user_dir).entries() == entries


def test_a_refused_first_import_creates_nothing(
    builtin_dir: Path, user_dir: Path, tmp_path: Path
) -> None:
    path = tmp_path / "empty.ogg"
    path.write_bytes(b"")
    with pytest.raises(SoundRefused):
        SoundLibrary.open(builtin_dir, user_dir).import_file(path)
    assert not user_dir.exists()


def test_a_sound_whose_file_disappeared_is_shown_as_missing(
    builtin_dir: Path, user_dir: Path, tmp_path: Path
) -> None:
    library = SoundLibrary.open(builtin_dir, user_dir)
    imported = library.import_file(write_tone(tmp_path / "waves.ogg", 440, 1.0, 0.4)).entry
    imported.path.unlink()
    (builtin_dir / "river.ogg").unlink()

    reopened = SoundLibrary.open(builtin_dir, user_dir)
    assert reopened.get(imported.id).missing
    assert reopened.get("river").missing
    assert not reopened.get("chime-phase").missing
    assert reopened.problems == ()


def test_a_corrupt_index_is_set_aside_reported_and_never_overwritten(
    builtin_dir: Path, user_dir: Path, tmp_path: Path
) -> None:
    library = SoundLibrary.open(builtin_dir, user_dir)
    library.import_file(write_tone(tmp_path / "waves.ogg", 440, 1.0, 0.4))
    index = user_dir / "index.json"
    damaged = index.read_bytes()[:40]
    index.write_bytes(damaged)

    reopened = SoundLibrary.open(builtin_dir, user_dir)
    assert [entry.origin for entry in reopened.entries()] == [Origin.BUILT_IN] * 2
    assert len(reopened.problems) == 1
    assert "could not be used" in reopened.problems[0]
    [aside] = user_dir.glob("index.json.corrupt-*")
    assert aside.read_bytes() == damaged
    assert aside.name in reopened.problems[0]

    reopened.import_file(write_tone(tmp_path / "birds.ogg", 660, 1.0, 0.4))
    assert aside.read_bytes() == damaged
    assert SoundLibrary.open(builtin_dir, user_dir).problems == ()


GOOD = {
    "id": "a-0123456789",
    "title": "A",
    "kind": "ambience",
    "file": "a-0123456789.ogg",
    "seconds": 1,
    "loop": True,
    "sha256": "0",
}


@pytest.mark.parametrize(
    ("index", "kept", "set_aside", "problem"),
    [
        ({"version": 1, "sounds": [{"id": "x"}, GOOD]}, ["a-0123456789"], False, "number 1 "),
        ({"version": 1, "sounds": [{**GOOD, "file": "../a.ogg"}]}, [], False, "plain file name"),
        ({"version": 1, "sounds": [{**GOOD, "seconds": 1e300}]}, [], False, "length"),
        ({"version": 99, "sounds": [GOOD]}, ["a-0123456789"], False, "newer Lull"),
        ({"version": 1, "sounds": "all"}, [], True, "no list of sounds"),
        ([], [], True, "not hold a JSON object"),
    ],
    ids=["missing-fields", "path-in-file-name", "huge-length", "newer-version", "no-list", "list"],
)
def test_an_index_is_judged_entry_by_entry_and_set_aside_only_when_unusable_as_a_whole(
    builtin_dir: Path,
    user_dir: Path,
    index: object,
    kept: list[str],
    set_aside: bool,
    problem: str,
) -> None:
    user_dir.mkdir(parents=True)
    (user_dir / "index.json").write_text(json.dumps(index))
    library = SoundLibrary.open(builtin_dir, user_dir)
    assert len(library.problems) == 1 and problem in library.problems[0]
    assert [e.id for e in library.entries() if e.origin is Origin.IMPORTED] == kept
    assert len(list(user_dir.glob("index.json.corrupt-*"))) == set_aside
    if not set_aside:
        assert json.loads((user_dir / "index.json").read_text()) == index


def test_a_missing_catalogue_is_reported_not_raised(tmp_path: Path, user_dir: Path) -> None:
    library = SoundLibrary.open(tmp_path / "nowhere", user_dir)
    assert library.entries() == []
    assert "reinstall Lull" in library.problems[0]


PROMPT_RECORD = {
    "id": "prompt-sides",
    "title": "Switch sides.",
    "kind": "prompt",
    "loop": False,
    "seconds": 1.3,
    "licence": "Voice flite-slt",
}


def test_a_built_in_prompt_is_found_in_its_folder_and_listed_apart(
    builtin_dir: Path, user_dir: Path
) -> None:
    catalog = {"version": 1, "sounds": [*CATALOG["sounds"], PROMPT_RECORD]}
    catalog["sounds"][-1] = {**PROMPT_RECORD, "file": "prompts/prompt-sides.ogg"}
    (builtin_dir / "catalog.json").write_text(json.dumps(catalog), encoding="utf-8")
    (builtin_dir / "prompts").mkdir()
    write_tone(builtin_dir / "prompts" / "prompt-sides.ogg", 330, 1.3, 0.3)
    library = SoundLibrary.open(builtin_dir, user_dir)
    assert library.problems == ()
    prompt = library.get("prompt-sides")
    assert (prompt.kind, prompt.path) == (Kind.PROMPT, builtin_dir / "prompts" / "prompt-sides.ogg")
    assert not prompt.missing
    assert [entry.id for entry in library.entries(Kind.PROMPT)] == ["prompt-sides"]


@pytest.mark.parametrize(
    "file", ["../prompt-sides.ogg", "/etc/prompt-sides.ogg", "prompts/../../x.ogg", "prompts/", ""]
)
def test_a_built_in_file_outside_the_audio_folder_is_refused(
    builtin_dir: Path, user_dir: Path, file: str
) -> None:
    catalog = {"version": 1, "sounds": [*CATALOG["sounds"], {**PROMPT_RECORD, "file": file}]}
    (builtin_dir / "catalog.json").write_text(json.dumps(catalog), encoding="utf-8")
    library = SoundLibrary.open(builtin_dir, user_dir)
    assert [entry.id for entry in library.entries()] == ["river", "chime-phase"]
    assert "Built-in sound 3" in library.problems[0]


def test_an_imported_record_may_not_name_a_file_in_a_folder(tmp_path: Path) -> None:
    user_dir = tmp_path / "sounds"
    (user_dir / "sub").mkdir(parents=True)
    write_tone(user_dir / "sub" / "waves-0123456789.ogg", 440, 1.0, 0.4)
    record = {
        "id": "waves-0123456789",
        "title": "Waves",
        "kind": "ambience",
        "file": "sub/waves-0123456789.ogg",
        "loop": True,
        "seconds": 1.0,
        "sha256": "0" * 64,
    }
    (user_dir / "index.json").write_text(
        json.dumps({"version": 1, "sounds": [record]}), encoding="utf-8"
    )
    library = SoundLibrary.open(tmp_path / "nowhere", user_dir)
    assert library.entries() == []
    assert "number 1 could not be used" in library.problems[-1]


def test_removing_an_imported_sound_forgets_it_and_deletes_its_copy(
    builtin_dir: Path, user_dir: Path, tmp_path: Path
) -> None:
    library = SoundLibrary.open(builtin_dir, user_dir)
    entry = library.import_file(write_tone(tmp_path / "waves.ogg", 440, 1.0, 0.4)).entry
    library.remove(entry.id)
    assert not entry.path.exists()
    with pytest.raises(KeyError):
        library.get(entry.id)
    with pytest.raises(KeyError):
        SoundLibrary.open(builtin_dir, user_dir).get(entry.id)


def test_built_in_sounds_cannot_be_removed(builtin_dir: Path, user_dir: Path) -> None:
    library = SoundLibrary.open(builtin_dir, user_dir)
    with pytest.raises(ValueError, match="built-in"):
        library.remove("river")
    with pytest.raises(KeyError):
        library.remove("whale-song")


def test_an_index_that_is_not_text_is_set_aside_and_reported_not_raised(tmp_path: Path) -> None:
    user_dir = tmp_path / "sounds"
    user_dir.mkdir()
    (user_dir / "index.json").write_bytes(b"\xff\xfe\x00 not text")
    library = SoundLibrary.open(find_assets_dir() / "audio", user_dir)
    catalogue = json.loads((find_assets_dir() / "audio" / "catalog.json").read_text("utf-8"))
    built_in = len(catalogue["sounds"])
    assert [entry.origin for entry in library.entries()] == [Origin.BUILT_IN] * built_in
    assert any("could not be used (it is not text)" in problem for problem in library.problems)
    assert len(list(user_dir.glob("index.json.corrupt-*"))) == 1


def test_a_sound_folder_that_is_a_file_is_reported_not_raised(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "sounds"
    not_a_folder.write_text("oops")
    library = SoundLibrary.open(find_assets_dir() / "audio", not_a_folder)
    assert any("could not be read" in problem for problem in library.problems)


def test_two_libraries_on_one_folder_do_not_lose_each_others_imports(
    tmp_path: Path, make_sound: MakeSound
) -> None:
    user_dir = tmp_path / "sounds"
    window = SoundLibrary.open(find_assets_dir() / "audio", user_dir)
    command_line = SoundLibrary.open(find_assets_dir() / "audio", user_dir)
    first = command_line.import_file(make_sound("first", 330, suffix=".wav").path).entry
    second = window.import_file(make_sound("second", 440, suffix=".wav").path).entry
    again = SoundLibrary.open(find_assets_dir() / "audio", user_dir)
    imported = {entry.id for entry in again.entries() if entry.origin is Origin.IMPORTED}
    assert imported == {first.id, second.id}


def test_an_unusable_record_of_the_same_file_is_made_anew_on_adding_it(
    builtin_dir: Path, user_dir: Path, tmp_path: Path
) -> None:
    source = write_tone(tmp_path / "waves.wav", 440, 1.5, 0.4)
    library = SoundLibrary.open(builtin_dir, user_dir)
    first = library.import_file(source).entry
    document = json.loads((user_dir / "index.json").read_text())
    document["sounds"][0]["seconds"] = "x"
    (user_dir / "index.json").write_text(json.dumps(document))
    again = SoundLibrary.open(builtin_dir, user_dir)
    assert again.entries(Kind.AMBIENCE) == again.entries(Kind.AMBIENCE)[:1]  # the river only
    outcome = again.import_file(source)
    assert outcome.added and outcome.entry.id == first.id and outcome.entry.title == "waves"
    records = json.loads((user_dir / "index.json").read_text())["sounds"]
    assert [record["seconds"] for record in records] == [1.5]


def test_a_sound_whose_copy_was_lost_comes_back_when_its_file_is_added_again(
    builtin_dir: Path, user_dir: Path, tmp_path: Path
) -> None:
    source = write_tone(tmp_path / "waves.wav", 440, 1.5, 0.4)
    library = SoundLibrary.open(builtin_dir, user_dir)
    entry = library.import_file(source, title="Evening waves").entry
    entry.path.unlink()
    assert library.get(entry.id).missing
    outcome = library.import_file(source)
    assert outcome.added and outcome.entry.title == "Evening waves"
    assert not library.get(entry.id).missing
    assert len(json.loads((user_dir / "index.json").read_text())["sounds"]) == 1


def test_a_copy_is_never_left_behind_when_the_index_cannot_be_written(
    builtin_dir: Path, user_dir: Path, tmp_path: Path
) -> None:
    library = SoundLibrary.open(builtin_dir, user_dir)
    library.import_file(write_tone(tmp_path / "kept.wav", 330, 1.5, 0.4))
    before = snapshot(user_dir)
    index = user_dir / "index.json"
    subprocess.run(["chattr", "+i", str(index)], check=True)  # root cannot replace it either
    try:
        with pytest.raises(LibraryError, match="could not be added: Lull is not allowed"):
            library.import_file(write_tone(tmp_path / "new.wav", 550, 1.5, 0.4))
    finally:
        subprocess.run(["chattr", "-i", str(index)], check=True)
    assert snapshot(user_dir) == before


def test_an_index_entry_taking_a_built_in_id_is_left_out(
    builtin_dir: Path, user_dir: Path, tmp_path: Path
) -> None:
    library = SoundLibrary.open(builtin_dir, user_dir)
    entry = library.import_file(write_tone(tmp_path / "waves.wav", 440, 1.5, 0.4)).entry
    document = json.loads((user_dir / "index.json").read_text())
    impostor = {**document["sounds"][0], "id": "river", "file": f"river{entry.path.suffix}"}
    document["sounds"].append(impostor)
    (user_dir / "index.json").write_text(json.dumps(document))
    again = SoundLibrary.open(builtin_dir, user_dir)
    assert [e.id for e in again.entries()].count("river") == 1
    assert "its id 'river' is taken by another sound" in again.problems[0]


@pytest.mark.parametrize(
    ("name", "title", "expected"),
    [
        (b"caf\xe9.wav", None, "caf\ufffd"),
        (b"plain.wav", "a\x1b[31mred\x07", "a [31mred"),
        (b"plain.wav", "line\nbreak\ttab", "line break tab"),
    ],
)
def test_titles_from_odd_names_are_printable_text(
    builtin_dir: Path, user_dir: Path, tmp_path: Path, name: bytes, title: str | None, expected: str
) -> None:
    written = write_tone(tmp_path / "written.wav", 440, 1.5, 0.4)
    path = Path(os.fsdecode(bytes(tmp_path) + b"/" + name))
    os.rename(written, path)  # soundfile cannot write to a name that is not UTF-8
    entry = SoundLibrary.open(builtin_dir, user_dir).import_file(path, title=title).entry
    assert entry.title == expected
    assert SoundLibrary.open(builtin_dir, user_dir).get(entry.id).title == expected


def test_reading_the_index_again_says_each_problem_once(builtin_dir: Path, user_dir: Path) -> None:
    user_dir.mkdir(parents=True)
    (user_dir / "index.json").write_text(json.dumps({"version": 1, "sounds": [{"id": "x"}]}))
    library = SoundLibrary.open(builtin_dir, user_dir)
    library.reload()
    library.reload()
    assert len(library.problems) == 1 and "number 1" in library.problems[0]
