"""The record of sessions in lull.db: recorded as they run, resumed, read, and exported."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from app.core.advice import Suggestion, Tendencies
from app.core.database import DATABASE_NAME, Database
from app.core.events import CheckinAnswer, Pressure
from app.core.history import History, PhaseOutcome, PhaseRecord
from app.core.people import Concern, Firmness, GoEasy, PeopleBook, Person, SafetyCheck
from app.core.plan import Area, PhaseKind, Plan, built_in_plan
from app.core.store import load_json, write_json

START = datetime(2026, 3, 1, 20, 0, tzinfo=UTC)
PLAN = built_in_plan("shoulders-neck")


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    database = Database.open(tmp_path / "data" / DATABASE_NAME)
    yield database
    database.close()


@pytest.fixture
def history(database: Database) -> History:
    return History(database)


@pytest.fixture
def book(database: Database) -> PeopleBook:
    return PeopleBook(database)


def someone(book: PeopleBook, name: str = "Sam", **details: Any) -> Person:
    return book.save(Person(name, **details))


def id_of(person: Person) -> int:
    assert person.id is not None
    return person.id


# --- recording as it runs ---------------------------------------------------------------------


def test_a_phase_that_lent_its_time_to_an_earlier_one_is_recorded_shorter_than_planned(
    history: History,
) -> None:
    """Given less than planned by design: "+1 min" borrowed from the phases to come."""
    session = history.begin(PLAN, None, START)
    planned = [float(phase.seconds) for phase in PLAN.phases]
    lengths = [planned[0] + 60, planned[1] - 20, *(seconds - 5 for seconds in planned[2:])]
    given = [lengths[0], lengths[1], lengths[2] - 1, *(0.0,) * (len(planned) - 3)]
    history.phases_given(session, given, lengths)
    (record,) = history.sessions()
    assert [phase.length for phase in record.phases] == lengths
    assert record.phases[1].planned == planned[1]
    outcomes = [phase.outcome for phase in record.phases[:4]]
    assert outcomes == [
        PhaseOutcome.EXTENDED,  # it took the minute
        PhaseOutcome.GIVEN,  # it lent time, and was given all it had left
        PhaseOutcome.SHORTENED,  # left a second early
        PhaseOutcome.SKIPPED,
    ]


def test_a_session_begun_has_its_phases_as_planned_and_nothing_given(
    history: History, book: PeopleBook
) -> None:
    sam = someone(book, firmness=Firmness.FIRM)
    session = history.begin(PLAN, sam.id, START)
    (record,) = history.sessions()
    assert (record.id, record.plan_id, record.plan_title) == (session, PLAN.id, PLAN.title)
    assert (record.person_id, record.person_name, record.firmness) == (sam.id, "Sam", Firmness.FIRM)
    assert (record.started, record.ended, record.completed) == (START, None, False)
    assert [(p.kind, p.area, p.planned, p.given) for p in record.phases] == [
        (p.kind, p.area, p.seconds, 0) for p in PLAN.phases
    ]
    assert {p.outcome for p in record.phases} == {PhaseOutcome.SKIPPED}
    assert (record.checkins, record.relief, record.note) == ((), None, "")


def test_what_was_given_of_each_phase_says_how_it_went(history: History) -> None:
    session = history.begin(PLAN, None, START)
    planned = [float(p.seconds) for p in PLAN.phases]
    lengths = [planned[0], planned[1] + 60, planned[2] + 60, *planned[3:]]
    given = [planned[0], planned[1] + 45, planned[2] - 10, 20.0, 0.0, 0.0, 0.0]
    history.phases_given(session, given, lengths)
    (record,) = history.sessions()
    assert [p.outcome for p in record.phases[:5]] == [
        PhaseOutcome.GIVEN,
        PhaseOutcome.EXTENDED,
        PhaseOutcome.SHORTENED,
        PhaseOutcome.SHORTENED,
        PhaseOutcome.SKIPPED,
    ]
    assert record.phases[1] == PhaseRecord(
        PhaseKind.WARM_OIL, PLAN.phases[1].area, planned[1], planned[1] + 60, planned[1] + 45
    )


def test_check_ins_an_end_and_a_rating_are_read_back(history: History) -> None:
    session = history.begin(PLAN, None, START)
    answers = [
        CheckinAnswer(250.5, Pressure.FIRMER, frozenset({Area.NECK, Area.SHOULDERS})),
        CheckinAnswer(490, Pressure.JUST_RIGHT),
    ]
    for answer in answers:
        history.checkin(session, answer)
    ended = START + timedelta(minutes=10, seconds=30)
    history.finish(session, ended, completed=True)
    history.rate(session, 8, "  loosened the left shoulder  ")
    (record,) = history.sessions()
    assert record.checkins == tuple(answers)
    assert (record.ended, record.completed) == (ended, True)
    assert (record.relief, record.note) == (8, "loosened the left shoulder")


def test_times_are_kept_in_utc_and_must_carry_a_time_zone(history: History) -> None:
    paris = timezone(timedelta(hours=1))
    history.begin(PLAN, None, datetime(2026, 3, 1, 21, 0, tzinfo=paris))
    assert history.sessions()[0].started == START
    with pytest.raises(ValueError, match="has no time zone"):
        history.begin(PLAN, None, datetime(2026, 3, 1, 21, 0))


@pytest.mark.parametrize("relief", [-1, 11])
def test_relief_is_rated_from_nought_to_ten(history: History, relief: int) -> None:
    session = history.begin(PLAN, None, START)
    with pytest.raises(ValueError, match="from 0 to 10"):
        history.rate(session, relief)
    history.rate(session, None, "no rating, a note")
    assert history.sessions()[0].relief is None


def test_a_note_too_long_is_refused(history: History) -> None:
    session = history.begin(PLAN, None, START)
    with pytest.raises(ValueError, match="a note fits in 1000 characters"):
        history.rate(session, 5, "x" * 1001)


def test_sessions_are_listed_newest_first_for_everyone_or_one_person(
    history: History, book: PeopleBook
) -> None:
    sam, bea = someone(book), someone(book, "Bea")
    sessions = [
        history.begin(PLAN, person_id, START + timedelta(days=day))
        for day, person_id in enumerate([sam.id, bea.id, sam.id, None, sam.id])
    ]
    assert [r.id for r in history.sessions()] == sessions[::-1]
    assert [r.id for r in history.sessions(limit=2)] == sessions[:2:-1]
    assert [r.id for r in history.sessions(id_of(sam))] == [sessions[4], sessions[2], sessions[0]]
    assert [r.id for r in history.sessions(id_of(sam), limit=1)] == [sessions[4]]
    assert [r.id for r in history.sessions(id_of(bea))] == [sessions[1]]


def test_sessions_are_counted_for_everyone_or_one_person_even_those_that_cannot_be_read(
    tmp_path: Path, history: History, book: PeopleBook
) -> None:
    sam, bea = someone(book), someone(book, "Bea")
    for person_id in (sam.id, bea.id, sam.id, None):
        history.begin(PLAN, person_id, START)
    assert (history.count(), history.count(id_of(sam)), history.count(id_of(bea))) == (4, 2, 1)
    assert history.count(id_of(bea) + 1) == 0
    with sqlite3.connect(tmp_path / "data" / DATABASE_NAME) as edited:  # by a hand
        edited.execute("UPDATE sessions SET firmness = 'extra-firm' WHERE id = 1")
    edited.close()
    assert len(history.sessions(id_of(sam))) == 1 and history.count(id_of(sam)) == 2


def test_recording_about_a_session_forgotten_meanwhile_changes_nothing(history: History) -> None:
    session = history.begin(PLAN, None, START)
    history.forget_everything()
    history.checkin(session, CheckinAnswer(300, Pressure.LIGHTER))
    history.checkpoint(session, {"index": 2}, START)
    history.finish(session, START, completed=False)
    assert history.sessions() == [] and history.unfinished() is None


def test_a_session_begun_for_someone_removed_meanwhile_is_for_no_one_in_particular(
    tmp_path: Path, history: History, book: PeopleBook
) -> None:
    sam = someone(book, firmness=Firmness.FIRM)
    elsewhere = Database.open(tmp_path / "data" / DATABASE_NAME)  # another Lull removes Sam
    PeopleBook(elsewhere).delete(id_of(sam))
    elsewhere.close()
    session = history.begin(PLAN, sam.id, START)
    (record,) = history.sessions()
    assert (record.id, record.person_id, record.person_name) == (session, None, None)
    assert record.firmness is None and len(record.phases) == len(PLAN.phases)


# --- resuming ---------------------------------------------------------------------------------


def test_the_latest_session_never_finished_can_be_resumed_from_its_last_checkpoint(
    history: History,
) -> None:
    earlier = history.begin(PLAN, None, START)
    history.checkpoint(earlier, {"index": 1}, START)
    latest = history.begin(PLAN, None, START + timedelta(hours=1))
    history.checkpoint(latest, {"index": 2, "elapsed": 300.5}, START + timedelta(hours=1))
    history.checkpoint(latest, {"index": 3, "elapsed": 420.0}, START + timedelta(hours=2))
    history.begin(PLAN, None, START + timedelta(hours=3))  # never checkpointed: nothing to resume
    found = history.unfinished()
    assert found is not None
    record, snapshot = found
    assert record.id == latest and snapshot == {"index": 3, "elapsed": 420.0}


def test_a_finished_session_is_not_resumed(history: History) -> None:
    session = history.begin(PLAN, None, START)
    history.checkpoint(session, {"index": 1}, START)
    history.finish(session, START + timedelta(minutes=10), completed=True)
    assert history.unfinished() is None
    history.checkpoint(session, {"index": 1}, START)  # one arriving late is not kept
    assert history.unfinished() is None


def test_a_session_discarded_ends_when_last_saved_and_keeps_what_was_given(
    history: History,
) -> None:
    session = history.begin(PLAN, None, START)
    history.checkin(session, CheckinAnswer(200, Pressure.JUST_RIGHT))
    history.phases_given(session, [45.0, 30.0, 12.0, 0, 0, 0, 0], [p.seconds for p in PLAN.phases])
    saved = START + timedelta(seconds=87)
    history.checkpoint(session, {"index": 2}, saved)
    history.discard(session)
    assert history.unfinished() is None
    (record,) = history.sessions()
    assert (record.ended, record.completed) == (saved, False)
    assert [p.given for p in record.phases[:3]] == [45, 30, 12] and len(record.checkins) == 1


# --- tendencies and suggestions --------------------------------------------------------------


def given_with_answers(
    history: History,
    person: Person,
    *answers: tuple[Pressure, frozenset[Area]],
    day: int = 0,
    plan: Plan = PLAN,
) -> int:
    session = history.begin(plan, person.id, START + timedelta(days=day))
    for n, (pressure, focus) in enumerate(answers):
        history.checkin(session, CheckinAnswer(240.0 * (n + 1), pressure, focus))
    return session


FIRMER = (Pressure.FIRMER, frozenset[Area]())
LIGHTER = (Pressure.LIGHTER, frozenset[Area]())
RIGHT = (Pressure.JUST_RIGHT, frozenset[Area]())


def neck(pressure: Pressure = Pressure.JUST_RIGHT) -> tuple[Pressure, frozenset[Area]]:
    return pressure, frozenset({Area.NECK})


def test_tendencies_count_answers_and_the_sessions_each_area_was_asked_for_in(
    history: History, book: PeopleBook
) -> None:
    sam = someone(book)
    given_with_answers(history, sam, neck(Pressure.FIRMER), neck(), day=0)
    given_with_answers(history, sam, FIRMER, (Pressure.LIGHTER, frozenset(Area)), day=1)
    given_with_answers(history, someone(book, "Bea"), neck(Pressure.LIGHTER), day=2)
    assert history.tendencies(id_of(sam)) == Tendencies(
        sessions=2,
        pressure={Pressure.FIRMER: 2, Pressure.JUST_RIGHT: 1, Pressure.LIGHTER: 1},
        focus={area: 2 if area is Area.NECK else 1 for area in Area},
    )
    assert history.tendencies(id_of(sam), recent=1).focus == dict.fromkeys(Area, 1)


def test_mostly_firmer_over_four_answers_suggests_a_firmer_usual(
    history: History, book: PeopleBook
) -> None:
    sam = someone(book)
    given_with_answers(history, sam, FIRMER, FIRMER, day=0)
    given_with_answers(history, sam, FIRMER, RIGHT, day=1)
    assert history.suggestions(sam) == [
        Suggestion(
            "3 of Sam's last 4 check-ins asked for firmer pressure: make it firm from now on?",
            firmness=Firmness.FIRM,
        )
    ]


def test_three_answers_are_not_yet_a_tendency(history: History, book: PeopleBook) -> None:
    sam = someone(book)
    given_with_answers(history, sam, FIRMER, FIRMER, FIRMER)
    assert history.suggestions(sam) == []


def test_sixty_percent_is_not_more_than_sixty(history: History, book: PeopleBook) -> None:
    sam = someone(book)
    given_with_answers(history, sam, LIGHTER, LIGHTER, LIGHTER, RIGHT, RIGHT)
    assert history.suggestions(sam) == []
    given_with_answers(history, sam, LIGHTER, day=1)
    (lighter,) = history.suggestions(sam)
    assert lighter.firmness is Firmness.LIGHT


def test_nothing_is_lighter_than_light(history: History, book: PeopleBook) -> None:
    sam = someone(book, firmness=Firmness.LIGHT)
    given_with_answers(history, sam, LIGHTER, LIGHTER, LIGHTER, LIGHTER)
    assert history.suggestions(sam) == []


def test_answers_given_at_an_earlier_usual_firmness_do_not_suggest_again(
    history: History, book: PeopleBook
) -> None:
    sam = someone(book)
    given_with_answers(history, sam, FIRMER, FIRMER, FIRMER, FIRMER)
    (firmer,) = history.suggestions(sam)
    sam = book.save(firmer.applied_to(sam))
    assert sam.firmness is Firmness.FIRM
    assert history.suggestions(sam) == []


def test_an_area_asked_for_in_half_the_recent_sessions_is_suggested_for_the_focus(
    history: History, book: PeopleBook
) -> None:
    sam = someone(book, focus=frozenset({Area.SHOULDERS}))
    shoulders_and_neck = (Pressure.JUST_RIGHT, frozenset({Area.NECK, Area.SHOULDERS}))
    given_with_answers(history, sam, shoulders_and_neck, day=0)
    given_with_answers(history, sam, neck(), neck(), day=1)
    given_with_answers(history, sam, RIGHT, day=2)
    given_with_answers(history, sam, (Pressure.JUST_RIGHT, frozenset({Area.LOWER_BACK})), day=3)
    (suggestion,) = history.suggestions(sam)
    assert suggestion == Suggestion(
        "Sam asked for the neck in 2 of their last 4 sessions: add it to their focus?",
        focus=frozenset({Area.NECK}),
    )
    assert suggestion.applied_to(sam).focus == {Area.SHOULDERS, Area.NECK}


def test_one_session_is_not_yet_a_habit(history: History, book: PeopleBook) -> None:
    sam = someone(book)
    given_with_answers(history, sam, neck())
    assert history.suggestions(sam) == []


def test_only_the_recent_sessions_count(history: History, book: PeopleBook) -> None:
    sam = someone(book)
    for day in range(3):
        given_with_answers(history, sam, neck(Pressure.FIRMER), neck(Pressure.FIRMER), day=day)
    for day in range(3, 8):
        given_with_answers(history, sam, RIGHT, day=day)
    assert history.suggestions(sam) == []


def test_someone_not_yet_saved_has_no_suggestions_and_no_advisory(history: History) -> None:
    assert history.suggestions(Person("Sam")) == []
    assert not history.advisory_due(Person("Sam", chronic_back_pain=True), START)


# --- the advisory, through the record ---------------------------------------------------------


def test_the_advisory_comes_when_relief_has_not_improved_and_waits_a_week_when_shown(
    history: History, book: PeopleBook
) -> None:
    sam = someone(book, chronic_back_pain=True)
    for day, relief in ((0, 4), (7, 4), (14, 3)):
        session = history.begin(PLAN, sam.id, START + timedelta(days=day))
        history.rate(session, relief)
    now = START + timedelta(days=15)
    assert history.advisory_due(sam, now)
    history.advisory_shown(id_of(sam), now)
    assert not history.advisory_due(sam, now + timedelta(days=6))
    assert history.advisory_due(sam, now + timedelta(days=7))


# --- privacy ----------------------------------------------------------------------------------


def a_full_record(history: History, book: PeopleBook) -> tuple[Person, int]:
    sam = someone(
        book,
        focus=frozenset({Area.NECK}),
        go_easy=(GoEasy(Area.LOWER_BACK, "disc trouble in 2019"),),
        chronic_back_pain=True,
        safety=SafetyCheck(START.date(), frozenset({Concern.BONES})),
    )
    history.advisory_shown(id_of(sam), START)
    session = history.begin(PLAN, sam.id, START)
    history.checkin(session, CheckinAnswer(250, Pressure.LIGHTER, frozenset({Area.NECK})))
    lengths = [float(p.seconds) for p in PLAN.phases]
    lengths[2] += 60
    history.phases_given(session, lengths, lengths)
    history.finish(session, START + timedelta(minutes=11), completed=True)
    history.rate(session, 7, "asked for the lavender oil again")
    return sam, session


def test_the_export_holds_everything_and_survives_a_round_trip_through_a_file(
    tmp_path: Path, history: History, book: PeopleBook
) -> None:
    sam, session = a_full_record(history, book)
    history.begin(built_in_plan("classic"), None, START + timedelta(days=1))
    exported = history.export()
    write_json(tmp_path / "export.json", exported)
    assert load_json(tmp_path / "export.json") == exported
    assert exported["format"] == "lull-history" and exported["version"] == 1
    assert exported["people"] == [
        {
            "id": sam.id,
            "name": "Sam",
            "position": "lying",
            "firmness": "medium",
            "focus": ["neck"],
            "go_easy": [{"area": "lower-back", "note": "disc trouble in 2019"}],
            "chronic_back_pain": True,
            "safety_check": {"asked_on": "2026-03-01", "applies": ["bones"]},
            "advisory_shown": "2026-03-01T20:00:00+00:00",
        }
    ]
    first, second = exported["sessions"]
    assert {key: first[key] for key in first if key not in ("phases", "checkins")} == {
        "id": session,
        "plan_id": PLAN.id,
        "plan_title": PLAN.title,
        "person_id": sam.id,
        "person_name": "Sam",
        "firmness": "medium",
        "started": "2026-03-01T20:00:00+00:00",
        "ended": "2026-03-01T20:11:00+00:00",
        "completed": True,
        "relief": 7,
        "note": "asked for the lavender oil again",
    }
    assert first["phases"][2] == {
        "kind": PLAN.phases[2].kind.value,
        "area": PLAN.phases[2].area.value,
        "planned_seconds": PLAN.phases[2].seconds,
        "length_seconds": PLAN.phases[2].seconds + 60,
        "given_seconds": PLAN.phases[2].seconds + 60,
        "outcome": "extended",
    }
    assert len(first["phases"]) == len(PLAN.phases)
    assert first["checkins"] == [{"at_seconds": 250, "pressure": "lighter", "focus": ["neck"]}]
    assert (second["person_id"], second["ended"], second["plan_id"]) == (None, None, "classic")
    assert json.loads(json.dumps(exported)) == exported


def test_forgetting_everything_leaves_an_empty_record_and_no_trace_in_the_files(
    tmp_path: Path, database: Database, history: History, book: PeopleBook
) -> None:
    traces = (b"disc trouble", b"lavender", b"Ottoline Brackenridge")
    folder = tmp_path / "data"

    def files() -> bytes:
        names = (DATABASE_NAME, f"{DATABASE_NAME}-wal", f"{DATABASE_NAME}-shm")
        return b"|".join((folder / n).read_bytes() for n in names if (folder / n).exists())

    a_full_record(history, book)
    someone(book, "Ottoline Brackenridge")
    assert all(trace in files() for trace in traces)
    history.forget_everything()
    assert book.list() == [] and history.sessions() == [] and history.unfinished() is None
    assert history.export()["people"] == [] and history.export()["sessions"] == []
    for trace in traces:
        assert trace not in files(), trace
    assert book.save(Person("Bea")).id is not None  # and the record goes on


def test_forgetting_everything_removes_the_damaged_copies_set_aside_too(
    tmp_path: Path, database: Database, history: History, book: PeopleBook
) -> None:
    """A copy set aside once still holds the people in it: "all my data" is it too."""
    folder = tmp_path / "data"
    someone(book, "Ottoline Brackenridge")
    database.close()
    (folder / DATABASE_NAME).write_bytes(b"SQLite format 3\x00" + b"\xee" * 4096)
    reopened = Database.open(folder / DATABASE_NAME)  # the damaged file set aside
    (aside,) = folder.glob(f"{DATABASE_NAME}.corrupt-*")
    aside.write_bytes(b"a copy naming Ottoline Brackenridge")
    elsewhere = tmp_path / "kept-by-the-user"
    elsewhere.write_text("not Lull's")
    (folder / f"{DATABASE_NAME}.corrupt-20260101-000000").symlink_to(elsewhere)
    History(reopened).forget_everything()
    assert list(folder.glob(f"{DATABASE_NAME}.corrupt-*")) == []
    assert elsewhere.read_text() == "not Lull's"  # a link goes, never what it points to
