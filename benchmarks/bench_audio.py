"""Audio figures: memory while an hour-long file streams, CPU per mixer buffer size."""

# Run by hand (or `make bench`): python benchmarks/bench_audio.py [--runs 5] [--seconds 20]
# Everything plays into a private PulseAudio server with a null sink (the one the tests use),
# so the sound server's own work is counted: on a laptop it is most of the cost.

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from unit.audio.pulse_server import PulseServer, pulse_available  # noqa: E402

RATE = 44100
BUFFERS = (512, 1024, 2048, 4096)
HOUR_SECONDS = 3600
LOOP_SECONDS = 60  # like the built-in loops: decoded whole, about 10 MB each
BLOCK_SECONDS = 1  # soundfile crashed writing 60 s or more of stereo OGG in one call
SETTLE_SECONDS = 1.0  # lets start-up work (decoding, stream set-up) finish before measuring
MEMORY_GOAL_MB = 30.0  # issue 11: an hour of sound must not cost more than this
CACHE = ROOT / "build" / "bench"
TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Row:
    name: str
    value: float
    unit: str


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="runs per buffer size (median)")
    parser.add_argument("--seconds", type=float, default=20.0, help="measured seconds per run")
    parser.add_argument("--json", type=Path, default=CACHE / "bench_audio.json")
    parser.add_argument("--child", choices=["stream", "layers"], help=argparse.SUPPRESS)
    parser.add_argument("--buffer", type=int, default=4096, help=argparse.SUPPRESS)
    parser.add_argument("files", nargs="*", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.buffer, args.files)
        return
    if not pulse_available():
        sys.exit("needs pulseaudio and pulseaudio-utils (apt-get install pulseaudio-utils)")
    CACHE.mkdir(parents=True, exist_ok=True)
    hour = make_sound(CACHE / "hour.ogg", HOUR_SECONDS, 220.0)
    loops = [make_sound(CACHE / f"loop-{hz}.ogg", LOOP_SECONDS, hz) for hz in (330.0, 550.0)]
    rows: list[Row] = []
    with PulseServer() as server:
        rows += measure_memory(server, hour, args.seconds)
        rows += measure_cpu(server, loops, args.runs, args.seconds)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps([row.__dict__ for row in rows], indent=2) + "\n")
    print(f"\nrows written to {args.json}")


