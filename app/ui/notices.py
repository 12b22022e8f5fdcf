"""The notices beside the ring: a hint, a reminder, what a second Esc does; shown together."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from app.ui.timers import single_shot

SHOWN_MS = 30_000  # a reminder left unread leaves by itself


class Notices(QObject):
    """Keyed notices, shown joined by `show`; reminders leave together when left unread."""

    def __init__(self, show: Callable[[str], None], parent: QObject) -> None:
        super().__init__(parent)
        self._show = show
        self._notices: dict[str, str] = {}
        self._timer = single_shot(self, self.clear)

    def say(self, key: str, text: str, *, fading: bool = False) -> None:
        """Show `text` beside the others; a `fading` one takes them all away when unread."""
        self._notices[key] = text
        self._refresh()
        if fading:
            self._timer.start(SHOWN_MS)

    def drop(self, key: str) -> None:
        if self._notices.pop(key, None) is not None:
            self._refresh()

    def clear(self) -> None:
        self._timer.stop()
        self._notices.clear()
        self._refresh()

    def _refresh(self) -> None:
        self._show("\n".join(self._notices.values()))
