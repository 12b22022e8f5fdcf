"""Start-up: from process start to the window's first frame, Lull against a window and a mixer."""

# How it is timed. The benchmark notes the monotonic clock just before it spawns the process;
# first_frame.py, which runs Lull's main() (or the floor script) unchanged, notes it again once
# the main window's first paint is done. That span is the figure, for Lull and the floor alike.
# /proc/<pid>/stat field 22 (starttime) could stand for the spawn time, but it counts 10 ms
# ticks since boot; the spawn time is finer, and includes the fork and exec a user waits for.
#
# Lull's own "window shown X s after start" line is read too, and reported beside: it comes at
# the event loop's first turn, which is before the first expose, so work queued with a zero
# timer after show() runs after the line and still before anything is on screen. (Its X,
# counted from main()'s first line, is not used: the probe imports Qt before main() starts.)
# `python -c pass` and `python -c "import app.main"` show what comes before main().

from __future__ import annotations

import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.harness import FLOOR, HERE, PYTHON, Child, Stage, median
from benchmarks.rows import Row, against, info

PROBE = HERE / "first_frame.py"
SHOWN = r"window shown [\d.]+ s after start"
FIRST_FRAME = r"first frame at ([\d.]+)"
TARGET_RATIO = 1.5
WITH_MIX_RATIO = 1.25  # the mix starts after the first frame, on the sound's thread
# Start-up is short and the machine's other work lands on a few runs in full: more runs than
# elsewhere (they are cheap) keep the median steady.
RUNS_FACTOR = 2
SUBJECTS = {
    "floor": [str(FLOOR), "startup"],
    "lull": ["lull", "-v"],
    # A remembered mix is the usual case from the second start on: Lull plays it at once.
    "lull_with_mix": ["lull", "-v", "--sounds", "river,soft-music"],
}
CLI_PROBES = {  # what runs before main(): the interpreter alone, then with Lull's first imports
    "python": "pass",
    "python_import_app_main": "import app.main",
}


@dataclass
class Starts:
    frame: list[float] = field(default_factory=list)  # spawn to the first frame painted
    line: list[float] = field(default_factory=list)  # spawn to "window shown" read


def start_once(stage: Stage, args: list[str], starts: Starts) -> None:
    with Child(stage, [str(PYTHON), str(PROBE), *args]) as child:
        _, seen = child.wait_for(SHOWN)
        frame, _ = child.wait_for(FIRST_FRAME)
        starts.frame.append(float(frame[1]) - child.started)
        starts.line.append(seen - child.started)


def run(stage: Stage, runs: int) -> list[Row]:
    starts = {name: Starts() for name in SUBJECTS}
    for args in SUBJECTS.values():  # warm-up: bytecode written, font caches read once
        start_once(stage, args, Starts())
    for _ in range(runs * RUNS_FACTOR):
        for name, args in SUBJECTS.items():  # alternated, so drift touches each alike
            start_once(stage, args, starts[name])
    python = {name: _python_start(stage, code, runs) for name, code in CLI_PROBES.items()}

    print(f"\nStart-up, spawn to first frame (median of {runs * RUNS_FACTOR}, a fresh home each)")
    print("  subject          first frame   (runs)          'window shown' read")
    for name, got in starts.items():
        print(
            f"  {name:14s}   {median(got.frame):.3f} s     ({min(got.frame):.3f}-"
            f"{max(got.frame):.3f})   {median(got.line):.3f} s"
        )
    for name, seconds in python.items():
        print(f"  {name:24s} {seconds:.3f} s")
    floor, lull = starts["floor"], starts["lull"]
    return [
        against("startup.lull", median(lull.frame), median(floor.frame), "s", TARGET_RATIO, 3),
        info("startup.lull.log_line", median(lull.line), "s", median(floor.line), 3),
        against(
            "startup.with_mix",
            median(starts["lull_with_mix"].frame),
            median(floor.frame),
            "s",
            WITH_MIX_RATIO,
            3,
        ),
        *(info(f"startup.{name}", seconds, "s", digits=3) for name, seconds in python.items()),
    ]


def _python_start(stage: Stage, code: str, runs: int) -> float:
    times = []
    with tempfile.TemporaryDirectory(prefix="lull-bench-home-") as home:
        env = stage.env(Path(home))
        for _ in range(runs + 1):
            started = time.monotonic()
            subprocess.run([str(PYTHON), "-c", code], env=env, check=True)
            times.append(time.monotonic() - started)
    return median(times[1:])  # the first wrote bytecode
