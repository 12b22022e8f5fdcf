"""Synthesise Lull's built-in ambiences and chimes into assets/audio, the same bytes every run."""

from __future__ import annotations

import json
import logging
import sys
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf
from numpy.typing import NDArray

log = logging.getLogger(__name__)

Signal = NDArray[np.float64]  # mono (frames,) or stereo (frames, 2), full scale is 1.0
Gain = Callable[[Signal], Signal]  # amplitude response as a function of frequency in Hz

RATE = 44_100  # pygame's mixer opens at 44.1 kHz by default, so nothing gets resampled
SEED = 20_261_125  # any fixed number: it is what makes every run write the same audio
LICENCE = "CC0-1.0, synthesised by tools/synth_audio.py"
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "assets" / "audio"

AMBIENCE_LOUDNESS_DB = -24.0  # K-weighted, so swapping one ambience for another keeps the level
PEAK_CEILING_DB = -3.0  # Vorbis overshoots peaks by up to ~1 dB; decoded files stay under -1 dBFS
VORBIS_COMPRESSION = 0.3  # Vorbis quality 0.7: ~200 kbit/s on these noises, ~10 MB in all
WRITE_BLOCK = RATE  # soundfile 0.14 crashes writing >= 60 s of stereo Vorbis at once; 1 s is safe
OGG_SERIAL = 0x4C756C6C  # "Lull": libsndfile seeds the stream serial from the clock; fix it
REVERB_SEND_HZ = 150.0  # a low note in a room swings by several dB from note to note: keep it dry
REVERB_DARK_HZ = 3500.0  # a soft, furnished room: its reflections lose their highs
SEAM_SEARCH_S = 2.0  # a loop may start anywhere in its first 2 s: where it is calmest
SEAM_WINDOW_S = 0.25  # the level either side of a candidate start is measured over this
CONTROL_STEP = 0.01  # seconds between points of a slow envelope, interpolated to every frame


# --- small helpers -----------------------------------------------------------------------------


def frames(seconds: float) -> int:
    return round(seconds * RATE)


def rms(x: Signal) -> float:
    return float(np.sqrt(np.mean(np.square(x))))


def db(value: float) -> float:
    return 20.0 * float(np.log10(max(value, 1e-12)))


def lowpass(freqs: Signal, corner: float, order: float = 1.0) -> Signal:
    return 1.0 / np.sqrt(1.0 + (freqs / corner) ** (2.0 * order))


def highpass(freqs: Signal, corner: float, order: float = 1.0) -> Signal:
    return 1.0 / np.sqrt(1.0 + (corner / np.maximum(freqs, 1e-3)) ** (2.0 * order))


def pink(freqs: Signal) -> Signal:
    return 1.0 / np.sqrt(np.maximum(freqs, 20.0))


def log_uniform(rng: np.random.Generator, low: float, high: float) -> float:
    return float(np.exp(rng.uniform(np.log(low), np.log(high))))


def filtered(x: Signal, gain: Gain) -> Signal:
    """x through the zero-phase response gain(f), applied over the whole buffer as one cycle.

    Filtering in the frequency domain treats the buffer as periodic, so a loop stays seamless.
    """
    response = gain(np.fft.rfftfreq(len(x), 1.0 / RATE))
    if x.ndim == 2:
        response = response[:, None]
    return np.fft.irfft(np.fft.rfft(x, axis=0) * response, len(x), axis=0)


def shaped_noise(rng: np.random.Generator, n: int, gain: Gain, width: float) -> Signal:
    """Stereo noise of unit RMS with the spectrum gain(f), periodic in n frames.

    width 0 puts the same noise in both channels, 1 two independent ones.
    """
    mid, left, right = filtered(rng.standard_normal((n, 3)), gain).T
    centre, side = np.sqrt(1.0 - width), np.sqrt(width)
    out = np.stack([centre * mid + side * left, centre * mid + side * right], axis=1)
    return out / rms(out)


def sparse_clicks(rng: np.random.Generator, n: int, rate: float | Signal) -> Signal:
    """Stereo single-frame clicks, rate per second (a number or one per frame), random sizes.

    Sizes are bounded (small ones commoner): a heavy tail over thousands of clicks a second
    would leave a few far louder than the rest.
    """
    hits = rng.random((n, 2)) < np.broadcast_to(np.asarray(rate) / RATE, (2, n)).T
    out = np.zeros((n, 2))
    count = int(hits.sum())
    out[hits] = rng.uniform(0.2, 1.0, count) ** 2 * rng.choice([-1.0, 1.0], count)
    return out


