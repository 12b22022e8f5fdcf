"""End-to-end fixtures: a private Xvfb display, and the real lull process started on it."""

from __future__ import annotations

import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

HERE = Path(__file__).parent
ARTIFACTS = HERE.parent.parent / "test-artifacts"
LULL = Path(sys.executable).with_name("lull")


@pytest.fixture
def xvfb() -> Iterator[str]:
    """A new X server of our own; its display name, such as ':3'."""
    if shutil.which("Xvfb") is None:
        pytest.fail("Xvfb is missing: run 'make test', which installs it")
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert server.stdout is not None
    number = server.stdout.readline().strip()
    assert number.isdigit(), "Xvfb did not say which display it opened"
    yield f":{number}"
    server.terminate()
    server.wait(timeout=10)
    server.stdout.close()


class LullProcess:
    """The lull command running on a display, its log read line by line as it comes."""

    def __init__(self, display: str, *args: str) -> None:
        env = {key: value for key, value in os.environ.items() if key != "QT_QPA_PLATFORM"}
        env |= {
            "DISPLAY": display,
            "DBUS_SESSION_BUS_ADDRESS": "disabled:",  # no stray dbus-daemon outliving the test
            "SDL_AUDIODRIVER": "dummy",
        }
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

    def terminate(self, timeout: float = 5) -> int:
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=timeout)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self._reader.join(timeout=10)
        assert self.process.stderr is not None
        self.process.stderr.close()


@pytest.fixture
def start_lull(xvfb: str) -> Iterator[type[LullProcess]]:
    started: list[LullProcess] = []

    def start(*args: str) -> LullProcess:
        process = LullProcess(xvfb, *args)
        started.append(process)
        return process

    yield start  # type: ignore[misc]
    for process in started:
        process.kill()
