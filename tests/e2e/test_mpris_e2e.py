"""The real Lull on Xvfb with a session bus of its own, driven over MPRIS with dbus-send."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator

import pytest
from e2e.lull_process import LullProcess
from private_bus import private_bus

DEST = "org.mpris.MediaPlayer2.lull"
PATH = "/org/mpris/MediaPlayer2"
PLAYER = "org.mpris.MediaPlayer2.Player"


@pytest.fixture
def bus() -> Iterator[str]:
    with private_bus() as address:
        yield address


@pytest.fixture
def lull(xvfb: str, bus: str) -> Iterator[LullProcess]:
    # Started with --start: a start by the Start action asks first while the room is not ready.
    process = LullProcess(xvfb, "--start", bus=bus)
    process.wait_for(r"media keys: org\.mpris\.MediaPlayer2\.lull on the session bus")
    process.wait_for(r"PhaseStarted\(")
    yield process
    process.kill()


def send(bus: str, *call: str) -> str:
    done = subprocess.run(
        ["dbus-send", "--print-reply", f"--dest={DEST}", PATH, *call],
        env=os.environ | {"DBUS_SESSION_BUS_ADDRESS": bus},
        capture_output=True,
        text=True,
        timeout=10,
        check=True,
    )
    return done.stdout


def get(bus: str, interface: str, name: str) -> str:
    return send(bus, "org.freedesktop.DBus.Properties.Get", f"string:{interface}", f"string:{name}")


def string(reply: str, key: str = "") -> str:
    found = re.search(rf'{key}"?\s*variant\s+string "([^"]*)"', reply)
    assert found, reply
    return found[1]


def test_the_desktop_plays_pauses_and_moves_lull_on_through_mpris(
    lull: LullProcess, bus: str
) -> None:
    assert string(get(bus, "org.mpris.MediaPlayer2", "Identity")) == "Lull"
    assert string(get(bus, PLAYER, "PlaybackStatus")) == "Playing"
    first = string(get(bus, PLAYER, "Metadata"), "xesam:title")

    send(bus, f"{PLAYER}.PlayPause")
    assert string(get(bus, PLAYER, "PlaybackStatus")) == "Paused"
    send(bus, f"{PLAYER}.PlayPause")
    assert string(get(bus, PLAYER, "PlaybackStatus")) == "Playing"

    send(bus, f"{PLAYER}.Next")
    second = string(get(bus, PLAYER, "Metadata"), "xesam:title")
    assert second != first
    assert '"/io/github/lull/Lull/phase/1"' in get(bus, PLAYER, "Metadata")
