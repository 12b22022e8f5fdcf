"""A recording's spectrogram drawn by tools/spectrogram.py (the one in docs/spectrograms), as a PNG.

Needs a QGuiApplication (pytest-qt's qapp) for the labels' fonts.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from e2e.disk_output import RATE
from e2e.sound_match import Samples

TOOL = Path(__file__).resolve().parents[2] / "tools" / "spectrogram.py"
MODULE = "lull_tools_spectrogram"


def _tool() -> ModuleType:
    """tools/spectrogram.py, loaded once (tools/ is not a package); its dataclasses need it in
    sys.modules while it runs."""
    if MODULE in sys.modules:
        return sys.modules[MODULE]
    spec = importlib.util.spec_from_file_location(MODULE, TOOL)
    assert spec is not None and spec.loader is not None, f"cannot load {TOOL}"
    module = importlib.util.module_from_spec(spec)
    sys.modules[MODULE] = module
    spec.loader.exec_module(module)
    return module


def save_spectrogram(recording: Samples, path: Path, title: str) -> Path:
    """Draw `recording` ((frames, 2) floats) with its level strip underneath into `path`."""
    tool = _tool()
    columns = tool.power_columns(recording.mean(axis=1))
    pixels = tool.colourise(tool.log_rows(columns, RATE))
    path.parent.mkdir(parents=True, exist_ok=True)
    tool.draw(path, pixels, tool.column_levels(recording), len(recording) / RATE, title)
    return path
