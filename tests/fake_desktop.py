"""A desktop of the tests' own on a private D-Bus: a screen saver and an inhibit portal that
record every call made to them, as real ones would take it (typed, unsigned where they are).

Run as a script under dbus-run-session, it prints the bus's address, then one JSON line per
call; FakeDesktop starts it that way and reads those lines as they come.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Slot
from PySide6.QtDBus import QDBusConnection, QDBusObjectPath

EXPORT = QDBusConnection.RegisterOption.ExportAllSlots
REQUESTS = "/org/freedesktop/portal/desktop/request/lull"


def _record(call: str, *args: Any) -> None:
    print(json.dumps([call, *args]), flush=True)


class _ScreenSaver(QObject):
    def __init__(self, slow: float = 0.0) -> None:
        super().__init__()
        self._cookies = itertools.count(7)
        self._slow = slow  # seconds before each answer

    @Slot(str, str, result="uint")
    def Inhibit(self, app_name: str, reason: str) -> int:  # noqa: N802 (D-Bus's name)
        time.sleep(self._slow)
        cookie = next(self._cookies)
        _record("Inhibit", app_name, reason, cookie)
        return cookie

    @Slot("uint")
    def UnInhibit(self, cookie: int) -> None:  # noqa: N802
        time.sleep(self._slow)
        _record("UnInhibit", cookie)


class _OddScreenSaver(QObject):
    """A screen saver that answers Inhibit with words, not a cookie, as a broken one might."""

    @Slot(str, str, result=str)
    def Inhibit(self, app_name: str, reason: str) -> str:  # noqa: N802 (D-Bus's name)
        _record("Inhibit", app_name, reason, "not a cookie")
        return "not a cookie"


class _Request(QObject):
    def __init__(self, path: str) -> None:
        super().__init__()
        self._path = path

    @Slot()
    def Close(self) -> None:  # noqa: N802
        _record("Close", self._path)


class _Portal(QObject):
    def __init__(self, bus: QDBusConnection) -> None:
        super().__init__()
        self._bus = bus
        self._numbers = itertools.count(1)
        self._requests: list[_Request] = []

    @Slot(str, "uint", "QVariantMap", result="QDBusObjectPath")
    def Inhibit(self, window: str, flags: int, options: dict[str, Any]) -> QDBusObjectPath:  # noqa: N802
        path = f"{REQUESTS}{next(self._numbers)}"
        request = _Request(path)
        self._requests.append(request)
        self._bus.registerObject(path, "org.freedesktop.portal.Request", request, EXPORT)
        _record("PortalInhibit", window, flags, options, path)
        return QDBusObjectPath(path)


def serve(screen_savers: list[str], portal: bool, odd: bool = False, slow: float = 0.0) -> None:
    app = QCoreApplication([])
    bus = QDBusConnection.sessionBus()
    keep = []
    if screen_savers:
        bus.registerService("org.freedesktop.ScreenSaver")
    for path in screen_savers:
        keep.append(_OddScreenSaver() if odd else _ScreenSaver(slow))
        bus.registerObject(path, "org.freedesktop.ScreenSaver", keep[-1], EXPORT)
    if portal:
        bus.registerService("org.freedesktop.portal.Desktop")
        keep.append(_Portal(bus))
        bus.registerObject(
            "/org/freedesktop/portal/desktop",
            "org.freedesktop.portal.Inhibit",
            keep[-1],
            EXPORT,
        )
    _record("ready", os.environ["DBUS_SESSION_BUS_ADDRESS"])
    app.exec()


class FakeDesktop:
    """The script above on its own bus, its record of calls gathered as they come."""

    def __init__(
        self,
        *,
        screen_savers: tuple[str, ...] = (),
        portal: bool = False,
        odd: bool = False,
        slow: float = 0.0,
    ) -> None:
        args = [f"--screen-saver={path}" for path in screen_savers] + ["--odd"] * odd
        args.append(f"--slow={slow}")
        env = {key: value for key, value in os.environ.items() if key != "DISPLAY"}
        self.process = subprocess.Popen(
            ["dbus-run-session", "--", sys.executable, __file__, *args, *["--portal"] * portal],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,  # dbus-daemon's complaint that it cannot raise fd limits
            text=True,
            start_new_session=True,  # so that its bus and service end with it
        )
        assert self.process.stdout is not None
        ready = json.loads(self.process.stdout.readline())
        assert ready[0] == "ready", ready
        self.address: str = ready[1]
        self.calls: list[list[Any]] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.calls.append(json.loads(line))

    def names(self) -> list[str]:
        return [call[0] for call in self.calls]

    def wait_for(self, count: int, timeout: float = 10) -> list[list[Any]]:
        """The calls once there are `count` of them (for a process other than this one)."""
        deadline = time.monotonic() + timeout
        while len(self.calls) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.calls

    def close(self) -> None:
        # dbus-run-session leaves its bus and its child running when it is ended alone.
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=10)
        self._reader.join(timeout=10)
        assert self.process.stdout is not None
        self.process.stdout.close()


@contextmanager
def fake_desktop(
    *,
    screen_savers: tuple[str, ...] = (),
    portal: bool = False,
    odd: bool = False,
    slow: float = 0.0,
) -> Iterator[FakeDesktop]:
    desktop = FakeDesktop(screen_savers=screen_savers, portal=portal, odd=odd, slow=slow)
    try:
        yield desktop
    finally:
        desktop.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--screen-saver", action="append", default=[])
    parser.add_argument("--portal", action="store_true")
    parser.add_argument("--odd", action="store_true")
    parser.add_argument("--slow", type=float, default=0.0)
    options = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).parent))
    serve(options.screen_saver, options.portal, options.odd, options.slow)
