"""A bug in a slot: logged with its traceback to a private file, told calmly, and Lull runs on."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.main import log_to_file, tell_of_bug
from app.ui.bug_notice import BugNotice
from app.ui.main_window import MainWindow


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    before = list(logging.getLogger().handlers), logging.getLogger().level
    path = log_to_file(tmp_path / "logs")
    assert path is not None
    yield path
    for handler in set(logging.getLogger().handlers) - set(before[0]):
        handler.close()
        logging.getLogger().removeHandler(handler)
    logging.getLogger().setLevel(before[1])


def test_a_bug_is_logged_to_a_private_file_and_told_once(
    window: MainWindow, log_file: Path
) -> None:
    notice = BugNotice(window, log_file)
    try:
        raise ZeroDivisionError("a slot divided by zero")
    except ZeroDivisionError as error:
        tell_of_bug(notice, ZeroDivisionError, error, error.__traceback__)
        tell_of_bug(notice, ZeroDivisionError, error, error.__traceback__)
    assert notice.isVisible()
    assert notice.text() == (
        f"Something went wrong. Lull keeps running; the details are in {log_file}."
    )
    text = log_file.read_text()
    assert "CRITICAL: unexpected error" in text
    assert "ZeroDivisionError: a slot divided by zero" in text and "Traceback" in text
    assert stat.S_IMODE(log_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(log_file.parent.stat().st_mode) == 0o700
    assert window.isVisible()
    notice.close()


def test_no_log_folder_is_no_log_file_and_no_crash(tmp_path: Path) -> None:
    (tmp_path / "logs").write_text("a file where the folder should be")
    assert log_to_file(tmp_path / "logs") is None


def test_a_fifo_as_the_log_file_is_refused_at_once_not_waited_on(tmp_path: Path) -> None:
    (tmp_path / "logs").mkdir()
    os.mkfifo(tmp_path / "logs" / "lull.log")
    assert log_to_file(tmp_path / "logs") is None  # returns: it did not wait for a writer


def test_a_log_file_linked_elsewhere_keeps_its_targets_mode(tmp_path: Path) -> None:
    target = tmp_path / "shared.log"
    target.write_text("")
    target.chmod(0o644)
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs" / "lull.log").symlink_to(target)
    before = list(logging.getLogger().handlers), logging.getLogger().level
    try:
        assert log_to_file(tmp_path / "logs") is not None
        assert stat.S_IMODE(target.stat().st_mode) == 0o644
    finally:
        for handler in set(logging.getLogger().handlers) - set(before[0]):
            handler.close()
            logging.getLogger().removeHandler(handler)
        logging.getLogger().setLevel(before[1])
