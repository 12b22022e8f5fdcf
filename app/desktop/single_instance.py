"""One Lull per user and data folder: a second start hands its --plan, --sounds and --start to the
one running, which comes forward, and exits.

The first Lull holds a lock file for as long as it runs (the kernel lets go when it dies, so a
crash leaves nothing stale) and listens on a local socket beside it; a later one that cannot take
the lock connects and sends one line of JSON. Both live in the user's runtime folder, named by a
digest of the data folder, so `--data-dir` gives a Lull of its own.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import logging
import os
import stat
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalSocket

log = logging.getLogger(__name__)

CONNECT_PATIENCE_SECONDS = 5.0  # the first Lull may hold the lock but not yet listen
ANSWER_MS = 3000
MAX_REQUEST_BYTES = 64 * 1024  # --plan, --sounds and --start fit in far less
CONNECTIONS = 8  # at once: a later start needs one; more are someone else's
SILENT_MS = 2000  # a connection that has said nothing whole by then is closed


def runtime_folder() -> Path:
    """The user's runtime folder, or a private one in the temporary folder where none is set."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and Path(runtime).is_dir():
        return Path(runtime)
    folder = Path(tempfile.gettempdir()) / f"lull-{os.getuid()}"
    with contextlib.suppress(FileExistsError):
        folder.mkdir(mode=0o700)
    # Someone else may have made it first, to listen in Lull's place: it must be ours alone.
    details = folder.lstat()
    if (
        not stat.S_ISDIR(details.st_mode)
        or details.st_uid != os.getuid()
        or details.st_mode & 0o077
    ):
        raise PermissionError(errno.EPERM, "it is not a private folder of this user's", str(folder))
    return folder


def instance_name(data: Path) -> str:
    """`lull-<digest of the data folder>`: one per user (its runtime folder) and data folder."""
    try:
        where = data.resolve()
    except (RuntimeError, OSError):  # a loop of links (RuntimeError before Python 3.13)
        where = Path(os.path.abspath(data))  # its files will say what is wrong with it
    return "lull-" + hashlib.sha256(os.fsencode(where)).hexdigest()[:16]


@dataclass(frozen=True)
class Claim:
    """The first Lull's hold on its data folder: the lock, and where it is to listen."""

    lock: int  # a file descriptor, locked for as long as this Lull runs
    server_path: Path


@dataclass(frozen=True)
class HandedOver:
    """A later start's wishes, taken by the Lull running: what it could not do, in its words
    (None: it did it all)."""

    refused: str | None


Answer = Callable[[dict[str, object]], str | None]  # a request → what could not be done


class SingleInstance(QObject):
    """The running Lull's side, made once the QApplication exists: `answer` does what a later
    start asked for and says what it could not do; the later start hears it."""

    def __init__(self, claim: Claim, answer: Answer, parent: QObject | None = None) -> None:
        # Imported here: QtNetwork takes 7 ms, and a first start listens after its first frame.
        from PySide6.QtNetwork import QLocalServer

        super().__init__(parent)
        self._answer = answer
        self._lock, server_path = claim.lock, claim.server_path
        self._server = QLocalServer(self)
        self._open: set[QLocalSocket] = set()
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        QLocalServer.removeServer(str(server_path))  # a dead Lull's socket file
        if not self._server.listen(str(server_path)):
            log.warning("a second start cannot reach this Lull: %s", self._server.errorString())
        self._server.newConnection.connect(self._accept)

    def _accept(self) -> None:
        while (connection := self._server.nextPendingConnection()) is not None:
            if len(self._open) >= CONNECTIONS:
                connection.abort()
                connection.deleteLater()
                continue
            self._open.add(connection)
            connection.readyRead.connect(lambda socket=connection: self._read(socket))
            connection.disconnected.connect(lambda socket=connection: self._closed(socket))
            QTimer.singleShot(SILENT_MS, connection, connection.abort)

    def _closed(self, connection: QLocalSocket) -> None:
        self._open.discard(connection)
        connection.deleteLater()

    def _read(self, connection: QLocalSocket) -> None:
        if not connection.canReadLine():
            if connection.bytesAvailable() > MAX_REQUEST_BYTES:
                connection.abort()
            return
        line = bytes(connection.readLine(MAX_REQUEST_BYTES).data())
        request = None
        with contextlib.suppress(ValueError, UnicodeDecodeError, RecursionError):
            request = json.loads(line)
        if not isinstance(request, dict):
            log.warning("a second start sent something that is not a request")
            connection.abort()
            return
        refused = self._answer(request)
        reply = b"ok" if refused is None else b"refused " + json.dumps(refused).encode()
        connection.write(reply + b"\n")
        connection.flush()
        connection.disconnectFromServer()

    def close(self) -> None:
        self._server.close()
        os.close(self._lock)


def first_or_hand_over(data: Path, request: dict[str, Any]) -> Claim | HandedOver:
    """This start's role: the first Lull for `data` (its claim, to listen with once the
    QApplication exists), or how a running one answered `request`, and this one should exit.
    TimeoutError when one runs but does not answer."""
    folder = runtime_folder()
    name = instance_name(data)
    lock = os.open(folder / f"{name}.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    deadline = time.monotonic() + CONNECT_PATIENCE_SECONDS
    while True:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handed = _handed_over(folder / name, request)
            if handed is not None:
                os.close(lock)
                return handed
            if time.monotonic() > deadline:
                os.close(lock)
                raise TimeoutError("another Lull is running but does not answer") from None
            time.sleep(0.05)
            continue
        return Claim(lock, folder / name)


def _handed_over(server: Path, request: dict[str, Any]) -> HandedOver | None:
    """The running Lull's answer; None when it gave none (it may not be listening yet)."""
    from PySide6.QtNetwork import QLocalSocket

    socket = QLocalSocket()
    socket.connectToServer(str(server))
    if not socket.waitForConnected(ANSWER_MS):
        return None
    socket.write(json.dumps(request).encode() + b"\n")
    socket.waitForBytesWritten(ANSWER_MS)
    line = bytes(socket.readLine().data()) if socket.waitForReadyRead(ANSWER_MS) else b""
    socket.disconnectFromServer()
    if line == b"ok\n":
        return HandedOver(None)
    said = None
    if line.startswith(b"refused "):
        with contextlib.suppress(ValueError, UnicodeDecodeError, RecursionError):
            said = json.loads(line.removeprefix(b"refused "))
    return HandedOver(said) if isinstance(said, str) and said else None
