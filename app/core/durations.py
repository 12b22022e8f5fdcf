"""Lengths of time as Lull writes them: one place, so the window, the tray and the CLI agree."""

from __future__ import annotations

import math


def countdown(seconds: float) -> str:
    """Time left, rounded up, as 04:05 or 1:04:05: a countdown reaches 00:00 only at the end."""
    hours, minutes, secs = _parts(max(0, math.ceil(seconds - 1e-9)))
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def position(seconds: float) -> str:
    """A length or a place in a sound, as a player shows it: 4:05, or 1:04:05 past an hour."""
    hours, minutes, secs = _parts(max(0, round(seconds)))
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def in_words(seconds: float) -> str:
    """A phase's length in plain words: 45 s, 4 min, 2 min 30 s."""
    minutes, secs = divmod(max(0, round(seconds)), 60)
    if not minutes:
        return f"{secs} s"
    return f"{minutes} min {secs} s" if secs else f"{minutes} min"


def _parts(whole: int) -> tuple[int, int, int]:
    hours, rest = divmod(whole, 3600)
    return (hours, *divmod(rest, 60))
