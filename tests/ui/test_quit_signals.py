"""Quitting on a signal: SIGTERM from a desktop's logout, SIGHUP from a closed terminal."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSocketNotifier, QTimer
from PySide6.QtWidgets import QApplication

from app.quit_signals import close_signal_sockets, install_quit_on_signals

GIVE_UP = 99  # what the event loop returns if the signal was lost


@pytest.fixture
def handlers() -> Iterator[None]:
    kept = {signum: signal.getsignal(signum) for signum in (signal.SIGTERM, signal.SIGHUP)}
    kept_int = signal.getsignal(signal.SIGINT)
    yield
    signal.set_wakeup_fd(-1)
    for signum, handler in kept.items():
        signal.signal(signum, handler)
    signal.signal(signal.SIGINT, kept_int)


@pytest.mark.usefixtures("handlers")
def test_a_signal_that_comes_before_the_event_loop_runs_still_quits(qapp: QApplication) -> None:
    # Lull builds its window between setting the handlers and running the loop (0.3 s and more):
    # a logout then was lost, and the app ran on.
    give_up = QTimer()
    give_up.setSingleShot(True)
    give_up.timeout.connect(lambda: qapp.exit(GIVE_UP))
    sockets, received = install_quit_on_signals(qapp)
    try:
        os.kill(os.getpid(), signal.SIGTERM)  # Python runs the handler here, before exec()
        give_up.start(3000)
        assert qapp.exec() == 0
        assert received == ["SIGTERM"]
    finally:
        give_up.stop()  # pending, it would end some later test's event loop
        for notifier in qapp.findChildren(QSocketNotifier):  # the app's lives as long as it does
            if notifier.socket() == sockets[0].fileno():
                notifier.setEnabled(False)
                notifier.setParent(None)
        for end in sockets:
            end.close()


@pytest.mark.usefixtures("handlers")
def test_a_signal_in_the_rest_of_the_shutdown_is_ignored_and_writes_nowhere(
    qapp: QApplication, capfd: pytest.CaptureFixture[str]
) -> None:
    """A closed terminal's SIGHUP after a logout's SIGTERM, once the loop is over: the wake-up
    socket was closed, and Python said so with a traceback (or wrote into whatever file took
    its number); and a storm of them ended Lull with the signal's status, not 0."""
    sockets, received = install_quit_on_signals(qapp)
    for notifier in qapp.findChildren(QSocketNotifier):
        if notifier.socket() == sockets[0].fileno():
            notifier.setEnabled(False)
            notifier.setParent(None)
    close_signal_sockets(sockets)
    for signum in (signal.SIGHUP, signal.SIGTERM, signal.SIGINT):
        os.kill(os.getpid(), signum)
    assert received == []  # quitting is under way already
    assert capfd.readouterr().err == ""
    assert signal.set_wakeup_fd(-1) == -1
