"""A layout that holds: in every state, at both screen sizes and in both themes, nothing is cut
without a sign, the window keeps its size, and Start, the ring and the Avoid text are in it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fake_clock import FakeClock
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QToolButton, QWidget
from pytestqt.qtbot import QtBot
from ui.conftest import BuildWindow
from ui.window_geometry import place, settle, shown, start_button

from app.core.session import SessionState
from app.ui.actions import ActionId
from app.ui.audio_bridge import AudioBridge
from app.ui.main_window import MainWindow
from app.ui.session_bridge import SessionBridge
from app.ui.theme import DARK, LIGHT, Theme, apply_theme

SIZES = [(1024, 600), (1280, 800)]
ELLIPSIS = "…"


def cut_labels(window: QWidget) -> list[str]:
    """Every visible label or button whose text does not fit and does not say so."""
    cut = []
    for label in window.findChildren(QLabel):
        text = label.text()
        if not shown(label) or not text or label.textFormat() is Qt.TextFormat.RichText:
            continue
        room = label.contentsRect()
        if label.wordWrap():
            fits = label.heightForWidth(label.width()) <= label.height() + 1
        else:
            widest = max(label.fontMetrics().horizontalAdvance(line) for line in text.split("\n"))
            fits = widest <= room.width() + 1
        elided = text.endswith(ELLIPSIS) and label.toolTip().startswith(text[:-1])
        if not (fits or elided):
            cut.append(f"label {label.objectName() or text!r}: {text!r}")
    for button in window.findChildren(QAbstractButton):
        text = button.text().replace("&&", "&")
        if not shown(button) or not text or isinstance(button, QToolButton) and not text.strip():
            continue
        # What the style needs for the words, its padding and icon: less, and it elides them.
        needed = button.sizeHint().width()
        elided = text.endswith(ELLIPSIS) and text[:-1] in button.toolTip()
        if needed > button.width() and not elided:
            cut.append(f"button {text!r}: needs {needed}, has {button.width()}")
    return cut


def at_phase_start_with_checkin(window: MainWindow, clock: FakeClock) -> None:
    bridge = window.bridge
    bridge.start_or_pause()
    while not window.session_view.checkin.asking:
        clock.advance(5)
        bridge.tick()


def running(window: MainWindow, clock: FakeClock) -> None:
    window.bridge.start_or_pause()
    clock.advance(6 * 60 + 10)
    window.bridge.tick()


def paused(window: MainWindow, clock: FakeClock) -> None:
    running(window, clock)
    window.bridge.start_or_pause()


def ended(window: MainWindow, clock: FakeClock) -> None:
    running(window, clock)
    clock.advance(40 * 60)
    window.bridge.tick()
    assert window.bridge.session.state is SessionState.FINISHED


def ending_asked(window: MainWindow, clock: FakeClock) -> None:
    running(window, clock)
    window.commands[ActionId.END].trigger()
    assert window.session_view.end_armed


def jump_asked(window: MainWindow, clock: FakeClock) -> None:
    running(window, clock)
    window.bridge.choose_phase(len(window.bridge.session.plan.phases) - 2)  # far: asked first
    assert window.session_view.jump_strip.asking_to_jump


def drawer(action_id: ActionId) -> Callable[[MainWindow, FakeClock], None]:
    def open_it(window: MainWindow, clock: FakeClock) -> None:
        running(window, clock)
        action = window.commands[action_id]
        if not action.isChecked():
            action.trigger()

    return open_it


STATES: dict[str, Callable[[MainWindow, FakeClock], None]] = {
    "preparing": lambda window, clock: None,
    "running": running,
    "check-in": at_phase_start_with_checkin,
    "paused": paused,
    "ending-asked": ending_asked,
    "jump-asked": jump_asked,
    "ended": ended,
    "ambience-open": drawer(ActionId.AMBIENCE_PANEL),
    "room-open": drawer(ActionId.ROOM_PANEL),
}


@pytest.mark.parametrize("theme", [DARK, LIGHT], ids=["dark", "light"])
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_every_state_keeps_the_window_its_size_and_every_word_in_sight(
    qtbot: QtBot,
    build_window: BuildWindow,
    audio: AudioBridge,
    clock: FakeClock,
    qapp: QApplication,
    size: tuple[int, int],
    state: str,
    theme: Theme,
) -> None:
    apply_theme(qapp, DARK)  # as main.py does before the window is made
    window = build_window(audio)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    if theme is LIGHT:
        window.commands[ActionId.LIGHT_THEME].trigger()
    settle()
    STATES[state](window, clock)
    settle()
    frame = window.rect()
    assert window.size().toTuple() == size
    assert cut_labels(window) == []
    view = window.session_view
    for part in (view.ring, start_button(window)):
        assert frame.contains(place(part)), part
    if window.bridge.session.state is not SessionState.FINISHED:
        avoid = view.cue_card.avoid
        assert shown(avoid) and frame.contains(place(avoid))
        assert avoid.heightForWidth(avoid.width()) <= avoid.height() + 1
    apply_theme(qapp, DARK)


def test_full_screen_shows_the_ring_and_the_whole_avoid_text(
    qtbot: QtBot, window: MainWindow, clock: FakeClock
) -> None:
    running(window, clock)
    window.commands[ActionId.FULL_SCREEN].trigger()
    settle()
    frame = window.rect()
    view = window.session_view
    avoid = view.cue_card.avoid
    assert frame.contains(place(view.ring))
    assert shown(avoid) and frame.contains(place(avoid))
    assert avoid.heightForWidth(avoid.width()) <= avoid.height() + 1
    assert cut_labels(window) == []


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_the_ring_keeps_its_size_through_a_session(
    qtbot: QtBot,
    build_window: BuildWindow,
    audio: AudioBridge,
    clock: FakeClock,
    size: tuple[int, int],
) -> None:
    window = build_window(audio)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    settle()
    bridge: SessionBridge = window.bridge
    bridge.start_or_pause()
    settle()
    sizes = set()
    while bridge.session.state is not SessionState.FINISHED:
        clock.advance(20)
        bridge.tick()
        settle()
        sizes.add(window.session_view.ring.size().toTuple())
    assert len(sizes) == 1, sizes


def test_the_check_finds_a_cut_label_and_passes_an_elided_one(qtbot: QtBot) -> None:
    box = QWidget()
    qtbot.addWidget(box)
    cut = QLabel("Comfortable, lying down on the table", box)
    cut.setGeometry(0, 0, 60, 30)
    elided = QLabel("Comfortable…", box)
    elided.setToolTip("Comfortable, lying down on the table")
    elided.setGeometry(0, 40, 400, 30)
    box.resize(420, 80)
    box.show()
    qtbot.waitExposed(box)
    assert cut_labels(box) == ["label 'Comfortable, lying down on the table': "
                               "'Comfortable, lying down on the table'"]  # fmt: skip


def session_buttons(window: MainWindow) -> dict[str, QRect]:
    return {
        button.text(): place(button)
        for button in window.session_view.controls.findChildren(QToolButton)
    }


def test_arming_end_moves_nothing(
    qtbot: QtBot, build_window: BuildWindow, audio: AudioBridge, clock: FakeClock
) -> None:
    window = build_window(audio)
    window.resize(1024, 600)
    window.show()
    qtbot.waitExposed(window)
    running(window, clock)
    settle()
    before = list(session_buttons(window).values())
    window.commands[ActionId.END].trigger()
    settle()
    assert window.session_view.end_armed
    assert list(session_buttons(window).values()) == before


def test_the_first_esc_says_what_the_second_does_even_in_full_screen(
    qtbot: QtBot, window: MainWindow, clock: FakeClock
) -> None:
    running(window, clock)
    window.commands[ActionId.FULL_SCREEN].trigger()
    window.commands[ActionId.END].trigger()
    settle()
    notice = window.session_view.notice
    assert shown(notice) and "Press Esc again to end the session." in notice.text()
    window.commands[ActionId.END].trigger()
    assert window.bridge.session.state is SessionState.FINISHED
    assert "Press Esc again" not in notice.text()


def test_the_ambience_drawer_on_a_small_screen_shows_three_sounds_whole(
    qtbot: QtBot,
    build_window: BuildWindow,
    audio: AudioBridge,
    clock: FakeClock,
    qapp: QApplication,
) -> None:
    apply_theme(qapp, DARK)  # as main.py does before the window is made
    window = build_window(audio)
    window.resize(1024, 600)
    window.show()
    qtbot.waitExposed(window)
    drawer(ActionId.AMBIENCE_PANEL)(window, clock)
    settle()
    sounds = window.ambience.sound_list
    seen = sounds.viewport().rect()
    whole = [
        toggle
        for toggle in window.ambience.toggles.values()
        if seen.contains(QRect(toggle.mapTo(sounds.viewport(), QPoint(0, 0)), toggle.size()))
    ]
    assert len(whole) >= 3, [toggle.text() for toggle in whole]
