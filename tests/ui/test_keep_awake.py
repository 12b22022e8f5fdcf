"""KeepAwake on a private bus, against a screen saver and a portal of the tests' own."""

from __future__ import annotations

import gc
import itertools
import threading
import time
from collections.abc import Callable, Iterator

import pytest
from fake_desktop import FakeDesktop, fake_desktop
from PySide6.QtDBus import QDBusConnection
from pytestqt.qtbot import QtBot

from app.desktop.keep_awake import CANNOT_KEEP_AWAKE, REASON, KeepAwake

Connect = Callable[[FakeDesktop], QDBusConnection]
SLOW_SECONDS = 4.0  # longer than the window once waited, far shorter than D-Bus's own limit
_names = itertools.count()


@pytest.fixture
def connect(qapp: object) -> Iterator[Connect]:
    """A connection of its own to a fake desktop's bus (the session bus is the user's)."""
    names: list[str] = []

    def to(desktop: FakeDesktop) -> QDBusConnection:
        names.append(f"keep-awake-test-{next(_names)}")
        return QDBusConnection.connectToBus(desktop.address, names[-1])

    yield to
    for name in names:
        QDBusConnection.disconnectFromBus(name)


@pytest.fixture
def screen_saver() -> Iterator[FakeDesktop]:
    with fake_desktop(screen_savers=("/org/freedesktop/ScreenSaver",)) as desktop:
        yield desktop


@pytest.fixture
def keep(screen_saver: FakeDesktop, connect: Connect) -> KeepAwake:
    return KeepAwake(connect(screen_saver), "Lull")


def test_a_running_session_holds_off_the_screen_saver_and_lets_go_when_it_stops(
    keep: KeepAwake, screen_saver: FakeDesktop, qtbot: QtBot
) -> None:
    keep.set_wanted(True)
    assert not keep.holding  # asked asynchronously: the window went on meanwhile
    qtbot.waitUntil(lambda: keep.holding)
    assert screen_saver.calls == [["Inhibit", "Lull", REASON, 7]]
    keep.set_wanted(False)
    qtbot.waitUntil(lambda: len(screen_saver.calls) == 2)
    assert screen_saver.calls[1] == ["UnInhibit", 7]
    assert not keep.holding


def test_each_session_holds_again_with_a_new_cookie(
    keep: KeepAwake, screen_saver: FakeDesktop, qtbot: QtBot
) -> None:
    for _ in range(2):
        keep.set_wanted(True)
        qtbot.waitUntil(lambda: keep.holding)
        keep.set_wanted(False)
    qtbot.waitUntil(lambda: len(screen_saver.calls) == 4)
    # Each let go on a thread of its own: the next hold may be asked for before it arrives.
    held = [call[3] for call in screen_saver.calls if call[0] == "Inhibit"]
    let_go = [call[1] for call in screen_saver.calls if call[0] == "UnInhibit"]
    assert held == [7, 8] and sorted(let_go) == [7, 8]


def test_turning_the_setting_off_lets_go_at_once_and_keeps_it_off(
    keep: KeepAwake, screen_saver: FakeDesktop, qtbot: QtBot
) -> None:
    keep.set_wanted(True)
    qtbot.waitUntil(lambda: keep.holding)
    keep.enabled = False
    assert not keep.holding
    keep.set_wanted(False)
    keep.set_wanted(True)
    qtbot.waitUntil(lambda: len(screen_saver.calls) == 2)
    assert screen_saver.names() == ["Inhibit", "UnInhibit"]
    qtbot.wait(100)
    assert screen_saver.names() == ["Inhibit", "UnInhibit"]  # nothing asked while off


def test_a_session_paused_before_the_answer_came_lets_go_as_it_comes(
    keep: KeepAwake, screen_saver: FakeDesktop, qtbot: QtBot
) -> None:
    keep.set_wanted(True)
    keep.set_wanted(False)
    qtbot.waitUntil(lambda: len(screen_saver.calls) == 2)
    assert screen_saver.names() == ["Inhibit", "UnInhibit"]
    assert not keep.holding


@pytest.mark.alone  # timed on the real clock
def test_a_screen_saver_slow_to_answer_is_waited_for_and_its_hold_let_go(
    connect: Connect, qtbot: QtBot
) -> None:
    """Its answer came after the window stopped waiting, and the hold it granted was never let
    go (an attacker's screen saver, 8 s to answer)."""
    path = "/org/freedesktop/ScreenSaver"
    with fake_desktop(screen_savers=(path,), slow=SLOW_SECONDS) as desktop:
        keep = KeepAwake(connect(desktop), "Lull")
        told: list[str] = []
        keep.unavailable.connect(told.append)
        keep.set_wanted(True)
        qtbot.waitUntil(lambda: keep.holding, timeout=round(SLOW_SECONDS * 1000) + 5000)
        began = time.monotonic()
        keep.set_wanted(False)  # a pause: the window does not wait for the answer
        assert time.monotonic() - began < 0.3  # it waited 0.5 s, and up to 25 s to introspect
        qtbot.waitUntil(lambda: len(desktop.calls) == 2, timeout=round(SLOW_SECONDS * 1000) + 5000)
        assert desktop.calls == [["Inhibit", "Lull", REASON, 7], ["UnInhibit", 7]]
        assert told == []  # it did keep the laptop awake: nothing to say otherwise