def slow_wobble(rng: np.random.Generator, n: int, depth_db: float) -> Signal:
    """A gain per frame drifting within about +-depth_db, periodic in n frames.

    Whole numbers of cycles per loop (periods of a half to a seventh of it) keep it seamless.
    """
    phase = np.arange(n) / n * 2.0 * np.pi
    cycles = (2, 3, 5, 7)
    wobble = sum(np.sin(k * phase + rng.uniform(0.0, 2.0 * np.pi)) for k in cycles)
    return 10.0 ** (depth_db * wobble / len(cycles) / 20.0)


def panned(mono: Signal, pan: float) -> Signal:
    """Equal-power pan: -1 is left, 0 centre, 1 right."""
    angle = (np.clip(pan, -1.0, 1.0) + 1.0) * np.pi / 4.0
    return np.stack([mono * np.cos(angle), mono * np.sin(angle)], axis=1)


def add_wrapped(out: Signal, sound: Signal, start: int) -> None:
    """Add a stereo sound into out at frame start; whatever runs past the end wraps to the head.

    Every event of a loop is placed on this circular timeline, so a bubble or a note that rings
    across the end of the loop carries on at its start and the seam cannot click.
    """
    out[(start + np.arange(len(sound))) % len(out)] += sound


def swell(t: Signal, rise_s: float, fall_s: float) -> Signal:
    """Rise as a raised cosine over rise_s, then fall exponentially with time constant fall_s."""
    rise = np.sin(0.5 * np.pi * np.clip(t / rise_s, 0.0, 1.0)) ** 2
    return rise * np.exp(-np.maximum(t - rise_s, 0.0) / fall_s)


def reverb(x: Signal, rng: np.random.Generator, rt60: float, wet: float, circular: bool) -> Signal:
    """x plus a diffuse stereo room (decaying noise) returning wet times the energy it is sent.

    circular=True wraps the reverb tail of the loop's end onto its head.
    """
    t = np.arange(frames(rt60)) / RATE
    tail = rng.standard_normal((len(t), 2)) * 10.0 ** (-3.0 * t / rt60)[:, None]
    tail[: frames(0.02)] = 0.0  # a 20 ms gap before the room answers keeps the dry sound clear
    tail /= np.sqrt(np.sum(np.square(tail), axis=0))  # unit energy: flat on average, like the send
    size = len(x) if circular else len(x) + len(tail)
    freqs = np.fft.rfftfreq(size, 1.0 / RATE)
    send = highpass(freqs, REVERB_SEND_HZ, 2.0) * lowpass(freqs, REVERB_DARK_HZ, 1.0)
    spectrum = np.fft.rfft(x, size, axis=0) * np.fft.rfft(tail, size, axis=0) * send[:, None]
    return x + np.sqrt(wet) * np.fft.irfft(spectrum, size, axis=0)[: len(x)]


def k_weighting(freqs: Signal) -> Signal:
    """The shape of BS.1770's K-weighting: +4 dB above ~1.5 kHz, a high-pass at 38 Hz."""
    shelf = 1.0 + (10.0 ** (4.0 / 20.0) - 1.0) * freqs**2 / (freqs**2 + 1500.0**2)
    return shelf * highpass(freqs, 38.0, 2.0)


def loudness_db(x: Signal) -> float:
    """Ungated K-weighted loudness (close to LUFS for steady sounds)."""
    return db(rms(filtered(x, k_weighting)))


def peak_db(x: Signal) -> float:
    return db(float(np.max(np.abs(x))))


def normalise(x: Signal, measured_db: float, target_db: float) -> Signal:
    return x * 10.0 ** ((target_db - measured_db) / 20.0)


def calmest_start(x: Signal) -> Signal:
    """Turn a seamless loop so that it starts at the calmest moment of its first SEAM_SEARCH_S.

    The loop is already seamless; this only picks where playback begins, as a loop editor picks
    a quiet zero crossing: where the level changes least, and there where one sample steps least
    to the next. So the seam never falls on a bubble or a note's onset.
    """
    window, search = frames(SEAM_WINDOW_S), frames(SEAM_SEARCH_S)
    power = np.mean(np.square(np.concatenate([x[-window:], x[: search + window]])), axis=1)
    total = np.concatenate([[0.0], np.cumsum(power)])
    middle = np.arange(window, window + search)
    before = total[middle] - total[middle - window]
    after = total[middle + window] - total[middle]
    step_db = np.abs(10.0 * np.log10(after / before))
    calm = np.nonzero(step_db <= step_db.min() + 0.1)[0]
    jumps = np.max(np.abs(x[calm] - x[calm - 1]), axis=1)
    return np.roll(x, -calm[np.argmin(jumps)], axis=0)


