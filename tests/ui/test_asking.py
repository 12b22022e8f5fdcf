"""The two questions: "are you sure?", in the dialogs' look, in words alone, and Yes only on
Yes; and a new name, in a field wide enough to show the name whole."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProxyStyle,
    QPushButton,
    QStyle,
    QStyleHintReturn,
    QStyleOption,
    QStyleOptionFrame,
    QWidget,
)
from pytestqt.qtbot import QtBot
from ui.window_geometry import answer_modal

from app.ui.asking import ask_name, confirm
from app.ui.theme import DARK, apply_theme

Button = QMessageBox.StandardButton
QUESTION = "Delete Sam?"
DETAIL = "Sam will be deleted. This cannot be undone."
DIALOG_POINTS = 12  # the type of the app's own dialogs
NAME_CHARS = 40  # "Classic back massage (mine)" and more, whole


class ButtonsWithIcons(QProxyStyle):
    """A desktop's style that puts icons on a dialog's buttons, as some do: a tick on Yes."""

    def styleHint(  # noqa: N802 (Qt's name)
        self,
        hint: QStyle.StyleHint,
        option: QStyleOption | None = None,
        widget: QWidget | None = None,
        returnData: QStyleHintReturn | None = None,  # noqa: N803 (Qt's name)
    ) -> int:
        if hint == QStyle.StyleHint.SH_DialogButtonBox_ButtonsHaveIcons:
            return 1
        return super().styleHint(hint, option, widget, returnData)


@pytest.fixture
def parent(qtbot: QtBot) -> QWidget:
    """A window with no look of its own, as the main window is."""
    parent = QWidget()
    qtbot.addWidget(parent)
    return parent


@pytest.fixture
def icons_on_buttons(qapp: QApplication) -> Iterator[None]:
    qapp.setStyle(ButtonsWithIcons("Fusion"))
    yield  # the app's own style is put back after each test


def pressing(button: Button) -> Callable[[QMessageBox], None]:
    return lambda box: box.button(button).click()


def test_it_is_yes_only_on_the_yes_button(qtbot: QtBot, parent: QWidget) -> None:
    answer_modal(QMessageBox, pressing(Button.Yes))
    assert confirm(parent, QUESTION, DETAIL, yes="Delete") is True
    answer_modal(QMessageBox, pressing(Button.Cancel))
    assert confirm(parent, QUESTION, DETAIL, yes="Delete") is False
    answer_modal(QMessageBox, lambda box: qtbot.keyClick(box, Qt.Key.Key_Escape))
    assert confirm(parent, QUESTION, DETAIL, yes="Delete") is False


@pytest.mark.parametrize(("yes_by_default", "default"), [(False, "Cancel"), (True, "Delete")])
def test_cancel_is_the_default_unless_yes_is_asked_for(
    qtbot: QtBot, parent: QWidget, yes_by_default: bool, default: str
) -> None:
    asked = answer_modal(QMessageBox, lambda box: qtbot.keyClick(box, Qt.Key.Key_Return))
    answer = confirm(parent, QUESTION, DETAIL, yes="Delete", yes_by_default=yes_by_default)
    assert answer is yes_by_default
    assert asked[0].defaultButton().text() == default


def test_it_asks_in_the_dialogs_type_without_a_question_mark(parent: QWidget) -> None:
    seen: list[tuple[str, float, bool]] = []

    def look(box: QMessageBox) -> None:
        words = next(label for label in box.findChildren(QLabel) if label.text() == box.text())
        seen.append((box.text(), words.font().pointSizeF(), box.iconPixmap().isNull()))
        box.button(Button.Cancel).click()

    answer_modal(QMessageBox, look)
    confirm(parent, QUESTION, DETAIL)
    assert seen == [(f"{QUESTION}\n\n{DETAIL}", DIALOG_POINTS, True)]


@pytest.mark.usefixtures("icons_on_buttons")
def test_its_buttons_say_what_they_do_in_words_alone(parent: QWidget) -> None:
    seen: list[tuple[str, bool]] = []

    def look(box: QMessageBox) -> None:
        seen.extend((button.text(), button.icon().isNull()) for button in box.buttons())
        box.button(Button.Cancel).click()

    answer_modal(QMessageBox, look)
    confirm(parent, QUESTION, DETAIL, yes="Delete", no="Keep")
    # No tick on a destructive Delete, no cross on Cancel: the words say it.
    assert sorted(seen) == [("Delete", True), ("Keep", True)]


NAMES = ["Classic back massage (mine)", "Sunday evening for Sam, slow and gentle", "Rain"]


@pytest.mark.parametrize("current", NAMES)
def test_a_name_is_asked_for_in_a_field_that_shows_it_whole_and_selected(
    qtbot: QtBot, qapp: QApplication, parent: QWidget, current: str
) -> None:
    apply_theme(qapp, DARK)  # the app's type: a field's is larger than a bare dialog's
    seen: list[tuple[bool, bool, str, float]] = []

    def look(dialog: QInputDialog) -> None:
        field = dialog.findChild(QLineEdit)
        metrics = field.fontMetrics()
        room = field.style().subElementRect(
            QStyle.SubElement.SE_LineEditContents, _option(field), field
        )
        words = next(label for label in dialog.findChildren(QLabel) if label.text())
        seen.append(
            (
                room.width() >= metrics.horizontalAdvance(current),
                room.width() >= metrics.averageCharWidth() * NAME_CHARS,
                field.selectedText(),
                words.font().pointSizeF(),
            )
        )
        qtbot.keyClicks(field, "Evening calm ")  # typed over the name selected
        qtbot.keyClick(field, Qt.Key.Key_Return)

    answer_modal(QInputDialog, look)
    assert ask_name(parent, "Rename the plan", current) == "Evening calm"
    assert seen == [(True, True, current, DIALOG_POINTS)]


def test_a_name_not_given_is_empty(qtbot: QtBot, parent: QWidget) -> None:
    answer_modal(QInputDialog, lambda dialog: qtbot.keyClick(dialog, Qt.Key.Key_Escape))
    assert ask_name(parent, "Rename the mix", "Rain and river") == ""


def _option(field: QLineEdit) -> QStyleOptionFrame:
    option = QStyleOptionFrame()
    field.initStyleOption(option)
    return option


@pytest.mark.usefixtures("icons_on_buttons")
def test_the_name_is_asked_for_with_buttons_in_words_alone(parent: QWidget) -> None:
    seen: list[tuple[str, bool]] = []

    def look(dialog: QInputDialog) -> None:
        seen.extend((b.text(), b.icon().isNull()) for b in dialog.findChildren(QPushButton))
        dialog.reject()

    answer_modal(QInputDialog, look)
    ask_name(parent, "Rename the mix", "Rain and river")
    assert sorted(seen) == [("Cancel", True), ("Rename", True)]
