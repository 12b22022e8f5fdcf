"""Chimes on their own reserved channel, started so that they are heard on their deadline."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

import pygame

from app.audio.device import FRAME_BYTES
from app.audio.engine import EngineInfo
from app.audio.errors import SoundFailed
from app.audio.layers import mixer_level
from app.audio.sound import SoundEntry
from app.core.clock import Clock

log = logging.getLogger(__name__)

# Two chimes may ring at once: a check-in or reminder due on a phase change must not cut the
# phase's chime short (the built-in plans put check-ins on phase changes).
CHIME_CHANNELS = (0, 2)
PROBE_CHANNEL = 1
RESERVED_CHANNELS = 3
PROBE_POLL_SECONDS = 0.0005  # how finely the next block is looked for: well under a millisecond
PROBE_PATIENCE_BLOCKS = 3  # a device that stops asking for audio must not hang the window
# Allowance for a late timer. Finding the next block takes up to one block, and the chime must
# then start a block before it is heard, so the engine wakes this much before those two blocks.
FIRE_MARGIN_SECONDS = 0.05


@dataclass(frozen=True)
class _Pending:
    at: float
    sound: pygame.mixer.Sound
    volume: float


class Chimes:
    """Decoded chimes, the ones waiting for their deadline, and the one sounding now.

    With a large buffer the mixer fills the output in blocks (93 ms at 4096 frames), and a
    sound asked for mid-block waits for the next one. To land a chime on its deadline, Lull
    finds out when the next block will be mixed (it plays one silent frame on a spare channel
    and watches the channel fall idle, which happens as a block is mixed), then starts the
    chime with just enough silence in front that its first sound falls on the deadline.
    """

    def __init__(self, info: EngineInfo, clock: Clock) -> None:
        self._info = info
        self._clock = clock
        self._decoded: dict[Path, pygame.mixer.Sound] = {}
        self._pending: list[_Pending] = []
        # by channel, oldest first: the oldest gives way when both are ringing
        self._sounding: dict[int, tuple[pygame.mixer.Sound, float]] = {}
        self._probe: pygame.mixer.Sound | None = None

    def schedule(self, entry: SoundEntry, at: float, volume: float) -> float:
        """Keeps the chime for `at` (decoded now, not at the deadline); returns its length."""
        sound = self._load(entry)
        self._pending.append(_Pending(at, sound, volume))
        self._pending.sort(key=lambda pending: pending.at)
        return sound.get_length()

    def play_now(self, entry: SoundEntry, volume: float, gain: float) -> float:
        sound = self._load(entry)
        self._start(sound, volume, gain)
        return sound.get_length()

    def cancel(self) -> list[float]:
        """Forgets the chimes not started; returns the deadlines they had."""
        cancelled = [pending.at for pending in self._pending]
        self._pending.clear()
        return cancelled

    def quiet(self) -> bool:
        """No chime is waiting for its time, and none is ringing."""
        busy = any(pygame.mixer.Channel(n).get_busy() for n in CHIME_CHANNELS)
        return not self._pending and not busy

    def next_due(self) -> float | None:
        """The clock time at which the earliest waiting chime must be started."""
        return self._fire_time(self._pending[0]) if self._pending else None

    def fire_due(self, now: float, gain: float) -> None:
        """Starts every chime whose time has come. Blocks for up to one mixer block each."""
        while self._pending and self._fire_time(self._pending[0]) <= now:
            pending = self._pending.pop(0)
            self._start(self._aligned(pending), pending.volume, gain)

    def set_gain(self, gain: float) -> None:
        """Master volume and mute reach a chime already sounding."""
        for sound, volume in self._sounding.values():
            sound.set_volume(mixer_level(volume * gain))

    def clear(self) -> None:
        for number in CHIME_CHANNELS:
            pygame.mixer.Channel(number).stop()
        self._pending.clear()
        self._decoded.clear()
        self._sounding.clear()
        self._probe = None

    def _fire_time(self, pending: _Pending) -> float:
        blocks = 2 * self._info.buffer_seconds
        return pending.at - self._info.output_latency - blocks - FIRE_MARGIN_SECONDS

    def _aligned(self, pending: _Pending) -> pygame.mixer.Sound:
        """The chime with the silence in front of it that puts its first sound on `at`."""
        mixed_at = self._next_block()
        if mixed_at is None:
            log.warning("the sound device did not ask for audio; the chime may be late")
            return pending.sound
        lead_in = pending.at - (mixed_at + self._info.output_latency)
        if lead_in < 0:
            log.info("chime %.0f ms late (the timer woke late)", -lead_in * 1000)
            return pending.sound
        silence = bytes(round(lead_in * self._info.frequency) * FRAME_BYTES)
        return pygame.mixer.Sound(buffer=silence + pending.sound.get_raw())

    def _next_block(self) -> float | None:
        """When the mixer will next fill a block: one block after the probe frame is mixed."""
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

    def _start(self, sound: pygame.mixer.Sound, volume: float, gain: float) -> None:
        sound.set_volume(mixer_level(volume * gain))
        idle = [n for n in CHIME_CHANNELS if not pygame.mixer.Channel(n).get_busy()]
        number = idle[0] if idle else next(iter(self._sounding), CHIME_CHANNELS[0])
        self._sounding.pop(number, None)
        channel = pygame.mixer.Channel(number)
        channel.set_volume(1.0)
        channel.play(sound)
        self._sounding[number] = (sound, volume)

    def _load(self, entry: SoundEntry) -> pygame.mixer.Sound:
        sound = self._decoded.get(entry.path)
        if sound is not None:
            return sound
        try:
            sound = pygame.mixer.Sound(str(entry.path))
        except (pygame.error, OSError) as error:
            log.warning("cannot load chime %s: %s", entry.path, error)
            raise SoundFailed(
                entry.id, f"The chime “{entry.title}” could not be played."
            ) from error
        if sound.get_length() <= 0:
            raise SoundFailed(entry.id, f"The chime “{entry.title}” holds no sound.")
        self._decoded[entry.path] = sound
        return sound
