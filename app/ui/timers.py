"""The window's one-shot timers, made one way."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer


def single_shot(
    parent: QObject, slot: Callable[[], object], interval_ms: int = 0, *, precise: bool = False
) -> QTimer:
    """A timer that runs `slot` once, `interval_ms` after each start (started again before then,
    still once), and goes with `parent`. At 0 the slot runs once the event loop turns, after
    what is already posted, a paint among it: work split so, each part within a frame."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(interval_ms)
    if precise:  # a deadline (a tick, a chime) rather than a convenience: to the millisecond
        timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.timeout.connect(slot)
    return timer
