"""The two questions the window asks in a dialog: a new name, and "are you sure?"."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget


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
    """Yes or Cancel, under other names when given; Cancel is the default unless asked."""
    Button = QMessageBox.StandardButton
    box = QMessageBox(QMessageBox.Icon.Question, "Lull", f"{question}\n\n{detail}", parent=parent)
    box.setStandardButtons(Button.Yes | Button.Cancel)
    box.setDefaultButton(Button.Yes if yes_by_default else Button.Cancel)
    for button, text in ((Button.Yes, yes), (Button.Cancel, no)):
        if text:
            box.button(button).setText(text)
    return box.exec() == Button.Yes
