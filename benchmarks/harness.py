"""What every benchmark shares: Xvfb, PulseAudio, child processes, /proc sampling, medians."""

from __future__ import annotations

import os
import queue
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The tests already hold the private PulseAudio server (and a fake clock): reuse, not copy.
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from unit.audio.pulse_server import PulseServer, pulse_available  # noqa: E402

HERE = Path(__file__).resolve().parent
PYTHON = Path(sys.executable)
LULL = PYTHON.with_name("lull")
FLOOR = HERE / "floor.py"
STAMPED = HERE / "lull_stamped.py"
CACHE = ROOT / "build" / "bench"
ASSETS = ROOT / "assets" / "audio"
TWO_LAYERS = (ASSETS / "river.ogg", ASSETS / "soft-music.ogg")
TICKS = os.sysconf("SC_CLK_TCK")
SCREEN = "1280x800x24"  # Lull's default window size fits, as on a small laptop
STOP_SECONDS = 5.0  # a polite SIGTERM gets this long before SIGKILL

__all__ = ["PulseServer", "pulse_available"]


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


# --- servers -------------------------------------------------------------------------------------


@contextmanager
def xvfb() -> Iterator[str]:
    """A private X server; yields its display name. -displayfd picks a free number for us."""
    if shutil.which("Xvfb") is None:
        sys.exit("Xvfb is missing: make bench installs it (tools/system-packages.sh test)")
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", "1", "-screen", "0", SCREEN, "-nolisten", "tcp"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert server.stdout is not None
    number = server.stdout.readline().strip()
    if not number.isdigit():
        server.kill()
        sys.exit("Xvfb did not say which display it opened")
    try:
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)
        server.stdout.close()


@dataclass
class Stage:
    """Where the children run: the display, the sound server, and the audio driver to use."""

    display: str
    pulse: PulseServer
    driver: str = "pulseaudio"
    extra: dict[str, str] = field(default_factory=dict)

    def env(self, home: Path) -> dict[str, str]:
        # A fresh home: no remembered mix, no settings, nothing from a real profile. Bytecode is
        # written (the sandbox sets PYTHONDONTWRITEBYTECODE), as an installed app would have it.
        drop = {"QT_QPA_PLATFORM", "PYTHONDONTWRITEBYTECODE", "WAYLAND_DISPLAY", "SDL_AUDIODRIVER"}
        env = {key: value for key, value in os.environ.items() if key not in drop}
        env |= {
            "DISPLAY": self.display,
            "DBUS_SESSION_BUS_ADDRESS": "disabled:",  # no stray dbus-daemon outliving a run
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "XDG_STATE_HOME": str(home / "state"),
            "XDG_RUNTIME_DIR": str(home / "runtime"),
            "PULSE_SERVER": self.pulse.address,
            "SDL_AUDIODRIVER": self.driver,
            "PYGAME_HIDE_SUPPORT_PROMPT": "1",
        }
        (home / "runtime").mkdir(mode=0o700, parents=True, exist_ok=True)
        return env | self.extra


# --- child processes -----------------------------------------------------------------------------


class Child:
    """A process on the stage, in a home of its own, whose stderr lines are timestamped as read."""

    def __init__(self, stage: Stage, command: Sequence[str | Path], home: Path | None = None):
        self.home = home or Path(tempfile.mkdtemp(prefix="lull-bench-home-"))
        self._own_home = home is None
        self.lines: list[str] = []
        self._queue: queue.Queue[tuple[float, str] | None] = queue.Queue()
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            [str(part) for part in command],
            env=stage.env(self.home),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.pid = self.process.pid
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self._queue.put((time.monotonic(), line.rstrip("\n")))
        self._queue.put(None)

    def wait_for(self, pattern: str, timeout: float = 30) -> tuple[re.Match[str], float]:
        """The next stderr line matching `pattern`, and the monotonic time it was read."""
        wanted = re.compile(pattern)
        end = time.monotonic() + timeout
        while True:
            try:
                item = self._queue.get(timeout=max(0.0, end - time.monotonic()))
            except queue.Empty:
                item = None
            if item is None:
                said = "\n".join(self.lines[-20:])
                raise RuntimeError(f"{self.process.args} never said /{pattern}/:\n{said}")
            seen, line = item
            self.lines.append(line)
            found = wanted.search(line)
            if found:
                return found, seen

    def drain(self) -> list[str]:
        """Every line read so far that nobody has waited for."""
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return self.lines
            if item is None:
                return self.lines
            self.lines.append(item[1])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._reader.join(timeout=10)
        assert self.process.stderr is not None
        self.process.stderr.close()
        if self._own_home:
            shutil.rmtree(self.home, ignore_errors=True)

    def __enter__(self) -> Child:
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()


