"""The built-in sounds as shipped: catalogue, loudness, seamless loops, character and size.
The spoken prompts, listed in the same catalogue, are checked in test_prompt_audio.py."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

AUDIO = Path(__file__).resolve().parents[3] / "assets" / "audio"
AMBIENCES = ("river", "soft-music", "rain", "ocean")
CUE_CHIMES = ("chime-phase", "chime-sides", "chime-checkin", "chime-end")  # what they announce
CHIMES = (*CUE_CHIMES, "chime-heads-up")  # the heads-up only warns, more softly
HEADS_UP = "chime-heads-up"
MIN_SECONDS = {"river": 60.0, "soft-music": 120.0, "rain": 60.0, "ocean": 60.0}
ENTRY_KEYS = {"id", "title", "kind", "file", "loop", "seconds", "licence"}
FOLDER_LIMIT = 15_000_000  # bytes
SEAM_WINDOWS = (0.25, 0.5)  # seconds of level compared either side of a loop's seam
ENVELOPE_STEP = 0.05  # seconds per point of a level envelope


def catalogue() -> dict:
    return json.loads((AUDIO / "catalog.json").read_text(encoding="utf-8"))


def synthesised() -> list[dict]:
    """The entries tools/synth_audio.py makes: every one but the spoken prompts."""
    return [entry for entry in catalogue()["sounds"] if entry["kind"] != "prompt"]


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
    entries = synthesised()
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
    for entry in synthesised():
        assert entry["title"] and entry["licence"].startswith("CC0-1.0")
        assert entry["loop"] == (entry["kind"] == "ambience")
        assert entry["kind"] == ("ambience" if entry["id"] in AMBIENCES else "chime")


@pytest.mark.parametrize("entry", synthesised(), ids=lambda entry: entry["id"])
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


ONSET_STEP = 0.005  # seconds per point of the envelope in which strikes are found
# Strikes are found in the overtones, which a new strike renews while the last note's have
# faded, where the fundamentals ring on and hide it.
ONSET_ABOVE_HZ = 1200.0
ONSET_RISE = 2.0  # a strike at least doubles the level of the 30 ms before it
ONSET_FLOOR_DB = -30.0  # under the chime's loudest moment by more than this is its tail
NOTE_SECONDS = 0.15  # of each strike, the part whose pitch is read


def strikes(sound_id: str) -> list[float]:
    """When the chime's notes are struck, in seconds from its start."""
    audio, rate = decoded(sound_id)
    step = round(ONSET_STEP * rate)
    spectrum = np.fft.rfft(audio.mean(axis=1))
    spectrum[np.fft.rfftfreq(len(audio), 1 / rate) < ONSET_ABOVE_HZ] = 0
    mono = np.fft.irfft(spectrum, len(audio))[: len(audio) // step * step]
    before = round(0.03 / ONSET_STEP)
    level = np.sqrt(np.mean(np.square(mono.reshape(-1, step)), axis=1))
    env = np.concatenate([np.zeros(before), level])  # silence before the file starts
    floor = env.max() * 10 ** (ONSET_FLOOR_DB / 20)
    found: list[float] = []
    for i in range(before, len(env)):
        at = (i - before) * ONSET_STEP
        rising = env[i] > ONSET_RISE * env[i - before : i].max() and env[i] > floor
        if rising and (not found or at - found[-1] > 0.1):
            found.append(at)
    return found


def pitch_hz(sound_id: str, start: float) -> float:
    """The strongest frequency in the NOTE_SECONDS from `start`."""
    audio, rate = decoded(sound_id)
    note = audio.mean(axis=1)[round(start * rate) : round((start + NOTE_SECONDS) * rate)]
    size = 1 << 16  # zero-padded: fine enough to tell notes a semitone apart
    power = np.abs(np.fft.rfft(note * np.hanning(len(note)), size))
    return float(np.fft.rfftfreq(size, 1 / rate)[np.argmax(power)])


def centroid_hz(sound_id: str, seconds: float = 1.0) -> float:
    """Where the chime's first second has its spectral weight: how bright it sounds."""
    audio, rate = decoded(sound_id)
    freqs, power = long_term_spectrum(audio[: round(seconds * rate)], rate, size=4096)
    return float(np.sum(freqs * power) / np.sum(power))


def k_loudness_db(sound_id: str, seconds: float = 1.5) -> float:
    """K-weighted loudness of the chime's first seconds, where it is heard."""
    audio, rate = decoded(sound_id)
    mono = audio[: round(seconds * rate)].mean(axis=1)
    freqs = np.fft.rfftfreq(len(mono), 1 / rate)
    shelf = 1 + (10 ** (4 / 20) - 1) * freqs**2 / (freqs**2 + 1500.0**2)
    highpass = 1 / np.sqrt(1 + (38.0 / np.maximum(freqs, 1e-3)) ** 4)
    return rms_db(np.fft.irfft(np.fft.rfft(mono) * shelf * highpass, len(mono)))


def test_the_sides_chime_is_two_soft_rising_notes_where_the_phase_chime_is_one():
    assert len(strikes("chime-phase")) == 1
    first, second = strikes("chime-sides")
    assert first < 0.02 and 0.15 <= second - first <= 0.4  # a short figure, heard as one cue
    assert pitch_hz("chime-sides", second) > pitch_hz("chime-sides", first) * 1.2  # rising
    # Higher and brighter than the phase's bowl by well over half an octave.
    assert pitch_hz("chime-sides", first) > pitch_hz("chime-phase", 0.0) * 1.4
    assert centroid_hz("chime-sides") > centroid_hz("chime-phase") * 1.4


def test_the_sides_chime_is_as_loud_as_the_others_and_rings_shorter_than_the_phase_chime():
    levels = {chime: k_loudness_db(chime) for chime in CUE_CHIMES}
    others = [level for chime, level in levels.items() if chime != "chime-sides"]
    assert min(others) - 1 <= levels["chime-sides"] <= max(others)  # no louder than the rest
    assert abs(levels["chime-sides"] - levels["chime-phase"]) <= 3.0
    assert 1.0 <= seconds_to_fall_40_db("chime-sides") < seconds_to_fall_40_db("chime-phase")


def test_the_heads_up_chime_is_one_soft_note_gentler_and_shorter_than_the_phase_chime():
    assert len(strikes(HEADS_UP)) == 1
    assert k_loudness_db(HEADS_UP) <= k_loudness_db("chime-phase") - 4.0
    assert k_loudness_db(HEADS_UP) < min(k_loudness_db(chime) for chime in CUE_CHIMES)
    assert seconds_to_fall_40_db(HEADS_UP) <= 0.5 * seconds_to_fall_40_db("chime-phase")
    assert catalogued_seconds(HEADS_UP) < catalogued_seconds("chime-phase") / 2


def catalogued_seconds(sound_id: str) -> float:
    (entry,) = [entry for entry in synthesised() if entry["id"] == sound_id]
    return float(entry["seconds"])


def test_the_audio_folder_with_its_prompts_stays_under_15_mb():
    assert sum(p.stat().st_size for p in AUDIO.rglob("*") if p.is_file()) < FOLDER_LIMIT
