"""The voice through the real mixer (SDL's disk driver): a soundscape plays, a spoken prompt lands
on its deadline with the soundscape 12 dB under it and back after, a chime over the speech leaves
it speaking, and a volume ramp falls steadily to its target.

The engine runs in this process on the monotonic clock; the recording's blocks are placed on the
wall clock as they land (disk_output.py), and the two clocks are a fixed offset apart. The
soundscape is read in a band only it reaches (sound_match.block_gains), the prompt by subtracting
the known file from the recording.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest
import soundfile
from e2e.disk_output import BLOCK_FRAMES, RATE, DiskOutput
from e2e.lull_process import ARTIFACTS
from e2e.sound_match import GAIN_BAND_HZ, Samples, block_gains, decode, loop_offset, onsets
from e2e.spectrogram_artifact import save_spectrogram
from unit.audio.audio_signals import drive

from app.audio.duck import UP_SECONDS, VOICE_DUCK_DB
from app.audio.engine import AudioEngine
from app.audio.opening import open_engine
from app.audio.pygame_engine import PygameEngine
from app.audio.sound import Kind, Origin, SoundEntry

SOUNDSCAPE_VOLUME = 0.7
PROMPT_AT = 1.0  # seconds after the soundscape starts
CHIME_AT = 1.5  # in the middle of the speech
RAMP_AT, RAMP_SECONDS, RAMP_TO = 3.4, 1.0, 0.25  # after the dip has come back up
RECORD_SECONDS = 4.8
DEADLINE_TOLERANCE = 0.005  # a prompt scheduled ahead lands within a few milliseconds
# Vowel-like formants (F1, F2, F3) for each 0.2 s syllable; all far above the soundscape's band.
SYLLABLES = [
    (700, 1220, 2600),
    (300, 2300, 3000),
    (500, 900, 2450),
    (400, 2000, 2550),
    (600, 1000, 2400),
]
VOICING_HZ = 130  # the formants pulse at a speaking pitch, as a voice's do
SPEECH_BAND_HZ = (250.0, 3400.0)
CHIME_HZ = 4200.0  # above the speech, so the chime and the voice are told apart by band


def write(path: Path, mono: Samples, kind: Kind) -> SoundEntry:
    soundfile.write(str(path), np.column_stack([mono, mono]).astype(np.float32), RATE)
    seconds, loop = len(mono) / RATE, kind is Kind.AMBIENCE
    return SoundEntry(path.stem, path.stem, kind, Origin.IMPORTED, path, seconds, loop, "")


def soundscape(folder: Path) -> SoundEntry:
    """A one-second loop of dark noise, only in GAIN_BAND_HZ: seamless, and found by its shape."""
    spectrum = np.fft.rfft(np.random.default_rng(3).standard_normal(RATE))
    frequencies = np.fft.rfftfreq(RATE, 1 / RATE)
    spectrum[(frequencies < GAIN_BAND_HZ[0] + 10) | (frequencies > GAIN_BAND_HZ[1] - 20)] = 0
    noise = np.fft.irfft(spectrum, RATE)
    return write(folder / "river.ogg", 0.5 * noise / np.max(np.abs(noise)), Kind.AMBIENCE)


def speech(folder: Path) -> SoundEntry:
    """Syllables of three formants pulsing at a speaking pitch: speech's shape, without words."""
    frames = round(0.2 * RATE)
    t = np.arange(frames) / RATE
    voicing = 0.6 + 0.4 * np.cos(2 * np.pi * VOICING_HZ * t)
    swell = np.sin(np.pi * t / t[-1]) ** 2
    strengths = (0.3, 0.15, 0.07)
    syllables = [
        swell
        * voicing
        * sum(a * np.sin(2 * np.pi * f * t) for a, f in zip(strengths, formants, strict=True))
        for formants in SYLLABLES
    ]
    return write(folder / "prompt-next.ogg", np.concatenate(syllables), Kind.PROMPT)


def chime(folder: Path) -> SoundEntry:
    t = np.arange(round(0.4 * RATE)) / RATE
    ring = 0.3 * np.exp(-t / 0.12) * np.sin(2 * np.pi * CHIME_HZ * t) * np.minimum(t / 0.003, 1)
    return write(folder / "chime-checkin.ogg", ring, Kind.CHIME)


def band(samples: Samples, low: float, high: float) -> Samples:
    spectrum = np.fft.rfft(samples, axis=0)
    frequencies = np.fft.rfftfreq(len(samples), 1 / RATE)
    spectrum[(frequencies < low) | (frequencies > high)] = 0
    return np.fft.irfft(spectrum, len(samples), axis=0)


def db(ratio: float) -> float:
    return float(20 * np.log10(ratio))


