"""The look of the app's dialogs, and the two questions the window asks in one: a new name, and
"are you sure?"."""

from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

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
    """A new name typed by the user, stripped; empty when they cancelled."""
    text, accepted = QInputDialog.getText(parent, title, "New name:", text=current)
    return text.strip() if accepted else ""


def confirm(
    parent: QWidget,
    question: str,
    detail: str,
    *,
    yes: str = "",
    no: str = "",
    yes_by_default: bool = False,
) -> bool:
    """Yes or Cancel, under other names when given; Cancel is the default unless asked. In the
    dialogs' look, without the question mark of a system's message box."""
    Button = QMessageBox.StandardButton
    box = QMessageBox(QMessageBox.Icon.NoIcon, "Lull", f"{question}\n\n{detail}", parent=parent)
    box.setStyleSheet(DIALOG_LOOK)
    box.setStandardButtons(Button.Yes | Button.Cancel)
    box.setDefaultButton(Button.Yes if yes_by_default else Button.Cancel)
    for which, text in ((Button.Yes, yes), (Button.Cancel, no)):
        button = box.button(which)
        button.setIcon(QIcon())  # words alone: a desktop's icons would put a tick on "Delete"
        if text:
            button.setText(text)
    return box.exec() == Button.Yes
