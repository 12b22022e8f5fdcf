"""The history view: sessions listed newest first with what was given, their details, the person
filter, and what someone tends to ask for with the changes it suggests."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from app.core.advice import Suggestion, Tendencies
from app.core.database import Database
from app.core.events import CheckinAnswer, Pressure
from app.core.history import History
from app.core.people import Firmness, PeopleBook, Person
from app.core.plan import Area, built_in_plan
from app.ui.history_view import NO_SESSIONS, HistoryView, describe_tendencies
from app.ui.theme import DARK, LIGHT, Theme, apply_theme

START = datetime(2026, 3, 1, 19, 30, tzinfo=UTC)
CLASSIC = built_in_plan("classic")  # nine phases, 30 minutes
FIRMER, JUST_RIGHT = Pressure.FIRMER, Pressure.JUST_RIGHT


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    database = Database.open(tmp_path / "lull.db")
    yield database
    database.close()


@pytest.fixture
def history(database: Database) -> History:
    return History(database)


@pytest.fixture
def book(database: Database) -> PeopleBook:
    return PeopleBook(database)


def give(
    history: History,
    person: Person | None,
    day: int,
    answers: Sequence[tuple[float, Pressure, frozenset[Area]]] = (),
    *,
    cut_at: int | None = None,  # the phase it ended in, a third of it given
    relief: int | None = None,
    note: str = "",
) -> int:
    """A session of the classic plan recorded as the recorder records it; its id."""
    started = START + timedelta(days=day)
    record = history.begin(CLASSIC, None if person is None else person.id, started)
    planned = [float(phase.seconds) for phase in CLASSIC.phases]
    given = list(planned)
    if cut_at is not None:
        given = [*planned[:cut_at], planned[cut_at] / 3] + [0.0] * (len(planned) - cut_at - 1)
    history.phases_given(record, given, planned)
    for at, pressure, focus in answers:
        history.checkin(record, CheckinAnswer(at, pressure, focus))
    history.finish(record, started + timedelta(seconds=sum(given)), completed=cut_at is None)
    if relief is not None or note:
        history.rate(record, relief, note)
    return record


def shown(qtbot: QtBot, view: HistoryView) -> HistoryView:
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    return view


def rows(view: HistoryView) -> list[str]:
    """Each session in the list as a screen reader says it."""
    return [
        view.sessions.item(row).data(Qt.ItemDataRole.AccessibleTextRole)
        for row in range(view.sessions.count())
    ]


def texts(widget: QWidget) -> list[str]:
    return [label.text() for label in widget.findChildren(QLabel) if label.isVisible()]


def local(when: datetime, form: str) -> str:
    """A time as the view shows it: in this computer's time zone."""
    mine = when.astimezone()
    return form.format(
        day=mine.day, weekday=f"{mine:%A}", wd=f"{mine:%a}", month=f"{mine:%B}",
        mon=f"{mine:%b}", year=mine.year, time=f"{mine:%H:%M}",
    )  # fmt: skip


@pytest.fixture
def sam(book: PeopleBook) -> Person:
    return book.save(Person("Sam", firmness=Firmness.MEDIUM, chronic_back_pain=True))


@pytest.fixture
def recorded(history: History, book: PeopleBook, sam: Person) -> History:
    """Two sessions for Sam, the later cut short in its seventh phase, and one for anyone."""
    neck = frozenset({Area.NECK})
    give(history, sam, 0, [(250, FIRMER, neck), (700, JUST_RIGHT, frozenset())], relief=6)
    give(history, None, 1)
    give(
        history,
        sam,
        2,
        [(250, FIRMER, frozenset({Area.NECK, Area.SHOULDERS}))],
        cut_at=6,
        relief=4,
        note="Lower back still tight.",
    )
    return history


@pytest.fixture
def everyone(qtbot: QtBot, recorded: History, book: PeopleBook) -> HistoryView:
    view = HistoryView(book.list(), None)
    view.show_sessions(recorded.sessions())
    return shown(qtbot, view)


