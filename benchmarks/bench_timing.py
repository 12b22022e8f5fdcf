"""Timing: how late phase changes fire on the real clock; that a two-hour session cannot drift."""

# Lateness is read from Lull's own log. lull_stamped.py stamps each line with the monotonic
# clock; at --speed S the session's elapsed time is S times the wall time since the start, so
# the phase that the log says began `at` session seconds in was due `at / S` wall seconds after
# the line that reported the start. The start's stamp is taken a few tens of microseconds after
# the session read its clock, which makes every lateness look that much smaller: negligible.

from __future__ import annotations

import random
import re

from benchmarks.harness import PYTHON, STAMPED, Child, Stage, median
from benchmarks.rows import Row, at_most, info

PHASE = re.compile(
    r"^(?P<stamp>\d+\.\d+) app\.ui\.session_bridge INFO: PhaseStarted\(index=(?P<index>\d+), "
    r".*, at=(?P<at>[\d.]+), by_hand=(?P<by_hand>True|False)\)$"
)
SPEED = 60
MINUTES = 5  # the classic plan's nine phases at 60x: a phase change every half second
P99_TARGET_MS = 20.0
DRIFT_SECONDS = 7200  # a two-hour session
DRIFT_SEED = 12  # a fixed seed: the same irregular ticks every run


def lateness(lines: list[str], speed: float) -> list[float]:
    """Seconds between each phase change's deadline and the tick that made it, from the log."""
    start: float | None = None
    late = []
    for line in lines:
        found = PHASE.match(line)
        if found is None:
            continue
        stamp, at = float(found["stamp"]), float(found["at"])
        if found["by_hand"] == "True":
            start = stamp - at / speed  # the session's start, in this clock
        elif start is not None:
            late.append(stamp - (start + at / speed))
    return late


def one_run(stage: Stage) -> list[float]:
    command = [PYTHON, STAMPED, "-v", "--plan", "classic", "--minutes", str(MINUTES)]
    command += ["--speed", str(SPEED), "--start"]
    with Child(stage, [str(part) for part in command]) as child:
        child.wait_for(r"Finished\(at=", timeout=MINUTES * 60 / SPEED + 60)
        return lateness(child.drain(), SPEED)


def percentile(values: list[float], share: float) -> float:
    """Linear interpolation between the nearest ranks, as numpy's default does."""
    ordered = sorted(values)
    position = share * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def drift() -> tuple[float, int]:
    """The worst gap between a PhaseStarted.at and the plan's boundary over two hours of
    irregular ticks on a fake clock (pure Python, no Qt), and how many ticks that took."""
    from fake_clock import FakeClock  # tests/fake_clock.py: moves only when told, never back

    from app.core.events import Finished, PhaseStarted
    from app.core.plan import built_in_plan
    from app.core.session import Session

    plan = built_in_plan("classic").scaled_to(DRIFT_SECONDS)
    boundaries, total = [], 0.0
    for phase in plan.phases:
        boundaries.append(total)
        total += phase.seconds
    clock = FakeClock()
    session = Session(plan, clock)
    session.start()
    rng = random.Random(DRIFT_SEED)
    seen: dict[int, float] = {0: 0.0}
    ended: float | None = None
    ticks = 0
    while ended is None:
        # Mostly a timer's few hertz, sometimes a busy loop's millisecond, sometimes a stall
        # (shorter than the shortest phase, so every boundary is crossed by its own tick).
        step = rng.choice([rng.uniform(0.2, 1.0), rng.uniform(0.0005, 0.01), rng.uniform(1, 45)])
        ticks += 1
        for event in session.tick(clock.advance(step)):
            if isinstance(event, PhaseStarted):
                seen[event.index] = event.at
            elif isinstance(event, Finished):
                ended = event.at
    errors = [abs(seen[index] - boundary) for index, boundary in enumerate(boundaries)]
    errors.append(abs(ended - total))
    return max(errors), ticks


def run(stage: Stage, runs: int) -> list[Row]:
    late_ms = [seconds * 1000 for _ in range(runs) for seconds in one_run(stage)]
    worst_drift, ticks = drift()
    p50, p99 = percentile(late_ms, 0.5), percentile(late_ms, 0.99)
    print(f"\nPhase changes at {SPEED}x on the real clock ({runs} runs, {len(late_ms)} changes)")
    print(f"  late: median {median(late_ms):.2f} ms, p99 {p99:.2f} ms, worst {max(late_ms):.2f} ms")
    # The session emits a phase only once its clock has passed the boundary, so a figure
    # below 0 here would be the stamps' own error, not an early phase.
    print(f"  earliest {min(late_ms):.3f} ms")
    print(f"  two-hour session, {ticks} irregular ticks: worst drift {worst_drift:g} s")
    return [
        at_most("timing.tick_late_p99", p99, "ms", P99_TARGET_MS, 2),
        info("timing.tick_late_p50", p50, "ms", digits=2),
        at_most("timing.drift_2h", worst_drift, "s", 0.0, 9),
    ]
