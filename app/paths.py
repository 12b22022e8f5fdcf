"""Where Lull finds its assets and keeps the user's data."""

from __future__ import annotations

import importlib.resources
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "lull"


def find_assets_dir() -> Path:
    """The assets folder: inside the package when installed (the wheel carries it as
    app/assets), beside the package in a source checkout."""
    package = importlib.resources.files("app")
    checkout = Path(str(package)).resolve().parent / "assets"
    for candidate in (package / "assets", checkout):
        if isinstance(candidate, Path) and candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"Lull's assets folder is missing (looked in {package})")


@dataclass(frozen=True)
class AppPaths:
    """Every folder Lull reads or writes, decided once in main.py and passed where needed."""

    assets: Path
    config: Path
    data: Path
    state: Path
    cache: Path
    logs: Path

    @classmethod
    def from_platform(cls, data_dir: Path | None = None) -> AppPaths:
        """The XDG folders, or all of them under one folder when --data-dir is given."""
        if data_dir is not None:
            root = data_dir.resolve()
            return cls(
                assets=find_assets_dir(),
                config=root / "config",
                data=root / "data",
                state=root / "state",
                cache=root / "cache",
                logs=root / "logs",
            )
        return cls(
            assets=find_assets_dir(),
            config=Path(platformdirs.user_config_dir(APP_NAME)),
            data=Path(platformdirs.user_data_dir(APP_NAME)),
            state=Path(platformdirs.user_state_dir(APP_NAME)),
            cache=Path(platformdirs.user_cache_dir(APP_NAME)),
            logs=Path(platformdirs.user_log_dir(APP_NAME)),
        )

    @property
    def audio_assets(self) -> Path:
        return self.assets / "audio"

    @property
    def icons(self) -> Path:
        return self.assets / "icons"
