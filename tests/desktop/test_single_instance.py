"""The running Lull's listener: what a later start sends, and what a stranger might."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtNetwork import QLocalSocket
from pytestqt.qtbot import QtBot

from app.cli import UsageError, build_parser
from app.desktop.single_instance import (
    CONNECTIONS,
    MAX_REQUEST_BYTES,
    SILENT_MS,
    Claim,
    SingleInstance,
    first_or_hand_over,
    instance_name,
    runtime_folder,
)
from app.later_start import later_start_arguments


class Window:
    """What answers a later start in the window: what it was asked, and what it could not do."""

    def __init__(self) -> None:
        self.asked: list[dict[str, object]] = []
        self.cannot: str | None = None

    def answer(self, request: dict[str, object]) -> str | None:
        self.asked.append(request)
        return self.cannot


@pytest.fixture
def window() -> Window:
    return Window()


@pytest.fixture
def listening(qtbot: QtBot, tmp_path: Path, window: Window) -> Iterator[SingleInstance]:
    claim = first_or_hand_over(tmp_path / "data", {})
    assert isinstance(claim, Claim)  # nothing else runs for this folder
    instance = SingleInstance(claim, window.answer)
    yield instance
    instance.close()


def _answer(qtbot: QtBot, socket: QLocalSocket) -> bytes:
    qtbot.waitUntil(lambda: socket.canReadLine() or socket.waitForReadyRead(10))
    return bytes(socket.readLine().data())


def _send(payload: bytes, server: Path) -> QLocalSocket:
    socket = QLocalSocket()
    socket.connectToServer(str(server))
    assert socket.waitForConnected(2000)
    socket.write(payload)
    socket.flush()
    return socket


def test_the_socket_and_lock_are_in_the_runtime_folder_named_by_the_data_folder(
    tmp_path: Path,
) -> None:
    assert runtime_folder() == Path(os.environ["XDG_RUNTIME_DIR"])
    assert instance_name(tmp_path / "a") != instance_name(tmp_path / "b")
    assert instance_name(tmp_path / "a") == instance_name(tmp_path / "x" / ".." / "a")


def test_a_request_is_handed_on_and_answered(
    qtbot: QtBot, listening: SingleInstance, tmp_path: Path, window: Window
) -> None:
    server = runtime_folder() / instance_name(tmp_path / "data")
    socket = _send(json.dumps({"start": True}).encode() + b"\n", server)
    assert _answer(qtbot, socket) == b"ok\n"
    assert window.asked == [{"start": True}]


def test_what_the_window_could_not_do_is_the_answer(
    qtbot: QtBot, listening: SingleInstance, tmp_path: Path, window: Window
) -> None:
    window.cannot = "there is no sound called 'nope'"
    server = runtime_folder() / instance_name(tmp_path / "data")
    socket = _send(b'{"sounds": "nope"}\n', server)
    assert _answer(qtbot, socket) == b"refused \"there is no sound called 'nope'\"\n"


@pytest.mark.parametrize(
    "payload",
    [b"not json\n", b"[1, 2]\n", b"\xff\xfe\n", b'"text"\n', b"x" * (MAX_REQUEST_BYTES + 10)],
)
def test_anything_else_is_refused_without_a_word_to_the_window(
    qtbot: QtBot, listening: SingleInstance, tmp_path: Path, window: Window, payload: bytes
) -> None:
    server = runtime_folder() / instance_name(tmp_path / "data")
    socket = _send(payload, server)
    qtbot.waitUntil(lambda: socket.state() == QLocalSocket.LocalSocketState.UnconnectedState)
    assert window.asked == []
    # and it still listens: the next good request comes through
    assert _answer(qtbot, _send(b"{}\n", server)) == b"ok\n"
    assert window.asked == [{}]


def test_idle_connections_are_closed_and_a_later_start_still_gets_through(
    qtbot: QtBot, listening: SingleInstance, tmp_path: Path, window: Window
) -> None:
    server = runtime_folder() / instance_name(tmp_path / "data")
    idle = [_send(b"", server) for _ in range(CONNECTIONS + 4)]  # say nothing, and stay
    qtbot.waitUntil(
        lambda: all(s.state() == QLocalSocket.LocalSocketState.UnconnectedState for s in idle),
        timeout=SILENT_MS + 2000,
    )
    assert _answer(qtbot, _send(b'{"start": true}\n', server)) == b"ok\n"
    assert window.asked == [{"start": True}]


def test_a_data_folder_in_a_loop_of_links_still_has_a_name(tmp_path: Path) -> None:
    """Its files say what is wrong with it, in their own words: the name must not fail first."""
    (tmp_path / "data").symlink_to(tmp_path / "data")
    assert instance_name(tmp_path / "data").startswith("lull-")


def test_a_data_folder_whose_name_is_not_utf8_has_a_name_of_its_own(tmp_path: Path) -> None:
    odd = Path(os.fsdecode(os.fsencode(tmp_path) + b"/d\xe9ta"))  # Latin-1, as old disks have
    assert instance_name(odd) != instance_name(tmp_path / "data")


def test_a_number_too_big_for_any_session_reaches_the_window_as_it_was_sent(
    qtbot: QtBot, listening: SingleInstance, tmp_path: Path, window: Window
) -> None:
    """It is refused there as its command line would be, not lost to an overflow on the way."""
    server = runtime_folder() / instance_name(tmp_path / "data")
    huge = 10**29
    assert _answer(qtbot, _send(json.dumps({"minutes": huge}).encode() + b"\n", server)) == b"ok\n"
    assert window.asked == [{"minutes": huge}]


def test_a_shared_fallback_folder_someone_else_made_is_never_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # as TMPDIR would say
    squatted = tmp_path / f"lull-{os.getuid()}"
    squatted.mkdir(mode=0o777)
    squatted.chmod(0o777)  # open to everyone: another user could listen there in Lull's place
    with pytest.raises(PermissionError):
        runtime_folder()
    squatted.chmod(0o700)
    assert runtime_folder() == squatted


@pytest.mark.parametrize(
    "request_",
    [
        {"minutes": 10**20},
        {"minutes": -5},
        {"minutes": True},
        {"plan": ["classic"]},
        {"sounds": {"river": 1}},
    ],
)
def test_a_request_no_command_line_could_make_is_refused(request_: dict[str, object]) -> None:
    with pytest.raises(UsageError):
        build_parser().parse_args(later_start_arguments(request_))


def test_a_request_is_read_as_its_command_line() -> None:
    asked = build_parser().parse_args(
        later_start_arguments({"plan": "deep", "minutes": 20, "sounds": "rain", "start": True})
    )
    assert (asked.plan, asked.minutes, asked.sounds, asked.start) == ("deep", 20, "rain", True)
