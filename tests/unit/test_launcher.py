"""`lull --install-desktop-entry` and `--uninstall-desktop-entry`, through the real command line,
into a data folder of the test's own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import unprivileged

from app.desktop.launcher import APP_ID, _exec_argument, launcher_files
from app.main import main
from app.paths import find_assets_dir

LULL = Path(sys.executable).parent / "lull"


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "share"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    return home


def test_install_puts_the_entry_icons_and_metainfo_where_the_desktop_looks(
    data_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--install-desktop-entry"]) == 0
    entry = data_home / "applications" / f"{APP_ID}.desktop"
    assert str(entry) in capsys.readouterr().out
    for placed in launcher_files(find_assets_dir(), data_home):
        assert placed.target.is_file(), placed.target
        if placed.target.suffix != ".desktop":
            assert placed.target.read_bytes() == placed.source.read_bytes()
    assert (data_home / "icons/hicolor/48x48/apps" / f"{APP_ID}.png").is_file()
    assert (data_home / "icons/hicolor/scalable/apps" / f"{APP_ID}.svg").is_file()
    checked = subprocess.run(
        ["desktop-file-validate", str(entry)], capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0 and checked.stdout == "", checked.stdout
    exec_line = next(line for line in entry.read_text().splitlines() if line.startswith("Exec="))
    program = exec_line.removeprefix("Exec=").split()[0]
    assert os.access(program, os.X_OK), exec_line  # this very Lull, by its full path


def test_uninstall_takes_out_only_what_install_put_in(
    data_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = data_home / "applications" / "someone-else.desktop"
    other.parent.mkdir(parents=True)
    other.write_text("[Desktop Entry]\n")
    assert main(["--install-desktop-entry"]) == 0
    assert main(["--uninstall-desktop-entry"]) == 0
    assert "11 files removed" in capsys.readouterr().out
    assert [path for path in data_home.rglob("*") if path.is_file()] == [other]
    assert main(["--uninstall-desktop-entry"]) == 0  # again: nothing there, and that is fine
    assert "it was not there" in capsys.readouterr().out


def install_unprivileged(share: Path) -> subprocess.CompletedProcess[str]:
    """`lull --install-desktop-entry` as user nobody, into `share`."""
    return subprocess.run(
        [*unprivileged(), str(LULL), "--install-desktop-entry"],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "XDG_DATA_HOME": str(share)},
    )


def test_a_failure_half_way_leaves_nothing_installed(shared_folder: Path) -> None:
    share = shared_folder / "share"
    icons = share / "icons" / "hicolor"
    icons.mkdir(parents=True)
    for folder in (share, share / "icons", icons):
        folder.chmod(0o777)
    icons.chmod(0o555)  # the entry and the metainfo could go in; the icons cannot
    done = install_unprivileged(share)
    assert done.returncode == 1 and "could not write" in done.stderr
    assert [path for path in share.rglob("*") if path.is_file()] == []


def test_a_folder_it_cannot_write_is_one_line_and_exit_1(shared_folder: Path) -> None:
    applications = shared_folder / "share" / "applications"
    applications.mkdir(parents=True)
    shared_folder.joinpath("share").chmod(0o777)
    applications.chmod(0o555)  # nobody (and the test, when not root) may not write here
    done = install_unprivileged(shared_folder / "share")
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == (
        f"lull: could not write {applications / (APP_ID + '.desktop')}: "
        "Lull is not allowed to write there\n"
    )
    assert list(applications.iterdir()) == []


@pytest.mark.parametrize(
    ("argument", "held"),
    [
        ("/opt/lull/bin/lull", "/opt/lull/bin/lull"),
        ("/home/sam/my apps/lull", '"/home/sam/my apps/lull"'),
        ('/tmp/a"b$c', '"/tmp/a\\\\"b\\\\$c"'),
        ("/opt/100%/lull", "/opt/100%%/lull"),
        ("/opt/p %f/lull", '"/opt/p %%f/lull"'),
    ],
)
def test_an_exec_argument_is_quoted_as_the_specification_says(argument: str, held: str) -> None:
    assert _exec_argument(argument) == held
