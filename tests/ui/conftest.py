"""Fixtures for widget tests: the real sound library, a real (silent) mixer, and the window."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from fake_clock import FakeClock
from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.audio.engine import AudioEngine
from app.audio.library import SoundLibrary
from app.audio.opening import open_engine
from app.core.mixes import MixBook
from app.core.plan import BUILT_IN_PLANS, Plan
from app.core.preparation import Preparation
from app.core.room import Checklist, ChecklistItem
from app.core.session import Session
from app.core.settings import UiState
from app.core.store import JsonFile
from app.paths import find_assets_dir
from app.ui.actions import ActionId, create_actions
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
def audio(
    engine: AudioEngine, library: SoundLibrary, clock: FakeClock, keeper: QObject
) -> AudioBridge:
    return AudioBridge(engine, library, clock, parent=keeper)


@pytest.fixture
def bridge(clock: FakeClock, keeper: QObject) -> SessionBridge:
    return SessionBridge(lambda plan: Session(plan, clock), clock, parent=keeper)


@pytest.fixture
def checklist() -> Checklist:
    return Checklist(done=set(ChecklistItem))  # a ready room, unless a test says otherwise


@pytest.fixture
def mixes(tmp_path: Path) -> MixBook:
    """Saved mixes kept in a real state file of the test's own."""
    return MixBook(JsonFile(tmp_path / "state" / "state.json", title="the saved mixes"), {})


@pytest.fixture
def commands(qtbot: QtBot) -> Iterator[dict[ActionId, QAction]]:
    """The app's actions, made once as main.py makes them, owned for this test only."""
    owner = QWidget()
    qtbot.addWidget(owner)
    yield create_actions(owner)


BuildWindow = Callable[..., MainWindow]


@pytest.fixture
def build_window(
    qtbot: QtBot,
    bridge: SessionBridge,
    checklist: Checklist,
    mixes: MixBook,
    commands: dict[ActionId, QAction],
) -> BuildWindow:
    """build_window(audio, plans=..., chosen=..., minutes=..., file=..., state=...,
    mix_book=..., session_bridge=...): the real window, wired as main.py wires it, with a
    session of the chosen plan loaded."""

    def build(
        audio: AudioBridge,
        *,
        plans: Sequence[Plan] = BUILT_IN_PLANS,
        chosen: str = "classic",
        minutes: int | None = None,
        file: tuple[Plan, Path] | None = None,
        state: UiState | None = None,
        mix_book: MixBook | None = None,
        session_bridge: SessionBridge | None = None,
    ) -> MainWindow:
        preparation = Preparation(plans, checklist, chosen=chosen, minutes=minutes, file=file)
        window = MainWindow(
            preparation,
            session_bridge or bridge,
            audio,
            state or UiState(),
            DARK,
            commands=commands,
            mixes=mix_book or mixes,
        )
        qtbot.addWidget(window)
        window.load_chosen_plan()
        return window

    return build


@pytest.fixture
def window(qtbot: QtBot, build_window: BuildWindow, audio: AudioBridge) -> MainWindow:
    window = build_window(audio)
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
    if qapp.style().name() != style:  # a new style deletes the old one: only when it changed
        qapp.setStyle(style)
    qapp.setPalette(palette)
