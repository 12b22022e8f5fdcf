"""Noticing that the laptop slept: logind's word for it where it can be heard, and the clocks."""

from __future__ import annotations

import logging

from PySide6.QtCore import SLOT, QObject, QTimer, Signal, Slot
from PySide6.QtDBus import QDBusConnection

from app.core.clock import Clock

log = logging.getLogger(__name__)

CHECK_MS = 5_000  # while watching, without logind: the notice comes this long after waking
SLEPT_AT_LEAST = 2.0  # seconds; the two clocks agree to the microsecond while the laptop is awake
LOGIND = "org.freedesktop.login1"


class SleepWatch(QObject):
    """Tells, once per sleep, how long the laptop slept while it was being watched.

    The time asleep is how far the clock that counts it (CLOCK_BOOTTIME) has drawn ahead of
    the one that stops during a suspend (CLOCK_MONOTONIC); logind's PrepareForSleep(false) on
    the system bus, where there is one, makes the check come the moment the laptop wakes.
    """

    slept = Signal(float)  # seconds asleep

    def __init__(
        self,
        awake: Clock,
        total: Clock,
        system_bus: QDBusConnection | None,
        *,
        check_ms: int = CHECK_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._awake, self._total = awake, total
        self._bus = system_bus if system_bus is not None and system_bus.isConnected() else None
        self._listening = False
        self._asleep_so_far = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(check_ms)
        self._timer.timeout.connect(self.check)

    @property
    def watching(self) -> bool:
        return self._timer.isActive()

    def set_watching(self, watching: bool) -> None:
        """Watched while a session runs; a sleep while it is paused changes nothing."""
        if watching == self.watching:
            return
        if not watching:
            self._timer.stop()
            return
        self._asleep_so_far = self._asleep()
        self._timer.start()
        if self._bus is not None and not self._listening:
            # PySide6 takes no plain function here, only a slot's signature, as a str (its
            # stubs say bytes, which it refuses).
            self._listening = self._bus.connect(  # type: ignore[call-overload]
                LOGIND,
                "/org/freedesktop/login1",
                "org.freedesktop.login1.Manager",
                "PrepareForSleep",
                self,
                SLOT("_prepare_for_sleep(bool)"),
            )
            log.info("logind's sleep signal %s", "heard" if self._listening else "not heard")

    @Slot()
    def check(self) -> None:
        if not self.watching:
            return
        asleep = self._asleep()
        seconds = asleep - self._asleep_so_far
        if seconds >= SLEPT_AT_LEAST:
            self._asleep_so_far = asleep
            log.info("the laptop slept for %.1f s", seconds)
            self.slept.emit(seconds)

    @Slot(bool)
    def _prepare_for_sleep(self, going: bool) -> None:
        if not going:
            self.check()

    def _asleep(self) -> float:
        return self._total() - self._awake()


def slept_notice(seconds: float) -> str:
    """What the giver is told on waking: how long, and that the session has caught up."""
    minutes = round(seconds / 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        hour_words = f"{hours} hour{'s' * (hours > 1)}"
        long = f"{hour_words} {minutes} minute{'s' * (minutes > 1)}" if minutes else hour_words
    elif minutes:
        long = f"{minutes} minute{'s' * (minutes > 1)}"
    else:
        long = "less than a minute"
    return f"The laptop slept for {long}; the session has caught up."
