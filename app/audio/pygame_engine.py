"""The audio engine on pygame's mixer: layers, fades, ducking, timed chimes and the voice."""

from __future__ import annotations

import contextlib
import logging

from app.audio.chimes import (
    CHIME_CHANNELS,
    RESERVED_CHANNELS,
    VOICE_CHANNELS,
    BlockFinder,
    Cues,
    Decoded,
)
from app.audio.device import close_mixer, open_mixer, output_lost, rest_mixer, wake_mixer
from app.audio.duck import DUCK_DB, VOICE_DUCK_DB, Duck
from app.audio.engine import (
    CROSSFADE_SECONDS,
    END_FADE_SECONDS,
    FADE_IN_SECONDS,
    FADE_OUT_SECONDS,
    MAX_LAYERS,
    OUTPUT_LOST,
    EngineInfo,
    LayerEnded,
)
from app.audio.errors import LongSoundBusy, NoSoundDevice, SoundFailed, TooManyLayers
from app.audio.layers import ChannelLayer, Layer, StreamLayer
from app.audio.sound import SoundEntry
from app.core.clock import Clock

log = logging.getLogger(__name__)

SPARE_CHANNELS = MAX_LAYERS  # room for every layer to fade out while its replacement fades in
TOTAL_CHANNELS = RESERVED_CHANNELS + MAX_LAYERS + SPARE_CHANNELS
# Polls while a duck or a volume ramp moves: finer than the mixer's 93 ms blocks, so each block
# takes the next step (a two-second ramp from 0.7 to 0.2 moves about 0.5 dB a block).
RAMP_STEP_SECONDS = 0.04
REAP_STEP_SECONDS = 0.1  # SDL ends a fade at a block boundary, a little after its nominal end
# A stream that fails, a sound that ends, or the output going away is noticed soon, and cheaply.
WATCH_SECONDS = 5.0
# An open device wakes the CPU every block, and the sound server with it, even in silence:
# after this long with nothing to play the mixer closes, and reopens at the next sound.
REST_AFTER_SECONDS = 2.0


