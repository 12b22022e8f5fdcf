"""Elastic time: a phase made longer with seconds borrowed from the phases still to come."""

from __future__ import annotations

import math
from collections.abc import Sequence

from app.core.plan import MIN_PHASE_SECONDS, apportion

# A phase that gives time keeps at least this much (or all it had, if it was already shorter):
# the plan's own shortest phase, long enough to settle into a technique.
LEAST_BORROWED_FROM = MIN_PHASE_SECONDS


def borrow(
    later: Sequence[float], seconds: float, given: Sequence[float] = ()
) -> tuple[tuple[float, ...], float]:
    """The later phases' lengths once they have given up to `seconds`, and what they could not
    give, which lengthens the session instead.

    They give in proportion to their lengths, so the rest of the plan keeps its shape (as a plan
    scaled to a shorter session does); taking from the longest first would, a few minutes on,
    leave the main kneading no longer than the closing. None goes under LEAST_BORROWED_FROM (a
    phase already shorter gives nothing), and when they cannot give it all, each gives what it
    can. Time is borrowed in whole seconds, so whole lengths stay whole; any fraction of a
    second lengthens the session. A phase already given some of its time (the giver went back
    to an earlier one) never gives away what was given.
    """
    whole = [math.floor(length) for length in later]
    done = [*given, *[0.0] * (len(whole) - len(given))]
    least = [
        min(length, max(LEAST_BORROWED_FROM, math.ceil(spent)))
        for length, spent in zip(whole, done, strict=True)
    ]
    taken = max(min(math.floor(seconds), sum(whole) - sum(least)), 0)
    if not taken:
        return tuple(later), seconds
    kept = apportion(whole, sum(whole) - taken, least)
    shortened = tuple(
        share + (length - floor) for share, length, floor in zip(kept, later, whole, strict=True)
    )
    return shortened, seconds - taken
