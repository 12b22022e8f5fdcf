"""On a private session bus with a screen saver of the test's own: a real session holds it off
while it runs, and lets go when it pauses, ends, and when Lull quits."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from e2e.lull_process import LullProcess, focus_lull, press
from fake_clock import FakeClock
from fake_desktop import FakeDesktop, fake_desktop
from PySide6.QtCore import QObject
from PySide6.QtDBus import QDBusConnection
from pytestqt.qtbot import QtBot

from app.core.plan import built_in_plan
from app.core.session import Session, SessionState
from app.desktop.keep_awake import REASON, KeepAwake
from app.ui.session_bridge import SessionBridge


@pytest.fixture
def desktop(qapp: object) -> Iterator[FakeDesktop]:
    with fake_desktop(screen_savers=("/org/freedesktop/ScreenSaver",)) as running:
        yield running
    QDBusConnection.disconnectFromBus("lull")


@pytest.fixture
def keep(
    desktop: FakeDesktop, clock: FakeClock, keeper: QObject
) -> tuple[SessionBridge, KeepAwake]:
    """A real session bridge and KeepAwake, wired as main.py wires them."""
    bridge = SessionBridge(lambda plan: Session(plan, clock), clock, parent=keeper)
    keep = KeepAwake(QDBusConnection.connectToBus(desktop.address, "lull"), "Lull", keeper)
    bridge.stateChanged.connect(lambda state: keep.set_wanted(state is SessionState.RUNNING))
    bridge.load(built_in_plan("classic"))
    return bridge, keep


def test_a_session_holds_the_screen_saver_off_only_while_it_runs(
    keep: tuple[SessionBridge, KeepAwake], desktop: FakeDesktop, clock: FakeClock, qtbot: QtBot
) -> None:
    bridge, awake = keep

    def calls_become(*names: str) -> None:
        qtbot.waitUntil(lambda: tuple(desktop.names()) == names)

    assert desktop.calls == []  # a session ready to start keeps nothing awake
    bridge.start_or_pause()
    calls_become("Inhibit")
    assert desktop.calls[0][1:3] == ["Lull", REASON]
    clock.advance(30)
    bridge.start_or_pause()  # pause
    calls_become("Inhibit", "UnInhibit")
    bridge.start_or_pause()  # resume
    calls_become("Inhibit", "UnInhibit", "Inhibit")
    bridge.end()
    calls_become("Inhibit", "UnInhibit", "Inhibit", "UnInhibit")
    bridge.start_or_pause()  # the same plan again, from the top
    calls_become("Inhibit", "UnInhibit", "Inhibit", "UnInhibit", "Inhibit")
    awake.close()  # Lull quits
    calls_become("Inhibit", "UnInhibit", "Inhibit", "UnInhibit", "Inhibit", "UnInhibit")
    cookies = [call[-1] for call in desktop.calls]
    assert cookies == [7, 7, 8, 8, 9, 9]  # each hold let go by its own cookie


def test_lull_holds_the_screen_saver_off_while_its_session_runs_and_lets_go_on_quit(
    xvfb: str, tmp_path: Path
) -> None:
    """The whole app, on a private bus with a screen saver of the test's own."""
    with fake_desktop(screen_savers=("/org/freedesktop/ScreenSaver",)) as desktop:
        lull = LullProcess(
            xvfb, "--data-dir", str(tmp_path), "--plan", "classic", "--start", bus=desktop.address
        )
        try:
            assert [call[0] for call in desktop.wait_for(1)] == ["Inhibit"]
            assert desktop.calls[0][1:3] == ["Lull", REASON]
            focus_lull(xvfb)
            press(xvfb, "space")  # pause
            lull.wait_for("the session is paused")
            assert [call[0] for call in desktop.wait_for(2)] == ["Inhibit", "UnInhibit"]
            press(xvfb, "space")  # resume
            lull.wait_for("the session is running")
            assert len(desktop.wait_for(3)) == 3
            assert lull.terminate() == 0  # Lull quits (SIGTERM, as at logout)
            assert [call[0] for call in desktop.wait_for(4)] == ["Inhibit", "UnInhibit"] * 2
        finally:
            lull.kill()
