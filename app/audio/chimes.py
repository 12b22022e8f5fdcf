"""Chimes and spoken prompts on reserved channels, started so as to be heard on their deadline."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pygame

from app.audio.decoding import decode
from app.audio.device import CHANNELS, FRAME_BYTES
from app.audio.duck import Dip, Duck
from app.audio.engine import EngineInfo
from app.audio.errors import SoundFailed
from app.audio.layers import mixer_level
from app.audio.sound import Kind, SoundEntry
from app.core.clock import Clock

log = logging.getLogger(__name__)

# Two chimes may ring at once: a check-in or reminder due on a phase change must not cut the
# phase's chime short (the built-in plans put check-ins on phase changes).
CHIME_CHANNELS = (0, 2)
PROBE_CHANNEL = 1
# The voice speaks on a channel of its own: a chime never takes it, a prompt never takes a chime's.
VOICE_CHANNELS = (3,)
RESERVED_CHANNELS = 4
PROBE_POLL_SECONDS = 0.0005  # how finely the next block is looked for: well under a millisecond
PROBE_PATIENCE_BLOCKS = 3  # a device that stops asking for audio must not hang the window
# Allowance for a late timer. Finding the next block takes up to one block, and the chime must
# then start a block before it is heard, so the engine wakes this much before those two blocks.
FIRE_MARGIN_SECONDS = 0.05
HUSH_SECONDS = 0.2  # a prompt cut short fades out over this: quick, and without a click


@dataclass(frozen=True)
class _Pending:
    at: float
    sound: pygame.mixer.Sound
    volume: float
    dip: Dip


@dataclass(frozen=True)
class _Sounding:
    sound: pygame.mixer.Sound  # as started, with any silence in front of it
    volume: float
    dip: Dip
    mixed_at: float | None  # clock time of the block that took its first frame, when known


class BlockFinder:
    """When the mixer will next fill a block.

    With a large buffer the mixer fills the output in blocks (93 ms at 4096 frames), and a
    sound asked for mid-block waits for the next one. Lull plays one silent frame on a spare
    channel and watches the channel fall idle, which happens as a block is mixed: the next block
    is one block later. Chimes and the voice share it.
    """

    def __init__(self, info: EngineInfo, clock: Clock) -> None:
        self._info = info
        self._clock = clock
        self._probe: pygame.mixer.Sound | None = None

    def next_block(self) -> float | None:
        """The clock time of the next block; None if the device stopped asking for audio.
        Blocks for up to one block."""
        if self._probe is None:
            self._probe = pygame.mixer.Sound(buffer=bytes(FRAME_BYTES))
        channel = pygame.mixer.Channel(PROBE_CHANNEL)
        channel.play(self._probe)
        tries = round(PROBE_PATIENCE_BLOCKS * self._info.buffer_seconds / PROBE_POLL_SECONDS)
        for _ in range(tries):
            if not channel.get_busy():
                return self._clock() + self._info.buffer_seconds
            time.sleep(PROBE_POLL_SECONDS)
        return None

    def clear(self) -> None:
        """The mixer is closing: the probe goes with it."""
        self._probe = None


class Decoded:
    """The chimes and prompts decoded, kept while the mixer rests: at 1x with no soundscape the
    mixer rests between changes, and decoding at each change again (a prompt 4 ms, a chime up
    to 14 ms of the sound's thread) would compete with the window's own work at the change.
    Every chime is kept (the app's five: 19 s of sound, 3.4 MB); of the rest, the most recently
    used, up to KEEP_SECONDS of sound (7 MB)."""

    KEEP_SECONDS = 40.0

    def __init__(self) -> None:
        self._chimes: dict[Path, pygame.mixer.Sound] = {}
        self._recent: dict[Path, pygame.mixer.Sound] = {}  # least recently used first

    def load(self, entry: SoundEntry, noun: str) -> pygame.mixer.Sound:
        """The sound in `entry`, decoded now or earlier; SoundFailed names it as a `noun`."""
        kept = self._chimes if entry.kind is Kind.CHIME else self._recent
        sound = kept.pop(entry.path, None)
        kept[entry.path] = sound = self._decode(entry, noun) if sound is None else sound
        while sum(each.get_length() for each in self._recent.values()) > self.KEEP_SECONDS:
            oldest = next(iter(self._recent))
            if oldest == entry.path:
                break  # the one asked for stays, however long
            del self._recent[oldest]
        return sound

    def clear(self) -> None:
        self._chimes.clear()
        self._recent.clear()

    @staticmethod
    def _decode(entry: SoundEntry, noun: str) -> pygame.mixer.Sound:
        if entry.missing:  # gone, or no file at all (a FIFO would hold the thread for good)
            raise SoundFailed(entry.id, f"The {noun} “{entry.title}” is missing from disk.")
        try:
            sound = decode(entry.path, entry.seconds)
        except (pygame.error, OSError) as error:
            log.warning("cannot load %s %s: %s", noun, entry.path, error)
            raise SoundFailed(
                entry.id, f"The {noun} “{entry.title}” could not be played."
            ) from error
        if sound.get_length() <= 0:
            raise SoundFailed(entry.id, f"The {noun} “{entry.title}” holds no sound.")
        return sound


class Cues:
    """Short sounds on reserved channels, each heard on its deadline with the soundscapes dipped
    under it: the chimes on theirs, the voice on its own. Holds the ones waiting for their
    deadline and the ones sounding now.

    To land a sound on its deadline, it is started as a block is about to be mixed, with just
    enough silence in front that its first sound falls on the deadline.
    """

    def __init__(
        self,
        info: EngineInfo,
        clock: Clock,
        blocks: BlockFinder,
        duck: Duck,
        decoded: Decoded,
        *,
        lead: float,
        channels: tuple[int, ...],
        depth_db: float,
        noun: str,
    ) -> None:
        self._info = info
        self._clock = clock
        self._blocks = blocks
        self._duck = duck
        self._channels = channels
        self._depth_db = depth_db
        self._noun = noun  # "chime" or "prompt", for messages
        self._lead = lead  # when a sound started now is heard, on average
        self._decoded = decoded
        self._pending: list[_Pending] = []
        # by channel, oldest first: the oldest gives way when every channel is sounding
        self._sounding: dict[int, _Sounding] = {}

    def schedule(self, entry: SoundEntry, at: float, volume: float) -> None:
        """Keeps the sound for `at` (decoded now, not at the deadline), its dip with it."""
        sound = self._decoded.load(entry, self._noun)
        dip = self._duck.add(at, at + sound.get_length(), self._depth_db)
        self._pending.append(_Pending(at, sound, volume, dip))
        self._pending.sort(key=lambda pending: pending.at)

    def play_now(self, entry: SoundEntry, volume: float, gain: float) -> None:
        sound = self._decoded.load(entry, self._noun)
        heard = self._clock() + self._lead
        dip = self._duck.add(heard, heard + sound.get_length(), self._depth_db)
        self._start(_Sounding(sound, volume, dip, None), gain)

    def cancel(self) -> None:
        """Forgets the sounds not started; their dips let go (and those not begun leave none)."""
        heard = self._clock() + self._lead
        for pending in self._pending:
            self._duck.release(pending.dip, heard)
        self._pending.clear()

    def hush(self) -> None:
        """Forgets the sounds not started and fades out the ones sounding, over HUSH_SECONDS."""
        self.cancel()
        for number, sounding in self._sounding.items():
            channel = pygame.mixer.Channel(number)
            if channel.get_busy():
                self._fade_out(channel, sounding)
                self._duck.release(sounding.dip, self._clock() + self._lead + HUSH_SECONDS)
        self._sounding.clear()

    def quiet(self) -> bool:
        """Nothing is waiting for its time, and nothing is sounding."""
        busy = any(pygame.mixer.Channel(n).get_busy() for n in self._channels)
        return not self._pending and not busy

    def next_due(self) -> float | None:
        """The clock time at which the earliest waiting sound must be started."""
        return self._fire_time(self._pending[0]) if self._pending else None

    def fire_due(self, now: float, gain: float) -> None:
        """Starts every sound whose time has come. Blocks for up to one mixer block each."""
        while self._pending and self._fire_time(self._pending[0]) <= now:
            self._start(self._aligned(self._pending.pop(0)), gain)

    def set_gain(self, gain: float) -> None:
        """Master volume and mute reach a sound already playing."""
        for sounding in self._sounding.values():
            sounding.sound.set_volume(mixer_level(sounding.volume * gain))

    def clear(self) -> None:
        for number in self._channels:
            pygame.mixer.Channel(number).stop()
        self._pending.clear()
        self._sounding.clear()

    def _fire_time(self, pending: _Pending) -> float:
        blocks = 2 * self._info.buffer_seconds
        return pending.at - self._info.output_latency - blocks - FIRE_MARGIN_SECONDS

    def _aligned(self, pending: _Pending) -> _Sounding:
        """The sound with the silence in front of it that puts its first sound on `at`."""
        mixed_at = self._blocks.next_block()
        if mixed_at is None:
            log.warning("the sound device did not ask for audio; the %s may be late", self._noun)
            return _Sounding(pending.sound, pending.volume, pending.dip, None)
        lead_in = pending.at - (mixed_at + self._info.output_latency)
        sound = pending.sound
        if lead_in < 0:
            log.info("%s %.0f ms late (the timer woke late)", self._noun, -lead_in * 1000)
        else:
            silence = bytes(round(lead_in * self._info.frequency) * FRAME_BYTES)
            sound = pygame.mixer.Sound(buffer=silence + pending.sound.get_raw())
        return _Sounding(sound, pending.volume, pending.dip, mixed_at)

    def _fade_out(self, channel: pygame.mixer.Channel, sounding: _Sounding) -> None:
        """SDL fades a channel in steps of a whole block (93 ms), each one a click in speech.
        Where Lull knows how far the sound has got, it swaps in the rest of it faded sample by
        sample instead, starting exactly where the next block would have taken it up."""
        mixed_at = None if sounding.mixed_at is None else self._blocks.next_block()
        if sounding.mixed_at is None or mixed_at is None:
            channel.fadeout(round(HUSH_SECONDS * 1000))
            return
        blocks = round((mixed_at - sounding.mixed_at) / self._info.buffer_seconds)
        played = blocks * self._info.buffer_frames
        frames = np.frombuffer(sounding.sound.get_raw(), dtype=np.int16).reshape(-1, CHANNELS)
        rest = frames[played : played + round(HUSH_SECONDS * self._info.frequency)]
        if not len(rest):
            return  # it has ended by now
        fall = np.linspace(1.0, 0.0, len(rest))[:, None]
        tail = pygame.mixer.Sound(buffer=(rest * fall).astype(np.int16).tobytes())
        tail.set_volume(sounding.sound.get_volume())
        channel.play(tail)

    def _start(self, sounding: _Sounding, gain: float) -> None:
        sounding.sound.set_volume(mixer_level(sounding.volume * gain))
        idle = [n for n in self._channels if not pygame.mixer.Channel(n).get_busy()]
        number = idle[0] if idle else next(iter(self._sounding), self._channels[0])
        self._sounding.pop(number, None)
        channel = pygame.mixer.Channel(number)
        channel.set_volume(1.0)
        channel.play(sounding.sound)
        self._sounding[number] = sounding