class PygameEngine:
    """AudioEngine on pygame's mixer; see app.audio.engine.AudioEngine for the contract."""

    def __init__(self, info: EngineInfo, *, stream_threshold: float, clock: Clock) -> None:
        self._info = info
        self._stream_threshold = stream_threshold
        self._clock = clock
        # When a change made now is heard, on average: the output latency plus half a block.
        self._lead = info.output_latency + info.buffer_seconds / 2
        self._layers: dict[str, Layer] = {}
        self._fading: list[Layer] = []
        self._waiting: tuple[Layer, float] | None = None  # a stream queued behind a fading one
        self._master = 1.0
        self._muted = False
        self._duck = Duck()
        self._blocks = BlockFinder(info, clock)
        self._decoded = Decoded()
        self._chimes = Cues(
            info,
            clock,
            self._blocks,
            self._duck,
            self._decoded,
            lead=self._lead,
            channels=CHIME_CHANNELS,
            depth_db=DUCK_DB,
            noun="chime",
        )
        self._voice = Cues(
            info,
            clock,
            self._blocks,
            self._duck,
            self._decoded,
            lead=self._lead,
            channels=VOICE_CHANNELS,
            depth_db=VOICE_DUCK_DB,
            noun="spoken prompt",
        )
        self._cues = (self._chimes, self._voice)
        self._closed = False
        self._resting = False
        self._quiet_since: float | None = None

    @classmethod
    def open(
        cls, *, buffer_frames: int, frequency: int, stream_threshold: float, clock: Clock
    ) -> PygameEngine:
        """Opens the mixer; NoSoundDevice when it cannot."""
        info = open_mixer(frequency, buffer_frames, TOTAL_CHANNELS, RESERVED_CHANNELS)
        return cls(info, stream_threshold=stream_threshold, clock=clock)

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
        return {sound_id: layer.volume for sound_id, layer in self._layers.items()}

    def play_layer(
        self, sound: SoundEntry, volume: float = 1.0, fade_in: float = FADE_IN_SECONDS
    ) -> None:
        if sound.id in self._layers:
            self.set_layer_volume(sound.id, volume, fade_in)
            return
        if len(self._layers) >= MAX_LAYERS:
            raise TooManyLayers(f"{MAX_LAYERS} sounds are already playing; stop one first.")
        self._wake()
        self._begin(self._new_layer(sound, volume, replacing=None), fade_in)

    def stop_layer(self, sound_id: str, fade_out: float = FADE_OUT_SECONDS) -> None:
        layer = self._layers.pop(sound_id, None)
        if layer is None:
            return
        if not layer.started:
            self._waiting = None
            return
        layer.fade_out(fade_out, self._clock())
        self._fading.append(layer)

    def replace_layer(
        self,
        old_id: str,
        sound: SoundEntry,
        volume: float | None = None,
        crossfade: float = CROSSFADE_SECONDS,
    ) -> None:
        old = self._layers.get(old_id)
        level = volume if volume is not None else (old.volume if old is not None else 1.0)
        if old is None or sound.id in self._layers:
            self.stop_layer(old_id, crossfade)
            self.play_layer(sound, level, crossfade)
            return
        layer = self._new_layer(sound, level, replacing=old)
        if layer.streamed and old.streamed:
            # One stream at a time: the old one fades out, then the new one fades in.
            self.stop_layer(old_id, crossfade / 2)
            self._begin(layer, crossfade / 2)
        else:
            self._begin(layer, crossfade)  # should it fail, the old one plays on
            self.stop_layer(old_id, crossfade)

    def set_layer_volume(self, sound_id: str, volume: float, fade: float = 0.0) -> None:
        layer = self._layers.get(sound_id)  # one fading out is no longer here: it stays going
        if layer is not None:
            now = self._clock()
            layer.set_volume(min(max(volume, 0.0), 1.0), fade, now)
            self._apply_gains(now)

    def layer_level(self, sound_id: str) -> float:
        """Where the layer's volume has got to on its ramp (0 when it is not playing); a layer
        fading out counts, before SDL's fade."""
        now = self._clock()
        for layer in [*self._layers.values(), *self._fading]:
            if layer.sound.id == sound_id:
                return layer.ramp.level(now)
        return 0.0

    def set_master_volume(self, volume: float) -> None:
        self._master = min(max(volume, 0.0), 1.0)
        self._apply_gains(self._clock())

    def set_muted(self, muted: bool) -> None:
        self._muted = muted
        self._apply_gains(self._clock())

    def fade_out_all(self, seconds: float = END_FADE_SECONDS) -> None:
        for sound_id in list(self._layers):
            self.stop_layer(sound_id, seconds)

    def play_chime(self, sound: SoundEntry, at: float | None = None, volume: float = 1.0) -> None:
        self._play(self._chimes, sound, at, volume)

    def cancel_chimes(self) -> None:
        self._chimes.cancel()

    def play_prompt(self, sound: SoundEntry, at: float | None = None, volume: float = 1.0) -> None:
        self._play(self._voice, sound, at, volume)

    def cancel_prompts(self) -> None:
        self._voice.hush()

    def prepare(self, sound: SoundEntry) -> None:
        if self._resting or self._closed:
            return
        with contextlib.suppress(SoundFailed):  # said when it is played
            self._decoded.load(sound, "sound")

    @property
    def resting(self) -> bool:
        """The mixer is closed for now, as nothing has played for a while."""
        return self._resting

    def poll(self, now: float | None = None) -> list[LayerEnded]:
        now = self._clock() if now is None else now
        if self._resting or self._closed:
            return []
        if output_lost():
            return self._lost()
        for cues in self._cues:
            cues.fire_due(now, self._master_gain())
        ended = self._reap()
        self._apply_gains(now)
        self._rest_if_quiet(now)
        return ended

    def next_wakeup(self, now: float | None = None) -> float | None:
        now = self._clock() if now is None else now
        if self._resting or self._closed:
            return None
        times = []
        if self._quiet():  # one more wake-up, to let the mixer rest
            if self._quiet_since is None:
                self._quiet_since = now
            times.append(self._quiet_since + REST_AFTER_SECONDS)
        times += [due for cues in self._cues if (due := cues.next_due()) is not None]
        heard = now + self._lead
        change = self._duck.next_change(heard)
        if change is not None:
            times.append(now + RAMP_STEP_SECONDS if change <= heard else change - self._lead)
        if any(layer.ramp.moving(now) for layer in self._layers.values()):
            times.append(now + RAMP_STEP_SECONDS)
        for layer in self._fading:
            end = now if layer.fade_ends_at is None else layer.fade_ends_at
            times.append(end if end > now else now + REAP_STEP_SECONDS)
        if self._layers:
            times.append(now + WATCH_SECONDS)
        return max(0.0, min(times) - now) if times else None

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        for layer in [*self._layers.values(), *self._fading]:
            layer.halt()
        self._layers.clear()
        self._fading.clear()
        self._waiting = None
        if not self._resting:  # resting, nothing plays
            self._clear_cues()
        self._decoded.clear()
        close_mixer()

    def _quiet(self) -> bool:
        busy = self._layers or self._fading or self._waiting
        return not busy and all(cues.quiet() for cues in self._cues)

    def _rest_if_quiet(self, now: float) -> None:
        if not self._quiet():
            self._quiet_since = None
        elif self._quiet_since is None:
            self._quiet_since = now
        elif now - self._quiet_since >= REST_AFTER_SECONDS:
            self._rest()
            log.info("nothing to play: the mixer rests")

    def _lost(self) -> list[LayerEnded]:
        """The output went away: everything stops, and the mixer rests, to open again (on the
        sound server there is by then) for the next sound."""
        ended = [LayerEnded(sound_id, OUTPUT_LOST, output_lost=True) for sound_id in self._layers]
        for layer in [*self._layers.values(), *self._fading]:
            layer.halt()
        self._layers.clear()
        self._fading.clear()
        self._waiting = None
        self._rest()
        log.warning("the sound output went away: the mixer rests until the next sound")
        return ended

    def _rest(self) -> None:
        self._clear_cues()
        if not rest_mixer():  # pygame's mixer closed too: its sounds go with it
            self._decoded.clear()
        self._resting, self._quiet_since = True, None

    def _wake(self) -> None:
        if not self._resting:
            return
        try:
            wake_mixer(
                self._info.frequency, self._info.buffer_frames, TOTAL_CHANNELS, RESERVED_CHANNELS
            )
        except NoSoundDevice as error:
            raise SoundFailed("", error.reason) from error
        self._resting = False
        log.info("something to play: the mixer opens again")

    def _new_layer(self, sound: SoundEntry, volume: float, replacing: Layer | None) -> Layer:
        volume = min(max(volume, 0.0), 1.0)
        if sound.seconds > self._stream_threshold:
            for layer in self._layers.values():
                if layer.streamed and layer is not replacing:
                    raise LongSoundBusy(
                        f"Only one long sound can play at a time; stop “{layer.sound.title}” first."
                    )
            return StreamLayer(sound, volume)
        return ChannelLayer(sound, volume, self._free_channel())

    def _free_channel(self) -> int:
        used = {
            layer.channel_id
            for layer in [*self._layers.values(), *self._fading]
            if isinstance(layer, ChannelLayer)
        }
        for channel in range(RESERVED_CHANNELS, RESERVED_CHANNELS + MAX_LAYERS + SPARE_CHANNELS):
            if channel not in used:
                return channel
        # Every spare channel is fading out: the oldest, by now the quietest, gives way.
        oldest = next(layer for layer in self._fading if isinstance(layer, ChannelLayer))
        oldest.halt()
        self._fading.remove(oldest)
        return oldest.channel_id

    def _begin(self, layer: Layer, fade_in: float) -> None:
        if layer.streamed and any(fading.streamed for fading in self._fading):
            self._waiting = (layer, fade_in)  # mixer.music is still fading the previous stream
        else:
            layer.start(self._gain(layer, self._clock()), fade_in)
        self._layers[layer.sound.id] = layer

    def _reap(self) -> list[LayerEnded]:
        for layer in [layer for layer in self._fading if layer.ended()]:
            layer.halt()
            self._fading.remove(layer)
        ended = []
        if self._waiting is not None and not any(layer.streamed for layer in self._fading):
            layer, fade_in = self._waiting
            self._waiting = None
            try:
                layer.start(self._gain(layer, self._clock()), fade_in)
            except SoundFailed as error:
                del self._layers[layer.sound.id]
                ended.append(LayerEnded(layer.sound.id, error.reason))
        for sound_id, layer in list(self._layers.items()):
            if layer.ended():
                layer.halt()
                del self._layers[sound_id]
                title = layer.sound.title
                reason = (
                    f"“{title}” stopped: its file could not be read to the end."
                    if layer.sound.loop
                    else f"“{title}” has finished."
                )
                ended.append(LayerEnded(sound_id, reason))
        return ended

    def _play(self, cues: Cues, sound: SoundEntry, at: float | None, volume: float) -> None:
        self._wake()
        if at is None:
            cues.play_now(sound, volume, self._master_gain())
        else:
            cues.schedule(sound, at, volume)
        self._apply_gains(self._clock())

    def _clear_cues(self) -> None:
        for cues in self._cues:
            cues.clear()
        self._blocks.clear()

    def _master_gain(self) -> float:
        return 0.0 if self._muted else self._master

    def _gain(self, layer: Layer, now: float) -> float:
        duck = layer.duck(self._duck.gain(now + self._lead))
        return layer.ramp.level(now) * self._master_gain() * duck

    def _apply_gains(self, now: float) -> None:
        for layer in [*self._layers.values(), *self._fading]:
            layer.set_gain(self._gain(layer, now))
        for cues in self._cues:
            cues.set_gain(self._master_gain())
