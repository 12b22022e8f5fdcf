"""The tray icon's menu and the time it shows."""

from __future__ import annotations

from fake_clock import FakeClock
from PySide6.QtGui import QIcon

from app.paths import find_assets_dir
from app.ui.actions import ActionId
from app.ui.main_window import MainWindow
from app.ui.session_bridge import SessionBridge
from app.ui.tray import ICON_PX, Tray, muted_icon


def test_the_tray_offers_pause_next_mute_and_quit_and_shows_the_time_left(
    window: MainWindow, bridge: SessionBridge, clock: FakeClock
) -> None:
    tray = Tray(QIcon(str(find_assets_dir() / "icons" / "lull.svg")), window.commands, window)
    menu = tray.contextMenu().actions()
    for action_id in (ActionId.START_PAUSE, ActionId.NEXT, ActionId.MUTE):
        assert window.commands[action_id] in menu
    assert menu[-1] is window.commands[ActionId.QUIT]  # last, apart from the rest
    assert window.commands[ActionId.QUIT].shortcut().toString() == "Ctrl+Q"
    assert window.commands[ActionId.QUIT] in window.actions()  # Ctrl+Q works in the window
    tray.show_session(bridge.session)
    assert tray.toolTip() == "Lull: ready"
    window.commands[ActionId.START_PAUSE].trigger()
    clock.advance(61)
    bridge.tick()
    tray.show_session(bridge.session)
    assert tray.toolTip() == "Lull: 28:59 left"
    window.commands[ActionId.START_PAUSE].trigger()
    tray.show_session(bridge.session)
    assert tray.toolTip() == "Lull: paused, 28:59 left"


def test_mute_shows_in_the_tray_icon_tooltip_and_menu(
    window: MainWindow, bridge: SessionBridge
) -> None:
    tray = Tray(QIcon(str(find_assets_dir() / "icons" / "lull.svg")), window.commands, window)
    mute = window.commands[ActionId.MUTE]
    tray.show_session(bridge.session)
    assert not tray.muted_shown
    mute.trigger()
    assert tray.muted_shown
    assert tray.toolTip() == "Lull: ready · sound muted"
    assert mute in tray.contextMenu().actions() and mute.isChecked()
    bridge.start_or_pause()
    tray.show_session(bridge.session)
    assert tray.toolTip() == "Lull: 30:00 left · sound muted"
    mute.trigger()
    assert not tray.muted_shown
    assert tray.toolTip() == "Lull: 30:00 left"


def test_the_muted_icon_wears_a_badge_the_plain_one_does_not(window: MainWindow) -> None:
    icon = QIcon(str(find_assets_dir() / "icons" / "lull.svg"))
    plain = icon.pixmap(ICON_PX, ICON_PX).toImage()
    badged = muted_icon(icon).pixmap(ICON_PX, ICON_PX).toImage()
    corner = (ICON_PX * 3 // 4, ICON_PX * 3 // 4)
    assert badged.pixelColor(*corner) != plain.pixelColor(*corner)
    assert badged.pixelColor(4, 4) == plain.pixelColor(4, 4)
