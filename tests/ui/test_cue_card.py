"""The cue card never cuts its words: the type shrinks, within limits, and then the card scrolls."""

from __future__ import annotations

from dataclasses import replace

import pytest
from fake_clock import FakeClock
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot
from ui.window_geometry import place, resize_to, settle

from app.core.cues import cue_for
from app.core.people import Firmness, GoEasy, Person
from app.core.plan import BUILT_IN_PLANS, Area, Phase, PhaseKind, Position, built_in_plan
from app.core.session import Session
from app.ui.cue_card import FLOOR_SHARE, CueCard
from app.ui.main_window import MainWindow
from app.ui.session_bridge import SessionBridge
from app.ui.theme import DARK, LIGHT, Theme, apply_theme

SIZES = [(1024, 600), (1280, 800), (1920, 1080)]
KNEAD = Phase(PhaseKind.KNEAD, Area.SHOULDERS, 240)
NECK = Phase(PhaseKind.NECK, Area.NECK, 240)
STROKES = Phase(PhaseKind.EFFLEURAGE, Area.FULL_BACK, 240)


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
    labels = [
        card.steps,
        card.pressure_heading,
        card.pressure,
        card.avoid_heading,
        card.avoid,
        card.go_easy_heading,
        card.go_easy,
    ]
    return [label for label in labels if label.isVisible()]


@pytest.fixture(params=[DARK, LIGHT], ids=["dark", "light"])
def theme(request: pytest.FixtureRequest, qapp: QApplication) -> Theme:
    apply_theme(qapp, request.param)
    return request.param


def make_card(
    qtbot: QtBot, theme: Theme, width: int, height: int, phase: Phase, person: Person | None = None
) -> CueCard:
    card = CueCard(theme)
    qtbot.addWidget(card)
    card.show_phase(phase, Position.LYING, person)
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
            assert card.avoid.text() == "\n".join(cue_for(phase, plan.position).avoid), where
            assert card.text_pt is not None and card.text_pt >= card.floor_pt, where
            assert all(shows_whole(label) for label in words(card)), where
            scrolls = card.scroll_area.verticalScrollBar().isVisible()
            # Where nothing scrolls, every word is in sight; where it does, the bar says so.
            assert scrolls or all(in_view(card, label) for label in words(card)), where
            # At the sizes the window is made for, nothing needs to scroll at all.
            assert not scrolls, where
        bridge.end()


# --- the person's own notes -------------------------------------------------------------------

SAM = Person(
    "Sam",
    firmness=Firmness.LIGHT,
    go_easy=(
        GoEasy(Area.SHOULDERS, "sore on the left since Tuesday"),
        GoEasy(Area.LOWER_BACK, "an old strain"),
    ),
)
# Notes on every area, as long as the people form lets them be: the most a card ever shows.
EVERYWHERE = Person(
    "Alex", go_easy=tuple(GoEasy(area, f"{area.label} " + "still stiff " * 9) for area in Area)
)


def go_easy_parts(card: CueCard) -> list[QLabel]:
    return [card.go_easy_heading, card.go_easy]


def has_colour(label: QLabel, colour: str) -> bool:
    """Somewhere in the label's words, the colour at (nearly) full strength."""
    image = label.grab().toImage()
    target = QColor(colour)
    return any(
        all(
            abs(a - b) <= 24
            for a, b in zip(image.pixelColor(x, y).getRgb()[:3], target.getRgb()[:3], strict=True)
        )
        for y in range(image.height())
        for x in range(image.width())
    )


def test_the_go_easy_notes_show_in_exactly_the_phases_that_touch_their_area(
    qtbot: QtBot, theme: Theme
) -> None:
    shoulder = replace(SAM, go_easy=SAM.go_easy[:1])
    card = make_card(qtbot, theme, 900, 500, KNEAD, shoulder)
    plan = built_in_plan("classic")
    shown = []
    for phase in plan.phases:
        card.show_phase(phase, plan.position, shoulder)
        settle()
        notes = cue_for(phase, plan.position, shoulder).go_easy
        assert all(part.isVisible() is bool(notes) for part in go_easy_parts(card))
        if notes:
            shown.append(phase.kind)
            assert card.go_easy.text().count("<p") == 1
            assert "Shoulders: sore on the left since Tuesday" in card.go_easy.text()
    kinds = [PhaseKind.EFFLEURAGE, PhaseKind.KNEAD, PhaseKind.ALTERNATE, PhaseKind.NECK]
    assert shown == [*kinds, PhaseKind.CLOSING]
    # Another session, for no one in particular: nothing of Sam's is left.
    card.show_phase(KNEAD, Position.LYING)
    assert not card.go_easy.isVisible() and "Sam" not in card.pressure.text()
    assert card.body_map.striped_path().isEmpty()


