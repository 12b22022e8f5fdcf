"""A combo box too narrow for its chosen text draws it with "…", never cut short."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QComboBox
from pytestqt.qtbot import QtBot

from app.ui.eliding_combo import ElidingComboBox
from app.ui.theme import DARK, LIGHT, Theme, apply_theme

LONG = "Sunday evening with the river, the soft rain and a little music"


def shown(qtbot: QtBot, combo: QComboBox, items: list[str], width: int) -> QComboBox:
    qtbot.addWidget(combo)
    combo.addItems(items)
    combo.resize(width, combo.sizeHint().height())
    combo.show()
    qtbot.waitExposed(combo)
    return combo


@pytest.mark.parametrize("theme", [DARK, LIGHT], ids=["dark", "light"])
def test_a_long_choice_is_drawn_elided_in_a_narrow_box(
    qtbot: QtBot, qapp: QApplication, theme: Theme
) -> None:
    apply_theme(qapp, theme)
    combo = shown(qtbot, ElidingComboBox(), ["Quiet", LONG], 180)
    assert isinstance(combo, ElidingComboBox)
    assert not combo.is_elided() and combo.shown() == "Quiet"
    combo.setCurrentIndex(1)
    assert combo.is_elided()
    # A name is known by its start: "Sunday evening with…", not "Sunday…little music".
    start, end = combo.shown().split("…")
    assert len(start) >= 8 and LONG.startswith(start) and end == ""
    assert combo.currentText() == LONG  # only the drawing is shortened
    # Drawn exactly as a plain combo box holding the elided text: the "…" is on screen.
    plain = shown(qtbot, QComboBox(), [combo.shown()], 180)
    plain.resize(combo.size())
    assert combo.grab().toImage() == plain.grab().toImage()


def test_the_whole_choice_shows_again_when_the_box_widens(qtbot: QtBot) -> None:
    combo = shown(qtbot, ElidingComboBox(), [LONG], 120)
    assert isinstance(combo, ElidingComboBox)
    assert combo.is_elided()
    combo.resize(900, combo.height())
    qtbot.waitUntil(lambda: not combo.is_elided())
    assert combo.shown() == LONG


def test_names_that_differ_only_at_their_end_still_look_different(qtbot: QtBot) -> None:
    """A copy, a file and one's own version of a plan: "Classic b…(mine)", not "Classic back
    ma…" three times: the name's start and its last bracket, whole."""
    names = ["Classic back massage", "Classic back massage (mine)", "Classic back massage (2)"]
    combo = shown(qtbot, ElidingComboBox(), names, 150)
    assert isinstance(combo, ElidingComboBox)
    seen = []
    for index in range(len(names)):
        combo.setCurrentIndex(index)
        seen.append(combo.shown())
    assert len(set(seen)) == len(names), seen
    assert seen[0].endswith("…") and seen[1].endswith(" (mine)") and seen[2].endswith(" (2)")
    assert all(shown.startswith("Classic") for shown in seen), seen
