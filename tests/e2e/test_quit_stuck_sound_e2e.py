"""Quitting while the sound server answers nothing: Lull still leaves, and its window goes."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable

from e2e.lull_process import LullProcess
from unit.audio.pulse_server import PulseServer

from app.audio.engine_thread import CLOSE_SECONDS


def test_lull_quits_though_the_sound_server_stopped_answering(
    start_lull: Callable[..., LullProcess],
) -> None:
    """An attacker's SIGTERM with PulseAudio stopped: Lull said "quitting anyway", then hung
    for ever in Python's own exit (pygame closing its mixer once more), its window on screen
    and a second Lull free to open on the same files."""
    with PulseServer() as pulse:
        lull = start_lull("--sounds", "river", pulse=pulse.address)
        lull.wait_for(r"sound output: pulseaudio")
        os.kill(pulse.pid, signal.SIGSTOP)
        try:
            assert lull.terminate(timeout=CLOSE_SECONDS + 10) == 0
            lull.wait_for("the sound did not close within")
        finally:
            os.kill(pulse.pid, signal.SIGCONT)
