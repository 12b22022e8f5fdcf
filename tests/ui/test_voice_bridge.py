"""The voice bridge: the session's moments said one line at a time, after their chimes, most
important first, never stale, and hushed when the giver pauses, ends or moves.

The prompts are tones of the test's own in a catalogue of the test's own, each as long as the
catalogue says; what the bridge hands over (and when, on the sound's clock) is read from its
`lineBooked` signal, and the engine is the silent one Lull uses when no device opens.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from fake_clock import FakeClock
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from unit.audio.audio_signals import write_tone

from app.audio.library import SoundLibrary
from app.audio.silent import SilentEngine
from app.audio.sound import Kind, SoundEntry
from app.core.cue_queue import AFTER_CHIME_SECONDS, BREATH_SECONDS
from app.core.plan import Plan, built_in_plan
from app.core.prompts import CHECKIN, END, SIDES, TOWEL, Prompt, every_prompt
from app.core.session import Session
from app.desktop.speech import DesktopSpeech
from app.ui.audio_bridge import EVERY_CHIME, AudioBridge
from app.ui.session_bridge import SessionBridge
from app.ui.voice_bridge import PREPARE_AFTER_MS, VoiceBridge

NECK = 7  # the classic plan's neck: the towels are due as it begins (closing 4 min later)
TICK = 0.1  # how often time moves in these tests
SECONDS_PER_CHAR = 0.05  # the test's prompts last about as long as a calm voice would take


def length_of(prompt: Prompt) -> float:
    return round(max(0.8, SECONDS_PER_CHAR * len(prompt.text)), 2)


@pytest.fixture(scope="session")
def prompt_assets(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A built-in folder with every prompt, as the catalogue lists them."""
    folder = tmp_path_factory.mktemp("assets")
    (folder / "prompts").mkdir()
    sounds = []
    for number, prompt in enumerate(every_prompt()):
        seconds = length_of(prompt)
        write_tone(folder / "prompts" / f"{prompt.id}.ogg", 1500 + 40 * number, seconds, 0.3)
        sounds.append(
            {
                "id": prompt.id,
                "title": prompt.text,
                "kind": "prompt",
                "file": f"prompts/{prompt.id}.ogg",
                "loop": False,
                "seconds": seconds,
                "licence": "CC0-1.0, a test tone",
            }
        )
    (folder / "catalog.json").write_text(json.dumps({"version": 1, "sounds": sounds}))
    return folder


class Voiced:
    def __init__(self, bridge: SessionBridge, voice: VoiceBridge, audio: AudioBridge) -> None:
        self.bridge, self.voice, self.audio = bridge, voice, audio
        self.booked: list[tuple[str, float]] = []
        voice.lineBooked.connect(lambda what, at: self.booked.append((what, at)))

    @property
    def said(self) -> list[str]:
        return [what for what, _ in self.booked]

    def at(self, what: str) -> float:
        """When the line starts; the session ticks every tenth of a second here."""
        return pytest.approx(dict(self.booked)[what], abs=TICK)  # type: ignore[no-any-return]


def make_voiced(
    bridge: SessionBridge, clock: FakeClock, library: SoundLibrary, speech: DesktopSpeech
) -> Voiced:
    """The voice and its sound, deleted with `bridge`."""
    audio = AudioBridge(SilentEngine("No sound in this test."), library, clock, parent=bridge)
    return Voiced(bridge, VoiceBridge(bridge, audio, speech, clock, parent=bridge), audio)


@pytest.fixture
def voiced(bridge: SessionBridge, clock: FakeClock, prompt_assets: Path, tmp_path: Path) -> Voiced:
    library = SoundLibrary.open(prompt_assets, tmp_path / "sounds")
    voiced = make_voiced(bridge, clock, library, DesktopSpeech(clock=clock))
    bridge.load(built_in_plan("classic"))
    return voiced


def advance(voiced: Voiced, clock: FakeClock, seconds: float, step: float = TICK) -> None:
    """Time passes, a tenth of a second at a time (as the session's and the voice's timers
    would wake): the session ticks, and the voice hands over what is due by then."""
    left = seconds
    while left > 1e-9:
        clock.advance(min(step, left))
        left -= step
        voiced.bridge.tick()
        QApplication.processEvents()  # the voice's timer, armed for now


def test_a_phase_is_said_as_it_begins_after_its_chime(voiced: Voiced, clock: FakeClock) -> None:
    start = clock()
    voiced.bridge.start_or_pause()
    advance(voiced, clock, 0.2)
    assert voiced.booked == [("prompt-phase-settle", start + AFTER_CHIME_SECONDS)]


def test_a_phase_that_begins_by_itself_is_said_after_its_chime_on_the_deadline(
    voiced: Voiced, clock: FakeClock
) -> None:
    voiced.bridge.start_or_pause()
    deadline = clock() + 60
    advance(voiced, clock, 61)
    assert deadline + AFTER_CHIME_SECONDS == voiced.at("prompt-phase-warm-oil")