@pytest.fixture
def engine(monkeypatch: pytest.MonkeyPatch, disk_output: DiskOutput) -> Iterator[AudioEngine]:
    monkeypatch.setenv("SDL_AUDIODRIVER", "disk")
    monkeypatch.setenv("SDL_DISKAUDIOFILE", str(disk_output.path))
    opened = open_engine()
    assert isinstance(opened, PygameEngine), opened.info.reason
    yield opened
    opened.close()


@pytest.mark.usefixtures("qapp")  # the spectrogram's labels need fonts
def test_the_voice_lands_on_its_deadline_over_a_ducked_soundscape_and_a_ramp_falls_steadily(
    engine: AudioEngine, disk_output: DiskOutput, tmp_path: Path
) -> None:
    river, prompt, ring = soundscape(tmp_path), speech(tmp_path), chime(tmp_path)
    wall = time.time() - time.monotonic()  # the recording's clock less the engine's
    began = time.monotonic()
    engine.play_layer(river, SOUNDSCAPE_VOLUME, fade_in=0)
    engine.play_prompt(prompt, at=began + PROMPT_AT)
    engine.play_chime(ring, at=began + CHIME_AT)
    drive(engine, RAMP_AT - (time.monotonic() - began))
    engine.set_layer_volume(river.id, RAMP_TO, fade=RAMP_SECONDS)
    drive(engine, RECORD_SECONDS - (time.monotonic() - began))
    engine.close()
    disk_output.stop()
    recording = disk_output.samples()
    save_spectrogram(recording, ARTIFACTS / "e2e-voice-spectrogram.png", "e2e-voice")

    def seconds_of(frame: int) -> float:
        return disk_output.time_of(frame) - wall - began

    # The prompt is heard on its deadline.
    spoken = decode(prompt.path)
    found = onsets(recording, spoken)
    assert len(found) == 1, [seconds_of(onset.frame) for onset in found]
    error = seconds_of(found[0].frame) - PROMPT_AT
    assert abs(error) <= DEADLINE_TOLERANCE, f"the prompt was {error * 1000:+.1f} ms off"

    # It speaks to its end: the recording less the prompt leaves nothing of it in its band,
    # after the chime as before it.
    start, end = found[0].frame, found[0].frame + len(spoken)
    heard = band(recording[start:end], *SPEECH_BAND_HZ)
    left = heard - band(spoken, *SPEECH_BAND_HZ)
    chimed = round((CHIME_AT - PROMPT_AT) * RATE)
    residue = db(float(np.linalg.norm(left[chimed:]) / np.linalg.norm(heard[chimed:])))
    assert residue < -20, f"after the chime the recording strays {residue:.1f} dB from the prompt"

    # The soundscape: steady before, 12 dB under the voice, back after, then the ramp.
    gains = block_gains(recording, decode(river.path), loop_offset(recording, decode(river.path)))
    times = np.array([seconds_of(block * BLOCK_FRAMES) for block in range(len(gains))])

    def level(first: float, last: float) -> float:
        return float(np.mean(gains[(times >= first) & (times + BLOCK_FRAMES / RATE <= last)]))

    spoken_for = len(spoken) / RATE
    before = level(0.3, PROMPT_AT - 0.2)
    during = level(PROMPT_AT + 0.05, PROMPT_AT + spoken_for)
    after = level(PROMPT_AT + spoken_for + UP_SECONDS + 0.05, RAMP_AT)
    depth = db(during / before)
    assert before == pytest.approx(SOUNDSCAPE_VOLUME, rel=0.03)
    assert depth == pytest.approx(VOICE_DUCK_DB, abs=1.0)
    assert db(after / before) == pytest.approx(0, abs=0.3)

    ramp = gains[(times >= RAMP_AT - 0.1) & (times <= RAMP_AT + RAMP_SECONDS + 0.3)]
    steps = [later - earlier for earlier, later in pairwise(ramp)]
    assert max(steps) <= 0.002, f"the ramp rose somewhere: {np.round(ramp, 3)}"
    assert ramp[-1] == pytest.approx(RAMP_TO, rel=0.03)
    moving = [step for step in steps if step < -0.002]
    assert len(moving) >= 8, f"the ramp fell in {len(moving)} steps: {np.round(ramp, 3)}"
    print(
        f"voice: deadline {error * 1000:+.1f} ms; soundscape {depth:.2f} dB under the voice, "
        f"{db(after / before):+.2f} dB after; ramp {len(moving)} falling steps, none rising "
        f"(largest {db(float(np.max(ramp[:-1] / ramp[1:]))):.2f} dB), "
        f"ended at {ramp[-1]:.3f} for {RAMP_TO}; prompt residue after the chime {residue:.1f} dB"
    )
