"""Chimes through pygame's real mixer: on time, cancellable, and ducking the soundscapes."""

from __future__ import annotations

import time
from itertools import pairwise

import numpy as np
import pytest
from unit.audio.audio_signals import (
    RATE,
    DiskMixer,
    MakeSound,
    db,
    drive,
    first_above,
    tone_amplitude,
    tone_envelope,
)

from app.audio.duck import DUCK_DB
from app.audio.engine import DEFAULT_BUFFER_FRAMES
from app.audio.pygame_engine import REST_AFTER_SECONDS
from app.audio.sound import Kind

CHIME_HZ = 1760
ON_TIME_SECONDS = 0.030  # what the design promises for a chime given its deadline


def test_a_chime_given_a_deadline_is_heard_within_30_ms_of_it(
    disk_mixer: DiskMixer, make_sound: MakeSound
) -> None:
    engine = disk_mixer.open()
    assert engine.info.buffer_frames == DEFAULT_BUFFER_FRAMES
    chime = make_sound("chime-phase", CHIME_HZ, seconds=0.3, kind=Kind.CHIME, loop=False)
    deadlines = []
    for delay in (0.7, 0.75, 0.82):  # different offsets into the mixer's 93 ms blocks
        deadlines.append(time.monotonic() + delay)
        engine.play_chime(chime, at=deadlines[-1])
        drive(engine, delay + 0.1)
    samples = disk_mixer.finish()

    envelope = tone_envelope(samples, CHIME_HZ)
    onset = 0
    for deadline in deadlines:
        onset = first_above(envelope, 0.05, start=onset)
        heard = disk_mixer.output.time_of(onset)
        assert heard - deadline == pytest.approx(0, abs=ON_TIME_SECONDS)
        onset += int(0.4 * RATE)


def test_a_chime_without_a_deadline_plays_at_once(
    disk_mixer: DiskMixer, make_sound: MakeSound
) -> None:
    engine = disk_mixer.open()
    drive(engine, 0.2)
    asked_at = time.monotonic()
    engine.play_chime(make_sound("chime-checkin", CHIME_HZ, seconds=0.3, kind=Kind.CHIME))
    drive(engine, 0.5)
    samples = disk_mixer.finish()

    heard = disk_mixer.output.time_of(first_above(tone_envelope(samples, CHIME_HZ), 0.05))
    assert 0 <= heard - asked_at <= engine.info.buffer_seconds + 0.02


def test_a_cancelled_chime_stays_silent_and_leaves_the_engine_idle(
    disk_mixer: DiskMixer, make_sound: MakeSound
) -> None:
    engine = disk_mixer.open()
    chime = make_sound("chime-end", CHIME_HZ, seconds=0.3, kind=Kind.CHIME, loop=False)
    engine.play_chime(chime, at=time.monotonic() + 0.6)
    assert engine.next_wakeup() is not None
    engine.cancel_chimes()
    # Only the wake-up that lets the mixer rest is left; the chime's is gone.
    assert engine.next_wakeup() == pytest.approx(REST_AFTER_SECONDS, abs=0.05)
    drive(engine, 1.0)
    samples = disk_mixer.finish()

    assert np.max(tone_envelope(samples, CHIME_HZ)) < 0.01


@pytest.mark.parametrize("streamed", [False, True], ids=["channel", "stream"])
def test_a_chime_ducks_the_soundscape_by_about_6_db_and_lets_it_back_gently(
    disk_mixer: DiskMixer, make_sound: MakeSound, streamed: bool
) -> None:
    engine = disk_mixer.open(stream_threshold=1.0 if streamed else 60.0)
    engine.play_layer(make_sound("river", 220, seconds=2.0), fade_in=0)
    chime = make_sound("chime-phase", CHIME_HZ, seconds=0.8, kind=Kind.CHIME, loop=False)
    drive(engine, 0.6)
    engine.play_chime(chime)
    drive(engine, 2.3)
    samples = disk_mixer.finish()

    onset = first_above(tone_envelope(samples, CHIME_HZ), 0.1)

    def river(start: float, seconds: float = 0.2) -> float:
        first = onset + int(start * RATE)
        return db(tone_amplitude(samples[first : first + int(seconds * RATE)], 220))

    before, during, after = river(-0.45), river(0.3), river(2.0)
    assert during - before == pytest.approx(DUCK_DB, abs=1.0)
    assert after == pytest.approx(before, abs=0.5)
    # Coming back is a ramp: many levels between ducked and full, not one step.
    rising = [river(0.8 + 0.05 * step, 0.05) for step in range(24)]
    between = {round(level, 1) for level in rising if during + 0.5 < level < before - 0.5}
    assert len(between) >= 5, rising
    assert all(later >= earlier - 0.3 for earlier, later in pairwise(rising))
