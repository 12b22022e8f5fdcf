"""The cue card never cuts its words: the type shrinks, within limits, and then the card scrolls."""

from __future__ import annotations

from dataclasses import replace

import pytest
from fake_clock import FakeClock
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QColor, QTextDocumentFragment
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot
from ui.window_geometry import place, resize_to, settle

from app.core.cues import cue_for
from app.core.people import Firmness, GoEasy, Person
from app.core.plan import (
    BUILT_IN_PLANS,
    MAX_NOTE_CHARS,
    SIDED_KINDS,
    Area,
    Phase,
    PhaseKind,
    Plan,
    Position,
    Side,
    built_in_plan,
)
from app.core.session import SIDE_QUIET_SECONDS, Session
from app.ui.cue_card import FLOOR_SHARE, CueCard
from app.ui.cue_words import CueWords
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
        card.note,
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


def test_words_that_appear_later_take_the_size_the_others_were_given(
    qtbot: QtBot, theme: Theme
) -> None:
    """Going easy and the note, hidden while the words were sized, appear at their size."""
    holder = QWidget()
    qtbot.addWidget(holder)
    words = CueWords(holder)
    words.show_words(cue_for(KNEAD, Position.LYING), "", False)
    words.size_type(dict.fromkeys(words.theme_sizes(), 7.5))  # not the 9 pt they have
    later = (words.go_easy, words.go_easy_heading, words.note)
    assert all(label.isHidden() for label in later)
    words.show_words(cue_for(KNEAD, Position.LYING, SAM), "Left shoulder first.", False)
    assert [(label.isHidden(), label.font().pointSizeF()) for label in later] == [(False, 7.5)] * 3


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


# --- phases worked side by side, and the giver's own note -------------------------------------

SIDED = replace(KNEAD, sides=True)
# As long as a note may be, with a word too long for any line: it wraps, never cuts.
LONG_NOTE = ("Slow circles round the knot under the left shoulder blade, " * 4)[
    : MAX_NOTE_CHARS - 40
] + "x" * 40


def with_sides_and_notes(plan: Plan, note: str = LONG_NOTE) -> Plan:
    """The plan with every phase that can be worked side by side worked so, and each phase
    carrying the longest note a plan may hold."""
    phases = tuple(
        replace(phase, sides=phase.kind in SIDED_KINDS, note=note) for phase in plan.phases
    )
    return replace(plan, phases=phases)


def cue_parts(card: CueCard) -> list[QLabel]:
    """What must never be covered: the steps, the pressure and the Avoid text."""
    return [card.steps, card.pressure_heading, card.pressure, card.avoid_heading, card.avoid]


def covers(card: CueCard, label: QLabel) -> bool:
    """The label's place overlaps the steps, the pressure or the avoid text."""
    return any(place(label).intersects(place(part)) for part in cue_parts(card))


@pytest.mark.parametrize(
    ("side", "switching", "shown"),
    [
        (Side.LEFT, False, "Left side"),
        (Side.RIGHT, True, "Switch sides"),
        (Side.RIGHT, False, "Right side"),
    ],
)
def test_a_phase_worked_side_by_side_says_which_side_and_lights_it(
    qtbot: QtBot, theme: Theme, side: Side, switching: bool, shown: str
) -> None:
    card = make_card(qtbot, theme, 900, 400, SIDED)
    card.show_side(side, switching=switching)
    settle()
    assert card.side.isVisible() and card.side.text() == shown
    assert card.body_map.toolTip().startswith(f"Lit: the shoulders, the {side.label}")
    assert not covers(card, card.side)
    assert shows_whole(card.side)


def test_full_screen_keeps_the_side_in_sight_beside_the_words(qtbot: QtBot, theme: Theme) -> None:
    card = make_card(qtbot, theme, 1400, 700, replace(NECK, sides=True))
    card.show_side(Side.RIGHT)
    card.set_focus_mode(True)
    settle()
    assert card.side.isVisible() and not card.body_map.isVisible()
    assert card.text_pt == pytest.approx(26)
    assert not covers(card, card.side) and shows_whole(card.side)


