"""A folder another Lull may change (the window and `lull sounds`, or two windows): a call back
once its files have settled, so the window shows the change without a restart."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject

from app.core.store import make_folder
from app.ui.timers import single_shot

SETTLE_MS = 300  # one save touches the folder several times (lock, temporary, rename): read once


class FolderWatch(QObject):
    def __init__(self, folder: Path, changed: Callable[[], object], parent: QObject) -> None:
        super().__init__(parent)
        self._settle = single_shot(self, changed, SETTLE_MS)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(lambda _folder: self._settle.start())
        with contextlib.suppress(OSError):  # a folder Lull cannot make is one it cannot watch
            make_folder(folder)
        if folder.is_dir():
            self._watcher.addPath(str(folder))
