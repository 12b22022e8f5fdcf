"""lull doctor: what Lull finds on this machine, in one line per part, for a bug report."""

from __future__ import annotations

import json
import os
import platform
import tempfile
from pathlib import Path

from app import __version__
from app.audio.errors import SoundRefused
from app.audio.library import INDEX_NAME, SoundLibrary
from app.audio.probe import probe
from app.core.database import DATABASE_NAME, examine
from app.core.plan import SLUG, PlanError
from app.core.plan_book import MAX_PLANS, PLANS_FOLDER
from app.core.plan_file import load_plan_file
from app.core.settings import Settings, UiState, from_dict
from app.core.store import JsonFile, make_folder, plain_reason, present
from app.desktop.launcher import APP_ID
from app.display import NO_DISPLAY, describe_display, display_problem
from app.paths import AppPaths
from app.user_files import SETTINGS_NAME, STATE_NAME

OK, NOTE, PROBLEM = "ok", "note", "problem"


def run_doctor(paths: AppPaths) -> int:
    """Print the findings; exit status 1 when Lull itself is broken here (assets, folders)."""
    findings = [
        ("display", *_display()),
        ("sound", *_sound()),
        *((name, *_folder(folder)) for name, folder in _folders(paths)),
        ("settings", *_typed_file(paths.config / SETTINGS_NAME, Settings)),
        ("remembered", *_typed_file(paths.state / STATE_NAME, UiState)),
        ("sounds", *_index(paths)),
        ("history", *_history(paths.data / DATABASE_NAME)),
        ("plans", *_plans(paths.data / PLANS_FOLDER)),
        ("damaged", *_set_aside(paths)),
        ("assets", *_assets(paths.assets)),
    ]
    print(f"Lull {__version__} on Python {platform.python_version()}, {_versions()}")
    for part, status, detail in findings:
        print(f"{part:<10} {status:<8} {detail}")
    return 1 if any(status == PROBLEM for _, status, _ in findings) else 0


def _versions() -> str:
    import pygame
    import PySide6

    return f"Qt for Python {PySide6.__version__}, pygame {pygame.version.ver}"


def _display() -> tuple[str, str]:
    """Reached the way the window reaches it, so "ok" means a window can open."""
    problem = display_problem()
    if problem == NO_DISPLAY:
        return NOTE, "no display (DISPLAY and WAYLAND_DISPLAY are unset): only the commands work"
    if problem:
        return PROBLEM, problem
    return OK, describe_display()


def _sound() -> tuple[str, str]:
    from app.audio.opening import open_engine

    engine = open_engine()
    try:
        info = engine.info
        return (OK if info.available else NOTE), info.describe()
    finally:
        engine.close()


def _folders(paths: AppPaths) -> list[tuple[str, Path]]:
    return [
        ("config", paths.config),
        ("data", paths.data),
        ("state", paths.state),
        ("logs", paths.logs),
    ]


def _folder(folder: Path) -> tuple[str, str]:
    """Whether Lull can keep its files here; the probe file is removed at once."""
    try:
        make_folder(folder)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".doctor-"):
            pass
    except OSError as error:
        return PROBLEM, f"{folder}: cannot write there ({error.strerror})"
    return OK, str(folder)


def _typed_file(path: Path, kind: type[Settings | UiState]) -> tuple[str, str]:
    """Read only: unlike the app, the doctor never sets a damaged file aside."""
    document = JsonFile(path, title=path.name)
    loaded = document.inspect()
    if document.held:
        return PROBLEM, f"{path}: {document.held}; Lull uses defaults and never writes over it"
    if loaded.problems:
        return NOTE, "; ".join(loaded.problems)
    if not path.exists():
        return OK, f"defaults (no {path.name} yet)"
    notes: list[str] = []
    if kind is Settings:
        from_dict(Settings, loaded.data, notes)
    else:
        from_dict(UiState, loaded.data, notes)
    return (NOTE, f"{path}: " + "; ".join(notes)) if notes else (OK, str(path))


