"""The ambience and room panels: columns beside the session on a wide window; on a narrow one,
drawers that open over the session, one at a time, and give the space back when closed."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QBoxLayout, QSizePolicy, QWidget

from app.ui.actions import ActionId

NARROW_WIDTH = 1100  # below this the side panels become drawers, so the session keeps the space
SIDE_SHARE, CENTRE_SHARE = 22, 56  # percent of the width, at full width
DRAWER_SHARE = 0.45  # of the session's width: enough for the sliders, and the ring peeks out
DRAWER_MAX_EMS = 32  # wide enough for a sound's name and its slider, in the panel's type
DRAWER_GAP = 8


class SidePanels(QObject):
    """Places the two panels as the window's width and the panel actions say."""

    def __init__(
        self,
        body: QBoxLayout,
        session: QWidget,
        floor: QWidget,
        panels: dict[ActionId, QWidget],
        actions: dict[ActionId, QAction],
        chosen: dict[ActionId, bool],
    ) -> None:
        super().__init__(session)
        self._body, self._session, self._panels, self._actions = body, session, panels, actions
        self._floor = floor  # in the session: drawers end above it, so it and all below show
        self.chosen = dict(chosen)  # what the giver wants on a wide window, remembered
        self.narrow: bool | None = None  # not known until the window has a width
        self.hidden = False  # full screen: no panel at all
        left, right = panels[ActionId.AMBIENCE_PANEL], panels[ActionId.ROOM_PANEL]
        for panel in (left, right):
            # Squeezable, so the window's minimum width is the session's alone.
            panel.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._order = [left, session, right]
        self._columns()
        session.installEventFilter(self)  # drawers follow the session's place and size
        for action_id in panels:
            actions[action_id].toggled.connect(
                lambda shown, which=action_id: self._toggled(which, shown)
            )

    def fit(self, width: int) -> None:
        """Columns or drawers, for a window this wide."""
        narrow = width < NARROW_WIDTH
        if narrow != self.narrow:
            self.narrow = narrow
            if narrow:
                self._drawers()
            else:
                self._columns()
            for action_id, chosen in self.chosen.items():
                self._check(action_id, chosen and not narrow)
        self._show()

    def hide_all(self, hidden: bool) -> None:
        self.hidden = hidden
        self._show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Move) and self.narrow:
            self._place_drawers()
        return False

    def _toggled(self, which: ActionId, shown: bool) -> None:
        if self.narrow:  # one drawer at a time
            for other in self._panels.keys() - {which}:
                self._check(other, False)
        else:
            self.chosen[which] = shown
        self._show()

    def _check(self, action_id: ActionId, checked: bool) -> None:
        action = self._actions[action_id]
        action.blockSignals(True)
        action.setChecked(checked)
        action.blockSignals(False)

    def _show(self) -> None:
        for action_id, panel in self._panels.items():
            panel.setVisible(self._actions[action_id].isChecked() and not self.hidden)
            if self.narrow and panel.isVisible():
                panel.raise_()
        if self.narrow:
            self._place_drawers()

    def _columns(self) -> None:
        for widget in self._order:
            self._body.removeWidget(widget)

        for widget, share in zip(self._order, (SIDE_SHARE, CENTRE_SHARE, SIDE_SHARE), strict=True):
            self._body.addWidget(widget, share)

    def _drawers(self) -> None:
        """Out of the layout, over the session: opening one moves nothing else."""
        for panel in self._panels.values():
            self._body.removeWidget(panel)

    def _place_drawers(self) -> None:
        """Over the session, down to the phase strip: Start and the strip stay in sight."""
        area = self._session.geometry()
        area.setBottom(area.top() + self._floor.y() - DRAWER_GAP)
        left, right = self._panels[ActionId.AMBIENCE_PANEL], self._panels[ActionId.ROOM_PANEL]
        for panel, at_left in ((left, True), (right, False)):
            em = panel.fontMetrics().horizontalAdvance("M")
            width = min(round(area.width() * DRAWER_SHARE), DRAWER_MAX_EMS * em)
            x = area.left() if at_left else area.right() - width + 1
            panel.setGeometry(QRect(x, area.top(), width, area.height()))
