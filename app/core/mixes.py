"""The saved mixes: named sets of sounds and volumes, each saved the moment it changes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.core.settings import UiState, from_dict
from app.core.store import JsonFile

Mix = dict[str, float]  # sound id -> volume, 0 to 1
UNUSABLE_KEY = "mixes, unusable, as found"  # where mixes Lull could not read are kept, untouched


class NameTaken(ValueError):
    """A mix of that name exists already (perhaps saved by another window)."""


class MixBook:
    """The mixes in the state file. Each change re-reads the file under its lock, so a mix saved
    by another Lull window in the meantime is kept, and a mix that could not be used is left
    on disk as it was."""

    def __init__(self, file: JsonFile, mixes: dict[str, Mix]) -> None:
        self._file = file
        self._mixes = dict(mixes)

    @property
    def folder(self) -> Path:
        """Where the mixes are kept: another window's changes show up there."""
        return self._file.path.parent

    def names(self) -> list[str]:
        return sorted(self._mixes, key=str.casefold)

    def get(self, name: str) -> Mix:
        return dict(self._mixes[name])

    def save(self, name: str, mix: Mix) -> None:
        """Keep `mix` under `name`, replacing one of that name; StoreError if it was not saved."""
        self._change(lambda mixes: mixes.__setitem__(name, dict(mix)))

    def remove(self, name: str) -> None:
        self._change(lambda mixes: mixes.pop(name, None))

    def rename(self, old: str, new: str) -> None:
        """NameTaken if another mix has the new name: renaming never replaces a mix; KeyError
        if the mix is gone (another window removed it)."""

        def move(mixes: dict[str, Any]) -> None:
            if old not in mixes:
                raise KeyError(old)  # removed by another window meanwhile
            if new in mixes and new != old:
                raise NameTaken(new)
            mixes[new] = mixes.pop(old)

        self._change(move)

    def reload(self) -> bool:
        """Read the mixes again (another Lull window may have saved one); True if they changed."""
        before = self._mixes
        self._mixes = from_dict(UiState, {"mixes": self._file.load().data.get("mixes")}, []).mixes
        return self._mixes != before

    def _change(self, change: Callable[[dict[str, Any]], object]) -> None:
        def apply(document: dict[str, Any]) -> None:
            if "mixes" in document and not isinstance(document["mixes"], dict):
                document.setdefault(UNUSABLE_KEY, document["mixes"])  # never thrown away
            if not isinstance(document.get("mixes"), dict):
                document["mixes"] = {}
            change(document["mixes"])

        document = self._file.update(apply)
        self._mixes = from_dict(UiState, {"mixes": document["mixes"]}, []).mixes
