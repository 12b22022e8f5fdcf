"""Stalls: the longest time Lull's window could not answer in a session with chimes, the voice,
a mixer rest and a wake (ui_stalls.py measures it inside the app)."""

from __future__ import annotations

import re
from pathlib import Path

from benchmarks.harness import HERE, PYTHON, Child, Stage
from benchmarks.rows import Row, at_most, info

PROBE = HERE / "ui_stalls.py"
SPEED = 20
MINUTES = 5  # the classic plan's nine phases at 20x: a change every 1.7 s, 15 s in all
TARGET_MS = 16.0  # a frame
RESTS = "nothing to play: the mixer rests"
WAKES = "something to play: the mixer opens again"


WORST_RUN = ("cpu", "queued", "others")  # what filled the run's longest gap


def one_run(stage: Stage) -> tuple[dict[str, float], str]:
    command: list[str | Path] = [PYTHON, PROBE, "--plan", "classic"]
    command += ["-v", "--minutes", str(MINUTES), "--speed", str(SPEED), "--start"]
    with Child(stage, command) as child:
        child.wait_for(r"Finished\(at=", timeout=MINUTES * 60 / SPEED + 60)
        child.wait_for(RESTS)
        child.wait_for(WAKES)
        child.process.terminate()
        found, _ = child.wait_for(r"stall max ([\d.]+) ms \((.*?)\) \[(.*)\]")
        parts = re.findall(r"([a-z][a-z ]*) ([\d.]+) ms", found[2])
        return {"all": float(found[1])} | {name: float(ms) for name, ms in parts}, found[3]


def run(stage: Stage, runs: int) -> list[Row]:
    measured = [one_run(stage) for _ in range(runs)]
    stalls = [each for each, _threads in measured]
    print(f"\nUI stalls ({runs} sessions at {SPEED}x with chimes, voice, a rest and a wake)")
    for part in stalls[0]:
        each = ", ".join(f"{s[part]:.1f}" for s in stalls)
        print(f"  longest gap, {part + ':':13s} {each} ms")
    # The longest gap in which a phase changed, the session ended, or neither: where to look;
    # in the worst run's longest gap, the UI thread's own CPU time, its wait for a core and the
    # other threads' CPU time; and the longest garbage collection in any run (it holds the UI
    # thread too).
    parts = [part for part in stalls[0] if part not in ("all", "collection", *WORST_RUN)]
    worst, threads = max(measured, key=lambda run: run[0]["all"])
    print(f"  in the longest, {threads}")
    return [
        at_most("ui.stall_max", worst["all"], "ms", TARGET_MS, 2),
        *(info(f"ui.stall_max.{part}", worst[part], "ms", digits=2) for part in WORST_RUN),
        info("ui.collection_max", max(s["collection"] for s in stalls), "ms", digits=2),
        *(
            info(
                f"ui.stall_max.{part.replace(' ', '_')}",
                max(s[part] for s in stalls),
                "ms",
                digits=2,
            )
            for part in parts
        ),
    ]