def finish_ambience(name: str, x: Signal) -> Signal:
    """Remove DC and sub-bass, start calmly, set the common loudness, and refuse a peak that
    Vorbis would clip."""
    x = calmest_start(filtered(x, lambda f: highpass(f, 25.0, 2.0)))
    x = normalise(x, loudness_db(x), AMBIENCE_LOUDNESS_DB)
    if peak_db(x) > PEAK_CEILING_DB:
        raise ValueError(f"{name} peaks at {peak_db(x):.1f} dBFS, over {PEAK_CEILING_DB} dBFS")
    return x


def finish_chime(x: Signal, target_peak_db: float) -> Signal:
    """Fade the last 0.3 s to silence so the file never ends on a cut, then set the peak."""
    fade = frames(0.3)
    x[-fade:] *= (np.cos(np.linspace(0.0, 0.5 * np.pi, fade)) ** 2)[:, None]
    return normalise(x, peak_db(x), target_peak_db)


# --- river -------------------------------------------------------------------------------------

RIVER_SECONDS = 90.0  # long enough that no bubble pattern is heard to come round again
RIVER_SPOTS_PER_SECOND = 1.4  # gurgling spots appear at this rate and live ~5 s: ~7 at a time
RIVER_BUBBLE_SHARE = 0.7  # bubbles' RMS against the bed's: the babble sits on top, not in front


def bubble(freq: float, decay_s: float, rise: float) -> Signal:
    """A gas bubble's ring (Minnaert): a damped sine whose pitch rises as it nears the surface."""
    t = np.arange(frames(7.0 * decay_s)) / RATE
    pitch = freq * (1.0 + rise * t / decay_s)
    onset = 1.0 - np.exp(-t / 0.0007)  # 0.7 ms: the bubble forms quickly, but not as a click
    return onset * np.exp(-t / decay_s) * np.sin(2.0 * np.pi * np.cumsum(pitch) / RATE)


def bubble_spot(rng: np.random.Generator, out: Signal) -> None:
    """One place in the stream gurgling for a few seconds: bubbles of similar size, one pan."""
    life = rng.uniform(1.5, 8.0)
    start = rng.uniform(0.0, len(out) / RATE)
    centre = log_uniform(rng, 280.0, 2400.0)
    pan = rng.uniform(-0.8, 0.8)
    times = np.sort(rng.uniform(0.0, life, rng.poisson(rng.uniform(3.0, 14.0) * life)))
    for at in times:
        freq = centre * 2.0 ** rng.normal(0.0, 0.25)
        decay = 0.012 * (1000.0 / freq) ** 0.7  # big, low bubbles ring longer
        size = np.sin(np.pi * at / life) ** 2 * rng.uniform(0.3, 1.0) * (1000.0 / freq) ** 0.4
        sound = bubble(freq, decay, rng.uniform(0.1, 0.6)) * size
        add_wrapped(out, panned(sound, pan + rng.normal(0.0, 0.05)), frames(start + at))


def river(rng: np.random.Generator) -> Signal:
    """A babbling stream: a low-mid water bed that breathes, and gurgling spots that come and go."""
    n = frames(RIVER_SECONDS)
    dark = shaped_noise(
        rng, n, lambda f: pink(f) * highpass(f, 70.0, 2.0) * lowpass(f, 900.0, 1.0), 0.6
    )
    bright = shaped_noise(
        rng, n, lambda f: pink(f) * highpass(f, 300.0, 1.0) * lowpass(f, 3000.0, 2.0), 0.8
    )
    lean = slow_wobble(rng, n, 6.0)[:, None]  # the water's colour drifts between the two beds
    bed = (dark * lean + bright / lean) * slow_wobble(rng, n, 2.0)[:, None]
    bubbles = np.zeros((n, 2))
    for _ in range(round(RIVER_SECONDS * RIVER_SPOTS_PER_SECOND)):
        bubble_spot(rng, bubbles)
    return finish_ambience("river", bed / rms(bed) + RIVER_BUBBLE_SHARE * bubbles / rms(bubbles))


