"""The question after a session: how much relief it brought, answered or skipped."""

from __future__ import annotations

import pytest
from fake_clock import FakeClock
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
def dialog(qtbot: QtBot, clock: FakeClock) -> ReliefDialog:
    dialog = ReliefDialog(clock=clock)
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


@pytest.mark.parametrize("number", range(10))
def test_a_number_key_chooses_that_rating_and_the_arrows_go_on_from_it(
    qtbot: QtBot, dialog: ReliefDialog, number: int
) -> None:
    press(qtbot, Qt.Key(Qt.Key.Key_0.value + number))  # no mouse needed, with oily hands
    assert dialog.relief == number
    assert QApplication.focusWidget() is dialog.ratings.button(number)
    press(qtbot, Qt.Key.Key_Right)
    assert dialog.relief == number + 1


def test_a_number_key_chooses_from_the_buttons_too(qtbot: QtBot, dialog: ReliefDialog) -> None:
    dialog.save_button.setFocus()
    press(qtbot, Qt.Key.Key_8)
    assert dialog.relief == 8
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.relief == 8


@pytest.mark.parametrize(("pause", "relief"), [(0.6, 10), (1.5, 0)])
def test_one_then_zero_soon_after_is_ten(
    qtbot: QtBot, dialog: ReliefDialog, clock: FakeClock, pause: float, relief: int
) -> None:
    press(qtbot, Qt.Key.Key_1)
    assert dialog.relief == 1
    clock.advance(pause)
    press(qtbot, Qt.Key.Key_0)
    assert dialog.relief == relief
    press(qtbot, Qt.Key.Key_0)  # ten is "1" and "0"; another "0" is a new choice
    assert dialog.relief == 0


def test_numbers_typed_in_the_note_stay_in_the_note(qtbot: QtBot, dialog: ReliefDialog) -> None:
    dialog.ratings.button(4).click()
    qtbot.keyClicks(dialog.note_field, "2 knots, 1 gone")
    assert (dialog.relief, dialog.note) == (4, "2 knots, 1 gone")


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
