"""The audio engine's interface and what it tells `lull doctor`; app/audio/opening.py opens one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from app.audio.sound import SoundEntry

# Measured through PulseAudio with two looping layers (docs/audio.md): 512 frames cost the
# sound server about ten times the CPU that 4096 frames do; the latency it adds is made up
# for by starting chimes early, so nothing the user hears gets later.
DEFAULT_BUFFER_FRAMES = 4096
DEFAULT_FREQUENCY = 44100  # the rate of the built-in sounds, so the mixer never resamples them
# pygame streams only one file at a time (mixer.music); anything longer than this goes there,
# because mixer.Sound decodes the whole file (an hour of OGG took 1.27 GB).
STREAM_THRESHOLD_SECONDS = 180.0
DEFAULT_LAYER_VOLUME = 0.7  # loud enough to cover the house, soft enough to talk over
MAX_LAYERS = 4  # the design asks for two or three at once; four leaves room for a crossfade
FADE_IN_SECONDS = 3.0  # a soundscape arriving over a few breaths does not startle
FADE_OUT_SECONDS = 5.0  # stopping is slower than starting: sudden silence is noticed
CROSSFADE_SECONDS = 4.0  # between the two, so a swap sounds like one sound becoming another
END_FADE_SECONDS = 30.0  # the end of a session: the room goes quiet slowly


@dataclass(frozen=True)
class EngineInfo:
    """What `lull doctor` shows about sound output."""

    available: bool
    reason: str  # why there is no sound, in plain words; empty when available
    driver: str
    frequency: int
    buffer_frames: int
    output_latency: float  # seconds from the mixer filling a buffer to its first sample heard

    @property
    def buffer_seconds(self) -> float:
        return self.buffer_frames / self.frequency if self.frequency else 0.0

    def describe(self) -> str:
        if not self.available:
            return f"no sound: {self.reason}"
        return (
            f"{self.driver}, {self.frequency} Hz, buffer {self.buffer_frames} frames "
            f"({self.buffer_seconds * 1000:.0f} ms), output latency "
            f"{self.output_latency * 1000:.0f} ms"
        )


OUTPUT_LOST = (
    "The sound stopped: its output went away (the sound server ended). The next chime or "
    "voice reconnects; turn the soundscapes on again."
)


@dataclass(frozen=True)
class LayerEnded:
    """A soundscape that stopped by itself (its file failed mid-way, or it does not loop), or
    with every other, as the output went away (`output_lost`: the sound itself is fine)."""

    sound_id: str
    reason: str
    output_lost: bool = False


class AudioEngine(Protocol):
    """Soundscape layers, master volume and mute, fades, ducking and timed chimes.

    Called from the Qt main thread only. Time-driven work happens in `poll`; after any call
    the UI asks `next_wakeup` and arms a single-shot timer for it (none when it is None).
    """

    @property
    def info(self) -> EngineInfo: ...

    @property
    def master_volume(self) -> float: ...

    @property
    def muted(self) -> bool: ...

    def layers(self) -> dict[str, float]:
        """The soundscapes playing or starting (fading-out ones excluded), id -> volume."""
        ...

    def play_layer(
        self, sound: SoundEntry, volume: float = 1.0, fade_in: float = FADE_IN_SECONDS
    ) -> None: ...

    def stop_layer(self, sound_id: str, fade_out: float = FADE_OUT_SECONDS) -> None: ...

    def replace_layer(
        self,
        old_id: str,
        sound: SoundEntry,
        volume: float | None = None,
        crossfade: float = CROSSFADE_SECONDS,
    ) -> None: ...

    def set_layer_volume(self, sound_id: str, volume: float, fade: float = 0.0) -> None:
        """The layer's volume, reached over `fade` seconds (a smooth ramp, never a step)."""
        ...

    def set_master_volume(self, volume: float) -> None: ...

    def set_muted(self, muted: bool) -> None: ...

    def fade_out_all(self, seconds: float = END_FADE_SECONDS) -> None: ...

    def play_chime(self, sound: SoundEntry, at: float | None = None, volume: float = 1.0) -> None:
        """Heard at the clock time `at` (started early by the output latency), or at once."""
        ...

    def cancel_chimes(self) -> None:
        """Forgets chimes scheduled with `at` that have not started (the session paused)."""
        ...

    def play_prompt(self, sound: SoundEntry, at: float | None = None, volume: float = 1.0) -> None:
        """A spoken prompt on the voice's own channel, heard at the clock time `at` (or at once),
        with the soundscapes dipped under it (deeper than for a chime) and back after. The
        caller (the cue queue) makes sure two prompts never overlap."""
        ...

    def cancel_prompts(self) -> None:
        """Forgets prompts scheduled with `at` that have not started, and stops the one speaking."""
        ...

    def prepare(self, sound: SoundEntry) -> None:
        """Decodes a chime or prompt now, so that playing it later (at a phase change, when the
        window has its own work) costs that moment nothing. Nothing while the output rests; a
        sound that cannot be decoded says so when it is played."""
        ...

    def poll(self, now: float | None = None) -> list[LayerEnded]: ...

    def next_wakeup(self, now: float | None = None) -> float | None:
        """Seconds until `poll` is next needed, or None while nothing is moving."""
        ...

    def close(self) -> None: ...
