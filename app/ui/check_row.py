"""A check box whose words wrap onto a second line in a narrow column instead of being cut."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QSizePolicy, QWidget


class _Words(QLabel):
    """The words beside the box: a click on them ticks it, as on a check box's own text."""

    def __init__(self, box: QCheckBox) -> None:
        super().__init__()
        self._box = box
        self.setObjectName("checkWords")
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        if event.button() is Qt.MouseButton.LeftButton and self._box.isEnabled():
            self._box.toggle()


class CheckRow(QWidget):
    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QCheckBox()
        self.box.setAccessibleName(text)
        self.words = _Words(self.box)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.box, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.words, 1)
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name, as a check box has)
        self.words.setText(text)
        self.box.setAccessibleName(text)

    def text(self) -> str:
        return self.words.text()
