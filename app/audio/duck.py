"""The dip in the soundscapes under a chime or the voice: a gain envelope, pure arithmetic."""

from __future__ import annotations

import math

DUCK_DB = -6.0  # enough to hear a chime without the music seeming to stop
DUCK_GAIN = 10 ** (DUCK_DB / 20)
VOICE_DUCK_DB = -12.0  # words need more room than a chime: the music steps well back
DOWN_SECONDS = 0.15  # quick enough to clear room for the chime's first strike
UP_SECONDS = 1.0  # slow enough that the music returns like a breath, not a step


class Dip:
    """One chime or prompt as a span of heard time, and how deep the soundscapes go under it.

    Released early (a prompt cut short, a chime cancelled), it rises from wherever it was then,
    so the music never jumps back up.
    """

    def __init__(self, start: float, end: float, depth_db: float) -> None:
        self.start = start  # when the sound is heard
        self.end = max(start, end)  # when it has died away
        self.depth = 10 ** (depth_db / 20)
        self.released: float | None = None  # when it let go early

    def gain(self, t: float) -> float:
        if self.released is None or t <= self.released:
            return self._held(t)
        level = self._held(self.released)
        return min(1.0, level + (1.0 - level) * (t - self.released) / UP_SECONDS)

    def over_by(self) -> float:
        """The time from which this dip leaves the gain alone for good."""
        if self.released is None:
            return self.end + UP_SECONDS
        if self._held(self.released) >= 1.0:  # let go before it had begun
            return -math.inf
        return self.released + UP_SECONDS

    def ramping(self, t: float) -> bool:
        if t >= self.over_by():
            return False
        if self.released is not None and t > self.released:
            return True
        return self.start - DOWN_SECONDS < t < self.start or self.end < t

    def changes_from(self) -> list[float]:
        """The times at which this dip starts to move, in order."""
        times = [self.start - DOWN_SECONDS, self.end]
        if self.released is not None:
            times = [when for when in times if when < self.released] + [self.released]
        return times

    def _held(self, t: float) -> float:
        if t <= self.start - DOWN_SECONDS or t >= self.end + UP_SECONDS:
            return 1.0
        if t < self.start:
            return 1.0 - (1.0 - self.depth) * (t - (self.start - DOWN_SECONDS)) / DOWN_SECONDS
        if t <= self.end:
            return self.depth
        return self.depth + (1.0 - self.depth) * (t - self.end) / UP_SECONDS


class Duck:
    """Chimes and prompts as dips over heard time; the soundscapes' gain is the deepest dip."""

    def __init__(self) -> None:
        self._dips: list[Dip] = []

    def add(self, start: float, end: float, depth_db: float = DUCK_DB) -> Dip:
        dip = Dip(start, end, depth_db)
        self._dips.append(dip)
        return dip

    def release(self, dip: Dip, when: float) -> None:
        """The sound stopped (or will not start) at heard time `when`: its dip lets go then."""
        if dip.released is None or when < dip.released:
            dip.released = when

    def gain(self, t: float) -> float:
        return min((dip.gain(t) for dip in self._dips), default=1.0)

    def next_change(self, t: float) -> float | None:
        """`t` while a ramp is under way, else when the next one begins; None if flat for good."""
        self._dips = [dip for dip in self._dips if t < dip.over_by()]
        if any(dip.ramping(t) for dip in self._dips):
            return t
        later = [when for dip in self._dips for when in dip.changes_from() if when >= t]
        return min(later, default=None)
