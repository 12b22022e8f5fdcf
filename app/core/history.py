"""What happened in a session, told back in a line: the check-in answers."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from app.core.events import CheckinAnswer, Pressure

PRESSURE_WORDS = {
    Pressure.LIGHTER: "lighter",
    Pressure.JUST_RIGHT: "just right",
    Pressure.FIRMER: "firmer",
}


def summarise_answers(answers: Sequence[CheckinAnswer]) -> str:
    """The check-ins in a line: 'Check-ins: just right 2×, firmer 1× (focus: shoulders).'"""
    if not answers:
        return "No check-ins answered."
    counts = Counter(answer.pressure for answer in answers)
    said = ", ".join(f"{PRESSURE_WORDS[p]} {n}×" for p, n in counts.most_common())
    focus = sorted({area.label for answer in answers for area in answer.focus})
    return f"Check-ins: {said}" + (f" (focus: {', '.join(focus)})." if focus else ".")
