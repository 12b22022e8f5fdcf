"""Cue cards: plain steps in the words for lying or seated, the safety notes where they matter,
and the person's own pressure and go-easy notes where they apply."""

from __future__ import annotations

import pytest

from app.core.cues import FRONT_OF_NECK, SPINE, cue_for
from app.core.people import Firmness, GoEasy, Person
from app.core.plan import Area, Phase, PhaseKind, Position, built_in_plan

ONE_OF_EACH = [
    Phase(kind, Area.NECK if kind is PhaseKind.NECK else Area.FULL_BACK, 60) for kind in PhaseKind
]
# Words that belong to one position only: said in the other, they would be wrong.
LYING_ONLY = ("face down", "lie ", "lying", "pillow")
SEATED_ONLY = ("chair", "cushion", "astride", "sit", "behind them", "stand")


def words(phase: Phase, position: Position, person: Person | None = None) -> str:
    cue = cue_for(phase, position, person)
    return " ".join((cue.title, *cue.steps, cue.pressure, *cue.avoid, *cue.go_easy)).lower()


@pytest.mark.parametrize("position", list(Position))
@pytest.mark.parametrize("phase", ONE_OF_EACH, ids=lambda phase: phase.kind)
def test_every_phase_kind_has_two_to_four_steps_and_a_pressure_hint(
    phase: Phase, position: Position
) -> None:
    cue = cue_for(phase, position)
    assert 2 <= len(cue.steps) <= 4
    assert cue.pressure
    assert cue.title


@pytest.mark.parametrize("phase", ONE_OF_EACH, ids=lambda phase: phase.kind)
def test_every_technique_has_its_own_seated_wording(phase: Phase) -> None:
    seated, lying = cue_for(phase, Position.SEATED), cue_for(phase, Position.LYING)
    assert seated.steps != lying.steps
    assert not [w for w in LYING_ONLY if w in words(phase, Position.SEATED)]
    assert not [w for w in SEATED_ONLY if w in words(phase, Position.LYING)]
    # What to avoid is the same whichever way they are sitting or lying.
    assert (seated.title, seated.pressure, seated.avoid) == (
        lying.title,
        lying.pressure,
        lying.avoid,
    )


def test_seated_the_strokes_go_up_from_the_lower_back_and_the_forehead_is_supported() -> None:
    strokes = cue_for(Phase(PhaseKind.EFFLEURAGE, Area.FULL_BACK, 60), Position.SEATED)
    assert "from the lower back" in strokes.steps[0].lower()
    neck = cue_for(Phase(PhaseKind.NECK, Area.NECK, 60), Position.SEATED)
    assert "forehead" in neck.steps[0]
    closing = " ".join(cue_for(Phase(PhaseKind.CLOSING, Area.FULL_BACK, 60), Position.SEATED).steps)
    assert "towel over their shoulders" in closing and "before they stand" in closing


@pytest.mark.parametrize("position", list(Position))
@pytest.mark.parametrize("area", [Area.SHOULDERS, Area.UPPER_BACK, Area.LOWER_BACK])
@pytest.mark.parametrize("kind", [PhaseKind.KNEAD, PhaseKind.ALTERNATE])
def test_kneading_and_pressure_near_the_spine_say_to_avoid_it(
    kind: PhaseKind, area: Area, position: Position
) -> None:
    assert SPINE in cue_for(Phase(kind, area, 60), position).avoid


@pytest.mark.parametrize("position", list(Position))
def test_effleurage_warns_against_pressing_on_the_spine(position: Position) -> None:
    avoid = " ".join(cue_for(Phase(PhaseKind.EFFLEURAGE, Area.FULL_BACK, 60), position).avoid)
    assert "spine" in avoid


@pytest.mark.parametrize("position", list(Position))
def test_the_neck_cue_asks_for_lighter_pressure_and_never_the_front(position: Position) -> None:
    firm = Person("Sam", firmness=Firmness.FIRM)
    cue = cue_for(Phase(PhaseKind.NECK, Area.NECK, 60), position, firm)
    assert FRONT_OF_NECK in cue.avoid
    assert "lighter" in cue.pressure.lower()  # however firm they like it elsewhere


