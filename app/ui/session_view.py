"""The centre of the window: the phase, a countdown readable from two metres, and the controls."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFontInfo, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from app.core.cues import cue_for
from app.core.session import Session, SessionState
from app.ui.actions import ActionId
from app.ui.theme import tabular_figures

COUNTDOWN_HEIGHT_SHARE = 0.30  # the countdown fills about a third of the view's height
PHASE_NAME_SHARE = 0.25  # the phase name, relative to the countdown


def format_clock(seconds: float) -> str:
    """Whole seconds, rounded up, as 4:05 or 1:04:05: a countdown reaches 0:00 only at the end."""
    whole = max(0, math.ceil(seconds - 1e-9))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


class SessionView(QWidget):
    def __init__(self, actions: dict[ActionId, QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.phase_name = self._label("phaseName")
        self.countdown = self._label("countdown")
        self.countdown.setFont(tabular_figures(self.countdown.font()))
        self.countdown.setAccessibleName("Time left in this phase")
        self.progress = self._label("secondary")
        self.progress.setFont(tabular_figures(self.progress.font()))
        self.notice = self._label("notice")

        controls = QHBoxLayout()
        controls.setSpacing(12)
        controls.addStretch(1)
        for action_id in ActionId:
            button = QToolButton(self)
            button.setDefaultAction(actions[action_id])
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            # Keys belong to the shortcuts: a focused button must not swallow Space.
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setObjectName("primary" if action_id is ActionId.START_PAUSE else action_id)
            button.setAccessibleName(actions[action_id].toolTip())
            controls.addWidget(button)
        controls.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.phase_name)
        layout.addWidget(self.countdown)
        layout.addWidget(self.progress)
        layout.addSpacing(16)
        layout.addWidget(self.notice)
        layout.addStretch(1)
        layout.addLayout(controls)
        layout.addSpacing(8)

    def show_session(self, session: Session) -> None:
        phases = len(session.plan.phases)
        if session.state is SessionState.FINISHED:
            self.phase_name.setText("Session complete")
            self.countdown.setText(format_clock(0))
            self.progress.setText(f"{format_clock(session.elapsed)} of massage given")
            return
        self.phase_name.setText(cue_for(session.phase).title)
        self.countdown.setText(format_clock(session.phase_remaining))
        self.progress.setText(
            f"phase {session.index + 1} of {phases}  ·  {format_clock(session.remaining)} left"
        )

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        countdown_px = max(24, int(self.height() * COUNTDOWN_HEIGHT_SHARE))
        font = self.countdown.font()
        font.setPixelSize(countdown_px)
        self.countdown.setFont(font)
        font = self.phase_name.font()
        body_px = QFontInfo(self.font()).pixelSize()  # never smaller than the system's text
        font.setPixelSize(max(body_px, int(countdown_px * PHASE_NAME_SHARE)))
        self.phase_name.setFont(font)

    def _label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(name != "countdown")
        label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        return label
