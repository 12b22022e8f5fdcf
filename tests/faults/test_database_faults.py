"""lull.db under the worst of luck: killed mid-write again and again, a folder it may not write,
two Lulls writing at once. Each case checks that what was saved is whole and nothing is lost."""

from __future__ import annotations

import json
import os
import random
import signal
import stat
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import NOBODY, unprivileged

from app.core.database import DATABASE_NAME, Database
from app.core.history import History
from app.core.people import PeopleBook, Person
from app.core.plan import built_in_plan

KILLS = 200
PHASES = len(built_in_plan("classic").phases)

# Records sessions for ever, as a session run by the window would: every phase change, check-in
# and checkpoint its own call. Now and then the session is for a guest removed afterwards, so
# that some kills land in a deletion and its VACUUM.
RECORDER = """
import os, sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from app.core.database import Database
from app.core.events import CheckinAnswer, Pressure
from app.core.history import History
from app.core.people import PeopleBook, Person
from app.core.plan import Area, built_in_plan

database = Database.open(Path(sys.argv[1]))
assert not database.problems, database.problems
history, book = History(database), PeopleBook(database)
(sam,) = [person for person in book.list() if person.name == "Sam"]
plan = built_in_plan("classic")
moment = datetime(2026, 3, 1, tzinfo=UTC)
print("recording", flush=True)
turn = 0
while True:
    turn += 1
    person = book.save(Person(f"Guest {os.getpid()} {turn}")) if turn % 4 == 0 else sam
    session = history.begin(plan, person.id, moment)
    lengths = [float(phase.seconds) for phase in plan.phases]
    given = [0.0] * len(lengths)
    for index in range(len(lengths)):
        lengths[index] += 60 if index % 3 == 1 else 0
        given[index] = lengths[index] if index % 4 else lengths[index] / 2
        history.phases_given(session, given, lengths)
        answer = CheckinAnswer(60.0 * index, Pressure.FIRMER, frozenset({Area.NECK}))
        history.checkin(session, answer)
        history.checkpoint(session, {"index": index, "given": given}, moment)
    history.finish(session, moment + timedelta(minutes=30), completed=True)
    history.rate(session, turn % 11, "fine")
    if person is not sam:
        book.delete(person.id)
"""


def rows(database: Database, query: str) -> list[tuple[Any, ...]]:
    with database.reading() as sql:
        return [tuple(row) for row in sql.execute(query)]


def assert_whole(path: Path) -> tuple[int, int]:
    """Check the database as a killed recorder left it; how many sessions ended and did not."""
    database = Database.open(path)
    assert database.problems == ()
    assert rows(database, "PRAGMA integrity_check") == [("ok",)]
    assert rows(database, "PRAGMA foreign_key_check") == []
    assert (
        rows(database, "SELECT id FROM checkins WHERE session_id NOT IN (SELECT id FROM sessions)")
        == []
    )
    # A session is there with all its phases, or not at all.
    assert (
        rows(
            database,
            "SELECT id FROM sessions s "
            f"WHERE (SELECT count(*) FROM phases WHERE session_id = s.id) != {PHASES}",
        )
        == []
    )
    assert (
        rows(database, "SELECT * FROM phases WHERE given > length OR length > planned + 60") == []
    )
    # Each call is whole: a phase's given time and its check-in come one call apart, no more.
    for session_id, ended, phases_given, checkins in rows(
        database,
        "SELECT id, ended, (SELECT count(*) FROM phases WHERE session_id = s.id AND given > 0), "
        "(SELECT count(*) FROM checkins WHERE session_id = s.id) FROM sessions s",
    ):
        assert checkins <= phases_given <= checkins + 1, session_id
        if ended is not None:
            assert phases_given == checkins == PHASES, session_id
    assert (
        rows(
            database,
            "SELECT session_id FROM checkpoints JOIN sessions ON id = session_id "
            "WHERE ended IS NOT NULL",
        )
        == []
    )
    assert (
        rows(database, "SELECT id FROM sessions WHERE relief IS NOT NULL AND ended IS NULL") == []
    )
    unfinished = History(database).unfinished()
    if unfinished is not None:
        record, snapshot = unfinished
        assert record.ended is None and 0 <= snapshot["index"] < PHASES
    ((ended, running),) = rows(
        database, "SELECT count(ended), count(*) - count(ended) FROM sessions"
    )
    database.close()
    return int(ended), int(running)


