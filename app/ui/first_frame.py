"""Work that waits until a window's first frame is on screen, so that it cannot delay it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

# A window that is never exposed (started minimised, or on a screen that is off) still gets
# its work done after this long.
AT_LATEST_MS = 1000


class AfterFirstFrame(QObject):
    """Calls `then` once, just after `window` is first painted, or after AT_LATEST_MS.

    A zero timer started before the event loop runs before the first expose, so the work it
    queues holds the first frame back. The window paints all its widgets in one go when it is
    first exposed; a zero timer started from its first paint runs once that is done.
    """

    def __init__(self, window: QWidget, then: Callable[[], None]) -> None:
        super().__init__(window)
        self._window, self._then = window, then
        self._done = False

    def arm(self) -> None:
        self._window.installEventFilter(self)
        QTimer.singleShot(AT_LATEST_MS, self, self._run)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint and not self._done:
            self._window.removeEventFilter(self)
            QTimer.singleShot(0, self, self._run)
        return False

    def _run(self) -> None:
        if not self._done:
            self._done = True
            self._window.removeEventFilter(self)
            self._then()
