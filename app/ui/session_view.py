"""The centre of the window: the phase, a countdown ring readable from two metres, the cue card
with a place beneath it for what comes next or a check-in, the timeline and the controls."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QSize, Qt
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

from app.core.advice import summarise_answers
from app.core.cues import cue_for
from app.core.durations import countdown
from app.core.session import Session, SessionState
from app.ui.actions import SESSION_ACTIONS, TEXTS, ActionId
from app.ui.checkin_strip import CheckinStrip
from app.ui.countdown_ring import CountdownRing
from app.ui.cue_card import CueCard
from app.ui.extend_menu import ExtendMenu
from app.ui.jump_strip import JumpStrip
from app.ui.start_prompt import StartPrompt
from app.ui.theme import Theme
from app.ui.timeline import Timeline
from app.ui.timers import single_shot

PHASE_NAME_SHARE = 0.055  # of the view's height: the phase name reads from across the room
FOCUS_PHASE_NAME_SHARE = 0.08
# Wider than this, the ring and the cue card sit side by side: the ring comes out larger so
# than with the card beneath it (261 px against 190 at 1280x800 with both side columns).
WIDE_ASPECT = 0.9
ICON_LINES = 1.3  # the buttons' icons, in lines of body text: as tall as their words
RING_SHARE, CARD_SHARE = 2, 3  # side by side: a round ring needs no more width than height
NOTICE_LINES = 2  # a reminder, at the narrowest window, takes two lines at most
CUE_STACKED_SHARE = 0.3  # stacked beneath the ring, the card asks for at most this much height
QWIDGETSIZE_MAX = (1 << 24) - 1  # Qt's "no maximum"
NEXT_PHASE_SCALE = 1.2  # the "Next:" line, relative to body text: read in passing, not studied
APP_NAME = "Lull"


def window_title(session: Session) -> str:
    """The window's title, as the task bar shows it: it says when the session is paused."""
    return f"Paused · {APP_NAME}" if session.state is SessionState.PAUSED else APP_NAME