def test_a_kneading_title_names_its_section() -> None:
    cue = cue_for(Phase(PhaseKind.KNEAD, Area.UPPER_BACK, 60), Position.LYING)
    assert cue.title == "Kneading · upper back"


def test_settling_suggests_a_specialist_for_chronic_pain() -> None:
    avoid = " ".join(cue_for(Phase(PhaseKind.SETTLE, Area.FULL_BACK, 60), Position.SEATED).avoid)
    assert "specialist" in avoid


@pytest.mark.parametrize("phase", ONE_OF_EACH, ids=lambda phase: phase.kind)
def test_how_they_like_the_pressure_is_said_once_the_hands_are_on(phase: Phase) -> None:
    sam = Person("Sam", firmness=Firmness.LIGHT)
    cue = cue_for(phase, Position.LYING, sam)
    plain = cue_for(phase, Position.LYING)
    if phase.kind.hands_on:
        assert cue.pressure == (f"{plain.pressure} Sam likes it light, so keep it gentle.")
    else:
        assert cue.pressure == plain.pressure


@pytest.mark.parametrize(
    ("firmness", "said"),
    [
        (Firmness.LIGHT, "Sam likes it light, so keep it gentle."),
        (Firmness.MEDIUM, "Sam likes it medium, as it says."),
        (Firmness.FIRM, "Sam likes it firm, so lean firmer, never on the spine."),
    ],
)
def test_their_pressure_says_which_way_to_lean_never_against_the_advice(
    firmness: Firmness, said: str
) -> None:
    """ "Sam likes it light. Medium and steady" read as a contradiction: it says which end."""
    cue = cue_for(
        Phase(PhaseKind.KNEAD, Area.SHOULDERS, 120),
        Position.LYING,
        Person("Sam", firmness=firmness),
    )
    assert cue.pressure.endswith(" " + said)  # after the advice it bends


CLASSIC = built_in_plan("classic")  # settle, oil, strokes, three sections, alternate, neck, closing
NAMES = ["settle", "oil", "strokes", "shoulders", "upper", "lower", "alternate", "neck", "closing"]


@pytest.mark.parametrize(
    ("area", "phases"),
    [
        # The whole back's strokes pass over every section, and the neck's end on the shoulders.
        (Area.SHOULDERS, ["strokes", "shoulders", "alternate", "neck", "closing"]),
        (Area.UPPER_BACK, ["strokes", "upper", "alternate", "closing"]),
        (Area.LOWER_BACK, ["strokes", "lower", "alternate", "closing"]),
        (Area.NECK, ["neck"]),
        (
            Area.FULL_BACK,
            ["strokes", "shoulders", "upper", "lower", "alternate", "neck", "closing"],
        ),
    ],
    ids=str,
)
def test_a_go_easy_note_shows_in_exactly_the_phases_that_touch_its_area(
    area: Area, phases: list[str]
) -> None:
    sam = Person("Sam", go_easy=(GoEasy(area, "sore since Tuesday"),))
    noted = [
        name
        for name, phase in zip(NAMES, CLASSIC.phases, strict=True)
        if cue_for(phase, Position.LYING, sam).go_easy
    ]
    assert noted == phases


def test_go_easy_notes_name_their_area_and_each_shows_once() -> None:
    sam = Person(
        "Sam",
        go_easy=(
            GoEasy(Area.LOWER_BACK, "an old strain"),
            GoEasy(Area.FULL_BACK, "sunburnt"),
            GoEasy(Area.NECK),
        ),
    )
    strokes = cue_for(Phase(PhaseKind.EFFLEURAGE, Area.FULL_BACK, 60), Position.SEATED, sam)
    assert strokes.go_easy == ("The whole back: sunburnt", "Lower back: an old strain")
    neck = cue_for(Phase(PhaseKind.NECK, Area.NECK, 60), Position.SEATED, sam)
    assert neck.go_easy == ("The whole back: sunburnt", "Neck")


def test_without_a_person_there_is_nothing_of_theirs() -> None:
    cue = cue_for(Phase(PhaseKind.KNEAD, Area.SHOULDERS, 60), Position.LYING)
    assert cue.go_easy == ()
    assert "likes" not in cue.pressure
