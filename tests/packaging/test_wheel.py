"""A plain `pip install` of the wheel gives a working Lull: the built-in sounds, icons and desktop
files travel inside it and are found there, from outside the source tree."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run(*command: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _site(environment: Path) -> Path:
    """Where a venv keeps its packages."""
    python = environment / "bin" / "python"
    code = "import sysconfig; print(sysconfig.get_path('purelib'))"
    return Path(_run(python, "-c", code, cwd=environment).strip())


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from this checkout, installed (not editable) into a fresh venv; its
    dependencies come from the test's own environment, so nothing is downloaded."""
    where = tmp_path_factory.mktemp("wheel")
    _run(
        sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
        "--wheel-dir", where / "dist", ROOT, cwd=where,
    )  # fmt: skip
    (wheel,) = (where / "dist").glob("lull-*.whl")
    target = where / "venv"
    venv.create(target, with_pip=False)
    python = target / "bin" / "python"
    _run(
        sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps",
        "--no-index", wheel, cwd=where,
    )  # fmt: skip
    # Only the dependencies' folder, as a plain path: its own .pth files (among them this
    # checkout's editable install) are not read, so `app` can come from the wheel alone.
    (_site(target) / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    return target


def test_the_wheel_carries_every_asset_the_checkout_has(installed: Path) -> None:
    (wheel,) = installed.parent.glob("dist/lull-*.whl")
    inside = set(zipfile.ZipFile(wheel).namelist())
    shipped = {
        f"app/assets/{path.relative_to(ROOT / 'assets')}"
        for path in (ROOT / "assets").rglob("*")
        if path.is_file()
    }
    assert shipped <= inside, sorted(shipped - inside)[:5]
    assert "app/assets/audio/catalog.json" in inside
    assert "app/assets/desktop/io.github.lull.Lull.desktop" in inside


def test_lull_runs_from_the_install_with_its_assets_inside(installed: Path, tmp_path: Path) -> None:
    lull = installed / "bin" / "lull"
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    version = _run(lull, "--version", cwd=outside)
    assert version.startswith("lull ")
    where = _run(
        installed / "bin" / "python", "-c", "import app; print(app.__file__)", cwd=outside
    ).strip()
    assert Path(where).is_relative_to(installed), where  # the wheel's, not the checkout's
    sounds = json.loads(
        _run(lull, "--data-dir", tmp_path / "data", "sounds", "--json", cwd=outside)
    )
    built_in = [sound for sound in sounds if sound["kind"] == "built-in"]
    assert {"river", "chime-phase"} <= {sound["id"] for sound in built_in}
    for sound in built_in:
        assert Path(sound["path"]).is_relative_to(installed), sound["path"]
        assert Path(sound["path"]).is_file()
    env = {**os.environ, "SDL_AUDIODRIVER": "dummy"}
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    report = _run(lull, "--data-dir", tmp_path / "data", "doctor", cwd=outside, env=env)
    assets = next(line for line in report.splitlines() if line.startswith("assets"))
    assert " ok " in assets, report


def test_doctor_says_a_damaged_install_is_broken_and_exits_1(
    installed: Path, tmp_path: Path
) -> None:
    """Last in this module: it damages the install the others use."""
    site = _site(installed)
    (site / "app" / "assets" / "audio" / "rain.ogg").write_bytes(b"OggS" + bytes(4000))
    (site / "app" / "assets" / "desktop" / "io.github.lull.Lull.desktop").unlink()
    env = {**os.environ, "SDL_AUDIODRIVER": "dummy"}
    done = subprocess.run(
        [str(installed / "bin" / "lull"), "--data-dir", str(tmp_path / "data"), "doctor"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert done.returncode == 1, done.stdout
    assets = next(line for line in done.stdout.splitlines() if line.startswith("assets"))
    assert "problem" in assets
    assert "rain.ogg" in assets and "desktop/io.github.lull.Lull.desktop" in assets
