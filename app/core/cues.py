"""What the giver reads for each phase: plain steps in the words for lying or seated, a pressure
hint with how the person likes it, what to avoid, and where the person asked to go easy."""

from __future__ import annotations

from dataclasses import dataclass

from app.core.people import Firmness, GoEasy, Person
from app.core.plan import Area, Phase, PhaseKind, Position

# How a person's usual pressure bends the phase's own advice, said after it: the advice first,
# then which end of it they like ("Medium and steady. Sam likes it light, so keep it gentle.").
LEANING = {
    Firmness.LIGHT: "so keep it gentle.",
    Firmness.MEDIUM: "as it says.",
    Firmness.FIRM: "so lean firmer, never on the spine.",
}
SPINE = "The spine itself: work the muscles either side of it, never press on the bones."
FRONT_OF_NECK = "The front of the neck: never press there."

# Where a phase's hands go, by the area it names. The whole back is every section below the neck,
# as the body map lights it; the neck's strokes finish out over the shoulders.
TOUCHES: dict[Area, tuple[Area, ...]] = {
    Area.FULL_BACK: (Area.SHOULDERS, Area.UPPER_BACK, Area.LOWER_BACK),
    Area.NECK: (Area.NECK, Area.SHOULDERS),
    Area.SHOULDERS: (Area.SHOULDERS,),
    Area.UPPER_BACK: (Area.UPPER_BACK,),
    Area.LOWER_BACK: (Area.LOWER_BACK,),
}


@dataclass(frozen=True)
class Cue:
    title: str
    steps: tuple[str, ...]
    pressure: str
    avoid: tuple[str, ...]
    go_easy: tuple[str, ...]  # the person's own notes for the areas this phase works on


@dataclass(frozen=True)
class _Positioned:
    """A step said one way with the recipient lying face down, another with them seated."""

    lying: str
    seated: str


@dataclass(frozen=True)
class _Technique:
    name: str
    steps: tuple[str | _Positioned, ...]
    pressure: str
    avoid: tuple[str, ...]
    # Settling and warming the oil are about the person, not a part of the back.
    names_area: bool = True


# Seated, the recipient sits astride a chair, leaning forward on a cushion over its back, and
# the giver stands behind them.
TECHNIQUES: dict[PhaseKind, _Technique] = {
    PhaseKind.SETTLE: _Technique(
        name="Settle in",
        steps=(
            _Positioned(
                lying="Help them lie face down, comfortable, with a pillow under the ankles.",
                seated="Have them sit astride a chair, leaning forward on a cushion over its back.",
            ),
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
            _Positioned(
                lying="Rest both warm hands on the back before the first stroke.",
                seated="Standing behind them, rest both warm hands on their back.",
            ),
        ),
        pressure="None: just warm, still hands.",
        avoid=("Cold oil straight onto the skin.",),
        names_area=False,
    ),
    PhaseKind.EFFLEURAGE: _Technique(
        name="Long strokes",
        steps=(
            _Positioned(
                lying="Glide both hands up either side of the spine with long, fluid strokes.",
                seated="From the lower back, glide both hands up either side of the spine.",
            ),
            "Fan out over the shoulders and come back down the sides.",
            "Keep one hand in contact at all times; spread the oil as you go.",
        ),
        pressure="Light to medium: warm the muscles, don't work them yet.",
        avoid=("Pressing down on the spine: glide beside it.",),
    ),
    PhaseKind.KNEAD: _Technique(
        name="Kneading",
        steps=(
            _Positioned(
                lying="Work one side of the spine at a time, then the other.",
                seated="Let them rest their weight on the cushion; work one side, then the other.",
            ),
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
            _Positioned(
                lying="Press slowly with the thumbs or palms into the muscle, hold, then release.",
                seated="Steady them with a hand on the shoulder; press slowly with the other, "
                "hold, then release.",
            ),
            "Return to fluid strokes between each sequence.",
        ),
        pressure="Medium to firm during the pressure, light during the strokes.",
        avoid=(SPINE, "Sudden or jabbing pressure."),
    ),
    PhaseKind.NECK: _Technique(
        name="The neck",
        steps=(
            _Positioned(
                lying="Support the head; work gently up the back and sides of the neck.",
                seated="Support the forehead on the cushion or in one hand; with the other, "
                "work gently up the back and sides of the neck.",
            ),
            "Use small circles with the fingertips along the muscles beside the spine.",
            "Finish with light strokes from the neck out over the shoulders.",
        ),
        pressure="Lighter than on the back: the neck is delicate.",
        avoid=(FRONT_OF_NECK, "Pressing on the spine at the back of the neck."),
    ),
    PhaseKind.CLOSING: _Technique(
        name="Closing strokes",
        steps=(
            _Positioned(
                lying="Slow, long strokes over the whole back, lighter each time.",
                seated="Slow, long strokes from the lower back up and out over the shoulders, "
                "lighter each time.",
            ),
            "Rest your hands still for a moment, then lift them away slowly.",
            _Positioned(
                lying="Cover them with a warm towel and let them rest before getting up.",
                seated="Lay a warm towel over their shoulders; let them sit a moment before "
                "they stand.",
            ),
        ),
        pressure="Light, slowing down.",
        avoid=("Ending abruptly: let them rest before they get up.",),
    ),
}


def cue_for(phase: Phase, position: Position, person: Person | None = None) -> Cue:
    """The cue card for a phase given in `position`: the technique, named for the area it works
    on, and once the hands are on, how the person likes the pressure and where to go easy."""
    technique = TECHNIQUES[phase.kind]
    title = technique.name
    if technique.names_area and phase.area not in (Area.FULL_BACK, Area.NECK):
        title = f"{technique.name} · {phase.area.label}"
    pressure = technique.pressure
    go_easy: tuple[str, ...] = ()
    if person is not None and phase.kind.hands_on:
        pressure = (
            f"{pressure} {person.name} likes it {person.firmness}, {LEANING[person.firmness]}"
        )
        touched = (easy for area in TOUCHES[phase.area] for easy in person.go_easy_on(area))
        go_easy = tuple(_go_easy_line(easy) for easy in dict.fromkeys(touched))
    return Cue(
        title=title,
        steps=tuple(_said(step, position) for step in technique.steps),
        pressure=pressure,
        avoid=technique.avoid,
        go_easy=go_easy,
    )


def _said(step: str | _Positioned, position: Position) -> str:
    if isinstance(step, str):
        return step
    return step.seated if position is Position.SEATED else step.lying


def _go_easy_line(easy: GoEasy) -> str:
    """'Shoulders: sore on the left', or just the area when they gave no reason."""
    area = "The whole back" if easy.area is Area.FULL_BACK else easy.area.label.capitalize()
    return f"{area}: {easy.note}" if easy.note else area
