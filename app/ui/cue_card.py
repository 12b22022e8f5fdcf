"""The cue card: what to do in this phase, how firmly, what to avoid, and where on the back.

The phase's name stands above it, in the session view, so the card does not repeat it."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from app.core.cues import cue_for
from app.core.plan import Phase
from app.ui.body_map import BodyMap
from app.ui.theme import Theme

CARD_MIN_CHARS = 40  # a step of the cue reads in two or three lines, not six
# Of the card's width: the steps, the pressure and avoid notes, the body map.
STEPS_SHARE, NOTES_SHARE, MAP_SHARE = 5, 4, 3


class CueCard(QFrame):
    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setAccessibleName("Cue card")
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * CARD_MIN_CHARS)
        self.steps = self._label("cueSteps")
        self.pressure = self._label("cuePressure")
        self.avoid = self._label("cueAvoid")
        self.next_phase = self._label("nextPhase")
        self.body_map = BodyMap(theme)
        # The map fits the room the words leave it; it must never squeeze or lengthen them.
        self.body_map.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.pressure_heading = self._heading("Pressure", "cueHeading")
        self._steps_text: tuple[str, ...] = ()
        self._focus = False

        notes = QVBoxLayout()
        notes.setSpacing(6)
        notes.addWidget(self.pressure_heading)
        notes.addWidget(self.pressure)
        notes.addSpacing(6)
        notes.addWidget(self._heading("Avoid", "avoidHeading"))
        notes.addWidget(self.avoid)
        notes.addStretch(1)
        row = QHBoxLayout()
        row.setSpacing(18)
        row.addWidget(self.steps, STEPS_SHARE)
        row.addLayout(notes, NOTES_SHARE)
        row.addWidget(self.body_map, MAP_SHARE)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(8)
        layout.addLayout(row, 1)
        layout.addWidget(self.next_phase)

    def show_phase(self, phase: Phase, next_phase: str) -> None:
        cue = cue_for(phase)
        self._steps_text = cue.steps
        self._show_steps()
        self.pressure.setText(cue.pressure)
        self.avoid.setText("\n".join(cue.avoid))
        self.next_phase.setText(next_phase)
        self.body_map.show_area(phase.area if phase.kind.hands_on else None)

    def set_focus_mode(self, focus: bool) -> None:
        """In full screen only the first step and what to avoid stay, in larger type."""
        self._focus = focus
        self.setProperty("immersive", focus)
        for widget in (self.body_map, self.pressure, self.next_phase, self.pressure_heading):
            widget.setVisible(not focus)
        self._show_steps()
        self.style().unpolish(self)
        self.style().polish(self)
        for label in self.findChildren(QLabel):
            self.style().unpolish(label)
            self.style().polish(label)

    def _show_steps(self) -> None:
        steps = self._steps_text[:1] if self._focus else self._steps_text
        self.steps.setText(
            "".join(
                f"<p style='margin-bottom:6px'>{n}.&nbsp; {html.escape(step)}</p>"
                for n, step in enumerate(steps, 1)
            )
        )

    def _label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return label

    def _heading(self, text: str, name: str) -> QLabel:
        heading = QLabel(text.upper(), self)
        heading.setObjectName(name)
        return heading
