"""Every command as a QAction, created once, keyed by an enum, with its shortcuts."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication

from app.core.session import SessionState
from app.ui.icons import Icons
from app.ui.theme import Theme


class ActionId(StrEnum):
    START_PAUSE = "start-pause"
    PREVIOUS = "previous"
    NEXT = "next"
    EXTEND = "extend"
    END = "end"
    LIGHTER = "lighter"
    JUST_RIGHT = "just-right"
    FIRMER = "firmer"
    MUTE = "mute"
    FULL_SCREEN = "full-screen"
    AMBIENCE_PANEL = "ambience-panel"
    ROOM_PANEL = "room-panel"
    LIGHT_THEME = "light-theme"
    UNDO_JUMP = "undo-jump"
    QUIT = "quit"


# text, shortcuts, tooltip
_SPECS: dict[ActionId, tuple[str, tuple[str, ...], str]] = {
    ActionId.START_PAUSE: ("Start", ("Space",), "Start or pause the session (Space)"),
    ActionId.PREVIOUS: ("Previous", ("Left", "B"), "Back to the previous phase (Left or B)"),
    ActionId.NEXT: ("Next", ("Right", "N"), "On to the next phase (Right or N)"),
    ActionId.EXTEND: ("+1 min", ("+", "=", "Plus"), "One more minute for this phase (+)"),
    ActionId.END: ("End", ("Esc",), "End the session (Esc, then Esc again to confirm)"),
    ActionId.LIGHTER: ("1  Lighter", ("1",), "They would like lighter pressure (1)"),
    ActionId.JUST_RIGHT: ("2  Just right", ("2",), "The pressure is just right (2)"),
    ActionId.FIRMER: ("3  Firmer", ("3",), "They would like firmer pressure (3)"),
    ActionId.MUTE: ("Mute", ("M",), "Mute or unmute all sound (M)"),
    ActionId.FULL_SCREEN: ("Full screen", ("F11",), "Only the phase, the time and the cue (F11)"),
    ActionId.AMBIENCE_PANEL: ("Ambience", ("A",), "Show or hide the soundscapes (A)"),
    ActionId.ROOM_PANEL: ("Room", ("R",), "Show or hide the room checklist (R)"),
    ActionId.LIGHT_THEME: ("Light", ("T",), "A light theme for a bright room (T)"),
    ActionId.UNDO_JUMP: ("Undo (Ctrl+Z)", ("Ctrl+Z",), "Back to the phase before the jump"),
    ActionId.QUIT: ("Quit Lull", ("Ctrl+Q",), "Save and quit (Ctrl+Q)"),
}
_CHECKABLE = {
    ActionId.MUTE,
    ActionId.FULL_SCREEN,
    ActionId.AMBIENCE_PANEL,
    ActionId.ROOM_PANEL,
    ActionId.LIGHT_THEME,
}

# Shown when they are needed rather than by session state: the check-in answers while a
# check-in is asked; mute and full screen always.
SESSION_ACTIONS = (
    ActionId.START_PAUSE,
    ActionId.PREVIOUS,
    ActionId.NEXT,
    ActionId.EXTEND,
    ActionId.END,
)

_ENABLED_IN: dict[ActionId, frozenset[SessionState]] = {
    ActionId.START_PAUSE: frozenset(SessionState),
    ActionId.PREVIOUS: frozenset({SessionState.RUNNING, SessionState.PAUSED}),
    ActionId.NEXT: frozenset({SessionState.RUNNING, SessionState.PAUSED}),
    ActionId.EXTEND: frozenset({SessionState.RUNNING, SessionState.PAUSED}),
    ActionId.END: frozenset({SessionState.RUNNING, SessionState.PAUSED}),
}

_START_PAUSE_TEXT = {
    SessionState.READY: "Start",
    SessionState.RUNNING: "Pause",
    SessionState.PAUSED: "Resume",
    SessionState.FINISHED: "Start again",
}


# Every text a button may show for its action: it is made as wide as the widest, so that a
# change of words ("Pause" to "Resume") moves nothing beside it.
TEXTS: dict[ActionId, tuple[str, ...]] = {ActionId.START_PAUSE: tuple(_START_PAUSE_TEXT.values())}


def create_actions(parent: QObject) -> dict[ActionId, QAction]:
    actions = {}
    for action_id, (text, shortcuts, tooltip) in _SPECS.items():
        action = QAction(text, parent)
        action.setObjectName(action_id.value)
        action.setShortcuts([QKeySequence(key) for key in shortcuts])
        action.setToolTip(tooltip)
        action.setStatusTip(tooltip)
        action.setCheckable(action_id in _CHECKABLE)
        # A key held down is one press: repeated, Space toggled the session 25 times a second,
        # an arrow skipped phase after phase, and Esc ended the session it had only armed.
        action.setAutoRepeat(False)
        actions[action_id] = action
    return actions


def show_session_state(actions: dict[ActionId, QAction], state: SessionState) -> None:
    for action_id in SESSION_ACTIONS:
        actions[action_id].setEnabled(state in _ENABLED_IN[action_id])
    actions[ActionId.START_PAUSE].setText(_START_PAUSE_TEXT[state])


# The session buttons' icons, drawn in the theme's colours.
SESSION_ICONS = {
    ActionId.PREVIOUS: "previous",
    ActionId.NEXT: "next",
    ActionId.EXTEND: "extend",
    ActionId.END: "end",
}


def show_session_icons(
    actions: dict[ActionId, QAction], icons: Icons, state: SessionState, theme: Theme
) -> None:
    for action_id, name in SESSION_ICONS.items():
        actions[action_id].setIcon(icons.get(name, theme.text))
    start = "pause" if state is SessionState.RUNNING else "play"
    # The start button is amber: its icon is drawn in the background's colour, like its text.
    actions[ActionId.START_PAUSE].setIcon(icons.get(start, theme.background))


class QuitUnderDialogs(QObject):
    """Ctrl+Q heard while a dialog holds the keyboard (the resume question, a file dialog):
    Qt keeps a window's shortcuts, even an application's, from keys given to a modal dialog.
    While one is open, an event filter on the application listens for it; only then, as it
    costs a call into Python for every event Lull handles."""

    def __init__(self, quit_action: QAction, parent: QObject) -> None:
        super().__init__(parent)
        self._quit = quit_action
        application = QApplication.instance()
        assert isinstance(application, QApplication)  # a window needs one
        self._application = application
        application.focusObjectChanged.connect(self._focus_moved)

    def _focus_moved(self, _focus: object) -> None:
        QTimer.singleShot(0, self, self._listen_if_asked)  # a dialog is modal once shown

    def _listen_if_asked(self) -> None:
        if QApplication.activeModalWidget() is not None:
            self._application.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if QApplication.activeModalWidget() is None:
            self._application.removeEventFilter(self)  # safe from here, Qt says
            return False
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and QKeySequence(event.keyCombination()) in self._quit.shortcuts()
        ):
            self._quit.trigger()
            return True
        return False
