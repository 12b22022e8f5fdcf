"""The QObject between the widgets and the audio engine: it turns failures into messages, and
hears from the engine either through its thread (app.audio.engine_thread, as the app runs it) or
by driving the engine's timed work from one precise timer that sleeps while nothing moves."""

from __future__ import annotations

import contextlib
import logging
import math
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QObject,
    QRunnable,
    Qt,
    QThreadPool,
    Signal,
)

from app.audio.engine import END_FADE_SECONDS, FADE_IN_SECONDS, FADE_OUT_SECONDS, AudioEngine
from app.audio.engine_thread import EngineThread
from app.audio.errors import AudioError, SoundFailed
from app.audio.library import Imported, SoundLibrary
from app.audio.sound import Kind, SoundEntry
from app.core.clock import Clock
from app.core.session import Moment
from app.ui.folder_watch import FolderWatch
from app.ui.timers import single_shot

log = logging.getLogger(__name__)

PHASE_CHIME = "chime-phase"
SIDES_CHIME = "chime-sides"
CHECKIN_CHIME = "chime-checkin"
END_CHIME = "chime-end"
HEADS_UP_CHIME = "chime-heads-up"
EVERY_CHIME = (PHASE_CHIME, SIDES_CHIME, CHECKIN_CHIME, END_CHIME, HEADS_UP_CHIME)
MOMENT_CHIMES = {
    Moment.PHASE: PHASE_CHIME,
    Moment.SIDES: SIDES_CHIME,
    Moment.HEADS_UP: HEADS_UP_CHIME,
}
# No output opened (no sound server yet, say): a sound wanted this long after the last try
# tries again.
RETRY_OPEN_SECONDS = 10.0
RESCHEDULE_TOLERANCE = 0.005  # a deadline that moved less than this is the same deadline


class _Import(QRunnable):
    """Decodes and copies a file off the main thread, so the window stays responsive."""

    class Done(QObject):
        finished = Signal(object, str)  # Imported or None, the reason it was refused

    def __init__(self, library: SoundLibrary, path: Path) -> None:
        super().__init__()
        self.library, self.path, self.done = library, path, self.Done()

    def run(self) -> None:
        try:
            outcome = self.library.import_file(self.path)
        except AudioError as error:
            self.done.finished.emit(None, error.reason)
        except OSError as error:  # the file went away, or cannot be read, mid-way
            log.warning("importing %s: %s", self.path, error)
            self.done.finished.emit(None, f"“{self.path.name}” could not be read.")
        else:
            self.done.finished.emit(outcome, "")


