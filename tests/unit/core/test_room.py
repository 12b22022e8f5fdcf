"""The room checklist."""

from __future__ import annotations

from app.core.room import CHECKLIST_HINTS, CHECKLIST_LABELS, Checklist, ChecklistItem


def test_every_item_has_a_label_and_a_hint() -> None:
    assert set(CHECKLIST_LABELS) == set(CHECKLIST_HINTS) == set(ChecklistItem)


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
