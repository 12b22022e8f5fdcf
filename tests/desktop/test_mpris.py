"""The MPRIS2 player on a private session bus, asked and driven as a desktop would."""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_clock import FakeClock
from private_bus import Monitor, dbus_send, private_bus, variant_types
from PySide6.QtCore import SLOT, QObject, Slot
from PySide6.QtDBus import QDBusConnection, QDBusMessage
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.audio.library import SoundLibrary
from app.audio.silent import SilentEngine
from app.core.plan import BUILT_IN_PLANS
from app.core.session import Session, SessionState
from app.desktop.mpris import (
    BUS_NAME,
    OBJECT_PATH,
    PLAYER_INTERFACE,
    PROPERTIES_INTERFACE,
    ROOT_INTERFACE,
    Commands,
    MprisService,
)
from app.paths import find_assets_dir
from app.ui.actions import ActionId, create_actions, show_session_state
from app.ui.audio_bridge import AudioBridge
from app.ui.session_bridge import SessionBridge

PLAYER_TYPES = {
    "PlaybackStatus": "string",
    "Rate": "double",
    "Metadata": "array",
    "Volume": "double",
    "Position": "int64",
    "MinimumRate": "double",
    "MaximumRate": "double",
    "CanGoNext": "boolean",
    "CanGoPrevious": "boolean",
    "CanPlay": "boolean",
    "CanPause": "boolean",
    "CanSeek": "boolean",
    "CanControl": "boolean",
}
ROOT_TYPES = {
    "CanQuit": "boolean",
    "CanRaise": "boolean",
    "HasTrackList": "boolean",
    "Identity": "string",
    "DesktopEntry": "string",
    "SupportedUriSchemes": "array",
    "SupportedMimeTypes": "array",
}
_names = itertools.count()


@pytest.fixture
def address() -> Iterator[str]:
    with private_bus() as address:
        yield address


def _connect(address: str) -> Iterator[QDBusConnection]:
    name = f"lull-test-{next(_names)}"
    yield QDBusConnection.connectToBus(address, name)
    QDBusConnection.disconnectFromBus(name)


@pytest.fixture
def connection(address: str) -> Iterator[QDBusConnection]:
    yield from _connect(address)


@pytest.fixture
def bridge(clock: FakeClock, keeper: QObject) -> SessionBridge:
    bridge = SessionBridge(lambda plan: Session(plan, clock), clock, parent=keeper)
    bridge.load(BUILT_IN_PLANS[0])
    return bridge


@pytest.fixture
def audio(tmp_path: Path, clock: FakeClock, keeper: QObject) -> AudioBridge:
    library = SoundLibrary.open(find_assets_dir() / "audio", tmp_path / "sounds")
    return AudioBridge(SilentEngine("no sound in this test"), library, clock, parent=keeper)


@pytest.fixture
def asked() -> list[str]:
    """What the player asked of the window: "raise", "quit"."""
    return []


@pytest.fixture
def service(
    qtbot: QtBot,
    connection: QDBusConnection,
    bridge: SessionBridge,
    audio: AudioBridge,
    asked: list[str],
) -> Iterator[MprisService]:
    """The player, with the app's own actions wired to the session as the window wires them."""
    owner = QWidget()
    qtbot.addWidget(owner)
    actions = create_actions(owner)
    actions[ActionId.START_PAUSE].triggered.connect(bridge.start_or_pause)
    actions[ActionId.NEXT].triggered.connect(bridge.next)
    actions[ActionId.PREVIOUS].triggered.connect(bridge.previous)
    bridge.stateChanged.connect(lambda state: show_session_state(actions, state))
    show_session_state(actions, bridge.session.state)
    commands = Commands(
        actions[ActionId.START_PAUSE],
        actions[ActionId.NEXT],
        actions[ActionId.PREVIOUS],
        show_window=lambda: asked.append("raise"),
        quit=lambda: asked.append("quit"),
    )
    service = MprisService(connection, bridge, audio, commands)
    bridge.stateChanged.connect(service.refresh)
    bridge.phaseChanged.connect(service.refresh)
    audio.playingChanged.connect(service.refresh)
    assert service.register()
    yield service  # it leaves the bus with its connection; the actions' owner lives till then


class Heard(QObject):
    """The signatures of PropertiesChanged signals as they reach another client of the bus."""

    def __init__(self) -> None:
        super().__init__()
        self.signatures: list[str] = []

    @Slot(QDBusMessage)
    def hear(self, message: QDBusMessage) -> None:
        self.signatures.append(message.signature())


