"""The tray icon: the time left at a glance, and pause or mute without finding the window."""

from __future__ import annotations

from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon, QWidget

from app.core.session import Session, SessionState
from app.ui.actions import ActionId
from app.ui.session_view import format_clock


class Tray(QSystemTrayIcon):
    def __init__(self, icon: QIcon, actions: dict[ActionId, QAction], window: QWidget) -> None:
        super().__init__(icon, window)
        self.menu = QMenu(window)
        show = self.menu.addAction("Show Lull")
        show.triggered.connect(window.show)
        show.triggered.connect(window.raise_)
        show.triggered.connect(window.activateWindow)
        self.menu.addSeparator()
        for action_id in (ActionId.START_PAUSE, ActionId.NEXT, ActionId.MUTE):
            self.menu.addAction(actions[action_id])
        self.setContextMenu(self.menu)
        self.setToolTip("Lull")

    def show_session(self, session: Session) -> None:
        if session.state is SessionState.RUNNING:
            text = f"Lull: {format_clock(session.remaining)} left"
        elif session.state is SessionState.PAUSED:
            text = f"Lull: paused, {format_clock(session.remaining)} left"
        elif session.state is SessionState.FINISHED:
            text = "Lull: session complete"
        else:
            text = "Lull: ready"
        self.setToolTip(text)