# --- rain --------------------------------------------------------------------------------------

RAIN_SECONDS = 80.0
RAIN_PATTER_PER_SECOND = 700.0  # small drops per channel: dense enough to fuse into a texture
RAIN_NEAR_PER_SECOND = 2.0  # drops close by, heard one by one, scattered through the rain
RAIN_NEAR_PEAK = 8.0  # the loudest near drop's peak over the far rain's RMS: heard, not startling


def raindrop(rng: np.random.Generator) -> Signal:
    """A near drop: a short bright tick, the tap of what it lands on, sometimes a bubble's plink."""
    t = np.arange(frames(0.08)) / RATE
    tick = sum(
        rng.uniform(0.3, 1.0)
        * np.exp(-t / rng.uniform(0.0008, 0.0025))
        * np.sin(2.0 * np.pi * log_uniform(rng, 1200.0, 5500.0) * t + rng.uniform(0.0, 6.3))
        for _ in range(3)
    )
    tap = np.exp(-t / rng.uniform(0.006, 0.02)) * np.sin(
        2.0 * np.pi * log_uniform(rng, 300.0, 1200.0) * t
    )
    drop = (1.0 - np.exp(-t / 0.0003)) * (tick + 0.7 * tap)
    if rng.random() < 0.35:  # a drop landing on water traps a small, fast-rising bubble
        plink = bubble(log_uniform(rng, 1400.0, 3200.0), rng.uniform(0.008, 0.02), 0.6)
        delay = frames(rng.uniform(0.002, 0.008))
        drop[delay : delay + len(plink)] += 0.5 * plink[: len(drop) - delay]
    return drop


def rain(rng: np.random.Generator) -> Signal:
    """Soft steady rain: a wash of far drops, a patter of small ones, and scattered near drops."""
    n = frames(RAIN_SECONDS)
    wash = shaped_noise(rng, n, lambda f: highpass(f, 700.0, 1.0) * lowpass(f, 3500.0, 2.0), 1.0)
    body = shaped_noise(
        rng, n, lambda f: pink(f) * highpass(f, 60.0, 2.0) * lowpass(f, 500.0, 1.0), 0.7
    )
    patter = filtered(
        sparse_clicks(rng, n, RAIN_PATTER_PER_SECOND),
        lambda f: highpass(f, 1500.0, 2.0) * lowpass(f, 5000.0, 2.0),
    )
    far = (wash + 0.5 * body + 0.6 * patter / rms(patter)) * slow_wobble(rng, n, 1.0)[:, None]
    near = np.zeros((n, 2))
    for _ in range(round(RAIN_SECONDS * RAIN_NEAR_PER_SECOND)):
        drop = raindrop(rng) * rng.uniform(0.35, 1.0)
        add_wrapped(
            near, panned(drop, rng.uniform(-0.9, 0.9)), frames(rng.uniform(0, RAIN_SECONDS))
        )
    return finish_ambience("rain", far / rms(far) + RAIN_NEAR_PEAK * near / np.max(np.abs(near)))


# --- ocean -------------------------------------------------------------------------------------

OCEAN_SECONDS = 90.0
OCEAN_SWELLS = 9  # one every ~10 s, mid-way in 8-12 s, a slow breath's rhythm
OCEAN_FLOOR = 0.25  # the distant surf between swells, ~12 dB under a crest: never silent


def swell_envelope(swells: Signal, rise: float, fall: float, n: int) -> Signal:
    """One band's level per frame: each swell (onset, period, strength) rises over rise and falls
    over fall, both fractions of its period, and the swells add up around the loop."""
    grid = np.arange(0.0, OCEAN_SECONDS, CONTROL_STEP)
    level = sum(
        strength * swell((grid - onset) % OCEAN_SECONDS, rise * period, fall * period)
        for onset, period, strength in swells
    )
    return np.interp(np.arange(n) / RATE, grid, level, period=OCEAN_SECONDS)