@pytest.fixture
def heard(address: str) -> Iterator[Heard]:
    for listener in _connect(address):
        heard = Heard()
        assert listener.connect(
            BUS_NAME,
            OBJECT_PATH,
            PROPERTIES_INTERFACE,
            "PropertiesChanged",
            heard,
            SLOT("hear(QDBusMessage)"),
        )
        yield heard


@pytest.fixture
def monitor(address: str) -> Iterator[Monitor]:
    """What the desktop hears: every PropertiesChanged, as dbus-monitor prints it."""
    monitor = Monitor(address, f"type=signal,member=PropertiesChanged,path={OBJECT_PATH}")
    yield monitor
    monitor.close()


def announced(monitor: Monitor, name: str, value: str) -> bool:
    return re.search(rf'string "{name}"\s*variant\s+{value}', monitor.text) is not None


def ask(qtbot: QtBot, address: str, *call: str) -> str:
    """dbus-send's reply, while this process's event loop answers it."""
    process = dbus_send(address, BUS_NAME, OBJECT_PATH, *call)
    qtbot.waitUntil(lambda: process.poll() is not None, timeout=5000)
    assert process.stdout is not None
    with process.stdout:
        reply = process.stdout.read()
    assert process.returncode == 0, reply
    return reply


def get(qtbot: QtBot, address: str, interface: str, name: str) -> str:
    return ask(
        qtbot,
        address,
        f"{PROPERTIES_INTERFACE}.Get",
        f"string:{interface}",
        f"string:{name}",
    )


def call(qtbot: QtBot, address: str, method: str) -> None:
    ask(qtbot, address, f"{PLAYER_INTERFACE}.{method}")


def status(qtbot: QtBot, address: str) -> str:
    found = re.search(
        r'variant\s+string "(\w+)"', get(qtbot, address, PLAYER_INTERFACE, "PlaybackStatus")
    )
    assert found
    return found[1]


def metadata(qtbot: QtBot, address: str) -> dict[str, str]:
    reply = get(qtbot, address, PLAYER_INTERFACE, "Metadata")
    return dict(re.findall(r'string "([\w:]+)"\s*variant\s+\w+(?: path)? "?([^"\n]*)"?', reply))


def test_every_property_the_specification_asks_for_comes_with_its_type(
    qtbot: QtBot, address: str, service: MprisService
) -> None:
    player = ask(qtbot, address, f"{PROPERTIES_INTERFACE}.GetAll", f"string:{PLAYER_INTERFACE}")
    root = ask(qtbot, address, f"{PROPERTIES_INTERFACE}.GetAll", f"string:{ROOT_INTERFACE}")
    assert variant_types(player) == PLAYER_TYPES
    assert variant_types(root) == ROOT_TYPES
    assert 'string "Identity"\n         variant             string "Lull"' in root
    assert 'variant             string "io.github.lull.Lull"' in root
    # dbus-send prints an empty array without its element type: the introspection names it.
    xml = ask(qtbot, address, "org.freedesktop.DBus.Introspectable.Introspect")
    for name in ("SupportedUriSchemes", "SupportedMimeTypes"):
        assert f'<property name="{name}" type="as" access="read"/>' in xml
    assert '<property name="Metadata" type="a{sv}" access="read">' in xml
    assert '<property name="Volume" type="d" access="readwrite"/>' in xml


def test_play_pause_starts_pauses_and_resumes_the_session(
    qtbot: QtBot, address: str, service: MprisService, bridge: SessionBridge
) -> None:
    assert status(qtbot, address) == "Stopped"
    call(qtbot, address, "PlayPause")
    assert bridge.session.state is SessionState.RUNNING
    assert status(qtbot, address) == "Playing"
    call(qtbot, address, "PlayPause")
    assert status(qtbot, address) == "Paused"
    call(qtbot, address, "Play")
    assert status(qtbot, address) == "Playing"


def test_play_pause_without_a_session_pauses_and_brings_back_the_soundscapes(
    qtbot: QtBot, address: str, service: MprisService, bridge: SessionBridge, audio: AudioBridge
) -> None:
    audio.play("river", 0.5)
    assert status(qtbot, address) == "Playing"
    call(qtbot, address, "PlayPause")
    assert audio.playing() == {}
    assert status(qtbot, address) == "Paused"
    call(qtbot, address, "PlayPause")
    assert audio.playing() == {"river": 0.5}
    assert bridge.session.state is SessionState.READY


