"""The desktop's speech service: asked in the background, never spoken to when it does not
answer, and handed the giver's text as one plain argument.

`spd-say` is stood in for by small scripts of the test's own on PATH (a machine may or may not
have speech-dispatcher; these behave as spd-say does when the service answers, does not, or
hangs), so what reached the command can be read back exactly.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
from fake_clock import FakeClock

from app.desktop.speech import (
    NOT_ANSWERING,
    NOT_ASKED,
    NOT_INSTALLED,
    PROBE_TIMEOUT_SECONDS,
    DesktopSpeech,
)

ANSWERING = """#!/bin/sh
if [ "$1" = -O ]; then printf 'OUTPUT MODULES\\nespeak-ng\\n'; exit 0; fi
printf '%s\\0' "$@" > "$0.said"
"""
NO_SERVICE = """#!/bin/sh
echo "Failed to connect to Speech Dispatcher:" >&2
exit 1
"""
NO_MODULES = """#!/bin/sh
echo "Output modules not found."
"""
# Answers and exits, leaving a child of its own that holds its output open (a wrapper that
# starts the speech daemon in the background does this).
ANSWERING_WITH_A_CHILD = """#!/bin/sh
/bin/sleep 5 &
echo $! > "$0.child"
printf 'OUTPUT MODULES\\nespeak-ng\\n'
"""
# Asked for its modules, writes far more than any list of them, then leaves a child and hangs.
FLOODING = """#!/bin/sh
if ! /usr/bin/head -c 10000000 /dev/zero; then echo capped > "$0.capped"; fi
/bin/sleep 60 &
echo $! > "$0.child"
exec /bin/sleep 60
"""
HANGING = """#!/bin/sh
echo $$ > "$0.pid"
exec /bin/sleep 60
"""


def stand_in(folder: Path, script: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder.mkdir()
    command = folder / "spd-say"
    command.write_text(script)
    command.chmod(0o755)
    monkeypatch.setenv("PATH", str(folder))
    return command


def asked(clock: FakeClock | None = None) -> DesktopSpeech:
    speech = DesktopSpeech(clock=clock or FakeClock())
    speech.probe()
    speech.wait(10)
    return speech


def test_without_spd_say_the_service_is_unavailable_and_nothing_is_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "bin").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    speech = asked()
    assert not speech.available
    assert speech.reason == NOT_INSTALLED
    assert not speech.say("Mind the left shoulder.")


def test_nothing_is_spoken_before_the_service_has_been_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    command = stand_in(tmp_path / "bin", ANSWERING, monkeypatch)
    speech = DesktopSpeech(clock=FakeClock())
    assert speech.reason == NOT_ASKED
    assert not speech.say("Mind the left shoulder.")
    assert not command.with_suffix(".said").exists()


@pytest.mark.parametrize("script", [NO_SERVICE, NO_MODULES], ids=["no-service", "no-modules"])
def test_a_service_that_does_not_answer_is_never_spoken_to(
    script: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    command = stand_in(tmp_path / "bin", script, monkeypatch)
    speech = asked()
    assert not speech.available
    assert speech.reason == NOT_ANSWERING
    assert not speech.say("Mind the left shoulder.")
    assert not command.with_suffix(".said").exists()


def test_a_service_that_answers_is_handed_the_text_as_one_plain_argument(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    command = stand_in(tmp_path / "bin", ANSWERING, monkeypatch)
    speech = asked()
    assert speech.available and speech.reason == ""
    text = '-w $(touch "$HOME/shell") `id`; "Sam\'s" back\n at 100%s %n'
    assert speech.say(text, volume=0.9)
    speech.wait(10)
    said = command.with_suffix(".said").read_bytes().split(b"\0")[:-1]
    assert [arg.decode() for arg in said] == [
        "-N",
        "Lull",
        "-i",
        "80",
        "--",  # what follows is never read as an option, even "-w" (which hangs here)
        '-w $(touch "$HOME/shell") `id`; "Sam\'s" back at 100%%s %%n',  # printf-safe, one line
    ]
    assert not (Path(os.environ["HOME"]) / "shell").exists()


def test_a_service_that_hangs_is_given_up_on_and_its_probe_ended(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    command = stand_in(tmp_path / "bin", HANGING, monkeypatch)
    clock = FakeClock()
    speech = DesktopSpeech(clock=clock)
    speech.probe()
    pid_file = command.with_suffix(".pid")
    for _ in range(200):  # the script writes its pid as it starts: wait for that, not a time
        if pid_file.exists() and pid_file.read_text().strip():
            break
        speech.wait(0.05)
    pid = int(pid_file.read_text())
    assert not speech.available  # not known yet: nothing is said meanwhile
    assert Path(f"/proc/{pid}").exists()
    clock.advance(PROBE_TIMEOUT_SECONDS)
    assert not speech.available
    assert speech.reason == NOT_ANSWERING
    assert not Path(f"/proc/{pid}").exists()  # ended and reaped


def test_a_spd_say_that_cannot_be_run_is_a_service_that_does_not_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    command = stand_in(tmp_path / "bin", "", monkeypatch)
    command.write_bytes(b"\x7fELF\x00not a program")  # executable, but no program: ENOEXEC
    speech = asked()
    assert not speech.available
    assert not speech.say("Mind the left shoulder.")


def test_the_answer_is_read_without_waiting_for_a_child_that_keeps_spd_says_output_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    command = stand_in(tmp_path / "bin", ANSWERING_WITH_A_CHILD, monkeypatch)
    speech = DesktopSpeech(clock=FakeClock())
    speech.probe()
    speech.wait(10)  # spd-say itself has exited; its child sleeps on
    child = int(command.with_suffix(".child").read_text())
    assert Path(f"/proc/{child}").exists()
    started = time.monotonic()
    assert speech.available  # asked on the window's thread: it must not wait for the child
    assert time.monotonic() - started < 1.0
    os.kill(child, signal.SIGKILL)


def test_a_probe_that_floods_and_hangs_is_capped_then_ended_with_its_children(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An attacker's spd-say wrote 300 MB into Lull's answer file in 2 s, and its children
    outlived Lull."""
    command = stand_in(tmp_path / "bin", FLOODING, monkeypatch)
    clock = FakeClock()
    speech = DesktopSpeech(clock=clock)
    speech.probe()
    child_file = command.with_suffix(".child")
    for _ in range(200):  # the script notes its child once its write is done: wait for that
        if child_file.exists() and child_file.read_text().strip():
            break
        speech.wait(0.05)
    assert command.with_suffix(".capped").exists()  # its answer may not grow past 64 kB
    child = int(child_file.read_text())
    clock.advance(PROBE_TIMEOUT_SECONDS)
    speech.settle()  # the window's timer: ended, though nothing asked whether it answered
    assert speech.reason == NOT_ANSWERING
    for _ in range(100):
        if not Path(f"/proc/{child}").exists():
            break
        time.sleep(0.02)
    assert not Path(f"/proc/{child}").exists()  # ended with it, not left to init
