"""One Lull per data folder: a second `lull --start` hands its wishes to the running one, which
starts its session, and exits 0 at once; a --data-dir of its own is a Lull of its own."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from e2e.lull_process import LULL, LullProcess


def _second(display: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LULL), *args],
        env=LullProcess.environment(display),
        capture_output=True,
        text=True,
        timeout=30,
        stdin=subprocess.DEVNULL,
    )


def test_a_second_start_starts_the_first_ones_session_and_exits_0(
    start_lull: Callable[..., LullProcess], xvfb: str, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    first = start_lull("--data-dir", str(data), "--plan", "seated")
    first.wait_for("window shown")
    began = time.monotonic()
    second = _second(xvfb, "--data-dir", str(data), "--start", "--plan", "classic")
    took = time.monotonic() - began
    assert second.returncode == 0, second.stderr
    assert second.stdout == ""
    assert took < 5, took
    first.wait_for("a later start: classic for 30 minutes")
    first.wait_for(r"PhaseStarted\(index=0, ")
    assert first.process.poll() is None  # still running, now with the session


def test_another_data_folder_is_a_lull_of_its_own(
    start_lull: Callable[..., LullProcess], tmp_path: Path
) -> None:
    first = start_lull("--data-dir", str(tmp_path / "one"))
    first.wait_for("window shown")
    other = start_lull("--data-dir", str(tmp_path / "two"))
    other.wait_for("window shown")
    assert first.process.poll() is None and other.process.poll() is None


def test_a_second_start_during_a_session_leaves_it_be_and_says_so(
    start_lull: Callable[..., LullProcess], xvfb: str, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    first = start_lull("--data-dir", str(data), "--plan", "seated", "--start")
    first.wait_for(r"PhaseStarted\(index=0, ")
    second = _second(xvfb, "--data-dir", str(data), "--start", "--plan", "classic")
    assert (second.returncode, second.stderr) == (
        1,
        "lull: a session is under way: end it (Esc twice) to start another plan\n",
    )
    first.wait_for("a later start asked for a plan while a session is under way")
    assert first.process.poll() is None


def test_a_second_start_asking_what_the_first_cannot_do_says_why_and_exits_1(
    start_lull: Callable[..., LullProcess], xvfb: str, tmp_path: Path
) -> None:
    """As the same start would have been refused on its own: the reason in one line, status 1."""
    data = tmp_path / "data"
    first = start_lull("--data-dir", str(data))
    first.wait_for("window shown")
    second = _second(xvfb, "--data-dir", str(data), "--sounds", "river,nope")
    assert second.returncode == 1
    assert second.stderr.startswith("lull: there is no sound called 'nope'")
    assert second.stderr.count("\n") == 1
    assert first.process.poll() is None
