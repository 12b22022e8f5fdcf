"""The safety check: answered from the keyboard, and what comes of the answers."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel
from pytestqt.qtbot import QtBot
from ui.window_geometry import amber_pixels

from app.core.people import Concern, SafetyCheck, safety_advice
from app.ui.safety_check import SafetyCheckDialog
from app.ui.theme import DARK, apply_theme

ASKED_ON = date(2026, 3, 3)  # not today: the day is the caller's to give


def press(qtbot: QtBot, key: Qt.Key, times: int = 1) -> None:
    """A key pressed where the keyboard is now, as a user would."""
    for _ in range(times):
        focus = QApplication.focusWidget()
        assert focus is not None
        qtbot.keyClick(focus, key)


@pytest.fixture
def dialog(qtbot: QtBot) -> SafetyCheckDialog:
    return opened(qtbot, SafetyCheckDialog("Sam", ASKED_ON))


def opened(qtbot: QtBot, dialog: SafetyCheckDialog) -> SafetyCheckDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    return dialog


def tick_injury_and_pregnancy(qtbot: QtBot, dialog: SafetyCheckDialog) -> None:
    """The first question and the sixth ticked with Space, moving down with Tab."""
    assert QApplication.focusWidget() is dialog.boxes[Concern.INJURY]
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_Tab, times=5)
    assert QApplication.focusWidget() is dialog.boxes[Concern.PREGNANCY]
    press(qtbot, Qt.Key.Key_Space)


def test_it_asks_every_question_kindly_by_name(dialog: SafetyCheckDialog) -> None:
    assert dialog.windowTitle() == "Safety check for Sam"
    headings = [label.text() for label in dialog.questions.findChildren(QLabel)]
    # Asked before a first session, and again when something changed: words for both.
    assert headings == ["A few questions to ask Sam", "Tick any that is true for them today."]
    assert [box.text() for box in dialog.boxes.values()] == [c.question for c in Concern]
    assert not any(box.isChecked() for box in dialog.boxes.values())


def test_the_first_question_has_the_keyboard_but_does_not_look_ticked(
    qtbot: QtBot, qapp: QApplication
) -> None:
    apply_theme(qapp, DARK)
    dialog = opened(qtbot, SafetyCheckDialog("Sam", ASKED_ON))
    focused, plain, ticked = (
        dialog.boxes[concern] for concern in (Concern.INJURY, Concern.UNWELL, Concern.RASH)
    )
    ticked.click()
    assert QApplication.focusWidget() is focused
    assert amber_pixels(focused, inside=3) == 0  # its words and its box as when not focused
    assert amber_pixels(focused) > 0  # an outline around it
    assert amber_pixels(plain) == 0
    assert amber_pixels(ticked, inside=3) > 0  # the ticked one, and only it, in amber


def test_when_nothing_applies_enter_goes_on(qtbot: QtBot, dialog: SafetyCheckDialog) -> None:
    assert dialog.continue_button.text() == "&None of these"
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.going_on
    assert dialog.check == SafetyCheck(asked_on=ASKED_ON, applies=frozenset())


def test_when_some_apply_the_advice_names_them(qtbot: QtBot, dialog: SafetyCheckDialog) -> None:
    tick_injury_and_pregnancy(qtbot, dialog)
    assert dialog.continue_button.text() == "&Continue"
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.isVisible()  # not answered yet: Lull has a suggestion first
    assert dialog.suggestion.isVisible() and not dialog.questions.isVisible()
    assert dialog.advice.text() == safety_advice(dialog.check)
    assert "a recent injury or surgery and pregnancy" in dialog.advice.text()
    assert QApplication.focusWidget() is dialog.skip_button


def test_skip_today_keeps_the_answers_and_does_not_go_on(
    qtbot: QtBot, dialog: SafetyCheckDialog
) -> None:
    tick_injury_and_pregnancy(qtbot, dialog)
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Return)  # Skip today is the default
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert not dialog.going_on
    assert dialog.check == SafetyCheck(
        asked_on=ASKED_ON, applies=frozenset({Concern.INJURY, Concern.PREGNANCY})
    )


def test_the_giver_may_go_on_anyway(qtbot: QtBot, dialog: SafetyCheckDialog) -> None:
    tick_injury_and_pregnancy(qtbot, dialog)
    press(qtbot, Qt.Key.Key_Return)
    dialog.go_on_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.going_on
    assert dialog.check.applies == {Concern.INJURY, Concern.PREGNANCY}
    assert dialog.check.asked_on == ASKED_ON


def test_back_returns_to_the_questions_with_the_answers_kept(
    qtbot: QtBot, dialog: SafetyCheckDialog
) -> None:
    tick_injury_and_pregnancy(qtbot, dialog)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.keyClick(dialog.skip_button, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(dialog.questions.isVisible)
    assert not dialog.suggestion.isVisible()
    assert dialog.check.applies == {Concern.INJURY, Concern.PREGNANCY}
    dialog.boxes[Concern.INJURY].click()
    dialog.boxes[Concern.PREGNANCY].click()
    press(qtbot, Qt.Key.Key_Return)  # nothing applies now: on we go
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.going_on


def test_back_to_the_questions_is_the_questions_size_again(
    qtbot: QtBot, dialog: SafetyCheckDialog
) -> None:
    """It grew by a third after Back, with gaps under the heading, over the window behind."""
    first = dialog.height()
    tick_injury_and_pregnancy(qtbot, dialog)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.keyClick(dialog.skip_button, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(dialog.questions.isVisible)
    qtbot.wait(20)  # what a turn of the event loop does to it
    assert dialog.height() == first


def test_escape_leaves_the_questions_unanswered(qtbot: QtBot, dialog: SafetyCheckDialog) -> None:
    dialog.boxes[Concern.UNWELL].click()
    press(qtbot, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert not dialog.going_on
