"""The bridge with the engine on its own thread, as the app runs it, and the first frame first."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import soundfile
from fake_clock import FakeClock
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from ui.conftest import BuildWindow
from unit.audio.pulse_server import PulseServer

from app.audio.engine import OUTPUT_LOST, AudioEngine
from app.audio.engine_thread import STARTING
from app.audio.library import SoundLibrary
from app.audio.opening import open_engine
from app.audio.pygame_engine import WATCH_SECONDS
from app.audio.silent import SilentEngine
from app.core.session import SessionState
from app.later_start import answer_later_start
from app.ui.audio_bridge import RETRY_OPEN_SECONDS, AudioBridge
from app.ui.first_frame import AfterFirstFrame

OPEN_SECONDS = 10.0  # a bound for a test that fails, never a wait a passing test makes


@pytest.fixture
def release() -> threading.Event:
    """Set, it lets the engine's thread open the mixer; a test sets it when it is ready."""
    return threading.Event()


@pytest.fixture
def opening(
    monkeypatch: pytest.MonkeyPatch,
    library: SoundLibrary,
    clock: FakeClock,
    release: threading.Event,
    keeper: QObject,
) -> Iterator[AudioBridge]:
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    stand_in = SilentEngine(STARTING)
    stand_in.set_master_volume(0.4)
    audio = AudioBridge(stand_in, library, clock, starting=True, parent=keeper)

    def open_when_released() -> AudioEngine:
        assert release.wait(OPEN_SECONDS)
        return open_engine()

    audio.open_in_background(open_when_released)
    yield audio
    release.set()
    audio.engine.close()


def test_the_engine_opens_on_its_thread_and_what_was_asked_meanwhile_plays(
    qtbot: QtBot, opening: AudioBridge, release: threading.Event
) -> None:
    assert opening.starting and not opening.available
    opening.play("river", 0.5)
    assert opening.playing() == {"river": 0.5}  # at once, before the mixer is open
    assert opening.master_volume == pytest.approx(0.4)
    with qtbot.waitSignal(opening.engineChanged, timeout=10_000):
        release.set()
    assert not opening.starting and opening.available
    assert opening.engine.info.driver == "dummy"
    assert opening.playing() == {"river": 0.5}
    assert not opening.timer_active  # the engine's thread keeps its own time


def test_a_sound_that_fails_on_the_thread_is_told_and_not_remembered(
    qtbot: QtBot,
    opening: AudioBridge,
    release: threading.Event,
    library: SoundLibrary,
    tmp_path: Path,
) -> None:
    release.set()
    frames = np.arange(2 * 44100)
    soundfile.write(tmp_path / "hum.wav", 0.2 * np.sin(2 * np.pi * 220 * frames / 44100), 44100)
    entry = library.import_file(tmp_path / "hum.wav").entry
    entry.path.unlink()  # the library's own copy, gone since it was listed
    with qtbot.waitSignal(opening.problem, timeout=10_000) as told:
        opening.play(entry.id, 0.5)
    assert told.args == [f"“{entry.title}” is missing from disk."]
    qtbot.waitUntil(lambda: opening.playing() == {})
    assert opening.mix_to_remember({"river": 0.7}) == {}


def test_work_waits_for_the_windows_first_frame(qtbot: QtBot) -> None:
    window = QLabel("Lull")
    qtbot.addWidget(window)
    painted: list[int] = []

    class Paints(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint:
                painted.append(1)
            return False

    paints = Paints(window)
    window.installEventFilter(paints)
    seen: list[int] = []
    AfterFirstFrame(window, lambda: seen.append(len(painted))).arm()
    assert seen == []
    window.show()
    qtbot.waitUntil(lambda: bool(seen))
    assert seen[0] >= 1


@pytest.mark.qt_log_ignore("^This plugin does not support raise\\(\\)$")  # offscreen: no stacking
def test_a_start_handed_over_while_the_sound_opens_waits_for_it_as_the_first_one_does(
    qtbot: QtBot, opening: AudioBridge, release: threading.Event, build_window: BuildWindow
) -> None:
    window = build_window(opening)
    answer_later_start(window, {"start": True}, None, window.statusBar().showMessage)
    assert window.bridge.session.state is SessionState.READY  # its chime would go unheard
    with qtbot.waitSignal(opening.engineChanged, timeout=10_000):
        release.set()
    assert window.bridge.session.state is SessionState.RUNNING


def test_an_output_gone_away_is_told_once_and_the_mix_kept_for_next_time(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, library: SoundLibrary, keeper: QObject
) -> None:
    monkeypatch.setenv("SDL_AUDIODRIVER", "pulseaudio")
    with PulseServer() as pulse:
        monkeypatch.setenv("PULSE_SERVER", pulse.address)
        audio = AudioBridge(SilentEngine(STARTING), library, time.monotonic, parent=keeper)
        try:
            with qtbot.waitSignal(audio.engineChanged, timeout=10_000):
                audio.open_in_background(open_engine)
            audio.play_mix({"river": 0.5, "ocean": 0.3})
            qtbot.waitUntil(lambda: audio.playing() == {"river": 0.5, "ocean": 0.3})
            told: list[str] = []
            audio.problem.connect(told.append)
            os.kill(pulse.pid, signal.SIGKILL)
            qtbot.waitUntil(lambda: audio.playing() == {}, timeout=round(WATCH_SECONDS * 1000) * 2)
            assert told == [OUTPUT_LOST]  # once, not once a sound
            assert audio.mix_to_remember({}) == {"river": 0.5, "ocean": 0.3}  # the sounds are fine
        finally:
            audio.engine.close()


def test_an_output_gone_away_is_said_under_the_cue_and_goes_once_sound_plays_again(
    qtbot: QtBot, build_window: BuildWindow, audio: AudioBridge
) -> None:
    """A new user, eyes on the person, saw the loss only in the closed ambience drawer; and
    its words stayed there after the sound came back."""
    window = build_window(audio)
    window.bridge.start_or_pause()
    audio.problem.emit(OUTPUT_LOST)
    assert OUTPUT_LOST in window.session_view.notice.text()
    assert window.ambience.notice.text().replace("\u200b", "") == OUTPUT_LOST
    audio.play("river", 0.5)  # the sound works again
    assert window.ambience.notice.isHidden()


def test_with_no_sound_at_the_start_the_output_is_tried_again_when_a_sound_is_wanted(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, library: SoundLibrary, keeper: QObject
) -> None:
    """An attacker's Lull started before its sound server: it stayed silent for good, its
    sounds greyed out, though the server was there a moment later."""
    clock = FakeClock()
    monkeypatch.setenv("SDL_AUDIODRIVER", "no-such-driver")  # fails the same on every machine
    audio = AudioBridge(SilentEngine(STARTING), library, clock, starting=True, parent=keeper)
    try:
        with qtbot.waitSignal(audio.engineChanged, timeout=10_000):
            audio.open_in_background(open_engine)
        qtbot.waitUntil(lambda: not audio.starting)
        assert not audio.available
        monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")  # the sound works now
        audio.chime("chime-phase")  # too soon after the last try: not tried again yet
        assert not audio.starting
        clock.advance(RETRY_OPEN_SECONDS)
        audio.play("river", 0.5)
        qtbot.waitUntil(lambda: audio.available, timeout=10_000)
        assert audio.playing() == {"river": 0.5}
    finally:
        audio.engine.close()
