"""The engine used when no sound device opens: it keeps the UI's state and plays nothing."""

from __future__ import annotations

from app.audio.engine import (
    CROSSFADE_SECONDS,
    END_FADE_SECONDS,
    FADE_IN_SECONDS,
    FADE_OUT_SECONDS,
    EngineInfo,
    LayerEnded,
)
from app.audio.sound import SoundEntry


class SilentEngine:
    """AudioEngine that does nothing audible; `reason` says why, in plain words."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        self._info = EngineInfo(
            available=False,
            reason=reason,
            driver="none",
            frequency=0,
            buffer_frames=0,
            output_latency=0.0,
        )
        self._layers: dict[str, float] = {}
        self._master = 1.0
        self._muted = False

    @property
    def info(self) -> EngineInfo:
        return self._info

    @property
    def master_volume(self) -> float:
        return self._master

    @property
    def muted(self) -> bool:
        return self._muted

    def layers(self) -> dict[str, float]:
        return dict(self._layers)

    def play_layer(
        self, sound: SoundEntry, volume: float = 1.0, fade_in: float = FADE_IN_SECONDS
    ) -> None:
        self._layers[sound.id] = volume

    def stop_layer(self, sound_id: str, fade_out: float = FADE_OUT_SECONDS) -> None:
        self._layers.pop(sound_id, None)

    def replace_layer(
        self,
        old_id: str,
        sound: SoundEntry,
        volume: float | None = None,
        crossfade: float = CROSSFADE_SECONDS,
    ) -> None:
        level = self._layers.pop(old_id, 1.0)
        self._layers[sound.id] = level if volume is None else volume

    def set_layer_volume(self, sound_id: str, volume: float, fade: float = 0.0) -> None:
        if sound_id in self._layers:
            self._layers[sound_id] = volume

    def set_master_volume(self, volume: float) -> None:
        self._master = volume

    def set_muted(self, muted: bool) -> None:
        self._muted = muted

    def fade_out_all(self, seconds: float = END_FADE_SECONDS) -> None:
        self._layers.clear()

    def play_chime(self, sound: SoundEntry, at: float | None = None, volume: float = 1.0) -> None:
        """Nothing to hear."""

    def cancel_chimes(self) -> None:
        """Nothing is waiting."""

    def play_prompt(self, sound: SoundEntry, at: float | None = None, volume: float = 1.0) -> None:
        """Nothing to hear."""

    def cancel_prompts(self) -> None:
        """Nothing is waiting."""

    def prepare(self, sound: SoundEntry) -> None:
        """Nothing to decode."""

    def poll(self, now: float | None = None) -> list[LayerEnded]:
        return []

    def next_wakeup(self, now: float | None = None) -> float | None:
        return None

    def close(self) -> None:
        """Nothing is open."""