def summary_text(session: Session) -> str:
    """What a finished session gave, in a line or two."""
    ending = "Well done" if session.completed else "Ended early"
    # None asked (a short session, or one ended early): nothing to say of the answers.
    answers = f"{summarise_answers(session.answers)} " if session.checkins_asked else ""
    given = countdown(session.elapsed)
    return f"{ending}: {given} given. {answers}Let them rest before getting up."


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
        # A change shows its phase, ring and strip at once, and the card's words a turn later:
        # laid out and drawn in one turn they kept the window from answering for a frame.
        self._card_later = single_shot(self, self._show_card)
        self._card_shows: Session | None = None
        self.checkin = CheckinStrip(actions)
        self.next_phase = QLabel()
        self.next_phase.setObjectName("nextPhase")
        self.next_phase.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        font = self.next_phase.font()
        font.setPointSizeF(font.pointSizeF() * NEXT_PHASE_SCALE)
        self.next_phase.setFont(font)
        self.next_phase.setIndent(self.fontMetrics().averageCharWidth() * 2)
        # Once the session is over, the summary takes the place where the next phase was named.
        self.summary = QLabel()
        self.summary.setObjectName("notice")
        self.summary.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.summary.setWordWrap(True)
        self.summary.setIndent(self.next_phase.indent())
        # However long, it wraps within the column: it must not widen the session's share.
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.jump_strip = JumpStrip(actions[ActionId.UNDO_JUMP])
        self._titles: list[str] = []
        self._finished = False
        self._preview = ""
        self.start_prompt = StartPrompt()
        self.timeline = Timeline(theme)
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.notice.setWordWrap(True)
        self.notice.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._focus_mode = False

        self.controls = QWidget()
        self._buttons: dict[ActionId, QToolButton] = {}
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
            self._buttons[action_id] = button
        controls.addStretch(1)
        # "+1 min" is a split button: a click gives the remembered kind of minute, its arrow
        # (or a right-click) offers both.
        self.extend_menu = ExtendMenu(actions[ActionId.EXTEND], self)
        self.extend_button = self._buttons[ActionId.EXTEND]
        self.extend_button.setMenu(self.extend_menu)
        self.extend_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.extend_button.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.extend_button.customContextMenuRequested.connect(self._offer_extend_menu)

        # What is left to prepare is asked in the cue card's place, before any phase is under way.
        self.cue_stack = QStackedWidget()
        self.cue_stack.addWidget(self.cue_card)
        self.cue_stack.addWidget(self.start_prompt)
        self.start_prompt.shown.connect(lambda: self.cue_stack.setCurrentWidget(self.start_prompt))
        self.start_prompt.hidden.connect(lambda: self.cue_stack.setCurrentWidget(self.cue_card))
        # A check-in has a place of its own beneath the card, where the next phase is named the
        # rest of the time: the steps, the pressure, what to avoid and the map stay in sight. The
        # place is always as tall as a check-in needs, so nothing moves when one is asked.
        # A jump asked about or offered back for a moment takes the same place.
        self.prompt_slot = QStackedWidget()
        for page in (self.next_phase, self.checkin, self.jump_strip, self.summary):
            self.prompt_slot.addWidget(page)
        self.prompt_slot.installEventFilter(self)
        self.ring.installEventFilter(self)
        for banner in (self.checkin, self.jump_strip):
            banner.shown.connect(self._show_prompt)
            banner.hidden.connect(self._show_prompt)
        self.cue_column = QWidget()
        column = QVBoxLayout(self.cue_column)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(10)
        column.addWidget(self.cue_stack, 1)
        column.addWidget(self.prompt_slot)
        self.middle = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.middle.setSpacing(20)
        self.middle.addWidget(self.ring, 1)
        self.middle.addWidget(self.cue_column, 1)

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
        position = session.plan.position
        self._titles = [cue_for(phase, position).title for phase in session.plan.phases]
        self.show_session(session)

    def show_session(self, session: Session) -> None:
        """Everything about the session: after a new plan is loaded."""
        self.show_phase(session)
        self.show_state(session)

    def show_phase(self, session: Session) -> None:
        """The phase, its cue and the strip: when the phase, or a phase's length, changes."""
        self.timeline.set_phases(list(zip(self._titles, session.durations, strict=True)))
        self._card_shows = session
        self._card_later.start()
        following = session.next_phase
        position = session.plan.position
        self._preview = f"Next: {cue_for(following, position).title}" if following else "Next: rest"
        if session.state is not SessionState.FINISHED:  # the end is shown when the window says
            self.show_state(session)

    def _show_card(self) -> None:
        session = self._card_shows
        if session is not None:
            position, person = session.plan.position, session.person
            if session.state is SessionState.FINISHED:  # ended early too: how to close
                self.cue_card.show_phase(session.plan.closing, position, person)
                return
            self.cue_card.show_phase(session.phase, position, person)
            self.cue_card.foresee(session.next_phase, position, person)

    def show_state(self, session: Session) -> None:
        """Ready, running, paused or finished, and the time."""
        finished = session.state is SessionState.FINISHED
        if finished and not self._finished:
            self._card_shows = session
            self._card_later.start()
        self._finished = finished
        self.ring.set_paused(session.state is SessionState.PAUSED)
        if self._finished:
            self.phase_name.setText("Session complete" if session.completed else "Session ended")
            self.summary.setText(summary_text(session))
        else:
            self.phase_name.setText(cue_for(session.phase, session.plan.position).title)
            self.summary.clear()
        shown = "" if self._focus_mode or self._finished else self._preview
        self.next_phase.setText(shown)
        if not session.checkin_open:
            self.checkin.dismiss()  # answered, or its time is up
        self._show_prompt()
        self.show_time(session)

    def checkin_closed(self) -> None:
        """Answered, or its time is up."""
        self.checkin.dismiss()

    def show_time(self, session: Session) -> None:
        """The ring, the strip's marker and the side worked: as each second passes."""
        self.cue_card.show_side(session.side, switching=session.switching_sides)
        phases = len(session.plan.phases)
        given = [g / d if d else 1.0 for g, d in zip(session.given, session.durations, strict=True)]
        if self._finished:
            self.ring.show_time(0.0, countdown(0), f"{countdown(session.elapsed)} given")
            self.timeline.set_position(phases, 1.0, given)
            return
        left = session.phase_remaining
        self.ring.show_time(
            left / session.phase_duration,
            countdown(left),
            f"phase {session.index + 1} of {phases}  ·  {countdown(session.remaining)} left",
        )
        self.timeline.set_position(session.index, 1 - left / session.phase_duration, given)

    def ask_jump(self, session: Session, index: int) -> None:
        """A far phase was chosen: ask before going there."""
        count = len(session.plan.phases)
        self.jump_strip.ask(self._titles[index], index + 1, count)
        self.timeline.set_asked(index)

    def offer_undo(self, session: Session) -> None:
        """The session jumped: say where to, and offer the way back for a moment."""
        self.jump_strip.offer_undo(self._titles[session.index])
        self.timeline.set_asked(None)

    def settle_jump(self) -> None:
        self.jump_strip.dismiss()
        self.timeline.set_asked(None)

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)  # its place is kept, empty or not: nothing moves

    def set_theme(self, theme: Theme) -> None:
        for widget in (self.ring, self.timeline, self.cue_card.body_map):
            widget.set_theme(theme)
        self._size_phase_name()  # a new style sheet gives every label the theme's font again

    def set_focus_mode(self, focus: bool) -> None:
        """Full-screen session mode: only the phase, the ring and the cue, in very large type."""
        self._focus_mode = focus
        for widget in (self.timeline, self.controls):
            widget.setVisible(not focus)
        self.cue_card.set_focus_mode(focus)
        if focus:
            self.next_phase.clear()
        self._size_phase_name()

    def _offer_extend_menu(self, pos: QPoint) -> None:
        if self.extend_button.isEnabled():
            self.extend_menu.popup(self.extend_button.mapToGlobal(pos))

    def _show_prompt(self) -> None:
        """The place beneath the card: a jump asked about first, as the giver just chose it; then
        a check-in; then a jump that can be undone; else the summary or the next phase."""
        strip = self.jump_strip
        if strip.asking_to_jump:
            page: QWidget = strip
        elif self.checkin.asking:
            page = self.checkin
        elif strip.offering_undo:
            page = strip
        else:
            page = self.summary if self._finished else self.next_phase
        self.prompt_slot.setCurrentWidget(page)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Resize:
            if watched is self.prompt_slot:
                width = self.prompt_slot.width()
                self.prompt_slot.setFixedHeight(self.checkin.reserved_height(width))
            elif watched is self.ring:
                self._square_ring()
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._size_phase_name()
        self._fit_buttons()
        # The notice's place is kept, empty or not, so a reminder arriving moves nothing, and
        # the ring least of all; measured here, once the theme has given it its font.
        self.notice.setFixedHeight(self.notice.fontMetrics().lineSpacing() * NOTICE_LINES)
        # A wide view puts the cue beside the ring; a tall one puts it beneath, where it fits.
        wide = self.width() > WIDE_ASPECT * self.height()
        self.middle.setDirection(
            QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        )
        # Side by side, the ring takes no more width than its height and the cue the rest.
        # Stacked, the cue takes the height its words need, up to a share of the view that
        # leaves the ring, read from across the room, the larger part.
        self.middle.setStretch(0, RING_SHARE if wide else 1)
        self.middle.setStretch(1, CARD_SHARE if wide else 0)
        self.cue_card.set_height_budget(None if wide else round(self.height() * CUE_STACKED_SHARE))
        self._square_ring()

    def _fit_buttons(self) -> None:
        """Each button as wide as its widest words, so none moves when its words change."""
        for action_id, texts in TEXTS.items():
            button = self._buttons[action_id]
            shown = button.text()
            widths = []
            for text in texts:
                button.setText(text)
                widths.append(button.sizeHint().width())
            button.setText(shown)
            button.setMinimumWidth(max(widths))

    def arm_end(self, armed: bool) -> None:
        """End pressed once: its button lights up until the second press, or until it waits no
        more. Its words stay "End", so nothing beside it moves; the notice says what to do."""
        button = self._buttons[ActionId.END]
        if bool(button.property("armed")) is armed:
            return  # disarmed again at every phase change: restyled only when it changes
        button.setProperty("armed", armed)
        button.style().unpolish(button)
        button.style().polish(button)

    @property
    def end_armed(self) -> bool:
        return bool(self._buttons[ActionId.END].property("armed"))

    def _square_ring(self) -> None:
        wide = self.middle.direction() is QBoxLayout.Direction.LeftToRight
        self.ring.setMaximumWidth(max(self.ring.height(), 1) if wide else QWIDGETSIZE_MAX)

    def _size_phase_name(self) -> None:
        share = FOCUS_PHASE_NAME_SHARE if self._focus_mode else PHASE_NAME_SHARE
        font = self.phase_name.font()
        body_px = QFontInfo(self.font()).pixelSize()  # never smaller than the system's text
        font.setPixelSize(max(round(body_px * 1.5), int(self.height() * share)))
        self.phase_name.setFont(font)