def test_a_phase_worked_whole_says_no_side(qtbot: QtBot, theme: Theme) -> None:
    card = make_card(qtbot, theme, 900, 400, SIDED)
    card.show_side(Side.LEFT)
    card.show_phase(KNEAD, Position.LYING)
    card.show_side(None)
    settle()
    assert not card.side.isVisible()
    assert "side" not in card.body_map.toolTip().split(".")[0]


@pytest.mark.parametrize("focus", [False, True], ids=["card", "full-screen"])
@pytest.mark.parametrize("width", [900, 640, 520])
def test_the_side_moves_nothing_on_the_card(
    qtbot: QtBot, theme: Theme, width: int, focus: bool
) -> None:
    card = make_card(qtbot, theme, width, 400, SIDED)
    card.set_focus_mode(focus)
    card.show_side(Side.LEFT)
    settle()
    before = [place(label) for label in cue_parts(card)], card.text_pt
    for side, switching in ((Side.LEFT, False), (Side.RIGHT, True), (Side.RIGHT, False)):
        card.show_side(side, switching=switching)
        settle()
        assert ([place(label) for label in cue_parts(card)], card.text_pt) == before


def test_back_from_full_screen_the_card_is_laid_out_as_before(qtbot: QtBot, theme: Theme) -> None:
    card = make_card(qtbot, theme, 640, 400, SIDED)
    card.show_side(Side.LEFT)
    settle()
    before = [place(label) for label in cue_parts(card)], place(card.side)
    card.set_focus_mode(True)
    settle()
    card.set_focus_mode(False)
    card.show_side(Side.RIGHT)
    settle()
    assert ([place(label) for label in cue_parts(card)], place(card.side)) == before


def test_the_givers_note_is_shown_as_theirs_and_as_typed(qtbot: QtBot, theme: Theme) -> None:
    card = make_card(qtbot, theme, 900, 400, replace(KNEAD, note="<b>Firm</b> & slow"))
    assert card.note.isVisible()
    shown = QTextDocumentFragment.fromHtml(card.note.text()).toPlainText()
    assert shown.startswith("Your note:") and shown.endswith(" <b>Firm</b> & slow")
    card.show_phase(KNEAD, Position.LYING)
    settle()
    assert not card.note.isVisible()


def test_a_note_longer_than_a_plan_may_hold_is_cut_short(qtbot: QtBot, theme: Theme) -> None:
    card = make_card(qtbot, theme, 900, 400, replace(KNEAD, note="gently " * 60))
    shown = QTextDocumentFragment.fromHtml(card.note.text()).toPlainText()
    note = shown.removeprefix("Your note:").strip()
    assert len(note) <= MAX_NOTE_CHARS and note.endswith("gently…")


@pytest.mark.parametrize("phase", [KNEAD, NECK, STROKES], ids=lambda phase: phase.kind)
def test_a_note_comes_after_the_avoid_text_and_wraps_whole(
    qtbot: QtBot, theme: Theme, phase: Phase
) -> None:
    card = make_card(qtbot, theme, 900, 400, phase)
    card.show_phase(replace(phase, note=LONG_NOTE), Position.LYING)
    settle()
    assert place(card.avoid).bottom() < place(card.note).top()
    assert all(shows_whole(label) and in_view(card, label) for label in words(card))
    assert card.note.width() <= card.scroll_area.viewport().width()  # the long word wraps too


@pytest.mark.parametrize("person", [None, SAM], ids=["no-one", "sam"])
@pytest.mark.parametrize("size", SIZES[:2], ids=lambda size: f"{size[0]}x{size[1]}")
def test_sides_and_notes_fit_the_card_at_every_size_in_every_phase(
    qtbot: QtBot,
    theme: Theme,
    window: MainWindow,
    clock: FakeClock,
    size: tuple[int, int],
    person: Person | None,
) -> None:
    window.session_view.set_theme(theme)
    resize_to(qtbot, window, size)
    view = window.session_view
    card = view.cue_card
    for plan in BUILT_IN_PLANS:
        session = Session(with_sides_and_notes(plan), clock, person=person)
        view.load(session)
        session.start()
        for index, phase in enumerate(session.plan.phases):
            session.go_to(index)
            session.tick(clock.advance(phase.seconds * 0.75))  # on the right side, by then
            view.show_phase(session)
            settle()
            where = f"{plan.id}, phase {index + 1}"
            assert card.side.isVisible() is phase.sides, where
            assert not card.side.isVisible() or not covers(card, card.side), where
            assert shows_whole(card.side) or not phase.sides, where
            assert all(shows_whole(label) for label in words(card)), where
            # The cue itself is always in sight; the notes after it too, or a scroll bar says
            # there is more (the longest note and a person's notes on the smallest screen).
            assert all(in_view(card, label) for label in cue_parts(card)), where
            scrolls = card.scroll_area.verticalScrollBar().isVisible()
            assert scrolls or all(in_view(card, label) for label in words(card)), where


