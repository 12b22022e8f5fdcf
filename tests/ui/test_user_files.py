"""What Lull remembers between runs, and how it survives damaged files."""

from __future__ import annotations

import json
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.core.plan import BUILT_IN_PLANS, built_in_plan
from app.core.room import Checklist
from app.paths import AppPaths
from app.ui.audio_bridge import AudioBridge
from app.ui.main_window import MainWindow
from app.ui.session_bridge import SessionBridge
from app.ui.theme import DARK
from app.user_files import UserFiles


def test_the_window_state_and_mix_are_remembered_for_next_time(
    qtbot: QtBot, window: MainWindow, audio: AudioBridge, tmp_path: Path
) -> None:
    files = UserFiles.open(AppPaths.from_platform(tmp_path))
    window.ambience.toggles["rain"].click()
    window.ambience.sliders["rain"].setValue(30)
    window.minutes.setValue(45)
    files.save_state(window)
    again = UserFiles.open(AppPaths.from_platform(tmp_path))
    assert again.problems == []
    assert again.state.mix == {"rain": 0.3}
    assert again.state.minutes == 45
    assert again.state.window_geometry


def test_a_damaged_state_file_is_reported_and_kept_aside(tmp_path: Path) -> None:
    paths = AppPaths.from_platform(tmp_path)
    paths.state.mkdir(parents=True)
    (paths.state / "state.json").write_text('{"minutes": 4')
    files = UserFiles.open(paths)
    assert files.state.minutes == 30
    assert files.problems == [files.problems[0]] and "state.json was damaged" in files.problems[0]
    assert len(list(paths.state.glob("state.json.corrupt-*"))) == 1


def test_choosing_the_theme_saves_it_and_keeps_other_settings(
    qtbot: QtBot,
    tmp_path: Path,
    bridge: SessionBridge,
    audio: AudioBridge,
) -> None:
    paths = AppPaths.from_platform(tmp_path)
    paths.config.mkdir(parents=True)
    (paths.config / "settings.json").write_text('{"checkin_minutes": 6}')
    files = UserFiles.open(paths)
    window = MainWindow(
        bridge, audio, BUILT_IN_PLANS, built_in_plan("classic"), files.state, Checklist(), DARK
    )
    qtbot.addWidget(window)
    window.load_chosen_plan()
    files.keep_theme(window)
    window.commands["light-theme"].trigger()
    saved = json.loads((paths.config / "settings.json").read_text())
    assert saved["theme"] == "light"
    assert saved["checkin_minutes"] == 6