def ocean(rng: np.random.Generator) -> Signal:
    """Swells that rumble in, break into a broad wash, and draw back as fizzing foam and shingle."""
    n = frames(OCEAN_SECONDS)
    periods = rng.uniform(8.8, 11.2, OCEAN_SWELLS)
    periods *= OCEAN_SECONDS / periods.sum()
    onsets = np.cumsum(periods) - periods  # the loop opens as a swell begins: the seam is a trough
    swells = np.stack([onsets, periods, rng.uniform(0.7, 1.0, OCEAN_SWELLS)], axis=1)

    def band(gain: Gain, width: float, rise: float, fall: float) -> Signal:
        return shaped_noise(rng, n, gain, width) * swell_envelope(swells, rise, fall, n)[:, None]

    rumble = band(
        lambda f: pink(f) * highpass(f, 35.0, 2.0) * lowpass(f, 350.0, 1.5), 0.5, 0.4, 0.2
    )
    wash = band(
        lambda f: pink(f) * highpass(f, 200.0, 1.0) * lowpass(f, 2500.0, 1.5), 0.7, 0.45, 0.16
    )
    foam = band(lambda f: highpass(f, 1800.0, 1.0) * lowpass(f, 5000.0, 2.0), 0.9, 0.5, 0.3)
    shingle = filtered(  # pebbles and sand rattling as the water draws back
        sparse_clicks(rng, n, 1500.0 * swell_envelope(swells, 0.6, 0.25, n)),
        lambda f: highpass(f, 2500.0, 2.0) * lowpass(f, 6000.0, 2.0),
    )
    surf = shaped_noise(rng, n, lambda f: pink(f) * highpass(f, 40.0, 2.0) * lowpass(f, 900.0), 0.8)
    sea = OCEAN_FLOOR * surf + rumble + 0.8 * wash + 0.35 * foam + 0.2 * shingle / rms(shingle)
    return finish_ambience("ocean", sea)


# --- soft music --------------------------------------------------------------------------------

BEAT = 1.0  # seconds: 60 beats a minute, about a resting heart
CHORD_BEATS = 8  # each chord holds two slow bars, so nothing hurries
# (bass, pad voicing) as MIDI notes, in D major; the last chord (A7sus4) leads back to the first.
PROGRESSION: tuple[tuple[int, tuple[int, ...]], ...] = (
    (38, (54, 57, 61, 64)),  # Dmaj9
    (47, (54, 57, 61, 62)),  # Bm(add9)
    (43, (54, 57, 59, 62)),  # Gmaj9
    (45, (52, 57, 59, 62)),  # Asus4(add9)
    (42, (54, 57, 61, 64)),  # F#m7
    (43, (55, 59, 62, 66)),  # Gmaj7
    (40, (54, 55, 59, 62)),  # Em9
    (45, (55, 57, 62, 64)),  # A7sus4
    (38, (54, 57, 61, 62)),  # Dmaj7
    (47, (54, 57, 59, 62)),  # Bm7
    (40, (55, 59, 62, 64)),  # Em7
    (43, (54, 57, 59, 62)),  # Gmaj9
    (43, (55, 58, 62, 64)),  # Gm6: the one borrowed note, B flat, for warmth
    (42, (54, 57, 61, 64)),  # Dmaj9/F#
    (40, (54, 55, 59, 62)),  # Em9
    (45, (55, 57, 62, 64)),  # A7sus4
)
# (beat, length in beats, MIDI note): two-bar phrases of chord tones, with room to breathe.
MELODY: tuple[tuple[float, float, int], ...] = (
    (2, 2, 76), (4, 2, 74), (6, 3, 69), (10, 2, 71), (12, 4, 73),
    (18, 2, 74), (20, 2, 71), (22, 4, 69), (26, 2, 71), (28, 3, 74),
    (34, 2, 73), (36, 2, 76), (38, 4, 78), (42, 2, 74), (44, 4, 71),
    (50, 2, 71), (52, 2, 69), (54, 3, 66), (58, 2, 67), (60, 4, 69),
    (66, 2, 74), (68, 2, 76), (70, 4, 78), (74, 2, 76), (76, 4, 74),
    (82, 2, 71), (84, 2, 74), (86, 4, 76), (90, 2, 74), (92, 4, 69),
    (98, 2, 70), (100, 2, 69), (102, 4, 67), (106, 2, 69), (108, 4, 76),
    (114, 2, 74), (116, 2, 71), (118, 4, 66), (122, 2, 67), (124, 3, 69),
)  # fmt: skip


@dataclass(frozen=True)
class Voice:
    """How an instrument sounds: its harmonics, envelope, chorus and vibrato."""

    harmonics: tuple[float, ...]  # amplitude of harmonic 1, 2, 3...
    attack: float  # seconds of raised-cosine rise: long enough that no note starts with a tick
    release: float  # seconds of raised-cosine fall after the note's length
    detune_cents: tuple[float, ...]  # one oscillator each, spread across the stereo field
    vibrato_cents: float  # at 5 Hz, faded in over the first second
    level: float