def test_two_lines_due_together_are_said_one_after_the_other_most_important_first(
    voiced: Voiced, clock: FakeClock
) -> None:
    voiced.bridge.start_or_pause()
    advance(voiced, clock, 10)
    voiced.booked.clear()
    moved = clock()
    voiced.bridge.go_to(NECK)  # the towels fall due as the neck begins
    advance(voiced, clock, 5)
    neck = length_of(next(p for p in every_prompt() if p.id == "prompt-phase-neck"))
    assert voiced.said == ["prompt-phase-neck", TOWEL.id]
    assert moved + AFTER_CHIME_SECONDS == voiced.at("prompt-phase-neck")
    assert moved + AFTER_CHIME_SECONDS + neck + BREATH_SECONDS == voiced.at(TOWEL.id)


def test_the_heads_up_says_how_long_then_what_comes_next(voiced: Voiced, clock: FakeClock) -> None:
    voiced.bridge.start_or_pause()
    heads_up = clock() + 45  # the settling minute's last 15 seconds
    advance(voiced, clock, 48)
    fifteen = length_of(next(p for p in every_prompt() if p.id == "prompt-heads-up-15"))
    assert voiced.said == ["prompt-phase-settle", "prompt-heads-up-15", "prompt-next-warm-oil"]
    assert heads_up == voiced.at("prompt-heads-up-15")
    assert heads_up + fifteen + BREATH_SECONDS == voiced.at("prompt-next-warm-oil")


def test_with_no_words_for_the_heads_up_length_only_what_comes_next_is_said(
    voiced: Voiced, clock: FakeClock
) -> None:
    voiced.voice.set_heads_up_seconds(12)  # not a length the voice has words for
    voiced.bridge.start_or_pause()
    advance(voiced, clock, 48)
    assert voiced.said == ["prompt-phase-settle", "prompt-next-warm-oil"]


def test_pausing_hushes_what_was_waiting(qtbot: QtBot, voiced: Voiced, clock: FakeClock) -> None:
    voiced.bridge.start_or_pause()
    voiced.bridge.start_or_pause()  # paused before the first line was handed over
    advance(voiced, clock, 2)
    assert voiced.booked == []


def test_a_jump_says_the_new_phase_not_the_one_left(
    qtbot: QtBot, voiced: Voiced, clock: FakeClock
) -> None:
    voiced.bridge.start_or_pause()
    voiced.bridge.next()  # before the settling line was handed over
    advance(voiced, clock, 2)
    assert voiced.said == ["prompt-phase-warm-oil"]


def test_after_the_machine_slept_nothing_stale_is_said(
    qtbot: QtBot, voiced: Voiced, clock: FakeClock
) -> None:
    voiced.bridge.start_or_pause()
    advance(voiced, clock, 1)
    advance(voiced, clock, 650, step=650)  # one catch-up, 50 s into the upper back's kneading
    advance(voiced, clock, 5)
    assert voiced.said == ["prompt-phase-settle"]


def test_the_check_in_sides_and_end_are_said(
    qtbot: QtBot, clock: FakeClock, prompt_assets: Path, tmp_path: Path, keeper: QObject
) -> None:
    bridge = SessionBridge(
        lambda plan: Session(plan, clock, checkin_every=150), clock, parent=keeper
    )
    library = SoundLibrary.open(prompt_assets, tmp_path / "sounds")
    voiced = make_voiced(bridge, clock, library, DesktopSpeech(clock=clock))
    plan = built_in_plan("classic")
    shoulders = replace(plan.phases[3], sides=True)  # 240 s: switched at 120 s, asked at 150 s
    bridge.load(replace(plan, phases=(shoulders,)))
    bridge.start_or_pause()
    advance(voiced, clock, 242)
    assert voiced.said == ["prompt-phase-knead-shoulders", SIDES.id, CHECKIN.id, END.id]


def test_with_the_voice_off_only_the_chimes_and_the_heads_up_tone_sound(
    qtbot: QtBot, voiced: Voiced, clock: FakeClock
) -> None:
    voiced.voice.set_voice(False)
    assert voiced.audio.heads_up_tone
    voiced.bridge.start_or_pause()
    advance(voiced, clock, 50)
    assert voiced.booked == []
    voiced.voice.set_voice(True)
    assert not voiced.audio.heads_up_tone


def test_with_the_voice_turned_right_down_the_heads_up_tone_sounds_instead(
    qtbot: QtBot, voiced: Voiced, clock: FakeClock
) -> None:
    """An attacker's voice at volume 0, still ticked on: no heads-up was heard at all."""
    voiced.voice.set_volume(0.0)
    assert voiced.audio.heads_up_tone
    voiced.bridge.start_or_pause()
    advance(voiced, clock, 50)
    assert voiced.booked == []  # and nothing silent is said, with the music dipped under it
    voiced.voice.set_volume(0.5)
    assert not voiced.audio.heads_up_tone


