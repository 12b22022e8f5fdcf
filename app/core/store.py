"""Persistence: JSON files written atomically, and a corrupt file set aside, never overwritten."""

from __future__ import annotations

import json
import logging
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

log = logging.getLogger(__name__)


class StoreError(Exception):
    """Saving failed for a reason outside the app (a full disk, no permission): in plain words."""


@dataclass(frozen=True)
class Loaded:
    data: object | None  # None when there was no usable file
    problem: str = ""  # what went wrong, for the user; empty when all was well


def read_json(path: Path) -> Loaded:
    """A JSON file's contents. A file that cannot be parsed is renamed aside and reported."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Loaded(None)
    except UnicodeDecodeError:
        return _set_aside(path, "it is not text")
    except OSError as error:
        return Loaded(None, f"{path.name} could not be read ({error.strerror}); using defaults")
    try:
        return Loaded(json.loads(text))
    except json.JSONDecodeError as error:
        return _set_aside(path, f"{error.msg} at line {error.lineno}")


class JsonFile:
    """One JSON document on disk. A file that exists but could not be read is never replaced."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._may_write = True

    def load(self) -> Loaded:
        loaded = read_json(self.path)
        # A damaged file was set aside, so the path is free; an unreadable one is still there.
        self._may_write = not (loaded.problem and self.path.exists())
        return loaded

    def save(self, data: object) -> None:
        if not self._may_write:
            raise StoreError(f"{self.path.name} was not saved: the file there could not be read")
        write_json_atomic(self.path, data)


def _set_aside(path: Path, reason: str) -> Loaded:
    try:
        aside = set_aside(path)
    except OSError as error:
        log.warning("could not set aside %s: %s", path, error)
        return Loaded(None, f"{path.name} is damaged ({reason}) and was left as it is")
    log.warning("%s is damaged (%s); kept as %s", path, reason, aside)
    return Loaded(None, f"{path.name} was damaged ({reason}); it was kept as {aside.name}")


def set_aside(path: Path) -> Path:
    """Rename a damaged file out of the way, never over an earlier one; its new path."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    number = 1
    while aside.exists():
        number += 1
        aside = path.with_name(f"{path.name}.corrupt-{stamp}-{number}")
    path.rename(aside)
    return aside


def replace_atomically(target: Path, write: Callable[[IO[bytes]], object]) -> None:
    """Write a temporary file beside `target`, sync it, then rename it over `target`."""
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    folder = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(folder)  # makes the rename itself survive a power cut
    finally:
        os.close(folder)


def write_json_atomic(path: Path, data: object) -> None:
    """Write so that the file is always either the old version or the new one, never half."""
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_atomically(path, lambda out: out.write(text.encode("utf-8")))
    except OSError as error:
        raise StoreError(f"could not save {path.name}: {error.strerror or error}") from error
