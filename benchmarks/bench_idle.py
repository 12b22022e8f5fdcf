"""Idle: Lull's window open with no session and no sound, against a bare window with no timer."""

# Nothing moves, so nothing should wake: no timer in the app, no stream in the sound server.
# A fresh home has no state file, so Lull restores no mix and plays nothing. The server's CPU
# is counted for both, as in the CPU benchmark: an open but silent stream still costs it.

from __future__ import annotations

import time

from benchmarks.harness import (
    FLOOR,
    LULL,
    PYTHON,
    Child,
    Stage,
    Window,
    measure,
    median,
    thread_summary,
)
from benchmarks.rows import Row, info, no_more

SECONDS = 6.0
# Idle is the steady state: Lull's mixer opens just after the window shows and rests once it
# has been quiet for 2 s; SDL may take over a second to close it. Measuring starts after that.
SETTLE_SECONDS = 5.0
SUBJECTS = {
    "bare": [str(PYTHON), str(FLOOR), "bare"],
    "lull": [str(LULL), "-v"],
}


def one_run(stage: Stage, command: list[str]) -> Window:
    with Child(stage, command) as child:
        child.wait_for("window shown")
        time.sleep(SETTLE_SECONDS)
        return measure(child.pid, stage.pulse.pid, SECONDS)


def run(stage: Stage, runs: int) -> list[Row]:
    windows: dict[str, list[Window]] = {name: [] for name in SUBJECTS}
    for _ in range(runs):
        for name, command in SUBJECTS.items():
            windows[name].append(one_run(stage, command))

    print(f"\nIdle: window open, no session, no sound (median of {runs} x {SECONDS:.0f} s)")
    print("  subject   app CPU   server CPU   total    (ticks)   wake-ups/s   main thread")
    for name, measured in windows.items():
        print(
            f"  {name:7s}   {_m(measured, 'app_cpu'):.4f}    {_m(measured, 'server_cpu'):.4f}"
            f"       {_m(measured, 'total_cpu'):.4f}   ({_m(measured, 'tick_cpu'):.4f})"
            f"  {_m(measured, 'wakeups'):7.1f}      {_main(measured):5.1f}"
        )
        print(f"            wake-ups by thread: {thread_summary(measured)}")
    lull, bare = windows["lull"], windows["bare"]
    return [
        no_more("idle.cpu", _m(lull, "total_cpu"), _m(bare, "total_cpu"), "cpu-s/s", 4),
        no_more("idle.wakeups", _m(lull, "wakeups"), _m(bare, "wakeups"), "1/s", 1),
        # No timer while nothing moves: the main thread sleeps as the bare window's does.
        no_more("idle.main_thread_wakeups", _main(lull), _main(bare), "1/s", 1),
        info("idle.lull.server_cpu", _m(lull, "server_cpu"), "cpu-s/s", _m(bare, "server_cpu")),
    ]


def _m(windows: list[Window], field: str) -> float:
    return median([getattr(window, field) for window in windows])


def _main(windows: list[Window]) -> float:
    rates = [rate for w in windows for key, rate in w.by_thread.items() if key.endswith(":main")]
    return median(rates)
