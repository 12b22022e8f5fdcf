"""The voice through pygame's real mixer: on its deadline, the soundscapes 12 dB under it, never
cut by a chime, hushed without a click."""

from __future__ import annotations

import time

import numpy as np
import pytest
from fake_clock import FakeClock
from unit.audio.audio_signals import (
    RATE,
    DiskMixer,
    MakeSound,
    assert_rests_when_quiet,
    db,
    drive,
    first_above,
    tone_amplitude,
    tone_envelope,
)

from app.audio.chimes import HUSH_SECONDS
from app.audio.duck import VOICE_DUCK_DB
from app.audio.opening import open_engine
from app.audio.pygame_engine import REST_AFTER_SECONDS, PygameEngine
from app.audio.sound import Kind

VOICE_HZ = 300  # a steady stand-in for speech; the e2e test speaks something closer to it
CHIME_HZ = 1760
SOUNDSCAPE_HZ = 110
ON_TIME_SECONDS = 0.030


def test_a_prompt_given_a_deadline_is_heard_on_it_and_the_mixer_rests_after(
    disk_mixer: DiskMixer, make_sound: MakeSound
) -> None:
    engine = disk_mixer.open()
    prompt = make_sound("prompt-next", VOICE_HZ, seconds=0.4, kind=Kind.PROMPT, loop=False)
    deadlines = []
    for delay in (0.6, 0.67):  # different offsets into the mixer's 93 ms blocks
        deadlines.append(time.monotonic() + delay)
        engine.play_prompt(prompt, at=deadlines[-1])
        drive(engine, delay + 0.45)
    assert_rests_when_quiet(engine)
    samples = disk_mixer.finish()

    envelope = tone_envelope(samples, VOICE_HZ, smooth=RATE // VOICE_HZ)
    onset = 0
    for deadline in deadlines:
        onset = first_above(envelope, 0.05, start=onset)
        assert disk_mixer.output.time_of(onset) - deadline == pytest.approx(0, abs=ON_TIME_SECONDS)
        onset += int(0.5 * RATE)


def test_the_soundscape_dips_about_12_db_under_the_voice_and_comes_back(
    disk_mixer: DiskMixer, make_sound: MakeSound
) -> None:
    engine = disk_mixer.open()
    engine.play_layer(make_sound("river", SOUNDSCAPE_HZ, seconds=1.0), fade_in=0)
    prompt = make_sound("prompt-pressure", VOICE_HZ, seconds=0.8, kind=Kind.PROMPT, loop=False)
    at = time.monotonic() + 0.7
    engine.play_prompt(prompt, at=at)
    drive(engine, 0.7 + 0.8 + 1.5)
    samples = disk_mixer.finish()

    def soundscape(start: float, seconds: float = 0.2) -> float:
        first = disk_mixer.output.frame_at(at + start)
        return db(tone_amplitude(samples[first : first + int(seconds * RATE)], SOUNDSCAPE_HZ))

    before, during, after = soundscape(-0.45), soundscape(0.3), soundscape(0.8 + 1.2)
    assert during - before == pytest.approx(VOICE_DUCK_DB, abs=1.0)
    assert after == pytest.approx(before, abs=0.5)


def test_a_chime_during_speech_leaves_the_voice_speaking_and_the_voice_leaves_chimes_ringing(
    disk_mixer: DiskMixer, make_sound: MakeSound
) -> None:
    engine = disk_mixer.open()
    quiet = {"amplitude": 0.25, "loop": False}  # four at once, and still no clipping
    prompt = make_sound("prompt-long", VOICE_HZ, 1.2, kind=Kind.PROMPT, **quiet)
    chime = make_sound("chime-phase", CHIME_HZ, 1.2, kind=Kind.CHIME, **quiet)
    other = make_sound("chime-checkin", 2640, 1.2, kind=Kind.CHIME, **quiet)
    drive(engine, 0.2)
    started = time.monotonic()
    engine.play_prompt(prompt)
    drive(engine, 0.3)
    engine.play_chime(chime)  # over the voice
    engine.play_chime(other)  # both chime channels ringing now
    drive(engine, 0.3)
    engine.play_prompt(make_sound("prompt-short", 500, 0.3, kind=Kind.PROMPT, **quiet))
    drive(engine, 1.2)
    samples = disk_mixer.finish()

    def level(frequency: float, start: float) -> float:
        first = disk_mixer.output.frame_at(started + start)
        return tone_amplitude(samples[first : first + int(0.1 * RATE)], frequency)

    # The first prompt sounds whole until the second takes its channel, the chimes through both.
    assert all(level(VOICE_HZ, start) > 0.2 for start in (0.15, 0.35, 0.5))
    assert all(level(CHIME_HZ, start) > 0.2 for start in (0.55, 0.75, 1.1))
    assert all(level(2640, start) > 0.2 for start in (0.55, 0.75, 1.1))


def test_cancelling_prompts_forgets_the_waiting_and_hushes_the_speaking_without_a_click(
    disk_mixer: DiskMixer, make_sound: MakeSound
) -> None:
    engine = disk_mixer.open()
    amplitude = 0.5
    prompt = make_sound(
        "prompt-check", VOICE_HZ, seconds=2.0, amplitude=amplitude, kind=Kind.PROMPT, loop=False
    )
    at = time.monotonic() + 0.5
    engine.play_prompt(prompt, at=at)
    engine.play_prompt(prompt, at=at + 2.5)
    drive(engine, 0.5 + 0.6)
    hushed = time.monotonic()
    engine.cancel_prompts()
    assert engine.next_wakeup() is not None  # the soundscape's dip still comes back up
    drive(engine, 2.4)
    samples = disk_mixer.finish()

    envelope = tone_envelope(samples, VOICE_HZ, smooth=RATE // VOICE_HZ)  # a whole period
    assert level_at(envelope, disk_mixer, at + 0.5) == pytest.approx(amplitude, rel=0.1)
    # The fade begins with the block after the next one (the next is found as it is mixed).
    silent_from = hushed + 2 * engine.info.buffer_seconds + HUSH_SECONDS + 0.01
    assert np.max(envelope[disk_mixer.output.frame_at(silent_from) :]) < 0.005  # none waited
    # The fade is sample by sample: nothing moves faster than the sine itself does.
    steepest = 2 * np.pi * VOICE_HZ * amplitude / RATE
    assert np.max(np.abs(np.diff(samples))) < 1.1 * steepest


def level_at(envelope: np.ndarray, mixer: DiskMixer, when: float) -> float:
    return float(envelope[mixer.output.frame_at(when)])


def test_the_mixer_does_not_rest_while_a_prompt_waits(
    monkeypatch: pytest.MonkeyPatch, make_sound: MakeSound
) -> None:
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    clock = FakeClock()
    engine = open_engine(clock=clock)
    assert isinstance(engine, PygameEngine)
    try:
        prompt = make_sound("prompt-end", VOICE_HZ, seconds=0.5, kind=Kind.PROMPT, loop=False)
        engine.play_prompt(prompt, at=clock.now + 4 * REST_AFTER_SECONDS)
        for _ in range(3):
            wait = engine.next_wakeup()
            assert wait is not None and wait > 0
            clock.advance(min(wait, REST_AFTER_SECONDS))
            engine.poll()
            assert not engine.resting
        engine.cancel_prompts()
        engine.poll()
        clock.advance(REST_AFTER_SECONDS)
        engine.poll()
        assert engine.resting
    finally:
        engine.close()
