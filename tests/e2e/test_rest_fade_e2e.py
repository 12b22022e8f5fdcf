"""The rest after a session, heard through the real mixer writing a file (SDL's disk driver):
the music plays on for the rest, then fades out over a minute and is silent, never rising.

Sped up as `lull --speed` is: the session's clock, the rest timer and its fade all run SPEED
times faster, so five minutes of rest take five seconds; the sound is real.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from e2e.disk_output import DiskOutput
from e2e.sound_match import block_gains, decode, loop_offset
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from app.audio.engine import AudioEngine
from app.audio.library import SoundLibrary
from app.audio.opening import open_engine
from app.core.clock import scaled_clock
from app.core.plan import built_in_plan
from app.core.rest_timer import REST_FADE_SECONDS
from app.core.session import Session
from app.paths import find_assets_dir
from app.ui.ambience_follower import AmbienceFollower
from app.ui.audio_bridge import AudioBridge
from app.ui.session_bridge import SessionBridge

SPEED = 60  # a session minute in a wall second
REST_MINUTES = 5
RIVER = 0.7
PLAYING_FLOOR = 0.5  # the river's gain at least this share of its level before the fade
SILENT = 0.01  # and at most this once the fade is over
RISE_ALLOWANCE = 0.02  # SDL steps a channel's volume by about 1/128 (see test_session_sound_e2e)


@pytest.fixture
def engine(monkeypatch: pytest.MonkeyPatch, disk_output: DiskOutput) -> Iterator[AudioEngine]:
    monkeypatch.setenv("SDL_AUDIODRIVER", "disk")
    monkeypatch.setenv("SDL_DISKAUDIOFILE", str(disk_output.path))
    engine = open_engine()
    assert engine.info.available, engine.info.reason
    yield engine
    engine.close()


def test_the_rest_timer_plays_the_music_on_then_fades_it_out_never_rising(
    qtbot: QtBot, engine: AudioEngine, disk_output: DiskOutput, tmp_path: Path, keeper: QObject
) -> None:
    clock = scaled_clock(time.monotonic, SPEED)
    library = SoundLibrary.open(find_assets_dir() / "audio", tmp_path / "sounds")
    audio = AudioBridge(engine, library, time.monotonic, parent=keeper)
    bridge = SessionBridge(lambda plan: Session(plan, clock), clock, speed=SPEED, parent=keeper)
    follower = AmbienceFollower(
        bridge, audio, clock, rest_minutes=REST_MINUTES, speed=SPEED, parent=keeper
    )
    bridge.load(built_in_plan("shoulders-neck"))
    audio.play("river", RIVER)
    bridge.start_or_pause()
    qtbot.wait(1500)  # the river faded in, a session minute and a half under way
    with qtbot.waitSignal(bridge.finished):
        bridge.end()
    ended = time.time()
    assert follower.resting
    rest, fade = REST_MINUTES * 60 / SPEED, REST_FADE_SECONDS / SPEED
    qtbot.waitUntil(lambda: not follower.resting, timeout=int((rest + 5) * 1000))
    assert audio.playing() == {}
    give_up = time.monotonic() + rest + fade + 10
    while disk_output.written_until() < ended + rest + fade + 0.5:
        assert time.monotonic() < give_up, "the sound output stopped"
        qtbot.wait(100)
    disk_output.stop()

    recording = disk_output.samples()
    river = decode(find_assets_dir() / "audio" / "river.ogg")
    gains = block_gains(recording, river, loop_offset(recording, river))
    times = disk_output.block_times()
    gains = gains[: len(times)]  # a block written after the watch stopped was never timed
    when = times[: len(gains)] - ended  # wall seconds from the end
    level = RIVER * engine.master_volume
    a_second_short = rest - 1 / SPEED  # N minutes minus a second, on the session's clock
    before = gains[(when > a_second_short - 0.3) & (when < a_second_short)]
    during = gains[(when >= rest) & (when <= rest + fade)]
    after = gains[(when > rest + fade + 0.2) & (when < rest + fade + 0.5)]
    assert len(before) and len(during) > 5 and len(after), "too little was recorded"
    assert before.min() > PLAYING_FLOOR * level, f"the river at {before} before its fade"
    assert np.all(np.diff(during) <= RISE_ALLOWANCE * level), f"the fade rose: {during}"
    assert during[-1] < 0.2 * level
    assert np.abs(after).max() < SILENT, f"still heard after the fade: {after}"
    print(
        f"rest fade: river {before.min() / level:.3f} of its level 1 s before the rest's end, "
        f"{np.abs(after).max():.4f} after; largest step up during the fade "
        f"{max(0.0, float(np.diff(during).max())) / level:.4f}"
    )
