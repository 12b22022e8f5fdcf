"""Stalls: the longest time Lull's window could not answer in a session with chimes, the voice,
a mixer rest and a wake (ui_stalls.py measures it inside the app)."""

from __future__ import annotations

from benchmarks.harness import HERE, PYTHON, Child, Stage
from benchmarks.rows import Row, at_most

PROBE = HERE / "ui_stalls.py"
SPEED = 20
MINUTES = 5  # the classic plan's nine phases at 20x: a change every 1.7 s, 15 s in all
TARGET_MS = 16.0  # a frame
RESTS = "nothing to play: the mixer rests"
WAKES = "something to play: the mixer opens again"


def one_run(stage: Stage) -> float:
    command = [PYTHON, PROBE, "--plan", "classic"]
    command += ["-v", "--minutes", str(MINUTES), "--speed", str(SPEED), "--start"]
    with Child(stage, command) as child:
        child.wait_for(r"Finished\(at=", timeout=MINUTES * 60 / SPEED + 60)
        child.wait_for(RESTS)
        child.wait_for(WAKES)
        child.process.terminate()
        found, _ = child.wait_for(r"stall max ([\d.]+) ms")
        return float(found[1])


def run(stage: Stage, runs: int) -> list[Row]:
    stalls = [one_run(stage) for _ in range(runs)]
    print(f"\nUI stalls ({runs} sessions at {SPEED}x with chimes, voice, a rest and a wake)")
    print(f"  longest gap per run (ms): {', '.join(f'{s:.1f}' for s in stalls)}")
    return [at_most("ui.stall_max", max(stalls), "ms", TARGET_MS, 2)]
