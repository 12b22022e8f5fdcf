"""A sound in Lull's catalogue: a built-in loop or chime, or a file the user imported."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Kind(StrEnum):
    AMBIENCE = "ambience"
    CHIME = "chime"
    PROMPT = "prompt"  # a spoken line, rendered ahead of time (app/core/prompts.py)


class Origin(StrEnum):
    BUILT_IN = "built-in"
    IMPORTED = "imported"


@dataclass(frozen=True)
class SoundEntry:
    """One playable sound, keyed by a stable slug; the engine needs only this to play it."""

    id: str
    title: str
    kind: Kind
    origin: Origin
    path: Path
    seconds: float
    loop: bool
    licence: str

    @property
    def missing(self) -> bool:
        """True when the file has gone from disk since the catalogue was read."""
        return not self.path.is_file()
