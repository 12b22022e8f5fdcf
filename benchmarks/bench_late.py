"""Timing under load: how far each phase chime lands from its deadline, in the sound itself,
while a CPU-bound process keeps the other core busy."""

# The chime benchmark's scheduled run (bench_chime.scheduled: Lull on SDL's disk driver, each
# phase chime found in the output) with a busy loop pinned to the last core, as a build or a
# browser tab would be. The figure is the p99 of |onset - deadline| over every change.

from __future__ import annotations

import math
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager

from benchmarks.bench_chime import scheduled
from benchmarks.bench_timing import percentile
from benchmarks.harness import PYTHON, Stage, median
from benchmarks.rows import Row, at_most, info

P99_TARGET_MS = 20.0


@contextmanager
def busy_core() -> Iterator[int]:
    """A process that spins on the last core for as long as the block lasts; yields the core."""
    core = max(os.sched_getaffinity(0))
    burner = subprocess.Popen([str(PYTHON), "-c", "while True: pass"])
    try:
        os.sched_setaffinity(burner.pid, {core})
        yield core
    finally:
        burner.kill()
        burner.wait()


def run(stage: Stage, runs: int) -> list[Row]:
    with busy_core() as core:
        errors = [error for _ in range(runs) for error in scheduled(stage)]
    # A chime that was never heard is as late as can be.
    late = [math.inf if math.isnan(error) else abs(error) for error in errors]
    p99 = percentile(late, 0.99)
    print(f"\nPhase chimes with core {core} kept busy ({runs} runs, {len(late)} changes)")
    print(f"  |onset - deadline|: median {median(late):.2f} ms, p99 {p99:.2f} ms")
    each = ", ".join(f"{error:+.1f}" for error in errors)
    print(f"  worst {max(late):.2f} ms; early (-) or late (+), ms: {each}")
    return [
        at_most("timing.phase_late_p99", p99, "ms", P99_TARGET_MS, 2),
        info("timing.phase_late_p50", median(late), "ms", digits=2),
    ]
