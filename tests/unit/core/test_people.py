"""A person's values: when the safety check is to be asked, and the advice it gives."""

from __future__ import annotations

from datetime import date

import pytest

from app.core.people import Concern, Person, SafetyCheck, safety_advice

ASKED = date(2026, 11, 2)


@pytest.mark.parametrize(
    ("safety", "asked_before_the_session"),
    [
        (None, True),  # never asked: before the first session with them
        (SafetyCheck(ASKED), False),  # nothing applied
        (SafetyCheck(ASKED, frozenset({Concern.RASH})), True),  # something did: ask again
    ],
)
def test_the_check_is_asked_until_nothing_applies(
    safety: SafetyCheck | None, asked_before_the_session: bool
) -> None:
    assert Person("Sam", safety=safety).needs_safety_check is asked_before_the_session


def test_the_advice_names_what_applies_in_the_order_asked() -> None:
    advice = safety_advice(SafetyCheck(ASKED, frozenset({Concern.BONES, Concern.RASH})))
    assert advice is not None
    assert advice.startswith(
        "With a rash or sunburn on the back and a bone condition, such as osteoporosis, "
    )
    assert safety_advice(SafetyCheck(ASKED)) is None
