"""The cue card never cuts its words: the type shrinks, within limits, and then the card scrolls."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot
from ui.window_geometry import resize_to, settle

from app.core.cues import cue_for
from app.core.plan import BUILT_IN_PLANS, Area, Phase, PhaseKind
from app.ui.cue_card import FLOOR_SHARE, CueCard
from app.ui.main_window import MainWindow
from app.ui.session_bridge import SessionBridge
from app.ui.theme import DARK, LIGHT, Theme, apply_theme

SIZES = [(1024, 600), (1280, 800), (1920, 1080)]
KNEAD = Phase(PhaseKind.KNEAD, Area.SHOULDERS, 240)
NECK = Phase(PhaseKind.NECK, Area.NECK, 240)


def shows_whole(label: QLabel) -> bool:
    """The label's text, wrapped at its width, fits its height (and a line, its width)."""
    if label.wordWrap():
        return label.heightForWidth(label.width()) <= label.height()
    return label.fontMetrics().horizontalAdvance(label.text()) <= label.contentsRect().width()


def in_view(card: CueCard, label: QLabel) -> bool:
    """Inside the part of the card's scroll area that shows, not scrolled out of sight."""
    viewport = card.scroll_area.viewport()
    place = QRect(label.mapTo(viewport, QPoint(0, 0)), label.size())
    return viewport.rect().contains(place)


def words(card: CueCard) -> list[QLabel]:
    labels = [card.steps, card.pressure_heading, card.pressure, card.avoid_heading, card.avoid]
    return [label for label in labels if label.isVisible()]


@pytest.fixture(params=[DARK, LIGHT], ids=["dark", "light"])
def theme(request: pytest.FixtureRequest, qapp: QApplication) -> Theme:
    apply_theme(qapp, request.param)
    return request.param


def make_card(qtbot: QtBot, theme: Theme, width: int, height: int, phase: Phase) -> CueCard:
    card = CueCard(theme)
    qtbot.addWidget(card)
    card.show_phase(phase)
    card.resize(width, height)
    card.show()
    qtbot.waitExposed(card)
    settle()
    return card


def test_with_room_to_spare_the_words_keep_the_themes_size(qtbot: QtBot, theme: Theme) -> None:
    card = make_card(qtbot, theme, 900, 500, KNEAD)
    assert card.text_pt == pytest.approx(13)  # the theme's #card QLabel size
    assert not card.scroll_area.verticalScrollBar().isVisible()
    assert all(shows_whole(label) and in_view(card, label) for label in words(card))


def test_short_of_room_the_words_shrink_until_they_fit(qtbot: QtBot, theme: Theme) -> None:
    card = make_card(qtbot, theme, 700, 180, NECK)
    assert card.floor_pt <= card.text_pt < 13
    assert not card.scroll_area.verticalScrollBar().isVisible()
    assert all(shows_whole(label) and in_view(card, label) for label in words(card))


def test_past_the_least_size_the_card_scrolls_and_shows_a_scroll_bar(
    qtbot: QtBot, theme: Theme
) -> None:
    card = make_card(qtbot, theme, 600, 110, NECK)
    assert card.text_pt == pytest.approx(card.floor_pt, abs=0.5)
    assert card.text_pt >= card.floor_pt
    assert card.scroll_area.verticalScrollBar().isVisible()
    assert all(shows_whole(label) for label in words(card))  # whole, if scrolled to


def test_the_least_size_is_just_under_the_systems_body_text(qtbot: QtBot, theme: Theme) -> None:
    card = make_card(qtbot, theme, 600, 110, NECK)
    assert card.floor_pt == pytest.approx(QApplication.font().pointSizeF() * FLOOR_SHARE)
    assert FLOOR_SHARE >= 0.85


def test_growing_again_brings_the_themes_size_back(qtbot: QtBot, theme: Theme) -> None:
    card = make_card(qtbot, theme, 600, 110, NECK)
    card.resize(900, 500)
    settle()
    assert card.text_pt == pytest.approx(13)


def test_full_screen_shows_the_first_step_and_what_to_avoid_larger(
    qtbot: QtBot, theme: Theme
) -> None:
    card = make_card(qtbot, theme, 1400, 700, NECK)
    card.set_focus_mode(True)
    settle()
    assert card.text_pt == pytest.approx(26)
    assert "2." not in card.steps.text()
    assert not card.body_map.isVisible() and not card.pressure.isVisible()
    card.set_focus_mode(False)
    settle()
    assert card.text_pt == pytest.approx(13)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_the_card_never_cuts_its_words_at_any_size_in_any_phase(
    qtbot: QtBot, theme: Theme, window: MainWindow, bridge: SessionBridge, size: tuple[int, int]
) -> None:
    window.session_view.set_theme(theme)
    resize_to(qtbot, window, size)
    card = window.session_view.cue_card
    for plan in BUILT_IN_PLANS:
        bridge.load(plan)
        bridge.start_or_pause()
        for index, phase in enumerate(plan.phases):
            bridge.go_to(index)
            settle()
            where = f"{plan.id}, phase {index + 1} ({phase.kind})"
            assert card.avoid.text() == "\n".join(cue_for(phase).avoid), where
            assert card.text_pt is not None and card.text_pt >= card.floor_pt, where
            assert all(shows_whole(label) for label in words(card)), where
            scrolls = card.scroll_area.verticalScrollBar().isVisible()
            # Where nothing scrolls, every word is in sight; where it does, the bar says so.
            assert scrolls or all(in_view(card, label) for label in words(card)), where
            # At the sizes the window is made for, nothing needs to scroll at all.
            assert not scrolls, where
        bridge.end()
