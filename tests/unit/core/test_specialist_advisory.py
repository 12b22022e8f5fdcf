"""When Lull suggests seeing a specialist: chronic pain that sessions have not eased."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.core.advice import ADVISORY_MIN_SPAN, ADVISORY_REPEAT, specialist_advised
from app.core.history import SessionRecord
from app.core.people import Person

FIRST = datetime(2026, 3, 1, 20, 0, tzinfo=UTC)
SAM = Person("Sam", chronic_back_pain=True, id=1)


def session(started: datetime, relief: int | None) -> SessionRecord:
    return SessionRecord(
        id=0,
        plan_id="classic",
        plan_title="Classic back massage",
        person_id=1,
        person_name="Sam",
        firmness=None,
        started=started,
        ended=None,
        completed=True,
        phases=(),
        checkins=(),
        relief=relief,
        note="",
    )


def sessions(*relief: int | None, span: timedelta = ADVISORY_MIN_SPAN) -> list[SessionRecord]:
    """Sessions evenly spread over `span`, rated in turn as given."""
    step = span / (len(relief) - 1)
    return [session(FIRST + n * step, rating) for n, rating in enumerate(relief)]


def advised(
    records: list[SessionRecord],
    person: Person = SAM,
    shown: datetime | None = None,
) -> bool:
    now = FIRST + ADVISORY_MIN_SPAN + timedelta(days=1)
    return specialist_advised(person, records, shown, now)


def test_three_sessions_over_two_weeks_without_relief_improving_call_for_a_specialist() -> None:
    assert advised(sessions(4, 4, 4))


def test_two_sessions_are_too_few() -> None:
    assert not advised(sessions(4, 4))
    assert not advised(sessions(4, None, None, 4)[:2])


def test_a_span_of_thirteen_days_and_twenty_three_hours_is_too_short() -> None:
    assert not advised(sessions(4, 4, 4, span=ADVISORY_MIN_SPAN - timedelta(hours=1)))
    assert advised(sessions(4, 4, 4, span=ADVISORY_MIN_SPAN))


@pytest.mark.parametrize(
    ("ratings", "improved"),
    [
        ((4, 4, 5), True),  # one point better in the later half
        ((4, 4, 4), False),
        ((5, 4, 4), False),  # worse
        ((3, 9, 4, 4), False),  # one good day early on: means 6 then 4
        ((3, 5, 4, 5), True),  # means 4 then 4.5
        ((6, 2, 9, 5, 3), False),  # the middle one is in neither half: 4 then 4
        ((None, 4, None, 5), True),  # unrated sessions count towards the span, not the ratings
    ],
)
def test_relief_improved_is_the_later_half_of_ratings_above_the_earlier(
    ratings: tuple[int | None, ...], improved: bool
) -> None:
    assert advised(sessions(*ratings)) is not improved


def test_fewer_than_two_ratings_cannot_show_anything() -> None:
    assert not advised(sessions(None, 2, None))
    assert advised(sessions(None, 2, 2))


def test_shown_six_days_ago_it_waits_and_after_seven_it_comes_again() -> None:
    now = FIRST + ADVISORY_MIN_SPAN + timedelta(days=1)
    assert not advised(sessions(4, 4, 4), shown=now - ADVISORY_REPEAT + timedelta(days=1))
    assert advised(sessions(4, 4, 4), shown=now - ADVISORY_REPEAT)


def test_without_chronic_back_pain_it_never_comes() -> None:
    assert not advised(sessions(4, 4, 4), person=Person("Sam", id=1))


def test_the_order_the_sessions_come_in_does_not_matter() -> None:
    assert not advised(sessions(3, 4, 5)[::-1])
