"""The duck envelope, as arithmetic on a timeline: no mixer, no waiting."""

from __future__ import annotations

import pytest

from app.audio.duck import DOWN_SECONDS, DUCK_GAIN, UP_SECONDS, Duck


def test_the_soundscape_is_untouched_without_chimes() -> None:
    duck = Duck()
    assert duck.gain(10.0) == 1.0
    assert duck.next_change(10.0) is None


def test_a_chime_dips_the_gain_by_6_db_for_its_length() -> None:
    duck = Duck()
    duck.add(10.0, 14.5)
    assert duck.gain(10.0 - DOWN_SECONDS - 0.01) == 1.0
    assert duck.gain(10.0) == pytest.approx(DUCK_GAIN)
    assert duck.gain(14.5) == pytest.approx(DUCK_GAIN)
    assert DUCK_GAIN == pytest.approx(0.501, abs=0.001)


def test_the_gain_ramps_down_before_the_chime_and_back_up_after_it() -> None:
    duck = Duck()
    duck.add(10.0, 12.0)
    down = [duck.gain(10.0 - DOWN_SECONDS + step * DOWN_SECONDS / 4) for step in range(5)]
    up = [duck.gain(12.0 + step * UP_SECONDS / 4) for step in range(5)]
    assert down == sorted(down, reverse=True) and len(set(down)) == 5
    assert up == sorted(up) and len(set(up)) == 5
    assert up[-1] == 1.0


def test_overlapping_chimes_dip_once_not_twice() -> None:
    duck = Duck()
    duck.add(10.0, 12.0)
    duck.add(11.0, 13.0)
    assert duck.gain(11.5) == pytest.approx(DUCK_GAIN)


def test_next_change_is_now_during_a_ramp_and_the_ramp_start_before_it() -> None:
    duck = Duck()
    duck.add(10.0, 12.0)
    assert duck.next_change(5.0) == pytest.approx(10.0 - DOWN_SECONDS)
    assert duck.next_change(9.95) == 9.95
    assert duck.next_change(11.0) == 12.0
    assert duck.next_change(12.5) == 12.5
    assert duck.next_change(12.0 + UP_SECONDS + 0.1) is None


def test_a_dropped_chime_leaves_no_dip() -> None:
    duck = Duck()
    duck.add(10.0, 12.0)
    duck.add(20.0, 22.0)
    duck.drop(20.0)
    assert duck.gain(21.0) == 1.0
    assert duck.gain(11.0) == pytest.approx(DUCK_GAIN)
