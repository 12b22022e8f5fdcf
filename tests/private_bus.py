"""A D-Bus session bus of the test's own (never the developer's), and dbus-send against it."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest


@contextmanager
def private_bus() -> Iterator[str]:
    """A fresh dbus-daemon for the length of the block; its address."""
    if shutil.which("dbus-daemon") is None:
        pytest.fail("dbus-daemon is missing: run 'make test', which installs it")
    daemon = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert daemon.stdout is not None
    address = daemon.stdout.readline().strip()
    try:
        assert address.startswith("unix:"), "dbus-daemon did not say where it listens"
        yield address
    finally:
        daemon.send_signal(signal.SIGTERM)
        daemon.wait(timeout=10)
        daemon.stdout.close()


def dbus_send(address: str, destination: str, path: str, *call: str) -> subprocess.Popen[str]:
    """dbus-send --print-reply, started (not awaited: the service may be in this process)."""
    return subprocess.Popen(
        ["dbus-send", "--print-reply", f"--dest={destination}", path, *call],
        env=os.environ | {"DBUS_SESSION_BUS_ADDRESS": address},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def variant_types(reply: str) -> dict[str, str]:
    """Each property of a GetAll reply printed by dbus-send, and the type it came as
    ('string', 'boolean', 'double', 'int64', 'array', ...)."""
    return dict(re.findall(r'dict entry\(\s*string "(\w+)"\s*variant\s+(\w[\w ]*?)[ \[]', reply))


# dbus-monitor's last words to itself as it becomes a monitor: from then on it sees every signal.
MONITORING = "member=NameLost"
READY_SECONDS = 10


class Monitor:
    """dbus-monitor watching a bus for signals, its output gathered as it comes. Returns once
    it watches: a signal sent before then (on a busy machine, the first) was never seen."""

    def __init__(self, address: str, match: str) -> None:
        self._process = subprocess.Popen(
            ["dbus-monitor", "--address", address, match],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        self._lines: list[str] = []
        self._watching = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        assert self._watching.wait(READY_SECONDS), "dbus-monitor did not start watching"

    def _read(self) -> None:
        assert self._process.stdout is not None
        for line in self._process.stdout:
            self._lines.append(line)
            if MONITORING in line:
                self._watching.set()

    @property
    def text(self) -> str:
        return "".join(self._lines)

    def close(self) -> None:
        self._process.terminate()
        self._process.wait(timeout=10)
        self._reader.join(timeout=10)
        assert self._process.stdout is not None
        self._process.stdout.close()
