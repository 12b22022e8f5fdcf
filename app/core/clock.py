"""Time as the session and the sound see it: a monotonic clock, injected, and a faster one."""

from __future__ import annotations

import math
from collections.abc import Callable

Clock = Callable[[], float]  # seconds, only ever forward: time.monotonic, or a test's fake


def scaled_clock(clock: Clock, speed: float) -> Clock:
    """A clock that runs `speed` times faster than `clock`, for rehearsing a plan quickly."""
    if not math.isfinite(speed) or speed <= 0:
        raise ValueError(f"the speed must be a positive number, not {speed}")
    origin = clock()
    return lambda: origin + (clock() - origin) * speed
