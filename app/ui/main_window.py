"""The main window: ambience on the left, the session in the centre, the room on the right."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QByteArray, QMimeData, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QIcon,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from app.core.advice import PRESSURE_WORDS
from app.core.durations import in_words
from app.core.events import CheckinAnswer, PhaseStarted
from app.core.mixes import MixBook
from app.core.plan import Area
from app.core.preparation import Preparation
from app.core.room import ChecklistItem, Reminder, checklist_label
from app.core.session import Session, SessionState
from app.core.settings import UiState
from app.paths import find_assets_dir
from app.ui.actions import ActionId, QuitUnderDialogs, show_session_icons, show_session_state
from app.ui.ambience_panel import AmbiencePanel
from app.ui.audio_bridge import AudioBridge
from app.ui.icons import Icons
from app.ui.notices import Notices
from app.ui.room_panel import RoomPanel
from app.ui.session_bridge import SessionBridge
from app.ui.session_view import SessionView, window_title
from app.ui.side_column import SideColumn
from app.ui.side_panels import SidePanels
from app.ui.theme import DARK, LIGHT, Theme, apply_theme
from app.ui.timers import single_shot
from app.ui.top_bar import TopBar
from app.ui.voice_controls import VoiceControls

END_NOTICE, START_NOTICE, ANSWER_NOTICE, EXTEND_NOTICE = "end", "start", "answer", "extend"
SOUND_NOTICE = "sound"
# How long a first press of End waits for the second: oily hands, eyes on the person. A new
# user's second Esc 3 s after the first ended the session, 6 s after it did not.
END_CONFIRM_MS = 10_000
START_HINT = "Press Space to start when they are comfortable."
RESUME_HINT = "Back where it stood. Press Space to go on when they are comfortable."


class MainWindow(QMainWindow):
    themeChosen = Signal(str)  # "dark" or "light": a preference for main.py to keep
    planDropped = Signal(Path)  # a plan file dropped on the window, to import

    def __init__(
        self,
        preparation: Preparation,
        bridge: SessionBridge,
        audio: AudioBridge,
        state: UiState,
        theme: Theme,
        *,
        commands: dict[ActionId, QAction],
        mixes: MixBook,
        icon: QIcon | None = None,
        before_start: Callable[[], bool] = lambda: True,
    ) -> None:
        super().__init__()
        self.setWindowTitle("Lull")
        if icon is not None:
            self.setWindowIcon(icon)
        self.preparation, self.bridge, self.audio = preparation, bridge, audio
        self._theme = theme
        self._icons = Icons(find_assets_dir() / "icons")
        self.commands = commands
        self.addActions(list(self.commands.values()))
        QuitUnderDialogs(commands[ActionId.QUIT], self)
        self._state = state
        self._before_start = before_start  # the safety check, before a first session with someone

        self.top_bar = TopBar(preparation, commands)
        self.ambience = AmbiencePanel(
            audio, self.commands[ActionId.MUTE], mixes, rest_minutes=state.rest_minutes
        )
        self.session_view = SessionView(theme, self.commands)
        self.room = RoomPanel(preparation.checklist, state.keep_awake)
        self.room.show_position(preparation.position)
        self.voice = VoiceControls(state.voice, state.voice_volume, state.heads_up_seconds)
        self._room_column = SideColumn(self.room, self.voice)
        self._build_layout()

        self._notices = Notices(self.session_view.show_notice, self)
        self._end_confirm = single_shot(self, self._disarm_end)
        self._controls_later = single_shot(self, self._show_controls)
        self._end_later = single_shot(self, self._show_end)
        self.commands[ActionId.MUTE].setChecked(state.muted)
        self.commands[ActionId.LIGHT_THEME].setChecked(theme is LIGHT)
        self.side_panels = SidePanels(
            self._body,
            self.session_view,
            self.session_view.timeline,
            {ActionId.AMBIENCE_PANEL: self.ambience, ActionId.ROOM_PANEL: self._room_column},
            commands,
            {ActionId.AMBIENCE_PANEL: state.ambience_open, ActionId.ROOM_PANEL: state.room_open},
        )
        if state.window_geometry:
            self.restoreGeometry(QByteArray.fromBase64(state.window_geometry.encode()))
        self._connect()
        self.side_panels.fit(self.width())
        self.setAcceptDrops(True)

    # --- plan files dropped on the window ------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt's name)
        if _plan_files(event.mimeData()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 (Qt's name)
        if _plan_files(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt's name)
        files = _plan_files(event.mimeData())
        if files:
            event.acceptProposedAction()
        for path in files:
            self.planDropped.emit(path)

    # --- building -------------------------------------------------------------------------------

    def _build_layout(self) -> None:
        body = self._body = QHBoxLayout()  # the side panels place themselves in it
        body.setSpacing(20)

        central = self._central = QWidget()
        central.setObjectName("central")
        central.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(20, 12, 20, 12)
        layout.setSpacing(12)
        layout.addWidget(self.top_bar)
        layout.addLayout(body, 1)
        self.setCentralWidget(central)
        self.statusBar().setSizeGripEnabled(False)
        if self.bridge.speed != 1:  # a rehearsal's minutes are not the room's: it says so
            rehearsal = QLabel(f"Rehearsal: {self.bridge.speed:g} times real speed")
            rehearsal.setObjectName("rehearsal")
            rehearsal.setContentsMargins(0, 0, 12, 4)  # clear of the window's corner
            self.statusBar().addPermanentWidget(rehearsal)

    def _connect(self) -> None:
        a, bridge, view = self.commands, self.bridge, self.session_view
        a[ActionId.START_PAUSE].triggered.connect(self._start_pressed)
        a[ActionId.NEXT].triggered.connect(bridge.next)
        a[ActionId.PREVIOUS].triggered.connect(bridge.previous)
        a[ActionId.EXTEND].triggered.connect(lambda: bridge.extend(60))
        view.extend_menu.show_choice(borrow=self._state.extend_borrows)
        bridge.borrow = self._state.extend_borrows
        view.extend_menu.borrowChosen.connect(self._borrow_chosen)
        a[ActionId.END].triggered.connect(self._end_pressed)
        a[ActionId.MUTE].toggled.connect(self.audio.set_muted)
        a[ActionId.FULL_SCREEN].toggled.connect(self.set_full_screen)
        a[ActionId.LIGHT_THEME].toggled.connect(self._theme_toggled)
        bridge.loaded.connect(self._load)
        # Bound methods, not lambdas: Qt lets go of them when the window goes.
        bridge.phaseChanged.connect(self._show_phase)
        bridge.stateChanged.connect(self._show_state)
        bridge.timeChanged.connect(self._show_time)
        bridge.checkinAnswered.connect(view.checkin_closed)
        bridge.checkinAnswered.connect(self._noted)
        bridge.checkinLapsed.connect(view.checkin_closed)
        bridge.phaseStarted.connect(self._phase_started)
        bridge.checkinDue.connect(self._ask_checkin)
        bridge.reminderDue.connect(self._remind)
        bridge.finished.connect(self._finished)
        # What the status bar said while preparing ("saved with your plans") is not news
        # through the massage that follows.
        bridge.began.connect(lambda _plan: self.statusBar().clearMessage())
        view.checkin.answered.connect(bridge.answer_checkin)
        view.start_prompt.startAnyway.connect(self._start)
        # The prompt says how to start ("Start anyway (Space)"); "Not yet" brings the hint back.
        view.start_prompt.shown.connect(lambda: self._notices.drop(START_NOTICE))
        view.start_prompt.hidden.connect(self._hint_again)
        view.timeline.phaseClicked.connect(bridge.choose_phase)
        bridge.jumpAsked.connect(self._ask_jump)
        bridge.endsLater.connect(self._ends_later)
        self.audio.problem.connect(self._sound_problem)
        bridge.jumpMade.connect(self._offer_undo)
        bridge.jumpSettled.connect(view.settle_jump)
        view.jump_strip.confirmed.connect(bridge.confirm_jump)
        view.jump_strip.cancelled.connect(bridge.cancel_jump)
        a[ActionId.UNDO_JUMP].triggered.connect(bridge.undo_jump)
        self.ambience.doneEditing.connect(self._central.setFocus)
        self.audio.playingChanged.connect(self._music_playing)
        self.preparation.subscribe(self._plan_chosen)

    def _borrow_chosen(self, borrow: bool) -> None:
        """ "+1 min" lengthens the session, or borrows from the phases to come: remembered."""
        self.remember(extend_borrows=borrow)
        self.bridge.borrow = borrow

    # --- showing --------------------------------------------------------------------------------

    def _music_playing(self, playing: dict[str, float]) -> None:
        self.room.mark(ChecklistItem.MUSIC, bool(playing))

    def _load(self) -> None:
        self.session_view.load(self.bridge.session)

    def _ask_jump(self, index: int) -> None:
        self.session_view.ask_jump(self.bridge.session, index)

    def _offer_undo(self, _index: int) -> None:
        self.session_view.offer_undo(self.bridge.session)

    def _show_phase(self, _index: int) -> None:
        self.session_view.show_phase(self.bridge.session)

    def _show_time(self, _left: float) -> None:
        self.session_view.show_time(self.bridge.session)

    def _show_state(self, state: SessionState) -> None:
        if state is SessionState.FINISHED:
            # The end in three turns of the event loop, each drawn within a frame: the session's
            # own work (its record, the end chime, the fade), then the summary, then the
            # controls. In one turn they held the window past a frame (16.4 ms).
            self._end_later.start()
            return
        self._end_later.stop()
        self._controls_later.stop()
        self._show_view_state()
        self._show_controls()

    def _show_end(self) -> None:
        self._show_view_state()
        self._controls_later.start()

    def _show_view_state(self) -> None:
        session = self.bridge.session
        self.session_view.show_state(session)
        self.setWindowTitle(window_title(session))

    def _show_controls(self) -> None:
        """The commands, their icons and the top bar, as the session's state allows."""
        state = self.bridge.session.state
        show_session_state(self.commands, state)
        show_session_icons(self.commands, self._icons, state, self._theme)
        if state is SessionState.RUNNING:  # started, or resumed after Lull was stopped
            self._notices.drop(START_NOTICE)
        choosing = state in (SessionState.READY, SessionState.FINISHED)
        if not choosing and self.top_bar.has_focus_within():
            # Disabled, they would pass the focus on down the tab order, perhaps to the
            # timeline, whose own Space would then jump instead of pausing.
            self._central.setFocus()
        self.top_bar.set_choosing(choosing)

    def set_full_screen(self, full: bool) -> None:
        self.top_bar.setVisible(not full)
        self.session_view.set_focus_mode(full)
        self.statusBar().setVisible(not full)
        self.side_panels.hide_all(full)
        if full:
            self.showFullScreen()
        else:
            self.showNormal()

    def _theme_toggled(self, light: bool) -> None:
        theme = LIGHT if light else DARK
        self._theme = theme
        app = QApplication.instance()
        if isinstance(app, QApplication):  # always, in a window; the check tells mypy so
            apply_theme(app, theme)
        self.session_view.set_theme(theme)
        show_session_icons(self.commands, self._icons, self.bridge.session.state, theme)
        self.themeChosen.emit("light" if light else "dark")

    def remember(self, **choices: object) -> None:
        """Choices made in the window (the voice, the heads-up, the rest timer...), kept with the
        rest of its state for next time."""
        self._state = replace(self._state, **choices)  # type: ignore[arg-type]

    @property
    def remembered(self) -> UiState:
        """The state as loaded, with the choices made since."""
        return self._state

    def ui_state(self) -> UiState:
        """What to remember for next time."""
        return replace(
            self._state,
            plan_id=self.preparation.plan.id,
            plan_file=self.preparation.file_to_remember(),
            minutes=self.preparation.minutes,
            person_id=self.preparation.person_id or 0,
            window_geometry=bytes(self.saveGeometry().toBase64().data()).decode(),
            ambience_open=self.side_panels.chosen[ActionId.AMBIENCE_PANEL],
            room_open=self.side_panels.chosen[ActionId.ROOM_PANEL],
            master_volume=self.audio.master_volume,
            muted=self.commands[ActionId.MUTE].isChecked(),
            mix=self.audio.mix_to_remember(self._state.mix),
        )

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        # The keys go to the window, not to the first field: with --start the plan's fields are
        # already disabled, and the focus would fall to the timeline, where Space jumps.
        self._central.setFocus()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self.side_panels.fit(self.width())

    # --- the session ----------------------------------------------------------------------------

    def _plan_chosen(self) -> None:
        """The preparation changed: between sessions, a fresh one of it is ready to start; a
        session under way (while a plan of one's own is imported, say) goes on as it was."""
        if self.bridge.session.state in (SessionState.RUNNING, SessionState.PAUSED):
            return
        self.room.show_position(self.preparation.position)
        self.load_chosen_plan()

    def load_chosen_plan(self) -> None:
        """A fresh session of the plan and length prepared, ready to start."""
        self.bridge.load(self.preparation.prepared())
        self.session_view.checkin.dismiss()
        self._notices.clear()
        self._notices.say(START_NOTICE, START_HINT)

    def adopt(self, session: Session) -> None:
        """A session Lull was stopped in, back where it stood, paused."""
        self.bridge.adopt(session)
        self._notices.clear()
        self._notices.say(START_NOTICE, RESUME_HINT)

    def _start_pressed(self) -> None:
        session = self.bridge.session
        prompt = self.session_view.start_prompt
        if session.state is SessionState.FINISHED and not self._before_start():
            return  # the last session's question is still open: answered or skipped first
        if session.state is SessionState.READY:
            if not prompt.asking and not self._before_start():
                return
            if self.bridge.session.state is not SessionState.READY:
                return  # started while the question was open: a key pressed again meanwhile
            left = self.preparation.left_to_do()
            if left and not prompt.asking:
                position = self.preparation.position
                prompt.ask([checklist_label(item, position) for item in left])
                return
        self._start()

    def _hint_again(self) -> None:
        if self.bridge.session.state is SessionState.READY:
            self._notices.say(START_NOTICE, START_HINT)

    def _start(self) -> None:
        self.session_view.start_prompt.dismiss()
        self.bridge.start_or_pause()

    def _phase_started(self, event: PhaseStarted) -> None:
        if event.by_hand:  # moved on by the giver: not ending, then; by itself, still armed
            self._disarm_end()
        self._notices.drop(START_NOTICE)
        for reminder in self.bridge.session.reminders:  # "coming" no longer, once it has come
            if reminder.before is event.phase.kind:
                self._notices.drop(reminder.key)

    def _noted(self, answer: CheckinAnswer) -> None:
        """Said back, so an answer is told apart from a question that went away unanswered."""
        areas = [area.label for area in Area if area in answer.focus]
        more = f", more on the {' and '.join(areas)}" if areas else ""
        self._notices.say(
            ANSWER_NOTICE, f"Noted: {PRESSURE_WORDS[answer.pressure]}{more}.", fading=True
        )

    def _ask_checkin(self) -> None:
        self._notices.drop(ANSWER_NOTICE)
        session: Session = self.bridge.session
        areas = dict.fromkeys(p.area for p in session.plan.phases if p.kind.hands_on)
        self.session_view.checkin.ask(list(areas))

    def _end_pressed(self) -> None:
        if self._end_confirm.isActive():
            self._disarm_end()
            self.bridge.end()
            return
        self._end_confirm.start(END_CONFIRM_MS)
        self.session_view.arm_end(True)
        # Under the cue, where it shows in full screen too, not in the status bar.
        self._notices.say(END_NOTICE, "Press Esc again to end the session.")

    def _disarm_end(self) -> None:
        self._end_confirm.stop()
        self.session_view.arm_end(False)
        self._notices.drop(END_NOTICE)

    def _sound_problem(self, text: str) -> None:
        """During a session, under the cue too: the giver's eyes are on the person, and the
        ambience drawer may be shut (a sound server gone showed only there)."""
        if text and self.bridge.session.state in (SessionState.RUNNING, SessionState.PAUSED):
            self._notices.say(SOUND_NOTICE, text, fading=True)

    def _ends_later(self, seconds: float) -> None:
        self._notices.say(
            EXTEND_NOTICE,
            "The phases still to come could not give it all: "
            f"the session ends {in_words(seconds)} later.",
            fading=True,
        )

    def _remind(self, reminder: Reminder) -> None:
        self._notices.say(reminder.key, reminder.text, fading=True)

    def _finished(self, completed: bool) -> None:
        self.session_view.checkin.dismiss()
        self._notices.clear()  # the session view shows the summary in the place of the next phase


def _plan_files(data: QMimeData) -> list[Path]:
    """The local .json files among what is dragged: plans to import; anything else is not taken."""
    paths = [Path(url.toLocalFile()) for url in data.urls() if url.isLocalFile()]
    return [path for path in paths if path.suffix.lower() == ".json"]
