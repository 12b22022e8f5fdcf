"""lull doctor: what Lull finds on this machine, in one line per part, for a bug report."""

from __future__ import annotations

import json
import os
import platform
import tempfile
from pathlib import Path

from app import __version__
from app.paths import AppPaths

OK, NOTE, PROBLEM = "ok", "note", "problem"


def run_doctor(paths: AppPaths) -> int:
    """Print the findings; exit status 1 when Lull itself is broken here (assets, folders)."""
    findings = [
        ("display", *_display()),
        ("sound", *_sound()),
        *((name, *_folder(folder)) for name, folder in _folders(paths)),
        ("settings", *_settings(paths.config / "settings.json")),
        ("assets", *_assets(paths.assets)),
    ]
    print(f"Lull {__version__} on Python {platform.python_version()}, {_versions()}")
    for part, status, detail in findings:
        print(f"{part:<9} {status:<8} {detail}")
    return 1 if any(status == PROBLEM for _, status, _ in findings) else 0


def _versions() -> str:
    import pygame
    import PySide6

    return f"Qt for Python {PySide6.__version__}, pygame {pygame.version.ver}"


def _display() -> tuple[str, str]:
    if os.environ.get("QT_QPA_PLATFORM"):
        return OK, f"Qt platform {os.environ['QT_QPA_PLATFORM']} (from QT_QPA_PLATFORM)"
    if os.environ.get("WAYLAND_DISPLAY"):
        return OK, f"Wayland display {os.environ['WAYLAND_DISPLAY']}"
    if os.environ.get("DISPLAY"):
        return OK, f"X11 display {os.environ['DISPLAY']}"
    return NOTE, "no display (DISPLAY and WAYLAND_DISPLAY are unset): only the commands work"


def _sound() -> tuple[str, str]:
    from app.audio.engine import open_engine

    engine = open_engine()
    try:
        info = engine.info
        return (OK if info.available else NOTE), info.describe()
    finally:
        engine.close()


def _folders(paths: AppPaths) -> list[tuple[str, Path]]:
    return [("config", paths.config), ("data", paths.data), ("state", paths.state)]


def _folder(folder: Path) -> tuple[str, str]:
    """Whether Lull can keep its files here; the probe file is removed at once."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".doctor-"):
            pass
    except OSError as error:
        return PROBLEM, f"{folder}: cannot write there ({error.strerror})"
    return OK, str(folder)


def _settings(path: Path) -> tuple[str, str]:
    """Read only: unlike the app, the doctor never sets a damaged file aside."""
    if not path.exists():
        return OK, "defaults (no settings file yet)"
    try:
        json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        return NOTE, f"{path} is damaged ({error}); Lull will set it aside and use defaults"
    return OK, str(path)


def _assets(assets: Path) -> tuple[str, str]:
    try:
        catalog = json.loads((assets / "audio" / "catalog.json").read_text(encoding="utf-8"))
        files = [assets / "audio" / sound["file"] for sound in catalog["sounds"]]
    except (OSError, ValueError, KeyError, TypeError) as error:
        return PROBLEM, f"the sound catalogue in {assets / 'audio'} cannot be read ({error})"
    broken = [f.name for f in files if not f.is_file() or f.stat().st_size == 0]
    if not (assets / "icons" / "lull.svg").is_file():
        broken.append("icons/lull.svg")
    if broken:
        return PROBLEM, f"missing or empty: {', '.join(broken)} (in {assets})"
    return OK, f"{len(files)} built-in sounds and the app icon, in {assets}"
