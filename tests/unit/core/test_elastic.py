"""Borrowing time from the phases still to come: the arithmetic on its own."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.elastic import LEAST_BORROWED_FROM, borrow

LATER = st.lists(st.integers(1, 1800).map(float), max_size=12)


def test_the_later_phases_give_in_proportion_to_their_lengths() -> None:
    shortened, lengthened = borrow([120.0, 240.0, 360.0], 60)
    assert shortened == (110.0, 220.0, 330.0)
    assert lengthened == 0


def test_a_phase_never_gives_below_thirty_seconds() -> None:
    shortened, lengthened = borrow([40.0, 600.0], 300)
    assert shortened == (LEAST_BORROWED_FROM, 310.0)
    assert lengthened == 0


def test_a_phase_already_shorter_than_thirty_seconds_gives_nothing() -> None:
    assert borrow([20.0, 300.0], 60) == ((20.0, 240.0), 0)


def test_what_the_later_phases_cannot_give_lengthens_the_session() -> None:
    assert borrow([45.0, 31.0], 60) == ((30.0, 30.0), 44)


def test_with_no_phase_to_come_the_whole_minute_lengthens_the_session() -> None:
    assert borrow([], 60) == ((), 60)


def test_fractions_of_a_second_stay_where_they_are() -> None:
    shortened, lengthened = borrow([100.5, 100.25], 60.5)
    assert shortened == (70.5, 70.25)
    assert lengthened == pytest.approx(0.5)


@given(later=LATER, seconds=st.integers(1, 600))
def test_the_time_given_and_the_lengthening_make_up_the_extension(
    later: list[float], seconds: int
) -> None:
    shortened, lengthened = borrow(later, seconds)
    assert sum(later) - sum(shortened) + lengthened == seconds
    spare = sum(max(d - LEAST_BORROWED_FROM, 0) for d in later)
    assert lengthened == max(seconds - spare, 0)
    for before, after in zip(later, shortened, strict=True):
        assert min(before, LEAST_BORROWED_FROM) <= after <= before
        assert after == int(after)  # whole seconds stay whole: the strip shows tidy lengths


def test_a_later_phase_already_partly_given_never_lends_what_was_given() -> None:
    later, lengthened = borrow([41.0, 150.0], 60, given=[31.0, 0.0])
    assert later[0] >= 31.0  # 31 s of it were given before the giver went back
    assert sum(later) == 41.0 + 150.0 - (60 - lengthened)  # the rest came from the kneading
