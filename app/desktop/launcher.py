"""Lull in the desktop's launcher: its entry, its icon and its metainfo, put into the user's own
folders (`lull --install-desktop-entry`) and taken out again (`--uninstall-desktop-entry`)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import platformdirs

from app.core.store import plain_reason, replace_atomically

APP_ID = "io.github.lull.Lull"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


class LauncherError(Exception):
    """A launcher file could not be written or removed; the message says which, in plain words."""


@dataclass(frozen=True)
class Placed:
    """A file of the launcher entry: where it comes from in Lull, and where the desktop looks."""

    source: Path
    target: Path


def launcher_files(assets: Path, data_home: Path | None = None) -> list[Placed]:
    """Every file the entry is made of, by where the freedesktop specifications look for it."""
    home = Path(platformdirs.user_data_dir()) if data_home is None else data_home
    icons = home / "icons" / "hicolor"
    return [
        Placed(
            assets / "desktop" / f"{APP_ID}.desktop", home / "applications" / f"{APP_ID}.desktop"
        ),
        Placed(
            assets / "desktop" / f"{APP_ID}.metainfo.xml",
            home / "metainfo" / f"{APP_ID}.metainfo.xml",
        ),
        Placed(assets / "icons" / "lull.svg", icons / "scalable" / "apps" / f"{APP_ID}.svg"),
        *(
            Placed(
                assets / "icons" / f"lull-{size}.png",
                icons / f"{size}x{size}" / "apps" / f"{APP_ID}.png",
            )
            for size in ICON_SIZES
        ),
    ]


def lull_command() -> str:
    """How the launcher starts this Lull: the `lull` script beside this Python, or this Python
    running the package (a source checkout)."""
    script = Path(sys.executable).parent / "lull"
    if script.is_file() and os.access(script, os.X_OK):
        return _exec_argument(str(script))
    return f"{_exec_argument(sys.executable)} -m app"


def install(assets: Path, data_home: Path | None = None) -> list[Path]:
    """Puts the entry, the icons and the metainfo into the user's folders; the paths written.
    The entry starts this very Lull, wherever it is installed. All of it, or none: what was
    written before a failure is taken out again."""
    files = launcher_files(assets, data_home)
    try:
        contents = [placed.source.read_bytes() for placed in files]
    except OSError as error:
        raise LauncherError(f"Lull's own launcher files are damaged: {error}") from error
    written: list[Path] = []
    for placed, content in zip(files, contents, strict=True):
        if placed.target.suffix == ".desktop":
            content = _with_exec(content.decode("utf-8"), lull_command()).encode("utf-8")
        try:
            placed.target.parent.mkdir(parents=True, exist_ok=True)
            replace_atomically(placed.target, _writer(content), own_folder=False)
        except OSError as error:
            for done in written:
                done.unlink(missing_ok=True)
            raise LauncherError(
                f"could not write {placed.target}: {plain_reason(error)}"
            ) from error
        written.append(placed.target)
    return written


def uninstall(assets: Path, data_home: Path | None = None) -> list[Path]:
    """Takes out what `install` put in; the paths removed (none if it was never installed)."""
    removed = []
    for placed in launcher_files(assets, data_home):
        try:
            placed.target.unlink()
        except FileNotFoundError:
            continue
        except OSError as error:
            raise LauncherError(
                f"could not remove {placed.target}: {plain_reason(error)}"
            ) from error
        removed.append(placed.target)
    return removed


def _writer(content: bytes) -> Callable[[IO[bytes]], object]:
    return lambda out: out.write(content)


# Characters the desktop entry specification reserves in an Exec argument.
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def _exec_argument(argument: str) -> str:
    """An argument as an Exec key holds it: double-quoted when it must be, escaped inside."""
    if _RESERVED.isdisjoint(argument):
        return argument.replace("%", "%%")
    quoted = "".join(f"\\{char}" if char in '"`$\\' else char for char in argument)
    # and the value's own escaping of backslashes; a literal "%" is "%%" (it opens a field code)
    return f'"{quoted}"'.replace("\\", "\\\\").replace("%", "%%")


def _with_exec(entry: str, command: str) -> str:
    return "".join(
        f"Exec={command}\n" if line.startswith("Exec=") else line
        for line in entry.splitlines(keepends=True)
    )
