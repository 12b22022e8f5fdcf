"""The centre of the window: the phase, a countdown ring readable from two metres, the cue card,
the timeline of phases and the controls."""

from __future__ import annotations

import math

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QFontInfo, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.cues import cue_for
from app.core.session import Session, SessionState
from app.ui.actions import SESSION_ACTIONS, ActionId
from app.ui.checkin_banner import CheckinBanner
from app.ui.countdown_ring import CountdownRing
from app.ui.cue_card import CueCard
from app.ui.start_prompt import StartPrompt
from app.ui.theme import Theme
from app.ui.timeline import Timeline

PHASE_NAME_SHARE = 0.055  # of the view's height: the phase name reads from across the room
FOCUS_PHASE_NAME_SHARE = 0.08
WIDE_ASPECT = 1.45  # wider than this, the ring and the cue card sit side by side
ICON_LINES = 1.3  # the buttons' icons, in lines of body text: as tall as their words
RING_SHARE, CARD_SHARE = 2, 3  # side by side: a round ring needs no more width than height


def format_clock(seconds: float) -> str:
    """Whole seconds, rounded up, as 04:05 or 1:04:05: a countdown reaches 00:00 only at the end."""
    whole = max(0, math.ceil(seconds - 1e-9))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


class SessionView(QWidget):
    def __init__(
        self, theme: Theme, actions: dict[ActionId, QAction], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.phase_name = QLabel()
        self.phase_name.setObjectName("phaseName")
        self.phase_name.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.phase_name.setWordWrap(True)
        self.ring = CountdownRing(theme)
        self.cue_card = CueCard(theme)
        self.checkin = CheckinBanner(actions)
        self.start_prompt = StartPrompt()
        self.timeline = Timeline(theme)
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.notice.setWordWrap(True)
        self.notice.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._focus_mode = False

        self.controls = QWidget()
        controls = QHBoxLayout(self.controls)
        controls.setContentsMargins(0, 0, 0, 0)
        controls.setSpacing(10)
        controls.addStretch(1)
        icon_px = round(self.fontMetrics().height() * ICON_LINES)
        for action_id in SESSION_ACTIONS:
            button = QToolButton()
            button.setDefaultAction(actions[action_id])
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setIconSize(QSize(icon_px, icon_px))
            # Keys belong to the shortcuts: a focused button must not swallow Space.
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setObjectName("primary" if action_id is ActionId.START_PAUSE else action_id)
            button.setAccessibleName(actions[action_id].toolTip())
            controls.addWidget(button)
        controls.addStretch(1)

        # A question (a check-in, or what is left to prepare) takes the cue card's place while
        # it is asked: the giver reads one thing at a time.
        self.cue_stack = QStackedWidget()
        for widget in (self.cue_card, self.checkin, self.start_prompt):
            self.cue_stack.addWidget(widget)
        for banner in (self.checkin, self.start_prompt):
            banner.shown.connect(lambda banner=banner: self.cue_stack.setCurrentWidget(banner))
            banner.hidden.connect(self._show_cue_unless_asked)
        self.middle = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.middle.setSpacing(20)
        self.middle.addWidget(self.ring, 1)
        self.middle.addWidget(self.cue_stack, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(self.phase_name)
        layout.addLayout(self.middle, 1)
        layout.addWidget(self.notice)
        layout.addWidget(self.timeline)
        layout.addWidget(self.controls)

    def load(self, session: Session) -> None:
        """A new plan: its phases on the timeline."""
        self.timeline.set_phases(
            [(cue_for(phase).title, float(phase.seconds)) for phase in session.plan.phases]
        )
        self.show_session(session)

    def show_session(self, session: Session) -> None:
        phases = len(session.plan.phases)
        if session.state is SessionState.FINISHED:
            self.phase_name.setText("Session complete")
            self.ring.show_time(0.0, format_clock(0), f"{format_clock(session.elapsed)} given")
            self.timeline.set_position(phases - 1, 1.0)
            self.ring.set_paused(False)
        else:
            self.phase_name.setText(cue_for(session.phase).title)
            left = session.phase_remaining
            self.ring.show_time(
                left / session.phase_duration,
                format_clock(left),
                f"phase {session.index + 1} of {phases}  ·  {format_clock(session.remaining)} left",
            )
            self.timeline.set_position(session.index, 1 - left / session.phase_duration)
            self.ring.set_paused(session.state is SessionState.PAUSED)
        following = session.next_phase
        preview = f"Next: {cue_for(following).title}" if following else "Next: rest"
        self.cue_card.show_phase(session.phase, preview)

    def _show_cue_unless_asked(self) -> None:
        asking = [banner for banner in (self.checkin, self.start_prompt) if banner.asking]
        self.cue_stack.setCurrentWidget(asking[0] if asking else self.cue_card)

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def set_theme(self, theme: Theme) -> None:
        for widget in (self.ring, self.timeline, self.cue_card.body_map):
            widget.set_theme(theme)

    def set_focus_mode(self, focus: bool) -> None:
        """Full-screen session mode: only the phase, the ring and the cue, in very large type."""
        self._focus_mode = focus
        for widget in (self.timeline, self.controls):
            widget.setVisible(not focus)
        self.cue_card.set_focus_mode(focus)
        self._size_phase_name()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._size_phase_name()
        # A wide view puts the cue beside the ring; a tall one puts it beneath, where it fits.
        wide = self.width() > WIDE_ASPECT * self.height()
        self.middle.setDirection(
            QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        )
        # Stacked, the cue card takes the height its words need and the ring, read from across
        # the room, all the rest; side by side they share the width.
        self.middle.setStretch(0, RING_SHARE if wide else 1)
        self.middle.setStretch(1, CARD_SHARE if wide else 0)

    def _size_phase_name(self) -> None:
        share = FOCUS_PHASE_NAME_SHARE if self._focus_mode else PHASE_NAME_SHARE
        font = self.phase_name.font()
        body_px = QFontInfo(self.font()).pixelSize()  # never smaller than the system's text
        font.setPixelSize(max(round(body_px * 1.5), int(self.height() * share)))
        self.phase_name.setFont(font)