class AudioBridge(QObject):
    playingChanged = Signal(dict)  # which soundscapes play now, and at what volume
    problem = Signal(str)  # something could not be played, in plain words
    libraryChanged = Signal()
    soundAdded = Signal(Imported)  # a file came in, or was found there already
    importRefused = Signal(str)  # why a file did not come in, in plain words
    engineChanged = Signal()  # the real engine has replaced the one used while starting
    _woken = Signal()  # emitted on the engine's thread: it has news (see open_in_background)

    def __init__(
        self,
        engine: AudioEngine,
        library: SoundLibrary,
        clock: Clock,
        *,
        chime_volume: float = 0.8,
        starting: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.engine = engine
        # True while a stand-in engine holds the place of one still opening (see attach).
        self.starting = starting
        self.library = library
        self.chime_volume = chime_volume
        self._clock = clock
        self._booked: tuple[float, str] | None = None  # the foreseen moment's chime: when, which
        # The soft tone before a change; off while the voice says the heads-up instead.
        self.heads_up_tone = True
        self._imports: list[_Import] = []
        self._opener: Callable[[], AudioEngine] | None = None  # to try again when none opened
        self._opened_at = 0.0
        # What the giver chose to hear, empty if they stopped every sound; None until they (or
        # the start-up) chose anything. The fade at a session's end does not change it.
        self.chosen_mix: dict[str, float] | None = None
        self._timer = single_shot(self, self._poll, precise=True)
        self._woken.connect(self._poll, Qt.ConnectionType.QueuedConnection)
        # `lull sounds add` or another window may change the library while this one runs.
        FolderWatch(library.index_path.parent, self._reload_library, self)

    @property
    def master_volume(self) -> float:
        return self.engine.master_volume

    @property
    def silent_because(self) -> str:
        """Why there is no sound, in plain words; empty while there is."""
        return "" if self.available else self.engine.info.reason

    @property
    def available(self) -> bool:
        return self.engine.info.available

    def open_in_background(self, opener: Callable[[], AudioEngine]) -> None:
        """The engine `opener` opens, opened and run on a thread of its own, in place of the
        stand-in: calls made from now on wait there for the opening, in order, and the bridge
        stays `starting` until it is open and has carried them out (the sounds asked for
        meanwhile are decoded, and playing)."""
        self._opener, self._opened_at = opener, self._clock()
        self.attach(EngineThread.start(opener, self._woken.emit))

    def attach(self, engine: AudioEngine) -> None:
        """The engine opened after the window showed, taking the stand-in's volume and mute."""
        engine.set_master_volume(self.engine.master_volume)
        engine.set_muted(self.engine.muted)
        self.engine, self.starting = engine, self._opening(engine)
        self.prepare(list(EVERY_CHIME))  # decoded once, and kept: no chime costs its moment
        self.engineChanged.emit()
        self.playingChanged.emit(self.playing())
        self._arm()  # even with nothing to play: the engine asks for a wake-up to rest

    @property
    def booked_chime(self) -> tuple[float, str] | None:
        """When the next foreseen moment's chime is booked to be heard (on the engine's clock),
        and which chime it is; None once that time has come."""
        if self._booked is not None and self._clock() >= self._booked[0]:
            self._booked = None
        return self._booked

    @property
    def timer_active(self) -> bool:
        return self._timer.isActive()

    def ambiences(self) -> list[SoundEntry]:
        return self.library.entries(Kind.AMBIENCE)

    def playing(self) -> dict[str, float]:
        return self.engine.layers()

    # --- soundscapes ----------------------------------------------------------------------------

    def play(self, sound_id: str, volume: float, fade: float = FADE_IN_SECONDS) -> None:
        entry = self._entry
        self._attempt(lambda: self.engine.play_layer(entry(sound_id), volume, fade), chosen=True)

    def stop(self, sound_id: str, fade: float = FADE_OUT_SECONDS) -> None:
        self._attempt(lambda: self.engine.stop_layer(sound_id, fade), chosen=True)

    def set_volume(self, sound_id: str, volume: float, fade: float = 0.0) -> None:
        self._attempt(lambda: self.engine.set_layer_volume(sound_id, volume, fade), chosen=True)

    def set_master_volume(self, volume: float) -> None:
        if math.isfinite(volume):  # a media controller's NaN is no volume at all
            self._attempt(lambda: self.engine.set_master_volume(volume))

    def set_muted(self, muted: bool) -> None:
        self._attempt(lambda: self.engine.set_muted(muted))

    def play_mix(self, mix: dict[str, float], fade: float | None = None) -> None:
        """Play exactly these soundscapes at these volumes, fading the others out (over `fade`
        seconds, or the engine's usual fades); a sound no longer in the library is left out,
        and the giver told."""
        known = {entry.id for entry in self.library.entries(Kind.AMBIENCE)}  # never a chime
        if mix.keys() - known:
            self.problem.emit("Some sounds of this mix are no longer in Lull; the rest play.")
        mix = {sound_id: volume for sound_id, volume in mix.items() if sound_id in known}
        playing = self.engine.layers()
        for sound_id in playing.keys() - mix.keys():
            self.stop(sound_id, FADE_OUT_SECONDS if fade is None else fade)
        for sound_id, volume in mix.items():
            if sound_id in playing:
                self.set_volume(sound_id, volume, fade or 0.0)
            else:
                self.play(sound_id, volume, FADE_IN_SECONDS if fade is None else fade)

    def fade_out_all(self, seconds: float = END_FADE_SECONDS) -> None:
        self._attempt(lambda: self.engine.fade_out_all(seconds))

    def bring_back_mix(self) -> None:
        """A session starts again: the soundscapes the end faded out come back."""
        if self.chosen_mix:
            self.play_mix(dict(self.chosen_mix))

    def mix_to_remember(self, remembered: dict[str, float]) -> dict[str, float]:
        """The mix to keep for next time: the one chosen now, even if that is silence, or the
        one `remembered` from before if nothing was chosen in this run."""
        return remembered if self.chosen_mix is None else dict(self.chosen_mix)

    @property
    def importing(self) -> bool:
        return bool(self._imports)

    def import_in_background(self, path: Path) -> None:
        """Check and copy a file off the main thread; `imported` tells how it went."""
        job = _Import(self.library, path)
        job.done.finished.connect(self._import_done)
        self._imports.append(job)
        QThreadPool.globalInstance().start(job)

    def _import_done(self, outcome: Imported | None, reason: str) -> None:
        self._imports = [job for job in self._imports if job.done is not self.sender()]
        if outcome is not None:
            self.libraryChanged.emit()
        if outcome is None:
            self.importRefused.emit(reason)
        else:
            self.soundAdded.emit(outcome)

    def rename_sound(self, sound_id: str, title: str) -> None:
        self._change_library(lambda: self.library.rename(sound_id, title))

    def remove_sound(self, sound_id: str) -> None:
        if sound_id in self.playing():
            self.stop(sound_id)
        self._change_library(lambda: self.library.remove(sound_id))

    def _change_library(self, change: Callable[[], object]) -> None:
        try:
            change()
        except AudioError as error:
            self.problem.emit(error.reason)
        except KeyError:
            self.problem.emit("That sound is no longer in Lull.")
        self.libraryChanged.emit()

    def _reload_library(self) -> None:
        before = self.library.entries()
        self.library.reload()
        if self.library.entries() == before:
            return
        known = {entry.id for entry in self.library.entries()}
        for sound_id in self.playing().keys() - known:  # removed elsewhere: it goes quiet here
            self.stop(sound_id)
        if self.chosen_mix is not None:
            self.chosen_mix = {k: v for k, v in self.chosen_mix.items() if k in known}
        self.libraryChanged.emit()

    # --- chimes ---------------------------------------------------------------------------------

    def chime(self, chime_id: str) -> None:
        """A chime now: for what the giver did by hand, or what could not be foreseen."""
        self._attempt(
            lambda: self.engine.play_chime(self._entry(chime_id), volume=self.chime_volume)
        )

    def moment_ahead(self, seconds: float, moment: Moment) -> None:
        """The next foreseen moment (a phase beginning, the sides switching) comes in `seconds`:
        its chime is booked to be heard on time, in place of any booked before."""
        at, chime_id = self._clock() + seconds, MOMENT_CHIMES[moment]
        if moment is Moment.HEADS_UP and not self.heads_up_tone:
            self.no_moment_ahead()
            return
        if (
            self._booked is not None
            and self._booked[1] == chime_id
            and abs(at - self._booked[0]) < RESCHEDULE_TOLERANCE
        ):
            return
        self.engine.cancel_chimes()
        self._booked = (at, chime_id)
        self._attempt(
            lambda: self.engine.play_chime(self._entry(chime_id), at=at, volume=self.chime_volume)
        )

    def no_moment_ahead(self) -> None:
        """Paused or ended: the booked chime must not sound."""
        if self._booked is not None:
            self.engine.cancel_chimes()
            self._booked = None
            self._arm()

    # --- the voice -----------------------------------------------------------------------------

    def speak(self, prompt_id: str, at: float | None = None, volume: float = 1.0) -> None:
        """A spoken prompt, heard at the engine's clock time `at`, or at once."""
        self._attempt(lambda: self.engine.play_prompt(self._entry(prompt_id), at, volume))

    def prepare(self, sound_ids: list[str]) -> None:
        """Chimes or prompts to come, decoded now so that they cost their moment nothing (a
        sound Lull does not have says so when it is played)."""
        for sound_id in sound_ids:
            with contextlib.suppress(SoundFailed):
                self.engine.prepare(self._entry(sound_id))

    def cancel_speech(self) -> None:
        """Paused, ended or moved by hand: what was about to be said is no longer true."""
        self._attempt(self.engine.cancel_prompts)

    # --- inside ---------------------------------------------------------------------------------

    def _entry(self, sound_id: str) -> SoundEntry:
        try:
            return self.library.get(sound_id)
        except KeyError:
            raise SoundFailed(sound_id, f"There is no sound called “{sound_id}”.") from None

    def _attempt(self, action: Callable[[], object], *, chosen: bool = False) -> None:
        self._open_again_if_silent()
        try:
            action()
        except AudioError as error:
            log.warning("sound: %s", error.reason)
            self.problem.emit(error.reason)
        if chosen:
            self.chosen_mix = self.engine.layers()
        self.playingChanged.emit(self.playing())
        self._arm()

    def _open_again_if_silent(self) -> None:
        """No output opened: tried again, on the sound's thread, for a sound wanted now."""
        opener, silent = self._opener, self.engine
        if opener is None or self.starting or silent.info.available:
            return
        if self._clock() - self._opened_at < RETRY_OPEN_SECONDS:
            return
        log.info("no sound yet: the output is tried again")
        self.open_in_background(opener)
        silent.close()

    def _poll(self) -> None:
        before = self.playing()
        try:
            ended = self.engine.poll()  # a bug on the sound's thread is raised again here
        except Exception:
            self._settle_opening(broken=True)  # the window must not wait for sound that won't come
            self._arm()
            raise
        for reason in dict.fromkeys(sound.reason for sound in ended):  # the output's, once
            self.problem.emit(reason)
        # What cannot play is not kept for next time; a sound whose output went away can.
        gone = {sound.sound_id for sound in ended if not sound.output_lost}
        if gone and self.chosen_mix is not None:
            self.chosen_mix = {k: v for k, v in self.chosen_mix.items() if k not in gone}
        self._settle_opening()
        if ended or self.playing() != before:
            self.playingChanged.emit(self.playing())
        self._arm()

    def _settle_opening(self, *, broken: bool = False) -> None:
        if self.starting and (broken or not self._opening(self.engine)):
            self.starting = False
            self.engineChanged.emit()

    @staticmethod
    def _opening(engine: AudioEngine) -> bool:
        """Still opening, or not yet through what was asked of it while it opened."""
        return isinstance(engine, EngineThread) and (engine.opening or not engine.caught_up)

    def _arm(self) -> None:
        wait = self.engine.next_wakeup()
        if wait is None:
            self._timer.stop()
        else:
            self._timer.start(max(0, math.ceil(wait * 1000)))
