"""The duck under chimes and the voice, as arithmetic on a timeline: no mixer, no waiting."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pytest
from unit.audio.audio_signals import db

from app.audio.duck import DOWN_SECONDS, DUCK_DB, DUCK_GAIN, UP_SECONDS, VOICE_DUCK_DB, Duck


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


def test_a_chime_cancelled_before_its_dip_began_leaves_no_trace() -> None:
    duck = Duck()
    duck.add(10.0, 12.0)
    duck.release(duck.add(20.0, 22.0), 15.0)
    assert duck.gain(21.0) == 1.0
    assert duck.gain(11.0) == pytest.approx(DUCK_GAIN)
    assert duck.next_change(12.0 + UP_SECONDS + 0.01) is None


def test_a_prompt_dips_the_gain_by_12_db() -> None:
    duck = Duck()
    duck.add(10.0, 12.0, VOICE_DUCK_DB)
    assert db(duck.gain(11.0)) == pytest.approx(VOICE_DUCK_DB)
    assert VOICE_DUCK_DB == -12.0


def test_the_deepest_dip_wins_where_a_chime_and_a_prompt_overlap() -> None:
    duck = Duck()
    duck.add(10.0, 14.0, VOICE_DUCK_DB)
    duck.add(11.0, 12.0)  # a chime while the voice speaks: the voice's dip holds
    assert db(duck.gain(11.5)) == pytest.approx(VOICE_DUCK_DB)
    duck.add(20.0, 21.0)
    duck.add(20.5, 23.0, VOICE_DUCK_DB)  # the voice after a chime: down to the voice's depth
    assert db(duck.gain(20.2)) == pytest.approx(DUCK_DB)
    assert db(duck.gain(21.0)) == pytest.approx(VOICE_DUCK_DB)


def test_each_dip_ramps_down_to_its_own_depth_and_back_up_without_a_step() -> None:
    duck = Duck()
    duck.add(10.0, 12.0, VOICE_DUCK_DB)
    times = np.linspace(9.0, 14.0, 501)
    gains = [duck.gain(t) for t in times]
    steps = [abs(later - earlier) for earlier, later in pairwise(gains)]
    # 10 ms apart, the gain never moves by more than the fastest ramp allows (the way down).
    assert max(steps) <= (1 - 10 ** (VOICE_DUCK_DB / 20)) * 0.01 / DOWN_SECONDS + 1e-9
    assert gains[0] == 1.0 and gains[-1] == 1.0


def test_a_released_dip_comes_back_up_from_where_it_was_without_a_step() -> None:
    duck = Duck()
    dip = duck.add(10.0, 20.0, VOICE_DUCK_DB)
    duck.release(dip, 12.0)  # the voice stopped early
    assert db(duck.gain(12.0)) == pytest.approx(VOICE_DUCK_DB)
    rising = [duck.gain(12.0 + step * UP_SECONDS / 4) for step in range(5)]
    assert rising == sorted(rising) and len(set(rising)) == 5
    assert duck.gain(12.0 + UP_SECONDS) == 1.0
    assert duck.next_change(12.0 + UP_SECONDS + 0.01) is None


def test_a_dip_released_while_going_down_rises_from_its_level_then() -> None:
    duck = Duck()
    dip = duck.add(10.0, 20.0, VOICE_DUCK_DB)
    halfway = 10.0 - DOWN_SECONDS / 2
    level = duck.gain(halfway)
    duck.release(dip, halfway)
    assert duck.gain(halfway) == pytest.approx(level)
    assert duck.gain(halfway + 0.01) > level
    assert duck.gain(10.0) > level  # it never reaches the depth it was heading for
