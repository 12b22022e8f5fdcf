"""Runs Lull (or the floor) unchanged, and says when its main window's first frame is painted."""

# python benchmarks/first_frame.py lull [ARGS]       Lull's own main(), as the lull command runs it
# python benchmarks/first_frame.py SCRIPT [ARGS]     a script, as python SCRIPT would run it
#
# An event filter on the whole application watches for the main window's first paint. Its
# widgets are painted, and the frame handed to the X server, in one burst of paint events; the
# arrival of the burst's last one is the moment the frame is out. That goes to stderr as "first
# frame at T" on the monotonic clock, which is system-wide, so the benchmark compares it with
# the moment it spawned the process. The stamp is taken in the filter itself: a zero timer
# started there would queue behind whatever else was queued for the first paint to finish.
# Lull's own "window shown" line cannot serve: it comes at the event loop's first turn, before
# the first expose, and work queued with a zero timer after it still runs before any paint.

import runpy
import sys
import time

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow


class _FirstFrame(QObject):
    def __init__(self) -> None:
        super().__init__()
        self._last_paint: float | None = None  # in the first burst of paints
        self._done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if self._done:
            return False
        painting = event.type() == QEvent.Type.Paint
        if painting and (self._last_paint is not None or isinstance(watched, QMainWindow)):
            self._last_paint = time.monotonic()
        elif self._last_paint is not None:  # the burst is over
            self._done = True
            print(f"first frame at {self._last_paint:.6f}", file=sys.stderr, flush=True)
        return False


def main() -> None:
    target, sys.argv = sys.argv[1], sys.argv[1:]
    watcher = _FirstFrame()
    exec_ = QApplication.exec

    def exec_watched() -> int:
        # The filter goes on as the event loop starts: before that nothing can be painted.
        application = QApplication.instance()
        assert application is not None
        application.installEventFilter(watcher)
        return exec_()

    QApplication.exec = staticmethod(exec_watched)  # type: ignore[method-assign]
    if target == "lull":
        from app.main import main as lull

        sys.exit(lull())
    runpy.run_path(target, run_name="__main__")


if __name__ == "__main__":
    main()
