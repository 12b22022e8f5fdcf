"""The room panel says the position as the session will be given."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from ui.conftest import BuildWindow

from app.core.people import Person
from app.core.plan import Position
from app.core.room import Checklist, ChecklistItem, checklist_hint, checklist_label
from app.desktop.keep_awake import CANNOT_KEEP_AWAKE
from app.ui.audio_bridge import AudioBridge
from app.ui.room_panel import RoomPanel
from app.ui.theme import DARK, apply_theme


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


def test_a_wording_that_no_longer_wraps_gives_its_line_back_in_the_window(
    qapp: QApplication, build_window: BuildWindow, audio: AudioBridge, qtbot: QtBot
) -> None:
    """In the app's type, lying down wraps in the room column; seated does not, and its row is
    one line again at once."""
    apply_theme(qapp, DARK)
    window = build_window(audio)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    rows = window.room.rows
    assert rows[ChecklistItem.POSITION].height() > rows[ChecklistItem.OIL].height()  # wrapped
    window.preparation.choose_person(Person("Sam", position=Position.SEATED))
    # At once, not at the next turn of the event loop, which a busy start may keep waiting.
    assert rows[ChecklistItem.POSITION].text() == "Comfortable, seated"
    assert rows[ChecklistItem.POSITION].height() == rows[ChecklistItem.OIL].height()


def test_the_panel_tells_once_that_the_laptop_must_be_kept_awake_by_hand(qtbot: QtBot) -> None:
    panel = RoomPanel(Checklist())
    qtbot.addWidget(panel)
    panel.show()
    assert not panel.notice.isVisible()  # nothing to say until something cannot be done
    panel.show_notice(CANNOT_KEEP_AWAKE)
    assert panel.notice.isVisible()
    assert panel.notice.text() == CANNOT_KEEP_AWAKE
    assert panel.notice.wordWrap()  # the narrow column wraps it rather than cutting it


def test_unticking_keep_awake_says_so_and_takes_the_notice_away(qtbot: QtBot) -> None:
    panel = RoomPanel(Checklist(), keep_awake=True)
    qtbot.addWidget(panel)
    panel.show()
    assert panel.keep_awake.isChecked()
    panel.show_notice(CANNOT_KEEP_AWAKE)
    with qtbot.waitSignal(panel.keepAwakeChanged) as told:
        panel.keep_awake.click()
    assert told.args == [False]
    assert not panel.notice.isVisible()  # it no longer matters: the giver chose not to
