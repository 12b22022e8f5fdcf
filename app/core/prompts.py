"""What the calm voice says: every built-in spoken line, and which one each moment of a session
calls for. The lines are rendered ahead of time into small recordings (tools/render_prompts.py);
the recording of a prompt is the catalogue's sound with the prompt's id."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from app.core.plan import Area, Phase, PhaseKind


class Priority(IntEnum):
    """Which prompt goes first when two are due together; a higher one is never dropped for a
    lower one."""

    HEADS_UP = 1  # "fifteen seconds", "next: the neck": helpful, but only on time
    REMINDER = 2  # the towel
    CHECKIN = 3  # the question to ask
    CHANGE = 4  # a phase begins, the sides switch, the session ends


@dataclass(frozen=True)
class Prompt:
    id: str
    text: str
    priority: Priority


# A phase's name and its one-line cue; kneading is said with the section it works on.
_PHASE_LINES: dict[tuple[PhaseKind, Area | None], tuple[str, str]] = {
    (PhaseKind.SETTLE, None): (
        "settle",
        "Settle in. Help them get comfortable, and ask how their back feels today.",
    ),
    (PhaseKind.WARM_OIL, None): ("warm-oil", "Warm the oil. Rub your palms together until warm."),
    (PhaseKind.EFFLEURAGE, None): (
        "effleurage",
        "Long strokes. Glide up either side of the spine, never on it.",
    ),
    (PhaseKind.KNEAD, Area.SHOULDERS): (
        "knead-shoulders",
        "Kneading the shoulders. Squeeze and roll the muscle, slowly.",
    ),
    (PhaseKind.KNEAD, Area.UPPER_BACK): (
        "knead-upper-back",
        "Kneading the upper back. One side of the spine, then the other.",
    ),
    (PhaseKind.KNEAD, Area.LOWER_BACK): (
        "knead-lower-back",
        "Kneading the lower back. One side of the spine, then the other.",
    ),
    (PhaseKind.ALTERNATE, None): (
        "alternate",
        "Strokes and pressure. Press slowly beside the spine, hold, then release.",
    ),
    (PhaseKind.NECK, None): (
        "neck",
        "The neck. Small, gentle circles, and never press on the front.",
    ),
    (PhaseKind.CLOSING, None): ("closing", "Closing strokes. Slow and light, lighter each time."),
}

# What comes next, said as a heads-up before the change.
_NEXT_LINES: dict[str, str] = {
    "settle": "Next: settle in.",
    "warm-oil": "Next: warm the oil.",
    "effleurage": "Next: long strokes.",
    "knead-shoulders": "Next: kneading the shoulders.",
    "knead-upper-back": "Next: kneading the upper back.",
    "knead-lower-back": "Next: kneading the lower back.",
    "alternate": "Next: strokes and pressure.",
    "neck": "Next: the neck.",
    "closing": "Next: closing strokes.",
}

# The heads-up's lengths the giver can choose, and how each is said.
HEADS_UP_WORDS: dict[int, str] = {10: "Ten", 15: "Fifteen", 20: "Twenty", 30: "Thirty"}
HEADS_UP_CHOICES = (0, *HEADS_UP_WORDS)  # 0: no heads-up

CHECKIN = Prompt("prompt-checkin", "Ask them: how is the pressure?", Priority.CHECKIN)
TOWEL = Prompt("prompt-towel", "Time to warm the towel.", Priority.REMINDER)
SIDES = Prompt("prompt-sides", "Switch sides.", Priority.CHANGE)
END = Prompt(
    "prompt-end", "That is the end. Let them rest a moment before they get up.", Priority.CHANGE
)


def _line_of(phase: Phase) -> tuple[PhaseKind, Area | None]:
    return phase.kind, phase.area if phase.kind is PhaseKind.KNEAD else None


def phase_prompt(phase: Phase) -> Prompt:
    """Said as the phase begins: its name, then its one-line cue."""
    return _phase_line(*_PHASE_LINES[_line_of(phase)])


def next_prompt(phase: Phase) -> Prompt:
    """Said before a change: what the coming phase is."""
    return _next_line(_PHASE_LINES[_line_of(phase)][0])


def _phase_line(key: str, text: str) -> Prompt:
    return Prompt(f"prompt-phase-{key}", text, Priority.CHANGE)


def _next_line(key: str) -> Prompt:
    return Prompt(f"prompt-next-{key}", _NEXT_LINES[key], Priority.HEADS_UP)


def heads_up_prompt(seconds: int) -> Prompt:
    """'Fifteen seconds.'; `seconds` is one of HEADS_UP_WORDS."""
    return Prompt(
        f"prompt-heads-up-{seconds}", f"{HEADS_UP_WORDS[seconds]} seconds.", Priority.HEADS_UP
    )


def every_prompt() -> tuple[Prompt, ...]:
    """Every line Lull can say by itself: what tools/render_prompts.py renders, each once."""
    phases = [_phase_line(key, text) for key, text in _PHASE_LINES.values()]
    nexts = [_next_line(key) for key in _NEXT_LINES]
    heads_up = [heads_up_prompt(seconds) for seconds in HEADS_UP_WORDS]
    return (*phases, *nexts, *heads_up, CHECKIN, TOWEL, SIDES, END)
