"""What Lull remembers between runs, and how it survives damaged files."""

from __future__ import annotations

import json
from pathlib import Path

from pytestqt.qtbot import QtBot
from ui.conftest import BuildWindow

from app.main import keep_theme
from app.paths import AppPaths
from app.ui.audio_bridge import AudioBridge
from app.ui.main_window import MainWindow
from app.user_files import UserFiles


def test_the_window_state_and_mix_are_remembered_for_next_time(
    qtbot: QtBot, window: MainWindow, audio: AudioBridge, tmp_path: Path
) -> None:
    files = UserFiles.open(AppPaths.from_platform(tmp_path))
    window.ambience.toggles["rain"].click()
    window.ambience.sliders["rain"].setValue(30)
    window.top_bar.minutes.setValue(45)
    files.remember(window.ui_state())
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
    assert len(files.problems) == 1
    assert "could not be used" in files.problems[0] and "state.json.corrupt-" in files.problems[0]
    assert len(list(paths.state.glob("state.json.corrupt-*"))) == 1


def test_choosing_the_theme_saves_it_and_keeps_every_other_key(
    tmp_path: Path, build_window: BuildWindow, audio: AudioBridge
) -> None:
    paths = AppPaths.from_platform(tmp_path)
    paths.config.mkdir(parents=True)
    original = {"checkin_minutes": 6, "towel_lead_minutes": "soon", "colour": "blue"}
    (paths.config / "settings.json").write_text(json.dumps(original))
    files = UserFiles.open(paths)
    assert files.problems == [
        'In settings.json, towel_lead_minutes = "soon" is not usable, so the default is used.'
    ]
    window = build_window(audio, state=files.state, mix_book=files.mixes)
    window.themeChosen.connect(lambda theme: keep_theme(files, theme, window))
    window.commands["light-theme"].trigger()
    saved = json.loads((paths.config / "settings.json").read_text())
    assert saved == {**original, "theme": "light"}