PAD = Voice((1.0, 0.45, 0.2, 0.09, 0.04, 0.02), 2.5, 3.5, (-7.0, 0.0, 7.0), 0.0, 0.13)
BASS = Voice((1.0, 0.35, 0.1), 1.5, 3.0, (0.0,), 0.0, 0.1)
LEAD = Voice((1.0, 0.16, 0.05, 0.015), 0.18, 0.9, (-2.0, 2.0), 9.0, 0.22)


def midi_hz(note: float) -> float:
    return 440.0 * 2.0 ** ((note - 69.0) / 12.0)


def note(voice: Voice, midi: int, seconds: float, rng: np.random.Generator) -> Signal:
    """One stereo note of voice held for seconds, then released."""
    t = np.arange(frames(seconds + voice.release)) / RATE
    fall = np.clip((t - seconds) / voice.release, 0.0, 1.0)
    envelope = (
        np.sin(0.5 * np.pi * np.minimum(t / voice.attack, 1.0)) ** 2
        * np.cos(0.5 * np.pi * fall) ** 2
    )
    vibrato = voice.vibrato_cents * np.minimum(t, 1.0) * np.sin(2.0 * np.pi * 5.0 * t)
    out = np.zeros((len(t), 2))
    spread = (
        np.linspace(-0.6, 0.6, len(voice.detune_cents)) if len(voice.detune_cents) > 1 else [0.0]
    )
    for cents, pan in zip(voice.detune_cents, spread, strict=True):
        freq = midi_hz(midi) * 2.0 ** ((cents + vibrato) / 1200.0)
        phase = 2.0 * np.pi * np.cumsum(freq) / RATE + rng.uniform(0.0, 2.0 * np.pi)
        wave = sum(a * np.sin(k * phase) for k, a in enumerate(voice.harmonics, start=1))
        out += panned(wave, pan)
    return out * (envelope * voice.level / len(voice.detune_cents))[:, None]


def soft_music(rng: np.random.Generator) -> Signal:
    """A slow pad and bass under a gentle flute-like melody, in a soft room, looping seamlessly."""
    chord_s = CHORD_BEATS * BEAT
    out = np.zeros((frames(len(PROGRESSION) * chord_s), 2))
    for i, (bass, voicing) in enumerate(PROGRESSION):
        for midi in voicing:
            add_wrapped(out, note(PAD, midi, chord_s, rng), frames(i * chord_s))
        add_wrapped(out, note(BASS, bass, chord_s, rng), frames(i * chord_s))
    for beat, beats, midi in MELODY:
        add_wrapped(out, note(LEAD, midi, beats * BEAT, rng), frames(beat * BEAT))
    out = filtered(out, lambda f: lowpass(f, 4000.0, 2.0))  # nothing bright enough to be harsh
    return finish_ambience("soft-music", reverb(out, rng, 3.0, 0.35, circular=True))


# --- chimes ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Partial:
    """One mode of a struck bowl or bell."""

    ratio: float  # to the fundamental
    level: float
    ring: float  # its time to fall 60 dB, as a fraction of the fundamental's
    beat_hz: float  # a bowl's modes come in close pairs, which beat: its slow "wah"


@dataclass(frozen=True)
class Instrument:
    """A struck instrument: its modes, how long it rings and how soft the mallet is."""

    partials: tuple[Partial, ...]
    ring_s: float  # the fundamental's time to fall 60 dB
    mallet_s: float  # the strike's rise: 10-20 ms is a felt mallet, with no click


