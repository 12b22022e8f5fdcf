"""A whole sound decoded for the mixer without stopping what is already playing."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pygame
import soundfile  # type: ignore[import-untyped]  # soundfile ships no type hints

FLOAT_SUBTYPES = ("FLOAT", "DOUBLE")
FULL_SCALE = 32767
# How far a file's length may be from the one measured when it came in: a second, and a hundredth.
SLACK_SECONDS, SLACK_SHARE = 1.0, 0.01


def decode(path: Path, seconds: float) -> pygame.mixer.Sound:
    """The sound in `path`, whole, in the mixer's format; `seconds` is its length as measured
    when it came in (0: not known).

    pygame's own loader (SDL_mixer's Mix_LoadWAV) holds the audio device while it decodes, and
    the output stops for as long: 0.24 s for the river, heard as a gap in every soundscape
    already playing, and a late chime (tests/unit/audio/test_decoding.py shows it). libsndfile
    decodes here with the device free, in as long as pygame takes. Samples at the mixer's rate
    go in as they are (a mono sound in each channel); others through a 16-bit WAV file SDL
    converts (a file, not memory: pygame holds the interpreter while it reads from a Python
    object, and the window with it). Where libsndfile reads less than was measured (an MP3
    with no header saying its length: it guesses), or cannot read the file, pygame's loader
    decodes it. A file now much longer than measured is not what came in: it is refused before
    it can fill the memory.
    """
    mixer: tuple[int, int, int] | None = pygame.mixer.get_init()  # None while closed
    if mixer is None:  # not open (or resting): pygame's loader says so, in its error
        return pygame.mixer.Sound(str(path))
    try:
        with soundfile.SoundFile(path) as sound:
            rate, floats = sound.samplerate, sound.subtype in FLOAT_SUBTYPES
            expected = round(seconds * rate)
            slack = round(rate * SLACK_SECONDS + expected * SLACK_SHARE)
            # At most a little past the length measured: a length the header merely claims
            # (or does not know) is never allocated.
            limit = expected + slack if expected > 0 else -1
            # As floats where the file holds floats: read as integers, those come out silent.
            samples = sound.read(limit, dtype="float32" if floats else "int16", always_2d=True)
    except (soundfile.LibsndfileError, RuntimeError, ValueError):
        return pygame.mixer.Sound(str(path))
    except MemoryError:
        raise pygame.error("too long to hold in memory") from None
    if expected > 0 and len(samples) == limit:
        raise pygame.error("it is longer than when it came in: not the same file")
    if expected > 0 and len(samples) < expected - slack:
        return pygame.mixer.Sound(str(path))  # libsndfile stopped short of the measured length
    if floats:
        samples = (np.clip(np.nan_to_num(samples), -1.0, 1.0) * FULL_SCALE).astype(np.int16)
    frequency, _format, channels = mixer
    if samples.shape[1] == 1 < channels:  # mono, as the voice's prompts: the same in each
        samples = np.repeat(samples, channels, axis=1)
    if (rate, samples.shape[1]) == (frequency, channels):  # at the mixer's rate: no file
        return pygame.mixer.Sound(buffer=samples)
    with tempfile.NamedTemporaryFile(suffix=".wav") as wave:
        soundfile.write(wave.name, samples, rate, format="WAV", subtype="PCM_16")
        return pygame.mixer.Sound(wave.name)
