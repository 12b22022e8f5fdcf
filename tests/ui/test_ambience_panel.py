"""The ambience panel on the real mixer (SDL's dummy driver): layers, volumes, mixes, imports."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import soundfile
from fake_clock import FakeClock
from pytestqt.qtbot import QtBot

from app.audio.engine import AudioEngine
from app.audio.library import SoundLibrary
from app.audio.silent import SilentEngine
from app.core.mixes import MixBook
from app.core.plan import BUILT_IN_PLANS, built_in_plan
from app.core.room import Checklist, ChecklistItem
from app.core.session import SessionState
from app.core.settings import UiState
from app.ui.audio_bridge import AudioBridge
from app.ui.main_window import MainWindow
from app.ui.session_bridge import SessionBridge
from app.ui.theme import DARK


@pytest.fixture
def checklist() -> Checklist:
    return Checklist()  # nothing prepared yet: music is not playing


def test_a_soundscape_toggled_on_plays_and_ticks_music_playing(
    window: MainWindow, audio: AudioBridge
) -> None:
    panel = window.ambience
    assert not window.room.boxes[ChecklistItem.MUSIC].isChecked()
    panel.toggles["river"].click()
    assert set(audio.playing()) == {"river"}
    assert panel.toggles["river"].isChecked()
    assert window.room.boxes[ChecklistItem.MUSIC].isChecked()
    panel.toggles["river"].click()
    assert audio.playing() == {}
    assert not window.room.boxes[ChecklistItem.MUSIC].isChecked()


def test_each_layer_has_its_own_volume(window: MainWindow, audio: AudioBridge) -> None:
    panel = window.ambience
    panel.toggles["river"].click()
    panel.toggles["rain"].click()
    panel.sliders["rain"].setValue(25)
    assert audio.playing() == pytest.approx({"river": 0.7, "rain": 0.25})


def test_the_master_volume_and_mute_reach_the_engine(
    window: MainWindow, audio: AudioBridge
) -> None:
    window.ambience.master.setValue(40)
    assert audio.engine.master_volume == pytest.approx(0.4)
    window.commands["mute"].trigger()
    assert audio.engine.muted


def test_a_saved_mix_comes_back_in_one_click_and_is_on_disk_at_once(
    window: MainWindow, audio: AudioBridge, tmp_path: Path
) -> None:
    panel = window.ambience
    panel.toggles["ocean"].click()
    panel.sliders["ocean"].setValue(50)
    panel.mix_name.setText("Evening")
    panel.save_mix()
    assert panel.mixes.names() == ["Evening"]
    panel.toggles["ocean"].click()
    panel.toggles["rain"].click()
    panel.mix_choice.setCurrentIndex(panel.mix_choice.findText("Evening"))
    panel.mix_choice.activated.emit(panel.mix_choice.currentIndex())
    assert audio.playing() == pytest.approx({"ocean": 0.5})
    saved = json.loads((tmp_path / "state" / "state.json").read_text())
    assert saved == {"mixes": {"Evening": {"ocean": 0.5}}}


def test_a_broken_file_is_refused_in_plain_words(
    qtbot: QtBot, window: MainWindow, library: SoundLibrary, tmp_path: Path
) -> None:
    broken = tmp_path / "notes.mp3"
    broken.write_text("not music at all")
    before = [entry.id for entry in library.entries()]
    window.ambience.import_file(broken)
    qtbot.waitUntil(lambda: not window.ambience.busy.isVisible(), timeout=10_000)
    assert "notes.mp3" in window.ambience.notice.text()
    assert [entry.id for entry in library.entries()] == before


def test_an_imported_file_becomes_a_soundscape(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "Garden birds.wav"
    tone = 0.2 * np.sin(2 * np.pi * 440 * np.arange(44100 * 2) / 44100)
    soundfile.write(path, np.column_stack([tone, tone]), 44100)
    window.ambience.import_file(path)
    assert window.ambience.busy.isVisible()
    qtbot.waitUntil(lambda: not window.ambience.busy.isVisible(), timeout=10_000)
    assert window.ambience.notice.text().startswith("Added “Garden birds”")
    titles = [toggle.text() for toggle in window.ambience.toggles.values()]
    assert "Garden birds" in titles


def test_without_a_sound_device_the_panel_says_why_and_the_session_still_runs(
    qtbot: QtBot, library: SoundLibrary, clock: FakeClock, bridge: SessionBridge, mixes: MixBook
) -> None:
    reason = "No sound device could be opened (the system said: no card)."
    audio = AudioBridge(SilentEngine(reason), library, clock)
    window = MainWindow(
        bridge,
        audio,
        BUILT_IN_PLANS,
        built_in_plan("classic"),
        UiState(),
        Checklist(),
        DARK,
        mixes=mixes,
    )
    qtbot.addWidget(window)
    window.load_chosen_plan()
    window.show()
    assert reason in window.ambience.notice.text()
    assert not any(toggle.isEnabled() for toggle in window.ambience.toggles.values())
    window.session_view.start_prompt.startAnyway.emit()
    clock.advance(90)
    bridge.tick()
    assert bridge.session.state is SessionState.RUNNING
    assert bridge.session.index == 1


def test_the_mix_remembered_is_the_one_chosen_not_the_silence_after_the_end_fade(
    window: MainWindow, audio: AudioBridge
) -> None:
    window.ambience.toggles["rain"].click()
    audio.fade_out_all()  # as at the end of a session
    assert audio.playing() == {}
    assert window.ui_state().mix == pytest.approx({"rain": 0.7})


def test_while_sound_starts_the_panel_waits_quietly_then_comes_alive(
    qtbot: QtBot,
    library: SoundLibrary,
    clock: FakeClock,
    bridge: SessionBridge,
    engine: AudioEngine,
    mixes: MixBook,
) -> None:
    stand_in = SilentEngine("Sound is starting.")
    stand_in.set_master_volume(0.4)
    audio = AudioBridge(stand_in, library, clock, starting=True)
    window = MainWindow(
        bridge,
        audio,
        BUILT_IN_PLANS,
        built_in_plan("classic"),
        UiState(),
        Checklist(),
        DARK,
        mixes=mixes,
    )
    qtbot.addWidget(window)
    window.load_chosen_plan()
    assert window.ambience.notice.text() == ""
    assert not window.ambience.toggles["river"].isEnabled()
    audio.attach(engine)
    assert window.ambience.toggles["river"].isEnabled()
    assert window.ambience.master.value() == 40
    assert engine.master_volume == pytest.approx(0.4)
    window.ambience.toggles["river"].click()
    assert set(audio.playing()) == {"river"}


def test_an_engine_attached_with_nothing_to_play_is_left_to_rest(
    library: SoundLibrary, clock: FakeClock, engine: AudioEngine
) -> None:
    audio = AudioBridge(SilentEngine("Sound is starting."), library, clock, starting=True)
    audio.attach(engine)
    assert audio.timer_active  # the wake-up that lets the mixer close