def test_a_note_is_shown_as_typed_never_as_markup(qtbot: QtBot, theme: Theme) -> None:
    odd = Person("<b>Jo</b>", go_easy=(GoEasy(Area.NECK, "<i>stiff</i> & sore"),))
    card = make_card(qtbot, theme, 900, 500, NECK, odd)
    assert card.pressure.text().endswith("<b>Jo</b> likes it medium, as it says.")
    assert "&lt;i&gt;stiff&lt;/i&gt; &amp; sore" in card.go_easy.text()


def test_how_they_like_the_pressure_and_the_map_show_the_person(qtbot: QtBot, theme: Theme) -> None:
    card = make_card(qtbot, theme, 900, 500, KNEAD, SAM)
    assert "Sam likes it light, so keep it gentle." in card.pressure.text()
    assert not card.body_map.striped_path().isEmpty()


def test_going_easy_is_headed_in_amber_never_red(qtbot: QtBot, qapp: QApplication) -> None:
    apply_theme(qapp, DARK)
    card = make_card(qtbot, DARK, 900, 500, KNEAD, SAM)
    assert card.go_easy_heading.text() == "GO EASY"
    assert has_colour(card.go_easy_heading, DARK.accent)
    assert not has_colour(card.go_easy_heading, DARK.avoid)
    apply_theme(qapp, LIGHT)  # as the window's theme switch does
    settle()
    assert has_colour(card.go_easy_heading, LIGHT.accent)


@pytest.mark.parametrize("phase", [KNEAD, NECK, STROKES], ids=lambda phase: phase.kind)
def test_a_few_notes_come_after_the_avoid_text_and_move_nothing(
    qtbot: QtBot, theme: Theme, phase: Phase
) -> None:
    card = make_card(qtbot, theme, 900, 400, phase)
    card.show_phase(phase, Position.SEATED, replace(SAM, go_easy=()))
    settle()
    alone = (place(card.avoid), place(card.body_map), card.text_pt)
    card.show_phase(phase, Position.SEATED, SAM)
    settle()
    assert card.go_easy.isVisible()
    assert (place(card.avoid), place(card.body_map), card.text_pt) == alone
    assert place(card.avoid).bottom() < place(card.go_easy_heading).top()
    assert all(shows_whole(label) and in_view(card, label) for label in words(card))


@pytest.mark.parametrize("phase", [KNEAD, NECK, STROKES], ids=lambda phase: phase.kind)
def test_however_many_notes_the_avoid_text_shows_whole_and_the_map_keeps_its_place(
    qtbot: QtBot, theme: Theme, phase: Phase
) -> None:
    card = make_card(qtbot, theme, 900, 400, phase)
    card.show_phase(phase, Position.SEATED, replace(EVERYWHERE, go_easy=()))
    settle()
    body_map = place(card.body_map)
    card.show_phase(phase, Position.SEATED, EVERYWHERE)
    settle()
    # The words may shrink together to make room, never below the least size, never scrolling.
    assert card.text_pt is not None and card.text_pt >= card.floor_pt
    assert place(card.body_map) == body_map
    assert place(card.avoid).bottom() < place(card.go_easy_heading).top()
    assert all(shows_whole(label) and in_view(card, label) for label in words(card))


@pytest.mark.parametrize("person", [SAM, None], ids=["sam", "no-one"])
def test_once_the_words_fit_again_the_scroll_bar_goes(
    qtbot: QtBot, theme: Theme, person: Person | None
) -> None:
    alternate = Phase(PhaseKind.ALTERNATE, Area.FULL_BACK, 300)
    card = make_card(qtbot, theme, 390, 370, alternate, EVERYWHERE)
    assert card.scroll_area.verticalScrollBar().isVisible()
    card.show_phase(alternate, Position.LYING, person)
    settle()
    # Left there, the bar would narrow the words, and so lengthen them, and so stay.
    assert not card.scroll_area.verticalScrollBar().isVisible()
    assert all(shows_whole(label) and in_view(card, label) for label in words(card))


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_with_notes_the_card_still_shows_every_word_in_every_phase(
    qtbot: QtBot, theme: Theme, window: MainWindow, clock: FakeClock, size: tuple[int, int]
) -> None:
    window.session_view.set_theme(theme)
    resize_to(qtbot, window, size)
    view = window.session_view
    card = view.cue_card
    for plan in BUILT_IN_PLANS:
        session = Session(plan, clock, person=EVERYWHERE)
        view.load(session)
        session.start()
        for index in range(len(plan.phases)):
            session.go_to(index)
            view.show_phase(session)
            settle()
            where = f"{plan.id}, phase {index + 1}"
            assert shows_whole(card.avoid) and in_view(card, card.avoid), where
            assert all(shows_whole(label) for label in words(card)), where
            scrolls = card.scroll_area.verticalScrollBar().isVisible()
            assert scrolls or all(in_view(card, label) for label in words(card)), where