def make_sound(path: Path, seconds: int, hz: float) -> Path:
    """A softly pulsing tone, written a second at a time; kept in build/bench for next time."""
    if path.exists() and soundfile.info(str(path)).duration >= seconds - 1:
        return path
    print(f"making {path.name} ({seconds} s)...", flush=True)
    partial = path.with_suffix(".part.ogg")
    with soundfile.SoundFile(str(partial), "w", RATE, 2, format="OGG") as out:
        for block in range(seconds // BLOCK_SECONDS):
            t = (np.arange(RATE * BLOCK_SECONDS) + block * RATE * BLOCK_SECONDS) / RATE
            wave = 0.2 * np.sin(2 * np.pi * hz * t) * (0.6 + 0.4 * np.sin(2 * np.pi * 0.1 * t))
            out.write(np.column_stack([wave, wave]).astype(np.float32))
    partial.rename(path)
    return path


def measure_memory(server: PulseServer, hour: Path, seconds: float) -> list[Row]:
    with Child(server, "stream", 4096, [hour]) as process:
        before = rss_mb(process.pid)
        process.send("play")
        started = time.monotonic()
        process.expect("playing")
        start_seconds = time.monotonic() - started
        peak = before
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            peak = max(peak, rss_mb(process.pid))
            time.sleep(0.25)
    growth = peak - before
    verdict = "within" if growth < MEMORY_GOAL_MB else "OVER"
    print(f"\nMemory while a {HOUR_SECONDS // 60}-minute OGG streams ({seconds:.0f} s watched)")
    print(f"  RSS before {before:6.1f} MB   peak {peak:6.1f} MB   growth {growth:5.1f} MB")
    goal = f"{verdict} the {MEMORY_GOAL_MB:.0f} MB goal"
    print(f"  ({goal}; it began to play in {start_seconds * 1000:.1f} ms)")
    return [
        Row("audio.stream_hour.rss_growth", round(growth, 2), "MB"),
        Row("audio.stream_hour.rss_peak", round(peak, 2), "MB"),
        Row("audio.stream_hour.start", round(start_seconds, 4), "s"),
    ]


def measure_cpu(server: PulseServer, loops: list[Path], runs: int, seconds: float) -> list[Row]:
    print(f"\nCPU seconds per wall second, two looping layers (median of {runs} x {seconds:.0f} s)")
    print("  buffer   latency     lull   pulseaudio    total")
    rows = []
    for frames in BUFFERS:
        own, pulse = [], []
        for _ in range(runs):
            with Child(server, "layers", frames, loops) as process:
                process.expect("playing")
                time.sleep(SETTLE_SECONDS)
                lull_before, pulse_before = cpu_seconds(process.pid), cpu_seconds(server.pid)
                started = time.monotonic()
                time.sleep(seconds)
                wall = time.monotonic() - started
                own.append((cpu_seconds(process.pid) - lull_before) / wall)
                pulse.append((cpu_seconds(server.pid) - pulse_before) / wall)
        lull, server_cpu = statistics.median(own), statistics.median(pulse)
        latency = frames / RATE * 1000
        print(
            f"  {frames:6d}   {latency:5.1f} ms   {lull:.4f}   {server_cpu:.4f}"
            f"       {lull + server_cpu:.4f}"
        )
        rows += [
            Row(f"audio.cpu.{frames}.lull", round(lull, 5), "cpu-s/s"),
            Row(f"audio.cpu.{frames}.pulseaudio", round(server_cpu, 5), "cpu-s/s"),
            Row(f"audio.cpu.{frames}.total", round(lull + server_cpu, 5), "cpu-s/s"),
        ]
    return rows


class Child:
    """This script again, as Lull's engine alone in a process, spoken to a line at a time."""

    def __init__(self, server: PulseServer, mode: str, frames: int, files: list[Path]) -> None:
        env = dict(os.environ, SDL_AUDIODRIVER="pulseaudio", PULSE_SERVER=server.address)
        command = [sys.executable, __file__, "--child", mode, "--buffer", str(frames)]
        self._process = subprocess.Popen(
            command + [str(path) for path in files],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.pid = self._process.pid

    def __enter__(self) -> Child:
        self.expect("open")
        return self

    def __exit__(self, *_: object) -> None:
        assert self._process.stdin is not None
        self._process.stdin.close()  # the child closes its engine and exits
        self._process.wait(timeout=30)

    def send(self, line: str) -> None:
        assert self._process.stdin is not None
        self._process.stdin.write(line + "\n")
        self._process.stdin.flush()

    def expect(self, word: str) -> None:
        assert self._process.stdout is not None
        line = self._process.stdout.readline().strip()
        if line != word:
            raise RuntimeError(f"the child said {line!r}, not {word!r}")


def child(mode: str, frames: int, files: list[Path]) -> None:
    """Opens the engine, says so, and plays when told: a stream, or two looping layers."""
    from app.audio.engine import open_engine
    from app.audio.pygame_engine import PygameEngine
    from app.audio.sound import Kind, Origin, SoundEntry

    engine = open_engine(buffer_frames=frames)
    if not isinstance(engine, PygameEngine):
        sys.exit(f"no sound: {engine.info.reason}")
    print("open", flush=True)
    if mode == "stream":
        sys.stdin.readline()
    for number, path in enumerate(files):
        seconds = soundfile.info(str(path)).duration
        sound = SoundEntry(
            f"sound-{number}", path.stem, Kind.AMBIENCE, Origin.IMPORTED, path, seconds, True, ""
        )
        engine.play_layer(sound, volume=0.5, fade_in=0)
    print("playing", flush=True)
    sys.stdin.read()  # until the parent closes our input; the mixer plays on its own thread
    engine.close()


def cpu_seconds(pid: int) -> float:
    """utime + stime of a whole process, from /proc/<pid>/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


if __name__ == "__main__":
    main()
