"""A sped-up plan with phases worked side by side, heard through the real mixer writing a file:
at each phase's half, the sides chime, on time; at each phase change, the phase chime; never one
for the other.

How the chimes are placed in time is test_session_sound_e2e.py's way (see disk_output.py and
sound_match.py); the session's start comes from its logged events.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from itertools import accumulate
from pathlib import Path

import numpy as np
import pytest
from e2e.disk_output import DiskOutput
from e2e.lull_process import ARTIFACTS, LullProcess, logged_at, remember
from e2e.sound_match import Samples, decode, onsets
from e2e.spectrogram_artifact import save_spectrogram
from e2e.test_session_sound_e2e import MEDIAN_TOLERANCE, ONSET_TOLERANCE, UNSCHEDULED_LATENESS

from app.core.plan import Area, Phase, Plan, Position
from app.core.plan import PhaseKind as K
from app.core.plan_file import plan_to_json
from app.paths import find_assets_dir

SPEED = 30  # the plan's 5 minutes in 10 s, as the phase chimes' own test runs
PLAN = Plan(
    id="sides-e2e",
    title="Side by side",
    position=Position.LYING,
    phases=(
        Phase(K.SETTLE, Area.FULL_BACK, 30),
        Phase(K.WARM_OIL, Area.FULL_BACK, 30),
        Phase(K.KNEAD, Area.SHOULDERS, 120, sides=True, note="Slowly on the left knot"),
        Phase(K.NECK, Area.NECK, 60, sides=True),
        Phase(K.EFFLEURAGE, Area.FULL_BACK, 30),
        Phase(K.CLOSING, Area.FULL_BACK, 30),
    ),
)
BOUNDARIES = [0, *accumulate(phase.seconds for phase in PLAN.phases)]  # session seconds
SWITCHES = [
    start + phase.seconds / 2
    for start, phase in zip(BOUNDARIES, PLAN.phases, strict=False)  # BOUNDARIES has the end too
    if phase.sides
]
AFTER_END_SECONDS = 1.0  # recorded past the end: the last switch's chime has long been heard
NOT_THE_OTHER = 0.3  # seconds: no chime of the other kind starts this near a moment


def heard_at(recording: Samples, output: DiskOutput, started: float, chime: Path) -> list[float]:
    """Session seconds (wall seconds from the start, times SPEED) at which `chime` began."""
    found = onsets(recording, decode(chime))
    return [(output.time_of(onset.frame) - started) * SPEED for onset in found]


def on_time(found: list[float], moments: list[float]) -> list[float]:
    """For each moment, the one chime heard within the tolerance: its error in wall seconds."""
    errors = []
    for moment in moments:
        near = [(when - moment) / SPEED for when in found if abs(when - moment) / SPEED <= 0.5]
        assert len(near) == 1 and abs(near[0]) <= ONSET_TOLERANCE, (
            f"at {moment} s of the session: chimes off by {np.round(near, 4)} s wall; "
            f"all began at {np.round(found, 2)} s of the session"
        )
        errors.append(near[0])
    assert abs(float(np.median(errors))) <= MEDIAN_TOLERANCE, f"chimes off by {errors} s"
    return errors


@pytest.mark.usefixtures("qapp")  # the spectrogram's labels need fonts
def test_the_sides_chime_sounds_at_each_sided_phases_half_and_the_phase_chime_does_not(
    start_lull: Callable[..., LullProcess], disk_output: DiskOutput, tmp_path: Path
) -> None:
    plan_file = tmp_path / "sides.json"
    plan_file.write_text(plan_to_json(PLAN), encoding="utf-8")
    # The chimes alone: at this speed the words of one phase would run into the next one's
    # chime (the voice is heard in tests of its own).
    remember(voice=False)
    lull = start_lull(
        *("--plan", str(plan_file), "--start", "--speed", str(SPEED), "--sounds", "river"),
        audio_file=disk_output.path,
    )
    lull.wait_for(r"sound output: disk, ")  # the real mixer, not the silent stand-in
    starts, switched = [], []
    for index, boundary in enumerate(BOUNDARIES[:-1]):
        found = lull.wait_for(rf"PhaseStarted\(index={index}, .* at=([\d.]+), by_hand=")
        assert float(found[1]) == boundary
        starts.append(logged_at(found.string) - boundary / SPEED)
        if PLAN.phases[index].sides:
            told = lull.wait_for(rf"SideSwitched\(index={index}, side=.*RIGHT.*, at=([\d.]+)\)")
            switched.append(float(told[1]))
    assert switched == SWITCHES
    lull.wait_for(r"Finished\(at=[\d.]+, completed=True\)")
    started = min(starts)
    give_up = time.monotonic() + 15
    while disk_output.written_until() < started + BOUNDARIES[-1] / SPEED + AFTER_END_SECONDS:
        assert time.monotonic() < give_up, "the sound output stopped before the session's end"
        time.sleep(0.1)
    assert lull.terminate() == 0
    disk_output.stop()
    recording = disk_output.samples()
    save_spectrogram(recording, ARTIFACTS / "e2e-sides-sound-spectrogram.png", "sides")

    audio = find_assets_dir() / "audio"
    sides = heard_at(recording, disk_output, started, audio / "chime-sides.ogg")
    phase = heard_at(recording, disk_output, started, audio / "chime-phase.ogg")
    side_errors = on_time(sides, SWITCHES)
    changes = BOUNDARIES[1:-1]
    phase_errors = on_time(phase, changes)
    # The sides chime is not the phase chime, nor heard where a phase changes; and the phase
    # chime is not heard at a switch. The start, pressed by hand, may have its chime at once.
    assert all(min(abs(when - change) for change in changes) > NOT_THE_OTHER for when in sides)
    assert all(min(abs(when - switch) for switch in SWITCHES) > NOT_THE_OTHER for when in phase)
    assert len(sides) == len(SWITCHES)
    stray = [
        when
        for when in phase
        if min(abs(when - change) for change in changes) / SPEED > ONSET_TOLERANCE
        and not 0 <= when / SPEED <= UNSCHEDULED_LATENESS
    ]
    assert not stray, f"phase chimes where no phase changed, at {stray} s of the session"
    print(
        f"sides chime errors {[f'{e * 1000:+.1f}' for e in side_errors]} ms; "
        f"phase chime errors {[f'{e * 1000:+.1f}' for e in phase_errors]} ms"
    )
