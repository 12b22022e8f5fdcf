"""The composition root: reads the command line, then builds and wires everything else."""

from __future__ import annotations

import logging
import os
import signal
import socket
import sys
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

from app.cli import UsageError, build_parser, resolve_plan, run_verb
from app.core.plan import BUILT_IN_PLANS, PlanError
from app.core.session import Session, scaled_clock

if TYPE_CHECKING:
    import argparse

    from PySide6.QtWidgets import QApplication

    from app.core.plan import Plan

log = logging.getLogger("app")

DEFAULT_PLAN_ID = "classic"
DEFAULT_WINDOW_SIZE = (1280, 800)


def main(argv: Sequence[str] | None = None) -> int:
    started = time.monotonic()
    try:
        args = build_parser().parse_args(argv)
        logging.basicConfig(
            level=logging.INFO if args.verbose else logging.WARNING,
            format="%(asctime)s %(name)s %(levelname)s: %(message)s",
        )
        if args.verb:
            return run_verb(args)
        plan = resolve_plan(args.plan or DEFAULT_PLAN_ID)
        minutes = args.minutes or round(plan.minutes)
        plan.scaled_to(minutes * 60)  # refuse a length the plan cannot take before any window
        return run_window(args, plan, minutes, started)
    except (UsageError, PlanError) as error:
        print(f"lull: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader went away (lull plans | head): not an error, and nothing more to say.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _has_display() -> bool:
    return any(os.environ.get(name) for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"))


def run_window(args: argparse.Namespace, plan: Plan, minutes: int, started: float) -> int:
    if not _has_display():
        raise UsageError(
            "there is no graphical display to open the window on (DISPLAY and WAYLAND_DISPLAY "
            "are unset); 'lull plans' and 'lull check-plan' work without one"
        )
    # Qt is imported here, not at the top, so the command-line verbs start fast without it.
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from app.paths import AppPaths
    from app.ui.main_window import MainWindow
    from app.ui.session_bridge import SessionBridge
    from app.ui.theme import DARK, apply_theme

    paths = AppPaths.from_platform(args.data_dir)
    app = QApplication([sys.argv[0]])
    app.setApplicationName("Lull")
    app.setDesktopFileName("lull")
    apply_theme(app, DARK)
    signal_sockets = install_quit_on_signals(app)

    clock = time.monotonic if args.speed == 1 else scaled_clock(time.monotonic, args.speed)
    bridge = SessionBridge(lambda chosen: Session(chosen, clock), clock, speed=args.speed)
    window = MainWindow(
        bridge, BUILT_IN_PLANS, plan, minutes, icon=QIcon(str(paths.icons / "lull.svg"))
    )
    window.resize(*DEFAULT_WINDOW_SIZE)
    window.show()
    QTimer.singleShot(
        0, lambda: log.info("window shown %.3f s after start", time.monotonic() - started)
    )
    if args.start:
        bridge.start_or_pause()
    status = app.exec()
    log.info("quitting")
    for end in signal_sockets:
        end.close()
    return status


def install_quit_on_signals(app: QApplication) -> tuple[socket.socket, socket.socket]:
    """Quit cleanly on SIGTERM (a desktop's logout) and Ctrl-C, even while Qt's loop waits.

    Python runs its signal handlers only between bytecodes, and Qt's loop sits in C; the
    wake-up socket makes the loop notice at once, so the handler runs and the app quits.
    The caller keeps the returned sockets open while the loop runs.
    """
    from PySide6.QtCore import QSocketNotifier

    receiver, sender = socket.socketpair()
    receiver.setblocking(False)
    sender.setblocking(False)
    signal.set_wakeup_fd(sender.fileno())
    notifier = QSocketNotifier(receiver.fileno(), QSocketNotifier.Type.Read, app)
    notifier.activated.connect(lambda: receiver.recv(64))

    def quit_app(signum: int, _frame: object) -> None:
        log.info("%s: quitting", signal.Signals(signum).name)
        app.quit()

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, quit_app)
    return receiver, sender
