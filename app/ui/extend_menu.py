"""The menu on the "+1 min" button: a minute that lengthens the session, or one borrowed from
the phases still to come. Choosing gives the minute now and makes it what one click gives."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget

LONGER_TIP = "One more minute for this phase; the session ends a minute later (+)"
BORROW_TIP = (
    "One more minute for this phase, taken from the phases still to come: "
    "the session ends as planned (+)"
)


class ExtendMenu(QMenu):
    """Both kinds of minute, the remembered one checked; the extend action's tooltip says
    which one a click (or the + key) gives. It keeps no choice of its own: it shows the one it
    is told, and says when the giver picks another."""

    borrowChosen = Signal(bool)  # True: borrow from the phases to come; False: a longer session

    def __init__(self, extend: QAction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._extend = extend
        group = QActionGroup(self)
        self._items = {
            False: self.addAction("+1 min: longer session"),
            True: self.addAction("+1 min: borrow from later phases"),
        }
        for borrow, item in self._items.items():
            item.setCheckable(True)
            item.setToolTip(BORROW_TIP if borrow else LONGER_TIP)
            group.addAction(item)
            item.triggered.connect(self._borrow_chosen if borrow else self._longer_chosen)
        self.setToolTipsVisible(True)
        self.show_choice(borrow=False)

    def show_choice(self, *, borrow: bool) -> None:
        """The remembered choice: checked here, and said by the button's tooltip."""
        self._items[borrow].setChecked(True)
        tip = BORROW_TIP if borrow else LONGER_TIP
        self._extend.setToolTip(tip)
        self._extend.setStatusTip(tip)

    def _longer_chosen(self) -> None:
        self._choose(borrow=False)

    def _borrow_chosen(self) -> None:
        self._choose(borrow=True)

    def _choose(self, *, borrow: bool) -> None:
        self.show_choice(borrow=borrow)
        self.borrowChosen.emit(borrow)  # first, so that the minute given now is the one chosen
        self._extend.trigger()
