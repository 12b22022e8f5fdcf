"""The check-in banner: a calm question over the cue card, answered with one key."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from app.core.plan import Area
from app.core.session import Pressure
from app.ui.actions import ActionId
from app.ui.banner import Banner

ANSWERS = {
    ActionId.LIGHTER: Pressure.LIGHTER,
    ActionId.JUST_RIGHT: Pressure.JUST_RIGHT,
    ActionId.FIRMER: Pressure.FIRMER,
}
SHOWN_MS = 30_000  # unanswered, it leaves by itself: the giver may simply have asked aloud


class CheckinBanner(Banner):
    answered = Signal(object, object)  # Pressure, frozenset[Area]

    def __init__(self, actions: dict[ActionId, QAction], parent: QWidget | None = None) -> None:
        super().__init__("Check-in", parent)
        self.question = QLabel("Ask: how is the pressure?")
        self.question.setObjectName("bannerText")
        self.focus_row = QHBoxLayout()
        self.focus_buttons: dict[Area, QToolButton] = {}
        answers = QHBoxLayout()
        for action_id in ANSWERS:
            button = QToolButton()
            button.setDefaultAction(actions[action_id])
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            answers.addWidget(button)
        answers.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)
        layout.addWidget(self.question)
        layout.addLayout(answers)
        layout.addLayout(self.focus_row)
        layout.addStretch(1)
        actions[ActionId.LIGHTER].triggered.connect(lambda: self._answer(Pressure.LIGHTER))
        actions[ActionId.JUST_RIGHT].triggered.connect(lambda: self._answer(Pressure.JUST_RIGHT))
        actions[ActionId.FIRMER].triggered.connect(lambda: self._answer(Pressure.FIRMER))
        self._actions = [
            actions[a] for a in (ActionId.LIGHTER, ActionId.JUST_RIGHT, ActionId.FIRMER)
        ]
        self._enable_answers(False)

    def ask(self, areas: Sequence[Area]) -> None:
        """Show the question, with a "focus here" toggle for each area the plan works on."""
        while self.focus_row.count():
            widget = self.focus_row.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.focus_buttons = {}
        self.focus_row.addWidget(QLabel("Focus here:"))
        for area in areas:
            button = QToolButton()
            button.setObjectName("chip")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setText(area.label.capitalize())
            button.setCheckable(True)
            button.setAccessibleName(f"Focus on the {area.label}")
            button.setToolTip(f"They would like more time on the {area.label}")
            self.focus_buttons[area] = button
            self.focus_row.addWidget(button)
        self.focus_row.addStretch(1)
        self._enable_answers(True)
        self.raise_question(SHOWN_MS)

    def dismiss(self) -> None:
        self._enable_answers(False)
        super().dismiss()

    def _enable_answers(self, enabled: bool) -> None:
        for action in self._actions:
            action.setEnabled(enabled)

    def _answer(self, pressure: Pressure) -> None:
        focus = frozenset(area for area, b in self.focus_buttons.items() if b.isChecked())
        self.dismiss()
        self.answered.emit(pressure, focus)
