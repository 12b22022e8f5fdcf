"""The audio failures that come from the world (devices, files), each with a reason to show."""

from __future__ import annotations


class AudioError(Exception):
    """An environmental audio failure; `reason` is written for the person using Lull."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class NoSoundDevice(AudioError):
    """The mixer could not open any sound output."""


class SoundFailed(AudioError):
    """One sound could not be played (missing or damaged file); the others are unaffected."""

    def __init__(self, sound_id: str, reason: str) -> None:
        super().__init__(reason)
        self.sound_id = sound_id


class LongSoundBusy(AudioError):
    """A second long (streamed) sound was asked for while one is already playing."""


class TooManyLayers(AudioError):
    """More soundscapes were asked for than the engine plays at once."""


class LibraryError(AudioError):
    """The sound library could not be changed (a full or read-only disk)."""


class SoundRefused(LibraryError):
    """A file offered for import was not accepted; the library is left as it was."""
