"""Settings and remembered state load from anything, keeping every good value."""

from __future__ import annotations

import logging

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.settings import RANGES, Settings, UiState, from_dict, to_dict


def test_defaults_survive_a_round_trip() -> None:
    assert from_dict(Settings, to_dict(Settings())) == Settings()
    state = UiState(mix={"river": 0.4}, mixes={"Evening": {"rain": 0.3, "soft-music": 0.6}})
    assert from_dict(UiState, to_dict(state)) == state


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"theme": "light"}, Settings(theme="light")),
        ({"theme": "purple"}, Settings()),
        ({"checkin_minutes": 6}, Settings(checkin_minutes=6)),
        ({"checkin_minutes": 0}, Settings()),
        ({"checkin_minutes": "4"}, Settings()),
        ({"checkin_minutes": True}, Settings()),
        ({"chime_volume": 1.5, "theme": "light"}, Settings(theme="light")),
        ({"towel_lead_minutes": float("nan")}, Settings()),
        ([1, 2], Settings()),
        (None, Settings()),
    ],
)
def test_each_bad_value_falls_back_alone(data: object, expected: Settings) -> None:
    assert from_dict(Settings, data) == expected


def test_an_unknown_key_is_ignored_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO):
        assert from_dict(Settings, {"colour": "blue", "theme": "light"}) == Settings(theme="light")
    assert "ignoring unknown key 'colour'" in caplog.text


@pytest.mark.parametrize(
    "mix", [{"river": 2}, {"river": "loud"}, {"river": True}, ["river"], {"river": -0.1}]
)
def test_a_bad_mix_is_dropped(mix: object) -> None:
    assert from_dict(UiState, {"mix": mix, "minutes": 20}) == UiState(minutes=20)


def test_whole_minutes_only_for_the_session_length() -> None:
    assert from_dict(UiState, {"minutes": 20.5}) == UiState()


json_values = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=20,
)


@given(st.dictionaries(st.sampled_from([*Settings.__dataclass_fields__, "x"]), json_values))
def test_any_json_loads_to_settings_within_their_ranges(data: dict[str, object]) -> None:
    settings = from_dict(Settings, data)
    for name, (low, high) in RANGES.items():
        if hasattr(settings, name):
            assert low <= getattr(settings, name) <= high
    assert settings.theme in ("dark", "light")


@given(st.dictionaries(st.sampled_from([*UiState.__dataclass_fields__, "x"]), json_values))
def test_any_json_loads_to_a_usable_state(data: dict[str, object]) -> None:
    state = from_dict(UiState, data)
    assert isinstance(state.minutes, int) and 5 <= state.minutes <= 120
    assert all(0 <= volume <= 1 for volume in state.mix.values())


def test_one_bad_saved_mix_is_left_out_and_the_others_kept() -> None:
    notes: list[str] = []
    state = from_dict(
        UiState,
        {"mixes": {"Evening": {"rain": 0.5}, "Loud": {"rain": 1.2}, "Calm": {"river": 0.3}}},
        notes,
    )
    assert state.mixes == {"Evening": {"rain": 0.5}, "Calm": {"river": 0.3}}
    assert notes == ["the saved mix “Loud” holds a volume that is not usable; left out"]


@pytest.mark.parametrize("value", [10**400, -(10**400), float("nan"), float("inf")])
def test_a_number_no_float_can_hold_is_refused_not_an_overflow(value: object) -> None:
    notes: list[str] = []
    assert from_dict(Settings, {"chime_volume": value}, notes) == Settings()
    assert len(notes) == 1 and notes[0].startswith("chime_volume = ")
