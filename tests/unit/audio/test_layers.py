"""Soundscape layers through pygame's real mixer, measured in the mixed output (disk driver)."""

from __future__ import annotations

import time
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest
from unit.audio.audio_signals import (
    RATE,
    SILENCE_DB,
    DiskMixer,
    MakeSound,
    assert_rests_when_quiet,
    db,
    drive,
    rms_db,
    tone_amplitude,
    window_levels,
)

from app.audio.errors import LongSoundBusy, SoundFailed, TooManyLayers
from app.audio.pygame_engine import WATCH_SECONDS

LEVEL_DB = 1.0  # how close a measured level must be to the one asked for
STEP_DB = 0.5  # slack between neighbouring windows that share one of SDL's volume steps


def test_a_layer_plays_at_its_volume_times_the_master_volume(
    disk_mixer: DiskMixer, make_sound: MakeSound
) -> None:
    engine = disk_mixer.open()
    engine.set_master_volume(0.5)
    engine.play_layer(make_sound("river", 440, seconds=2.0), volume=0.8, fade_in=0)
    start = time.monotonic()
    drive(engine, 1.0)
    disk_mixer.finish()

    steady = disk_mixer.between(start + 0.4, start + 0.8)
    assert tone_amplitude(steady, 440) == pytest.approx(0.5 * 0.8 * 0.5, rel=0.12)
    assert abs(db(tone_amplitude(steady, 440)) - db(0.2)) < LEVEL_DB


def test_halving_a_layer_volume_lowers_its_level_by_6_db(
    disk_mixer: DiskMixer, make_sound: MakeSound
) -> None:
    engine = disk_mixer.open()
    engine.play_layer(make_sound("rain", 0, seconds=2.0, amplitude=0.4), volume=0.8, fade_in=0)
    drive(engine, 0.7)
    change = time.monotonic()
    engine.set_layer_volume("rain", 0.4)
    drive(engine, 0.7)
    disk_mixer.finish()

    before = rms_db(disk_mixer.between(change - 0.45, change - 0.1))
    after = rms_db(disk_mixer.between(change + 0.25, change + 0.6))
    assert after - before == pytest.approx(-6.02, abs=LEVEL_DB)


def test_mute_silences_every_layer_and_unmute_brings_them_back(
    disk_mixer: DiskMixer, make_sound: MakeSound
) -> None:
    engine = disk_mixer.open()
    engine.play_layer(make_sound("river", 330, seconds=2.0), fade_in=0)
    engine.play_layer(make_sound("ocean", 550, seconds=2.0), volume=0.5, fade_in=0)
    drive(engine, 0.5)
    muted_at = time.monotonic()
    engine.set_muted(True)
    drive(engine, 0.5)
    unmuted_at = time.monotonic()
    engine.set_muted(False)
    drive(engine, 0.5)
    disk_mixer.finish()

    before = disk_mixer.between(muted_at - 0.3, muted_at - 0.05)
    during = disk_mixer.between(muted_at + 0.2, unmuted_at - 0.05)
    after = disk_mixer.between(unmuted_at + 0.2, unmuted_at + 0.45)
    assert rms_db(during) <= SILENCE_DB
    for frequency in (330, 550):
        assert db(tone_amplitude(after, frequency)) == pytest.approx(
            db(tone_amplitude(before, frequency)), abs=LEVEL_DB
        )


