"""SleepWatch: a sleep is told once, by the clocks or by logind; the session catches up once."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fake_clock import FakeClock
from fake_desktop import FakeDesktop, fake_desktop
from PySide6.QtCore import QObject
from PySide6.QtDBus import QDBusConnection, QDBusMessage
from pytestqt.qtbot import QtBot

from app.core.plan import built_in_plan
from app.core.session import Session, SessionState
from app.desktop.sleep_watch import SleepWatch, slept_notice
from app.ui.session_bridge import SessionBridge

HOUR = 3600.0


class Laptop:
    """The two clocks: one stops while the laptop sleeps (monotonic), one does not (boottime)."""

    def __init__(self) -> None:
        self.awake = FakeClock()
        self.total = FakeClock(start=2000.0)

    def run(self, seconds: float) -> None:
        self.awake.advance(seconds)
        self.total.advance(seconds)

    def sleep(self, seconds: float) -> None:
        self.total.advance(seconds)


@pytest.fixture
def laptop() -> Laptop:
    return Laptop()


@pytest.fixture
def watch(laptop: Laptop, keeper: QObject) -> SleepWatch:
    return SleepWatch(laptop.awake, laptop.total, None, check_ms=int(HOUR * 1000), parent=keeper)


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (420, "7 minutes"),
        (75, "1 minute"),
        (20, "less than a minute"),
        (3900, "1 hour 5 minutes"),
        (7230, "2 hours"),
    ],
)
def test_the_notice_says_how_long_the_laptop_slept(seconds: float, words: str) -> None:
    assert slept_notice(seconds) == f"The laptop slept for {words}; the session has caught up."


def test_a_sleep_is_told_once_with_its_length(
    watch: SleepWatch, laptop: Laptop, qtbot: QtBot
) -> None:
    told: list[float] = []
    watch.slept.connect(told.append)
    watch.set_watching(True)
    laptop.run(30)
    watch.check()
    laptop.sleep(420)
    laptop.run(1)
    watch.check()
    watch.check()
    assert told == [pytest.approx(420)]


def test_the_watch_checks_by_itself_while_watching(
    laptop: Laptop, qtbot: QtBot, keeper: QObject
) -> None:
    watch = SleepWatch(laptop.awake, laptop.total, None, check_ms=10, parent=keeper)
    watch.set_watching(True)
    laptop.sleep(60)
    with qtbot.waitSignal(watch.slept) as slept:
        pass
    assert slept.args == [pytest.approx(60)]
    watch.set_watching(False)
    assert not watch.watching


def test_a_sleep_while_not_watching_is_not_told_later(
    watch: SleepWatch, laptop: Laptop, qtbot: QtBot
) -> None:
    told: list[float] = []
    watch.slept.connect(told.append)
    watch.set_watching(True)
    watch.set_watching(False)  # paused
    laptop.sleep(600)
    watch.check()
    watch.set_watching(True)  # resumed
    watch.check()
    assert told == []


@pytest.fixture
def system_bus(qapp: object) -> Iterator[FakeDesktop]:
    with fake_desktop() as bus:
        yield bus
    for name in ("watch", "logind"):
        QDBusConnection.disconnectFromBus(name)


def test_logind_waking_the_laptop_tells_at_once(
    system_bus: FakeDesktop, laptop: Laptop, qtbot: QtBot, keeper: QObject
) -> None:
    watch = SleepWatch(
        laptop.awake,
        laptop.total,
        QDBusConnection.connectToBus(system_bus.address, "watch"),
        check_ms=int(HOUR * 1000),
        parent=keeper,
    )
    watch.set_watching(True)
    logind = QDBusConnection.connectToBus(system_bus.address, "logind")
    assert logind.registerService("org.freedesktop.login1")
    laptop.sleep(300)
    woke = QDBusMessage.createSignal(
        "/org/freedesktop/login1", "org.freedesktop.login1.Manager", "PrepareForSleep"
    )
    woke.setArguments([False])
    with qtbot.waitSignal(watch.slept, timeout=5000) as slept:
        assert logind.send(woke)
    assert slept.args == [pytest.approx(300)]


def test_a_session_on_the_sleeping_clock_moves_on_by_the_time_slept_and_catches_up_once(
    watch: SleepWatch, laptop: Laptop, qtbot: QtBot, keeper: QObject
) -> None:
    bridge = SessionBridge(lambda plan: Session(plan, laptop.total), laptop.total, parent=keeper)
    bridge.load(built_in_plan("classic"))  # effleurage from 120 s, kneading from 360 s
    bridge.start_or_pause()
    watch.set_watching(True)
    laptop.run(100)
    bridge.tick()
    heard: list[str] = []
    for name in ("phaseStarted", "sideSwitched", "checkinDue", "reminderDue", "finished"):
        getattr(bridge, name).connect(lambda *_args, name=name: heard.append(name))
    told: list[float] = []
    watch.slept.connect(told.append)
    laptop.sleep(420)  # seven minutes of the massage went on while the laptop slept
    laptop.run(1)
    watch.check()
    bridge.tick()
    bridge.tick()
    assert told == [pytest.approx(420)]
    assert bridge.session.state is SessionState.RUNNING
    assert bridge.session.elapsed == pytest.approx(521)
    assert bridge.session.index == 3  # past effleurage's start and into kneading: one change
    assert heard.count("phaseStarted") == 1
    assert heard.count("checkinDue") <= 1  # the check-ins missed asleep collapse into one
    assert "sideSwitched" not in heard and "reminderDue" not in heard
