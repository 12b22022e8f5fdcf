"""Test sounds made with numpy, and measurements of what the mixer really wrote."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pygame
import soundfile

import app.audio  # noqa: F401  (sets PYGAME_HIDE_SUPPORT_PROMPT before pygame is imported)
from app.audio.engine import (
    DEFAULT_BUFFER_FRAMES,
    STREAM_THRESHOLD_SECONDS,
    AudioEngine,
)
from app.audio.opening import open_engine
from app.audio.pygame_engine import REST_AFTER_SECONDS, PygameEngine
from app.audio.sound import SoundEntry

RATE = 44100
SILENCE_DB = -90.0  # below anything 16-bit audio holds but its last bit

MakeSound = Callable[..., SoundEntry]


def write_tone(
    path: Path, frequency: float, seconds: float, amplitude: float, attack: float = 0.002
) -> Path:
    """A stereo sine (or noise, at frequency 0) with a short linear attack and release."""
    frames = round(seconds * RATE)
    t = np.arange(frames) / RATE
    if frequency > 0:
        wave = amplitude * np.sin(2 * np.pi * frequency * t)
    else:
        wave = amplitude * np.random.default_rng(7).uniform(-1, 1, frames)
    if attack > 0:
        ramp = np.clip(np.minimum(t, seconds - t) / attack, 0, 1)
        wave = wave * ramp
    stereo = np.column_stack([wave, wave]).astype(np.float32)
    soundfile.write(str(path), stereo, RATE)
    return path


def db(value: float) -> float:
    return float(20 * np.log10(max(value, 1e-9)))


def rms_db(samples: np.ndarray) -> float:
    return db(float(np.sqrt(np.mean(np.square(samples))))) if len(samples) else SILENCE_DB


def tone_amplitude(samples: np.ndarray, frequency: float) -> float:
    """The amplitude of one sine in `samples` (a window of whole periods reads it exactly)."""
    n = np.arange(len(samples))
    phasor = np.exp(-2j * np.pi * frequency * n / RATE)
    window = np.hanning(len(samples))
    return float(2 * abs(np.sum(samples * phasor * window)) / np.sum(window))


def tone_envelope(samples: np.ndarray, frequency: float, smooth: int = 100) -> np.ndarray:
    """The amplitude of one frequency over time (demodulated, then averaged over `smooth`)."""
    n = np.arange(len(samples))
    shifted = samples * np.exp(-2j * np.pi * frequency * n / RATE)
    return 2 * np.abs(np.convolve(shifted, np.ones(smooth) / smooth, mode="same"))


def first_above(envelope: np.ndarray, threshold: float, start: int = 0) -> int:
    above = np.flatnonzero(envelope[start:] > threshold)
    assert len(above), f"nothing rose above {threshold} after frame {start}"
    return start + int(above[0])


def window_levels(samples: np.ndarray, width: int) -> list[float]:
    return [rms_db(samples[i : i + width]) for i in range(0, len(samples) - width + 1, width)]


def drive(engine: AudioEngine, seconds: float) -> None:
    """What the UI's single-shot QTimer does: sleep until next_wakeup, then poll."""
    end = time.monotonic() + seconds
    while (now := time.monotonic()) < end:
        wait = engine.next_wakeup(now)
        time.sleep(min(end - now, end - now if wait is None else wait))
        engine.poll()


class DiskOutput:
    """The file SDL's disk driver writes, and when (by this clock) each block reached it."""

    def __init__(self, path: Path, block_frames: int) -> None:
        self.path = path
        self._block_frames = block_frames
        self._writes: list[tuple[float, int]] = []
        self._period = self._offset = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def finish(self) -> np.ndarray:
        """Stops watching; the left channel as floats in -1..1.

        Each block is written at once, then the driver sleeps one block. The watcher sees a
        write late, never early, so the line through the writes is set by the earliest ones.
        """
        self.stop()
        blocks = np.array([size for _, size in self._writes]) / (4 * self._block_frames)
        seen = np.array([when for when, _ in self._writes])
        self._period = float(np.polyfit(blocks, seen, 1)[0])
        self._offset = float(np.min(seen - self._period * blocks))
        raw = np.fromfile(self.path, dtype="<i2").reshape(-1, 2)
        return raw[:, 0].astype(np.float64) / 32768

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def time_of(self, frame: int) -> float:
        """The clock time at which `frame` was output (after finish)."""
        block = frame // self._block_frames + 1
        return self._offset + self._period * block + (frame % self._block_frames) / RATE

    def frame_at(self, when: float) -> int:
        """The frame output at clock time `when`, to within a few milliseconds (after finish)."""
        return round((when - self._offset) / self._period * self._block_frames) - self._block_frames

    def _watch(self) -> None:
        last = 0
        while not self._stop.is_set():
            try:
                size = os.stat(self.path).st_size
            except FileNotFoundError:
                size = 0
            if size != last and size > 0:
                self._writes.append((time.monotonic(), size))
                last = size
            time.sleep(0.0005)


class DiskMixer:
    """An engine on SDL's disk driver, and the output it wrote, measured against the clock."""

    def __init__(self, output: Path) -> None:
        self.output = DiskOutput(output, DEFAULT_BUFFER_FRAMES)
        self.engine: PygameEngine | None = None
        self.samples = np.zeros(0)

    def open(self, stream_threshold: float = STREAM_THRESHOLD_SECONDS) -> PygameEngine:
        self.output.start()
        engine = open_engine(stream_threshold=stream_threshold)
        assert isinstance(engine, PygameEngine), engine.info.reason
        self.engine = engine
        return engine

    def finish(self) -> np.ndarray:
        """Closes the engine (flushing the file) and returns what was output."""
        if self.engine is not None:
            self.engine.close()
        self.samples = self.output.finish()
        return self.samples

    def between(self, start: float, end: float) -> np.ndarray:
        """What was output from clock time `start` to `end` (after finish)."""
        return self.samples[self.output.frame_at(start) : self.output.frame_at(end)]


def assert_rests_when_quiet(engine: AudioEngine) -> None:
    """Quiet, the engine asks for one last wake-up, closes the mixer, then needs no timer."""
    wait = engine.next_wakeup()
    assert wait is not None and wait <= REST_AFTER_SECONDS
    engine.poll()
    engine.poll(time.monotonic() + REST_AFTER_SECONDS)
    assert engine.next_wakeup() is None
    assert not pygame.mixer.get_init()