@pytest.mark.alone  # where the kills land depends on the CPU: another test beside it moved them
def test_two_hundred_kills_while_recording_leave_every_session_whole(tmp_path: Path) -> None:
    path = tmp_path / "data" / DATABASE_NAME
    database = Database.open(path)
    PeopleBook(database).save(Person("Sam"))
    database.close()
    chance = random.Random(17)
    for _ in range(KILLS):
        recorder = subprocess.Popen(
            [sys.executable, "-c", RECORDER, str(path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert recorder.stdout is not None and recorder.stderr is not None
        if chance.random() < 0.9:  # most kills while recording, some while opening
            assert recorder.stdout.readline() == "recording\n", recorder.stderr.read()
        time.sleep(chance.uniform(0, 0.03))  # the moment of the kill, not a wait for a result
        recorder.send_signal(signal.SIGKILL)
        assert recorder.wait() == -signal.SIGKILL, recorder.stderr.read()
        recorder.stdout.close()
        recorder.stderr.close()
        ended, running = assert_whole(path)
    assert ended > KILLS and running > KILLS / 4


OPENER = """
import json, sys
from pathlib import Path
from app.core.database import Database
from app.core.people import PeopleBook, Person

database = Database.open(Path(sys.argv[1]))
book = PeopleBook(database)
book.save(Person("Sam"))
print(json.dumps({
    "kept": database.path is not None,
    "problems": database.problems,
    "people": [person.name for person in book.list()],
}))
"""


def as_lulls_user(path: Path) -> None:
    """Give `path` to the user a child runs as: nobody, when these tests run as root."""
    if os.geteuid() == 0:
        os.chown(path, NOBODY, NOBODY)


def open_as_someone_else(path: Path) -> dict[str, object]:
    done = subprocess.run(
        [*unprivileged(), sys.executable, "-c", OPENER, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    opened = json.loads(done.stdout)
    assert isinstance(opened, dict)
    return opened


IN_MEMORY = {
    "kept": False,
    "problems": [
        "Your history could not be opened (Lull is not allowed to write there), "
        "so Lull will not remember this session."
    ],
    "people": ["Sam"],
}


def test_in_a_folder_it_may_not_write_lull_runs_with_its_history_in_memory(
    shared_folder: Path,
) -> None:
    folder = shared_folder / "data"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        assert open_as_someone_else(folder / DATABASE_NAME) == IN_MEMORY
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_in_its_own_folder_made_read_only_lull_keeps_it_read_only_and_its_history_in_memory(
    shared_folder: Path,
) -> None:
    folder = shared_folder / "data"
    folder.mkdir()
    as_lulls_user(folder)
    folder.chmod(0o555)
    try:
        assert open_as_someone_else(folder / DATABASE_NAME) == IN_MEMORY
        assert list(folder.iterdir()) == []
        assert not stat.S_IMODE(folder.stat().st_mode) & 0o222
    finally:
        folder.chmod(0o755)


def test_a_damaged_database_in_a_folder_it_may_not_write_is_left_as_it_is(
    shared_folder: Path,
) -> None:
    folder = shared_folder / "data"
    folder.mkdir()
    damaged = folder / DATABASE_NAME
    damaged.write_bytes(b"not a database" * 1000)
    damaged.chmod(0o644)
    folder.chmod(0o555)
    try:
        assert open_as_someone_else(damaged) == {
            **IN_MEMORY,
            "problems": [
                "Your history could not be opened (the file is not a database), "
                "so Lull will not remember this session."
            ],
        }
        assert [p.name for p in folder.iterdir()] == [DATABASE_NAME]
        assert damaged.read_bytes() == b"not a database" * 1000
    finally:
        folder.chmod(0o755)


READER = """
import json, sys
from pathlib import Path
from app.core.database import Database, DatabaseError
from app.core.history import History
from app.core.people import PeopleBook, Person

database = Database.open(Path(sys.argv[1]))
book = PeopleBook(database)
try:
    book.save(Person("Bea"))
    saved = "saved"
except DatabaseError as error:
    saved = str(error)
print(json.dumps({
    "kept": database.path is not None,
    "problems": database.problems,
    "people": [person.name for person in book.list()],
    "sessions": len(History(database).sessions()),
    "saved": saved,
}))
"""


def read_as_someone_else(path: Path) -> dict[str, object]:
    done = subprocess.run(
        [*unprivileged(), sys.executable, "-c", READER, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    read = json.loads(done.stdout)
    assert isinstance(read, dict)
    return read


def sam_and_a_session(path: Path) -> None:
    database = Database.open(path)
    sam = PeopleBook(database).save(Person("Sam"))
    History(database).begin(built_in_plan("classic"), sam.id, datetime(2026, 3, 1, tzinfo=UTC))
    database.close()


def only_read(because: str) -> dict[str, object]:
    return {
        "kept": True,
        "problems": [f"Your history is only read: {because}."],
        "people": ["Sam"],
        "sessions": 1,
        "saved": f"your history could not be saved: {because}",
    }


@pytest.mark.parametrize("mode", [0o444, 0o400])
def test_a_database_it_may_not_write_is_read_and_nothing_written(
    shared_folder: Path, mode: int
) -> None:
    folder = shared_folder / "data"
    path = folder / DATABASE_NAME
    sam_and_a_session(path)
    as_lulls_user(folder)
    as_lulls_user(path)
    path.chmod(mode)
    before = sorted(folder.iterdir())
    assert read_as_someone_else(path) == only_read("the file is read-only")
    assert sorted(folder.iterdir()) == before
    assert stat.S_IMODE(path.stat().st_mode) == mode


def test_a_database_in_a_folder_it_may_not_write_is_read_and_nothing_written(
    shared_folder: Path,
) -> None:
    folder = shared_folder / "data"
    path = folder / DATABASE_NAME
    sam_and_a_session(path)
    path.chmod(0o666)
    folder.chmod(0o555)
    before = sorted(folder.iterdir())
    try:
        assert read_as_someone_else(path) == only_read("the folder is read-only")
        assert sorted(folder.iterdir()) == before
    finally:
        folder.chmod(0o755)


WRITER = """
import sys
from datetime import UTC, datetime
from pathlib import Path
from app.core.database import Database
from app.core.events import CheckinAnswer, Pressure
from app.core.history import History
from app.core.people import PeopleBook, Person
from app.core.plan import built_in_plan

database = Database.open(Path(sys.argv[1]))
history, book = History(database), PeopleBook(database)
plan = built_in_plan("shoulders-neck")
moment = datetime(2026, 3, 1, tzinfo=UTC)
print("ready", flush=True)
sys.stdin.readline()
for n in range(int(sys.argv[3])):
    session = history.begin(plan, None, moment)
    history.checkin(session, CheckinAnswer(float(n), Pressure.JUST_RIGHT))
    history.finish(session, moment, completed=True)
    if n % 10 == 0:
        book.save(Person(f"{sys.argv[2]} {n}"))
        history.sessions(limit=5)
"""


def test_two_lulls_writing_at_once_both_keep_everything(tmp_path: Path) -> None:
    path = tmp_path / "data" / DATABASE_NAME
    Database.open(path).close()
    each = 400
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), name, str(each)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("first", "second")
    ]
    for writer in writers:
        assert writer.stdout is not None and writer.stdout.readline() == "ready\n"
    for writer in writers:
        assert writer.stdin is not None
        writer.stdin.write("go\n")
        writer.stdin.flush()
    for writer in writers:
        _, errors = writer.communicate(timeout=60)
        assert writer.returncode == 0 and errors == "", errors
    database = Database.open(path)
    assert rows(database, "SELECT count(*) FROM sessions WHERE ended IS NOT NULL") == [(2 * each,)]
    assert rows(database, "SELECT count(DISTINCT session_id) FROM checkins") == [(2 * each,)]
    assert rows(database, "SELECT count(*) FROM people") == [(2 * each // 10,)]
    database.close()
