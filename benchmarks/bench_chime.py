"""Chimes end to end: lull on SDL's disk driver, each phase chime found in what it wrote."""

# The disk driver writes each mixed block to a file as it is mixed and then sleeps a block, so
# a sample is "heard" when its block reaches the file (Lull's output latency for this driver is
# 0). A thread here notes, on the monotonic clock, when each block lands; Lull's log, stamped
# on the same clock by lull_stamped.py, says when each phase was due or when Next was pressed.
# A chime's onset is where the output best matches the opening of chime-phase.ogg (normalised
# cross-correlation), near where it is expected.

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
import soundfile

from benchmarks.bench_timing import PHASE
from benchmarks.harness import ASSETS, PYTHON, STAMPED, Child, Stage, median
from benchmarks.rows import Row, at_most, info

RATE = 44100
BLOCK_FRAMES = 4096  # Lull's mixer buffer (app.audio.engine.DEFAULT_BUFFER_FRAMES)
FRAME_BYTES = 4  # signed 16-bit stereo
POLL_SECONDS = 0.0005  # how often the file's size is looked at
BLOCK_MS = BLOCK_FRAMES / RATE * 1000
SCHEDULED_TARGET_MS = 30.0  # either side of the deadline
NEXT_TARGET_MS = BLOCK_MS + 20.0  # a chime nobody could foresee: the next block, and a little
TEMPLATE_SECONDS = 0.05  # the strike: enough to tell a chime's start from its own ringing
SEARCH_SECONDS = (-0.2, 0.3)  # around the expected onset
# A chime alone scores 1.0 at its onset. One still ringing matches its own strike at about 0.94
# a second on, and a second ringing chime under a new one pulls that down to 0.95: so chimes
# are spaced 3 s apart, by when the last has fallen 30 dB, and a match must be near perfect.
MATCH_SCORE = 0.99
PHASE_SECONDS = 100  # every phase of the benchmark's plan: 3.3 s apart at 30x
SPEED = 30
NEXT_PRESSES = 6
NEXT_GAP_SECONDS = 3.0
NEXT_STAGGER_SECONDS = 0.037  # so the presses fall at different points of the mixer's block
# No check-in or reminder chime rings over a phase chime: check-ins every 30 minutes (the plan
# lasts 15), the towels 30 minutes before the closing phase (that is, at the start).
SETTINGS = {"checkin_minutes": 30, "towel_lead_minutes": 30}
# Nor the heads-up's tone half a second (15 s at 30x) before, nor the voice after it.
STATE = {"heads_up_seconds": 0, "voice": False}


