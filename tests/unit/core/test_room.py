"""The room checklist."""

from __future__ import annotations

import pytest

from app.core.plan import Position
from app.core.room import (
    CHECKLIST_HINTS,
    CHECKLIST_LABELS,
    Checklist,
    ChecklistItem,
    checklist_hint,
    checklist_label,
)


def test_every_item_has_a_label_and_a_hint() -> None:
    assert set(CHECKLIST_LABELS) == set(CHECKLIST_HINTS) == set(ChecklistItem)


@pytest.mark.parametrize(
    ("position", "label", "hint"),
    [
        (Position.SEATED, "Comfortable, seated", "chair"),
        (Position.LYING, "lying down", "Face down"),
    ],
)
def test_the_position_item_says_how_they_are_placed(
    position: Position, label: str, hint: str
) -> None:
    assert label in checklist_label(ChecklistItem.POSITION, position)
    assert hint in checklist_hint(ChecklistItem.POSITION, position)


@pytest.mark.parametrize("position", list(Position))
def test_the_other_items_read_the_same_in_either_position(position: Position) -> None:
    for item in ChecklistItem:
        if item is not ChecklistItem.POSITION:
            assert checklist_label(item, position) == CHECKLIST_LABELS[item]
            assert checklist_hint(item, position) == CHECKLIST_HINTS[item]


def test_the_checklist_lists_what_is_left_in_order() -> None:
    checklist = Checklist()
    checklist.mark(ChecklistItem.MUSIC)
    checklist.mark(ChecklistItem.LIGHTS)
    checklist.mark(ChecklistItem.LIGHTS, done=False)
    assert checklist.left_to_do() == [
        ChecklistItem.SCENT,
        ChecklistItem.TOWELS,
        ChecklistItem.LIGHTS,
        ChecklistItem.POSITION,
        ChecklistItem.OIL,
        ChecklistItem.PHONE,
    ]
