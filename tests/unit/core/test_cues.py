"""Cue cards: every phase kind has plain steps, and the safety notes where they matter."""

from __future__ import annotations

import pytest

from app.core.cues import FRONT_OF_NECK, SPINE, cue_for
from app.core.plan import Area, Phase, PhaseKind


@pytest.mark.parametrize("kind", list(PhaseKind))
def test_every_phase_kind_has_two_to_four_steps_and_a_pressure_hint(kind: PhaseKind) -> None:
    cue = cue_for(Phase(kind, Area.NECK if kind is PhaseKind.NECK else Area.FULL_BACK, 60))
    assert 2 <= len(cue.steps) <= 4
    assert cue.pressure
    assert cue.title


@pytest.mark.parametrize("area", [Area.SHOULDERS, Area.UPPER_BACK, Area.LOWER_BACK])
@pytest.mark.parametrize("kind", [PhaseKind.KNEAD, PhaseKind.ALTERNATE])
def test_kneading_and_pressure_near_the_spine_say_to_avoid_it(kind: PhaseKind, area: Area) -> None:
    assert SPINE in cue_for(Phase(kind, area, 60)).avoid


def test_effleurage_warns_against_pressing_on_the_spine() -> None:
    avoid = " ".join(cue_for(Phase(PhaseKind.EFFLEURAGE, Area.FULL_BACK, 60)).avoid)
    assert "spine" in avoid


def test_the_neck_cue_asks_for_lighter_pressure_and_never_the_front() -> None:
    cue = cue_for(Phase(PhaseKind.NECK, Area.NECK, 60))
    assert FRONT_OF_NECK in cue.avoid
    assert "lighter" in cue.pressure.lower()


def test_a_kneading_title_names_its_section() -> None:
    assert cue_for(Phase(PhaseKind.KNEAD, Area.UPPER_BACK, 60)).title == "Kneading · upper back"


def test_settling_suggests_a_specialist_for_chronic_pain() -> None:
    avoid = " ".join(cue_for(Phase(PhaseKind.SETTLE, Area.FULL_BACK, 60)).avoid)
    assert "specialist" in avoid
