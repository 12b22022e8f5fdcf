"""The QObject between the widgets and the audio engine: it drives the engine's timed work
from one precise timer that sleeps while nothing moves, and turns failures into messages."""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from app.audio.engine import AudioEngine, Clock
from app.audio.errors import AudioError
from app.audio.library import SoundLibrary
from app.audio.sound import Kind, SoundEntry

log = logging.getLogger(__name__)

PHASE_CHIME = "chime-phase"
CHECKIN_CHIME = "chime-checkin"
END_CHIME = "chime-end"
RESCHEDULE_TOLERANCE = 0.005  # a deadline that moved less than this is the same deadline


class AudioBridge(QObject):
    layersChanged = Signal()  # which soundscapes play, or their volumes, changed
    problem = Signal(str)  # something could not be played, in plain words
    libraryChanged = Signal()

    def __init__(
        self,
        engine: AudioEngine,
        library: SoundLibrary,
        clock: Clock,
        *,
        chime_volume: float = 0.8,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.engine = engine
        self.library = library
        self.chime_volume = chime_volume
        self._clock = clock
        self._phase_chime_at: float | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._poll)

    @property
    def available(self) -> bool:
        return self.engine.info.available

    @property
    def timer_active(self) -> bool:
        return self._timer.isActive()

    def ambiences(self) -> list[SoundEntry]:
        return self.library.entries(Kind.AMBIENCE)

    def playing(self) -> dict[str, float]:
        return self.engine.layers()

    # --- soundscapes ----------------------------------------------------------------------------

    def play(self, sound_id: str, volume: float) -> None:
        self._attempt(lambda: self.engine.play_layer(self.library.get(sound_id), volume))

    def stop(self, sound_id: str) -> None:
        self._attempt(lambda: self.engine.stop_layer(sound_id))

    def set_volume(self, sound_id: str, volume: float) -> None:
        self._attempt(lambda: self.engine.set_layer_volume(sound_id, volume))

    def set_master_volume(self, volume: float) -> None:
        self._attempt(lambda: self.engine.set_master_volume(volume))

    def set_muted(self, muted: bool) -> None:
        self._attempt(lambda: self.engine.set_muted(muted))

    def play_mix(self, mix: dict[str, float]) -> None:
        """Play exactly these soundscapes at these volumes, fading the others out."""
        playing = self.engine.layers()
        for sound_id in playing.keys() - mix.keys():
            self.stop(sound_id)
        for sound_id, volume in mix.items():
            if sound_id in playing:
                self.set_volume(sound_id, volume)
            else:
                self.play(sound_id, volume)

    def fade_out_all(self) -> None:
        self._attempt(self.engine.fade_out_all)

    def import_file(self, path: Path) -> SoundEntry:
        """Add a file to the library; app.audio.errors.SoundRefused says why not."""
        entry = self.library.import_file(path)
        self.libraryChanged.emit()
        return entry

    # --- chimes ---------------------------------------------------------------------------------

    def chime(self, chime_id: str) -> None:
        """A chime now: for what the giver did by hand, or what could not be foreseen."""
        self._attempt(
            lambda: self.engine.play_chime(self.library.get(chime_id), volume=self.chime_volume)
        )

    def phase_change_ahead(self, seconds: float) -> None:
        """The next phase begins in `seconds`: its chime is scheduled to be heard on time."""
        at = self._clock() + seconds
        if (
            self._phase_chime_at is not None
            and abs(at - self._phase_chime_at) < RESCHEDULE_TOLERANCE
        ):
            return
        self.engine.cancel_chimes()
        self._phase_chime_at = at
        self._attempt(
            lambda: self.engine.play_chime(
                self.library.get(PHASE_CHIME), at=at, volume=self.chime_volume
            )
        )

    def no_phase_change_ahead(self) -> None:
        """Paused or ended: the scheduled chime must not sound."""
        if self._phase_chime_at is not None:
            self.engine.cancel_chimes()
            self._phase_chime_at = None
            self._arm()

    # --- inside ---------------------------------------------------------------------------------

    def _attempt(self, action: Callable[[], object]) -> None:
        try:
            action()
        except (AudioError, KeyError) as error:
            reason = error.reason if isinstance(error, AudioError) else f"no sound called {error}"
            log.warning("sound: %s", reason)
            self.problem.emit(reason)
        self.layersChanged.emit()
        self._arm()

    def _poll(self) -> None:
        for ended in self.engine.poll():
            self.problem.emit(ended.reason)
            self.layersChanged.emit()
        if self._phase_chime_at is not None and self._clock() >= self._phase_chime_at:
            self._phase_chime_at = None
        self._arm()

    def _arm(self) -> None:
        wait = self.engine.next_wakeup()
        if wait is None:
            self._timer.stop()
        else:
            self._timer.start(max(0, math.ceil(wait * 1000)))
