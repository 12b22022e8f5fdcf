"""Shared test set-up: every test runs with its own empty XDG folders and a fake clock."""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys
import tempfile
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fake_clock import FakeClock
from hypothesis import settings
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer

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


@pytest.fixture(autouse=True)
def no_timer_left_running() -> Iterator[None]:
    """A test leaves no Qt timer of its own running: one left behind fires in later tests, into
    objects those tests never made (a session left ticking after its window was deleted). Set up
    first, so checked last: after every other fixture has let go of what it made. The timers
    QTimer.singleShot makes are not counted: each fires once, and not at all once its context
    object is gone."""
    made: weakref.WeakSet[QTimer] = weakref.WeakSet()
    init, single_shot = QTimer.__init__, QTimer.singleShot
    in_single_shot = False

    def noted(timer: QTimer, *args: Any, **kwargs: Any) -> None:
        init(timer, *args, **kwargs)
        if not in_single_shot:
            made.add(timer)

    def once(*args: Any, **kwargs: Any) -> None:
        nonlocal in_single_shot
        in_single_shot = True
        try:
            single_shot(*args, **kwargs)
        finally:
            in_single_shot = False

    QTimer.__init__ = noted  # type: ignore[method-assign]
    QTimer.singleShot = once  # type: ignore[method-assign]
    try:
        yield
    finally:
        QTimer.__init__, QTimer.singleShot = init, single_shot  # type: ignore[method-assign]
    # The widgets pytest-qt closed with deleteLater(), deleted now: outside an event loop Qt
    # defers that to the next one, which is a later test's.
    if QCoreApplication.instance() is not None:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        # What Python still owns (a dialog, a menu made without a parent) goes now too: left to
        # the collector, it would be deleted whenever Python ran next, perhaps in a slot Qt calls
        # while it walks every widget (restyling them all), which then finds it gone. What
        # outlives the test is frozen, so that each test's collection looks at its own objects.
        gc.collect()
        gc.freeze()
    running = [_owner(timer) for timer in list(made) if _running(timer)]
    assert not running, f"Qt timers left running by this test, owned by: {', '.join(running)}"


def _running(timer: QTimer) -> bool:
    try:
        return timer.isActive()
    except RuntimeError:  # deleted, with what owned it
        return False


def _owner(timer: QTimer) -> str:
    parent = timer.parent()
    return type(parent).__name__ if parent is not None else "nothing"


@pytest.fixture
def keeper(qapp: QCoreApplication) -> Iterator[QObject]:
    """The parent of what a test makes outside a window (a session, a voice): deleted, with its
    children and their timers, when the test ends."""
    keeper = QObject()
    yield keeper
    keeper.deleteLater()  # done by no_timer_left_running, which is torn down after


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


def lull_unprivileged(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """`lull ARGS` run as a user without root's rights, stdin closed: what it said, and how."""
    return subprocess.run(
        [*unprivileged(), sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        env=env,
        cwd=cwd,
    )


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder an unprivileged user can reach (pytest's own are root's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="lull-shared-"))
    folder.chmod(0o777)
    yield folder
    shutil.rmtree(folder)
