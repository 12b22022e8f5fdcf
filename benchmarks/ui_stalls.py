"""Lull itself, unchanged, with a 1 ms heartbeat on its UI thread whose longest gap is noted."""

# python benchmarks/ui_stalls.py [LULL ARGS]   (by path, like first_frame.py)
#
# A precise 1 ms timer runs on the UI thread from the first frame on; each gap between two of
# its beats longer than the last longest is the longest time the window could not answer. At
# each phase change the voice's channel is given a prompt (AudioBridge.speak), so chimes and
# the voice both go through the engine; the session's end fades the sound, the mixer rests,
# and a chime WAKE_AFTER_END_SECONDS after the end wakes it. At quit (SIGTERM from the
# benchmark) it prints "stall max X ms (phase change A ms, end B ms, other C ms, cpu D ms,
# queued Q ms, others O ms, collection E ms) [other threads' CPU: ...]" on stderr: the longest
# gap; the longest in which a phase changed, the session ended, or neither; in the longest, the
# UI thread's own CPU time, its wait for a core, and the CPU time of the process's other
# threads (by name); and the longest garbage collection while measuring (it holds every Python
# thread). Log lines are stamped as by lull_stamped.py.

import gc
import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from lull_stamped import FORMAT, _Stamp  # type: ignore[import-not-found]  # run by path, beside it
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication

BEAT_MS = 1
SETTLE_SECONDS = 0.5  # after the first frame: the window's own first paints are not the sound's
WAKE_AFTER_END_SECONDS = 14.0  # the end chime has rung out and the mixer has rested
VOICE = "chime-checkin"  # a prompt-length sound on the voice's channel
# What fell in a gap: the tick that changed the phase (with what it drew), the session's end
# (with the relief question), or anything else (a rest, a wake, the countdown, a fade step).
CHANGE, END, OTHER = "phase change", "end", "other"
MOMENTS = (CHANGE, END, OTHER)


class _Tasks:
    """Every thread of this process, read from /proc at each beat: its CPU time and the time it
    waited for a core (schedstat, in ns). The UI thread's own wait says whether a long gap was
    the machine's other work (a core) or this process's other threads (Python's lock)."""

    REFRESH_BEATS = 200  # threads come and go (the speech probe, the keep-awake's let-go)

    def __init__(self) -> None:
        self._files: dict[int, tuple[str, int]] = {}
        self._beats = 0
        self.ui = threading.get_native_id()

    def _refresh(self) -> None:
        pythons = {thread.native_id: thread.name for thread in threading.enumerate()}
        for tid in {int(name) for name in os.listdir("/proc/self/task")} - self._files.keys():
            try:
                comm = Path(f"/proc/self/task/{tid}/comm").read_text().strip()
                fd = os.open(f"/proc/self/task/{tid}/schedstat", os.O_RDONLY)
            except OSError:
                continue  # gone already
            self._files[tid] = (pythons.get(tid, comm), fd)

    def read(self) -> dict[str, tuple[int, int]]:
        """Each thread's (cpu ns, waited ns) so far; the UI thread's key is "ui"."""
        if self._beats % self.REFRESH_BEATS == 0:
            self._refresh()
        self._beats += 1
        now: dict[str, tuple[int, int]] = {}
        for tid, (name, fd) in list(self._files.items()):
            try:
                cpu, waited, _slices = os.pread(fd, 64, 0).split()
            except (OSError, ValueError):
                os.close(fd)
                del self._files[tid]
                continue
            now["ui" if tid == self.ui else name] = (int(cpu), int(waited))
        return now


class _Heartbeat(QObject):
    """The longest gap between beats, for each kind of moment that fell in one."""

    def __init__(self) -> None:
        super().__init__()
        self.longest: dict[str, float] = {}
        # In the longest gap of all: each thread's CPU time and the UI thread's wait for a core
        # (ms). What is left of the gap, the UI thread slept: on Python's lock, or idle.
        self.worst: dict[str, float] = {}
        self._moment = OTHER
        self._last: float | None = None
        self._tasks = _Tasks()
        self._last_tasks: dict[str, tuple[int, int]] = {}
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._beat)
        self.longest_collection = 0.0
        self._collecting_since = 0.0

    def start(self) -> None:
        self._last, self._last_tasks = time.monotonic(), self._tasks.read()
        self._timer.start(BEAT_MS)
        gc.callbacks.append(self._collection)

    def _collection(self, phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            self._collecting_since = time.monotonic()
        else:
            took = time.monotonic() - self._collecting_since
            self.longest_collection = max(self.longest_collection, took)

    def mark(self, moment: str) -> None:
        """The gap under way is this moment's (a phase change, the end), not just any."""
        self._moment = moment

    def _beat(self) -> None:
        now, tasks = time.monotonic(), self._tasks.read()
        if self._last is not None:
            gap = now - self._last
            if gap > max(self.longest.values(), default=0.0):
                self.worst = self._spent(self._last_tasks, tasks)
            self.longest[self._moment] = max(self.longest.get(self._moment, 0.0), gap)
        self._moment = OTHER
        self._last, self._last_tasks = now, tasks

    @staticmethod
    def _spent(
        before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]
    ) -> dict[str, float]:
        spent = {"queued": (after["ui"][1] - before["ui"][1]) / 1e6}
        for name, (cpu, _waited) in after.items():
            took = (cpu - before.get(name, (cpu, 0))[0]) / 1e6
            if took > 0 or name == "ui":
                spent["cpu" if name == "ui" else name] = took
        return spent

    def said(self) -> str:
        """The parsed line: the longest gap, per moment, and what filled the longest of all."""
        parts = ", ".join(f"{name} {self.longest.get(name, 0) * 1000:.2f} ms" for name in MOMENTS)
        worst = max(self.longest.values(), default=0.0)
        threads = {name: ms for name, ms in self.worst.items() if name not in ("cpu", "queued")}
        parts += f", cpu {self.worst.get('cpu', 0):.2f} ms"
        parts += f", queued {self.worst.get('queued', 0):.2f} ms"
        parts += f", others {sum(threads.values()):.2f} ms"
        parts += f", collection {self.longest_collection * 1000:.2f} ms"
        busiest = sorted(threads.items(), key=lambda item: -item[1])
        named = "; ".join(f"{name} {ms:.2f} ms" for name, ms in busiest) or "none"
        return f"stall max {worst * 1000:.2f} ms ({parts}) [other threads' CPU: {named}]"


class _Shown(QObject):
    def __init__(self, then: Callable[[], None]) -> None:
        super().__init__()
        self._then: Callable[[], None] | None = then

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint and self._then is not None:
            then, self._then = self._then, None
            QTimer.singleShot(round(SETTLE_SECONDS * 1000), then)
        return False


def _wire(heart: _Heartbeat) -> None:
    from app.ui.main_window import MainWindow

    window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
    audio, bridge = window.audio, window.bridge
    bridge.phaseStarted.connect(lambda _event: audio.speak(VOICE))
    bridge.phaseStarted.connect(lambda _event: heart.mark(CHANGE))
    bridge.finished.connect(lambda _done: heart.mark(END))
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
        application.aboutToQuit.connect(lambda: print(heart.said(), file=sys.stderr, flush=True))
        return exec_()

    QApplication.exec = staticmethod(exec_watched)  # type: ignore[method-assign]
    from app.main import main as lull

    return lull(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