def test_prompts_without_a_recording_are_left_unsaid(
    qtbot: QtBot, bridge: SessionBridge, clock: FakeClock, tmp_path: Path
) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "catalog.json").write_text('{"version": 1, "sounds": []}')
    library = SoundLibrary.open(tmp_path / "empty", tmp_path / "sounds")
    voiced = make_voiced(bridge, clock, library, DesktopSpeech(clock=clock))
    problems: list[str] = []
    voiced.audio.problem.connect(problems.append)
    bridge.load(built_in_plan("classic"))
    bridge.start_or_pause()
    advance(voiced, clock, 1)
    assert voiced.booked == [] and problems == []


ANSWERING = """#!/bin/sh
if [ "$1" = -O ]; then printf 'OUTPUT MODULES\\nespeak-ng\\n'; exit 0; fi
printf '%s\\0' "$@" > "$0.said"
"""


def with_note(plan: Plan, note: str) -> Plan:
    return replace(plan, phases=(replace(plan.phases[0], note=note), *plan.phases[1:]))


@pytest.mark.parametrize("answers", [True, False], ids=["service-answers", "no-service"])
def test_a_note_of_the_givers_own_is_spoken_after_the_phase_only_if_the_service_answers(
    answers: bool,
    qtbot: QtBot,
    bridge: SessionBridge,
    clock: FakeClock,
    prompt_assets: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / "bin").mkdir()
    command = tmp_path / "bin" / "spd-say"
    if answers:
        command.write_text(ANSWERING)
        command.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    speech = DesktopSpeech(clock=clock)
    speech.probe()
    speech.wait(10)
    library = SoundLibrary.open(prompt_assets, tmp_path / "sounds")
    voiced = make_voiced(bridge, clock, library, speech)
    bridge.load(with_note(built_in_plan("classic"), "Sam's left shoulder is sore: go gently."))
    start = clock()
    bridge.start_or_pause()
    settle = next(p for p in every_prompt() if p.id == "prompt-phase-settle")
    advance(voiced, clock, AFTER_CHIME_SECONDS + length_of(settle))
    note_at = start + AFTER_CHIME_SECONDS + length_of(settle) + BREATH_SECONDS
    if not answers:
        assert voiced.said == ["prompt-phase-settle"]
        return
    assert voiced.said[1] == "Sam's left shoulder is sore: go gently."
    assert note_at == voiced.at(voiced.said[1])
    advance(voiced, clock, BREATH_SECONDS)
    qtbot.waitUntil(command.with_suffix(".said").exists, timeout=5000)
    speech.wait(10)
    said = command.with_suffix(".said").read_bytes().split(b"\0")
    assert said[-2] == b"Sam's left shoulder is sore: go gently."


class Preparing(SilentEngine):
    """The silent engine, noting what it was asked to decode ahead."""

    def __init__(self) -> None:
        super().__init__("No sound in this test.")
        self.prepared: list[str] = []

    def prepare(self, sound: SoundEntry) -> None:
        self.prepared.append(sound.id)


def test_once_a_change_is_drawn_the_next_changes_lines_are_decoded_ahead(
    qtbot: QtBot, bridge: SessionBridge, clock: FakeClock, prompt_assets: Path, tmp_path: Path
) -> None:
    engine = Preparing()
    library = SoundLibrary.open(prompt_assets, tmp_path / "sounds")
    audio = AudioBridge(engine, library, clock, parent=bridge)
    voice = VoiceBridge(bridge, audio, DesktopSpeech(clock=clock), clock, parent=bridge)
    bridge.load(built_in_plan("classic"))
    bridge.start_or_pause()
    assert engine.prepared == []  # not at the change, while the window redraws
    qtbot.waitUntil(lambda: engine.prepared != [])
    assert len(engine.prepared) == 1  # one at a time: the sound's thread holds no core long
    qtbot.waitUntil(lambda: len(engine.prepared) == 3)
    coming = ["prompt-heads-up-15", "prompt-next-warm-oil", "prompt-phase-warm-oil"]
    assert engine.prepared == coming
    engine.prepared.clear()
    while bridge.session.index < len(bridge.session.plan.phases) - 1:
        bridge.next()
    qtbot.waitUntil(lambda: engine.prepared != [])
    assert engine.prepared == ["prompt-end"]  # the last phase: the end comes next
    engine.prepared.clear()
    voice.set_voice(False)
    bridge.previous()
    qtbot.wait(PREPARE_AFTER_MS * 2)
    assert engine.prepared == []  # nothing to say, nothing to decode


def test_every_chime_is_decoded_once_the_sound_opens(
    library: SoundLibrary, clock: FakeClock, keeper: QObject
) -> None:
    audio = AudioBridge(SilentEngine("Sound is starting."), library, clock, parent=keeper)
    engine = Preparing()
    audio.attach(engine)
    assert engine.prepared == list(EVERY_CHIME)
    assert [library.get(chime).kind for chime in EVERY_CHIME] == [Kind.CHIME] * len(EVERY_CHIME)
