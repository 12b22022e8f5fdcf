"""A private PulseAudio server with one null sink, for the tests and the audio benchmark."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType

SINK = "lull_test"
RATE = 44100
START_SECONDS = 15.0  # pulseaudio starts in well under a second; a loaded machine gets slack


def pulse_available() -> bool:
    return all(shutil.which(tool) for tool in ("pulseaudio", "pactl", "parec"))


class PulseServer:
    """`pulseaudio` in user mode on a socket in a folder of its own, consuming in real time."""

    def __init__(self) -> None:
        # A unix socket path must fit in 108 bytes: pytest's tmp_path can be longer.
        self.folder = Path(tempfile.mkdtemp(prefix="lull-pulse-"))
        self.address = f"unix:{self.folder / 'pulse.sock'}"
        self._process: subprocess.Popen[bytes] | None = None
        self._log = self.folder / "pulseaudio.log"

    @property
    def pid(self) -> int:
        assert self._process is not None
        return self._process.pid

    def __enter__(self) -> PulseServer:
        env = {key: value for key, value in os.environ.items() if key != "DISPLAY"}
        # Its own HOME and runtime folder keep it off any real session's cookie and sockets;
        # with no DISPLAY it does not autolaunch a D-Bus daemon that would outlive it.
        env.update(HOME=str(self.folder), XDG_RUNTIME_DIR=str(self.folder))
        command = [
            "pulseaudio",
            "--daemonize=no",
            "--system=false",
            "--exit-idle-time=-1",
            "--disallow-exit",
            "-n",
            "--use-pid-file=no",
            f"--load=module-null-sink sink_name={SINK} rate={RATE} channels=2",
            f"--load=module-native-protocol-unix socket={self.folder / 'pulse.sock'} "
            "auth-anonymous=1",
        ]
        with self._log.open("wb") as log:
            self._process = subprocess.Popen(command, env=env, stdout=log, stderr=log)
        deadline = time.monotonic() + START_SECONDS
        while not self._answers():
            if self._process.poll() is not None or time.monotonic() > deadline:
                self.__exit__(None, None, None)
                raise RuntimeError(f"pulseaudio did not start: {self._log.read_text()[-2000:]}")
            time.sleep(0.05)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._process is not None:
            stop(self._process)
            self._process = None
        shutil.rmtree(self.folder, ignore_errors=True)

    def record(self, path: Path) -> subprocess.Popen[bytes]:
        """parec recording the sink's monitor as raw 16-bit stereo into `path`; stop() it.

        Returns once the recording has begun, so nothing played after it is missed.
        """
        with path.open("wb") as out:
            recorder = subprocess.Popen(
                [
                    "parec",
                    f"--server={self.address}",
                    f"--device={SINK}.monitor",
                    "--raw",
                    "--format=s16le",
                    f"--rate={RATE}",
                    "--channels=2",
                    # 50 ms took parec two seconds to start delivering here; 20 ms, 50 ms.
                    "--latency-msec=20",
                ],
                stdout=out,
                stderr=subprocess.DEVNULL,
            )
        deadline = time.monotonic() + START_SECONDS
        while path.stat().st_size == 0:
            if recorder.poll() is not None or time.monotonic() > deadline:
                stop(recorder)
                raise RuntimeError("parec did not start recording")
            time.sleep(0.01)
        return recorder

    def _answers(self) -> bool:
        result = subprocess.run(
            ["pactl", f"--server={self.address}", "info"],
            capture_output=True,
            check=False,
        )
        return result.returncode == 0


def stop(process: subprocess.Popen[bytes]) -> None:
    """Ends a child politely, then firmly."""
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
