"""The people flow with a real database: the history opened from the "for" menu with a
suggestion applied, the relief asked after a session, and the giver's data exported or deleted."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from ui.window_geometry import answer_file_dialog, answer_question

from app.core.database import Database
from app.core.events import CheckinAnswer, Pressure
from app.core.history import History
from app.core.people import Firmness, GoEasy, PeopleBook, Person
from app.core.plan import BUILT_IN_PLANS, Area, built_in_plan
from app.core.preparation import Preparation
from app.core.room import Checklist
from app.ui.history_view import HistoryView
from app.ui.people import PersonChooser
from app.ui.people_flow import PeopleFlow
from app.ui.relief import ReliefDialog

NOW = datetime(2026, 3, 5, 21, 0, tzinfo=UTC)
PLAN = built_in_plan("shoulders-neck")
NAME = "Ottoline Brackenridge"  # rare enough that finding it in the file's bytes means her


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    database = Database.open(tmp_path / "data" / "lull.db")
    yield database
    database.close()


@pytest.fixture
def history(database: Database) -> History:
    return History(database)


@pytest.fixture
def book(database: Database) -> PeopleBook:
    return PeopleBook(database)


@pytest.fixture
def preparation() -> Preparation:
    return Preparation(BUILT_IN_PLANS, Checklist(), chosen="classic")


@pytest.fixture
def told() -> list[str]:
    return []


@pytest.fixture
def window(qtbot: QtBot) -> QWidget:
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def chooser(window: QWidget) -> PersonChooser:
    return PersonChooser(window)


@pytest.fixture
def flow(
    window: QWidget,
    chooser: PersonChooser,
    preparation: Preparation,
    book: PeopleBook,
    history: History,
    told: list[str],
) -> PeopleFlow:
    return PeopleFlow(
        window, chooser, preparation, book, history, tell=told.append, now=lambda: NOW
    )


def give(history: History, person: Person | None, day: int, *answers: CheckinAnswer) -> int:
    """A whole session of the short plan, with these answers; its id."""
    started = NOW - timedelta(days=day)
    record = history.begin(PLAN, None if person is None else person.id, started)
    planned = [float(phase.seconds) for phase in PLAN.phases]
    history.phases_given(record, planned, planned)
    for answer in answers:
        history.checkin(record, answer)
    history.finish(record, started + timedelta(seconds=sum(planned)), completed=True)
    return record


def entry(chooser: PersonChooser, text: str) -> QAction:
    return next(action for action in chooser.menu.actions() if action.text() == text)


# --- the menu -------------------------------------------------------------------------------------


def test_the_menu_ends_with_the_givers_own_data(qtbot: QtBot, chooser: PersonChooser) -> None:
    chooser.show_people([], None)
    texts = [action.text() for action in chooser.menu.actions()]
    assert texts[texts.index("History…") :] == [
        "History…",
        "",
        "Export my data…",
        "Delete all my data…",
    ]
    with qtbot.waitSignal(chooser.exportAsked):
        entry(chooser, "Export my data…").trigger()
    with qtbot.waitSignal(chooser.forgetAllAsked):
        entry(chooser, "Delete all my data…").trigger()


# --- the history --------------------------------------------------------------------------------


def opened_history(chooser: PersonChooser, window: QWidget) -> HistoryView:
    entry(chooser, "History…").trigger()
    view = window.findChild(HistoryView)
    assert view is not None and view.isVisible()
    return view


def test_the_history_opens_on_the_person_chosen_and_lists_anyone_on_asking(
    qtbot: QtBot,
    flow: PeopleFlow,
    chooser: PersonChooser,
    window: QWidget,
    book: PeopleBook,
    history: History,
) -> None:
    sam = book.save(Person("Sam"))
    give(history, sam, 2, CheckinAnswer(100, Pressure.FIRMER))
    give(history, None, 1)
    flow.choose(sam.id)
    view = opened_history(chooser, window)
    assert view.filter.currentText() == "Sam"
    assert view.sessions.count() == 1
    assert view.tendencies.isVisible()

    view.filter.setCurrentIndex(view.filter.findData(None))
    assert view.sessions.count() == 2
    assert not view.tendencies.isVisible()
    view.close()


def test_with_no_one_chosen_the_history_is_everyones(
    flow: PeopleFlow, chooser: PersonChooser, window: QWidget
) -> None:
    chooser.show_people([], None)
    view = opened_history(chooser, window)
    assert view.filter.currentText() == "Everyone"
    assert view.empty.isVisible()
    view.close()


def test_a_suggestion_applied_is_kept_in_the_database(
    flow: PeopleFlow,
    chooser: PersonChooser,
    window: QWidget,
    book: PeopleBook,
    history: History,
    preparation: Preparation,
) -> None:
    sam = book.save(Person("Sam", firmness=Firmness.MEDIUM))
    neck = frozenset({Area.NECK})
    for day in range(3):
        give(
            history,
            sam,
            day,
            CheckinAnswer(100, Pressure.FIRMER, neck),
            CheckinAnswer(200, Pressure.FIRMER),
        )
    flow.choose(sam.id)
    view = opened_history(chooser, window)
    assert len(view.apply_buttons) == 2  # firmer, and the neck

    view.apply_buttons[0].click()
    assert sam.id is not None
    kept = book.get(sam.id)
    assert kept is not None and kept.firmness is Firmness.FIRM
    assert preparation.person == kept  # the session to come is tailored to it too
    assert len(view.apply_buttons) == 1  # done, so no longer suggested
    view.apply_buttons[0].click()
    kept = book.get(sam.id)
    assert kept is not None and kept.focus == neck and kept.firmness is Firmness.FIRM
    assert view.apply_buttons == []
    view.close()


# --- the relief a session brought ----------------------------------------------------------------


def asked_relief(flow: PeopleFlow, window: QWidget, record: int | None) -> ReliefDialog:
    flow.ask_relief(record)
    dialog = window.findChild(ReliefDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowModality() is Qt.WindowModality.NonModal  # the window goes on
    return dialog


def test_the_relief_saved_is_kept_with_its_note(
    qtbot: QtBot, flow: PeopleFlow, window: QWidget, history: History
) -> None:
    record = give(history, None, 0)
    dialog = asked_relief(flow, window, record)
    dialog.ratings.button(8).click()
    qtbot.keyClicks(dialog.note_field, "Much looser")
    dialog.save_button.click()
    (session,) = history.sessions()
    assert (session.relief, session.note) == (8, "Much looser")


def test_the_relief_skipped_keeps_nothing(
    qtbot: QtBot, flow: PeopleFlow, window: QWidget, history: History
) -> None:
    record = give(history, None, 0)
    dialog = asked_relief(flow, window, record)
    dialog.ratings.button(3).click()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    (session,) = history.sessions()
    assert (session.relief, session.note) == (None, "")


def test_a_session_not_recorded_is_not_asked_about(flow: PeopleFlow, window: QWidget) -> None:
    flow.ask_relief(None)
    assert window.findChild(ReliefDialog) is None


# --- export -------------------------------------------------------------------------------------


def test_export_writes_everyone_and_every_session_to_the_file_chosen(
    qtbot: QtBot,
    flow: PeopleFlow,
    chooser: PersonChooser,
    book: PeopleBook,
    history: History,
    told: list[str],
    tmp_path: Path,
) -> None:
    sam = book.save(Person(NAME))
    give(history, sam, 0, CheckinAnswer(100, Pressure.LIGHTER))
    target = tmp_path / "exported.json"
    suggested = answer_file_dialog(qtbot, target)
    entry(chooser, "Export my data…").trigger()

    assert [Path(path).name for path in suggested] == ["lull-data-2026-03-05.json"]
    exported = json.loads(target.read_text(encoding="utf-8"))
    assert [person["name"] for person in exported["people"]] == [NAME]
    (session,) = exported["sessions"]
    assert (session["person_name"], session["plan_id"]) == (NAME, PLAN.id)
    assert [checkin["pressure"] for checkin in session["checkins"]] == ["lighter"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # it says who has back pain
    assert told == [f"Your data was exported to {target}."]


def test_an_export_leaves_the_folder_chosen_as_it_was(
    qtbot: QtBot, flow: PeopleFlow, chooser: PersonChooser, tmp_path: Path
) -> None:
    documents = tmp_path / "Documents"
    documents.mkdir(mode=0o755)
    documents.chmod(0o755)
    answer_file_dialog(qtbot, documents / "exported.json")
    entry(chooser, "Export my data…").trigger()
    assert (documents / "exported.json").exists()
    assert stat.S_IMODE(documents.stat().st_mode) == 0o755  # the user's folder, not Lull's


def test_an_export_cancelled_writes_nothing(
    qtbot: QtBot, flow: PeopleFlow, chooser: PersonChooser, told: list[str], tmp_path: Path
) -> None:
    before = sorted(tmp_path.rglob("*"))
    answer_file_dialog(qtbot, None)
    entry(chooser, "Export my data…").trigger()
    assert sorted(tmp_path.rglob("*")) == before
    assert told == []


def test_an_export_that_cannot_be_written_says_so_and_writes_nothing(
    qtbot: QtBot,
    flow: PeopleFlow,
    chooser: PersonChooser,
    book: PeopleBook,
    told: list[str],
    tmp_path: Path,
) -> None:
    book.save(Person(NAME))
    blocker = tmp_path / "a-file"
    blocker.write_text("mine")
    before = sorted(tmp_path.rglob("*"))
    answer_file_dialog(qtbot, blocker / "exported.json")  # a file cannot hold one, even for root
    entry(chooser, "Export my data…").trigger()
    assert told == ["Your data could not be exported: not a directory."]
    assert sorted(tmp_path.rglob("*")) == before
    assert blocker.read_text() == "mine"


# --- delete everything --------------------------------------------------------------------------


@pytest.fixture
def someone_recorded(book: PeopleBook, history: History, flow: PeopleFlow) -> Person:
    """Ottoline, chosen, with a note to go easy and three sessions."""
    person = book.save(Person(NAME, go_easy=(GoEasy(Area.LOWER_BACK, "disc trouble"),)))
    for day in range(3):
        give(history, person, day, CheckinAnswer(100, Pressure.JUST_RIGHT))
    flow.choose(person.id)
    return person


def file_bytes(tmp_path: Path) -> bytes:
    return b"".join(path.read_bytes() for path in (tmp_path / "data").glob("lull.db*"))


def test_delete_all_asks_first_and_then_leaves_no_trace(
    qtbot: QtBot,
    someone_recorded: Person,
    chooser: PersonChooser,
    book: PeopleBook,
    history: History,
    preparation: Preparation,
    told: list[str],
    tmp_path: Path,
) -> None:
    assert NAME.encode() in file_bytes(tmp_path)
    asked = answer_question(qtbot, QMessageBox.StandardButton.Yes)
    entry(chooser, "Delete all my data…").trigger()

    assert asked == [
        "Delete all your data?\n\nEveryone you added, their safety answers and the record of "
        "all 3 sessions will be deleted from this computer. Your sounds, mixes and settings "
        "stay. This cannot be undone."
    ]
    assert book.list() == [] and history.sessions(limit=None) == []
    assert preparation.person is None
    assert chooser.button.text() == "for: anyone"
    assert NAME.encode() not in file_bytes(tmp_path)
    assert b"disc trouble" not in file_bytes(tmp_path)
    assert told[-1] == "Everyone you added and the record of every session were deleted."


def test_delete_all_answered_no_changes_nothing(
    qtbot: QtBot,
    someone_recorded: Person,
    chooser: PersonChooser,
    book: PeopleBook,
    history: History,
    preparation: Preparation,
) -> None:
    asked = answer_question(qtbot, QMessageBox.StandardButton.Cancel)
    entry(chooser, "Delete all my data…").trigger()
    assert len(asked) == 1
    assert book.list() == [someone_recorded]
    assert len(history.sessions(limit=None)) == 3
    assert preparation.person == someone_recorded
    assert chooser.button.toolTip() == f"For {NAME}"


@pytest.mark.parametrize(
    ("sessions", "what"),
    [
        (0, "Everyone you added and their safety answers"),
        (1, "Everyone you added, their safety answers and the record of your one session"),
    ],
)
def test_delete_all_says_what_goes_however_few_sessions_there_are(
    qtbot: QtBot,
    flow: PeopleFlow,
    chooser: PersonChooser,
    history: History,
    sessions: int,
    what: str,
) -> None:
    for day in range(sessions):
        give(history, None, day)
    asked = answer_question(qtbot, QMessageBox.StandardButton.Cancel)
    entry(chooser, "Delete all my data…").trigger()
    assert asked == [
        f"Delete all your data?\n\n{what} will be deleted from this computer. "
        "Your sounds, mixes and settings stay. This cannot be undone."
    ]
