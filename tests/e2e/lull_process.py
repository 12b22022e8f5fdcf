"""The real lull process on an X display, its log read as it comes, and when it logged what."""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
from datetime import datetime
from pathlib import Path

import pytest

HERE = Path(__file__).parent
ARTIFACTS = HERE.parent.parent / "test-artifacts"
LULL = Path(sys.executable).with_name("lull")
# The app logs with logging's default asctime: local time, milliseconds cut (not rounded).
LOG_TIME = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d),(\d{3}) ")


def logged_at(line: str) -> float:
    """The wall time (time.time()) at which the app logged `line`, to within its millisecond."""
    found = LOG_TIME.match(line)
    assert found, f"no timestamp at the start of {line!r}"
    second = datetime.strptime(found[1], "%Y-%m-%d %H:%M:%S").timestamp()
    return second + (int(found[2]) + 0.5) / 1000


def remember(**choices: object) -> None:
    """Choices Lull finds remembered when it starts (its state.json, in this test's home)."""
    folder = Path(os.environ["XDG_STATE_HOME"]) / "lull"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "state.json").write_text(json.dumps(choices), encoding="utf-8")


def press(display: str, key: str) -> None:
    """A key pressed on the display, as the giver would."""
    subprocess.run(["xdotool", "key", key], env={"DISPLAY": display}, check=True, timeout=10)


def focus_lull(display: str) -> None:
    """The keyboard given to Lull's window: a bare X server has no window manager to do it."""
    subprocess.run(
        ["xdotool", "search", "--sync", "--onlyvisible", "--name", "Lull", "windowfocus", "--sync"],
        env={"DISPLAY": display},
        check=True,
        timeout=20,
    )


class LullProcess:
    """The lull command running on a display, its log read line by line as it comes.

    Its sound goes nowhere (SDL's dummy driver), or, given `audio_file`, through the real mixer
    into that file (SDL's disk driver: raw 16-bit stereo, written in real time), or, given
    `pulse`, to that PulseAudio server.
    """

    def __init__(
        self,
        display: str,
        *args: str,
        audio_file: Path | None = None,
        bus: str = "disabled:",
        pulse: str | None = None,
    ) -> None:
        env = self.environment(display, bus)
        if audio_file is not None:
            env |= {"SDL_AUDIODRIVER": "disk", "SDL_DISKAUDIOFILE": str(audio_file)}
        if pulse is not None:  # a sound server's address: through it, as on a desktop
            env |= {"SDL_AUDIODRIVER": "pulseaudio", "PULSE_SERVER": pulse}
        self.display = display
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        self.process = subprocess.Popen(
            [str(LULL), "--verbose", *args],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    @staticmethod
    def environment(display: str, bus: str = "disabled:") -> dict[str, str]:
        """The test's environment, for a Lull on `display` with its sound going nowhere, on the
        session bus at `bus` ("disabled:": none, so no stray dbus-daemon outlives the test)."""
        env = {key: value for key, value in os.environ.items() if key != "QT_QPA_PLATFORM"}
        return env | {
            "DISPLAY": display,
            "DBUS_SESSION_BUS_ADDRESS": bus,
            "SDL_AUDIODRIVER": "dummy",
        }

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def wait_for(self, pattern: str, timeout: float = 20) -> re.Match[str]:
        """The first log line, from here on, that matches pattern."""
        wanted = re.compile(pattern)
        while True:
            try:
                line = self._queue.get(timeout=timeout)
            except queue.Empty:
                pytest.fail(f"lull never logged /{pattern}/; it said:\n" + "\n".join(self.lines))
            if line is None:
                pytest.fail(f"lull ended before /{pattern}/; it said:\n" + "\n".join(self.lines))
            self.lines.append(line)
            found = wanted.search(line)
            if found:
                return found

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / name
        env = {key: value for key, value in os.environ.items() if key != "QT_QPA_PLATFORM"}
        subprocess.run(
            [sys.executable, str(HERE / "grab_screen.py"), str(path)],
            env=env | {"DISPLAY": self.display},
            check=True,
            timeout=30,
        )
        return path

    def terminate(self, timeout: float = 15) -> int:
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=timeout)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self._reader.join(timeout=10)
        assert self.process.stderr is not None
        self.process.stderr.close()