def test_next_and_previous_move_between_phases_named_in_the_metadata(
    qtbot: QtBot, address: str, service: MprisService, bridge: SessionBridge
) -> None:
    call(qtbot, address, "PlayPause")
    first = metadata(qtbot, address)
    call(qtbot, address, "Next")
    second = metadata(qtbot, address)
    assert bridge.session.index == 1
    assert second["xesam:title"] != first["xesam:title"]
    assert second["xesam:album"] == bridge.session.plan.title
    assert second["mpris:trackid"] == "/io/github/lull/Lull/phase/1"
    assert int(second["mpris:length"]) == round(bridge.session.phase_duration * 1_000_000)
    call(qtbot, address, "Previous")
    assert metadata(qtbot, address)["xesam:title"] == first["xesam:title"]


def test_changes_are_announced_to_the_desktop(
    qtbot: QtBot, address: str, service: MprisService, heard: Heard, monitor: Monitor
) -> None:
    call(qtbot, address, "PlayPause")
    qtbot.waitUntil(lambda: announced(monitor, "PlaybackStatus", 'string "Playing"'))
    assert f'string "{PLAYER_INTERFACE}"' in monitor.text
    assert heard.signatures and set(heard.signatures) == {"sa{sv}as"}
    call(qtbot, address, "Next")
    qtbot.waitUntil(lambda: announced(monitor, "Metadata", "array"))
    assert not announced(monitor, "Position", "int64")  # read when wanted, never announced


def set_volume(qtbot: QtBot, address: str, value: str) -> None:
    """A media controller sets the player's Volume (a double, as dbus-send writes it)."""
    ask(
        qtbot,
        address,
        f"{PROPERTIES_INTERFACE}.Set",
        f"string:{PLAYER_INTERFACE}",
        "string:Volume",
        f"variant:double:{value}",
    )


def test_the_volume_goes_both_ways(
    qtbot: QtBot, address: str, service: MprisService, audio: AudioBridge, monitor: Monitor
) -> None:
    set_volume(qtbot, address, "0.25")
    assert audio.master_volume == 0.25
    qtbot.waitUntil(lambda: announced(monitor, "Volume", "double 0.25"))
    audio.set_master_volume(0.6)
    assert "double 0.6" in get(qtbot, address, PLAYER_INTERFACE, "Volume")
    qtbot.waitUntil(lambda: announced(monitor, "Volume", "double 0.6"))


def test_a_volume_that_is_no_number_changes_nothing(
    qtbot: QtBot, address: str, service: MprisService, audio: AudioBridge
) -> None:
    before = audio.master_volume
    set_volume(qtbot, address, "nan")
    assert audio.master_volume == before
    audio.set_master_volume(float("nan"))  # nor from anywhere else
    assert audio.master_volume == before


def test_raise_and_quit_reach_the_window(
    qtbot: QtBot, address: str, service: MprisService, asked: list[str]
) -> None:
    ask(qtbot, address, f"{ROOT_INTERFACE}.Raise")
    ask(qtbot, address, f"{ROOT_INTERFACE}.Quit")
    assert asked == ["raise", "quit"]


def test_without_a_session_bus_lull_goes_on_without_media_keys(
    qtbot: QtBot,
    tmp_path: Path,
    bridge: SessionBridge,
    audio: AudioBridge,
    caplog: pytest.LogCaptureFixture,
) -> None:
    for nowhere in _connect(f"unix:path={tmp_path / 'no-bus'}"):
        owner = QWidget()
        qtbot.addWidget(owner)
        actions = create_actions(owner)
        actions[ActionId.START_PAUSE].triggered.connect(bridge.start_or_pause)
        service = MprisService(
            nowhere,
            bridge,
            audio,
            Commands(
                actions[ActionId.START_PAUSE],
                actions[ActionId.NEXT],
                actions[ActionId.PREVIOUS],
                show_window=lambda: None,
                quit=lambda: None,
            ),
        )
        with caplog.at_level(logging.INFO, logger="app.desktop.mpris"):
            assert not service.register()
        assert [record.message.startswith("no media keys") for record in caplog.records] == [True]
        service.play_pause()  # still usable from inside; nothing is announced
        assert bridge.session.state is SessionState.RUNNING