def test_closing_lets_go(keep: KeepAwake, screen_saver: FakeDesktop, qtbot: QtBot) -> None:
    keep.set_wanted(True)
    qtbot.waitUntil(lambda: keep.holding)
    keep.close()
    qtbot.waitUntil(lambda: len(screen_saver.calls) == 2)
    assert screen_saver.names() == ["Inhibit", "UnInhibit"]


def test_an_older_desktops_screen_saver_path_is_used(connect: Connect, qtbot: QtBot) -> None:
    with fake_desktop(screen_savers=("/ScreenSaver",)) as desktop:
        keep = KeepAwake(connect(desktop), "Lull")
        keep.set_wanted(True)
        qtbot.waitUntil(lambda: keep.holding)
        keep.set_wanted(False)
        qtbot.waitUntil(lambda: len(desktop.calls) == 2)
        assert desktop.calls == [["Inhibit", "Lull", REASON, 7], ["UnInhibit", 7]]


def test_without_a_screen_saver_the_portal_inhibits_suspend_and_idle_with_the_reason(
    connect: Connect, qtbot: QtBot
) -> None:
    with fake_desktop(portal=True) as desktop:
        keep = KeepAwake(connect(desktop), "Lull")
        keep.set_wanted(True)
        qtbot.waitUntil(lambda: keep.holding)
        keep.set_wanted(False)
        qtbot.waitUntil(lambda: len(desktop.calls) == 2)
    handle = "/org/freedesktop/portal/desktop/request/lull1"
    assert desktop.calls == [
        ["PortalInhibit", "", 4 | 8, {"reason": REASON}, handle],
        ["Close", handle],
    ]


def test_where_nothing_answers_the_giver_is_told_once(connect: Connect, qtbot: QtBot) -> None:
    with fake_desktop() as desktop:
        keep = KeepAwake(connect(desktop), "Lull")
        told: list[str] = []
        keep.unavailable.connect(told.append)
        with qtbot.waitSignal(keep.unavailable):
            keep.set_wanted(True)
        for _ in range(2):  # later sessions ask again, quietly
            keep.set_wanted(False)
            keep.set_wanted(True)
            qtbot.wait(100)
        assert told == [CANNOT_KEEP_AWAKE]
        assert not keep.holding


def test_a_screen_saver_answering_with_no_cookie_is_as_good_as_none(
    connect: Connect, qtbot: QtBot
) -> None:
    with fake_desktop(screen_savers=("/org/freedesktop/ScreenSaver",), odd=True) as desktop:
        keep = KeepAwake(connect(desktop), "Lull")
        with qtbot.waitSignal(keep.unavailable) as told:  # and no error in a slot
            keep.set_wanted(True)
        assert told.args == [CANNOT_KEEP_AWAKE]
        assert not keep.holding
        keep.close()  # nothing to let go, and nothing waited for


@pytest.mark.parametrize("bus", ["none", "disabled"])
def test_without_a_session_bus_it_says_so_once_and_nothing_fails(
    bus: str, monkeypatch: pytest.MonkeyPatch, qapp: object
) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "disabled:")
    connection = None if bus == "none" else QDBusConnection.connectToBus("disabled:", "no-bus")
    keep = KeepAwake(connection, "Lull")
    told: list[str] = []
    keep.unavailable.connect(told.append)
    for wanted in (True, False, True, False):
        keep.set_wanted(wanted)
    assert told == [CANNOT_KEEP_AWAKE]
    QDBusConnection.disconnectFromBus("no-bus")


def test_a_hold_let_go_leaves_nothing_behind_once_done(
    keep: KeepAwake, screen_saver: FakeDesktop, qtbot: QtBot
) -> None:
    # An evening of pauses: each lets go on a thread of its own, and none is kept once done.
    for number in range(1, 6):
        keep.set_wanted(True)
        qtbot.waitUntil(lambda: keep.holding)
        keep.set_wanted(False)
        calls = 2 * number
        qtbot.waitUntil(lambda: len(screen_saver.calls) == calls)  # noqa: B023 (waited for here)
    qtbot.waitUntil(lambda: not any(t.name == "uninhibit" for t in threading.enumerate()))
    done = [
        t for t in gc.get_objects() if isinstance(t, threading.Thread) and t.name == "uninhibit"
    ]
    assert len(done) <= 1  # the last, until the next
