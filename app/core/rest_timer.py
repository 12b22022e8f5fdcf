"""The rest after a session: the music plays on for the chosen minutes, then fades out.

The same count serves ambience played with no session, from when the giver last started a
sound. Times are an injected clock's seconds; `due(now)` says once that the fade should begin.
"""

from __future__ import annotations

import math

REST_CHOICES = (0, 5, 10, 20)  # minutes; 0 is off: the music stops with the session's end fade
REST_FADE_SECONDS = 60.0  # the rest ends slowly: a minute from the music to silence


class RestTimer:
    def __init__(self, minutes: int = 0) -> None:
        self._minutes = _checked(minutes)
        self._ends: float | None = None  # when the fade is due, while counting

    @property
    def minutes(self) -> int:
        return self._minutes

    @property
    def counting(self) -> bool:
        return self._ends is not None

    def start(self, now: float) -> bool:
        """Count the chosen minutes from `now` (again, if counting); False when off."""
        self._ends = now + self._minutes * 60 if self._minutes else None
        return self.counting

    def choose(self, minutes: int, now: float) -> None:
        """Another length: while counting, it counts from `now`; off stops the count."""
        self._minutes = _checked(minutes)
        if self.counting:
            self.start(now)

    def cancel(self) -> None:
        self._ends = None

    def left(self, now: float) -> float | None:
        """Seconds until the fade, or None when not counting."""
        return None if self._ends is None else max(0.0, self._ends - now)

    def due(self, now: float) -> bool:
        """True once, when the count has run out: the fade begins and the count ends."""
        if self._ends is None or now < self._ends:
            return False
        self._ends = None
        return True

    def seconds_to_next(self, now: float) -> float | None:
        """Until the shown time left changes (a whole second passes) or the fade is due."""
        left = self.left(now)
        if left is None:
            return None
        return left - (math.ceil(left) - 1) if left > 0 else 0.0


def nearest_choice(minutes: int) -> int:
    """The choice nearest to a remembered length (a hand-edited 7 is taken as 5)."""
    return min(REST_CHOICES, key=lambda choice: (abs(choice - minutes), choice))


def _checked(minutes: int) -> int:
    if minutes not in REST_CHOICES:
        raise ValueError(f"the rest lasts off, 5, 10 or 20 minutes, not {minutes}")
    return minutes
