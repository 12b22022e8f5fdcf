"""The ambience panel on the real mixer (SDL's dummy driver): layers, volumes, mixes, imports."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import soundfile
from fake_clock import FakeClock
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QLabel, QToolButton
from pytestqt.qtbot import QtBot
from ui.conftest import BuildWindow
from ui.window_geometry import place, resize_to, settle, start_button

from app.audio.engine import AudioEngine
from app.audio.library import SoundLibrary
from app.audio.silent import SilentEngine
from app.core.mixes import MixBook
from app.core.room import Checklist, ChecklistItem
from app.core.session import SessionState
from app.core.settings import UiState
from app.paths import find_assets_dir
from app.ui.actions import ActionId
from app.ui.ambience_panel import AmbiencePanel
from app.ui.audio_bridge import AudioBridge
from app.ui.main_window import MainWindow
from app.ui.session_bridge import SessionBridge
from app.ui.theme import DARK, LIGHT, Theme, apply_theme


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
    assert window.ambience.notice.text() == "Added “Garden birds” (0:02)."
    titles = [toggle.title for toggle in window.ambience.toggles.values()]
    assert "Garden birds" in titles


def test_without_a_sound_device_the_panel_says_why_and_the_session_still_runs(
    build_window: BuildWindow, library: SoundLibrary, clock: FakeClock, bridge: SessionBridge
) -> None:
    reason = "No sound device could be opened (the system said: no card)."
    audio = AudioBridge(SilentEngine(reason), library, clock)
    window = build_window(audio)
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
    build_window: BuildWindow,
    library: SoundLibrary,
    clock: FakeClock,
    engine: AudioEngine,
) -> None:
    stand_in = SilentEngine("Sound is starting.")
    stand_in.set_master_volume(0.4)
    audio = AudioBridge(stand_in, library, clock, starting=True)
    window = build_window(audio)
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


# --- a layout that holds, and state you can see ------------------------------------------------

SIZES = [(1024, 600), (1280, 800)]
LONG_TITLE = "Evening rain on the old garden shed roof, the river below"  # 60 with " 01"


def add_sounds_elsewhere(library: SoundLibrary, folder: Path, count: int) -> list[str]:
    """`count` one-second WAVs with long names, imported by another library on the same folder,
    as `lull sounds add` would: the window finds them by watching the folder."""
    other = SoundLibrary.open(find_assets_dir() / "audio", library.index_path.parent)
    titles = []
    for n in range(count):
        title = f"{LONG_TITLE} {n:02d}"
        assert len(title) == 60
        path = folder / f"{title}.wav"
        frames = np.arange(44100 + 441)  # a little over the shortest sound Lull takes
        soundfile.write(path, 0.2 * np.sin(2 * np.pi * (220 + 10 * n) * frames / 44100), 44100)
        titles.append(other.import_file(path).entry.title)
    return titles


def check_nothing_is_cut_without_a_sign(panel: AmbiencePanel) -> None:
    """Every label and button in the panel shows its words whole, or ends them in "…" with the
    whole in its tooltip."""
    for label in panel.findChildren(QLabel):
        if label.isVisible() and label.wordWrap():
            assert label.heightForWidth(label.width()) <= label.height(), label.text()
        elif label.isVisible():
            room = label.contentsRect().width()
            assert label.fontMetrics().horizontalAdvance(label.text()) <= room, label.text()
    for button in panel.findChildren(QToolButton):
        if button.isVisible():
            assert button.sizeHint().width() <= button.width(), button.text()
    for toggle in panel.toggles.values():
        if toggle.is_elided():
            assert toggle.shown.removesuffix("  (missing)").endswith("…")
            assert toggle.title in toggle.toolTip()
    if panel.mix_choice.is_elided():
        assert panel.mix_choice.currentText() in panel.mix_choice.toolTip()


@pytest.fixture(params=[DARK, LIGHT], ids=["dark", "light"])
def theme(request: pytest.FixtureRequest, qapp: QApplication) -> Theme:
    theme: Theme = request.param
    apply_theme(qapp, theme)
    return theme


@pytest.mark.parametrize("size", SIZES, ids=["1024x600", "1280x800"])
def test_twelve_long_named_sounds_scroll_in_the_panel_and_the_window_keeps_its_size(
    qtbot: QtBot,
    theme: Theme,
    window: MainWindow,
    library: SoundLibrary,
    tmp_path: Path,
    size: tuple[int, int],
) -> None:
    resize_to(qtbot, window, size)
    panel = window.ambience
    if not panel.isVisible():  # narrow: the panel is a drawer, opened on call
        window.commands[ActionId.AMBIENCE_PANEL].trigger()
        settle()
    assert panel.isVisible()
    panel_before = place(panel)

    titles = add_sounds_elsewhere(library, tmp_path, 12)
    qtbot.waitUntil(lambda: len(panel.toggles) == 4 + 12, timeout=5_000)
    panel.show_rest_left(19 * 60 + 59.5)  # the rest counting: its longest time left
    settle()

    assert window.size().toTuple() == size
    assert place(panel) == panel_before
    assert window.rect().contains(place(panel))
    scroll = panel.sound_list
    assert scroll.verticalScrollBar().maximum() > 0  # the list scrolls instead
    assert scroll.horizontalScrollBarPolicy() is Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    assert panel.sound_list.widget().width() <= scroll.viewport().width()
    for title in titles:
        toggle = next(t for t in panel.toggles.values() if t.title == title)
        assert toggle.is_elided() and toggle.shown.endswith("…")
        assert title.startswith(toggle.shown.removesuffix("…"))
        assert title in toggle.toolTip()
    assert scroll.viewport().height() >= 2 * next(iter(panel.toggles.values())).height()
    # Master, mute and the mixes stay in sight beneath the list.
    for widget in (
        panel.master,
        panel.mix_choice,
        panel.mix_name,
        panel.rest_choice,
        panel.rest_left,
        panel.add_button,
    ):
        assert place(panel).contains(place(widget))
    check_nothing_is_cut_without_a_sign(panel)
    window.commands[ActionId.MUTE].trigger()
    settle()
    check_nothing_is_cut_without_a_sign(panel)
    if panel.geometry().intersects(window.session_view.geometry()):
        window.commands[ActionId.AMBIENCE_PANEL].trigger()  # the drawer closes
        settle()
    start = start_button(window)
    assert start.isVisible()
    assert window.rect().contains(place(start))
    assert window.size().toTuple() == size


def test_a_long_file_name_in_a_notice_wraps_rather_than_widen_the_panel(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    panel = window.ambience
    width = panel.width()
    least = panel.minimumSizeHint().width()
    broken = tmp_path / "rain_on_the_tin_roof_of_the_garden_shed_recorded_at_dusk_in_june.mp3"
    broken.write_text("not music at all")
    panel.import_file(broken)
    qtbot.waitUntil(lambda: not panel.busy.isVisible(), timeout=10_000)
    settle()
    assert broken.name in panel.notice.text().replace("\u200b", "")
    assert panel.minimumSizeHint().width() == least
    assert panel.width() == width
    assert panel.notice.width() <= panel.contentsRect().width()
    assert panel.notice.heightForWidth(panel.notice.width()) <= panel.notice.height()


def test_muted_shows_in_the_panel_and_nothing_in_the_row_moves(
    theme: Theme, window: MainWindow, audio: AudioBridge
) -> None:
    panel = window.ambience
    settle()
    before = [place(panel.master), place(panel.master_label)]
    assert panel.master_label.text() == "Master" and panel.master.isEnabled()
    window.commands[ActionId.MUTE].trigger()
    settle()
    assert audio.engine.muted
    assert panel.master_label.text() == "Muted"
    assert panel.master_label.font().bold()
    assert not panel.master.isEnabled()  # drawn greyed while nothing is heard
    assert [place(panel.master), place(panel.master_label)] == before
    window.commands[ActionId.MUTE].trigger()
    settle()
    assert panel.master_label.text() == "Master" and panel.master.isEnabled()
    assert not panel.master_label.font().bold()
    assert [place(panel.master), place(panel.master_label)] == before


def test_a_window_opened_muted_says_so(build_window: BuildWindow, audio: AudioBridge) -> None:
    window = build_window(audio, state=UiState(muted=True))
    assert window.ambience.master_label.text() == "Muted"
    assert not window.ambience.master.isEnabled()


@pytest.mark.parametrize("how", ["Return", "Save"])
def test_after_saving_a_mix_space_and_m_go_to_the_session_at_once(
    qtbot: QtBot,
    window: MainWindow,
    checklist: Checklist,
    bridge: SessionBridge,
    audio: AudioBridge,
    how: str,
) -> None:
    for item in ChecklistItem:
        checklist.mark(item)  # a ready room: Space starts at once
    panel = window.ambience
    panel.toggles["river"].click()
    panel.mix_name.setFocus()
    qtbot.waitUntil(panel.mix_name.hasFocus)
    qtbot.keyClicks(panel.mix_name, "Evening")
    with qtbot.waitSignal(panel.doneEditing):
        if how == "Return":
            qtbot.keyClick(panel.mix_name, Qt.Key.Key_Return)
        else:
            save = next(b for b in panel.findChildren(QToolButton) if b.text() == "Save")
            qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert panel.mixes.names() == ["Evening"]
    assert not panel.mix_name.hasFocus()
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Space)
    assert bridge.session.state is SessionState.RUNNING
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_M)
    assert audio.engine.muted
    assert panel.mix_name.text() == ""  # neither key was typed into the field


def test_a_long_mix_name_elides_in_the_list_and_shows_whole_in_its_tooltip(
    window: MainWindow,
) -> None:
    panel = window.ambience
    name = "Sunday evening with the river, the soft rain and a little music"
    panel.toggles["river"].click()
    panel.mix_name.setText(name)
    panel.save_mix()
    settle()
    assert panel.mix_choice.currentText() == name
    assert panel.mix_choice.is_elided()
    assert name in panel.mix_choice.toolTip()
    assert panel.mix_choice.width() <= panel.contentsRect().width()


# --- fade out after ----------------------------------------------------------------------------


def test_the_fade_out_choice_shows_what_was_remembered_and_tells_a_new_one(
    qtbot: QtBot, audio: AudioBridge, commands: dict[ActionId, QAction], mixes: MixBook
) -> None:
    panel = AmbiencePanel(audio, commands[ActionId.MUTE], mixes, rest_minutes=10)
    qtbot.addWidget(panel)
    choice = panel.rest_choice
    assert [choice.itemText(i) for i in range(choice.count())] == [
        "Off",
        "5 min",
        "10 min",
        "20 min",
    ]
    assert choice.currentText() == "10 min"
    assert choice.accessibleName() == "Fade out after"
    with qtbot.waitSignal(panel.restChosen) as chosen:
        choice.activated.emit(3)
    assert chosen.args == [20]


def test_the_fade_out_choice_is_reached_and_changed_from_the_keyboard(
    qtbot: QtBot, window: MainWindow
) -> None:
    panel = window.ambience
    assert panel.rest_choice.currentText() == "Off"
    panel.mix_name.setFocus()
    qtbot.waitUntil(panel.mix_name.hasFocus)
    QApplication.focusWidget().focusNextChild()  # Tab, from the field above it
    while QApplication.focusWidget() is not panel.rest_choice:
        assert QApplication.focusWidget() in (panel.findChildren(QToolButton))
        QApplication.focusWidget().focusNextChild()
    with qtbot.waitSignal(panel.restChosen) as chosen:
        qtbot.keyClick(panel.rest_choice, Qt.Key.Key_Down)
    assert chosen.args == [5]


def test_the_time_left_shows_while_counting_and_goes_when_it_stops(window: MainWindow) -> None:
    panel = window.ambience
    assert not panel.rest_left.isVisible()
    panel.show_rest_left(299.2)
    assert panel.rest_left.isVisible()
    assert panel.rest_left.text() == "The music fades out in 05:00."
    panel.show_rest_ended()
    assert not panel.rest_left.isVisible()


def test_a_sound_just_added_is_scrolled_into_sight(
    qtbot: QtBot, theme: Theme, window: MainWindow, library: SoundLibrary, tmp_path: Path
) -> None:
    resize_to(qtbot, window, (1024, 600))
    panel = window.ambience
    window.commands[ActionId.AMBIENCE_PANEL].trigger()
    add_sounds_elsewhere(library, tmp_path, 8)
    qtbot.waitUntil(lambda: len(panel.toggles) == 4 + 8, timeout=5_000)
    settle()
    path = tmp_path / "Zither at dusk.wav"  # listed last, well below the rows in sight
    soundfile.write(path, 0.2 * np.sin(2 * np.pi * 330 * np.arange(44100 * 2) / 44100), 44100)
    panel.import_file(path)
    qtbot.waitUntil(lambda: not panel.busy.isVisible(), timeout=10_000)
    settle()
    added = next(t for t in panel.toggles.values() if t.title == "Zither at dusk")
    viewport = panel.sound_list.viewport()
    top = added.mapTo(viewport, QPoint(0, 0)).y()
    assert 0 <= top and top + added.height() <= viewport.height()
