"""A whole sound decoded for the mixer without stopping what is already playing."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pygame
import soundfile  # type: ignore[import-untyped]  # soundfile ships no type hints

FLOAT_SUBTYPES = ("FLOAT", "DOUBLE")
FULL_SCALE = 32767


def decode(path: Path) -> pygame.mixer.Sound:
    """The sound in `path`, whole, in the mixer's format.

    pygame's own loader (SDL_mixer's Mix_LoadWAV) holds the audio device while it decodes, and
    the output stops for as long: 0.24 s for the river, heard as a gap in every soundscape
    already playing, and a late chime (tests/unit/audio/test_decoding.py shows it). libsndfile
    decodes here with the device free, in as long as pygame takes; SDL then takes the samples
    as they are, or converts a 16-bit WAV held in memory when their rate or channels differ.
    What libsndfile cannot read is left to pygame, and to its error.
    """
    mixer: tuple[int, int, int] | None = pygame.mixer.get_init()  # None while closed
    if mixer is None:  # not open (or resting): pygame's loader says so, in its error
        return pygame.mixer.Sound(str(path))
    try:
        with soundfile.SoundFile(path) as sound:
            if sound.subtype in FLOAT_SUBTYPES:  # read as integers, these would be silent
                floats = sound.read(dtype="float32", always_2d=True)
                samples = (np.clip(floats, -1.0, 1.0) * FULL_SCALE).astype(np.int16)
            else:
                samples = sound.read(dtype="int16", always_2d=True)
            rate = sound.samplerate
    except (soundfile.LibsndfileError, RuntimeError, ValueError):
        return pygame.mixer.Sound(str(path))
    frequency, _format, channels = mixer
    if (rate, samples.shape[1]) == (frequency, channels):  # already the mixer's: no copy
        return pygame.mixer.Sound(buffer=samples)
    wave = io.BytesIO()
    soundfile.write(wave, samples, rate, format="WAV", subtype="PCM_16")
    wave.seek(0)
    return pygame.mixer.Sound(file=wave)
