"""Decoding a sound never stops the output of the ones already playing."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import numpy as np
import pygame
import pytest
import soundfile  # type: ignore[import-untyped]
from unit.audio.audio_signals import DiskMixer, tone_amplitude

from app.audio.decoding import decode
from app.audio.engine import DEFAULT_BUFFER_FRAMES, DEFAULT_FREQUENCY
from app.audio.headers import mpeg_frame

BLOCK_BYTES = DEFAULT_BUFFER_FRAMES * 4
LONG_SECONDS = 240


def blocks_written_while(output: Path, load: Path, loader: object) -> tuple[int, float]:
    """How many blocks the disk driver wrote while `loader` decoded `load`, and how long it took."""
    before = os.stat(output).st_size
    started = time.monotonic()
    assert callable(loader)
    loader(load)
    took = time.monotonic() - started
    return (os.stat(output).st_size - before) // BLOCK_BYTES, took


@pytest.mark.usefixtures("disk_mixer")
def test_pygames_own_loader_stops_the_output_while_it_decodes_and_lulls_does_not(
    disk_mixer: DiskMixer, tmp_path: Path
) -> None:
    # The effect this guards against: SDL_mixer holds the audio device while it decodes, so a
    # soundscape added during a session silenced the others for as long (0.24 s for the river).
    disk_mixer.open()
    noise = np.random.default_rng(3)
    long = tmp_path / "long.ogg"
    with soundfile.SoundFile(long, "w", DEFAULT_FREQUENCY, 2) as out:  # in blocks: libsndfile
        for _ in range(LONG_SECONDS // 10):  # crashes writing a minute of Vorbis in one call
            out.write(noise.uniform(-0.3, 0.3, (DEFAULT_FREQUENCY * 10, 2)))
    playing = pygame.mixer.Sound(buffer=np.zeros((DEFAULT_FREQUENCY * 5, 2), np.int16).tobytes())
    playing.play(loops=-1)
    time.sleep(0.3)  # the driver is writing steadily
    theirs, their_time = blocks_written_while(
        disk_mixer.output.path, long, lambda path: pygame.mixer.Sound(str(path))
    )
    ours, our_time = blocks_written_while(
        disk_mixer.output.path, long, lambda path: decode(path, LONG_SECONDS)
    )
    assert their_time > 2 * DEFAULT_BUFFER_FRAMES / DEFAULT_FREQUENCY  # long enough to tell
    assert theirs <= 1  # held: nothing written while it decoded but a block already under way
    assert ours >= 2, f"{ours} blocks written in {our_time:.3f} s of decoding"


@pytest.mark.parametrize(
    ("rate", "channels", "subtype", "suffix"),
    [
        (44100, 2, "VORBIS", ".ogg"),
        (48000, 1, "PCM_16", ".wav"),
        (22050, 2, "PCM_24", ".flac"),
        (44100, 2, "FLOAT", ".wav"),  # read as integers, libsndfile would give silence
    ],
)
@pytest.mark.usefixtures("disk_mixer")
def test_a_decoded_sound_has_the_files_length_and_pitch_at_the_mixers_rate(
    disk_mixer: DiskMixer, tmp_path: Path, rate: int, channels: int, subtype: str, suffix: str
) -> None:
    disk_mixer.open()
    seconds, frequency = 2.0, 440.0
    t = np.arange(int(seconds * rate)) / rate
    tone = 0.5 * np.sin(2 * np.pi * frequency * t)
    path = tmp_path / f"tone{suffix}"
    soundfile.write(path, np.repeat(tone[:, None], channels, axis=1), rate, subtype=subtype)
    sound = decode(path, seconds)
    assert sound.get_length() == pytest.approx(seconds, abs=0.01)
    samples = pygame.sndarray.array(sound).astype(np.float64) / 32768
    assert samples.shape[1] == 2  # the mixer's two channels, whatever the file had
    assert tone_amplitude(samples[:, 0], frequency) == pytest.approx(0.5, rel=0.05)


@pytest.mark.usefixtures("disk_mixer")
def test_a_mono_sound_at_the_mixers_rate_is_put_in_both_channels_sample_for_sample_with_no_file(
    disk_mixer: DiskMixer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The voice's prompts are mono at the mixer's rate: one goes in at every phase change, so it
    # must not cost a file written and read back (7 ms on the sound's thread, at the moment the
    # window redraws), and it must not need a temporary folder at all.
    disk_mixer.open()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no-such-folder"))
    samples = np.random.default_rng(5).integers(-20000, 20000, DEFAULT_FREQUENCY, dtype=np.int16)
    path = tmp_path / "prompt.wav"
    soundfile.write(path, samples, DEFAULT_FREQUENCY, subtype="PCM_16")
    decoded = pygame.sndarray.array(decode(path, 1.0))
    assert decoded.shape == (len(samples), 2)
    assert np.array_equal(decoded[:, 0], samples)
    assert np.array_equal(decoded[:, 1], samples)


def test_what_libsndfile_cannot_read_is_left_to_pygame_and_its_error(
    disk_mixer: DiskMixer, tmp_path: Path
) -> None:
    disk_mixer.open()
    broken = tmp_path / "broken.ogg"
    broken.write_bytes(b"OggS" + bytes(100))
    with pytest.raises(pygame.error):
        decode(broken, 1.0)


def test_with_the_mixer_closed_decoding_fails_as_pygames_own_loader_does(tmp_path: Path) -> None:
    tone = tmp_path / "tone.wav"
    soundfile.write(tone, np.zeros((4410, 2)), DEFAULT_FREQUENCY)
    assert not pygame.mixer.get_init()
    with pytest.raises(pygame.error):
        decode(tone, 0.1)


def tone(path: Path, seconds: float, **format_: str) -> Path:
    t = np.arange(round(seconds * DEFAULT_FREQUENCY)) / DEFAULT_FREQUENCY
    wave = 0.3 * np.sin(2 * np.pi * 440 * t) * (1 + 0.5 * np.sin(2 * np.pi * 0.3 * t))
    soundfile.write(path, np.column_stack([wave, wave]), DEFAULT_FREQUENCY, **format_)
    return path


def test_an_mp3_whose_length_libsndfile_only_guesses_is_decoded_whole(
    disk_mixer: DiskMixer, tmp_path: Path
) -> None:
    # A VBR MP3 without the frame that says its length (Xing): libsndfile guesses 3 s of 20.
    disk_mixer.open()
    whole = tone(tmp_path / "whole.mp3", 20.0, format="MP3", subtype="MPEG_LAYER_III")
    data = whole.read_bytes()
    first = mpeg_frame(data, 0)
    assert first is not None and b"Xing" in data[: first.length]
    headless = tmp_path / "headless.mp3"
    headless.write_bytes(data[first.length :])
    assert soundfile.info(headless).duration < 5  # what libsndfile makes of it
    assert decode(headless, 20.0).get_length() == pytest.approx(20.0, abs=0.1)


def test_a_file_far_longer_than_when_it_came_in_is_refused_not_held_in_memory(
    disk_mixer: DiskMixer, tmp_path: Path
) -> None:
    disk_mixer.open()
    replaced = tone(tmp_path / "replaced.flac", 30.0)  # its catalogue entry says 3 s
    with pytest.raises(pygame.error, match="longer than when it came in"):
        decode(replaced, 3.0)
    assert decode(replaced, 30.0).get_length() == pytest.approx(30.0, abs=0.01)


def test_nan_and_infinity_in_a_float_file_play_as_silence_and_full_scale_quietly(
    disk_mixer: DiskMixer, tmp_path: Path
) -> None:
    disk_mixer.open()
    path = tmp_path / "odd.wav"
    values = np.array([np.nan, np.inf, -np.inf, 50.0, 0.5] * 2000, dtype=np.float32)
    soundfile.write(path, np.column_stack([values, values]), DEFAULT_FREQUENCY, subtype="FLOAT")
    samples = pygame.sndarray.array(decode(path, len(values) / DEFAULT_FREQUENCY))
    assert samples[:5, 0].tolist() == [0, 32767, -32767, 32767, 16383]  # no warning either
