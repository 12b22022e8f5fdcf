"""Where things are in a window under test, waiting for its layout, and answering its dialogs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QInputDialog,
    QMessageBox,
    QToolButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.ui.actions import ActionId
from app.ui.main_window import MainWindow
from app.ui.theme import DARK


def settle() -> None:
    """Let posted layout requests run, and those they post in turn."""
    for _ in range(5):
        QApplication.sendPostedEvents()
        QApplication.processEvents()


def resize_to(qtbot: QtBot, window: QWidget, size: tuple[int, int]) -> None:
    """The window at `size`, once its layout has settled there."""

    def there() -> bool:
        window.resize(*size)
        settle()
        return window.size().toTuple() == size

    qtbot.waitUntil(there)
    settle()


def place(widget: QWidget) -> QRect:
    """Where the widget is, in its window's coordinates."""
    return QRect(widget.mapTo(widget.window(), QPoint(0, 0)), widget.size())


def shown(widget: QWidget) -> bool:
    """Visible, and not hidden behind a drawer or outside its scrolled viewport."""
    return widget.isVisible() and not widget.visibleRegion().isEmpty()


def show_dialog(qtbot: QtBot, dialog: QDialog) -> QDialog:
    """The dialog shown, exposed and active, with the keyboard in one of its fields."""
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    return dialog


def press(
    qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    """A key pressed where the keyboard is now, as a user would."""
    focus = QApplication.focusWidget()
    assert focus is not None
    qtbot.keyClick(focus, key, modifier)


def alt(qtbot: QtBot, key: Qt.Key) -> None:
    press(qtbot, key, Qt.KeyboardModifier.AltModifier)


def start_button(window: MainWindow) -> QToolButton:
    start = window.commands[ActionId.START_PAUSE]
    return next(
        b for b in window.findChildren(QToolButton) if b.defaultAction() is start and b.isVisible()
    )


def answer_next_dialog(qtbot: QtBot, *, name: str | None = None) -> None:
    """The next modal dialog, answered as a user would: `name` typed and OK pressed in a name
    dialog, or Yes pressed in a question."""

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QInputDialog) and name is not None:
            dialog.setTextValue(name)
            dialog.accept()
        elif isinstance(dialog, QMessageBox):
            dialog.button(QMessageBox.StandardButton.Yes).click()
        else:
            QTimer.singleShot(10, answer)  # not shown yet

    QTimer.singleShot(0, answer)


def amber_pixels(widget: QWidget, inside: int = 0) -> int:
    """How many of the widget's pixels are drawn in the theme's amber, `inside` pixels in from
    its edges."""
    image = widget.grab().toImage()
    amber = QColor(DARK.accent).rgb()
    area = image.rect().adjusted(inside, inside, -inside, -inside)
    return sum(
        image.pixel(x, y) == amber
        for x in range(area.left(), area.right() + 1)
        for y in range(area.top(), area.bottom() + 1)
    )


def answer_question(qtbot: QtBot, answer: QMessageBox.StandardButton) -> list[str]:
    """The next question answered as a user would, pressing `answer`; what it asked, once shown."""
    asked: list[str] = []

    def press(box: QMessageBox) -> None:
        asked.append(box.text())
        box.button(answer).click()

    answer_modal(QMessageBox, press)
    return asked


W = TypeVar("W", bound=QWidget)


def answer_modal(kind: type[W], answer: Callable[[W], None]) -> list[W]:
    """The next modal dialog of `kind`, answered with `answer` once it is shown; the dialog, to
    look at afterwards."""
    shown: list[W] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind):
            QTimer.singleShot(10, look)  # not shown yet
            return
        shown.append(dialog)
        answer(dialog)

    QTimer.singleShot(0, look)
    return shown


def answer_file_dialog(qtbot: QtBot, path: Path | None) -> list[str]:
    """The next file dialog answered with `path`, or cancelled (None); the file it suggested."""
    suggested: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(10, answer)  # not shown yet
            return
        suggested.extend(dialog.selectedFiles())
        if path is None:
            dialog.reject()
        else:
            dialog.selectFile(str(path))
            dialog.accept()

    QTimer.singleShot(0, answer)
    return suggested
