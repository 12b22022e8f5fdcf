"""Lull itself, unchanged, with a 1 ms heartbeat on its UI thread whose longest gap is noted."""

# python benchmarks/ui_stalls.py [LULL ARGS]   (by path, like first_frame.py)
#
# A precise 1 ms timer runs on the UI thread from the first frame on; each gap between two of
# its beats longer than the last longest is the longest time the window could not answer. At
# each phase change the voice's channel is given a prompt (AudioBridge.speak), so chimes and
# the voice both go through the engine; the session's end fades the sound, the mixer rests,
# and a chime READY_AGAIN seconds after the end wakes it. At quit (SIGTERM from the benchmark)
# it prints "stall max X ms" on stderr. Log lines are stamped as by lull_stamped.py.

import logging
import sys
import time

from lull_stamped import FORMAT, _Stamp  # beside this file, as it is run by path
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication

BEAT_MS = 1
SETTLE_SECONDS = 0.5  # after the first frame: the window's own first paints are not the sound's
WAKE_AFTER_END_SECONDS = 14.0  # the end chime has rung out and the mixer has rested
VOICE = "chime-checkin"  # a prompt-length sound on the voice's channel


class _Heartbeat(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.longest = 0.0
        self._last: float | None = None
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._beat)

    def start(self) -> None:
        self._last = time.monotonic()
        self._timer.start(BEAT_MS)

    def _beat(self) -> None:
        now = time.monotonic()
        if self._last is not None:
            self.longest = max(self.longest, now - self._last)
        self._last = now


class _Shown(QObject):
    def __init__(self, then: object) -> None:
        super().__init__()
        self._then = then

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint and self._then is not None:
            then, self._then = self._then, None
            QTimer.singleShot(round(SETTLE_SECONDS * 1000), then)  # type: ignore[arg-type]
        return False


def _wire(heart: _Heartbeat) -> None:
    from app.ui.main_window import MainWindow

    window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
    audio, bridge = window.audio, window.bridge
    bridge.phaseStarted.connect(lambda _event: audio.speak(VOICE))
    bridge.finished.connect(
        lambda _done: QTimer.singleShot(
            round(WAKE_AFTER_END_SECONDS * 1000), lambda: audio.chime(VOICE)
        )
    )
    heart.start()


def main() -> int:
    handler = logging.StreamHandler()
    handler.addFilter(_Stamp())
    handler.setFormatter(logging.Formatter(FORMAT))
    logging.basicConfig(level=logging.INFO, handlers=[handler])
    heart = _Heartbeat()
    shown = _Shown(lambda: _wire(heart))
    exec_ = QApplication.exec

    def exec_watched() -> int:
        application = QApplication.instance()
        assert application is not None
        application.installEventFilter(shown)
        application.aboutToQuit.connect(
            lambda: print(f"stall max {heart.longest * 1000:.2f} ms", file=sys.stderr, flush=True)
        )
        return exec_()

    QApplication.exec = staticmethod(exec_watched)  # type: ignore[method-assign]
    from app.main import main as lull

    return lull(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
