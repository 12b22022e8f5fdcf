"""Audio engine figures: memory while an hour-long file streams; CPU per mixer buffer size."""

# `python -m benchmarks` runs the streaming figure. The buffer sweep (4 sizes x 5 runs x 20 s,
# about 7 minutes) chose the 4096-frame buffer once; rerun it by hand when the engine changes:
#   .venv/bin/python -m benchmarks.bench_audio --sweep [--runs 5] [--seconds 20]
# Both play Lull's engine alone in a child process into a private PulseAudio server with a null
# sink, so the sound server's own work is counted: on a laptop it is most of the cost.

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import soundfile

from benchmarks.harness import (
    CACHE,
    ROOT,
    PulseServer,
    measure,
    median,
    pulse_available,
    rss_mb,
)
from benchmarks.rows import Row, at_most, info

RATE = 44100
BUFFERS = (512, 1024, 2048, 4096)
HOUR_SECONDS = 3600
LOOP_SECONDS = 60  # like the built-in loops: decoded whole, about 10 MB each
BLOCK_SECONDS = 1  # soundfile crashed writing 60 s or more of stereo OGG in one call
SETTLE_SECONDS = 1.0  # lets start-up work (decoding, stream set-up) finish before measuring
MEMORY_GOAL_MB = 30.0  # an hour of sound must not cost more than this
RSS_POLL_SECONDS = 0.25


def make_sound(path: Path, seconds: int, hz: float) -> Path:
    """A softly pulsing tone, written a second at a time; kept in build/bench for next time."""
    if path.exists() and soundfile.info(str(path)).duration >= seconds - 1:
        return path
    print(f"making {path.name} ({seconds} s, once)...", flush=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".part.ogg")
    with soundfile.SoundFile(str(partial), "w", RATE, 2, format="OGG") as out:
        for block in range(seconds // BLOCK_SECONDS):
            t = (np.arange(RATE * BLOCK_SECONDS) + block * RATE * BLOCK_SECONDS) / RATE
            wave = 0.2 * np.sin(2 * np.pi * hz * t) * (0.6 + 0.4 * np.sin(2 * np.pi * 0.1 * t))
            out.write(np.column_stack([wave, wave]).astype(np.float32))
    partial.rename(path)
    return path


class EngineChild:
    """This module again, as Lull's engine alone in a process, spoken to a line at a time."""

    def __init__(self, server: PulseServer, mode: str, frames: int, files: list[Path]) -> None:
        env = {"SDL_AUDIODRIVER": "pulseaudio", "PULSE_SERVER": server.address}
        command = [sys.executable, "-m", "benchmarks.bench_audio", "--child", mode]
        self._process = subprocess.Popen(
            [*command, "--buffer", str(frames), *map(str, files)],
            cwd=ROOT,
            env=os.environ | env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.pid = self._process.pid

    def __enter__(self) -> EngineChild:
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


def stream_memory(server: PulseServer, seconds: float) -> list[Row]:
    """How much a 60-minute OGG adds while it streams through mixer.music."""
    hour = make_sound(CACHE / "hour.ogg", HOUR_SECONDS, 220.0)
    with EngineChild(server, "stream", 4096, [hour]) as child:
        before = rss_mb(child.pid)
        child.send("play")
        started = time.monotonic()
        child.expect("playing")
        start_seconds = time.monotonic() - started
        peak = before
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            peak = max(peak, rss_mb(child.pid))
            time.sleep(RSS_POLL_SECONDS)
    growth = peak - before
    print(f"\nMemory while a {HOUR_SECONDS // 60}-minute OGG streams ({seconds:.0f} s watched)")
    print(f"  RSS before {before:6.1f} MB   peak {peak:6.1f} MB   growth {growth:5.1f} MB")
    print(f"  it began to play in {start_seconds * 1000:.1f} ms")
    return [
        at_most("memory.stream_hour_growth", growth, "MB", MEMORY_GOAL_MB, 2),
        info("memory.stream_hour_start", start_seconds * 1000, "ms", digits=1),
    ]


def buffer_sweep(server: PulseServer, runs: int, seconds: float) -> list[Row]:
    """CPU of two looping layers, engine and server, at each buffer size."""
    loops = [make_sound(CACHE / f"loop-{hz}.ogg", LOOP_SECONDS, hz) for hz in (330.0, 550.0)]
    print(f"\nCPU seconds per wall second, two looping layers (median of {runs} x {seconds:.0f} s)")
    print("  buffer   latency     lull   pulseaudio    total")
    rows = []
    for frames in BUFFERS:
        own, pulse = [], []
        for _ in range(runs):
            with EngineChild(server, "layers", frames, loops) as child:
                child.expect("playing")
                time.sleep(SETTLE_SECONDS)
                window = measure(child.pid, server.pid, seconds)
                own.append(window.app_cpu)
                pulse.append(window.server_cpu)
        lull, server_cpu = median(own), median(pulse)
        print(
            f"  {frames:6d}   {frames / RATE * 1000:5.1f} ms   {lull:.4f}   {server_cpu:.4f}"
            f"       {lull + server_cpu:.4f}"
        )
        rows += [
            info(f"audio.cpu.{frames}.lull", lull, "cpu-s/s", digits=5),
            info(f"audio.cpu.{frames}.pulseaudio", server_cpu, "cpu-s/s", digits=5),
            info(f"audio.cpu.{frames}.total", lull + server_cpu, "cpu-s/s", digits=5),
        ]
    return rows


def child(mode: str, frames: int, files: list[Path]) -> None:
    """Opens the engine, says so, and plays when told: a stream, or two looping layers."""
    from app.audio.opening import open_engine
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sweep", action="store_true", help="the CPU sweep over buffer sizes")
    parser.add_argument("--runs", type=int, default=5, help="runs per buffer size (median)")
    parser.add_argument("--seconds", type=float, default=20.0, help="measured seconds per run")
    parser.add_argument("--child", choices=["stream", "layers"], help=argparse.SUPPRESS)
    parser.add_argument("--buffer", type=int, default=4096, help=argparse.SUPPRESS)
    parser.add_argument("files", nargs="*", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.buffer, args.files)
        return
    if not pulse_available():
        sys.exit("needs pulseaudio and pulseaudio-utils (apt-get install pulseaudio-utils)")
    with PulseServer() as server:
        stream_memory(server, args.seconds)
        if args.sweep:
            buffer_sweep(server, args.runs, args.seconds)


if __name__ == "__main__":
    main()