BEAT_TWIN = 0.25  # the weaker twin of each mode: a gentle +-2 dB wah, not a tremolo
SINGING_BOWL = (  # ratios measured on Himalayan bowls; upper modes die first, leaving a pure hum
    Partial(1.0, 1.0, 1.0, 0.8),
    Partial(2.71, 0.4, 0.65, 1.7),
    Partial(5.06, 0.15, 0.4, 2.4),
    Partial(7.91, 0.05, 0.22, 3.1),
)
SOFT_BELL = (  # near-harmonic, quickly fading overtones: rounder and gentler than the bowl
    Partial(1.0, 1.0, 1.0, 0.0),
    Partial(2.0, 0.18, 0.5, 0.0),
    Partial(3.01, 0.05, 0.3, 0.0),
)
# A small hand bell: the soft bell's overtones stronger, and a high inharmonic one that dies
# within half a second, so that its strike rings out clearly (and is told from the bowl's)
# without the chime being louder, and what rings on is as round as the other chimes.
SMALL_BELL = (
    Partial(1.0, 1.0, 1.0, 0.0),
    Partial(2.0, 0.35, 0.6, 0.0),
    Partial(3.0, 0.28, 0.35, 0.0),
    Partial(4.2, 0.22, 0.2, 0.0),
)
PHASE_BOWL = Instrument(SINGING_BOWL, 6.5, 0.012)  # 40 dB down after about 4.3 s
SIDES_BELLS = Instrument(SMALL_BELL, 2.2, 0.015)  # 40 dB down after about 1.7 s
CHECKIN_BELL = Instrument(SOFT_BELL, 2.4, 0.02)  # 40 dB down after about 1.6 s
HEADS_UP_BELL = Instrument(SOFT_BELL, 1.5, 0.03)  # 40 dB down after about 1 s; the softest mallet
END_BOWLS = Instrument(SINGING_BOWL, 8.0, 0.012)  # a longer ring to close the session


def struck(freq: float, instrument: Instrument, seconds: float) -> Signal:
    """A struck bowl or bell at freq, mono, seconds long."""
    t = np.arange(frames(seconds)) / RATE
    tone = np.zeros_like(t)
    for p in instrument.partials:
        f = freq * p.ratio
        pair = np.sin(2.0 * np.pi * f * t) + BEAT_TWIN * np.sin(2.0 * np.pi * (f + p.beat_hz) * t)
        tone += p.level * 10.0 ** (-3.0 * t / (p.ring * instrument.ring_s)) * pair
    return tone * np.sin(0.5 * np.pi * np.minimum(t / instrument.mallet_s, 1.0)) ** 2


def chime(
    rng: np.random.Generator,
    instrument: Instrument,
    strikes: tuple[tuple[float, float, float], ...],
    seconds: float,
    peak: float,
) -> Signal:
    """Strikes (delay s, freq Hz, level) of an instrument in a small room, faded at the end."""
    out = np.zeros((frames(seconds), 2))
    pans = np.linspace(-0.3, 0.3, len(strikes))
    for (delay, freq, level), pan in zip(strikes, pans, strict=True):
        out[frames(delay) :] += panned(level * struck(freq, instrument, seconds - delay), pan)
    return finish_chime(reverb(out, rng, 1.8, 0.2, circular=False), peak)


def chime_phase(rng: np.random.Generator) -> Signal:
    """A singing bowl on E4, humming away over four or five seconds."""
    return chime(rng, PHASE_BOWL, ((0.0, midi_hz(64), 1.0),), 5.0, -6.0)


def chime_sides(rng: np.random.Generator) -> Signal:
    """Two small bells rising a fourth, B4 then E5: "over to the other side", lighter than the
    phase's bowl, and answering its E an octave up."""
    strikes = ((0.0, midi_hz(71), 1.0), (0.22, midi_hz(76), 0.9))
    return chime(rng, SIDES_BELLS, strikes, 3.0, -7.0)


def chime_checkin(rng: np.random.Generator) -> Signal:
    """A small soft bell on A5, quieter and quicker than the phase chime: a question, not news."""
    return chime(rng, CHECKIN_BELL, ((0.0, midi_hz(81), 1.0),), 2.5, -10.0)


def chime_heads_up(rng: np.random.Generator) -> Signal:
    """One soft bell on G4, under the bowl it warns of: "finish this stroke", heard, not news."""
    return chime(rng, HEADS_UP_BELL, ((0.0, midi_hz(67), 1.0),), 1.6, -9.0)


def chime_end(rng: np.random.Generator) -> Signal:
    """Two bowls, D4 then A4, the second answering the first: an ending, not an alarm."""
    strikes = ((0.0, midi_hz(62), 1.0), (0.6, midi_hz(69), 0.7))
    return chime(rng, END_BOWLS, strikes, 7.0, -5.0)


# --- files -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sound:
    """One catalogue entry and the function that makes its audio."""

    id: str
    title: str
    kind: str  # "ambience" loops; "chime" plays once
    render: Callable[[np.random.Generator], Signal]

    def entry(self, n: int) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "kind": self.kind,
            "file": f"{self.id}.ogg",
            "loop": self.kind == "ambience",
            "seconds": round(n / RATE, 3),
            "licence": LICENCE,
        }


