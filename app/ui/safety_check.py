"""The safety check: a few questions to ask before the first massage with someone, and again
whenever something changed; and, when one applies, what Lull suggests."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.people import Concern, SafetyCheck, safety_advice
from app.ui.asking import DIALOG_LOOK
from app.ui.people import dialog_layout, fit_screen

READING_WIDTH_LINES = 34  # wide enough that the questions and the advice read at ease


class SafetyCheckDialog(QDialog):
    """Accepted once answered, with `check` to keep and `going_on` saying whether the massage
    goes ahead today; rejected (Esc, Not now) when the questions were not asked."""

    def __init__(self, name: str, asked_on: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Safety check for {name}")
        self.setStyleSheet(DIALOG_LOOK)
        self.asked_on = asked_on
        self.going_on = False
        line = self.fontMetrics().height()

        self.boxes = {concern: QCheckBox(concern.question) for concern in Concern}
        self.continue_button = QPushButton()
        self.continue_button.clicked.connect(self._continue)
        not_now = QPushButton("Not now")
        not_now.setAutoDefault(False)
        not_now.clicked.connect(self.reject)
        self.questions = QWidget()
        questions = QVBoxLayout(self.questions)
        questions.setContentsMargins(0, 0, 0, 0)
        # Words for both times: before a first session, and when something changed.
        questions.addWidget(_heading(f"A few questions to ask {name}"))
        questions.addWidget(_secondary("Tick any that is true for them today."))
        questions.addSpacing(line)
        for box in self.boxes.values():
            box.toggled.connect(self._show_continue)
            questions.addWidget(box)
        questions.addSpacing(line)
        questions.addLayout(_buttons(not_now, self.continue_button))

        self.advice = QLabel()
        self.advice.setWordWrap(True)
        back = QPushButton("&Back")
        back.setAutoDefault(False)
        back.clicked.connect(self._back)
        self.go_on_button = QPushButton("&Go on anyway")
        self.go_on_button.setAutoDefault(False)
        self.go_on_button.clicked.connect(lambda: self._answer(going_on=True))
        self.skip_button = QPushButton("&Skip today")
        self.skip_button.clicked.connect(lambda: self._answer(going_on=False))
        self.suggestion = QWidget()
        suggestion = QVBoxLayout(self.suggestion)
        suggestion.setContentsMargins(0, 0, 0, 0)
        suggestion.addWidget(_heading("Maybe not today"))
        suggestion.addWidget(self.advice)
        suggestion.addSpacing(line)
        suggestion.addLayout(_buttons(back, self.go_on_button, self.skip_button))

        self.setMinimumWidth(line * READING_WIDTH_LINES)
        layout = dialog_layout(self)
        layout.addWidget(self.questions)
        layout.addWidget(self.suggestion)
        self._back()

    @property
    def check(self) -> SafetyCheck:
        """The answers as ticked, on the day the caller gave."""
        ticked = frozenset(concern for concern, box in self.boxes.items() if box.isChecked())
        return SafetyCheck(asked_on=self.asked_on, applies=ticked)

    def _show_continue(self) -> None:
        self.continue_button.setText("&Continue" if self.check.applies else "&None of these")

    def _continue(self) -> None:
        advice = safety_advice(self.check)
        if advice is None:
            self._answer(going_on=True)
            return
        self.advice.setText(advice)
        self._turn_to(self.suggestion)
        self.skip_button.setDefault(True)
        self.skip_button.setFocus()

    def _back(self) -> None:
        self._show_continue()
        self._turn_to(self.questions)
        self.continue_button.setDefault(True)
        next(iter(self.boxes.values())).setFocus()

    def _turn_to(self, page: QWidget) -> None:
        """Show one page, the questions or the suggestion, in a dialog its size."""
        self.questions.setVisible(page is self.questions)
        self.suggestion.setVisible(page is self.suggestion)
        fit_screen(self)
        # Once more when the layouts have settled: the wrapped words of the page just hidden
        # still count in the first measure.
        QTimer.singleShot(0, self, lambda: fit_screen(self))

    def _answer(self, *, going_on: bool) -> None:
        self.going_on = going_on
        self.accept()


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("heading")
    label.setWordWrap(True)
    return label


def _secondary(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("secondary")
    label.setWordWrap(True)
    return label


def _buttons(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addStretch(1)
    for button in buttons:
        row.addWidget(button)
    return row
