"""The room panel says the position as the session will be given."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app.core.plan import Position
from app.core.room import Checklist, ChecklistItem, checklist_hint, checklist_label
from app.ui.room_panel import RoomPanel


@pytest.mark.parametrize("position", list(Position))
def test_the_position_row_says_lying_down_or_seated(qtbot: QtBot, position: Position) -> None:
    panel = RoomPanel(Checklist())
    qtbot.addWidget(panel)
    panel.show_position(position)
    row = panel.rows[ChecklistItem.POSITION]
    assert row.text() == checklist_label(ChecklistItem.POSITION, position)
    assert row.box.accessibleName() == row.text()
    assert row.toolTip() == row.box.toolTip() == checklist_hint(ChecklistItem.POSITION, position)


def test_choosing_another_position_changes_only_the_position_row(qtbot: QtBot) -> None:
    panel = RoomPanel(Checklist())
    qtbot.addWidget(panel)
    panel.show_position(Position.SEATED)
    seated = {item: row.text() for item, row in panel.rows.items()}
    panel.show_position(Position.LYING)
    lying = {item: row.text() for item, row in panel.rows.items()}
    assert [item for item in ChecklistItem if seated[item] != lying[item]] == [
        ChecklistItem.POSITION
    ]
    assert lying[ChecklistItem.POSITION] == "Comfortable, lying down"
