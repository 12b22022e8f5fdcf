"""The session view keeps the cue in sight: a check-in has a place of its own beneath the card."""

from __future__ import annotations

import pytest
from fake_clock import FakeClock
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from ui.window_geometry import place, resize_to, settle

from app.core.plan import BUILT_IN_PLANS, Area, Plan
from app.core.session import QUIET_START_SECONDS, SessionState
from app.ui.main_window import MainWindow
from app.ui.session_bridge import SessionBridge
from app.ui.session_view import SessionView
from app.ui.theme import DARK, LIGHT, Theme, apply_theme

SIZES = [(1024, 600), (1280, 800)]


def areas_of(plan: Plan) -> list[Area]:
    return list(dict.fromkeys(phase.area for phase in plan.phases if phase.kind.hands_on))


def check_cue_and_checkin_both_in_sight(view: SessionView, where: str) -> None:
    window = view.window().rect()
    card, strip = view.cue_card, view.checkin
    assert strip.asking and strip.isVisible(), where
    assert window.contains(place(strip)), where
    # The whole Avoid text shows: not cut, not scrolled away, inside the window.
    viewport = card.scroll_area.viewport()
    assert card.avoid.isVisible() and card.avoid.text(), where
    assert card.avoid.heightForWidth(card.avoid.width()) <= card.avoid.height(), where
    assert place(viewport).contains(place(card.avoid)), where
    assert window.contains(place(card.avoid)), where
    # The check-in covers nothing on the card: steps, pressure, Avoid text or map.
    assert not place(strip).intersects(place(card)), where
    for part in (card.steps, card.pressure, card.avoid, card.body_map):
        if part.isVisible():
            assert window.contains(place(part)), where
            assert not place(strip).intersects(place(part)), where


@pytest.fixture(params=[DARK, LIGHT], ids=["dark", "light"])
def theme(request: pytest.FixtureRequest, qapp: QApplication) -> Theme:
    apply_theme(qapp, request.param)
    return request.param


@pytest.fixture
def themed_window(theme: Theme, window: MainWindow) -> MainWindow:
    window.session_view.set_theme(theme)
    return window


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_a_checkin_at_any_phase_start_leaves_the_cue_whole_and_moves_nothing(
    qtbot: QtBot, themed_window: MainWindow, bridge: SessionBridge, size: tuple[int, int]
) -> None:
    resize_to(qtbot, themed_window, size)
    view = themed_window.session_view
    for plan in BUILT_IN_PLANS:
        bridge.load(plan)
        bridge.start_or_pause()
        for index, phase in enumerate(plan.phases):
            if not phase.kind.hands_on:
                continue
            bridge.go_to(index)
            settle()
            before = [place(view.ring), place(view.cue_card), place(view.prompt_slot)]
            view.checkin.ask(areas_of(plan))  # as a check-in falling at its start would be
            settle()
            check_cue_and_checkin_both_in_sight(view, f"{plan.id}, phase {index + 1}")
            assert [place(view.ring), place(view.cue_card), place(view.prompt_slot)] == before
            view.checkin.dismiss()
        bridge.end()
    assert themed_window.size().toTuple() == size


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_every_checkin_of_a_whole_session_comes_past_a_first_minute_and_in_sight(
    qtbot: QtBot,
    themed_window: MainWindow,
    bridge: SessionBridge,
    clock: FakeClock,
    size: tuple[int, int],
) -> None:
    resize_to(qtbot, themed_window, size)
    view = themed_window.session_view
    for plan in BUILT_IN_PLANS:
        bridge.load(plan)
        bridge.start_or_pause()
        asked = 0
        while bridge.session.state is not SessionState.FINISHED:
            due = bridge.session.seconds_to_next_event()
            assert due is not None
            was_asking = view.checkin.asking
            clock.advance(max(due, 0.001))
            bridge.tick()
            if view.checkin.asking and not was_asking:
                asked += 1
                settle()
                session = bridge.session
                assert session.phase_elapsed >= QUIET_START_SECONDS
                check_cue_and_checkin_both_in_sight(view, f"{plan.id} at {session.elapsed:.0f} s")
        assert asked >= 1, plan.id
        assert not view.checkin.asking  # the end closes it


def test_in_full_screen_the_checkin_and_the_cue_are_both_in_sight(
    qtbot: QtBot, themed_window: MainWindow, bridge: SessionBridge
) -> None:
    qtbot.keyClick(themed_window, Qt.Key.Key_F11)
    qtbot.waitUntil(themed_window.isFullScreen)
    view = themed_window.session_view
    for plan in BUILT_IN_PLANS:
        bridge.load(plan)
        bridge.start_or_pause()
        for index, phase in enumerate(plan.phases):
            if phase.kind.hands_on:
                bridge.go_to(index)
                view.checkin.ask(areas_of(plan))
                settle()
                check_cue_and_checkin_both_in_sight(view, f"{plan.id}, phase {index + 1}")
                assert view.next_phase.text() == ""  # full screen shows only what matters
                view.checkin.dismiss()
        bridge.end()


def test_the_next_phase_is_named_where_a_checkin_would_go(
    themed_window: MainWindow, bridge: SessionBridge, clock: FakeClock
) -> None:
    view = themed_window.session_view
    bridge.start_or_pause()
    assert view.prompt_slot.currentWidget() is view.next_phase
    assert view.next_phase.text() == "Next: Warm the oil"
    clock.advance(60 + 60 + 240 + 120)  # the middle of kneading the shoulders
    bridge.tick()
    assert view.prompt_slot.currentWidget() is view.checkin
    assert view.cue_stack.currentWidget() is view.cue_card


def test_a_checkin_left_unanswered_closes_after_thirty_seconds_of_session_time(
    themed_window: MainWindow, bridge: SessionBridge, clock: FakeClock
) -> None:
    view = themed_window.session_view
    bridge.start_or_pause()
    clock.advance(480)
    bridge.tick()
    assert view.checkin.asking
    bridge.start_or_pause()  # paused: its time stands still
    clock.advance(300)
    bridge.tick()
    bridge.start_or_pause()
    clock.advance(29.9)
    bridge.tick()
    assert view.checkin.asking
    clock.advance(0.1)
    bridge.tick()
    assert not view.checkin.asking
    assert view.prompt_slot.currentWidget() is view.next_phase
    assert bridge.session.answers == ()


def test_switching_theme_during_a_checkin_moves_nothing(
    qtbot: QtBot, themed_window: MainWindow, bridge: SessionBridge, clock: FakeClock
) -> None:
    view = themed_window.session_view
    bridge.start_or_pause()
    clock.advance(480)
    bridge.tick()
    settle()
    parts = [view.phase_name, view.ring, view.cue_card, view.prompt_slot, view.checkin.question]
    before = [(place(part), part.font().pointSizeF(), part.font().pixelSize()) for part in parts]
    for _ in range(2):
        qtbot.keyClick(themed_window, Qt.Key.Key_T)
        settle()
        assert [(place(p), p.font().pointSizeF(), p.font().pixelSize()) for p in parts] == before
