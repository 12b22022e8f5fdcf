"""The tray icon's menu and the time it shows."""

from __future__ import annotations

from fake_clock import FakeClock
from PySide6.QtGui import QIcon

from app.paths import find_assets_dir
from app.ui.actions import ActionId
from app.ui.main_window import MainWindow
from app.ui.session_bridge import SessionBridge
from app.ui.tray import Tray


def test_the_tray_offers_pause_next_and_mute_and_shows_the_time_left(
    window: MainWindow, bridge: SessionBridge, clock: FakeClock
) -> None:
    tray = Tray(QIcon(str(find_assets_dir() / "icons" / "lull.svg")), window.commands, window)
    menu = tray.contextMenu().actions()
    for action_id in (ActionId.START_PAUSE, ActionId.NEXT, ActionId.MUTE):
        assert window.commands[action_id] in menu
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