def test_a_fade_in_rises_steadily_over_its_length(
    disk_mixer: DiskMixer, make_sound: MakeSound
) -> None:
    engine = disk_mixer.open()
    engine.play_layer(make_sound("river", 440, seconds=2.0), fade_in=1.0)
    drive(engine, 1.5)
    samples = disk_mixer.finish()

    onset = int(np.flatnonzero(np.abs(samples) > 1e-4)[0])
    levels = window_levels(samples[onset : onset + RATE], RATE // 100)
    steady = rms_db(samples[onset + int(1.2 * RATE) : onset + int(1.4 * RATE)])
    assert all(later >= earlier - STEP_DB for earlier, later in pairwise(levels))
    assert levels[0] < steady - 15
    assert levels[-1] > steady - 2


def test_stopping_a_layer_fades_it_out_to_silence(
    disk_mixer: DiskMixer, make_sound: MakeSound
) -> None:
    engine = disk_mixer.open()
    engine.play_layer(make_sound("river", 440, seconds=2.0), fade_in=0)
    drive(engine, 0.5)
    stopped_at = time.monotonic()
    engine.stop_layer("river", fade_out=1.0)
    assert engine.layers() == {}
    drive(engine, 1.5)
    assert_rests_when_quiet(engine)
    disk_mixer.finish()

    levels = window_levels(disk_mixer.between(stopped_at, stopped_at + 1.0), RATE // 100)
    assert all(later <= earlier + STEP_DB for earlier, later in pairwise(levels))
    assert levels[0] - levels[-1] > 15
    assert rms_db(disk_mixer.between(stopped_at + 1.25, stopped_at + 1.5)) <= SILENCE_DB


def test_replacing_a_layer_crossfades_to_the_new_sound_at_the_old_volume(
    disk_mixer: DiskMixer, make_sound: MakeSound
) -> None:
    engine = disk_mixer.open()
    engine.play_layer(make_sound("river", 330, seconds=2.0), volume=0.6, fade_in=0)
    drive(engine, 0.5)
    swapped_at = time.monotonic()
    engine.replace_layer("river", make_sound("ocean", 550, seconds=2.0), crossfade=1.0)
    assert engine.layers() == {"ocean": 0.6}
    drive(engine, 1.6)
    disk_mixer.finish()

    before = disk_mixer.between(swapped_at - 0.3, swapped_at - 0.05)
    middle = disk_mixer.between(swapped_at + 0.4, swapped_at + 0.6)
    after = disk_mixer.between(swapped_at + 1.25, swapped_at + 1.5)
    full = db(0.5 * 0.6)
    assert db(tone_amplitude(before, 330)) == pytest.approx(full, abs=LEVEL_DB)
    assert db(tone_amplitude(before, 550)) < full - 40
    assert full - 15 < db(tone_amplitude(middle, 330)) < full - 2
    assert full - 15 < db(tone_amplitude(middle, 550)) < full - 2
    assert db(tone_amplitude(after, 330)) < full - 40
    assert db(tone_amplitude(after, 550)) == pytest.approx(full, abs=LEVEL_DB)


def test_fading_out_everything_ends_in_silence_and_an_idle_engine(
    disk_mixer: DiskMixer, make_sound: MakeSound
) -> None:
    engine = disk_mixer.open()
    engine.play_layer(make_sound("river", 330, seconds=2.0), fade_in=0)
    engine.play_layer(make_sound("ocean", 550, seconds=2.0), fade_in=0)
    drive(engine, 0.4)
    ended_at = time.monotonic()
    engine.fade_out_all(1.0)
    drive(engine, 1.4)
    assert engine.layers() == {}
    assert_rests_when_quiet(engine)
    disk_mixer.finish()

    assert rms_db(disk_mixer.between(ended_at + 0.3, ended_at + 0.5)) > -40
    assert rms_db(disk_mixer.between(ended_at + 1.2, ended_at + 1.4)) <= SILENCE_DB


@pytest.mark.parametrize(
    ("suffix", "streamed"),
    [(".flac", False), (".ogg", False), (".ogg", True)],
    ids=["flac", "ogg", "ogg-streamed"],
)
def test_a_looping_layer_has_no_click_at_its_loop_point(
    disk_mixer: DiskMixer, make_sound: MakeSound, suffix: str, streamed: bool
) -> None:
    engine = disk_mixer.open(stream_threshold=0.1 if streamed else 60.0)
    # 440 Hz fills half a second with whole periods: a seamless loop continues the sine.
    sound = make_sound("river", 440, seconds=0.5, suffix=suffix, attack=0)
    engine.play_layer(sound, fade_in=0)
    drive(engine, 1.7)
    samples = disk_mixer.finish()

    onset = int(np.flatnonzero(np.abs(samples) > 1e-4)[0])
    looping = samples[onset + 200 : onset + int(1.5 * RATE)]
    # A pure sine's second difference never exceeds A(2πf/rate)²; a click is a spike far above.
    bend = np.abs(np.diff(looping, 2))
    smooth_limit = 0.5 * (2 * np.pi * 440 / RATE) ** 2
    assert bend.max() < 2 * smooth_limit, f"click of {bend.max():.4f} at {bend.argmax()}"


def test_a_damaged_file_fails_alone_and_the_other_layers_play_on(
    disk_mixer: DiskMixer, make_sound: MakeSound, tmp_path: Path
) -> None:
    engine = disk_mixer.open()
    engine.play_layer(make_sound("river", 440, seconds=2.0), fade_in=0)
    damaged = make_sound("ocean", 550, seconds=2.0)
    damaged.path.write_bytes(damaged.path.read_bytes()[:2000])
    missing = make_sound("rain", 660)
    missing.path.unlink()
    drive(engine, 0.4)
    failed_at = time.monotonic()
    with pytest.raises(SoundFailed, match="could not be played") as failure:
        engine.play_layer(damaged)
    assert failure.value.sound_id == "ocean"
    with pytest.raises(SoundFailed, match="missing"):
        engine.play_layer(missing)
    drive(engine, 0.5)
    assert engine.layers() == {"river": 1.0}
    disk_mixer.finish()

    before = tone_amplitude(disk_mixer.between(failed_at - 0.3, failed_at - 0.05), 440)
    after = tone_amplitude(disk_mixer.between(failed_at + 0.2, failed_at + 0.45), 440)
    assert db(after) == pytest.approx(db(before), abs=0.5)


def test_a_long_sound_streams_and_a_second_is_refused_in_plain_words(
    disk_mixer: DiskMixer, make_sound: MakeSound
) -> None:
    engine = disk_mixer.open(stream_threshold=1.0)
    engine.play_layer(make_sound("long-river", 440, seconds=2.0), volume=0.5, fade_in=0)
    with pytest.raises(LongSoundBusy) as refusal:
        engine.play_layer(make_sound("long-rain", 550, seconds=2.0))
    engine.play_layer(make_sound("chirp", 660, seconds=0.5), volume=0.5, fade_in=0)
    start = time.monotonic()
    drive(engine, 0.8)
    disk_mixer.finish()

    assert refusal.value.reason == (
        "Only one long sound can play at a time; stop “Long River” first."
    )
    steady = disk_mixer.between(start + 0.3, start + 0.7)
    assert db(tone_amplitude(steady, 440)) == pytest.approx(db(0.25), abs=LEVEL_DB)
    assert db(tone_amplitude(steady, 660)) == pytest.approx(db(0.25), abs=LEVEL_DB)
    assert db(tone_amplitude(steady, 550)) < db(0.25) - 40


def test_a_long_sound_replacing_another_fades_one_out_then_the_other_in(
    disk_mixer: DiskMixer, make_sound: MakeSound
) -> None:
    engine = disk_mixer.open(stream_threshold=1.0)
    engine.play_layer(make_sound("long-river", 440, seconds=2.0), volume=0.5, fade_in=0)
    drive(engine, 0.4)
    swapped_at = time.monotonic()
    engine.replace_layer("long-river", make_sound("long-rain", 550, seconds=2.0), crossfade=0.8)
    assert engine.layers() == {"long-rain": 0.5}
    drive(engine, 1.6)
    disk_mixer.finish()

    after = disk_mixer.between(swapped_at + 1.2, swapped_at + 1.5)
    assert db(tone_amplitude(after, 440)) < db(0.25) - 40
    assert db(tone_amplitude(after, 550)) == pytest.approx(db(0.25), abs=LEVEL_DB)


def test_no_more_than_four_layers_play_at_once(
    disk_mixer: DiskMixer, make_sound: MakeSound
) -> None:
    engine = disk_mixer.open()
    for number in range(4):
        engine.play_layer(make_sound(f"layer-{number}", 300 + 100 * number, seconds=0.5))
    with pytest.raises(TooManyLayers, match="stop one first"):
        engine.play_layer(make_sound("layer-4", 800, seconds=0.5))
    engine.stop_layer("layer-0", fade_out=0.5)
    engine.play_layer(make_sound("layer-5", 900, seconds=0.5))
    assert sorted(engine.layers()) == ["layer-1", "layer-2", "layer-3", "layer-5"]


def test_the_engine_needs_a_timer_only_while_something_moves_or_plays_to_be_watched(
    disk_mixer: DiskMixer, make_sound: MakeSound
) -> None:
    engine = disk_mixer.open()
    assert_rests_when_quiet(engine)
    engine.play_layer(make_sound("river", 440), fade_in=0.5)  # SDL fades it in by itself
    assert engine.next_wakeup() == WATCH_SECONDS  # only to see that the output is still there
    engine.stop_layer("river", fade_out=0.3)
    wait = engine.next_wakeup()
    assert wait is not None and 0.2 < wait <= 0.3
    drive(engine, 0.6)
    assert_rests_when_quiet(engine)