SOUNDS = (
    Sound("river", "Calming river", "ambience", river),
    Sound("soft-music", "Soft music", "ambience", soft_music),
    Sound("rain", "Rain", "ambience", rain),
    Sound("ocean", "Ocean", "ambience", ocean),
    Sound("chime-phase", "Phase chime", "chime", chime_phase),
    Sound("chime-sides", "Switch sides chime", "chime", chime_sides),
    Sound("chime-checkin", "Check-in chime", "chime", chime_checkin),
    Sound("chime-end", "End chime", "chime", chime_end),
    Sound("chime-heads-up", "Heads-up chime", "chime", chime_heads_up),
)
KINDS = ("ambience", "chime", "prompt")  # the catalogue's order; prompts: tools/render_prompts.py


def _crc_table() -> tuple[int, ...]:
    table = []
    for byte in range(256):
        crc = byte << 24
        for _ in range(8):
            crc = ((crc << 1) ^ 0x04C11DB7) if crc & 0x80000000 else crc << 1
        table.append(crc & 0xFFFFFFFF)
    return tuple(table)


OGG_CRC_TABLE = _crc_table()  # Ogg's CRC-32: polynomial 0x04C11DB7, unreflected, no final xor


def ogg_crc(data: bytes | bytearray) -> int:
    crc = 0
    for byte in data:
        crc = ((crc << 8) & 0xFFFFFFFF) ^ OGG_CRC_TABLE[(crc >> 24) ^ byte]
    return crc


def with_fixed_serial(data: bytes) -> bytes:
    """The Ogg stream with every page's serial number set to OGG_SERIAL and its CRC redone."""
    out = bytearray(data)
    pos = 0
    while pos < len(out):
        if out[pos : pos + 4] != b"OggS":
            raise ValueError(f"no Ogg page at byte {pos}")
        segments = out[pos + 26]
        end = pos + 27 + segments + sum(out[pos + 27 : pos + 27 + segments])
        out[pos + 14 : pos + 18] = OGG_SERIAL.to_bytes(4, "little")
        out[pos + 22 : pos + 26] = bytes(4)
        out[pos + 22 : pos + 26] = ogg_crc(out[pos:end]).to_bytes(4, "little")
        pos = end
    return bytes(out)


def write_ogg(path: Path, audio: Signal, compression: float = VORBIS_COMPRESSION) -> None:
    """Write Vorbis (mono or stereo as audio is) in one-second blocks, then make the bytes
    reproducible."""
    channels = 1 if audio.ndim == 1 else audio.shape[1]
    with sf.SoundFile(
        path, "w", RATE, channels, format="OGG", subtype="VORBIS", compression_level=compression
    ) as out:
        for start in range(0, len(audio), WRITE_BLOCK):
            out.write(audio[start : start + WRITE_BLOCK].astype(np.float32))
    path.write_bytes(with_fixed_serial(path.read_bytes()))


def main(argv: list[str]) -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    out_dir = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUT
    out_dir.mkdir(parents=True, exist_ok=True)
    entries = []
    for sound in SOUNDS:
        began = time.perf_counter()
        audio = sound.render(np.random.default_rng([SEED, zlib.crc32(sound.id.encode())]))
        write_ogg(out_dir / f"{sound.id}.ogg", audio)
        entries.append(sound.entry(len(audio)))
        log.info(
            "%-14s %6.1f s of audio in %4.1f s",
            sound.id,
            len(audio) / RATE,
            time.perf_counter() - began,
        )
    write_catalog(out_dir, entries, {"ambience", "chime"})
    return 0


def write_catalog(out_dir: Path, entries: list[dict[str, object]], kinds: set[str]) -> None:
    """catalog.json with `entries` in place of those of `kinds`; the others (another tool's)
    are kept as they were, and all are ordered by kind."""
    path = out_dir / "catalog.json"
    kept = []
    if path.exists():
        old = json.loads(path.read_text(encoding="utf-8"))["sounds"]
        kept = [entry for entry in old if entry["kind"] not in kinds]
    every = sorted([*entries, *kept], key=lambda entry: KINDS.index(str(entry["kind"])))
    catalog = {"version": 1, "sounds": every}
    temporary = path.with_suffix(".json.tmp")
    temporary.write_text(json.dumps(catalog, indent=2) + "\n", encoding="utf-8")
    temporary.replace(path)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
