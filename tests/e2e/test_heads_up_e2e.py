"""The heads-up before a change, heard through the real mixer (SDL's disk driver) at 1x: it lands
its configured time before the change (within 100 ms), and the phase's chime on the change. With
the voice off it is the soft tone; with it on, "Fifteen seconds.", then "Next: …" said whole
before the change.

The window, the session, its chimes and its voice are built and wired as main.py builds them, in
this process, on real time. The first phase lasts a minute; rather than wait for its heads-up,
the laptop sleeps once just after the start, as a laptop does: the session's clock (the room's,
as CLOCK_BOOTTIME is) jumps, the session catches up once, and the heads-up is a few seconds away.
The sound's clock, the monotonic one, does not jump (a sleep stops it). Where each sound starts
in the recording is found from its file (template matching, as for the chimes).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from e2e.disk_output import BLOCK_FRAMES, DiskOutput
from e2e.sound_match import Samples, decode, onsets
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.audio.engine import AudioEngine
from app.audio.library import SoundLibrary
from app.audio.opening import open_engine
from app.core.cue_queue import AFTER_CHIME_SECONDS, BREATH_SECONDS
from app.core.mixes import MixBook
from app.core.plan import BUILT_IN_PLANS
from app.core.preparation import Preparation
from app.core.prompts import heads_up_prompt, next_prompt, phase_prompt
from app.core.room import Checklist, ChecklistItem
from app.core.session import Session
from app.core.settings import UiState
from app.core.store import JsonFile
from app.main import wire_eyes_free, wire_sound
from app.paths import find_assets_dir
from app.ui.actions import create_actions
from app.ui.audio_bridge import HEADS_UP_CHIME, PHASE_CHIME, AudioBridge
from app.ui.main_window import MainWindow
from app.ui.session_bridge import SessionBridge
from app.ui.theme import DARK

TOLERANCE = 0.1  # the figure at 1x
# From the end of what the start sounded to the heads-up: less than the 2 s after which a quiet
# mixer rests (closes, and SDL's disk driver starts its file again when it reopens).
AHEAD_SECONDS = 1.0
LISTEN_AFTER_SECONDS = 1.0  # recorded past the change: the phase's chime has struck
# The soft tone is a pure G4 (392 Hz), below the band onsets() matches in. Heard four times
# faster, every sound is four times higher and matched there as the chimes are.
SPED_UP = 4


class RoomClock:
    """The session's clock: the monotonic clock plus the time the laptop slept, and its last
    reading (the moment the session's figures are "as of")."""

    def __init__(self) -> None:
        self.slept = 0.0
        self.read = 0.0

    def __call__(self) -> float:
        self.read = time.monotonic() + self.slept
        return self.read


@pytest.fixture
def clock() -> RoomClock:
    return RoomClock()


@pytest.fixture
def engine(monkeypatch: pytest.MonkeyPatch, disk_output: DiskOutput) -> Iterator[AudioEngine]:
    monkeypatch.setenv("SDL_AUDIODRIVER", "disk")
    monkeypatch.setenv("SDL_DISKAUDIOFILE", str(disk_output.path))
    engine = open_engine(clock=time.monotonic)
    assert engine.info.available, engine.info.reason
    yield engine
    engine.close()


def faster(samples: Samples) -> Samples:
    """The sound heard SPED_UP times faster: each run of SPED_UP frames averaged into one."""
    frames = len(samples) // SPED_UP * SPED_UP
    return samples[:frames].reshape(-1, SPED_UP, samples.shape[1]).mean(axis=1)


def starts(recording: Samples, sound_id: str, library: SoundLibrary) -> list[int]:
    """The recording's frames at which the sound's file starts, each time it does."""
    sound = faster(decode(library.get(sound_id).path))
    return [onset.frame * SPED_UP for onset in onsets(faster(recording), sound)]


@pytest.fixture
def window(
    qtbot: QtBot, engine: AudioEngine, clock: RoomClock, tmp_path: Path, voice: bool
) -> Iterator[MainWindow]:
    """The window on the room's clock and the real mixer, wired as main.py wires it."""
    state = UiState(voice=voice)
    library = SoundLibrary.open(find_assets_dir() / "audio", tmp_path / "sounds")
    owner = QWidget()  # the actions' owner, as the application is in main.py: kept to the end
    qtbot.addWidget(owner)
    audio = AudioBridge(engine, library, time.monotonic, parent=owner)
    bridge = SessionBridge(
        lambda plan: Session(plan, clock, heads_up=state.heads_up_seconds), clock, parent=owner
    )
    window = MainWindow(
        Preparation(BUILT_IN_PLANS, Checklist(done=set(ChecklistItem)), chosen="classic"),
        bridge,
        audio,
        state,
        DARK,
        commands=create_actions(owner),
        mixes=MixBook(JsonFile(tmp_path / "state.json", title="the saved mixes"), {}),
    )
    qtbot.addWidget(window)
    wire_sound(bridge, audio)
    wire_eyes_free(window, 1.0)
    window.load_chosen_plan()
    yield window


@pytest.mark.parametrize("voice", [False, True], ids=["tone", "voice"])
def test_the_heads_up_lands_its_time_before_the_change_and_the_chime_on_it(
    qtbot: QtBot, window: MainWindow, clock: RoomClock, disk_output: DiskOutput, voice: bool
) -> None:
    bridge, library = window.bridge, window.audio.library
    qtbot.wait(300)  # the mixer's first blocks
    wall = time.time() - time.monotonic()  # the recording's clock less the sound's
    bridge.start_or_pause()
    session = bridge.session
    first, coming = session.plan.phases[0], session.plan.phases[1]
    assert session.phase_duration >= 60 and session.heads_up == 15
    # The start's chime has rung out (and the phase's line, said after it, is over) before the
    # heads-up: 45 s into the phase they always are.
    opening = library.get(PHASE_CHIME).seconds
    if voice:
        line = library.get(phase_prompt(first).id).seconds
        opening = max(opening, AFTER_CHIME_SECONDS + line + BREATH_SECONDS)
    clock.slept = session.phase_duration - session.heads_up - opening - AHEAD_SECONDS
    bridge.tick()  # awake again: the session catches up once
    # The session's own figures, as of the clock's reading in that tick, on the sound's clock.
    change = clock.read - clock.slept + session.phase_remaining
    heads_up = change - session.heads_up
    give_up = change + 10
    while disk_output.written_until() < wall + change + LISTEN_AFTER_SECONDS:
        assert time.monotonic() < give_up, "the sound output stopped"
        qtbot.wait(100)
    disk_output.stop()
    timed = len(disk_output.block_times()) * BLOCK_FRAMES  # frames whose time is known
    recording = disk_output.samples()[:timed]

    def heard(sound_id: str) -> list[float]:
        """When the sound started, each time, on the sound's clock."""
        return [disk_output.time_of(frame) - wall for frame in starts(recording, sound_id, library)]

    said = heads_up_prompt(window.remembered.heads_up_seconds).id
    sound_id, not_heard = (said, HEADS_UP_CHIME) if voice else (HEADS_UP_CHIME, said)
    warned = heard(sound_id)
    assert len(warned) == 1, [round(at - heads_up, 3) for at in warned]
    error = warned[0] - heads_up
    assert abs(error) <= TOLERANCE, f"the heads-up came {error * 1000:+.0f} ms off its time"
    assert heard(not_heard) == []  # said rather than chimed, or chimed and not said

    chimed = [at for at in heard(PHASE_CHIME) if at > heads_up]  # the first rang at the start
    assert len(chimed) == 1, [round(at - change, 3) for at in chimed]
    late = chimed[0] - change
    assert abs(late) <= TOLERANCE, f"the phase's chime came {late * 1000:+.0f} ms off the change"

    if voice:  # "Next: warm the oil.", after "Fifteen seconds." and over before the change
        following = next_prompt(coming).id
        then = heard(following)
        assert len(then) == 1, [round(at - heads_up, 3) for at in then]
        assert warned[0] + library.get(said).seconds < then[0]
        assert then[0] + library.get(following).seconds < change
    print(
        f"heads-up ({'voice' if voice else 'tone'}) {error * 1000:+.1f} ms off its time, "
        f"the phase's chime {late * 1000:+.1f} ms off the change"
    )
