"""Whether a window can open here: a real connection to the display, tried before Qt is."""

from __future__ import annotations

import ctypes
import importlib.util
import os
import socket
import threading
from pathlib import Path

NO_DISPLAY = (
    "there is no graphical display to open the window on (DISPLAY and WAYLAND_DISPLAY are "
    "unset); 'lull plans' and 'lull check-plan' work without one"
)
# Platforms that draw nowhere, or into a framebuffer Qt opens itself: nothing to connect to.
SELF_CONTAINED = ("offscreen", "minimal", "vnc", "eglfs", "linuxfb")
CONNECT_SECONDS = 3.0  # a display that takes longer to answer will not show a window either
XCB_LIBRARY = "libxcb.so.1"  # what Qt's xcb platform plugin links against


def display_problem() -> str:
    """Why no window can open here, in one sentence; empty when one can.

    Qt aborts the whole process when it cannot reach the display (exit 134, advising a
    reinstall), so the display is reached here first, the way Qt will reach it.
    """
    platform = os.environ.get("QT_QPA_PLATFORM", "").split(":")[0].split(";")[0]
    if platform and not _has_plugin(platform):
        return (
            f"Qt has no display platform called '{platform}' (from QT_QPA_PLATFORM); "
            "unset it, or use xcb or wayland"
        )
    if platform.startswith(SELF_CONTAINED):
        return ""
    wayland, x11 = os.environ.get("WAYLAND_DISPLAY", ""), os.environ.get("DISPLAY", "")
    wayland_problem = _wayland_problem(wayland) if wayland else ""
    x11_problem = _x11_problem(x11) if x11 else ""
    if platform.startswith("wayland"):
        return (
            wayland_problem
            if wayland
            else "QT_QPA_PLATFORM is wayland, but WAYLAND_DISPLAY is unset"
        )
    if platform == "xcb":
        return x11_problem if x11 else "QT_QPA_PLATFORM is xcb, but DISPLAY is unset"
    if not wayland and not x11:
        return NO_DISPLAY
    if (wayland and not wayland_problem) or (x11 and not x11_problem):
        return ""
    return wayland_problem or x11_problem


def _has_plugin(platform: str) -> bool:
    """Whether Qt will find the platform plugin QT_QPA_PLATFORM names (it aborts if not)."""
    if os.environ.get("QT_QPA_PLATFORM_PLUGIN_PATH"):
        return True  # plugins from elsewhere: Qt will say for itself
    spec = importlib.util.find_spec("PySide6")
    if spec is None or spec.origin is None:
        return True
    return (
        Path(spec.origin).parent / "Qt" / "plugins" / "platforms" / f"libq{platform}.so"
    ).exists()


def describe_display() -> str:
    """The display a window would open on, for `lull doctor`."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform:
        return f"Qt platform {platform} (from QT_QPA_PLATFORM)"
    if os.environ.get("WAYLAND_DISPLAY"):
        return f"Wayland display {os.environ['WAYLAND_DISPLAY']}"
    return f"X11 display {os.environ.get('DISPLAY', '')}"


def _wayland_problem(name: str) -> str:
    path = Path(name)
    if not path.is_absolute():
        path = Path(os.environ.get("XDG_RUNTIME_DIR", "/nonexistent")) / name
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
            probe.settimeout(CONNECT_SECONDS)
            probe.connect(str(path))
    except OSError as error:
        return f"the Wayland display {name} cannot be reached ({error.strerror or error})"
    return ""


def _x11_problem(name: str) -> str:
    """Connects with libxcb, as Qt's xcb platform will, so that authorisation counts too.

    libxcb waits as long as the server does: a server that accepts and never answers would
    hold Lull forever, so the connection is tried on a thread given CONNECT_SECONDS.
    """
    try:
        xcb = ctypes.CDLL(XCB_LIBRARY)
    except OSError:
        return f"the X11 client library ({XCB_LIBRARY}) is missing; install libxcb1"
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    answer: list[bool] = []

    def connect() -> None:
        connection = xcb.xcb_connect(name.encode(), None)
        try:
            answer.append(not xcb.xcb_connection_has_error(connection))
        finally:
            xcb.xcb_disconnect(connection)

    trying = threading.Thread(target=connect, name="display check", daemon=True)
    trying.start()
    trying.join(CONNECT_SECONDS)
    if not answer:
        return f"the X11 display {name} does not answer (waited {CONNECT_SECONDS:g} s)"
    if not answer[0]:
        return (
            f"the X11 display {name} cannot be reached "
            "(no X server answers there, or it did not let Lull in)"
        )
    return ""