# --- /proc ---------------------------------------------------------------------------------------


def tick_cpu_seconds(pid: int) -> float:
    """utime + stime of a whole process (every thread, live or ended), from /proc/<pid>/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def status_field(pid: int, name: str) -> int:
    path = Path(f"/proc/{pid}/status")
    for line in path.read_text().splitlines():
        if line.startswith(name + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"no {name} in {path}")


def peak_rss_mb(pid: int) -> float:
    return status_field(pid, "VmHWM") / 1024


def rss_mb(pid: int) -> float:
    return status_field(pid, "VmRSS") / 1024


@dataclass(frozen=True)
class Reading:
    """A process's counters at one moment."""

    ticks: float  # utime + stime in seconds, counted in whole clock ticks
    runtime: dict[str, int]  # per thread ('tid:name'): nanoseconds on a CPU
    switches: dict[str, int]  # per thread: context switches, voluntary or not: its wake-ups


def read(pid: int) -> Reading:
    runtime, switches = {}, {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            # The main thread is named after the program; call it what it is.
            name = "main" if task.name == str(pid) else (task / "comm").read_text().strip()
            status = (task / "status").read_text()
            on_cpu = int((task / "schedstat").read_text().split()[0])
        except FileNotFoundError:  # a thread that ended as we looked
            continue
        key = f"{task.name}:{name}"
        runtime[key] = on_cpu
        switches[key] = sum(
            int(line.split()[1]) for line in status.splitlines() if "ctxt_switches" in line
        )
    return Reading(tick_cpu_seconds(pid), runtime, switches)


def cpu_between(before: Reading, after: Reading) -> float:
    """CPU seconds used between two readings.

    utime + stime come in 10 ms ticks: over a 10 s window that is 0.001 CPU-s/s, a fifth of
    Lull's own figure. The kernel derives them from each thread's nanosecond runtime, which
    schedstat gives as it is, so that is summed instead, unless a thread ended in between
    (its runtime is gone from /proc), when the ticks, which still count it, are used.
    """
    if before.runtime.keys() <= after.runtime.keys():
        return sum(ns - before.runtime.get(key, 0) for key, ns in after.runtime.items()) / 1e9
    return after.ticks - before.ticks


@dataclass(frozen=True)
class Window:
    """What a process and the sound server did over one measured stretch of wall time."""

    app_cpu: float  # CPU-s per wall second
    server_cpu: float
    tick_cpu: float  # app and server together, from /proc/<pid>/stat alone: a cross-check
    wakeups: float  # per wall second, all of the app's threads
    by_thread: dict[str, float]
    peak_rss_mb: float

    @property
    def total_cpu(self) -> float:
        return self.app_cpu + self.server_cpu


def measure(pid: int, server_pid: int, seconds: float) -> Window:
    """Samples /proc before and after `seconds` of sleep; the benchmark itself stays asleep."""
    app, server = read(pid), read(server_pid)
    started = time.monotonic()
    time.sleep(seconds)
    app2, server2 = read(pid), read(server_pid)
    wall = time.monotonic() - started
    by_thread = {
        key: (count - app.switches.get(key, 0)) / wall for key, count in app2.switches.items()
    }
    ticks = app2.ticks - app.ticks + server2.ticks - server.ticks
    return Window(
        cpu_between(app, app2) / wall,
        cpu_between(server, server2) / wall,
        ticks / wall,
        sum(by_thread.values()),
        by_thread,
        peak_rss_mb(pid),
    )


def thread_summary(windows: Sequence[Window]) -> str:
    """Median wake-ups per second of each thread name, busiest first."""
    names: dict[str, list[float]] = {}
    for window in windows:
        by_name: dict[str, float] = {}
        for key, rate in window.by_thread.items():  # threads of one name count together
            name = key.split(":", 1)[1]
            by_name[name] = by_name.get(name, 0.0) + rate
        for name, rate in by_name.items():
            names.setdefault(name, []).append(rate)
    ranked = sorted(((median(rates), name) for name, rates in names.items()), reverse=True)
    return ", ".join(f"{name} {rate:.1f}" for rate, name in ranked if rate >= 0.05) or "none"
