"""The tray icon: the time left at a glance, whether the sound is muted, and pause or mute
without finding the window."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QMenu, QSystemTrayIcon, QWidget

from app.core.durations import countdown
from app.core.session import Session, SessionState
from app.ui.actions import ActionId
from app.ui.theme import DARK

ICON_PX = 64  # drawn once at this size; the tray scales it to its own
BADGE_SHARE = 0.5  # the muted badge covers the icon's lower right quarter: seen at 16 px too
SLASH_SHARE = 0.12  # the stroke across the badge, per badge size
MUTED_WORDS = "sound muted"


def muted_icon(icon: QIcon) -> QIcon:
    """The icon with a round badge struck through, as a tray shows "muted" at a glance."""
    pixmap = icon.pixmap(ICON_PX, ICON_PX)
    pixmap.setDevicePixelRatio(1)
    badged = QPixmap(pixmap)
    painter = QPainter(badged)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    side = ICON_PX * BADGE_SHARE
    badge = QRectF(ICON_PX - side, ICON_PX - side, side, side)
    stroke = side * SLASH_SHARE
    painter.setPen(QPen(QColor(DARK.text), stroke))
    painter.setBrush(QColor(DARK.background))
    painter.drawEllipse(badge.adjusted(stroke / 2, stroke / 2, -stroke / 2, -stroke / 2))
    inset = side * 0.3
    painter.drawLine(
        QPointF(badge.left() + inset, badge.top() + inset),
        QPointF(badge.right() - inset, badge.bottom() - inset),
    )
    painter.end()
    return QIcon(badged)


class Tray(QSystemTrayIcon):
    def __init__(self, icon: QIcon, actions: dict[ActionId, QAction], window: QWidget) -> None:
        super().__init__(icon, window)
        self._icons = {False: icon, True: muted_icon(icon)}
        self._state_text = "Lull: ready"
        self.menu = QMenu(window)
        show = self.menu.addAction("Show Lull")
        show.triggered.connect(window.show)
        show.triggered.connect(window.raise_)
        show.triggered.connect(window.activateWindow)
        self.menu.addSeparator()
        for action_id in (ActionId.START_PAUSE, ActionId.NEXT, ActionId.MUTE):
            self.menu.addAction(actions[action_id])  # Mute is ticked in the menu while muted
        self.menu.addSeparator()
        self.menu.addAction(actions[ActionId.QUIT])
        self.setContextMenu(self.menu)
        self._mute = actions[ActionId.MUTE]
        self._mute.toggled.connect(self._show)
        self._show()

    @property
    def muted_shown(self) -> bool:
        return self.icon().cacheKey() == self._icons[True].cacheKey()

    def show_session(self, session: Session) -> None:
        if session.state is SessionState.RUNNING:
            text = f"Lull: {countdown(session.remaining)} left"
        elif session.state is SessionState.PAUSED:
            text = f"Lull: paused, {countdown(session.remaining)} left"
        elif session.state is SessionState.FINISHED:
            text = "Lull: session complete"
        else:
            text = "Lull: ready"
        self._state_text = text
        self._show()

    def _show(self) -> None:
        muted = self._mute.isChecked()
        self.setIcon(self._icons[muted])
        self.setToolTip(f"{self._state_text} · {MUTED_WORDS}" if muted else self._state_text)
