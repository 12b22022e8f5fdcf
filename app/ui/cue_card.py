"""The cue card: what to do in this phase, how firmly, and what to avoid."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from app.core.cues import Cue

CARD_MIN_CHARS = 44  # a step of the cue reads in two or three lines, not six


class CueCard(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * CARD_MIN_CHARS)
        self.title = self._label("cueTitle")
        self.steps = self._label("cueSteps")
        self.pressure = self._label("cuePressure")
        self.avoid = self._label("cueAvoid")
        self.next_phase = self._label("nextPhase")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(10)
        layout.addWidget(self.title)
        layout.addWidget(self.steps)
        layout.addSpacing(8)
        layout.addWidget(self._heading("Pressure", "cueHeading"))
        layout.addWidget(self.pressure)
        layout.addSpacing(8)
        layout.addWidget(self._heading("Avoid", "avoidHeading"))
        layout.addWidget(self.avoid)
        layout.addStretch(1)
        layout.addWidget(self.next_phase)
        self.setAccessibleName("Cue card")

    def show_cue(self, cue: Cue, next_phase: str) -> None:
        self.title.setText(cue.title)
        self.steps.setText(
            "".join(
                f"<p style='margin-bottom:6px'>{n}.&nbsp; {html.escape(step)}</p>"
                for n, step in enumerate(cue.steps, 1)
            )
        )
        self.pressure.setText(cue.pressure)
        self.avoid.setText("\n".join(cue.avoid))
        self.next_phase.setText(next_phase)

    def _label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setWordWrap(True)
        return label

    def _heading(self, text: str, name: str) -> QLabel:
        heading = QLabel(text.upper(), self)
        heading.setObjectName(name)
        return heading
