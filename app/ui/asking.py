"""The two questions the window asks in a dialog: a new name, and "are you sure?"."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget


def ask_name(parent: QWidget, title: str, current: str) -> str:
    """A new name typed by the user, stripped; empty when they cancelled."""
    text, accepted = QInputDialog.getText(parent, title, "New name:", text=current)
    return text.strip() if accepted else ""


def confirm(parent: QWidget, question: str, detail: str) -> bool:
    answer = QMessageBox.question(
        parent,
        "Lull",
        f"{question}\n\n{detail}",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Yes
