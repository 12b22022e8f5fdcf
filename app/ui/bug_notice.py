"""The calm word shown when a bug reaches a slot: Lull keeps running, the details are logged."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget


class BugNotice(QMessageBox):
    """One notice at a time, not modal to the session: the timer and the sound carry on."""

    def __init__(self, parent: QWidget, log_file: Path | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Lull")
        self.setIcon(QMessageBox.Icon.Information)
        where = f"the details are in {log_file}" if log_file else "the details are in the log"
        self.setText("Something went wrong. Lull keeps running; " + where + ".")
        self.setStandardButtons(QMessageBox.StandardButton.Ok)

    def tell(self) -> None:
        if not self.isVisible():
            self.open()
