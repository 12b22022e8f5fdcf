"""The main window: ambience on the left, the session in the centre, the room on the right."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QSizePolicy,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.history import summarise_answers
from app.core.mixes import MixBook
from app.core.plan import MAX_PLAN_MINUTES, Plan
from app.core.room import CHECKLIST_LABELS, Checklist, ChecklistItem
from app.core.session import PhaseStarted, Session, SessionState
from app.core.settings import UiState
from app.paths import find_assets_dir
from app.ui.actions import ActionId, create_actions, show_session_state
from app.ui.ambience_panel import AmbiencePanel
from app.ui.audio_bridge import AudioBridge
from app.ui.icons import Icons
from app.ui.room_panel import RoomPanel
from app.ui.session_bridge import SessionBridge
from app.ui.session_view import SessionView, format_clock
from app.ui.theme import DARK, LIGHT, Theme, apply_theme

NOTICE_SHOWN_MS = 30_000  # a reminder left unread leaves by itself
END_CONFIRM_MS = 4_000  # how long a first press of End waits for the second
NARROW_WIDTH = 1100  # below this the side panels fold away, so the session keeps the space
SIDE_SHARE, CENTRE_SHARE = 22, 56  # percent of the width, at full width
START_HINT = "Press Space to start when they are comfortable."
SESSION_ICONS = {
    ActionId.PREVIOUS: "previous",
    ActionId.NEXT: "next",
    ActionId.EXTEND: "extend",
    ActionId.END: "end",
}


class MainWindow(QMainWindow):
    themeChosen = Signal(str)  # "dark" or "light": a preference for main.py to keep

    def __init__(
        self,
        bridge: SessionBridge,
        audio: AudioBridge,
        plans: Sequence[Plan],
        initial: Plan,
        state: UiState,
        checklist: Checklist,
        theme: Theme,
        *,
        mixes: MixBook,
        icon: QIcon | None = None,
    ) -> None:
        super().__init__()
        self.setWindowTitle("Lull")
        if icon is not None:
            self.setWindowIcon(icon)
        self.bridge, self.audio, self.checklist = bridge, audio, checklist
        self._theme = theme
        self._icons = Icons(find_assets_dir() / "icons")
        self._icons_shown: tuple[SessionState, Theme] | None = None
        self.commands = create_actions(self)
        self.addActions(list(self.commands.values()))
        self._plans = list(plans) if initial in plans else [*plans, initial]
        self._state = state

        self.plan_choice = QComboBox()
        self.plan_choice.setObjectName("planChoice")
        self.plan_choice.setAccessibleName("Plan")
        self.plan_choice.setToolTip("Which massage to give")
        for plan in self._plans:
            self.plan_choice.addItem(plan.title, plan.id)
            self.plan_choice.setItemData(
                self.plan_choice.count() - 1, plan.description, Qt.ItemDataRole.ToolTipRole
            )
        self.plan_choice.setCurrentIndex(self._plans.index(initial))
        self.minutes = QSpinBox()
        self.minutes.setRange(initial.shortest_minutes, MAX_PLAN_MINUTES)
        self.minutes.setSuffix(" min")
        self.minutes.setValue(state.minutes)
        self.minutes.setAccessibleName("Length in minutes")
        self.minutes.setToolTip("How long the whole session lasts; the phases keep their share")

        self.ambience = AmbiencePanel(audio, self.commands[ActionId.MUTE], mixes)
        self.session_view = SessionView(theme, self.commands)
        self.room = RoomPanel(checklist)
        self.room.show_position(initial.position)
        self._build_layout()

        self._notices: dict[str, str] = {}
        self._notice_timer = self._single_shot(self._clear_notices)
        self._end_confirm = self._single_shot(self._disarm_end)
        self.commands[ActionId.MUTE].setChecked(state.muted)
        self.commands[ActionId.LIGHT_THEME].setChecked(theme is LIGHT)
        self._panels = {ActionId.AMBIENCE_PANEL: self.ambience, ActionId.ROOM_PANEL: self.room}
        self._panel_choice = {
            ActionId.AMBIENCE_PANEL: state.ambience_open,
            ActionId.ROOM_PANEL: state.room_open,
        }
        self._narrow: bool | None = None  # not yet known: the window has no size yet
        if state.window_geometry:
            self.restoreGeometry(QByteArray.fromBase64(state.window_geometry.encode()))
        self._connect()
        self._fold_panels()

    # --- building -------------------------------------------------------------------------------

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        title = QLabel("Lull")
        title.setObjectName("appTitle")
        top.addWidget(title)
        top.addSpacing(16)
        top.addWidget(self.plan_choice)
        top.addWidget(self.minutes)
        top.addStretch(1)
        for action_id in (
            ActionId.AMBIENCE_PANEL,
            ActionId.ROOM_PANEL,
            ActionId.LIGHT_THEME,
            ActionId.FULL_SCREEN,
        ):
            button = QToolButton()
            button.setDefaultAction(self.commands[action_id])
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setObjectName("toggle")
            top.addWidget(button)
        self.top_bar = QWidget()
        self.top_bar.setLayout(top)
        top.setContentsMargins(0, 0, 0, 0)

        # The side panels may be squeezed (they fold away below NARROW_WIDTH), so the window's
        # minimum width is the session's alone and a small screen can still hold it.
        for panel in (self.ambience, self.room):
            panel.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        body = QHBoxLayout()
        body.setSpacing(20)
        body.addWidget(self.ambience, SIDE_SHARE)
        body.addWidget(self.session_view, CENTRE_SHARE)
        body.addWidget(self.room, SIDE_SHARE)

        central = QWidget()
        central.setObjectName("central")
        central.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(20, 12, 20, 12)
        layout.setSpacing(12)
        layout.addWidget(self.top_bar)
        layout.addLayout(body, 1)
        self.setCentralWidget(central)
        self.statusBar().setSizeGripEnabled(False)

    def _single_shot(self, slot: object) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.timeout.connect(slot)
        return timer

    def _connect(self) -> None:
        a, bridge, view = self.commands, self.bridge, self.session_view
        a[ActionId.START_PAUSE].triggered.connect(self._start_pressed)
        a[ActionId.NEXT].triggered.connect(bridge.next)
        a[ActionId.PREVIOUS].triggered.connect(bridge.previous)
        a[ActionId.EXTEND].triggered.connect(lambda: bridge.extend(60))
        a[ActionId.END].triggered.connect(self._end_pressed)
        a[ActionId.MUTE].toggled.connect(self.audio.set_muted)
        a[ActionId.FULL_SCREEN].toggled.connect(self.set_full_screen)
        a[ActionId.LIGHT_THEME].toggled.connect(self._theme_toggled)
        a[ActionId.AMBIENCE_PANEL].toggled.connect(self._panel_toggled)
        a[ActionId.ROOM_PANEL].toggled.connect(self._panel_toggled)
        bridge.loaded.connect(lambda: view.load(bridge.session))
        bridge.changed.connect(self.refresh)
        bridge.phaseStarted.connect(self._phase_started)
        bridge.checkinDue.connect(self._ask_checkin)
        bridge.reminderDue.connect(lambda reminder: self._notify(reminder.key, reminder.text))
        bridge.finished.connect(self._finished)
        view.checkin.answered.connect(bridge.answer_checkin)
        view.start_prompt.startAnyway.connect(self._start)
        view.timeline.phaseClicked.connect(bridge.go_to)
        self.audio.layersChanged.connect(
            lambda: self.room.mark(ChecklistItem.MUSIC, bool(self.audio.playing()))
        )
        self.plan_choice.currentIndexChanged.connect(self._plan_chosen)
        self.minutes.valueChanged.connect(self.load_chosen_plan)

    # --- showing --------------------------------------------------------------------------------

    def refresh(self) -> None:
        session = self.bridge.session
        self.session_view.show_session(session)
        show_session_state(self.commands, session.state)
        self._show_icons(session.state)
        choosing = session.state in (SessionState.READY, SessionState.FINISHED)
        if not choosing and QApplication.focusWidget() in (self.plan_choice, self.minutes):
            # Disabled, they would pass the focus on down the tab order, perhaps to the
            # timeline, whose own Space would then jump instead of pausing.
            self.centralWidget().setFocus()
        self.plan_choice.setEnabled(choosing)
        self.minutes.setEnabled(choosing)
        if self._end_confirm.isActive():
            self.commands[ActionId.END].setText("Confirm end")

    def set_full_screen(self, full: bool) -> None:
        self.top_bar.setVisible(not full)
        self.session_view.set_focus_mode(full)
        self.statusBar().setVisible(not full)
        self._fold_panels()
        if full:
            self.showFullScreen()
        else:
            self.showNormal()

    def _show_icons(self, state: SessionState) -> None:
        if self._icons_shown == (state, self._theme):
            return
        self._icons_shown = (state, self._theme)
        for action_id, name in SESSION_ICONS.items():
            self.commands[action_id].setIcon(self._icons.get(name, self._theme.text))
        start = "pause" if state is SessionState.RUNNING else "play"
        # The start button is amber: its icon is drawn in the background's colour, like its text.
        self.commands[ActionId.START_PAUSE].setIcon(self._icons.get(start, self._theme.background))

    def _theme_toggled(self, light: bool) -> None:
        theme = LIGHT if light else DARK
        self._theme = theme
        apply_theme(QApplication.instance(), theme)
        self.session_view.set_theme(theme)
        self._show_icons(self.bridge.session.state)
        self.themeChosen.emit("light" if light else "dark")

    def ui_state(self) -> UiState:
        """What to remember for next time."""
        return UiState(
            plan_id=self._plans[self.plan_choice.currentIndex()].id,
            minutes=self.minutes.value(),
            window_geometry=bytes(self.saveGeometry().toBase64().data()).decode(),
            ambience_open=self._panel_choice[ActionId.AMBIENCE_PANEL],
            room_open=self._panel_choice[ActionId.ROOM_PANEL],
            master_volume=self.audio.engine.master_volume,
            muted=self.commands[ActionId.MUTE].isChecked(),
            mix=self.audio.chosen_mix or self._state.mix,
        )

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fold_panels()

    def _fold_panels(self) -> None:
        """Wide, the side panels show as chosen; narrow, they are drawers, one open on call."""
        narrow = self.width() < NARROW_WIDTH
        if narrow != self._narrow:
            self._narrow = narrow
            for action_id, chosen in self._panel_choice.items():
                self.commands[action_id].blockSignals(True)
                self.commands[action_id].setChecked(chosen and not narrow)
                self.commands[action_id].blockSignals(False)
        full = self.commands[ActionId.FULL_SCREEN].isChecked()
        for action_id, panel in self._panels.items():
            panel.setVisible(self.commands[action_id].isChecked() and not full)

    def _panel_toggled(self) -> None:
        toggled = next(a for a, action in self.commands.items() if action is self.sender())
        shown = self.commands[toggled].isChecked()
        if self._narrow:  # one drawer at a time
            for other in self._panels.keys() - {toggled}:
                self.commands[other].blockSignals(True)
                self.commands[other].setChecked(False)
                self.commands[other].blockSignals(False)
        else:
            self._panel_choice[toggled] = shown
        self._fold_panels()

    # --- the session ----------------------------------------------------------------------------

    def _plan_chosen(self) -> None:
        plan = self._plans[self.plan_choice.currentIndex()]
        self.minutes.blockSignals(True)
        self.minutes.setMinimum(plan.shortest_minutes)
        self.minutes.setValue(round(plan.minutes))
        self.minutes.blockSignals(False)
        self.room.show_position(plan.position)
        self.load_chosen_plan()

    def load_chosen_plan(self) -> None:
        """A fresh session of the plan and length chosen at the top, ready to start."""
        plan = self._plans[self.plan_choice.currentIndex()]
        self.bridge.load(plan.scaled_to(self.minutes.value() * 60))
        self.session_view.checkin.dismiss()
        self._notices = {"start": START_HINT}
        self._show_notices()

    def _start_pressed(self) -> None:
        session = self.bridge.session
        prompt = self.session_view.start_prompt
        left = self.checklist.left_to_do()
        if session.state is SessionState.READY and left and not prompt.asking:
            prompt.ask([CHECKLIST_LABELS[item] for item in left])
            return
        self._start()

    def _start(self) -> None:
        self.session_view.start_prompt.dismiss()
        self.bridge.start_or_pause()

    def _phase_started(self, event: PhaseStarted) -> None:
        self._disarm_end()
        self._notices.pop("start", None)
        self._notices.pop("finished", None)  # a session started again
        self._show_notices()

    def _ask_checkin(self) -> None:
        session: Session = self.bridge.session
        areas = dict.fromkeys(p.area for p in session.plan.phases if p.kind.hands_on)
        self.session_view.checkin.ask(list(areas))

    def _end_pressed(self) -> None:
        if self._end_confirm.isActive():
            self._disarm_end()
            self.bridge.end()
            return
        self._end_confirm.start(END_CONFIRM_MS)
        self.commands[ActionId.END].setText("Confirm end")
        self.statusBar().showMessage("Press Esc again to end the session.", END_CONFIRM_MS)

    def _disarm_end(self) -> None:
        self._end_confirm.stop()
        self.commands[ActionId.END].setText("End")
        self.statusBar().clearMessage()

    def _notify(self, key: str, text: str) -> None:
        """Show a notice beside any others; all leave together when left unread."""
        self._notices[key] = text
        self._show_notices()
        self._notice_timer.start(NOTICE_SHOWN_MS)

    def _clear_notices(self) -> None:
        self._notices.clear()
        self._show_notices()

    def _show_notices(self) -> None:
        self.session_view.show_notice("\n".join(self._notices.values()))

    def _finished(self, completed: bool) -> None:
        self._notice_timer.stop()
        self.session_view.checkin.dismiss()
        session = self.bridge.session
        ending = "Well done" if completed else "Ended early"
        summary = f"{ending}: {format_clock(session.elapsed)} given."
        answers = summarise_answers(session.answers)
        self._notices = {"finished": f"{summary} {answers} Let them rest before getting up."}
        self._show_notices()
