"""The rest timer: the music plays on for the chosen minutes, then fades; on a fake clock."""

from __future__ import annotations

import pytest
from fake_clock import FakeClock

from app.core.rest_timer import REST_CHOICES, RestTimer, nearest_choice


def test_the_choices_are_off_5_10_and_20_minutes() -> None:
    assert REST_CHOICES == (0, 5, 10, 20)


def test_it_counts_the_chosen_minutes_then_is_due_once(clock: FakeClock) -> None:
    timer = RestTimer(5)
    timer.start(clock())
    assert timer.left(clock()) == 300
    clock.advance(299)
    assert not timer.due(clock())
    assert timer.left(clock()) == pytest.approx(1)
    clock.advance(1)
    assert timer.due(clock())
    assert not timer.counting
    assert timer.left(clock()) is None
    assert not timer.due(clock() + 60)  # once, not again


def test_off_never_counts(clock: FakeClock) -> None:
    timer = RestTimer(0)
    assert not timer.start(clock())
    assert timer.left(clock()) is None
    assert timer.seconds_to_next(clock()) is None


def test_starting_again_counts_from_then(clock: FakeClock) -> None:
    timer = RestTimer(10)
    timer.start(clock())
    clock.advance(500)
    timer.start(clock())
    assert timer.left(clock()) == 600


def test_choosing_another_length_while_counting_counts_it_from_then(clock: FakeClock) -> None:
    timer = RestTimer(20)
    timer.start(clock())
    clock.advance(100)
    timer.choose(5, clock())
    assert timer.minutes == 5
    assert timer.left(clock()) == 300
    timer.choose(0, clock())
    assert not timer.counting


def test_choosing_a_length_while_not_counting_waits_for_a_start(clock: FakeClock) -> None:
    timer = RestTimer(0)
    timer.choose(10, clock())
    assert not timer.counting
    assert timer.start(clock())


def test_cancel_stops_the_count(clock: FakeClock) -> None:
    timer = RestTimer(5)
    timer.start(clock())
    timer.cancel()
    assert timer.left(clock()) is None
    clock.advance(400)
    assert not timer.due(clock())


def test_it_wakes_as_each_shown_second_passes_and_when_due(clock: FakeClock) -> None:
    timer = RestTimer(5)
    timer.start(clock())
    clock.advance(0.25)
    assert timer.seconds_to_next(clock()) == pytest.approx(0.75)
    clock.advance(299.5)
    assert timer.seconds_to_next(clock()) == pytest.approx(0.25)


@pytest.mark.parametrize("minutes", [-1, 21, 7])
def test_a_length_that_is_not_a_choice_is_refused(minutes: int) -> None:
    with pytest.raises(ValueError, match="off, 5, 10 or 20"):
        RestTimer(minutes)


@pytest.mark.parametrize(("remembered", "taken"), [(0, 0), (3, 5), (7, 5), (8, 10), (16, 20)])
def test_a_remembered_length_is_taken_as_the_nearest_choice(remembered: int, taken: int) -> None:
    assert nearest_choice(remembered) == taken
