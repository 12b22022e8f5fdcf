"""The look of the app's dialogs, and the two questions the window asks in one: a new name, and
"are you sure?"."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStyle,
    QStyleOptionFrame,
    QWidget,
)

NAME_CHARS = 40  # "Classic back massage (mine)" whole, and longer names too

# The dialogs' own look, from the palette apply_theme() sets, so it follows the theme: type the
# size of the theme's fields, and buttons drawn like the app's tool buttons (the default filled).
# The keyboard's place is outlined in amber, as on the fields; what is ticked or chosen has its
# words in amber, so the two never look alike.
DIALOG_LOOK = """
QLabel, QCheckBox, QRadioButton, QPushButton { font-size: 12pt; }
QCheckBox, QRadioButton {
    spacing: 8px; padding: 3px 6px; border: 1px solid transparent; border-radius: 6px;
}
/* A tick big enough to see at a glance. */
QCheckBox::indicator, QRadioButton::indicator { width: 1.2em; height: 1.2em; }
QCheckBox:checked, QRadioButton:checked { color: palette(highlight); }
QCheckBox:focus, QRadioButton:focus { border-color: palette(highlight); }
QLabel#problem { color: palette(highlight); }
QLabel#heading { font-size: 15pt; font-weight: bold; }
QPushButton {
    background: palette(base); border: 1px solid palette(alternate-base); border-radius: 10px;
    padding: 0.4em 1em;
}
QPushButton:hover { border-color: palette(placeholder-text); }
QPushButton:focus { border-color: palette(highlight); }
QPushButton:default {
    background: palette(highlight); color: palette(window); border-color: palette(highlight);
}
QPushButton:default:focus { border-color: palette(text); }
/* The track drawn, so that a handle halfway down reads as a place in it, not as a bar that has
   slid away from the top with the contents. */
QScrollBar:vertical { background: palette(base); border-radius: 6px; }
"""


def ask_name(parent: QWidget, title: str, current: str) -> str:
    """A new name typed by the user, stripped; empty when they cancelled. The name is shown
    whole and selected, to type over or to change."""
    dialog = QInputDialog(parent)
    dialog.setStyleSheet(DIALOG_LOOK)
    dialog.setWindowTitle(title)
    dialog.setLabelText("New name:")
    dialog.setTextValue(current)
    dialog.setOkButtonText("Rename")  # what it does; its buttons are made here
    field = dialog.findChild(QLineEdit)
    assert field is not None  # made as its text was set
    field.ensurePolished()  # measured in the type the style sheets give it
    field.setMinimumWidth(_width_for(field, current))
    field.selectAll()
    _in_words(dialog)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    name = dialog.textValue().strip()
    dialog.deleteLater()  # asked once: not kept in its parent afterwards
    return name if accepted else ""


def _width_for(field: QLineEdit, text: str) -> int:
    """Wide enough to show `text` whole, and never less than NAME_CHARS characters."""
    metrics = field.fontMetrics()
    words = max(metrics.averageCharWidth() * NAME_CHARS, metrics.horizontalAdvance(text))
    option = QStyleOptionFrame()
    field.initStyleOption(option)
    # A character more, for the cursor and the margins the field keeps inside its frame.
    contents = QSize(words + metrics.averageCharWidth(), metrics.height())
    return (
        field.style()
        .sizeFromContents(QStyle.ContentsType.CT_LineEdit, option, contents, field)
        .width()
    )


def confirm(
    parent: QWidget,
    question: str,
    detail: str,
    *,
    yes: str = "",
    no: str = "",
    yes_by_default: bool = False,
) -> bool | None:
    """Yes or Cancel, under other names when given; Cancel is the default unless asked. In the
    dialogs' look, without the question mark of a system's message box. None: not answered
    (Lull was told to quit while it asked)."""
    Button = QMessageBox.StandardButton
    box = QMessageBox(QMessageBox.Icon.NoIcon, "Lull", f"{question}\n\n{detail}", parent=parent)
    box.setStyleSheet(DIALOG_LOOK)
    box.setStandardButtons(Button.Yes | Button.Cancel)
    box.setDefaultButton(Button.Yes if yes_by_default else Button.Cancel)
    for which, text in ((Button.Yes, yes), (Button.Cancel, no)):
        if text:
            box.button(which).setText(text)
    _in_words(box)
    # Closed with no button pressed (Lull quitting closes every window; Esc presses Cancel):
    # not answered, though the box then reports its Cancel.
    pressed: list[QAbstractButton] = []
    box.buttonClicked.connect(pressed.append)
    box.exec()
    return box.standardButton(pressed[0]) == Button.Yes if pressed else None


def _in_words(dialog: QDialog) -> None:
    """Its buttons in words alone: a desktop's icons would put a tick on "Delete"."""
    for button in dialog.findChildren(QPushButton):
        button.setIcon(QIcon())
