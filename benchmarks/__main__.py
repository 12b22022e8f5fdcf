"""Runs every benchmark on a private Xvfb and PulseAudio, prints the table, writes results.json."""

# make bench: .venv/bin/python -m benchmarks [--only cpu idle] [--runs 5] [--json PATH]
# About seven minutes on two cores. Floors and the peer run in the same session as Lull, in
# turn, so whatever else the machine is doing falls on both.

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks import (
    bench_audio,
    bench_chime,
    bench_cpu,
    bench_idle,
    bench_late,
    bench_stalls,
    bench_startup,
    bench_timing,
)
from benchmarks.harness import HERE, PulseServer, Stage, pulse_available, xvfb
from benchmarks.rows import Row, print_table

STREAM_SECONDS = 10.0

Bench = Callable[[Stage, int], list[Row]]
BENCHES: dict[str, Bench] = {
    "startup": bench_startup.run,
    "cpu": bench_cpu.run,
    "idle": bench_idle.run,
    "timing": bench_timing.run,
    "chime": lambda stage, _runs: bench_chime.run(stage),
    "late": bench_late.run,
    "stalls": bench_stalls.run,
    "stream": lambda stage, _runs: bench_audio.stream_memory(stage.pulse, STREAM_SECONDS),
}


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--only", nargs="+", choices=list(BENCHES), help="run just these")
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (the median)")
    parser.add_argument("--json", type=Path, default=HERE / "results.json")
    args = parser.parse_args()
    missing = [tool for tool in ("Xvfb", "xdotool") if shutil.which(tool) is None]
    if missing or not pulse_available():
        sys.exit(
            f"missing {', '.join(missing) or 'pulseaudio'}: run 'make bench', which installs "
            "the test packages (tools/system-packages.sh test)"
        )
    if shutil.which("mpv") is None:
        print("mpv is not installed: the peer row is left out (apt-get install mpv)")
    started = time.monotonic()
    rows: list[Row] = []
    with xvfb() as display, PulseServer() as pulse:
        stage = Stage(display, pulse)
        for name in args.only or BENCHES:
            rows += BENCHES[name](stage, args.runs)
    elapsed = time.monotonic() - started
    print_table(rows)
    args.json.write_text(json.dumps([row.as_json() for row in rows], indent=2) + "\n")
    failed = [row.name for row in rows if row.passed is False]
    print(f"\n{len(rows)} rows written to {args.json}; {elapsed / 60:.1f} minutes in all")
    if failed:
        print(f"missed their targets: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
