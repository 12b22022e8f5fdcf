"""A phase's ambience applied to what plays: the plan scales the giver's mix, never swells it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.phase_levels import Following
from app.core.plan import PhaseAmbience


def test_a_phase_volume_scales_the_mix_as_the_giver_chose_it() -> None:
    following = Following.of({"river": 0.6, "rain": 0.4})
    levels, following = following.change({"river": 0.6, "rain": 0.4}, PhaseAmbience(volume=0.5))
    assert levels == pytest.approx({"river": 0.3, "rain": 0.2})
    # The next phase's volume is of the mix as chosen, not of the softened one.
    levels, following = following.change(levels, PhaseAmbience(volume=0.8))
    assert levels == pytest.approx({"river": 0.48, "rain": 0.32})
    assert following.chosen == pytest.approx({"river": 0.6, "rain": 0.4})


def test_the_givers_own_change_between_phases_is_kept_and_scaled_from() -> None:
    following = Following.of({"river": 0.6})
    levels, following = following.change({"river": 0.6}, PhaseAmbience(volume=0.5))
    # The giver turns the river up to 0.45 and adds rain during the phase: what they hear now.
    levels, following = following.change({"river": 0.45, "rain": 0.2}, PhaseAmbience(volume=0.25))
    assert levels == pytest.approx({"river": 0.225, "rain": 0.1})
    assert following.chosen == pytest.approx({"river": 0.9, "rain": 0.4})


def test_a_phase_mix_replaces_the_sounds_at_the_volume_in_force() -> None:
    following = Following.of({"river": 0.6})
    _, following = following.change({"river": 0.6}, PhaseAmbience(volume=0.5))
    levels, following = following.change(
        {"river": 0.3}, PhaseAmbience(levels=(("rain", 0.8), ("ocean", 0.4)))
    )
    assert levels == pytest.approx({"rain": 0.4, "ocean": 0.2})
    levels, _ = following.change(levels, PhaseAmbience(levels=(("rain", 0.8),), volume=1.0))
    assert levels == pytest.approx({"rain": 0.8})


def test_a_mix_taken_to_silence_comes_back_as_it_was() -> None:
    following = Following.of({"river": 0.6})
    levels, following = following.change({"river": 0.6}, PhaseAmbience(volume=0.0))
    assert levels == {"river": 0.0}
    levels, _ = following.change(levels, PhaseAmbience(volume=0.5))
    assert levels == pytest.approx({"river": 0.3})


def test_a_level_never_goes_past_full() -> None:
    following = Following.of({"river": 0.5})
    _, following = following.change({"river": 0.5}, PhaseAmbience(volume=0.5))
    levels, _ = following.change({"river": 0.9}, PhaseAmbience(volume=1.0))
    assert levels == {"river": 1.0}


volumes = st.floats(0.0, 1.0)


@given(
    mix=st.dictionaries(st.sampled_from(["river", "rain", "ocean"]), volumes, min_size=1),
    steps=st.lists(volumes, min_size=1, max_size=6),
)
def test_a_level_rises_only_where_the_plan_raises_the_volume(
    mix: dict[str, float], steps: list[float]
) -> None:
    following, levels, volume = Following.of(mix), dict(mix), 1.0
    for step in steps:
        after, following = following.change(levels, PhaseAmbience(volume=step))
        for sound, level in after.items():
            if step <= volume:
                assert level <= levels[sound] + 1e-9
        levels, volume = after, step
