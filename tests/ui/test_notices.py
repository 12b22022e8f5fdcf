"""The notices beside the ring: shown together, dropped by key, cleared at once."""

from __future__ import annotations

from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from app.ui.notices import Notices


def test_notices_show_together_and_leave_by_key_or_all_at_once(qtbot: QtBot) -> None:
    shown: list[str] = []
    owner = QObject()
    board = Notices(shown.append, owner)
    board.say("start", "Press Space to start.")
    board.say("end", "Press Esc again to end the session.")
    assert shown[-1] == "Press Space to start.\nPress Esc again to end the session."
    board.drop("start")
    assert shown[-1] == "Press Esc again to end the session."
    count = len(shown)
    board.drop("start")  # gone already: nothing is shown again
    assert len(shown) == count
    board.clear()
    assert shown[-1] == ""
