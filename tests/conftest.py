"""Shared test set-up: every test runs with its own empty XDG folders and a fake clock."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_clock import FakeClock
from hypothesis import settings

# Hypothesis's per-example deadline measures wall time, which a busy two-core machine stretches;
# the properties themselves do not depend on speed.
settings.register_profile("lull", deadline=None, print_blob=True)
settings.load_profile("lull")

# Widget tests draw offscreen, whatever display the developer has; e2e tests start their own.
os.environ["QT_QPA_PLATFORM"] = "offscreen"

TESTS = Path(__file__).parent


# The tests that listen to the real mixer against the wall clock, or drive the real app on its
# display: `make test` runs these alone, after the rest has run two at a time, so that no other
# test takes the CPU they are timed on. A test elsewhere that is timed so is marked `alone`.
ALONE = (("e2e",), ("unit", "audio"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        folder = item.path.relative_to(TESTS).parts[0]
        if folder in ("ui", "e2e"):
            item.add_marker(folder)
        if any(item.path.relative_to(TESTS).parts[: len(place)] == place for place in ALONE):
            item.add_marker("alone")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """No test reads or writes the real user's settings, data or runtime folders."""
    home = tmp_path_factory.mktemp("home")
    for variable, folder in {
        "HOME": "",
        "XDG_CONFIG_HOME": ".config",
        "XDG_DATA_HOME": ".local/share",
        "XDG_STATE_HOME": ".local/state",
        "XDG_CACHE_HOME": ".cache",
        "XDG_RUNTIME_DIR": "run",
    }.items():
        path = home / folder
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        monkeypatch.setenv(variable, str(path))
    return home


NOBODY = 65534  # the unprivileged user every Debian system has


def unprivileged() -> list[str]:
    """The prefix that runs a command without root's right to read and write anything."""
    if os.geteuid() != 0:
        return []
    return ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder an unprivileged user can reach (pytest's own are root's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="lull-shared-"))
    folder.chmod(0o777)
    yield folder
    shutil.rmtree(folder)
