"""Each command's action is enabled exactly in the session states where it means something."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QObject

from app.core.session import SessionState
from app.ui.actions import SESSION_ACTIONS, ActionId, create_actions, show_session_state

ENABLED = {
    SessionState.READY: {ActionId.START_PAUSE},
    SessionState.RUNNING: set(SESSION_ACTIONS),
    SessionState.PAUSED: set(SESSION_ACTIONS),
    SessionState.FINISHED: {ActionId.START_PAUSE},
}


@pytest.mark.parametrize("state", list(SessionState))
def test_actions_are_enabled_by_session_state(qapp: object, state: SessionState) -> None:
    owner = QObject()
    actions = create_actions(owner)
    show_session_state(actions, state)
    enabled = {a for a in SESSION_ACTIONS if actions[a].isEnabled()}
    assert enabled == ENABLED[state]


def test_every_action_has_a_shortcut_and_a_tooltip(qapp: object) -> None:
    owner = QObject()
    for action in create_actions(owner).values():
        assert action.shortcuts()
        assert action.toolTip()
