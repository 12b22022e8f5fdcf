"""Finding Lull's own sounds in a recording of its output: chime onsets, and a layer's gain.

Both work because the recording is a sum of known files, each scaled by a gain: a chime is found
where a stretch of the recording matches the chime file's opening (normalised cross-correlation,
exact to the sample), and a soundscape's gain is read by projecting the recording onto the file
it loops, in a band the chimes leave alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile
from e2e.disk_output import BLOCK_FRAMES, RATE
from numpy.typing import NDArray

Samples = NDArray[np.float64]

TEMPLATE_SECONDS = 0.25  # the chime's strike and first ring: its partials set it apart
# Chimes are matched above this: their upper modes (the phase chime's 1.67 and 2.61 kHz) die
# first, so a chime still ringing when the next starts hardly disturbs the match there, and
# short periods make the best match a sharp one (below it, a 330 Hz hum shifts it by 3 ms steps).
MATCH_ABOVE_HZ = 1200.0
# A chime over the river scores 0.85-0.99 (0.7 with a check-in chime on top of it); the river
# alone under 0.05; a phase chime cut off by another after 26 ms, 0.5.
MATCH_SCORE = 0.6
RISE_SECONDS = 0.1  # an onset is louder over this long after it than before it
RISE_DB = 6.0  # by at least this much: a chime over a ducked river rises by about 20 dB
MIN_GAP_SECONDS = 0.3  # matches closer than this are one chime (a 330 Hz match repeats at 3 ms)
# Below the lowest chime partial (the end chime's D4, 294 Hz) by more than a strike's spread,
# and where the river's dark bed is strong.
GAIN_BAND_HZ = (40.0, 200.0)


@dataclass(frozen=True)
class Onset:
    frame: int  # the recording's frame that holds the chime file's first frame
    score: float  # normalised cross-correlation, 1.0 for the chime alone


def decode(path: Path) -> Samples:
    """A sound file as (frames, 2) floats at the mixer's rate."""
    samples, rate = soundfile.read(str(path), always_2d=True, dtype="float64")
    assert rate == RATE, f"{path} is at {rate} Hz, the mixer at {RATE}"
    return samples


def onsets(recording: Samples, sound: Samples, score: float = MATCH_SCORE) -> list[Onset]:
    """Where `sound` starts in `recording`, both (frames, 2).

    A start is where the recording matches the sound's opening (above MATCH_ABOVE_HZ) and grows
    louder there by RISE_DB: a ringing chime goes on matching its own opening (its partials are
    the same), but it does not grow louder. Of the frames that qualify, the best match within
    MIN_GAP_SECONDS is the onset.
    """
    x = _high_pass(recording.mean(axis=1), MATCH_ABOVE_HZ)
    template = _high_pass(sound[: round(TEMPLATE_SECONDS * RATE)].mean(axis=1), MATCH_ABOVE_HZ)
    lags = len(x) - len(template) + 1
    energy = np.concatenate([[0.0], np.cumsum(np.square(x))])
    window = np.sqrt(np.maximum(energy[len(template) :] - energy[:lags], 1e-12))
    scores = _correlation(x, template)[:lags] / (window * np.linalg.norm(template))
    rise = round(RISE_SECONDS * RATE)
    ahead = energy[np.minimum(np.arange(lags) + rise, len(x))] - energy[:lags]
    behind = energy[:lags] - energy[np.maximum(np.arange(lags) - rise, 0)]
    rising = ahead > behind * 10 ** (RISE_DB / 10)
    found: list[Onset] = []
    for start in np.flatnonzero((scores > score) & rising):
        if found and start - found[-1].frame < round(MIN_GAP_SECONDS * RATE):
            if scores[start] > found[-1].score:
                found[-1] = Onset(int(start), float(scores[start]))
            continue
        found.append(Onset(int(start), float(scores[start])))
    return found


def loop_offset(recording: Samples, loop: Samples, search_seconds: float = 4.0) -> int:
    """The recording's frame at which the loop's first frame was played (within the search)."""
    frames = round(search_seconds * RATE)
    heard = recording[: 2 * frames].mean(axis=1)
    return int(np.argmax(_correlation(heard, loop[:frames].mean(axis=1))[:frames]))


def block_gains(recording: Samples, loop: Samples, offset: int) -> Samples:
    """The looping sound's gain in each mixer block of the recording (1.0 as in its file; 0
    before `offset`, where it started). SDL changes a channel's volume only between blocks, so
    a block has one gain, found by least squares in GAIN_BAND_HZ, where no chime reaches."""
    frequencies = np.fft.rfftfreq(BLOCK_FRAMES, 1 / RATE)
    band = (frequencies >= GAIN_BAND_HZ[0]) & (frequencies <= GAIN_BAND_HZ[1])
    taper = np.hanning(BLOCK_FRAMES)[:, None]
    gains = np.zeros(len(recording) // BLOCK_FRAMES)
    for block in range(offset // BLOCK_FRAMES, len(gains)):
        frames = np.arange(block * BLOCK_FRAMES, (block + 1) * BLOCK_FRAMES)
        played = np.where((frames >= offset)[:, None], loop[(frames - offset) % len(loop)], 0.0)
        heard = np.fft.rfft(recording[frames] * taper, axis=0)[band]
        sent = np.fft.rfft(played * taper, axis=0)[band]
        power = float(np.sum(np.abs(sent) ** 2))
        gains[block] = float(np.real(np.sum(heard * np.conj(sent)))) / power if power else 0.0
    return gains


def _correlation(x: Samples, template: Samples) -> Samples:
    """sum(x[n + k] * template[k] for k) for every n, by FFT."""
    size = 1 << int(np.ceil(np.log2(len(x) + len(template))))
    return np.fft.irfft(np.fft.rfft(x, size) * np.conj(np.fft.rfft(template, size)), size)


def _high_pass(x: Samples, hertz: float) -> Samples:
    spectrum = np.fft.rfft(x)
    spectrum[np.fft.rfftfreq(len(x), 1 / RATE) < hertz] = 0
    return np.fft.irfft(spectrum, len(x))