def _index(paths: AppPaths) -> tuple[str, str]:
    folder = paths.data / "sounds"
    problems = SoundLibrary.check(paths.audio_assets, folder)
    if any("could not be read" in problem for problem in problems):
        return PROBLEM, " ".join(problems)
    if problems:
        return NOTE, " ".join(problems)
    if not (folder / INDEX_NAME).exists():
        return OK, "none imported yet"
    return OK, str(folder / INDEX_NAME)


def _history(path: Path) -> tuple[str, str]:
    """The people and sessions database, looked at without a change: the app sets it aside."""
    try:
        there = present(path)
    except OSError as error:
        return PROBLEM, f"{path}: cannot be read ({plain_reason(error, reading=True)})"
    if not there:
        return OK, "none yet: it begins with the first person or session"
    status, detail = examine(path)
    return {"ok": OK, "unreadable": PROBLEM}.get(status, NOTE), detail


def _plans(folder: Path) -> tuple[str, str]:
    """One's own plans, each read as the window reads it, touching nothing."""
    try:
        names = sorted(os.listdir(folder))  # unlike a glob, says when the folder cannot be read
    except FileNotFoundError:
        names = []
    except OSError as error:
        return PROBLEM, f"{folder}: cannot be read ({plain_reason(error, reading=True)})"
    stems = [name[: -len(".json")] for name in names if name.endswith(".json")]
    paths = [folder / f"{stem}.json" for stem in stems if SLUG.fullmatch(stem)][:MAX_PLANS]
    if not paths:
        return OK, f"none of your own yet (they are kept in {folder})"
    unusable = []
    for path in paths:
        try:
            load_plan_file(path)
        except PlanError as error:
            unusable.append(f"{path.name} ({error})")
    if unusable:
        return NOTE, f"{len(paths)} in {folder}; not usable: " + "; ".join(unusable)
    return OK, f"{len(paths)} in {folder}"


def _set_aside(paths: AppPaths) -> tuple[str, str]:
    folders = (
        paths.config,
        paths.state,
        paths.data,
        paths.data / "sounds",
        paths.data / PLANS_FOLDER,
    )
    found, unread = [], []
    for folder in folders:
        try:
            names = os.listdir(folder)  # unlike a glob, says when the folder cannot be read
        except FileNotFoundError:
            continue
        except OSError:
            unread.append(str(folder))
            continue
        found += [str(folder / name) for name in names if ".corrupt-" in name]
    found.sort()
    if unread:
        return PROBLEM, "cannot look for damaged files in " + ", ".join(dict.fromkeys(unread))
    if found:
        return NOTE, "damaged files kept aside (yours to look at or delete): " + ", ".join(found)
    return OK, "no damaged files"


def _assets(assets: Path) -> tuple[str, str]:
    try:
        catalog = json.loads((assets / "audio" / "catalog.json").read_text(encoding="utf-8"))
        files = [assets / "audio" / sound["file"] for sound in catalog["sounds"]]
        lines = sum(sound["kind"] == "prompt" for sound in catalog["sounds"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        return PROBLEM, f"the sound catalogue in {assets / 'audio'} cannot be read ({error})"
    broken = [f.name for f in files if not _decodes(f)]
    desktop = [assets / "desktop" / f"{APP_ID}{suffix}" for suffix in (".desktop", ".metainfo.xml")]
    others = [assets / "icons" / "lull.svg", *desktop]
    broken += [str(f.relative_to(assets)) for f in others if not f.is_file()]
    if broken:
        return PROBLEM, f"missing or damaged: {', '.join(broken)} (in {assets})"
    return (
        OK,
        f"{len(files) - lines} sounds and {lines} spoken lines, each decoded, the icon and "
        f"launcher files, in {assets}",
    )


def _decodes(path: Path) -> bool:
    """The file is there and decodes to its end, as an imported sound is judged."""
    try:
        probe(path)
    except SoundRefused:
        return False
    return True
