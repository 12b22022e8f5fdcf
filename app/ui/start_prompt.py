"""A gentle word at Start when the room is not ready: what is left, and start anyway."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from app.ui.banner import Banner


class StartPrompt(Banner):
    startAnyway = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Before you start", parent)
        self.text = QLabel()
        self.text.setObjectName("bannerText")
        self.text.setWordWrap(True)
        start = QToolButton()
        start.setText("Start anyway (Space)")
        start.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        start.clicked.connect(self.startAnyway)
        later = QToolButton()
        later.setText("Not yet")
        later.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        later.clicked.connect(self.dismiss)
        buttons = QHBoxLayout()
        buttons.addWidget(start)
        buttons.addWidget(later)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.text)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def ask(self, left_to_do: list[str]) -> None:
        # Semicolons: an item may hold a comma of its own ("Comfortable, seated").
        self.text.setText("Not done yet: " + "; ".join(left_to_do).lower() + ".")
        self.raise_question()
