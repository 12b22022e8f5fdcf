"""Media keys and the desktop's media controls: an MPRIS2 player on the session bus.

The desktop layer cannot know the window's actions or bridges, so the composition root hands
this service what it needs: the session's own QActions (the same ones the window and the tray
use) and two small protocols that the session and audio bridges meet as they are.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from PySide6.QtCore import ClassInfo, Property, QMetaType, QObject, Slot
from PySide6.QtDBus import (
    QDBusAbstractAdaptor,
    QDBusArgument,
    QDBusConnection,
    QDBusMessage,
    QDBusObjectPath,
)
from PySide6.QtGui import QAction

from app.core.cues import cue_for
from app.core.session import Session, SessionState

log = logging.getLogger(__name__)

BUS_NAME = "org.mpris.MediaPlayer2.lull"
OBJECT_PATH = "/org/mpris/MediaPlayer2"
ROOT_INTERFACE = "org.mpris.MediaPlayer2"
PLAYER_INTERFACE = "org.mpris.MediaPlayer2.Player"
PROPERTIES_INTERFACE = "org.freedesktop.DBus.Properties"
TRACK_PATH = "/io/github/lull/Lull/phase/"  # a phase's trackid: this, then its number
DESKTOP_ENTRY = "io.github.lull.Lull"
AMBIENCE_FADE_SECONDS = 2.0  # the soundscapes go quiet gently, as a pause should
MICROSECONDS = 1_000_000

PLAYING, PAUSED, STOPPED = "Playing", "Paused", "Stopped"

_Adaptor = TypeVar("_Adaptor", bound=QDBusAbstractAdaptor)


class SessionSource(Protocol):
    """What the session bridge offers: the session as it stands."""

    @property
    def session(self) -> Session: ...


class Ambience(Protocol):
    """What the audio bridge offers: the soundscapes, the chosen mix and the master volume."""

    chosen_mix: dict[str, float] | None

    @property
    def master_volume(self) -> float: ...

    def set_master_volume(self, volume: float) -> None: ...

    def playing(self) -> dict[str, float]: ...

    def fade_out_all(self, seconds: float = ...) -> None: ...

    def bring_back_mix(self) -> None: ...


def _interface(name: str) -> Callable[[type[_Adaptor]], type[_Adaptor]]:
    """The class decorator naming the D-Bus interface an adaptor serves."""
    info: Any = ClassInfo  # PySide's stub does not know that ClassInfo decorates
    decorate: Callable[[type[_Adaptor]], type[_Adaptor]] = info(**{"D-Bus Interface": name})
    return decorate


@dataclass(frozen=True)
class Commands:
    """The window's session actions, triggered as if pressed; and the window itself."""

    start_pause: QAction
    next: QAction
    previous: QAction
    show_window: Callable[[], None]
    quit: Callable[[], None]


@_interface(ROOT_INTERFACE)
class _Root(QDBusAbstractAdaptor):
    """org.mpris.MediaPlayer2: who Lull is, and bringing it forward or closing it."""

    def __init__(self, service: MprisService) -> None:
        super().__init__(service)
        self._service = service

    def _yes(self) -> bool:
        return True

    def _no(self) -> bool:
        return False

    def _identity(self) -> str:
        return "Lull"

    def _desktop_entry(self) -> str:
        return DESKTOP_ENTRY

    def _nothing(self) -> list[str]:
        return []

    # Qt type names where D-Bus needs them: "as", "a{sv}", "x" (the stub allows only types).
    CanQuit = Property(bool, _yes)
    CanRaise = Property(bool, _yes)
    HasTrackList = Property(bool, _no)
    Identity = Property(str, _identity)
    DesktopEntry = Property(str, _desktop_entry)
    SupportedUriSchemes = Property("QStringList", _nothing)  # type: ignore[arg-type]
    SupportedMimeTypes = Property("QStringList", _nothing)  # type: ignore[arg-type]

    @Slot()
    def Raise(self) -> None:
        self._service.commands.show_window()

    @Slot()
    def Quit(self) -> None:
        self._service.commands.quit()


