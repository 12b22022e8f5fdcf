"""The user's preferences and the window's remembered state: read at start, kept as they change."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from app.core.settings import Settings, UiState, from_dict, to_dict
from app.core.store import JsonFile, StoreError
from app.paths import AppPaths

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

log = logging.getLogger(__name__)


@dataclass
class UserFiles:
    settings_file: JsonFile
    state_file: JsonFile
    settings: Settings
    state: UiState
    problems: list[str]

    @classmethod
    def open(cls, paths: AppPaths) -> UserFiles:
        settings_file = JsonFile(paths.config / "settings.json")
        state_file = JsonFile(paths.state / "state.json")
        loaded_settings, loaded_state = settings_file.load(), state_file.load()
        return cls(
            settings_file,
            state_file,
            from_dict(Settings, loaded_settings.data),
            from_dict(UiState, loaded_state.data),
            [p for p in (loaded_settings.problem, loaded_state.problem) if p],
        )

    def keep_theme(self, window: MainWindow) -> None:
        """Save the theme as soon as it is chosen."""

        def save_theme(chosen: str) -> None:
            self.settings = replace(self.settings, theme=chosen)
            try:
                self.settings_file.save(to_dict(self.settings))
            except StoreError as error:
                window.statusBar().showMessage(str(error))

        window.themeChosen.connect(save_theme)

    def save_state(self, window: MainWindow) -> None:
        """Remember the window, the panels, the volume and the mixes for next time."""
        try:
            self.state_file.save(to_dict(window.ui_state()))
        except StoreError as error:
            log.warning("%s", error)
