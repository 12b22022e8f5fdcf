"""Two prompts due together, heard through the real mixer (SDL's disk driver): one after the
other, the more important first, neither over the other nor over the chime.

The session starts on the neck with the towels already due (the closing follows it, and the
towels warm five minutes ahead), so the phase's line and the towel's fall due at the same moment,
with the phase's chime and the reminder's. The lines are tones of the test's own, each at its own
pitch, so each is found in the recording by its opening (template matching, as for the chimes)
and its end by its own pitch's envelope.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from e2e.disk_output import RATE, DiskOutput
from e2e.sound_match import decode, onsets
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot
from unit.audio.audio_signals import tone_envelope, write_tone

from app.audio.engine import AudioEngine
from app.audio.library import SoundLibrary
from app.audio.opening import open_engine
from app.core.cue_queue import AFTER_CHIME_SECONDS, BREATH_SECONDS
from app.core.plan import built_in_plan
from app.core.prompts import TOWEL
from app.core.session import Session
from app.desktop.speech import DesktopSpeech
from app.main import wire_sound
from app.paths import find_assets_dir
from app.ui.audio_bridge import CHECKIN_CHIME, PHASE_CHIME, AudioBridge
from app.ui.session_bridge import SessionBridge
from app.ui.voice_bridge import VoiceBridge

NECK = "prompt-phase-neck"
# Above the chimes' partials (the phase chime's highest is 2.61 kHz), apart from each other.
PITCHES = {NECK: 3300.0, TOWEL.id: 4100.0}
SECONDS = {NECK: 1.6, TOWEL.id: 1.2}
LISTEN_SECONDS = 5.0  # the chime, both lines and the breath between them, with room to spare
# A line asked for ahead is heard on its start within a block or so (93 ms), as chimes are.
START_TOLERANCE = 0.1
# Where one line's pitch is louder than this share of its peak, it is speaking.
SPEAKING_SHARE = 0.5


@pytest.fixture
def assets(tmp_path: Path) -> Path:
    """The real chimes, and the two lines as tones, in a catalogue of the test's own."""
    real = find_assets_dir() / "audio"
    catalogue = json.loads((real / "catalog.json").read_text())
    folder = tmp_path / "assets"
    (folder / "prompts").mkdir(parents=True)
    chimes = [s for s in catalogue["sounds"] if s["id"] in (PHASE_CHIME, CHECKIN_CHIME)]
    for sound in chimes:
        shutil.copy(real / sound["file"], folder / sound["file"])
    lines = []
    for prompt_id, pitch in PITCHES.items():
        file = f"prompts/{prompt_id}.ogg"
        write_tone(folder / file, pitch, SECONDS[prompt_id], 0.4, attack=0.01)
        lines.append(
            {
                "id": prompt_id,
                "title": prompt_id,
                "kind": "prompt",
                "file": file,
                "loop": False,
                "seconds": SECONDS[prompt_id],
                "licence": "CC0-1.0, a test tone",
            }
        )
    (folder / "catalog.json").write_text(json.dumps({"version": 1, "sounds": chimes + lines}))
    return folder


@pytest.fixture
def disk_engine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[AudioEngine, DiskOutput]]:
    output = DiskOutput(tmp_path / "mix.raw")
    monkeypatch.setenv("SDL_AUDIODRIVER", "disk")
    monkeypatch.setenv("SDL_DISKAUDIOFILE", str(output.path))
    output.start()
    engine = open_engine(clock=time.monotonic)
    assert engine.info.available, engine.info.reason
    yield engine, output
    engine.close()
    output.stop()


def speaking(recording: np.ndarray, prompt_id: str) -> np.ndarray:
    """Where the line's pitch sounds, frame by frame."""
    envelope = tone_envelope(recording.mean(axis=1), PITCHES[prompt_id], smooth=441)
    return envelope > SPEAKING_SHARE * envelope.max()


def test_two_prompts_due_together_are_heard_one_after_the_other(
    qtbot: QtBot,
    keeper: QObject,
    assets: Path,
    tmp_path: Path,
    disk_engine: tuple[AudioEngine, DiskOutput],
) -> None:
    engine, output = disk_engine
    library = SoundLibrary.open(assets, tmp_path / "sounds")
    audio = AudioBridge(engine, library, time.monotonic, parent=keeper)
    bridge = SessionBridge(
        lambda plan: Session(plan, time.monotonic), time.monotonic, parent=keeper
    )
    wire_sound(bridge, audio)  # the chimes, as main.py wires them
    voice = VoiceBridge(bridge, audio, DesktopSpeech(), time.monotonic, parent=keeper)
    booked: dict[str, float] = {}
    voice.lineBooked.connect(lambda what, at: booked.setdefault(what, at))
    plan = built_in_plan("classic")
    bridge.load(replace(plan, phases=plan.phases[-2:]))  # the neck, then the closing
    qtbot.wait(300)  # the mixer's first blocks
    started = time.monotonic()
    bridge.start_or_pause()
    qtbot.wait(round(LISTEN_SECONDS * 1000))
    wall_offset = time.time() - time.monotonic()  # the disk output's times are wall times
    recording = output.samples()

    assert list(booked) == [NECK, TOWEL.id]  # the phase first: it is the more important
    first = booked[NECK]
    assert first == pytest.approx(started + AFTER_CHIME_SECONDS, abs=0.05)
    assert booked[TOWEL.id] == pytest.approx(first + SECONDS[NECK] + BREATH_SECONDS, abs=0.01)

    heard = {}
    for prompt_id in PITCHES:
        found = onsets(recording, decode(assets / "prompts" / f"{prompt_id}.ogg"))
        assert len(found) == 1, f"{prompt_id} heard {len(found)} times"
        heard[prompt_id] = found[0].frame
        assert output.time_of(found[0].frame) - wall_offset == pytest.approx(
            booked[prompt_id], abs=START_TOLERANCE
        )
    neck, towel = speaking(recording, NECK), speaking(recording, TOWEL.id)
    assert not np.any(neck & towel), "the two lines overlapped"
    neck_end = int(np.flatnonzero(neck)[-1])
    gap = (heard[TOWEL.id] - neck_end) / RATE
    assert gap == pytest.approx(BREATH_SECONDS, abs=0.06)
