"""The dip in the soundscapes while a chime sounds: a gain envelope over time, pure arithmetic."""

from __future__ import annotations

from dataclasses import dataclass

DUCK_DB = -6.0  # enough to hear a chime without the music seeming to stop
DUCK_GAIN = 10 ** (DUCK_DB / 20)
DOWN_SECONDS = 0.15  # quick enough to clear room for the chime's first strike
UP_SECONDS = 1.0  # slow enough that the music returns like a breath, not a step


@dataclass(frozen=True)
class _Span:
    start: float  # when the chime is heard
    end: float  # when it has died away

    def gain(self, t: float) -> float:
        if t <= self.start - DOWN_SECONDS or t >= self.end + UP_SECONDS:
            return 1.0
        if t < self.start:
            return 1.0 - (1.0 - DUCK_GAIN) * (t - (self.start - DOWN_SECONDS)) / DOWN_SECONDS
        if t <= self.end:
            return DUCK_GAIN
        return DUCK_GAIN + (1.0 - DUCK_GAIN) * (t - self.end) / UP_SECONDS

    def ramping(self, t: float) -> bool:
        return self.start - DOWN_SECONDS < t < self.start or self.end < t < self.end + UP_SECONDS


class Duck:
    """Chimes as spans of heard time; the soundscapes' gain at a time is the deepest dip."""

    def __init__(self) -> None:
        self._spans: list[_Span] = []

    def add(self, start: float, end: float) -> None:
        self._spans.append(_Span(start, max(start, end)))

    def drop(self, start: float) -> None:
        """Forgets the dip of a chime that was cancelled before it sounded."""
        self._spans = [span for span in self._spans if span.start != start]

    def gain(self, t: float) -> float:
        return min((span.gain(t) for span in self._spans), default=1.0)

    def next_change(self, t: float) -> float | None:
        """`t` while a ramp is under way, else when the next one begins; None if flat for good."""
        self._spans = [span for span in self._spans if t < span.end + UP_SECONDS]
        if any(span.ramping(t) for span in self._spans):
            return t
        starts = [span.start - DOWN_SECONDS for span in self._spans]
        starts += [span.end for span in self._spans]
        later = [when for when in starts if when >= t]
        return min(later, default=None)
