"""Time as the session and the sound see it: a monotonic clock, injected, and a faster one."""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable

Clock = Callable[[], float]  # seconds, only ever forward: time.monotonic, or a test's fake


def scaled_clock(clock: Clock, speed: float) -> Clock:
    """A clock that runs `speed` times faster than `clock`, for rehearsing a plan quickly."""
    if not math.isfinite(speed) or speed <= 0:
        raise ValueError(f"the speed must be a positive number, not {speed}")
    origin = clock()
    return lambda: origin + (clock() - origin) * speed


def _since_boot() -> float:
    return time.clock_gettime(time.CLOCK_BOOTTIME)


# The clock a session runs on: the room's time. CLOCK_MONOTONIC (time.monotonic) stops while
# the laptop is suspended; CLOCK_BOOTTIME counts that time too, so a session that slept through
# seven minutes of the massage is seven minutes further on when it wakes, and catches up once.
# Elsewhere than Linux there is no such clock: the session then resumes where it stopped.
session_clock: Clock = _since_boot if sys.platform == "linux" else time.monotonic
