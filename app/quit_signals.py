"""Quitting cleanly on a signal: a desktop's logout (SIGTERM), a closed terminal (SIGHUP) and
Ctrl-C, even while Qt's loop waits; and nothing more from them once quitting is under way."""

from __future__ import annotations

import contextlib
import signal
import socket
from typing import TYPE_CHECKING

from app import INTERRUPTED

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

QUIT_SIGNALS = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)


def _drain(receiver: socket.socket) -> None:
    """What the signal wake-up wrote, read away; nothing there (already read) is fine."""
    with contextlib.suppress(BlockingIOError):
        receiver.recv(64)


def close_signal_sockets(sockets: tuple[socket.socket, socket.socket]) -> None:
    """The wake-up socket is given back before it closes: a signal later in the shutdown (a
    closed terminal's SIGHUP after a logout's SIGTERM) would write into a closed file, or into
    whichever took its number. By then Lull is quitting anyway, and what it keeps is saved: a
    signal that comes now is ignored, not left to end it with the signal's own status."""
    for signum in QUIT_SIGNALS:
        signal.signal(signum, signal.SIG_IGN)
    signal.set_wakeup_fd(-1)
    for end in sockets:
        end.close()


def install_quit_on_signals(
    app: QApplication,
) -> tuple[tuple[socket.socket, socket.socket], list[str]]:
    """Quit cleanly, saving, on SIGTERM (a desktop's logout), SIGHUP (the terminal closed) and
    Ctrl-C, even while Qt's loop waits.

    Python runs its signal handlers only between bytecodes, and Qt's loop sits in C; the
    wake-up socket makes the loop notice at once, so the handler runs and the app quits.
    The caller keeps the returned sockets open while the loop runs, and logs the signals'
    names (returned in a list) once it has: a handler that wrote to stderr itself could land
    in the middle of another write there, and its line would be lost.
    """
    from PySide6.QtCore import QSocketNotifier, QTimer

    receiver, sender = socket.socketpair()
    receiver.setblocking(False)
    sender.setblocking(False)
    signal.set_wakeup_fd(sender.fileno())
    notifier = QSocketNotifier(receiver.fileno(), QSocketNotifier.Type.Read, app)
    notifier.activated.connect(lambda: _drain(receiver))

    received: list[str] = []

    def quit_app(signum: int, _frame: object) -> None:
        received.append(signal.Signals(signum).name)
        # Ctrl-C ends with the shell's usual 130; a logout or a closed terminal is no failure.
        # On a timer: one that comes while the window is built, before the loop runs, would be
        # lost on the loop that is not there yet; the timer fires as soon as it runs.
        status = INTERRUPTED if signum == signal.SIGINT else 0
        QTimer.singleShot(0, app, lambda: app.exit(status))

    for signum in QUIT_SIGNALS:
        signal.signal(signum, quit_app)
    return (receiver, sender), received
