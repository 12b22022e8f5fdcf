"""The desktop's speech service (speech-dispatcher, through its `spd-say` command), for the lines
the giver wrote themselves: spoken when the service answers, never waited for.

`spd-say` hands the text to the service and exits at once; it is started without a shell (the
text is one argument, after "--", so nothing in it is read as an option or a command), and never
waited for on the window's thread. spd-say passes its text to `spd_sayf`, a printf-style call:
every "%" is doubled, or "%s" in a note would be read as a format. Whether the service answers
is asked once, in the background, by listing its output modules: with no service `spd-say` says
it cannot connect and fails.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from typing import IO

from app.core.clock import Clock

log = logging.getLogger(__name__)

SPD_SAY = "spd-say"
APP_NAME = "Lull"
PROBE_TIMEOUT_SECONDS = 5.0  # the service may be started on demand: give it a moment
SAY_TIMEOUT_SECONDS = 10.0  # spd-say hands the text over and exits; one that hangs is ended
MAX_ANSWER_BYTES = 64 * 1024  # a list of output modules; more is not spd-say's answer
MODULES_HEADING = "OUTPUT MODULES"  # what `spd-say -O` prints before the modules it can use
NOT_INSTALLED = "The desktop's speech service (speech-dispatcher) is not installed."
NOT_ANSWERING = "The desktop's speech service (speech-dispatcher) did not answer."
NOT_ASKED = "The desktop's speech service has not been asked yet."


@dataclass
class _Running:
    process: subprocess.Popen[bytes]
    started: float
    # Where its output goes: a file, not a pipe, read once it has exited. A pipe's read waits
    # for every process holding it, and spd-say may leave a child that does (the daemon).
    output: IO[bytes] | None = None


class DesktopSpeech:
    """Says a line through speech-dispatcher, if it answers; otherwise says nothing, and tells
    why in `reason` (the line is still shown on the cue card)."""

    def __init__(self, *, path: str | None = None, clock: Clock = time.monotonic) -> None:
        self._path = path  # where to look for spd-say: $PATH unless given
        self._clock = clock
        self._command: str | None = None
        self._probe: _Running | None = None
        self._answered: bool | None = None  # None: not known yet
        self._running: list[_Running] = []

    def probe(self) -> None:
        """Ask, in the background, whether the service answers; `available` tells once known."""
        self._command = shutil.which(SPD_SAY, path=self._path or os.environ.get("PATH"))
        if self._command is None:
            self._answered = False
            return
        # Its answer is a few lines: the file it goes to may not grow past MAX_ANSWER_BYTES.
        capped = ["/bin/sh", "-c", f'ulimit -f {MAX_ANSWER_BYTES // 512}; exec "$0" "$@"']
        self._probe = self._start([*capped, self._command, "-O"], output=tempfile.TemporaryFile())
        self._answered = None if self._probe is not None else False

    @property
    def available(self) -> bool:
        """The service answered: lines given to `say` are spoken."""
        self._check_probe()
        return bool(self._answered)

    @property
    def reason(self) -> str:
        """Why lines are not spoken, in plain words; empty while they are."""
        if self.available:
            return ""
        if self._command is None:
            return NOT_ASKED if self._answered is None else NOT_INSTALLED
        return NOT_ANSWERING

    def say(self, text: str, volume: float = 1.0) -> bool:
        """Start saying `text` at `volume` (0 to 1) and return at once; False if not spoken."""
        self._reap()
        if not text.strip() or not self.available or self._command is None:
            return False
        level = round(max(0.0, min(volume, 1.0)) * 200 - 100)  # spd-say's -100 to +100
        line = " ".join(text.split()).replace("%", "%%")  # one line; "%" is not a format
        command = [self._command, "-N", APP_NAME, "-i", str(level), "--", line]
        running = self._start(command)
        if running is None:
            return False
        self._running.append(running)
        return True

    def settle(self) -> None:
        """Ends a probe that overran its time, and reaps the lines handed over (the window
        calls this once the probe's time is up, whether or not anything was said)."""
        self._check_probe()
        self._reap()

    def wait(self, timeout: float) -> None:
        """Wait up to `timeout` seconds for the answer and the lines being handed over (for
        `lull doctor`, and for tests); the window never calls this."""
        for running in [r for r in (self._probe, *self._running) if r is not None]:
            try:
                running.process.wait(timeout)
            except subprocess.TimeoutExpired:
                log.info("spd-say is still running after %.1f s", timeout)
        self._reap()

    def close(self) -> None:
        """Lull quits: end whatever is still running."""
        for running in [r for r in (self._probe, *self._running) if r is not None]:
            _end(running)
        self._running.clear()
        if self._probe is not None:
            self._answered = self._answered or False
            self._probe = None

    def _start(self, command: list[str], output: IO[bytes] | None = None) -> _Running | None:
        """The command started, its output to `output` if given; None when it cannot be (not
        executable, say): not answering."""
        try:
            process = subprocess.Popen(  # noqa: S603 -- a list, no shell: the text is one argument
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL if output is None else output,
                stderr=subprocess.DEVNULL,
                start_new_session=True,  # a Ctrl-C in Lull's terminal is Lull's, not spd-say's
            )
        except OSError as error:
            log.info("the speech service could not be asked: %s", error)
            if output is not None:
                output.close()
            return None
        return _Running(process, self._clock(), output)

    def _check_probe(self) -> None:
        probe = self._probe
        if probe is None:
            return
        code = probe.process.poll()
        if code is None:
            if self._clock() - probe.started < PROBE_TIMEOUT_SECONDS:
                return
            _end(probe)
            log.info("speech: spd-say did not answer within %.0f s", PROBE_TIMEOUT_SECONDS)
            self._answered = False
        else:
            assert probe.output is not None  # started with a file for its answer
            probe.output.seek(0)
            lines = probe.output.read(MAX_ANSWER_BYTES).decode(errors="replace").splitlines()
            probe.output.close()
            # A heading, then one output module a line; with none, nothing can speak.
            self._answered = code == 0 and lines[:1] == [MODULES_HEADING] and len(lines) > 1
            log.info("speech: spd-say -O exited %d: %s", code, lines)
        self._probe = None

    def _reap(self) -> None:
        now, running = self._clock(), []
        for entry in self._running:
            if entry.process.poll() is not None or now - entry.started >= SAY_TIMEOUT_SECONDS:
                _end(entry)  # with anything it left behind in its group
            else:
                running.append(entry)
        self._running = running


def _end(running: _Running) -> None:
    """Ends it and whatever it started in its group (started in a session of its own, it
    leads one); a daemon it started leaves the group, and lives on as it should."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(running.process.pid, signal.SIGKILL)
    running.process.wait()
    if running.output is not None:
        running.output.close()
