"""Opening an engine: the mixer when a device opens, a silent engine saying why when none does."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pygame
import pytest
from fake_clock import FakeClock
from unit.audio.audio_signals import (
    DiskMixer,
    MakeSound,
    assert_rests_when_quiet,
    db,
    drive,
    tone_amplitude,
    tone_envelope,
)
from unit.audio.pulse_server import RATE, PulseServer, stop

from app.audio.chimes import CHIME_CHANNELS, VOICE_CHANNELS, Decoded
from app.audio.engine import OUTPUT_LOST, AudioEngine, EngineInfo, LayerEnded
from app.audio.errors import SoundFailed
from app.audio.layers import mixer_level
from app.audio.opening import open_engine
from app.audio.pygame_engine import REST_AFTER_SECONDS, WATCH_SECONDS, PygameEngine
from app.audio.silent import SilentEngine
from app.audio.sound import Kind


def test_an_engine_with_no_sound_device_is_silent_and_says_why(
    monkeypatch: pytest.MonkeyPatch, make_sound: MakeSound
) -> None:
    monkeypatch.setenv("SDL_AUDIODRIVER", "no-such-driver")  # fails the same on every machine
    engine = open_engine()
    assert isinstance(engine, SilentEngine)
    assert engine.reason.startswith("No sound device could be opened (the system said: ")
    assert not engine.info.available
    assert engine.info.describe() == f"no sound: {engine.reason}"
    engine.play_layer(make_sound("river", 440))
    engine.play_chime(make_sound("chime-phase", 880), at=time.monotonic() + 1)
    engine.play_prompt(make_sound("prompt-end", 300), at=time.monotonic() + 1)
    engine.cancel_prompts()
    engine.set_layer_volume("river", 0.4, fade=2.0)
    assert engine.layers() == {"river": 0.4}
    assert engine.poll() == []
    assert engine.next_wakeup() is None
    engine.close()


def test_opening_the_engine_leaves_sigterm_to_the_app() -> None:
    opened = "from app.audio.opening import open_engine; open_engine(); print('open', flush=True)"
    with subprocess.Popen(
        [sys.executable, "-c", f"{opened}; import time; time.sleep(30)"],
        env=dict(os.environ, SDL_AUDIODRIVER="dummy"),
        stdout=subprocess.PIPE,
        text=True,
    ) as process:
        assert process.stdout is not None
        assert process.stdout.readline() == "open\n"
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == -signal.SIGTERM


def test_the_engine_tells_lull_doctor_about_its_output(disk_mixer: DiskMixer) -> None:
    info = disk_mixer.open().info
    assert info == EngineInfo(
        available=True,
        reason="",
        driver="disk",
        frequency=44100,
        buffer_frames=4096,
        output_latency=0.0,
    )
    assert info.describe() == "disk, 44100 Hz, buffer 4096 frames (93 ms), output latency 0 ms"


@pytest.mark.parametrize(
    ("gain", "level"), [(1.0, 1.0), (0.5, 0.5), (0.3, 38 / 128), (1.7, 1.0), (-0.2, 0.0)]
)
def test_gains_round_to_the_nearest_volume_sdl_can_hold(gain: float, level: float) -> None:
    assert mixer_level(gain) == level


@contextmanager
def through_pulse(
    pulse_server: PulseServer, monkeypatch: pytest.MonkeyPatch, recording: Path
) -> Iterator[AudioEngine]:
    """An engine on the private PulseAudio, its null sink recorded into `recording`."""
    monkeypatch.setenv("SDL_AUDIODRIVER", "pulseaudio")
    monkeypatch.setenv("PULSE_SERVER", pulse_server.address)
    recorder = pulse_server.record(recording)
    engine = open_engine()
    try:
        assert engine.info.driver == "pulseaudio", engine.info
        yield engine
    finally:
        engine.close()
        stop(recorder)


def left_channel(recording: Path) -> np.ndarray:
    return np.fromfile(recording, dtype="<i2").reshape(-1, 2)[:, 0] / 32768


def test_two_layers_reach_a_real_sound_server_at_their_levels(
    pulse_server: PulseServer,
    monkeypatch: pytest.MonkeyPatch,
    make_sound: MakeSound,
    tmp_path: Path,
) -> None:
    recording = tmp_path / "monitor.raw"
    with through_pulse(pulse_server, monkeypatch, recording) as engine:
        engine.play_layer(make_sound("river", 330, seconds=2.0), volume=0.8, fade_in=0)
        engine.play_layer(make_sound("ocean", 550, seconds=2.0), volume=0.4, fade_in=0)
        drive(engine, 2.0)

    left = left_channel(recording)
    playing = np.flatnonzero(np.abs(left) > 0.01)
    assert len(playing) > RATE, "less than a second of sound reached the sink"
    steady = left[playing[0] + RATE // 4 : playing[-1] - RATE // 4]
    assert db(tone_amplitude(steady, 330)) == pytest.approx(db(0.5 * 0.8), abs=1.0)
    assert db(tone_amplitude(steady, 550)) == pytest.approx(db(0.5 * 0.4), abs=1.0)


def test_the_mixer_rests_when_nothing_plays_and_wakes_for_the_next_sound(
    monkeypatch: pytest.MonkeyPatch, make_sound: MakeSound
) -> None:
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    clock = FakeClock()
    engine = open_engine(clock=clock)
    try:
        assert engine.next_wakeup() == pytest.approx(REST_AFTER_SECONDS)
        engine.poll()
        clock.advance(REST_AFTER_SECONDS)
        engine.poll()
        assert engine.resting and not pygame.mixer.get_init()
        assert engine.next_wakeup() is None  # no timer while it rests
        engine.play_layer(make_sound("tone", 440, 1.0), 0.5)
        assert not engine.resting and pygame.mixer.get_init()
        assert engine.layers() == {"tone": 0.5}
    finally:
        engine.close()


def test_the_mixer_wakes_with_pythons_lock_free_however_long_the_sound_server_takes(
    monkeypatch: pytest.MonkeyPatch, pulse_server: PulseServer, make_sound: MakeSound
) -> None:
    """The window's Python runs on while the device opens again. pygame's own init kept
    Python's lock until the sound server answered (3 ms on a quiet machine, 20 ms on a busy
    one), and the window waited with it."""
    monkeypatch.setenv("SDL_AUDIODRIVER", "pulseaudio")
    monkeypatch.setenv("PULSE_SERVER", pulse_server.address)
    clock = FakeClock()
    engine = open_engine(clock=clock)
    try:
        assert engine.info.driver == "pulseaudio"
        engine.poll()
        clock.advance(REST_AFTER_SECONDS)
        engine.poll()
        assert engine.resting
        sound = make_sound("tone", 440, 1.0)
        waking = threading.Thread(target=engine.play_layer, args=(sound, 0.5))
        os.kill(pulse_server.pid, signal.SIGSTOP)  # the server answers nothing for now
        try:
            waking.start()
            beats, began = 0, time.monotonic()
            while time.monotonic() - began < 0.3:  # Python, here, meanwhile
                beats += 1
                time.sleep(0.001)
            assert waking.is_alive()  # still waiting for the server
        finally:
            os.kill(pulse_server.pid, signal.SIGCONT)
        waking.join(10)
        assert beats > 30  # about 250 with the lock free; one or two while it is held
        assert not engine.resting and engine.layers() == {"tone": 0.5}
    finally:
        engine.close()


def test_a_sound_server_gone_mid_play_ends_the_soundscapes_saying_so_and_a_new_one_is_used(
    monkeypatch: pytest.MonkeyPatch, make_sound: MakeSound
) -> None:
    """The attacker killed PulseAudio during a session: Lull went on as if playing, silent,
    its sounds still lit, and never reached the server started again."""
    monkeypatch.setenv("SDL_AUDIODRIVER", "pulseaudio")
    with PulseServer() as first:
        monkeypatch.setenv("PULSE_SERVER", first.address)
        clock = FakeClock()
        engine = open_engine(clock=clock)
        try:
            engine.play_layer(make_sound("river", 440, 2.0), 0.5)
            assert engine.next_wakeup() is not None  # a looping sound is watched too
            os.kill(first.pid, signal.SIGKILL)
            ended = []
            for _ in range(100):  # SDL notices at its next block: a tenth of a second or so
                clock.advance(WATCH_SECONDS)
                ended = engine.poll()
                if ended:
                    break
                time.sleep(0.02)
            assert ended == [LayerEnded("river", OUTPUT_LOST, output_lost=True)]
            assert engine.layers() == {} and engine.resting
            with PulseServer() as second:
                monkeypatch.setenv("PULSE_SERVER", second.address)
                engine.play_layer(make_sound("river", 440, 2.0), 0.5)
                assert not engine.resting and engine.layers() == {"river": 0.5}
                clock.advance(WATCH_SECONDS)
                assert engine.poll() == []
        finally:
            engine.close()


def test_a_closed_engine_asks_for_no_timer_and_polls_to_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    engine = open_engine()
    engine.close()
    assert engine.next_wakeup() is None
    assert engine.poll() == []


@pytest.fixture
def resting_engine(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[PygameEngine, FakeClock]]:
    """An engine on SDL's dummy driver whose rests the test's own clock decides."""
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    clock = FakeClock()
    engine = open_engine(clock=clock)
    assert isinstance(engine, PygameEngine)
    try:
        yield engine, clock
    finally:
        engine.close()


def rest(engine: PygameEngine, clock: FakeClock) -> None:
    """Lets what sounds ring out (on the real clock: SDL mixes it), then lets the mixer rest."""
    channels = [pygame.mixer.Channel(n) for n in (*CHIME_CHANNELS, *VOICE_CHANNELS)]
    deadline = time.monotonic() + 5
    while any(channel.get_busy() for channel in channels) and time.monotonic() < deadline:
        time.sleep(0.01)
    engine.poll()
    clock.advance(REST_AFTER_SECONDS)
    engine.poll()
    assert engine.resting


def test_a_prepared_prompt_is_decoded_before_it_is_played(
    resting_engine: tuple[PygameEngine, FakeClock], make_sound: MakeSound
) -> None:
    # Decoded after the change is drawn, the next change's lines cost the change nothing: here
    # the file is gone by then, and the prompt still plays.
    engine, _clock = resting_engine
    prompt = make_sound("prompt-next-neck", 300, 0.5, kind=Kind.PROMPT, loop=False)
    engine.prepare(prompt)
    prompt.path.unlink()
    engine.play_prompt(prompt)
    assert pygame.mixer.Channel(VOICE_CHANNELS[0]).get_busy()


def test_chimes_and_prompts_stay_decoded_while_the_mixer_rests(
    resting_engine: tuple[PygameEngine, FakeClock], make_sound: MakeSound
) -> None:
    # At 1x with no soundscape the mixer rests between changes: the next change's chime must not
    # be decoded all over again.
    engine, clock = resting_engine
    chime = make_sound("chime-phase", 880, 0.3, kind=Kind.CHIME, loop=False)
    prompt = make_sound("prompt-checkin", 300, 0.3, kind=Kind.PROMPT, loop=False)
    engine.play_chime(chime)
    engine.prepare(prompt)
    rest(engine, clock)
    chime.path.unlink()
    prompt.path.unlink()
    engine.play_chime(chime)
    engine.play_prompt(prompt)
    assert not engine.resting
    assert pygame.mixer.Channel(CHIME_CHANNELS[0]).get_busy()
    assert pygame.mixer.Channel(VOICE_CHANNELS[0]).get_busy()


def test_preparing_while_the_mixer_rests_or_a_broken_sound_waits_for_the_sound_itself(
    resting_engine: tuple[PygameEngine, FakeClock], make_sound: MakeSound
) -> None:
    engine, clock = resting_engine
    rest(engine, clock)
    prompt = make_sound("prompt-end", 300, 0.3, kind=Kind.PROMPT, loop=False)
    engine.prepare(prompt)
    assert engine.resting  # a sound to come does not open the output
    broken = make_sound("prompt-sides", 300, 0.3, kind=Kind.PROMPT, loop=False)
    broken.path.write_bytes(b"OggS" + bytes(64))
    engine.play_chime(make_sound("chime-phase", 880, 0.3, kind=Kind.CHIME, loop=False))
    engine.prepare(broken)  # said when it is played, not now
    with pytest.raises(SoundFailed, match="could not be played"):
        engine.play_prompt(broken)


def test_what_stays_decoded_is_the_most_recently_used_up_to_a_bound(
    resting_engine: tuple[PygameEngine, FakeClock],
    make_sound: MakeSound,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    engine, _clock = resting_engine
    monkeypatch.setattr(Decoded, "KEEP_SECONDS", 1.0)
    first, second, third = (
        make_sound(f"prompt-{n}", 300, 0.4, kind=Kind.PROMPT, loop=False) for n in range(3)
    )
    chime = make_sound("chime-end", 880, 1.5, kind=Kind.CHIME, loop=False)
    engine.prepare(chime)  # every chime is kept, outside the bound
    for prompt in (first, second, first, third):  # 1.2 s in all: the least recently used goes
        engine.prepare(prompt)
    for sound in (first, second, third, chime):
        sound.path.unlink()
    engine.play_chime(chime)
    engine.play_prompt(first)
    engine.play_prompt(third)
    with pytest.raises(SoundFailed):
        engine.play_prompt(second)


def test_a_chime_kept_through_a_rest_is_heard_whole_after_the_wake(
    pulse_server: PulseServer,
    monkeypatch: pytest.MonkeyPatch,
    make_sound: MakeSound,
    tmp_path: Path,
) -> None:
    recording = tmp_path / "monitor.raw"
    chime = make_sound("chime-phase", 880, 0.4, kind=Kind.CHIME, loop=False)
    with through_pulse(pulse_server, monkeypatch, recording) as engine:
        engine.play_chime(chime)
        drive(engine, 0.8)
        assert_rests_when_quiet(engine)
        chime.path.unlink()  # what plays now can only be the sound kept through the rest
        engine.play_chime(chime)
        drive(engine, 0.8)

    left = left_channel(recording)
    ringing = tone_envelope(left, 880, smooth=RATE // 88)
    assert np.count_nonzero(ringing > 0.1) / RATE == pytest.approx(2 * 0.4, abs=0.05)


def test_a_prompt_that_is_no_file_is_refused_at_once_not_waited_on(
    resting_engine: tuple[PygameEngine, FakeClock], make_sound: MakeSound
) -> None:
    # A FIFO in place of a prompt held the sound's thread for good, opened as the next change's
    # lines were decoded ahead: the mute and the soundscapes went unheard, and quitting waited.
    engine, _clock = resting_engine
    prompt = make_sound("prompt-phase-effleurage", 300, 0.3, kind=Kind.PROMPT, loop=False)
    prompt.path.unlink()
    os.mkfifo(prompt.path)
    outcome: list[BaseException | None] = []

    def play() -> None:
        engine.prepare(prompt)
        try:
            engine.play_prompt(prompt)
        except SoundFailed as error:
            outcome.append(error)
        else:
            outcome.append(None)

    trying = threading.Thread(target=play, daemon=True)
    trying.start()
    trying.join(5)
    if trying.is_alive():  # blocked on the FIFO: let it go, then fail
        with open(prompt.path, "wb"):
            pass
        trying.join(5)
    assert not trying.is_alive() and outcome, "the FIFO was opened and waited on"
    assert isinstance(outcome[0], SoundFailed)
    assert "missing from disk" in outcome[0].reason
