"""The "+1 min" button offers both kinds of minute; one click gives the one last chosen."""

from __future__ import annotations

import pytest
from fake_clock import FakeClock
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QToolButton, QWidget
from pytestqt.qtbot import QtBot

from app.core.durations import countdown, in_words
from app.ui.actions import ActionId, create_actions
from app.ui.extend_menu import BORROW_TIP, LONGER_TIP, ExtendMenu
from app.ui.main_window import MainWindow
from app.ui.session_bridge import SessionBridge


@pytest.fixture
def owner(qtbot: QtBot) -> QWidget:
    owner = QWidget()
    qtbot.addWidget(owner)
    return owner


@pytest.fixture
def extend(owner: QWidget) -> QAction:
    return create_actions(owner)[ActionId.EXTEND]


@pytest.fixture
def menu(owner: QWidget, extend: QAction) -> ExtendMenu:
    return ExtendMenu(extend, owner)


def test_it_offers_both_minutes_with_the_remembered_one_checked(
    menu: ExtendMenu, extend: QAction
) -> None:
    assert [a.text() for a in menu.actions()] == [
        "+1 min: longer session",
        "+1 min: borrow from later phases",
    ]
    menu.show_choice(borrow=True)
    assert [a.isChecked() for a in menu.actions()] == [False, True]
    assert extend.toolTip() == BORROW_TIP
    menu.show_choice(borrow=False)
    assert [a.isChecked() for a in menu.actions()] == [True, False]
    assert extend.toolTip() == LONGER_TIP


@pytest.mark.parametrize(("item", "borrow"), [(0, False), (1, True)])
def test_choosing_from_the_menu_remembers_the_choice_and_extends_once(
    qtbot: QtBot, menu: ExtendMenu, extend: QAction, item: int, borrow: bool
) -> None:
    menu.show_choice(borrow=not borrow)
    said: list[str] = []
    menu.borrowChosen.connect(lambda chosen: said.append(f"chosen {chosen}"))
    extend.triggered.connect(lambda: said.append("extended"))
    menu.actions()[item].trigger()
    assert said == [f"chosen {borrow}", "extended"]  # the choice first: the minute follows it
    assert menu.actions()[item].isChecked()
    assert extend.toolTip() == (BORROW_TIP if borrow else LONGER_TIP)


def test_the_tooltips_say_what_a_click_does_and_name_the_key() -> None:
    assert "ends as planned" in BORROW_TIP
    assert "later" in LONGER_TIP
    assert all(tip.endswith("(+)") for tip in (BORROW_TIP, LONGER_TIP))


def test_the_session_views_button_carries_the_menu(window: MainWindow) -> None:
    button = window.session_view.extend_button
    assert button.menu() is window.session_view.extend_menu
    assert button.popupMode() is QToolButton.ToolButtonPopupMode.MenuButtonPopup
    assert button.defaultAction() is window.commands[ActionId.EXTEND]


def test_a_borrowed_minute_shows_on_the_strip_and_in_the_time_left_at_once(
    window: MainWindow, bridge: SessionBridge, clock: FakeClock
) -> None:
    view = window.session_view
    view.extend_menu.borrowChosen.connect(lambda borrow: setattr(bridge, "borrow", borrow))
    window.commands[ActionId.START_PAUSE].trigger()
    clock.advance(10)
    bridge.tick()
    total = bridge.session.total
    view.extend_menu.actions()[1].trigger()
    session = bridge.session
    assert session.total == total
    for index, seconds in enumerate(session.durations):
        assert in_words(seconds) in view.timeline.segment_tooltip(index)
    shown = view.ring.accessibleDescription()
    assert countdown(session.phase_remaining) in shown  # the phase's new length, 01:50
    assert f"{countdown(session.remaining)} left" in shown  # and the same end