def test_the_window_shows_the_side_as_the_session_switches(
    qtbot: QtBot, window: MainWindow, bridge: SessionBridge, clock: FakeClock
) -> None:
    plan = built_in_plan("classic")
    bridge.load(with_sides_and_notes(plan, note=""))
    card = window.session_view.cue_card
    bridge.start_or_pause()
    bridge.go_to(3)  # kneading the shoulders, 240 s: the sides switch 120 s in
    qtbot.waitUntil(lambda: card.body_map.area() is Area.SHOULDERS)  # the card, a turn later
    shown = []
    for seconds in (1, 118, 1, SIDE_QUIET_SECONDS - 1, 1):
        clock.advance(seconds)
        bridge.tick()
        shown.append(card.side.text())
    assert shown == ["Left side", "Left side", "Switch sides", "Switch sides", "Right side"]
    assert card.body_map.toolTip().startswith("Lit: the shoulders, the right side")


# --- the next phase's words, measured ahead ---------------------------------------------------


def test_the_next_phases_words_are_measured_ahead_without_touching_those_shown(
    qtbot: QtBot, theme: Theme
) -> None:
    card = make_card(qtbot, theme, 700, 180, KNEAD)
    shown = [(label.text(), label.font().pointSizeF()) for label in words(card)]
    card.foresee(NECK, Position.LYING, SAM)
    assert not card.measured_ahead  # a size a frame, not all at once
    qtbot.waitUntil(lambda: card.measured_ahead)
    assert [(label.text(), label.font().pointSizeF()) for label in words(card)] == shown


@pytest.mark.parametrize("size", [(900, 500), (700, 180), (600, 110)], ids=str)
def test_a_phase_measured_ahead_is_shown_as_if_fitted_at_the_change(
    qtbot: QtBot, theme: Theme, size: tuple[int, int]
) -> None:
    ahead = make_card(qtbot, theme, *size, KNEAD)
    ahead.foresee(NECK, Position.LYING, SAM)
    qtbot.waitUntil(lambda: ahead.measured_ahead)
    ahead.show_phase(NECK, Position.LYING, SAM)
    settle()
    fitted = make_card(qtbot, theme, *size, NECK, SAM)
    assert ahead.text_pt == fitted.text_pt
    assert ahead.sizeHint() == fitted.sizeHint()
    bars = [card.scroll_area.verticalScrollBar().isVisible() for card in (ahead, fitted)]
    assert bars[0] == bars[1]
    assert [label.height() for label in words(ahead)] == [label.height() for label in words(fitted)]


def test_the_last_phase_foresees_nothing(qtbot: QtBot, theme: Theme) -> None:
    card = make_card(qtbot, theme, 900, 500, KNEAD)
    card.foresee(None, Position.LYING, None)
    assert card.measured_ahead


def test_at_a_new_width_the_next_phase_is_measured_again(qtbot: QtBot, theme: Theme) -> None:
    card = make_card(qtbot, theme, 900, 500, KNEAD)
    card.foresee(NECK, Position.LYING, None)
    qtbot.waitUntil(lambda: card.measured_ahead)
    card.resize(700, 400)
    settle()
    assert not card.measured_ahead
    qtbot.waitUntil(lambda: card.measured_ahead)


def test_the_window_measures_the_next_phase_ahead_of_each_change(
    window: MainWindow, bridge: SessionBridge, qtbot: QtBot
) -> None:
    card = window.session_view.cue_card
    bridge.start_or_pause()
    qtbot.waitUntil(lambda: card.measured_ahead)
    bridge.next()
    qtbot.waitUntil(lambda: card.measured_ahead)
    bridge.go_to(len(bridge.session.plan.phases) - 1)  # the last: nothing comes after it
    assert card.measured_ahead
