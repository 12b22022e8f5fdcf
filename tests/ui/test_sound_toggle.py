"""A sound's toggle: a long name ends in "…" as the button narrows, and never widens the panel."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QHBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from app.ui.sound_toggle import SoundToggle
from app.ui.theme import DARK, apply_theme

LONG = "Evening rain on the old garden shed roof, the river below 01"


@pytest.fixture
def row(qtbot: QtBot, qapp: QApplication) -> QWidget:
    apply_theme(qapp, DARK)
    row = QWidget()
    QHBoxLayout(row)
    qtbot.addWidget(row)
    return row


def shown_in(qtbot: QtBot, row: QWidget, toggle: SoundToggle, width: int) -> SoundToggle:
    row.layout().addWidget(toggle)
    row.resize(width, 60)
    row.show()
    qtbot.waitExposed(row)
    return toggle


@pytest.mark.parametrize("width", [160, 240, 400])
def test_a_long_name_ends_in_an_ellipsis_and_fits_the_button(
    qtbot: QtBot, row: QWidget, width: int
) -> None:
    toggle = shown_in(qtbot, row, SoundToggle(LONG), width)
    assert toggle.is_elided()
    assert toggle.shown.endswith("…")
    assert LONG.startswith(toggle.shown.removesuffix("…"))
    assert toggle.fontMetrics().horizontalAdvance(toggle.shown) < toggle.width()


def test_a_name_that_fits_is_shown_whole(qtbot: QtBot, row: QWidget) -> None:
    toggle = shown_in(qtbot, row, SoundToggle("Rain"), 300)
    assert not toggle.is_elided()
    assert toggle.text() == "Rain"


def test_the_name_comes_back_whole_when_the_button_widens(qtbot: QtBot, row: QWidget) -> None:
    toggle = shown_in(qtbot, row, SoundToggle("Calming river"), 90)
    assert toggle.is_elided()
    row.resize(400, 60)
    qtbot.waitUntil(lambda: not toggle.is_elided())
    assert toggle.shown == "Calming river"


def test_a_long_name_asks_the_layout_for_no_more_room_than_a_short_one(row: QWidget) -> None:
    long, short = SoundToggle(LONG), SoundToggle("Rain")
    for toggle in (long, short):
        row.layout().addWidget(toggle)
    row.ensurePolished()
    assert long.sizeHint() == short.sizeHint()
    assert long.minimumSizeHint() == short.minimumSizeHint()
    assert long.minimumSizeHint().width() < long.fontMetrics().horizontalAdvance(LONG) / 4


def test_missing_stays_in_sight_when_the_name_is_cut(qtbot: QtBot, row: QWidget) -> None:
    toggle = shown_in(qtbot, row, SoundToggle(LONG, "  (missing)"), 240)
    assert toggle.shown.endswith("…  (missing)")


def test_an_ampersand_in_a_name_is_shown_not_taken_as_a_shortcut(
    qtbot: QtBot, row: QWidget
) -> None:
    toggle = shown_in(qtbot, row, SoundToggle("Rain & thunder"), 300)
    assert toggle.shown == "Rain & thunder"
    assert toggle.text() == "Rain && thunder"


def test_a_click_leaves_the_keyboard_where_it_was(qtbot: QtBot, row: QWidget) -> None:
    toggle = shown_in(qtbot, row, SoundToggle("Rain"), 300)
    qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton)
    assert toggle.isChecked()
    assert not toggle.hasFocus()