def test_sessions_are_listed_newest_first_with_what_was_given(everyone: HistoryView) -> None:
    assert rows(everyone) == [
        local(START + timedelta(days=2), "{wd} {day} {mon} {year}, {time} · Sam. ")
        + "Classic back massage · 20 of 30 min · ended early. Relief 4 of 10. "
        "Note: Lower back still tight.",
        local(START + timedelta(days=1), "{wd} {day} {mon} {year}, {time} · anyone. ")
        + "Classic back massage · 30 min · completed.",
        local(START, "{wd} {day} {mon} {year}, {time} · Sam. ")
        + "Classic back massage · 30 min · completed. Relief 6 of 10.",
    ]


def test_the_newest_session_is_shown_in_detail_phase_by_phase(everyone: HistoryView) -> None:
    assert QApplication.focusWidget() is everyone.sessions
    details = texts(everyone.details)
    assert details[:4] == [
        local(START + timedelta(days=2), "{weekday} {day} {month} {year}, {time}"),
        "For Sam · Classic back massage",
        "20 of 30 minutes given · ended early · relief 4 of 10",
        "“Lower back still tight.”",
    ]
    phases = details[details.index("Phases") + 1 : details.index("Phases") + 1 + 27]
    assert [tuple(phases[n : n + 3]) for n in range(0, 27, 3)] == [
        ("Settle in", "given", "1:00"),
        ("Warm the oil", "given", "1:00"),
        ("Long strokes", "given", "4:00"),
        ("Kneading · shoulders", "given", "4:00"),
        ("Kneading · upper back", "given", "4:00"),
        ("Kneading · lower back", "given", "4:00"),
        ("Strokes and pressure", "shortened", "1:40 of 5:00"),
        ("The neck", "not reached", "4:00 planned"),  # ended early, before it
        ("Closing strokes", "not reached", "3:00 planned"),
    ]
    assert details[-4:] == [
        "Check-ins, by time into the session",
        "4:10",
        "Firmer",
        "shoulders, neck",
    ]


def test_the_keyboard_moves_through_the_sessions_and_their_details_follow(
    qtbot: QtBot, everyone: HistoryView
) -> None:
    qtbot.keyClick(everyone.sessions, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: "For anyone · Classic back massage" in texts(everyone.details))
    assert "30 minutes given · completed" in texts(everyone.details)
    assert texts(everyone.details)[-1] == "None answered."
    qtbot.keyClick(everyone.sessions, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: "For Sam · Classic back massage" in texts(everyone.details))
    assert texts(everyone.details)[-7:] == [
        "Check-ins, by time into the session",
        *("4:10", "Firmer", "neck"),
        *("11:40", "Just right", ""),
    ]


def test_the_filter_asks_for_everyone_or_one_person(
    qtbot: QtBot, recorded: History, book: PeopleBook, sam: Person
) -> None:
    alex = book.save(Person("Alex"))
    view = shown(qtbot, HistoryView(book.list(), sam.id))
    assert view.filter.currentText() == "Sam"
    assert [view.filter.itemText(n) for n in range(view.filter.count())] == [
        "Everyone",
        "Alex",
        "Sam",
    ]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is view.filter
    with qtbot.waitSignal(view.filterChosen) as chosen:
        qtbot.keyClick(view.filter, Qt.Key.Key_Up)
    assert chosen.args == [alex.id]
    with qtbot.waitSignal(view.filterChosen) as chosen:
        qtbot.keyClick(view.filter, Qt.Key.Key_Up)
    assert chosen.args == [None]


def test_with_no_sessions_it_says_they_will_appear(qtbot: QtBot) -> None:
    view = shown(qtbot, HistoryView([], None))
    view.show_sessions([])
    assert view.empty.isVisible() and view.empty.text() == NO_SESSIONS
    assert not view.sessions.isVisible()


