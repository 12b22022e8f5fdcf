"""What the window says when a save fails, and how it follows changes made by other Lulls."""

from __future__ import annotations

import contextlib
import json
import resource
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import soundfile
from pytestqt.qtbot import QtBot
from ui.window_geometry import answer_next_dialog

from app.audio.library import SoundLibrary
from app.core.mixes import MixBook
from app.core.store import JsonFile
from app.paths import find_assets_dir
from app.ui.audio_bridge import AudioBridge
from app.ui.main_window import MainWindow


@contextlib.contextmanager
def disk_full_for_new_files() -> Iterator[None]:
    """Every file this process writes stops at 16 bytes, as on a full disk; root included."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (16, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)


def play_and_name(window: MainWindow, name: str) -> None:
    window.ambience.toggles["rain"].click()
    window.ambience.mix_name.setText(name)


def test_a_mix_that_could_not_be_saved_is_never_called_saved(
    window: MainWindow, tmp_path: Path
) -> None:
    play_and_name(window, "Tonight")
    with disk_full_for_new_files():
        window.ambience.save_mix()
    assert window.ambience.notice.text() == "Could not save the mix: the file would be too large."
    assert window.ambience.mixes.names() == []
    assert window.ambience.mix_name.text() == "Tonight"  # kept, to try again
    assert not (tmp_path / "state" / "state.json").exists()


def test_a_mix_in_a_folder_lull_may_not_write_is_never_called_saved(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    shutil.rmtree(tmp_path / "state")  # made by the window to watch it; now taken away
    (tmp_path / "state").write_text("a file where the folder should be")
    play_and_name(window, "Tonight")
    window.ambience.save_mix()
    assert window.ambience.notice.text().startswith("Could not save the mix: ")
    assert "Saved" not in window.ambience.notice.text()


def test_a_mix_is_renamed_and_removed_from_the_panel(
    window: MainWindow, mixes: MixBook, tmp_path: Path, qtbot: QtBot
) -> None:
    play_and_name(window, "Tonight")
    window.ambience.save_mix()
    panel = window.ambience
    panel.mix_choice.setCurrentIndex(panel.mix_choice.findText("Tonight"))
    answer_next_dialog(qtbot, name="Late evening ")
    panel.mix_menu.menu().actions()[0].trigger()
    assert mixes.names() == ["Late evening"]
    assert panel.mix_choice.currentText() == "Late evening"
    answer_next_dialog(qtbot)
    panel.mix_menu.menu().actions()[1].trigger()
    assert mixes.names() == []
    assert json.loads((tmp_path / "state" / "state.json").read_text())["mixes"] == {}


def write_tone(path: Path) -> Path:
    wave = 0.2 * np.sin(2 * np.pi * 300 * np.arange(44100 * 2) / 44100)
    soundfile.write(path, np.column_stack([wave, wave]), 44100)
    return path


def test_a_sound_added_by_another_lull_appears_without_a_restart(
    qtbot: QtBot, window: MainWindow, audio: AudioBridge, tmp_path: Path
) -> None:
    elsewhere = SoundLibrary.open(find_assets_dir() / "audio", audio.library.index_path.parent)
    elsewhere.import_file(write_tone(tmp_path / "Birdsong.wav"))
    qtbot.waitUntil(
        lambda: any(t.text() == "Birdsong" for t in window.ambience.toggles.values()),
        timeout=5000,
    )


def test_an_imported_sound_is_renamed_and_removed_from_its_menu(
    qtbot: QtBot,
    window: MainWindow,
    audio: AudioBridge,
    tmp_path: Path,
) -> None:
    entry = audio.library.import_file(write_tone(tmp_path / "Birdsong.wav")).entry
    window.ambience.rebuild()
    toggle = window.ambience.toggles[entry.id]
    rename, remove = toggle.actions()
    answer_next_dialog(qtbot, name="Dawn chorus")
    rename.trigger()
    assert window.ambience.toggles[entry.id].text() == "Dawn chorus"
    answer_next_dialog(qtbot)
    window.ambience.toggles[entry.id].actions()[1].trigger()
    assert entry.id not in window.ambience.toggles
    assert not entry.path.exists()


def test_a_mix_saved_in_another_window_appears_in_this_one(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    other = MixBook(JsonFile(tmp_path / "state" / "state.json", title="what Lull remembers"), {})
    other.save("From the other window", {"rain": 0.4})
    choice = window.ambience.mix_choice
    qtbot.waitUntil(lambda: choice.findText("From the other window") >= 0, timeout=5000)


def test_a_sound_removed_elsewhere_stops_playing_here_and_is_kept_out_of_mixes(
    qtbot: QtBot, window: MainWindow, audio: AudioBridge, tmp_path: Path
) -> None:
    entry = audio.library.import_file(write_tone(tmp_path / "Birdsong.wav")).entry
    window.ambience.rebuild()
    window.ambience.toggles[entry.id].click()
    window.ambience.toggles["rain"].click()
    assert set(audio.playing()) == {entry.id, "rain"}
    SoundLibrary.open(find_assets_dir() / "audio", audio.library.index_path.parent).remove(entry.id)
    qtbot.waitUntil(lambda: entry.id not in audio.playing(), timeout=5000)
    assert set(audio.playing()) == {"rain"}
    window.ambience.mix_name.setText("After")
    window.ambience.save_mix()
    assert window.ambience.mixes.get("After") == {"rain": 0.7}


def test_renaming_a_mix_onto_another_or_one_removed_elsewhere_says_so(
    window: MainWindow, tmp_path: Path, qtbot: QtBot
) -> None:
    panel = window.ambience
    play_and_name(window, "A")
    panel.save_mix()
    panel.mix_name.setText("B")
    panel.save_mix()
    panel.mix_choice.setCurrentIndex(panel.mix_choice.findText("A"))
    answer_next_dialog(qtbot, name="B")
    panel.mix_menu.menu().actions()[0].trigger()
    assert panel.notice.text() == "There is a mix called “B” already; choose another name."
    assert window.ambience.mixes.names() == ["A", "B"]
    other = MixBook(JsonFile(tmp_path / "state" / "state.json", title="what Lull remembers"), {})
    other.remove("A")
    answer_next_dialog(qtbot, name="C")
    panel.mix_menu.menu().actions()[0].trigger()
    assert panel.notice.text() == "That mix is no longer there."
    assert window.ambience.mixes.names() == ["B"]
