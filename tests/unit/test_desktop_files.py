"""The launcher's files: the .desktop entry and the AppStream metainfo validate with the
freedesktop tools, and everything they name is shipped."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from PySide6.QtGui import QImage

from app.paths import find_assets_dir

APP_ID = "io.github.lull.Lull"
ROOT = Path(__file__).resolve().parents[2]
DESKTOP = find_assets_dir() / "desktop"


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


def test_the_desktop_entry_validates() -> None:
    checked = _run("desktop-file-validate", str(DESKTOP / f"{APP_ID}.desktop"))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout == ""  # not even a hint


def test_the_metainfo_validates() -> None:
    checked = _run("appstreamcli", "validate", "--no-net", str(DESKTOP / f"{APP_ID}.metainfo.xml"))
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_metainfo_names_what_is_shipped() -> None:
    component = ElementTree.parse(DESKTOP / f"{APP_ID}.metainfo.xml").getroot()
    assert component.findtext("id") == APP_ID
    assert component.findtext("launchable") == f"{APP_ID}.desktop"
    assert component.findtext("provides/binary") == "lull"
    for image in component.iterfind("screenshots/screenshot/image"):
        name = (image.text or "").rsplit("/", 1)[-1]
        assert (ROOT / "docs" / "screenshots" / name).is_file(), name
    release = component.find("releases/release")
    assert release is not None
    version = re.search(r'__version__ = "(.+)"', (ROOT / "app" / "__init__.py").read_text())
    assert version is not None and release.get("version") == version.group(1)


def test_the_desktop_entry_starts_lull_with_its_icon() -> None:
    entry = dict(
        line.split("=", 1)
        for line in (DESKTOP / f"{APP_ID}.desktop").read_text().splitlines()
        if "=" in line
    )
    assert entry["Exec"].split()[0] == "lull"
    assert entry["Icon"] == APP_ID


def test_the_icon_comes_in_every_size_a_launcher_asks_for() -> None:
    icons = find_assets_dir() / "icons"
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        image = QImage(str(icons / f"lull-{size}.png"))
        assert (image.width(), image.height()) == (size, size)
        assert image.hasAlphaChannel()
