"""The session told back in a line."""

from __future__ import annotations

from app.core.advice import summarise_answers
from app.core.events import CheckinAnswer, Pressure
from app.core.plan import Area


def test_the_answers_summary_counts_and_names_the_focus() -> None:
    answers = [
        CheckinAnswer(1, Pressure.JUST_RIGHT),
        CheckinAnswer(2, Pressure.FIRMER, frozenset({Area.SHOULDERS})),
        CheckinAnswer(3, Pressure.JUST_RIGHT, frozenset({Area.NECK, Area.SHOULDERS})),
    ]
    assert summarise_answers(answers) == (
        "Check-ins: just right 2×, firmer 1× (focus: neck, shoulders)."
    )
    assert summarise_answers([]) == "No check-ins answered."
