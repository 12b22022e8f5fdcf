"""The main window: choose a plan and its length, then run the session hands-free."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.cues import cue_for
from app.core.plan import MAX_PLAN_MINUTES, MIN_PLAN_MINUTES, Plan
from app.core.session import SessionState
from app.ui.actions import ActionId, create_actions, show_session_state
from app.ui.cue_card import CueCard
from app.ui.session_bridge import SessionBridge
from app.ui.session_view import SessionView, format_clock

NOTICE_SHOWN_MS = 30_000  # a check-in or reminder left unanswered leaves by itself
END_CONFIRM_MS = 4_000  # how long a first press of End waits for the second
START_HINT = "start-hint"
CHECKIN_TEXT = "Ask them: how is the pressure? Is there an area to focus on?"


class MainWindow(QMainWindow):
    def __init__(
        self,
        bridge: SessionBridge,
        plans: Sequence[Plan],
        initial: Plan,
        minutes: int,
        icon: QIcon | None = None,
    ) -> None:
        super().__init__()
        self.setWindowTitle("Lull")
        if icon is not None:
            self.setWindowIcon(icon)
        self.bridge = bridge
        self.actions = create_actions(self)
        self.addActions(list(self.actions.values()))
        self._plans = list(plans) if initial in plans else [*plans, initial]

        self.plan_choice = QComboBox()
        self.plan_choice.setAccessibleName("Plan")
        self.plan_choice.setToolTip("Which massage to give")
        for plan in self._plans:
            self.plan_choice.addItem(plan.title, plan.id)
            self.plan_choice.setItemData(
                self.plan_choice.count() - 1, plan.description, Qt.ItemDataRole.ToolTipRole
            )
        self.plan_choice.setCurrentIndex(self._plans.index(initial))
        self.minutes = QSpinBox()
        self.minutes.setRange(MIN_PLAN_MINUTES, MAX_PLAN_MINUTES)
        self.minutes.setSuffix(" min")
        self.minutes.setValue(minutes)
        self.minutes.setAccessibleName("Length in minutes")
        self.minutes.setToolTip("How long the whole session lasts; the phases keep their share")

        self.session_view = SessionView(self.actions)
        self.cue_card = CueCard()
        self._build_layout()

        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.timeout.connect(self._clear_notices)
        self._notices: dict[str, str] = {}
        self._end_confirm = QTimer(self)
        self._end_confirm.setSingleShot(True)
        self._end_confirm.timeout.connect(self._disarm_end)
        self._connect()
        self._load_chosen_plan()

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        title = QLabel("Lull")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        top.addWidget(title)
        top.addSpacing(24)
        top.addWidget(self.plan_choice)
        top.addWidget(self.minutes)
        top.addStretch(1)

        body = QHBoxLayout()
        body.setSpacing(24)
        body.addWidget(self.session_view, 3)
        body.addWidget(self.cue_card, 2)

        central = QWidget()
        central.setObjectName("central")
        layout = QVBoxLayout(central)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addLayout(top)
        layout.addLayout(body, 1)
        self.setCentralWidget(central)
        self.statusBar().setSizeGripEnabled(False)

    def _connect(self) -> None:
        a, bridge = self.actions, self.bridge
        a[ActionId.START_PAUSE].triggered.connect(bridge.start_or_pause)
        a[ActionId.NEXT].triggered.connect(bridge.next)
        a[ActionId.PREVIOUS].triggered.connect(bridge.previous)
        a[ActionId.EXTEND].triggered.connect(lambda: bridge.extend(60))
        a[ActionId.END].triggered.connect(self._end_pressed)
        bridge.changed.connect(self.refresh)
        bridge.phaseStarted.connect(self._phase_started)
        bridge.checkinDue.connect(lambda: self._notify("checkin", CHECKIN_TEXT))
        bridge.reminderDue.connect(lambda reminder: self._notify(reminder.key, reminder.text))
        bridge.finished.connect(self._finished)
        self.plan_choice.currentIndexChanged.connect(self._plan_chosen)
        self.minutes.valueChanged.connect(self._load_chosen_plan)

    def refresh(self) -> None:
        session = self.bridge.session
        self.session_view.show_session(session)
        following = session.next_phase
        preview = f"Next: {cue_for(following).title}" if following else "Next: rest"
        self.cue_card.show_cue(cue_for(session.phase), preview)
        show_session_state(self.actions, session.state)
        choosing = session.state in (SessionState.READY, SessionState.FINISHED)
        self.plan_choice.setEnabled(choosing)
        self.minutes.setEnabled(choosing)
        if self._end_confirm.isActive():
            self.actions[ActionId.END].setText("Confirm end")

    def _plan_chosen(self) -> None:
        plan = self._plans[self.plan_choice.currentIndex()]
        self.minutes.blockSignals(True)
        self.minutes.setValue(round(plan.minutes))
        self.minutes.blockSignals(False)
        self._load_chosen_plan()

    def _load_chosen_plan(self) -> None:
        plan = self._plans[self.plan_choice.currentIndex()]
        self.bridge.load(plan.scaled_to(self.minutes.value() * 60))
        self._notices = {START_HINT: "Press Space to start when they are comfortable."}
        self._show_notices()

    def _phase_started(self) -> None:
        self._disarm_end()
        self._notices.pop(START_HINT, None)
        self._show_notices()

    def _end_pressed(self) -> None:
        if self._end_confirm.isActive():
            self._disarm_end()
            self.bridge.end()
            return
        self._end_confirm.start(END_CONFIRM_MS)
        self.actions[ActionId.END].setText("Confirm end")
        self.statusBar().showMessage("Press Esc again to end the session.", END_CONFIRM_MS)

    def _disarm_end(self) -> None:
        self._end_confirm.stop()
        self.actions[ActionId.END].setText("End")
        self.statusBar().clearMessage()

    def _notify(self, key: str, text: str) -> None:
        """Show a notice beside any others that are due; all leave together when unanswered."""
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
        given = format_clock(self.bridge.session.elapsed)
        ending = "Well done" if completed else "Ended early"
        self._notices = {"finished": f"{ending}: {given} given. Let them rest before getting up."}
        self._show_notices()
