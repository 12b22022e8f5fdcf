"""The audio engine on a thread of its own, so that nothing it does can stall the window.

Opening the mixer, resting it (SDL drains the device as it closes: 0.2 s or more), decoding a
sound and lining a chime up with the mixer's next block (up to one 93 ms block of waiting) all
happen on that thread. The window's calls are posted to it in order and return at once; what
the window asks (the layers, the volume, the mute) is answered from a copy kept on the window's
side, changed as each call is posted and corrected by what the thread reports back.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass

from app.audio.engine import (
    CROSSFADE_SECONDS,
    END_FADE_SECONDS,
    FADE_IN_SECONDS,
    FADE_OUT_SECONDS,
    AudioEngine,
    EngineInfo,
    LayerEnded,
)
from app.audio.errors import AudioError, SoundFailed
from app.audio.silent import SilentEngine
from app.audio.sound import SoundEntry

log = logging.getLogger(__name__)

STARTING = "Sound is starting."
# SDL drains the device as the mixer closes: up to 1.4 s through PulseAudio was seen. Past
# this the app quits without waiting (the thread is a daemon and dies with the process).
CLOSE_SECONDS = 5.0
BROKEN = "Sound stopped working; everything else works as usual."

Command = Callable[[AudioEngine], object]


@dataclass(frozen=True)
class _Report:
    """What the thread tells the window after carrying out commands, or when a sound ended."""

    done: int  # how many commands it has carried out so far
    info: EngineInfo
    layers: dict[str, float]
    master: float
    muted: bool
    ended: list[LayerEnded]
    bug: Exception | None = None


class _Copy(SilentEngine):
    """The engine's state as the window last knew it: SilentEngine already keeps exactly that."""

    def __init__(self) -> None:
        super().__init__(STARTING)

    def adopt(self, report: _Report) -> None:
        self._layers = dict(report.layers)
        self._master, self._muted = report.master, report.muted


