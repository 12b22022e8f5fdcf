"""The layers import one way: ui -> desktop, audio, core; desktop -> audio, core; audio -> core."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

APP = Path(__file__).parents[2] / "app"

FORBIDDEN = {
    "core": ("PySide6", "pygame", "app.audio", "app.desktop", "app.ui", "app.main", "app.cli"),
    "audio": ("PySide6", "app.desktop", "app.ui", "app.main", "app.cli"),
    "desktop": ("app.ui", "app.main", "app.cli"),
    "ui": ("pygame", "app.main", "app.cli"),
}


def imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
    return modules


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_a_layer_imports_nothing_above_it(layer: str) -> None:
    offences = [
        f"{path.relative_to(APP.parent)} imports {module}"
        for path in sorted((APP / layer).glob("**/*.py"))
        for module in imported_modules(path)
        if any(module == banned or module.startswith(banned + ".") for banned in FORBIDDEN[layer])
    ]
    assert offences == []


def test_the_core_loads_without_qt_or_pygame() -> None:
    modules = [f"app.core.{path.stem}" for path in sorted((APP / "core").glob("*.py"))]
    check = (
        f"import sys; import {', '.join(modules)}; "
        "print(sorted(m for m in ('PySide6', 'pygame') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
