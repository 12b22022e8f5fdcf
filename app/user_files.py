"""The user's preferences, the window's remembered state and the saved mixes, read at start."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from app.core.mixes import MixBook
from app.core.settings import Settings, UiState, from_dict, to_dict
from app.core.store import JsonFile
from app.paths import AppPaths

SETTINGS_NAME = "settings.json"
STATE_NAME = "state.json"


@dataclass
class UserFiles:
    settings_file: JsonFile
    state_file: JsonFile
    settings: Settings
    state: UiState
    mixes: MixBook
    problems: list[str]  # what the user should know about their files, in plain words

    @classmethod
    def open(cls, paths: AppPaths) -> UserFiles:
        settings_file = JsonFile(paths.config / SETTINGS_NAME, title="your settings")
        state_file = JsonFile(paths.state / STATE_NAME, title="what Lull remembers")
        loaded_settings, loaded_state = settings_file.load(), state_file.load()
        problems = [*loaded_settings.problems, *loaded_state.problems]
        notes: list[str] = []
        settings = from_dict(Settings, loaded_settings.data, notes)
        problems += [f"In {SETTINGS_NAME}, {note}." for note in notes]
        notes.clear()
        state = from_dict(UiState, loaded_state.data, notes)
        problems += [f"In {STATE_NAME}, {note}." for note in notes]
        return cls(
            settings_file, state_file, settings, state, MixBook(state_file, state.mixes), problems
        )

    def choose_theme(self, theme: str) -> None:
        """Save the theme alone: the file's other keys, known or not, stay as they are.

        StoreError says why it was not saved."""
        self.settings = replace(self.settings, theme=theme)
        self.settings_file.update(lambda document: document.__setitem__("theme", theme))

    def remember(self, state: UiState) -> None:
        """Keep the window, the panels and the volume for next time; the mixes are saved as they
        change, by the MixBook, so a window that quits never writes over another's mixes."""
        values = to_dict(state)
        kept = {f.name: values[f.name] for f in fields(UiState) if f.name != "mixes"}
        self.state = state
        self.state_file.update(lambda document: document.update(kept))