class DiskOutput:
    """The disk driver's file, and when (monotonic clock) each of its blocks reached it.

    Each block's own arrival is kept, not a line fitted through them: the driver sleeps a
    block after each write rather than following a clock, so a stall shifts every later block.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._seen: list[tuple[float, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._starts = np.zeros(0)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def finish(self) -> np.ndarray:
        """Stops watching; the left channel as floats in -1..1."""
        self.stop()
        sizes = np.array([size for _, size in self._seen], dtype=np.int64)
        times = np.array([when for when, _ in self._seen])
        blocks = int(sizes.max(initial=0)) // (BLOCK_FRAMES * FRAME_BYTES)
        ends = (np.arange(blocks) + 1) * BLOCK_FRAMES * FRAME_BYTES
        # A write may be caught half done: a block is out at the first size that holds it all.
        self._starts = times[np.searchsorted(sizes, ends)]
        raw = np.fromfile(self.path, dtype="<i2")
        return raw[: len(raw) // 2 * 2].reshape(-1, 2)[:, 0].astype(np.float64) / 32768

    def time_of(self, frame: int) -> float:
        block, within = divmod(frame, BLOCK_FRAMES)
        return float(self._starts[min(block, len(self._starts) - 1)]) + within / RATE

    def frame_at(self, when: float) -> int:
        block = int(np.searchsorted(self._starts, when, side="right")) - 1
        block = min(max(block, 0), len(self._starts) - 1)
        within = round((when - self._starts[block]) * RATE)
        return block * BLOCK_FRAMES + min(max(within, 0), BLOCK_FRAMES - 1)

    def _watch(self) -> None:
        last = 0
        while not self._stop.is_set():
            try:
                size = os.stat(self.path).st_size
            except FileNotFoundError:
                size = 0
            if size != last:
                self._seen.append((time.monotonic(), size))
                last = size
            time.sleep(POLL_SECONDS)


def template() -> np.ndarray:
    samples, _ = soundfile.read(str(ASSETS / "chime-phase.ogg"), always_2d=True)
    return samples[: round(TEMPLATE_SECONDS * RATE), 0]


def onset(samples: np.ndarray, output: DiskOutput, expected: float, strike: np.ndarray) -> float:
    """The clock time at which the chime nearest `expected` began; nan if none is there."""
    first = max(0, output.frame_at(expected + SEARCH_SECONDS[0]))
    last = min(len(samples), output.frame_at(expected + SEARCH_SECONDS[1]) + len(strike))
    segment = samples[first:last]
    if len(segment) < len(strike):
        return float("nan")
    raw = np.correlate(segment, strike, mode="valid")
    energy = np.concatenate([[0.0], np.cumsum(np.square(segment))])
    norms = np.sqrt(np.maximum(energy[len(strike) :] - energy[: -len(strike)], 1e-12))
    score = raw / (norms * np.linalg.norm(strike))
    best = int(np.argmax(score))
    if score[best] < MATCH_SCORE:
        return float("nan")
    return output.time_of(first + best)


def _even_plan(folder: Path) -> Path:
    """The classic plan with every phase PHASE_SECONDS long, as a plan file."""
    from app.core.plan import built_in_plan
    from app.core.plan_file import plan_to_json

    plan = json.loads(plan_to_json(built_in_plan("classic")))
    plan["id"] = "benchmark-even"
    for phase in plan["phases"]:
        phase["seconds"] = PHASE_SECONDS
    path = folder / "even.json"
    path.write_text(json.dumps(plan))
    return path


def _record(
    stage: Stage, args: list[str], act: Callable[[Child], object]
) -> tuple[np.ndarray, DiskOutput, list[str]]:
    """Runs lull on the disk driver with the even plan; `act(child)` drives it; returns the
    output and the log."""
    folder = Path(tempfile.mkdtemp(prefix="lull-bench-disk-"))
    path = folder / "mix.raw"
    home = folder / "home"
    (home / "config" / "lull").mkdir(parents=True)
    (home / "config" / "lull" / "settings.json").write_text(json.dumps(SETTINGS))
    (home / "state" / "lull").mkdir(parents=True)
    (home / "state" / "lull" / "state.json").write_text(json.dumps(STATE))
    disk = replace(stage, driver="disk", extra={"SDL_DISKAUDIOFILE": str(path)})
    output = DiskOutput(path)
    output.start()
    command = [str(PYTHON), str(STAMPED), "-v", "--plan", str(_even_plan(folder)), *args]
    try:
        with Child(disk, command, home) as child:
            act(child)
            time.sleep(0.3)  # the last chime's block reaches the file
            lines = child.drain()
        return output.finish(), output, lines
    finally:
        output.stop()
        shutil.rmtree(folder, ignore_errors=True)


def scheduled(stage: Stage) -> list[float]:
    """Milliseconds from each automatic phase change's deadline to its chime's onset."""
    samples, output, lines = _record(
        stage,
        ["--speed", str(SPEED), "--start"],
        lambda child: child.wait_for(r"Finished\(at=", timeout=120),
    )
    strike, start, errors = template(), None, []
    for line in lines:
        found = PHASE.match(line)
        if found is None:
            continue
        stamp, at = float(found["stamp"]), float(found["at"])
        if found["by_hand"] == "True":
            start = stamp - at / SPEED
        elif start is not None:
            deadline = start + at / SPEED
            errors.append((onset(samples, output, deadline, strike) - deadline) * 1000)
    return errors


def _press_next(child: Child, display: str) -> None:
    child.wait_for("window shown")
    env = dict(os.environ, DISPLAY=display)
    window = subprocess.run(
        ["xdotool", "search", "--name", "^Lull$"], env=env, capture_output=True, text=True
    ).stdout.split()[0]
    subprocess.run(["xdotool", "windowfocus", window], env=env, check=True)
    # The start's own chime has fallen away (the sound opens after the first frame, so it rings
    # a little after the "window shown" line) and the first paints are over.
    time.sleep(NEXT_GAP_SECONDS)
    for press in range(NEXT_PRESSES):
        subprocess.run(["xdotool", "key", "Right"], env=env, check=True)
        child.wait_for(r"PhaseStarted\(index=\d+, .*by_hand=True\)")
        time.sleep(NEXT_GAP_SECONDS + press * NEXT_STAGGER_SECONDS)


def manual(stage: Stage) -> list[float]:
    """Milliseconds from each Next (as Lull logged it) to its chime's onset."""
    samples, output, lines = _record(
        stage, ["--start"], lambda child: _press_next(child, stage.display)
    )
    strike, delays, first = template(), [], True
    for line in lines:
        found = PHASE.match(line)
        if found is None or found["by_hand"] != "True":
            continue
        if first:  # the start itself: the mixer had only just opened
            first = False
            continue
        asked = float(found["stamp"])
        expected = asked + BLOCK_MS / 2000
        delays.append((onset(samples, output, expected, strike) - asked) * 1000)
    return delays


def run(stage: Stage) -> list[Row]:
    errors = scheduled(stage)
    delays = manual(stage)
    print(f"\nChimes in the disk driver's output ({len(errors)} scheduled, {len(delays)} Next)")
    print(f"  scheduled, onset minus deadline (ms): {_listed(errors, '+.1f')}")
    print(f"  Next, onset after the press (ms):      {_listed(delays, '.1f')}")
    # A chime that was never heard is as wrong as can be: nan becomes inf, and fails.
    worst = max((math.inf if math.isnan(e) else abs(e) for e in errors), default=math.inf)
    latest = max((math.inf if math.isnan(d) else d for d in delays), default=math.inf)
    heard = [abs(e) for e in errors if not math.isnan(e)]
    return [
        at_most("chime.scheduled_worst", worst, "ms", SCHEDULED_TARGET_MS, 2),
        info("chime.scheduled_median", median(heard) if heard else math.inf, "ms", digits=2),
        at_most("chime.next_worst", latest, "ms", round(NEXT_TARGET_MS, 1), 2),
    ]


def _listed(values: list[float], spec: str) -> str:
    return ", ".join("missing" if math.isnan(v) else format(v, spec) for v in values)
