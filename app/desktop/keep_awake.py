"""Keeping the laptop awake while a session runs: the desktop's screen saver, or its portal."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from PySide6.QtCore import (
    Q_ARG,
    Q_RETURN_ARG,
    QCoreApplication,
    QEventLoop,
    QMetaObject,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtDBus import (
    QDBus,
    QDBusConnection,
    QDBusInterface,
    QDBusMessage,
    QDBusObjectPath,
    QDBusPendingCallWatcher,
)

log = logging.getLogger(__name__)

REASON = "A massage session is running"
CLOSE_WAIT_MS = 1000  # quitting waits this long, at most, for an answer still on its way
CANNOT_KEEP_AWAKE = (
    "Keep the laptop plugged in and awake: Lull cannot keep it awake on this desktop."
)
# Asked asynchronously: the window goes on meanwhile, however long it takes. So the answer is
# waited for as long as D-Bus itself would wait: a hold granted after a shorter wait was never
# heard of, and so never let go.
ASK_MS = 25_000
# PySide6 sends every Python int as a signed 'i', and the calls that take an unsigned 'u'
# (the screen saver's cookie, the portal's flags) are refused with it; only a QDBusInterface,
# whose introspected methods carry their types, sends a 'u'. Its calls block, so they are made
# only to a service that has just answered, and never wait longer than this.
BLOCK_MS = 500
SCREEN_SAVER = "org.freedesktop.ScreenSaver"
SCREEN_SAVER_PATHS = ("/org/freedesktop/ScreenSaver", "/ScreenSaver")  # newer, older desktops
PORTAL = "org.freedesktop.portal.Desktop"
PORTAL_PATH = "/org/freedesktop/portal/desktop"
PORTAL_INHIBIT = "org.freedesktop.portal.Inhibit"
PORTAL_SUSPEND, PORTAL_IDLE = 4, 8  # the portal's flags: no suspending, no idling
REPLY = QDBusMessage.MessageType.ReplyMessage

Release = Callable[[], None]


class KeepAwake(QObject):
    """Holds off the screen saver and idle suspend while wanted (a session runs) and enabled.

    Asks the freedesktop ScreenSaver service, then xdg-desktop-portal's Inhibit; lets go as
    soon as it is no longer wanted, or disabled, or closed. Where neither answers (or there is
    no session bus at all), it says so once and the app goes on as before.
    """

    unavailable = Signal(str)  # what to tell the giver, once: nothing on this desktop answers

    def __init__(
        self, bus: QDBusConnection | None, app_name: str, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._bus = bus if bus is not None and bus.isConnected() else None
        self._app_name = app_name
        self._wanted = False
        self._enabled = True
        self._asking = False  # a request is on its way
        self._gave_up = False  # nothing answered since it was last wanted
        self._told = False
        self._release: Release | None = None
        # Made once each (its introspection blocks), on a service that has just answered.
        self._calls: list[QDBusPendingCallWatcher] = []  # on their way
        self._interfaces: dict[tuple[str, str, str], QDBusInterface] = {}
        self._letting_go: list[threading.Thread] = []  # holds being let go, each on its thread

    @property
    def enabled(self) -> bool:
        return self._enabled

    @enabled.setter
    def enabled(self, enabled: bool) -> None:
        self._enabled = enabled
        self._settle()

    @property
    def holding(self) -> bool:
        """The screen saver and idle suspend are being held off now."""
        return self._release is not None

    def set_wanted(self, wanted: bool) -> None:
        """Wanted while a session runs; not while it is paused, over, or there is none."""
        if not wanted:
            self._gave_up = False  # the next session asks again: the desktop may have changed
        self._wanted = wanted
        self._settle()

    def close(self) -> None:
        """Lull is quitting: let go now. An answer still on its way is waited for (a little),
        so that a hold granted as Lull quits is let go too, not left to the desktop."""
        self.set_wanted(False)
        deadline = time.monotonic() + CLOSE_WAIT_MS / 1000
        while self._asking and time.monotonic() < deadline:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        for letting_go in self._letting_go:
            letting_go.join(max(0.0, deadline - time.monotonic()))

    def _settle(self) -> None:
        release = self._release
        if release is not None and not (self._wanted and self._enabled):
            self._release = None
            release()
        elif self._wanted and self._enabled and not (release or self._asking or self._gave_up):
            self._ask()

    def _ask(self) -> None:
        if self._bus is None:
            self._refused()
        else:
            self._asking = True
            self._ask_screen_saver(0)

    def _ask_screen_saver(self, attempt: int) -> None:
        path = SCREEN_SAVER_PATHS[attempt]
        message = QDBusMessage.createMethodCall(SCREEN_SAVER, path, SCREEN_SAVER, "Inhibit")
        message.setArguments([self._app_name, REASON])

        def answered(reply: QDBusMessage) -> None:
            cookie = _cookie(reply) if reply.type() == REPLY else None
            if cookie is not None:
                self._granted(lambda: self._uninhibit(path, cookie), f"{SCREEN_SAVER} at {path}")
            elif attempt + 1 < len(SCREEN_SAVER_PATHS):
                self._ask_screen_saver(attempt + 1)
            else:
                log.info("no screen saver to hold off: %s", reply.errorMessage())
                self._ask_portal()

        self._call(message, answered)

    def _ask_portal(self) -> None:
        """Only once the portal has said it can inhibit is it asked, with a call that blocks."""
        message = QDBusMessage.createMethodCall(
            PORTAL, PORTAL_PATH, "org.freedesktop.DBus.Introspectable", "Introspect"
        )

        def answered(reply: QDBusMessage) -> None:
            offered = reply.type() == REPLY and f'"{PORTAL_INHIBIT}"' in reply.arguments()[0]
            handle = self._portal_inhibit() if offered else None
            if handle is None:
                log.info("no desktop portal to inhibit with: %s", reply.errorMessage())
                self._refused()
            else:
                self._granted(lambda: self._close_request(handle), f"{PORTAL_INHIBIT}")

        self._call(message, answered)

    def _call(self, message: QDBusMessage, answered: Callable[[QDBusMessage], None]) -> None:
        assert self._bus is not None
        # Held here, not parented: a watcher given a parent and deleteLater() was deleted twice
        # when its parent went first (a crash); dropped once its signal has been handled.
        watcher = QDBusPendingCallWatcher(self._bus.asyncCall(message, ASK_MS))
        self._calls.append(watcher)

        def finished(done: QDBusPendingCallWatcher) -> None:
            QTimer.singleShot(0, self, lambda: self._calls.remove(done))
            answered(done.reply())

        watcher.finished.connect(finished)

    def _granted(self, release: Release, through: str) -> None:
        log.info("keeping the laptop awake through %s", through)
        self._asking = False
        self._release = release
        self._settle()  # no longer wanted while it was asked: let go at once

    def _refused(self) -> None:
        self._asking = False
        self._gave_up = True
        if not self._told:
            self._told = True
            self.unavailable.emit(CANNOT_KEEP_AWAKE)

    def _interface(self, service: str, path: str, interface: str) -> QDBusInterface | None:
        assert self._bus is not None
        key = (service, path, interface)
        found = self._interfaces.get(key)
        if found is None or not found.isValid():
            found = self._interfaces[key] = QDBusInterface(
                service, path, interface, self._bus, self
            )
            found.setTimeout(BLOCK_MS)
        return found if found.isValid() else None

    def _portal_inhibit(self) -> str | None:
        portal = self._interface(PORTAL, PORTAL_PATH, PORTAL_INHIBIT)
        if portal is None:
            return None
        handle = QMetaObject.invokeMethod(
            portal,
            "Inhibit",
            Qt.ConnectionType.DirectConnection,
            Q_RETURN_ARG("QDBusObjectPath"),
            Q_ARG("QString", ""),  # no window to name: Lull's is not exported to the portal
            Q_ARG("uint", PORTAL_SUSPEND | PORTAL_IDLE),
            Q_ARG("QVariantMap", {"reason": REASON}),
        )
        if portal.lastError().isValid() or not isinstance(handle, QDBusObjectPath):
            return None
        return handle.path()

    def _uninhibit(self, path: str, cookie: int) -> None:
        """On a thread of its own: the interface that sends the cookie as a 'u' describes the
        service as it is made, and one slow to describe itself held the window at a pause (an
        attacker's: 25 s)."""
        log.info("letting the laptop sleep again")
        assert self._bus is not None
        letting_go = threading.Thread(
            target=_uninhibit, args=(self._bus, path, cookie), name="uninhibit", daemon=True
        )
        letting_go.start()
        # Those done are forgotten: a long evening of pauses keeps none of them.
        self._letting_go = [*(kept for kept in self._letting_go if kept.is_alive()), letting_go]

    def _close_request(self, handle: str) -> None:
        log.info("letting the laptop sleep again")
        assert self._bus is not None
        close = QDBusMessage.createMethodCall(
            PORTAL, handle, "org.freedesktop.portal.Request", "Close"
        )
        self._bus.call(close, QDBus.CallMode.Block, BLOCK_MS)


def _uninhibit(bus: QDBusConnection, path: str, cookie: int) -> None:
    screen_saver = QDBusInterface(SCREEN_SAVER, path, SCREEN_SAVER, bus)
    if screen_saver.isValid():
        screen_saver.setTimeout(ASK_MS)
        QMetaObject.invokeMethod(
            screen_saver, "UnInhibit", Qt.ConnectionType.DirectConnection, Q_ARG("uint", cookie)
        )


def _cookie(reply: QDBusMessage) -> int | None:
    """The cookie an Inhibit answered with: a D-Bus uint32, or None for any other answer (a
    service that answers with something else is as good as none)."""
    answer = reply.arguments()
    cookie = answer[0] if len(answer) == 1 else None
    if isinstance(cookie, int) and not isinstance(cookie, bool) and 0 <= cookie < 2**32:
        return cookie
    log.info("the screen saver answered Inhibit with '%s', not a cookie", reply.signature())
    return None
