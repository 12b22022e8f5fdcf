"""A soundscape's on/off button: a name too long for the panel ends in "…", never cut short."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QPushButton, QSizePolicy, QStyle, QStyleOptionButton, QWidget

ELLIPSIS = "…"
FEWEST_CHARS = 4  # squeezed below this a name says nothing; the panel scrolls before that
ASKED_CHARS = 12  # the width it asks for; the panel's columns share out the rest


class SoundToggle(QPushButton):
    """Shows as much of `title` as fits, then "…"; `note` (say "  (missing)") always shows.

    The widths it asks of the layout do not depend on the name, so a long name never widens
    the panel; the panel gives the button its tooltip with the name whole."""

    def __init__(self, title: str, note: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("layer")
        self.setCheckable(True)
        # A click leaves the keyboard with the session: Space still starts and pauses.
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._title, self._note, self._shown = title, note, ""
        self._elide()

    @property
    def title(self) -> str:
        return self._title

    @property
    def shown(self) -> str:
        """The words on the button, as the eye reads them."""
        return self._shown

    def is_elided(self) -> bool:
        return self._shown != self._title + self._note

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return self._size_for(self.fontMetrics().averageCharWidth() * ASKED_CHARS)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        metrics = self.fontMetrics()
        least = metrics.averageCharWidth() * FEWEST_CHARS + metrics.horizontalAdvance(ELLIPSIS)
        return self._size_for(least + metrics.horizontalAdvance(self._note))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._elide()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._elide()  # a new style sheet may bring other padding or type

    def _size_for(self, text_width: int) -> QSize:
        option = QStyleOptionButton()
        self.initStyleOption(option)
        contents = QSize(text_width, self.fontMetrics().height())
        return self.style().sizeFromContents(
            QStyle.ContentsType.CT_PushButton, option, contents, self
        )

    def _elide(self) -> None:
        option = QStyleOptionButton()
        self.initStyleOption(option)
        room = (
            self.style()
            .subElementRect(QStyle.SubElement.SE_PushButtonContents, option, self)
            .width()
        )
        metrics = self.fontMetrics()
        room -= metrics.horizontalAdvance(self._note) + 1  # a pixel spare for rounding
        shown = metrics.elidedText(self._title, Qt.TextElideMode.ElideRight, max(room, 0))
        shown = (shown or ELLIPSIS) + self._note
        if shown != self._shown:
            self._shown = shown
            self.setText(shown.replace("&", "&&"))  # an "&" in a name is shown, not a shortcut
