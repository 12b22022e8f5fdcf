"""When each spoken prompt starts: one at a time, the most important first, clear of the chimes,
and never so late that what it says is no longer true.

Times are seconds on the sound's clock. A *turn* is a few lines said one after the other with
nothing between them ("Fifteen seconds." then "Next: the neck."); turns wait here until they are
close enough to start to be handed to the engine (`take`), so a more important one that falls due
meanwhile can still go first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from app.core.prompts import Priority

BREATH_SECONDS = 0.3  # between two lines, so they are heard as two
AFTER_CHIME_SECONDS = 0.6  # a chime's strike is heard whole before the voice begins
BEFORE_CHIME_SECONDS = 0.2  # and the voice has stopped a moment before a chime strikes
# How late a line may still start, counted from when it fell due (or, for a line that follows
# another in its turn, from the end of that one). Later than this it is no longer true, or no
# longer useful, and is dropped: "Fifteen seconds." must be on time; a towel can wait a little.
STALE_SECONDS: dict[Priority, float] = {
    Priority.HEADS_UP: 2.0,
    Priority.REMINDER: 10.0,
    Priority.CHECKIN: 8.0,
    Priority.CHANGE: 4.0,
}

W = TypeVar("W")  # what is to be said: a prompt's id, or a line of the giver's own


@dataclass(frozen=True)
class Line(Generic[W]):
    what: W
    seconds: float  # how long it takes to say


@dataclass(frozen=True)
class Turn(Generic[W]):
    """Lines said one after the other, from `due` on; the first decides the turn's place."""

    lines: tuple[Line[W], ...]
    due: float
    priority: Priority
    order: int = 0  # the order it came in: the tie-breaker, so planning is deterministic
    until: float | None = None  # said whole before this (the change a heads-up is about), or not

    @property
    def stale_after(self) -> float:
        return STALE_SECONDS[self.priority]


@dataclass(frozen=True)
class Planned(Generic[W]):
    what: W
    start: float
    seconds: float
    turn: int  # the order of the turn it belongs to
    first: bool  # the first line of its turn

    @property
    def end(self) -> float:
        return self.start + self.seconds


@dataclass
class Schedule(Generic[W]):
    """The lines in the order they start, and the turns dropped as too late."""

    said: list[Planned[W]] = field(default_factory=list)
    dropped: list[Turn[W]] = field(default_factory=list)


class CueQueue(Generic[W]):
    def __init__(self) -> None:
        self._waiting: list[Turn[W]] = []
        self._chimes: list[float] = []  # when each chime strikes, struck recently or to come
        self._free_from = -float("inf")  # the voice is free again (after a breath) from here
        self._count = 0

    @property
    def waiting(self) -> bool:
        return bool(self._waiting)

    def add(
        self,
        lines: Sequence[Line[W]],
        due: float,
        priority: Priority,
        until: float | None = None,
    ) -> None:
        """A turn falls due; `lines` is never empty. A turn with `until` is said whole before
        then, or not at all."""
        self._waiting.append(Turn(tuple(lines), due, priority, self._count, until))
        self._count += 1

    def chime(self, at: float) -> None:
        """A chime strikes at `at`: no line may cover it."""
        self._chimes.append(at)
        self._chimes.sort()

    def forget_chimes_after(self, now: float) -> None:
        """The chimes still to come were called off (paused) or moved (booked again)."""
        self._chimes = [at for at in self._chimes if at <= now]

    def clear(self) -> None:
        """Paused, ended or moved by hand: nothing waiting is true any more, nor is the engine
        still speaking what it was given."""
        self._waiting.clear()
        self._free_from = -float("inf")

    def plan(self, now: float) -> Schedule[W]:
        """Every waiting turn's lines with their starts, as things stand; nothing changes."""
        return _plan(self._waiting, self._chimes, max(now, self._free_from))

    def take(self, now: float, lead: float) -> list[Planned[W]]:
        """The lines of every turn that starts by `now + lead`, handed over for good (the voice
        is busy until they end); turns that could only start too late are forgotten."""
        self._chimes = [at for at in self._chimes if at > now - AFTER_CHIME_SECONDS]
        plan = self.plan(now)
        starting = {p.turn for p in plan.said if p.first and p.start <= now + lead}
        taken = [planned for planned in plan.said if planned.turn in starting]
        gone = starting | {turn.order for turn in plan.dropped}
        self._waiting = [turn for turn in self._waiting if turn.order not in gone]
        if taken:
            self._free_from = taken[-1].end + BREATH_SECONDS
        return taken

    def next_start(self, now: float) -> float | None:
        """When the first waiting line would start, if any would."""
        said = self.plan(now).said
        return said[0].start if said else None


def _clear_of_chimes(start: float, seconds: float, chimes: Sequence[float]) -> float:
    """The earliest start from `start` at which `seconds` of speech covers no chime."""
    for at in chimes:  # in order, so each push can only meet later chimes
        if start < at + AFTER_CHIME_SECONDS and start + seconds + BEFORE_CHIME_SECONDS > at:
            start = at + AFTER_CHIME_SECONDS
    return start


def _best(ready: Iterable[Turn[W]]) -> Turn[W]:
    return min(ready, key=lambda turn: (-turn.priority, turn.due, turn.order))


def _plan(waiting: Sequence[Turn[W]], chimes: Sequence[float], free_from: float) -> Schedule[W]:
    plan: Schedule[W] = Schedule()
    left = list(waiting)
    while left:
        at = max(free_from, min(turn.due for turn in left))
        while True:  # a line pushed past a chime may find a more important one due by then
            turn = _best(turn for turn in left if turn.due <= at)
            start = _clear_of_chimes(at, turn.lines[0].seconds, chimes)
            if start == at:
                break
            at = start
        left.remove(turn)
        said = None if _overtaken(turn, start, waiting) else _say(turn, start, chimes)
        if said is None:
            plan.dropped.append(turn)
            continue
        plan.said.extend(said)
        free_from = said[-1].end + BREATH_SECONDS
    return plan


def _overtaken(turn: Turn[W], start: float, waiting: Sequence[Turn[W]]) -> bool:
    """A change (a phase beginning, the sides switching, the end) has come between when the
    turn fell due and when it could start: what it says of the moment before is untrue now."""
    if turn.priority not in (Priority.CHANGE, Priority.HEADS_UP):
        return False
    return any(
        other.priority is Priority.CHANGE and turn.due < other.due <= start for other in waiting
    )


def _say(turn: Turn[W], start: float, chimes: Sequence[float]) -> list[Planned[W]] | None:
    """The turn's lines from `start`, or None if any would start too late (or end too late)."""
    said: list[Planned[W]] = []
    due = turn.due
    for line in turn.lines:
        start = _clear_of_chimes(start, line.seconds, chimes)
        if start - due > turn.stale_after:
            return None
        if turn.until is not None and start + line.seconds > turn.until - BEFORE_CHIME_SECONDS:
            return None
        said.append(Planned(line.what, start, line.seconds, turn.order, not said))
        due = start = start + line.seconds + BREATH_SECONDS
    return said
