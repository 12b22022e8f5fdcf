"""Fixtures for widget tests: the real sound library, a real (silent) mixer, and the window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_clock import FakeClock
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.audio.engine import AudioEngine, open_engine
from app.audio.library import SoundLibrary
from app.core.mixes import MixBook
from app.core.plan import BUILT_IN_PLANS, built_in_plan
from app.core.room import Checklist, ChecklistItem
from app.core.session import Session
from app.core.settings import UiState
from app.core.store import JsonFile
from app.paths import find_assets_dir
from app.ui.audio_bridge import AudioBridge
from app.ui.main_window import MainWindow
from app.ui.session_bridge import SessionBridge
from app.ui.theme import DARK


@pytest.fixture
def library(tmp_path: Path) -> SoundLibrary:
    return SoundLibrary.open(find_assets_dir() / "audio", tmp_path / "sounds")


@pytest.fixture
def engine(monkeypatch: pytest.MonkeyPatch) -> Iterator[AudioEngine]:
    """pygame's real mixer on SDL's dummy driver: real timing and state, no sound card."""
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    engine = open_engine()
    assert engine.info.available, engine.info.reason
    yield engine
    engine.close()


@pytest.fixture
def audio(engine: AudioEngine, library: SoundLibrary, clock: FakeClock) -> AudioBridge:
    return AudioBridge(engine, library, clock)


@pytest.fixture
def bridge(clock: FakeClock) -> SessionBridge:
    return SessionBridge(lambda plan: Session(plan, clock), clock)


@pytest.fixture
def checklist() -> Checklist:
    return Checklist(done=set(ChecklistItem))  # a ready room, unless a test says otherwise


@pytest.fixture
def mixes(tmp_path: Path) -> MixBook:
    """Saved mixes kept in a real state file of the test's own."""
    return MixBook(JsonFile(tmp_path / "state" / "state.json", title="the saved mixes"), {})


@pytest.fixture
def window(
    qtbot: QtBot,
    bridge: SessionBridge,
    audio: AudioBridge,
    checklist: Checklist,
    mixes: MixBook,
) -> MainWindow:
    window = MainWindow(
        bridge,
        audio,
        BUILT_IN_PLANS,
        built_in_plan("classic"),
        UiState(),
        checklist,
        DARK,
        mixes=mixes,
    )
    qtbot.addWidget(window)
    window.load_chosen_plan()
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    return window


@pytest.fixture(autouse=True)
def app_look_restored(qapp: QApplication) -> Iterator[None]:
    """A test that changes the theme leaves the application as it found it for the next."""
    sheet, palette, style = qapp.styleSheet(), qapp.palette(), qapp.style().name()
    yield
    qapp.setStyleSheet(sheet)
    qapp.setStyle(style)
    qapp.setPalette(palette)
