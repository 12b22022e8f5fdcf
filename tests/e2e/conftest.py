"""End-to-end fixtures: a private Xvfb display, the real lull process on it, and its sound file."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from e2e.disk_output import DiskOutput
from e2e.lull_process import LullProcess

DEFAULT_SCREEN = (1280, 800)


@pytest.fixture
def screen_size() -> tuple[int, int]:
    """The Xvfb screen's width and height; a test parametrises this name to try another."""
    return DEFAULT_SCREEN


@pytest.fixture
def xvfb(screen_size: tuple[int, int]) -> Iterator[str]:
    """A new X server of our own; its display name, such as ':3'."""
    if shutil.which("Xvfb") is None:
        pytest.fail("Xvfb is missing: run 'make test', which installs it")
    width, height = screen_size
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", "1", "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert server.stdout is not None
    number = server.stdout.readline().strip()
    assert number.isdigit(), "Xvfb did not say which display it opened"
    yield f":{number}"
    server.terminate()
    server.wait(timeout=10)
    server.stdout.close()


@pytest.fixture
def start_lull(xvfb: str) -> Iterator[Callable[..., LullProcess]]:
    """start_lull(*args, audio_file=None, pulse=None): lull on this test's display, killed at
    the end."""
    started: list[LullProcess] = []

    def start(*args: str, audio_file: Path | None = None, pulse: str | None = None) -> LullProcess:
        process = LullProcess(xvfb, *args, audio_file=audio_file, pulse=pulse)
        started.append(process)
        return process

    yield start
    for process in started:
        process.kill()


@pytest.fixture
def disk_output(tmp_path: Path) -> Iterator[DiskOutput]:
    """A file for SDL's disk driver in tmp_path, watched from before lull opens it."""
    output = DiskOutput(tmp_path / "lull-output.raw")
    output.start()
    yield output
    output.stop()
