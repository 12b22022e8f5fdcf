"""The voice's controls show the giver's choices, send each change on, work from the keyboard,
and fit a side column at 1024x600."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.ui.theme import DARK, apply_theme
from app.ui.voice_controls import VoiceControls

SIDE_COLUMN = round(1024 * 0.22)  # the narrowest a side column is, at 1024x600


@pytest.fixture
def controls(qtbot: QtBot) -> VoiceControls:
    controls = VoiceControls(voice=True, volume=0.9, heads_up_seconds=15)
    qtbot.addWidget(controls)
    controls.show()
    qtbot.waitExposed(controls)
    return controls


def test_it_shows_the_choices_it_was_given(qtbot: QtBot) -> None:
    controls = VoiceControls(voice=False, volume=0.4, heads_up_seconds=0)
    qtbot.addWidget(controls)
    assert not controls.voice.isChecked()
    assert controls.volume.value() == 40 and not controls.volume.isEnabled()
    assert controls.heads_up.currentText() == "Off" and controls.heads_up_seconds == 0


def test_a_heads_up_length_set_by_hand_is_kept_and_shown(qtbot: QtBot) -> None:
    controls = VoiceControls(voice=True, volume=0.9, heads_up_seconds=12)
    qtbot.addWidget(controls)
    items = [controls.heads_up.itemText(i) for i in range(controls.heads_up.count())]
    assert items == ["Off", "10 seconds", "12 seconds", "15 seconds", "20 seconds", "30 seconds"]
    assert controls.heads_up_seconds == 12


def test_turning_the_voice_off_from_the_keyboard_sends_it_and_rests_its_volume(
    qtbot: QtBot, controls: VoiceControls
) -> None:
    controls.voice.setFocus()
    with qtbot.waitSignal(controls.voiceChanged) as changed:
        qtbot.keyClick(controls.voice, Qt.Key.Key_Space)
    assert changed.args == [False]
    assert not controls.volume.isEnabled()


def test_the_volume_moves_from_the_keyboard(qtbot: QtBot, controls: VoiceControls) -> None:
    controls.volume.setFocus()
    with qtbot.waitSignal(controls.volumeChanged) as changed:
        qtbot.keyClick(controls.volume, Qt.Key.Key_Right)
    assert changed.args == [pytest.approx(0.91)]


def test_a_heads_up_length_is_chosen_from_the_keyboard(
    qtbot: QtBot, controls: VoiceControls
) -> None:
    controls.heads_up.setFocus()
    with qtbot.waitSignal(controls.headsUpChanged) as changed:
        qtbot.keyClick(controls.heads_up, Qt.Key.Key_Down)
    assert changed.args == [20]


def test_tab_reaches_every_control_in_order(qtbot: QtBot, controls: VoiceControls) -> None:
    controls.voice.setFocus()
    reached: list[QWidget | None] = [QApplication.focusWidget()]
    for _ in range(2):
        controls.focusNextChild()
        reached.append(QApplication.focusWidget())
    assert reached == [controls.voice, controls.volume, controls.heads_up]


def test_it_fits_a_side_column_at_1024x600(qtbot: QtBot, qapp: QApplication) -> None:
    apply_theme(qapp, DARK)
    controls = VoiceControls(voice=True, volume=0.9, heads_up_seconds=15)
    qtbot.addWidget(controls)
    controls.setFixedWidth(SIDE_COLUMN)
    controls.show()
    qtbot.waitExposed(controls)
    assert controls.heads_up.width() >= controls.heads_up.minimumSizeHint().width()
    assert controls.sizeHint().height() <= 600 // 3  # a third of the height, at most
