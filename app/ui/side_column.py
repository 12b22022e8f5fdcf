"""A side panel made of cards one above the other: on a short screen it scrolls rather than
squeeze them, and what has the keyboard is scrolled into sight."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFrame, QScrollArea, QVBoxLayout, QWidget

CARD_GAP = 12


class SideColumn(QScrollArea):
    def __init__(self, *cards: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sideColumn")
        inner = self._cards = QWidget()
        inner.setObjectName("sideColumnCards")
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(CARD_GAP)
        for card in cards:
            layout.addWidget(card)
        layout.addStretch(1)  # the cards keep their height; what is left stays empty below them
        self.setWidget(inner)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # Opaque, in the window's own colour: as a drawer it lies over the session.
        inner.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._follow_focus)

    def _follow_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None and self._cards.isAncestorOf(new):
            self.ensureWidgetVisible(new)
