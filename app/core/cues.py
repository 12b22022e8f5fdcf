"""What the giver reads for each phase: plain steps, a pressure hint and what to avoid."""

from __future__ import annotations

from dataclasses import dataclass

from app.core.plan import Area, Phase, PhaseKind

SPINE = "The spine itself: work the muscles either side of it, never press on the bones."
FRONT_OF_NECK = "The front of the neck: never press there."


@dataclass(frozen=True)
class Cue:
    title: str
    steps: tuple[str, ...]
    pressure: str
    avoid: tuple[str, ...]


@dataclass(frozen=True)
class _Technique:
    name: str
    steps: tuple[str, ...]
    pressure: str
    avoid: tuple[str, ...]
    # Settling and warming the oil are about the person, not a part of the back.
    names_area: bool = True


TECHNIQUES: dict[PhaseKind, _Technique] = {
    PhaseKind.SETTLE: _Technique(
        name="Settle in",
        steps=(
            "Help them get comfortable, lying face down or sitting, as they prefer.",
            "Check the room: soft music on, lights low, a warm towel within reach.",
            "Ask if anything hurts today, and if there is an area to go easy on.",
        ),
        pressure="No pressure yet: a calm hand resting on the upper back.",
        avoid=(
            "Starting before they are comfortable.",
            "Chronic pain that massage has not helped: suggest a specialist.",
        ),
        names_area=False,
    ),
    PhaseKind.WARM_OIL: _Technique(
        name="Warm the oil",
        steps=(
            "Pour a little oil into one palm.",
            "Rub your hands together until the oil is warm.",
            "Rest both warm hands on the back before the first stroke.",
        ),
        pressure="None: just warm, still hands.",
        avoid=("Cold oil straight onto the skin.",),
        names_area=False,
    ),
    PhaseKind.EFFLEURAGE: _Technique(
        name="Long strokes",
        steps=(
            "Glide both hands up either side of the spine with long, fluid strokes.",
            "Fan out over the shoulders and come back down the sides.",
            "Keep one hand in contact at all times; spread the oil as you go.",
        ),
        pressure="Light to medium: warm the muscles, don't work them yet.",
        avoid=("Pressing down on the spine: glide beside it.",),
    ),
    PhaseKind.KNEAD: _Technique(
        name="Kneading",
        steps=(
            "Work one side of the spine at a time, then the other.",
            "Squeeze and roll the muscle between thumbs and fingers, like kneading dough.",
            "Move slowly across the section; linger where it feels tight.",
        ),
        pressure="Medium and steady; ease off at once if they tense up.",
        avoid=(SPINE,),
    ),
    PhaseKind.ALTERNATE: _Technique(
        name="Strokes and pressure",
        steps=(
            "Alternate a few long strokes with short sequences of pressure.",
            "Press slowly with the thumbs or palms into the muscle, hold, then release.",
            "Return to fluid strokes between each sequence.",
        ),
        pressure="Medium to firm during the pressure, light during the strokes.",
        avoid=(SPINE, "Sudden or jabbing pressure."),
    ),
    PhaseKind.NECK: _Technique(
        name="The neck",
        steps=(
            "Support the head; work gently up the back and sides of the neck.",
            "Use small circles with the fingertips along the muscles beside the spine.",
            "Finish with light strokes from the neck out over the shoulders.",
        ),
        pressure="Lighter than on the back: the neck is delicate.",
        avoid=(FRONT_OF_NECK, "Pressing on the spine at the back of the neck."),
    ),
    PhaseKind.CLOSING: _Technique(
        name="Closing strokes",
        steps=(
            "Slow, long strokes over the whole back, lighter each time.",
            "Rest your hands still for a moment, then lift them away slowly.",
            "Cover them with a warm towel and let them rest before getting up.",
        ),
        pressure="Light, slowing down.",
        avoid=("Ending abruptly: let them rest before they get up.",),
    ),
}


def cue_for(phase: Phase) -> Cue:
    """The cue card for a phase: the technique, named for the area it works on."""
    technique = TECHNIQUES[phase.kind]
    title = technique.name
    if technique.names_area and phase.area not in (Area.FULL_BACK, Area.NECK):
        title = f"{technique.name} · {phase.area.label}"
    return Cue(
        title=title, steps=technique.steps, pressure=technique.pressure, avoid=technique.avoid
    )
