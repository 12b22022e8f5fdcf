"""A question put to the giver in place of the cue card, until it is answered or set aside."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QWidget

from app.ui.timers import single_shot


class Banner(QFrame):
    shown = Signal()  # the question is being asked
    hidden = Signal()  # answered, set aside, or gone by itself

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setAccessibleName(accessible_name)
        self._asking = False
        self._timeout = single_shot(self, self.dismiss)

    @property
    def asking(self) -> bool:
        return self._asking

    def raise_question(self, timeout_ms: int | None = None) -> None:
        self._asking = True
        if timeout_ms is not None:
            self._timeout.start(timeout_ms)
        self.shown.emit()

    def dismiss(self) -> None:
        self._timeout.stop()
        was_asking, self._asking = self._asking, False
        if was_asking:
            self.hidden.emit()
