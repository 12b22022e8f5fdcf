"""One soundscape playing: decoded whole on a mixer channel, or streamed through mixer.music."""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from dataclasses import dataclass

import pygame

from app.audio.decoding import decode
from app.audio.errors import SoundFailed
from app.audio.sound import SoundEntry

log = logging.getLogger(__name__)

VOLUME_STEPS = 128  # SDL_mixer's volumes are whole numbers from 0 to 128


def mixer_level(gain: float) -> float:
    """The nearest volume SDL can hold (pygame truncates, which would bias every level down)."""
    return round(min(max(gain, 0.0), 1.0) * VOLUME_STEPS) / VOLUME_STEPS


@dataclass(frozen=True)
class Ramp:
    """A layer's volume on its way from one level to another, in a straight line over time.

    It moves only between its two levels, so it can neither swell past where it is going nor
    dip below where it came from.
    """

    start: float
    begin: float
    target: float
    seconds: float

    def level(self, t: float) -> float:
        if t >= self.start + self.seconds:
            return self.target
        if t <= self.start:
            return self.begin
        return self.begin + (self.target - self.begin) * (t - self.start) / self.seconds

    def moving(self, t: float) -> bool:
        return t < self.start + self.seconds

    def towards(self, target: float, now: float, seconds: float) -> Ramp:
        """A new ramp to `target`, from wherever this one has got to by `now`."""
        return Ramp(now, self.level(now), target, max(seconds, 0.0))

    def held(self, now: float) -> Ramp:
        """For a layer fading out: it may go on down, but never up again."""
        level = self.level(now)
        return self if self.target <= level else Ramp(now, level, level, 0.0)


class Layer(ABC):
    """A soundscape and its volume; started once, faded out once.

    SDL performs the fades in and out (in its mixer thread, on the channel or music volume);
    Lull's own gain (the volume's ramp x master x duck, 0 when muted) rides on a second volume
    that those fades leave alone: the Sound's own volume for a channel, the music volume for the
    stream (SDL scales its fade steps by it). So a mute, a duck or a ramp still applies in the
    middle of a fade.
    """

    streamed = False

    def __init__(self, sound: SoundEntry, volume: float) -> None:
        self.sound = sound
        self.volume = volume  # the volume asked for; the ramp says where it has got to
        self.ramp = Ramp(0.0, volume, volume, 0.0)
        self.started = False
        self.fade_ends_at: float | None = None  # clock time its fade-out ends, once stopping
        self._level = -1.0  # the level last given to SDL, so an unchanged gain costs nothing
        self._held_duck = 1.0  # the deepest dip since the fade-out began

    def set_gain(self, gain: float) -> None:
        """Applies at the mixer's next buffer; held until start for a layer still waiting."""
        level = mixer_level(gain)
        if self.started and level != self._level:
            self._level = level
            self._apply(level)

    def start(self, gain: float, fade_in: float) -> None:
        """Begins playing, fading in; SoundFailed when the file cannot be played."""
        if self.sound.missing:
            raise SoundFailed(self.sound.id, f"“{self.sound.title}” is missing from disk.")
        self._level = mixer_level(gain)
        try:
            self._start(self._level, round(fade_in * 1000))
        except (pygame.error, OSError) as error:
            log.warning("cannot play %s: %s", self.sound.path, error)
            raise SoundFailed(
                self.sound.id, f"“{self.sound.title}” could not be played: the file may be damaged."
            ) from error
        self.started = True

    def duck(self, gain: float) -> float:
        """The dip to apply under a chime. Fading out, the layer keeps the deepest dip it has
        had: a chime that ends during the fade (the end chime does, in the end fade) must not
        lift the sound back up on its way to silence."""
        if self.fade_ends_at is None:
            return gain
        self._held_duck = min(self._held_duck, gain)
        return self._held_duck

    def set_volume(self, volume: float, fade: float, now: float) -> None:
        """Heads for `volume` over `fade` seconds (at once for 0); never once fading out."""
        if self.fade_ends_at is None:
            self.volume = volume
            self.ramp = self.ramp.towards(volume, now, fade)

    def fade_out(self, seconds: float, now: float) -> None:
        self.fade_ends_at = now + seconds
        self.ramp = self.ramp.held(now)
        if self.started:
            self._fade_out(round(seconds * 1000))

    @abstractmethod
    def ended(self) -> bool:
        """True once a started layer has fallen silent (fade done, or the sound stopped)."""

    @abstractmethod
    def halt(self) -> None: ...

    @abstractmethod
    def _start(self, level: float, fade_ms: int) -> None: ...

    @abstractmethod
    def _apply(self, level: float) -> None: ...

    @abstractmethod
    def _fade_out(self, milliseconds: int) -> None: ...


class ChannelLayer(Layer):
    """A sound decoded into memory, looping sample-exactly on its own mixer channel."""

    def __init__(self, sound: SoundEntry, volume: float, channel: int) -> None:
        super().__init__(sound, volume)
        self.channel_id = channel
        self._channel = pygame.mixer.Channel(channel)
        self._decoded: pygame.mixer.Sound | None = None

    def _start(self, level: float, fade_ms: int) -> None:
        decoded = decode(self.sound.path, self.sound.seconds)
        if decoded.get_length() <= 0:  # a truncated OGG decodes to nothing, without an error
            raise pygame.error("decoded to no audio")
        self._decoded = decoded
        decoded.set_volume(level)
        self._channel.set_volume(1.0)  # the channel volume is the fade's: it starts from full
        self._channel.play(decoded, loops=-1 if self.sound.loop else 0, fade_ms=fade_ms)

    def _apply(self, level: float) -> None:
        if self._decoded is not None:
            self._decoded.set_volume(level)

    def _fade_out(self, milliseconds: int) -> None:
        # SDL ignores a fade-out on a channel at volume 0, as one is until a fade-in's first
        # block: it would then play on for good. Stopping it instead is silent all the same.
        if milliseconds > 0 and self._channel.get_volume() > 0:
            self._channel.fadeout(milliseconds)
        else:
            self._channel.stop()

    def ended(self) -> bool:
        return self.started and not self._channel.get_busy()

    def halt(self) -> None:
        if self.started:
            self._channel.stop()
        self._decoded = None


class StreamLayer(Layer):
    """A long file decoded as it plays through mixer.music, of which there is only one."""

    streamed = True

    def _start(self, level: float, fade_ms: int) -> None:
        pygame.mixer.music.load(str(self.sound.path))
        try:
            pygame.mixer.music.set_volume(level)
            pygame.mixer.music.play(loops=-1 if self.sound.loop else 0, fade_ms=fade_ms)
        except pygame.error:
            pygame.mixer.music.unload()  # a truncated OGG loads, then fails to play
            raise

    def _apply(self, level: float) -> None:
        pygame.mixer.music.set_volume(level)

    def _fade_out(self, milliseconds: int) -> None:
        if milliseconds > 0:
            pygame.mixer.music.fadeout(milliseconds)
        else:
            pygame.mixer.music.stop()

    def ended(self) -> bool:
        return self.started and not pygame.mixer.music.get_busy()

    def halt(self) -> None:
        if self.started:
            pygame.mixer.music.stop()
            pygame.mixer.music.unload()
