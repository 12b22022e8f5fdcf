"""The check-in strip: its pieces run in lines that fit, its place is kept for any question."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.core.events import Pressure
from app.core.plan import Area
from app.ui.actions import ActionId, create_actions
from app.ui.checkin_strip import CheckinStrip, flow
from app.ui.theme import DARK, LIGHT, Theme, apply_theme

WIDTHS = [360, 480, 560, 620, 672, 800, 1040, 1400]
AREA_CHOICES = [list(Area), [Area.NECK], [Area.FULL_BACK, Area.SHOULDERS, Area.NECK], []]


def sizes(*widths: int) -> list[QSize]:
    return [QSize(width, 10) for width in widths]


def test_pieces_share_a_line_while_they_fit() -> None:
    places, height = flow(sizes(30, 30, 30), [5, 5, 5], 100, 4)
    assert places == [QPoint(0, 0), QPoint(35, 0), QPoint(70, 0)]
    assert height == 10


def test_a_piece_that_does_not_fit_starts_the_next_line() -> None:
    places, height = flow(sizes(30, 30, 30), [5, 5, 5], 80, 4)
    assert places == [QPoint(0, 0), QPoint(35, 0), QPoint(0, 14)]
    assert height == 24


def test_a_group_that_does_not_fit_the_rest_of_a_line_starts_a_new_one() -> None:
    # The second group (a label and two chips) would fit on a line of its own.
    places, _ = flow(sizes(40, 20, 20, 20), [0, 5, 5, 5], 100, 4, group_starts={1})
    assert [place.y() for place in places] == [0, 14, 14, 14]


def test_a_group_wider_than_a_line_wraps_piece_by_piece() -> None:
    places, _ = flow(sizes(40, 45, 45, 45), [0, 5, 5, 5], 100, 4, group_starts={1})
    assert [place.y() for place in places] == [0, 14, 14, 28]


def test_a_piece_wider_than_the_line_has_a_line_to_itself() -> None:
    places, _ = flow(sizes(20, 150, 20), [5, 5, 5], 100, 4)
    assert [place.y() for place in places] == [0, 14, 28]


def test_pieces_of_a_line_are_centred_on_its_height() -> None:
    places, height = flow([QSize(10, 30), QSize(10, 10)], [0, 5], 100, 4)
    assert places[1] == QPoint(15, 10)
    assert height == 30


@pytest.fixture(params=[DARK, LIGHT], ids=["dark", "light"])
def theme(request: pytest.FixtureRequest, qapp: QApplication) -> Theme:
    apply_theme(qapp, request.param)
    return request.param


@pytest.fixture
def actions(qtbot: QtBot) -> Iterator[dict[ActionId, QAction]]:
    owner = QWidget()  # held here: the actions live as long as the window that owns them
    qtbot.addWidget(owner)
    yield create_actions(owner)


@pytest.fixture
def strip(qtbot: QtBot, theme: Theme, actions: dict[ActionId, QAction]) -> CheckinStrip:
    strip = CheckinStrip(actions)
    qtbot.addWidget(strip)
    return strip


def shown_pieces(strip: CheckinStrip) -> list[QWidget]:
    return [strip.question, *strip.answer_buttons, strip.focus_label, *strip.focus_buttons.values()]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("areas", AREA_CHOICES, ids=["all", "one", "three", "none"])
def test_every_piece_shows_whole_in_the_place_kept_for_it(
    qtbot: QtBot, strip: CheckinStrip, width: int, areas: list[Area]
) -> None:
    height = strip.reserved_height(width)
    strip.resize(width, height)
    strip.show()
    strip.ask(areas)
    qtbot.waitUntil(lambda: strip.question.isVisible())
    QApplication.processEvents()
    pieces = [piece for piece in shown_pieces(strip) if piece.isVisible()]
    assert len(pieces) == 5 + len(areas) - (0 if areas else 1)
    for piece in pieces:
        place = QRect(piece.mapTo(strip, QPoint(0, 0)), piece.size())
        assert strip.rect().contains(place), piece.objectName() or piece.accessibleName()
        assert piece.size() == piece.sizeHint()  # never squeezed: its text shows whole
    for one, other in zip(pieces, pieces[1:], strict=False):
        assert not QRect(one.mapTo(strip, QPoint(0, 0)), one.size()).intersects(
            QRect(other.mapTo(strip, QPoint(0, 0)), other.size())
        )


def test_the_place_kept_is_one_line_when_wide_and_more_when_narrow(strip: CheckinStrip) -> None:
    heights = [strip.reserved_height(width) for width in WIDTHS]
    assert heights == sorted(heights, reverse=True)
    assert heights[0] > heights[-1]


def test_the_place_kept_never_depends_on_the_height_it_is_given(strip: CheckinStrip) -> None:
    assert not strip.hasHeightForWidth()  # so the window's height stays free


def test_asking_enables_the_answer_keys_and_an_answer_carries_the_focus_chosen(
    qtbot: QtBot, strip: CheckinStrip, actions: dict[ActionId, QAction]
) -> None:
    assert not actions[ActionId.FIRMER].isEnabled()
    strip.ask([Area.SHOULDERS, Area.NECK])
    assert strip.asking
    assert list(strip.focus_buttons) == [Area.SHOULDERS, Area.NECK]
    strip.focus_buttons[Area.NECK].click()
    with qtbot.waitSignal(strip.answered) as answered:
        actions[ActionId.FIRMER].trigger()
    assert answered.args == [Pressure.FIRMER, frozenset({Area.NECK})]
    assert not strip.asking
    assert not actions[ActionId.LIGHTER].isEnabled()


def test_a_new_question_starts_with_no_area_chosen(strip: CheckinStrip) -> None:
    strip.ask([Area.NECK])
    strip.focus_buttons[Area.NECK].click()
    strip.dismiss()
    strip.ask([Area.NECK, Area.LOWER_BACK])
    assert not any(button.isChecked() for button in strip.focus_buttons.values())