def test_what_someone_tends_to_ask_for_is_shown_with_each_change_to_apply(
    qtbot: QtBot, history: History, book: PeopleBook, sam: Person
) -> None:
    neck = frozenset({Area.NECK})
    for day in range(3):
        give(history, sam, day, [(250, FIRMER, neck), (600, FIRMER, frozenset())])
    view = shown(qtbot, HistoryView(book.list(), sam.id))
    view.show_sessions(history.sessions(sam.id))
    suggestions = history.suggestions(sam)
    view.show_tendencies(sam, history.tendencies(sam.id), suggestions)

    assert view.tendencies.isVisible()
    assert texts(view.tendencies)[:3] == [
        "What Sam tends to ask for",
        "Firmer 6× in their last 3 sessions; often the neck.",
        "Usually medium pressure.",
    ]
    assert [suggestion.text for suggestion in suggestions] == texts(view.tendencies)[3:]
    assert [button.accessibleName() for button in view.apply_buttons] == [
        f"Apply: {suggestion.text}" for suggestion in suggestions
    ]
    with qtbot.waitSignal(view.applyAsked) as asked:
        view.apply_buttons[1].click()
    assert asked.args == [sam.id, suggestions[1]]
    assert suggestions[1].focus == neck

    view.sessions.setFocus()
    focus_order = [QApplication.focusWidget()]
    for _ in range(3):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        focus_order.append(QApplication.focusWidget())
    assert focus_order == [view.sessions, *view.apply_buttons, view.page]  # as the eye goes

    view.hide_tendencies()
    assert not view.tendencies.isVisible()


def test_someone_with_no_sessions_yet_has_no_tendencies_to_show(
    qtbot: QtBot, book: PeopleBook, sam: Person
) -> None:
    view = shown(qtbot, HistoryView(book.list(), sam.id))
    view.show_sessions([])
    view.show_tendencies(sam, Tendencies(0, {}, {}), [])
    assert not view.tendencies.isVisible()


@pytest.mark.parametrize(
    ("tendencies", "said"),
    [
        (
            Tendencies(5, {FIRMER: 5, JUST_RIGHT: 2}, {Area.SHOULDERS: 2, Area.NECK: 4}),
            "Firmer 5×, just right 2× in their last 5 sessions; often the neck.",  # not 2 of 5
        ),
        (
            Tendencies(1, {Pressure.LIGHTER: 1}, {Area.NECK: 1}),
            "Lighter 1× in their last session.",
        ),
        (Tendencies(2, {}, {}), "No check-ins answered in their last 2 sessions."),
    ],
    ids=["several", "one", "none"],
)
def test_tendencies_read_as_a_sentence(tendencies: Tendencies, said: str) -> None:
    assert describe_tendencies(tendencies) == said


@pytest.mark.parametrize("theme", [DARK, LIGHT], ids=["dark", "light"])
def test_the_view_fits_its_screen_and_no_row_is_cut_short_in_height(
    qtbot: QtBot, qapp: QApplication, recorded: History, book: PeopleBook, theme: Theme
) -> None:
    apply_theme(qapp, theme)
    view = HistoryView(book.list(), None)
    view.show_sessions(recorded.sessions())
    shown(qtbot, view)
    room = view.screen().availableGeometry()
    assert view.frameGeometry().width() < room.width()
    assert view.frameGeometry().height() < room.height()
    for row in range(view.sessions.count()):
        item = view.sessions.item(row)
        widget = view.sessions.itemWidget(item)
        lines = widget.findChildren(QLabel)
        assert all(label.height() >= label.sizeHint().height() for label in lines)
        assert item.sizeHint().height() >= widget.sizeHint().height()


def test_a_suggestion_applied_leaves_the_keyboard_on_the_next(
    qtbot: QtBot, history: History, book: PeopleBook, sam: Person
) -> None:
    for day in range(3):
        give(history, sam, day, [(250, FIRMER, frozenset({Area.NECK})), (600, FIRMER, frozenset())])
    view = shown(qtbot, HistoryView(book.list(), sam.id))
    view.show_sessions(history.sessions(sam.id))
    suggestions: list[Suggestion] = history.suggestions(sam)
    view.show_tendencies(sam, history.tendencies(sam.id), suggestions)
    view.apply_buttons[0].setFocus()
    view.show_tendencies(sam, history.tendencies(sam.id), suggestions[1:])  # as the caller does
    assert QApplication.focusWidget() is view.apply_buttons[0]
    view.show_tendencies(sam, history.tendencies(sam.id), [])
    assert QApplication.focusWidget() is view.sessions
