"""The built-in sounds as shipped: catalogue, loudness, seamless loops, character and size."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

AUDIO = Path(__file__).resolve().parents[3] / "assets" / "audio"
AMBIENCES = ("river", "soft-music", "rain", "ocean")
CHIMES = ("chime-phase", "chime-checkin", "chime-end")
MIN_SECONDS = {"river": 60.0, "soft-music": 120.0, "rain": 60.0, "ocean": 60.0}
ENTRY_KEYS = {"id", "title", "kind", "file", "loop", "seconds", "licence"}
FOLDER_LIMIT = 15_000_000  # bytes
SEAM_WINDOWS = (0.25, 0.5)  # seconds of level compared either side of a loop's seam
ENVELOPE_STEP = 0.05  # seconds per point of a level envelope


def catalogue() -> dict:
    return json.loads((AUDIO / "catalog.json").read_text(encoding="utf-8"))


@cache
def decoded(sound_id: str) -> tuple[np.ndarray, int]:
    audio, rate = sf.read(AUDIO / f"{sound_id}.ogg", dtype="float32", always_2d=True)
    return audio.astype(np.float64), rate


def dbfs(value: float) -> float:
    return 20.0 * float(np.log10(max(value, 1e-12)))


def rms_db(audio: np.ndarray) -> float:
    return dbfs(float(np.sqrt(np.mean(np.square(audio)))))


def envelope(audio: np.ndarray, rate: int) -> np.ndarray:
    step = round(ENVELOPE_STEP * rate)
    power = np.mean(np.square(audio[: len(audio) // step * step]), axis=1)
    return np.sqrt(power.reshape(-1, step).mean(axis=1))


def long_term_spectrum(
    audio: np.ndarray, rate: int, size: int = 8192
) -> tuple[np.ndarray, np.ndarray]:
    """Welch's average power spectrum of the mono mix: (frequencies, power)."""
    segments = np.lib.stride_tricks.sliding_window_view(audio.mean(axis=1), size)[:: size // 2]
    power = np.mean(np.abs(np.fft.rfft(segments * np.hanning(size), axis=1)) ** 2, axis=0)
    return np.fft.rfftfreq(size, 1.0 / rate), power


def band_db(freqs: np.ndarray, power: np.ndarray, low: float, high: float) -> float:
    return 10.0 * float(np.log10(power[(freqs >= low) & (freqs < high)].sum() / power.sum()))


def test_the_catalogue_has_every_sound_once_and_every_file_an_entry():
    entries = catalogue()["sounds"]
    ids = [entry["id"] for entry in entries]
    assert sorted(ids) == sorted(AMBIENCES + CHIMES)
    assert {entry["file"] for entry in entries} == {p.name for p in AUDIO.glob("*.ogg")}
    for entry in entries:
        assert entry["file"] == f"{entry['id']}.ogg"


def test_the_catalogue_is_stable_pretty_json_in_version_1():
    text = (AUDIO / "catalog.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert text == json.dumps(data, indent=2) + "\n"
    assert data["version"] == 1
    for entry in data["sounds"]:
        assert set(entry) == ENTRY_KEYS
        assert entry["title"] and entry["licence"].startswith("CC0-1.0")
        assert entry["loop"] == (entry["kind"] == "ambience")
        assert entry["kind"] == ("ambience" if entry["id"] in AMBIENCES else "chime")


@pytest.mark.parametrize("entry", catalogue()["sounds"], ids=lambda entry: entry["id"])
def test_each_file_decodes_to_its_catalogued_length_as_44k_stereo(entry):
    audio, rate = decoded(entry["id"])
    assert rate == 44_100
    assert audio.shape[1] == 2
    assert len(audio) / rate == pytest.approx(entry["seconds"], abs=0.01)
    assert entry["seconds"] >= MIN_SECONDS.get(entry["id"], 0.0)


@pytest.mark.parametrize("sound_id", AMBIENCES + CHIMES)
def test_peaks_stay_under_minus_1_dbfs_with_no_dc_offset(sound_id):
    audio, _ = decoded(sound_id)
    assert dbfs(float(np.max(np.abs(audio)))) < -1.0
    assert np.all(np.abs(audio.mean(axis=0)) < 1e-3)


@pytest.mark.parametrize("sound_id", AMBIENCES)
def test_each_ambience_sits_between_minus_30_and_minus_16_dbfs(sound_id):
    assert -30.0 <= rms_db(decoded(sound_id)[0]) <= -16.0


def test_the_ambiences_are_within_4_db_of_each_other():
    levels = [rms_db(decoded(sound_id)[0]) for sound_id in AMBIENCES]
    assert max(levels) - min(levels) <= 4.0


@pytest.mark.parametrize("sound_id", AMBIENCES)
def test_a_loop_steps_no_more_at_its_seam_than_its_typical_sample_steps(sound_id):
    audio, _ = decoded(sound_id)
    typical = np.percentile(np.abs(np.diff(audio, axis=0)), 99, axis=0)
    assert np.all(np.abs(audio[0] - audio[-1]) <= typical)


@pytest.mark.parametrize("seconds", SEAM_WINDOWS)
@pytest.mark.parametrize("sound_id", AMBIENCES)
def test_a_loop_keeps_its_level_across_its_seam(sound_id, seconds):
    audio, rate = decoded(sound_id)
    window = round(seconds * rate)
    assert abs(rms_db(audio[:window]) - rms_db(audio[-window:])) <= 1.0


def test_the_ocean_swells_every_8_to_12_seconds():
    audio, rate = decoded("ocean")
    env = envelope(audio, rate)
    assert dbfs(np.percentile(env, 95) / np.percentile(env, 5)) >= 6.0  # heard to rise and fall
    change = env - env.mean()
    correlation = np.fft.irfft(np.abs(np.fft.rfft(change)) ** 2, len(env))  # around the loop
    lags = np.arange(round(4.0 / ENVELOPE_STEP), round(20.0 / ENVELOPE_STEP))
    best = lags[np.argmax(correlation[lags])]
    assert 8.0 <= best * ENVELOPE_STEP <= 12.0
    assert correlation[best] >= 0.5 * correlation[0]  # a clear swell, not a chance ripple


@pytest.mark.parametrize("sound_id", ("river", "rain"))
def test_river_and_rain_are_steady_with_no_swell(sound_id):
    audio, rate = decoded(sound_id)
    env = envelope(audio, rate)
    assert dbfs(np.percentile(env, 95) / np.percentile(env, 5)) <= 6.0


def test_the_river_is_more_low_mid_than_hiss_and_has_no_steady_tone():
    freqs, power = long_term_spectrum(*decoded("river"))
    assert band_db(freqs, power, 100.0, 1000.0) - band_db(freqs, power, 4000.0, 22050.0) >= 10.0
    median = np.array([np.median(power[max(i - 25, 0) : i + 26]) for i in range(len(power))])
    audible = (freqs > 100.0) & (freqs < 8000.0)
    assert np.max(10.0 * np.log10(power[audible] / median[audible])) <= 3.0


def test_the_music_is_tonal_with_no_harsh_highs():
    freqs, power = long_term_spectrum(*decoded("soft-music"))
    assert band_db(freqs, power, 5000.0, 22050.0) <= -40.0
    assert 10.0 * np.log10(power.max() / np.median(power[(freqs > 100) & (freqs < 2000)])) >= 20.0


@pytest.mark.parametrize("sound_id", CHIMES)
def test_a_chime_starts_and_ends_in_silence(sound_id):
    audio, rate = decoded(sound_id)
    assert np.all(np.abs(audio[0]) < 0.01)
    assert rms_db(audio[-round(0.05 * rate) :]) < -60.0


def seconds_to_fall_40_db(sound_id: str) -> float:
    audio, rate = decoded(sound_id)
    env = envelope(audio, rate)
    top = int(np.argmax(env))
    return int(np.argmax(env[top:] < env[top] / 100.0)) * ENVELOPE_STEP


def test_the_phase_chime_rings_3_to_5_seconds_the_checkin_less_the_end_more():
    phase = seconds_to_fall_40_db("chime-phase")
    assert 3.0 <= phase <= 5.0
    assert seconds_to_fall_40_db("chime-checkin") < phase < seconds_to_fall_40_db("chime-end")


def test_the_audio_folder_stays_under_15_mb():
    assert sum(p.stat().st_size for p in AUDIO.iterdir() if p.is_file()) < FOLDER_LIMIT