class EngineThread:
    """AudioEngine whose real engine lives on one worker thread (app.audio.engine has the
    contract). `woken` is called on that thread whenever there is news; the caller then calls
    `poll` on its own thread, which returns the sounds that ended or failed, with their reasons.
    `next_wakeup` is always None: the thread keeps its own time."""

    def __init__(self, woken: Callable[[], None]) -> None:
        self._woken = woken
        self.stuck = False  # closing, it did not close in time: its thread waits on the sound
        self._copy = _Copy()
        self._info = self._copy.info
        self._opening = True
        self._posted = 0
        self._adopted = -1  # how many commands the copy's state had been through when adopted
        self._commands: queue.SimpleQueue[tuple[Command, str] | None] = queue.SimpleQueue()
        self._reports: queue.SimpleQueue[_Report] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None

    @classmethod
    def start(cls, opener: Callable[[], AudioEngine], woken: Callable[[], None]) -> EngineThread:
        """Starts the thread, which first opens the engine with `opener`; returns at once."""
        proxy = cls(woken)
        proxy._thread = threading.Thread(
            target=proxy._run, args=(opener,), name="lull-audio", daemon=True
        )
        proxy._thread.start()
        return proxy

    @property
    def opening(self) -> bool:
        """True until the thread has said whether a sound device opened."""
        return self._opening

    @property
    def caught_up(self) -> bool:
        """The thread has carried out every call posted, and what it reported has been taken
        in by `poll`: the answers to queries are the engine's own, not the copy's guesses."""
        return self._adopted == self._posted

    @property
    def info(self) -> EngineInfo:
        return self._info

    @property
    def master_volume(self) -> float:
        return self._copy.master_volume

    @property
    def muted(self) -> bool:
        return self._copy.muted

    def layers(self) -> dict[str, float]:
        return self._copy.layers()

    def play_layer(
        self, sound: SoundEntry, volume: float = 1.0, fade_in: float = FADE_IN_SECONDS
    ) -> None:
        self._send(lambda engine: engine.play_layer(sound, volume, fade_in), sound.id)

    def stop_layer(self, sound_id: str, fade_out: float = FADE_OUT_SECONDS) -> None:
        self._send(lambda engine: engine.stop_layer(sound_id, fade_out), sound_id)

    def replace_layer(
        self,
        old_id: str,
        sound: SoundEntry,
        volume: float | None = None,
        crossfade: float = CROSSFADE_SECONDS,
    ) -> None:
        self._send(lambda engine: engine.replace_layer(old_id, sound, volume, crossfade), sound.id)

    def set_layer_volume(self, sound_id: str, volume: float, fade: float = 0.0) -> None:
        self._send(lambda engine: engine.set_layer_volume(sound_id, volume, fade), sound_id)

    def set_master_volume(self, volume: float) -> None:
        self._send(lambda engine: engine.set_master_volume(volume))

    def set_muted(self, muted: bool) -> None:
        self._send(lambda engine: engine.set_muted(muted))

    def fade_out_all(self, seconds: float = END_FADE_SECONDS) -> None:
        self._send(lambda engine: engine.fade_out_all(seconds))

    def play_chime(self, sound: SoundEntry, at: float | None = None, volume: float = 1.0) -> None:
        """`at` is a clock time, so the time the call takes to reach the thread moves nothing."""
        self._send(lambda engine: engine.play_chime(sound, at, volume), sound.id)

    def cancel_chimes(self) -> None:
        self._send(lambda engine: engine.cancel_chimes())

    def play_prompt(self, sound: SoundEntry, at: float | None = None, volume: float = 1.0) -> None:
        self._send(lambda engine: engine.play_prompt(sound, at, volume), sound.id)

    def cancel_prompts(self) -> None:
        self._send(lambda engine: engine.cancel_prompts())

    def prepare(self, sound: SoundEntry) -> None:
        self._send(lambda engine: engine.prepare(sound), sound.id)

    def poll(self, now: float | None = None) -> list[LayerEnded]:
        """Takes in what the thread reported: the sounds that ended or failed, and the engine's
        state, adopted once the thread has carried out everything posted (an older state would
        undo, for a moment, what was posted since). A bug on the thread is raised here."""
        ended: list[LayerEnded] = []
        bug: Exception | None = None
        while True:
            try:
                report = self._reports.get_nowait()
            except queue.Empty:
                break
            self._info, self._opening = report.info, False
            ended += report.ended
            bug = bug or report.bug
            if report.done == self._posted:
                self._copy.adopt(report)
                self._adopted = report.done
        if bug is not None:
            raise bug
        return ended

    def next_wakeup(self, now: float | None = None) -> float | None:
        return None

    def close(self) -> None:
        """Closes the engine on its thread and waits for that, at most CLOSE_SECONDS; `stuck`
        says when it did not close by then (the sound server stopped answering)."""
        thread, self._thread = self._thread, None
        if thread is None:
            return
        self._commands.put(None)
        thread.join(CLOSE_SECONDS)
        if thread.is_alive():
            log.warning("the sound did not close within %g s; quitting anyway", CLOSE_SECONDS)
            self.stuck = True

    def _send(self, command: Command, sound_id: str = "") -> None:
        if self._thread is None:
            return  # closed
        command(self._copy)
        self._posted += 1
        self._commands.put((command, sound_id))

    # --- on the thread ----------------------------------------------------------------------------

    def _run(self, opener: Callable[[], AudioEngine]) -> None:
        engine, bug = self._open(opener)
        done = 0
        self._report(engine, done, [], bug)
        while True:
            wait = engine.next_wakeup()
            if wait is not None and wait <= 0:
                self._timed_poll(engine, done)
                continue
            try:
                item = self._commands.get(timeout=wait)
            except queue.Empty:
                self._timed_poll(engine, done)
                continue
            ended: list[LayerEnded] = []
            bug = None
            while item is not None:  # everything posted so far, then one report
                failed, error = self._carry_out(engine, *item)
                done += 1
                ended += failed
                bug = bug or error
                try:
                    item = self._commands.get_nowait()
                except queue.Empty:
                    break
            if item is None:
                engine.close()
                return
            self._report(engine, done, ended, bug)

    def _open(self, opener: Callable[[], AudioEngine]) -> tuple[AudioEngine, Exception | None]:
        try:
            return opener(), None
        except Exception as bug:  # noqa: BLE001 (raised again on the window's side, in poll)
            log.exception("the sound could not start")
            return SilentEngine(BROKEN), bug

    def _carry_out(
        self, engine: AudioEngine, command: Command, sound_id: str
    ) -> tuple[list[LayerEnded], Exception | None]:
        try:
            command(engine)
        except AudioError as error:
            log.warning("sound: %s", error.reason)
            failed = error.sound_id if isinstance(error, SoundFailed) else sound_id
            return [LayerEnded(failed, error.reason)], None
        except Exception as bug:  # noqa: BLE001 (raised again on the window's side, in poll)
            log.exception("the sound thread met a bug")
            return [], bug
        return [], None

    def _timed_poll(self, engine: AudioEngine, done: int) -> None:
        before = engine.layers()
        try:
            ended = engine.poll()
        except Exception as bug:  # noqa: BLE001 (raised again on the window's side, in poll)
            log.exception("the sound thread met a bug")
            self._report(engine, done, [], bug)
            return
        if ended or engine.layers() != before:
            self._report(engine, done, ended, None)

    def _report(
        self, engine: AudioEngine, done: int, ended: list[LayerEnded], bug: Exception | None
    ) -> None:
        self._reports.put(
            _Report(
                done,
                engine.info,
                engine.layers(),
                engine.master_volume,
                engine.muted,
                ended,
                bug,
            )
        )
        self._woken()