@_interface(PLAYER_INTERFACE)
class _Player(QDBusAbstractAdaptor):
    """org.mpris.MediaPlayer2.Player: the session as a player of phases."""

    def __init__(self, service: MprisService) -> None:
        super().__init__(service)
        self._service = service

    def _status(self) -> str:
        return self._service.playback_status()

    def _metadata(self) -> dict[str, object]:
        return self._service.metadata()

    def _volume(self) -> float:
        return self._service.ambience.master_volume

    def _set_volume(self, volume: float) -> None:
        self._service.set_volume(volume)

    def _position(self) -> int:
        return self._service.position()

    def _rate(self) -> float:
        return 1.0

    def _set_rate(self, _rate: float) -> None:
        """A session runs at the pace of the massage: the rate stays 1."""

    def _can_go_next(self) -> bool:
        return self._service.commands.next.isEnabled()

    def _can_go_previous(self) -> bool:
        return self._service.commands.previous.isEnabled()

    def _yes(self) -> bool:
        return True

    def _no(self) -> bool:
        return False

    PlaybackStatus = Property(str, _status)
    Rate = Property(float, _rate, _set_rate)
    Metadata = Property("QVariantMap", _metadata)  # type: ignore[arg-type]
    Volume = Property(float, _volume, _set_volume)
    Position = Property("qlonglong", _position)  # type: ignore[arg-type]
    MinimumRate = Property(float, _rate)
    MaximumRate = Property(float, _rate)
    CanGoNext = Property(bool, _can_go_next)
    CanGoPrevious = Property(bool, _can_go_previous)
    CanPlay = Property(bool, _yes)
    CanPause = Property(bool, _yes)
    CanSeek = Property(bool, _no)
    CanControl = Property(bool, _yes)

    @Slot()
    def Next(self) -> None:
        self._service.commands.next.trigger()

    @Slot()
    def Previous(self) -> None:
        self._service.commands.previous.trigger()

    @Slot()
    def Pause(self) -> None:
        if self._service.playback_status() == PLAYING:
            self._service.play_pause()

    @Slot()
    def Play(self) -> None:
        if self._service.playback_status() != PLAYING:
            self._service.play_pause()

    @Slot()
    def PlayPause(self) -> None:
        self._service.play_pause()

    @Slot()
    def Stop(self) -> None:
        self.Pause()  # ending a session asks the giver first: a stop key only pauses it

    @Slot("qlonglong")
    def Seek(self, _offset: int) -> None:
        """A phase's time is not sought: it is extended or moved on from, in the window."""

    @Slot(QDBusObjectPath, "qlonglong")
    def SetPosition(self, _track: QDBusObjectPath, _position: int) -> None:
        """As Seek."""

    @Slot(str)
    def OpenUri(self, _uri: str) -> None:
        """Lull opens no media."""


class MprisService(QObject):
    """The player at /org/mpris/MediaPlayer2; `refresh` announces whatever has changed."""

    def __init__(
        self,
        connection: QDBusConnection,
        sessions: SessionSource,
        ambience: Ambience,
        commands: Commands,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.connection = connection
        self.sessions = sessions
        self.ambience = ambience
        self.commands = commands
        self._root = _Root(self)
        self._player = _Player(self)
        self._announced: dict[str, object] = {}
        self.registered = False

    def register(self) -> bool:
        """Take the bus name; without a session bus Lull simply goes without media keys."""
        options = QDBusConnection.RegisterOption.ExportAdaptors
        self.registered = (
            self.connection.isConnected()
            and self.connection.registerObject(OBJECT_PATH, self, options)
            and self.connection.registerService(BUS_NAME)
        )
        if not self.registered:
            error = self.connection.lastError().message() or "no session bus"
            log.info("no media keys (MPRIS): %s", error)
            return False
        self._announced = self._changeable()
        log.info("media keys: %s on the session bus", BUS_NAME)
        return True

    # --- what the player shows ----------------------------------------------------------------

    def playback_status(self) -> str:
        state = self.sessions.session.state
        if state is SessionState.RUNNING:
            return PLAYING
        if state is SessionState.PAUSED:
            return PAUSED
        if self.ambience.playing():
            return PLAYING
        return PAUSED if self.ambience.chosen_mix else STOPPED

    def metadata(self) -> dict[str, object]:
        session = self.sessions.session
        return {
            "mpris:trackid": QDBusObjectPath(f"{TRACK_PATH}{session.index}"),
            "mpris:length": round(session.phase_duration * MICROSECONDS),
            "xesam:title": cue_for(session.phase, session.plan.position).title,
            "xesam:album": session.plan.title,
            "xesam:artist": ["Lull"],
        }

    def position(self) -> int:
        return round(self.sessions.session.phase_elapsed * MICROSECONDS)

    # --- what the player does -----------------------------------------------------------------

    def play_pause(self) -> None:
        """The session when one is under way; else the soundscapes, paused and brought back;
        and with neither, the session begins."""
        state = self.sessions.session.state
        if state in (SessionState.RUNNING, SessionState.PAUSED):
            self.commands.start_pause.trigger()
        elif self.ambience.playing():
            self.ambience.fade_out_all(AMBIENCE_FADE_SECONDS)
        elif self.ambience.chosen_mix:
            self.ambience.bring_back_mix()
        else:
            self.commands.start_pause.trigger()
        self.refresh()

    def set_volume(self, volume: float) -> None:
        if not math.isfinite(volume):
            return  # no volume at all: as the specification has it, nothing changes
        self.ambience.set_master_volume(min(max(volume, 0.0), 1.0))
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        """Announce (PropertiesChanged) the properties whose values differ from those last
        announced. Connect it to every change of the session, the sound and the actions."""
        if not self.registered:
            return
        now = self._changeable()
        changed = {name: value for name, value in now.items() if self._announced[name] != value}
        self._announced = now
        if not changed:
            return
        signal = QDBusMessage.createSignal(OBJECT_PATH, PROPERTIES_INTERFACE, "PropertiesChanged")
        signal.setArguments([PLAYER_INTERFACE, changed, _no_names()])
        self.connection.send(signal)

    def _changeable(self) -> dict[str, object]:
        """The player's properties that change as Lull runs (the position is read, not told)."""
        return {
            "PlaybackStatus": self.playback_status(),
            "Metadata": self.metadata(),
            "Volume": self.ambience.master_volume,
            "CanGoNext": self.commands.next.isEnabled(),
            "CanGoPrevious": self.commands.previous.isEnabled(),
        }


def _no_names() -> QDBusArgument:
    """An empty array of strings ("as"): a Python [] would go out as an array of variants."""
    names = QDBusArgument()
    names.beginArray(QMetaType(QMetaType.Type.QString))
    names.endArray()
    return names
