"""What the check-ins and ratings say: a session's answers in a line, a change to a person's
usual firmness or focus, and, when massage has not eased their chronic back pain, seeing a
specialist.

Pure functions of the person and their sessions as recorded. They ask of a session only what
they use (an `Asked` or a `Rated` session), so that the advisory can be judged from the starts
and the ratings alone, without reading every phase and check-in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from statistics import fmean
from typing import NamedTuple, Protocol

from app.core.events import CheckinAnswer, Pressure
from app.core.people import Firmness, Person
from app.core.plan import Area

PRESSURE_WORDS = {
    Pressure.LIGHTER: "lighter",
    Pressure.JUST_RIGHT: "just right",
    Pressure.FIRMER: "firmer",
}
RECENT_SESSIONS = 5  # a person's tendencies come from this many of their latest sessions
PRESSURE_MIN_ANSWERS = 4  # fewer check-ins than this are not yet a tendency
PRESSURE_SHARE = 0.6  # more than this share of them asking one way moves the usual firmness
FOCUS_MIN_SESSIONS = 3  # asked in at least two of three: a habit, not one evening's wish
FOCUS_SHARE = 0.5  # an area asked for in at least this share of sessions joins their focus
ADVISORY_MIN_SESSIONS = 3
ADVISORY_MIN_SPAN = timedelta(days=14)  # from the first of those sessions to the last
ADVISORY_MIN_RATINGS = 2  # one rating cannot show whether anything changed
ADVISORY_REPEAT = timedelta(days=7)  # said once, the advice waits this long to be said again


class Asked(Protocol):
    """A session as the suggestions see it: the usual firmness then, and the answers given."""

    @property
    def firmness(self) -> Firmness | None: ...

    @property
    def checkins(self) -> Sequence[CheckinAnswer]: ...


class Rated(Protocol):
    """A session as the advisory sees it: when it began, and the relief it brought."""

    @property
    def started(self) -> datetime: ...

    @property
    def relief(self) -> int | None: ...


class Rating(NamedTuple):
    """A Rated session and no more: what the advisory reads of each."""

    started: datetime
    relief: int | None  # 0 (none) to 10; None: not rated


@dataclass(frozen=True)
class Tendencies:
    sessions: int  # how many recent sessions the counts come from
    pressure: dict[Pressure, int]  # check-in answers of each kind, over those sessions
    focus: dict[Area, int]  # in how many of those sessions each area was asked for


@dataclass(frozen=True)
class Suggestion:
    """A change to how someone is usually massaged, in a sentence, and the change itself."""

    text: str
    firmness: Firmness | None = None  # their new usual firmness
    focus: frozenset[Area] = field(default_factory=frozenset)  # areas to add to their focus

    def applied_to(self, person: Person) -> Person:
        return replace(
            person, firmness=self.firmness or person.firmness, focus=person.focus | self.focus
        )


def summarise_answers(answers: Sequence[CheckinAnswer]) -> str:
    """The check-ins in a line: 'Check-ins: just right 2×, firmer 1× (focus: shoulders).'"""
    if not answers:
        return "No check-ins answered."
    counts = Counter(answer.pressure for answer in answers)
    said = ", ".join(f"{PRESSURE_WORDS[p]} {n}×" for p, n in counts.most_common())
    focus = sorted({area.label for answer in answers for area in answer.focus})
    return f"Check-ins: {said}" + (f" (focus: {', '.join(focus)})." if focus else ".")


def tally(sessions: Sequence[Asked]) -> Tendencies:
    """What was asked for over these sessions: the answers, and the sessions naming each area."""
    pressure = Counter(answer.pressure for session in sessions for answer in session.checkins)
    focus = Counter(
        area for session in sessions for area in {a for c in session.checkins for a in c.focus}
    )
    return Tendencies(len(sessions), dict(pressure), dict(focus))


def suggestions_for(person: Person, recent: Sequence[Asked]) -> list[Suggestion]:
    """Changes to their usual firmness and focus that the check-ins of `recent`, their latest
    sessions, point to.

    Firmness moves one step when at least PRESSURE_MIN_ANSWERS check-ins were answered in those
    sessions at their present firmness, and more than PRESSURE_SHARE of them asked the same way.
    An area joins their focus when it was asked for in at least FOCUS_SHARE of the sessions, and
    there were FOCUS_MIN_SESSIONS of them.
    """
    at_present = tally([session for session in recent if session.firmness is person.firmness])
    found = [_firmer_or_lighter(person, at_present)]
    counted = tally(recent)
    if counted.sessions >= FOCUS_MIN_SESSIONS:
        found += [
            Suggestion(
                f"{person.name} asked for the {area.label} in {count} of their last "
                f"{counted.sessions} sessions: add it to their focus?",
                focus=frozenset({area}),
            )
            for area in Area
            if area not in person.focus
            and (count := counted.focus.get(area, 0)) >= FOCUS_SHARE * counted.sessions
        ]
    return [suggestion for suggestion in found if suggestion is not None]


def specialist_advised(
    person: Person, sessions: Sequence[Rated], last_shown: datetime | None, now: datetime
) -> bool:
    """Whether to suggest seeing a specialist: massage has not helped their chronic back pain.

    True when the person has chronic back pain; has had ADVISORY_MIN_SESSIONS sessions or more,
    the first and the last starting ADVISORY_MIN_SPAN or more apart; at least
    ADVISORY_MIN_RATINGS of them were rated for relief, and the ratings have not improved: the
    mean of the later half of the ratings, in time order, is not above the mean of the earlier
    half (with an odd number, the middle one is in neither); and the advisory was not shown in
    the last ADVISORY_REPEAT. Halves rather than the first and last rating alone, so that one
    unusually good or bad day at either end does not decide.
    """
    if not person.chronic_back_pain or len(sessions) < ADVISORY_MIN_SESSIONS:
        return False
    if last_shown is not None and now - last_shown < ADVISORY_REPEAT:
        return False
    in_order = sorted(sessions, key=lambda session: session.started)
    if in_order[-1].started - in_order[0].started < ADVISORY_MIN_SPAN:
        return False
    ratings = [session.relief for session in in_order if session.relief is not None]
    if len(ratings) < ADVISORY_MIN_RATINGS:
        return False
    half = len(ratings) // 2
    return fmean(ratings[-half:]) <= fmean(ratings[:half])


def _firmer_or_lighter(person: Person, tendencies: Tendencies) -> Suggestion | None:
    answers = sum(tendencies.pressure.values())
    if answers < PRESSURE_MIN_ANSWERS:
        return None
    steps = list(Firmness)
    for pressure, step in ((Pressure.FIRMER, 1), (Pressure.LIGHTER, -1)):
        count = tendencies.pressure.get(pressure, 0)
        index = steps.index(person.firmness) + step
        if count > PRESSURE_SHARE * answers and 0 <= index < len(steps):
            return Suggestion(
                f"{count} of {person.name}'s last {answers} check-ins asked for "
                f"{PRESSURE_WORDS[pressure]} pressure: make it {steps[index].value} from now on?",
                firmness=steps[index],
            )
    return None
