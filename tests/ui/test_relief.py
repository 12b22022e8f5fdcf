"""The question after a session: how much relief it brought, answered or skipped."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from app.ui.relief import ReliefDialog


def press(
    qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    """A key pressed where the keyboard is now, as a user would."""
    focus = QApplication.focusWidget()
    assert focus is not None
    qtbot.keyClick(focus, key, modifier)


@pytest.fixture
def dialog(qtbot: QtBot) -> ReliefDialog:
    dialog = ReliefDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    return dialog


def test_it_offers_every_rating_from_none_to_complete(dialog: ReliefDialog) -> None:
    buttons = dialog.ratings.buttons()
    assert [button.text() for button in buttons] == [str(n) for n in range(11)]
    assert buttons[10].accessibleName() == "Relief 10 of 10"
    assert not any(button.isChecked() for button in buttons)
    assert dialog.relief is None


def test_save_gives_the_rating_and_the_note(qtbot: QtBot, dialog: ReliefDialog) -> None:
    dialog.ratings.button(7).click()
    qtbot.keyClicks(dialog.note_field, "  Shoulders much looser ")
    dialog.save_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert (dialog.relief, dialog.note) == (7, "Shoulders much looser")


def test_it_is_answered_from_the_keyboard(qtbot: QtBot, dialog: ReliefDialog) -> None:
    assert QApplication.focusWidget() is dialog.ratings.button(0)
    press(qtbot, Qt.Key.Key_Right)
    press(qtbot, Qt.Key.Key_Right)
    press(qtbot, Qt.Key.Key_Space)  # 2
    press(qtbot, Qt.Key.Key_Right)  # the choice moves with the keyboard: 3
    assert dialog.relief == 3
    press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is dialog.note_field
    qtbot.keyClicks(dialog.note_field, "slept well")
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert (dialog.relief, dialog.note) == (3, "slept well")


def test_a_note_alone_can_be_saved_without_a_rating(qtbot: QtBot, dialog: ReliefDialog) -> None:
    qtbot.keyClicks(dialog.note_field, "fell asleep halfway")
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert (dialog.relief, dialog.note) == (None, "fell asleep halfway")


@pytest.mark.parametrize("how", ["button", "escape"])
def test_skip_gives_nothing(qtbot: QtBot, dialog: ReliefDialog, how: str) -> None:
    dialog.ratings.button(5).click()
    if how == "button":
        press(qtbot, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)
    else:
        press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())  # a mnemonic clicks after a moment
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_it_fits_its_screen(dialog: ReliefDialog) -> None:
    room = dialog.screen().availableGeometry()
    assert dialog.frameGeometry().width() < room.width()
    for button in dialog.ratings.buttons():
        assert button.width() >= button.sizeHint().width()
