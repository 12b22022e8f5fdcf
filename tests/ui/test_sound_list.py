"""The sound list: many sounds scroll in a few rows' height; the wheel scrolls past sliders."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QSlider, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from app.ui.sound_list import SHORTEST_ROWS, SoundList
from app.ui.sound_toggle import SoundToggle


def rows(count: int) -> list[tuple[QWidget, QSlider]]:
    made: list[tuple[QWidget, QSlider]] = []
    for n in range(count):
        slider = QSlider(Qt.Orientation.Horizontal)
        slider.setRange(0, 100)
        slider.setValue(70)
        slider.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        made.append((SoundToggle(f"Sound {n}"), slider))
    return made


@pytest.fixture
def sound_list(qtbot: QtBot) -> Iterator[SoundList]:
    holder = QWidget()  # kept alive by this frame until the test ends
    qtbot.addWidget(holder)
    sound_list = SoundList()
    QVBoxLayout(holder).addWidget(sound_list)
    holder.resize(300, 240)
    holder.show()
    qtbot.waitExposed(holder)
    yield sound_list


def wheel_down(widget: QWidget) -> None:
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, -120),  # one notch towards the user
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def test_however_many_sounds_the_list_asks_for_a_few_rows_at_most(
    qtbot: QtBot, sound_list: SoundList
) -> None:
    made = rows(30)
    sound_list.set_rows(made)
    row_height = made[0][0].sizeHint().height()
    assert 2 * row_height <= sound_list.minimumHeight() <= (row_height + 10) * SHORTEST_ROWS
    qtbot.waitUntil(lambda: sound_list.verticalScrollBar().maximum() > 0)  # the rest scroll


def test_two_sounds_ask_for_their_own_height_and_do_not_scroll(
    qtbot: QtBot, sound_list: SoundList
) -> None:
    made = rows(2)
    sound_list.set_rows(made)
    qtbot.waitUntil(lambda: all(toggle.isVisible() for toggle, _ in made))
    assert sound_list.minimumHeight() >= 2 * made[0][0].sizeHint().height()
    assert sound_list.verticalScrollBar().maximum() == 0


def test_the_wheel_over_a_slider_scrolls_the_list_not_the_volume(
    qtbot: QtBot, sound_list: SoundList
) -> None:
    made = rows(20)
    sound_list.set_rows(made)
    qtbot.waitUntil(lambda: sound_list.verticalScrollBar().maximum() > 0)
    slider = made[0][1]
    wheel_down(slider)
    assert sound_list.verticalScrollBar().value() > 0
    assert slider.value() == 70


def test_a_slider_reached_with_tab_takes_the_wheel(qtbot: QtBot, sound_list: SoundList) -> None:
    made = rows(20)
    sound_list.set_rows(made)
    slider = made[0][1]
    slider.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(slider.hasFocus)
    wheel_down(slider)
    assert slider.value() != 70
    assert sound_list.verticalScrollBar().value() == 0


def test_new_rows_replace_the_old_ones(qtbot: QtBot, sound_list: SoundList) -> None:
    sound_list.set_rows(rows(3))
    second = rows(5)
    sound_list.set_rows(second)
    qtbot.waitUntil(lambda: len(sound_list.widget().findChildren(SoundToggle)) == 5)
    shown = sound_list.widget().findChildren(SoundToggle)
    assert {id(t) for t in shown} == {id(t) for t, _ in second}
