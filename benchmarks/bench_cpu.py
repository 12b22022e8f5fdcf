"""CPU and memory while a session runs with two layers: Lull, its floor, and mpv as a peer."""

# Everything plays into the same private PulseAudio server, and the server's CPU is added to
# the player's: on a laptop the sound server does most of the work of playing. The three are
# run in turn, run after run, so a slow stretch of the machine lands on all of them.

from __future__ import annotations

import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass

from benchmarks.harness import (
    FLOOR,
    LULL,
    PYTHON,
    TWO_LAYERS,
    Child,
    Stage,
    Window,
    measure,
    median,
    thread_summary,
)
from benchmarks.rows import Row, against, info

CPU_RATIO = 1.25  # Lull's two layers and a session against pygame's two layers and a label
MEMORY_RATIO = 1.6
PEER_RATIO = 1.0  # with two layers and a session, Lull must cost less than mpv with one
SECONDS = 8.0  # measured per run: eight of Lull's once-a-second redraws
SKIP_SECONDS = 3.0  # start-up, the first decoding and the 3 s fade-in are not the steady state
# Lull chimes as the session starts (5 s), and its duck's return is polled at 25 Hz for 1 s
# after: a phase change's work, every few minutes, not the steady state of a session.
LULL_SKIP_SECONDS = 7.0


@dataclass(frozen=True)
class Subject:
    command: list[str]
    ready: str | None  # the stderr line that says it is up; None: it says nothing
    skip: float = SKIP_SECONDS


SUBJECTS = {
    "floor": Subject([str(PYTHON), str(FLOOR), "play", *map(str, TWO_LAYERS)], "playing"),
    "lull": Subject(
        [str(LULL), "-v", "--plan", "classic", "--start", "--sounds", "river,soft-music"],
        "window shown",
        LULL_SKIP_SECONDS,
    ),
    # Default settings, no user config, one of the same two files, through the same server.
    "mpv": Subject(
        ["mpv", "--no-config", "--no-video", "--loop=inf", "--ao=pulse", str(TWO_LAYERS[0])],
        None,
    ),
}


def one_run(stage: Stage, name: str) -> Window:
    subject = SUBJECTS[name]
    with Child(stage, subject.command) as child:
        if subject.ready is not None:
            child.wait_for(subject.ready)
        time.sleep(subject.skip)
        if child.process.poll() is not None:
            raise RuntimeError(f"{name} ended early: {child.drain()[-5:]}")
        return measure(child.pid, stage.pulse.pid, SECONDS)


def run(stage: Stage, runs: int) -> list[Row]:
    names = [name for name in SUBJECTS if name != "mpv" or shutil.which("mpv")]
    windows: dict[str, list[Window]] = {name: [] for name in names}
    for _ in range(runs):
        for name in names:
            windows[name].append(one_run(stage, name))

    print(f"\nCPU-s per wall second, two layers (median of {runs} x {SECONDS:.0f} s)")
    print("  subject   app      server   total    (ticks)   wake-ups/s  peak RSS   runs (total)")
    for name, measured in windows.items():
        app, server, total, ticks, wake, rss = (
            median([getattr(w, field) for w in measured])
            for field in (
                "app_cpu",
                "server_cpu",
                "total_cpu",
                "tick_cpu",
                "wakeups",
                "peak_rss_mb",
            )
        )
        totals = [w.total_cpu for w in measured]
        print(
            f"  {name:7s} {app:.4f}   {server:.4f}   {total:.4f}   ({ticks:.4f})  {wake:7.1f}"
            f"     {rss:6.1f} MB  {min(totals):.4f}-{max(totals):.4f}"
        )
        print(f"          wake-ups by thread: {thread_summary(measured)}")
    return _rows(windows)


def _rows(windows: dict[str, list[Window]]) -> list[Row]:
    def m(name: str, field: str) -> float:
        measured: Sequence[Window] = windows[name]
        return median([getattr(window, field) for window in measured])

    rows = [
        against("cpu.lull", m("lull", "total_cpu"), m("floor", "total_cpu"), "cpu-s/s", CPU_RATIO),
        info("cpu.lull.app", m("lull", "app_cpu"), "cpu-s/s", m("floor", "app_cpu")),
        info("cpu.lull.server", m("lull", "server_cpu"), "cpu-s/s", m("floor", "server_cpu")),
        info("cpu.lull.wakeups", m("lull", "wakeups"), "1/s", m("floor", "wakeups"), 1),
    ]
    if "mpv" in windows:
        mpv = m("mpv", "total_cpu")
        peer = against("cpu.lull_vs_mpv", m("lull", "total_cpu"), mpv, "cpu-s/s", PEER_RATIO)
        peer.passed = m("lull", "total_cpu") < mpv  # strictly less, as the issue asks
        peer.target = "ratio < 1"
        rows += [peer, info("cpu.mpv.app", m("mpv", "app_cpu"), "cpu-s/s")]
    rows.append(
        against(
            "memory.lull",
            m("lull", "peak_rss_mb"),
            m("floor", "peak_rss_mb"),
            "MB",
            MEMORY_RATIO,
            1,
        )
    )
    return rows
