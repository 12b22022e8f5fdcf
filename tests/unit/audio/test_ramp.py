"""A layer's volume ramp as arithmetic on a timeline, and the engine's polls for it (fake clock)."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pytest
from fake_clock import FakeClock
from unit.audio.audio_signals import MakeSound

from app.audio.layers import Ramp
from app.audio.opening import open_engine
from app.audio.pygame_engine import RAMP_STEP_SECONDS, WATCH_SECONDS, PygameEngine


def test_a_ramp_moves_in_a_straight_line_from_its_level_to_its_target() -> None:
    ramp = Ramp(start=10.0, begin=0.8, target=0.2, seconds=2.0)
    assert ramp.level(9.0) == 0.8
    assert ramp.level(11.0) == pytest.approx(0.5)
    assert ramp.level(12.0) == 0.2 and ramp.level(50.0) == 0.2
    assert ramp.moving(11.9) and not ramp.moving(12.0)


@pytest.mark.parametrize(("begin", "target"), [(0.1, 0.9), (0.9, 0.0), (0.7, 0.7)])
def test_a_ramp_is_monotonic_and_never_overshoots(begin: float, target: float) -> None:
    ramp = Ramp(start=0.0, begin=begin, target=target, seconds=3.0)
    levels = [ramp.level(t) for t in np.linspace(-1.0, 4.0, 1001)]
    direction = np.sign(target - begin)
    assert all((later - earlier) * direction >= 0 for earlier, later in pairwise(levels))
    assert min(levels) >= min(begin, target) and max(levels) <= max(begin, target)


def test_without_a_fade_the_level_steps_at_once() -> None:
    ramp = Ramp(start=5.0, begin=0.8, target=0.3, seconds=0.0)
    assert ramp.level(5.0) == 0.3 and not ramp.moving(5.0)


def test_a_ramp_redirected_midway_starts_from_where_it_had_got_to() -> None:
    ramp = Ramp(start=0.0, begin=1.0, target=0.0, seconds=2.0)
    turned = ramp.towards(0.9, now=1.0, seconds=1.0)
    assert turned.level(1.0) == pytest.approx(0.5)
    assert turned.level(2.0) == pytest.approx(0.9)


def test_a_ramp_held_for_a_fade_out_never_rises_again() -> None:
    rising = Ramp(start=0.0, begin=0.2, target=0.8, seconds=2.0)
    held = rising.held(now=1.0)
    assert held.level(1.0) == pytest.approx(0.5) and held.level(3.0) == pytest.approx(0.5)
    falling = Ramp(start=0.0, begin=0.8, target=0.2, seconds=2.0)
    assert falling.held(now=1.0).level(3.0) == pytest.approx(0.2)


def test_the_engine_polls_finely_through_a_ramp_and_not_after_it(
    monkeypatch: pytest.MonkeyPatch, make_sound: MakeSound
) -> None:
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    clock = FakeClock()
    engine = open_engine(clock=clock)
    assert isinstance(engine, PygameEngine)
    try:
        engine.play_layer(make_sound("river", 220, seconds=1.0), volume=0.8, fade_in=0)
        assert engine.next_wakeup() == WATCH_SECONDS  # a steady loop: only the output watched
        engine.set_layer_volume("river", 0.2, fade=2.0)
        assert engine.layers() == {"river": 0.2}  # the volume asked for, as the slider shows it
        levels = []
        while (wait := engine.next_wakeup()) is not None and wait < WATCH_SECONDS:
            assert wait <= RAMP_STEP_SECONDS
            clock.advance(wait)
            engine.poll()
            levels.append(engine.layer_level("river"))
        assert clock.now == pytest.approx(1002.0, abs=RAMP_STEP_SECONDS)
        assert len(levels) >= 2.0 / RAMP_STEP_SECONDS - 1
        assert levels == sorted(levels, reverse=True) and levels[-1] == pytest.approx(0.2)
    finally:
        engine.close()


def test_a_layer_fading_out_is_not_revived_by_a_volume_change(
    monkeypatch: pytest.MonkeyPatch, make_sound: MakeSound
) -> None:
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    clock = FakeClock()
    engine = open_engine(clock=clock)
    assert isinstance(engine, PygameEngine)
    try:
        engine.play_layer(make_sound("river", 220, seconds=1.0), volume=0.3, fade_in=0)
        engine.set_layer_volume("river", 0.9, fade=4.0)
        clock.advance(1.0)
        engine.poll()
        rising = engine.layer_level("river")
        engine.stop_layer("river", fade_out=3.0)
        engine.set_layer_volume("river", 1.0, fade=1.0)
        assert "river" not in engine.layers()
        for _ in range(20):
            clock.advance(0.1)
            engine.poll()
            assert engine.layer_level("river") <= rising
    finally:
        engine.close()
