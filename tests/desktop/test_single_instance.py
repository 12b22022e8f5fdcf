"""The running Lull's listener: what a later start sends, and what a stranger might."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtNetwork import QLocalSocket
from pytestqt.qtbot import QtBot

from app.desktop.single_instance import (
    MAX_REQUEST_BYTES,
    SingleInstance,
    first_or_hand_over,
    instance_name,
    runtime_folder,
)


@pytest.fixture
def listening(qtbot: QtBot, tmp_path: Path) -> Iterator[SingleInstance]:
    claim = first_or_hand_over(tmp_path / "data", {})
    assert claim is not None  # nothing else runs for this folder
    instance = SingleInstance(claim)
    yield instance
    instance.close()


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


def test_a_request_is_answered_and_handed_on(
    qtbot: QtBot, listening: SingleInstance, tmp_path: Path
) -> None:
    server = runtime_folder() / instance_name(tmp_path / "data")
    with qtbot.waitSignal(listening.asked) as asked:
        socket = _send(json.dumps({"start": True}).encode() + b"\n", server)
    assert asked.args == [{"start": True}]
    qtbot.waitUntil(lambda: socket.bytesAvailable() > 0 or socket.waitForReadyRead(10))
    assert bytes(socket.readLine().data()) == b"ok\n"


@pytest.mark.parametrize(
    "payload",
    [b"not json\n", b"[1, 2]\n", b"\xff\xfe\n", b'"text"\n', b"x" * (MAX_REQUEST_BYTES + 10)],
)
def test_anything_else_is_refused_without_a_word_to_the_window(
    qtbot: QtBot, listening: SingleInstance, tmp_path: Path, payload: bytes
) -> None:
    server = runtime_folder() / instance_name(tmp_path / "data")
    asked: list[dict[str, object]] = []
    listening.asked.connect(asked.append)
    socket = _send(payload, server)
    qtbot.waitUntil(lambda: socket.state() == QLocalSocket.LocalSocketState.UnconnectedState)
    assert asked == []
    # and it still listens: the next good request comes through
    with qtbot.waitSignal(listening.asked):
        _send(b"{}\n", server)
