"""A session checkpointed and resumed: it goes on exactly as it would have, from where it stood."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fake_clock import FakeClock
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.checkpoint import (
    NewerCheckpoint,
    NotResumable,
    checkpoint_from_dict,
    checkpoint_to_dict,
)
from app.core.events import CheckinDue, CheckinLapsed, Event, HeadsUp, Pressure
from app.core.plan import Area, built_in_plan
from app.core.room import towel_reminder
from app.core.session import HEADS_UP_LATE_SECONDS, Session, SessionState

REMINDERS = [towel_reminder(180)]


def run_to_end(
    session: Session, clock: FakeClock, step: float = HEADS_UP_LATE_SECONDS - 0.5
) -> list[Event]:
    """Ticked in steps shorter than HEADS_UP_LATE_SECONDS: every heads-up is told, as the
    bridge's timer, armed for its moment, tells it (a longer step tells it or not by where the
    steps fall, to the last bit of a float)."""
    events: list[Event] = []
    while session.state is not SessionState.FINISHED:
        clock.advance(step)
        events.extend(session.tick(clock()))
    return events


def through_json(session: Session) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(json.dumps(checkpoint_to_dict(session.checkpoint())))
    return loaded


@settings(max_examples=60, deadline=None)
@given(
    stop_at=st.floats(min_value=0, max_value=590),  # the plan lasts 600 s
    moves=st.lists(st.sampled_from(["next", "extend", "answer", "pause"]), max_size=4),
)
def test_a_resumed_session_ends_as_the_uninterrupted_one_would(
    stop_at: float, moves: list[str]
) -> None:
    """Killed at any moment, after any commands: the rest of the session is the same."""
    plan = built_in_plan("shoulders-neck")
    clock = FakeClock()
    session = Session(plan, clock, checkin_every=120, reminders=REMINDERS)
    session.start()
    for move in moves:
        clock.advance(stop_at / (len(moves) + 1))
        session.tick(clock())
        if session.state is SessionState.FINISHED:
            return
        if move == "next":
            session.next()
            session.forget_jump()
        elif move == "extend":
            session.extend(60)
        elif move == "answer":
            session.answer_checkin(Pressure.FIRMER, frozenset({Area.NECK}))
        elif move == "pause" and session.state is SessionState.RUNNING:
            session.pause()
            session.resume()
    clock.advance(stop_at / (len(moves) + 1))
    session.tick(clock())
    if session.state is SessionState.FINISHED:
        return
    session.pause()
    saved = through_json(session)
    was_open = session.checkin_open

    resumed = Session.resumed(checkpoint_from_dict(saved), FakeClock(50.0), reminders=REMINDERS)
    assert resumed.state is SessionState.PAUSED
    assert (resumed.index, resumed.remaining, resumed.answers) == (
        session.index,
        session.remaining,
        session.answers,
    )
    assert resumed.durations == session.durations
    session.resume()
    resumed.resume()
    rest_clock = resumed._clock
    assert isinstance(rest_clock, FakeClock)
    original = run_to_end(session, clock)
    if was_open:  # the question asked before the kill is not asked again, so cannot lapse
        asked_again = [n for n, e in enumerate(original) if isinstance(e, CheckinDue)]
        lapsed = [n for n, e in enumerate(original) if isinstance(e, CheckinLapsed)]
        if lapsed and lapsed[0] < min(asked_again, default=len(original)):
            del original[lapsed[0]]  # unless the end came first and closed it quietly
    again = run_to_end(resumed, rest_clock)
    if was_open:  # nor can it silence the heads-up near it, as it did in the original
        again = [e for e in again if not isinstance(e, HeadsUp) or e in original]
    assert again == original
    assert resumed.given == session.given


def test_a_checkpoint_names_the_time_left() -> None:
    clock = FakeClock()
    session = Session(built_in_plan("classic"), clock, reminders=REMINDERS)
    session.start()
    clock.advance(600)
    session.tick(clock())
    assert checkpoint_from_dict(through_json(session)).remaining == 30 * 60 - 600


def test_an_open_checkin_is_not_asked_again_on_resuming() -> None:
    clock = FakeClock()
    session = Session(built_in_plan("classic"), clock, checkin_every=240, reminders=REMINDERS)
    session.start()
    clock.advance(500)  # asked at 480 s, in the middle of the first kneading
    assert any(type(e).__name__ == "CheckinDue" for e in session.tick(clock()))
    assert session.checkin_open
    resumed = Session.resumed(checkpoint_from_dict(through_json(session)), clock)
    assert not resumed.checkin_open
    assert not resumed.can_undo


def damaged(change: dict[str, Any]) -> dict[str, Any]:
    clock = FakeClock()
    session = Session(built_in_plan("classic"), clock, reminders=REMINDERS)
    session.start()
    clock.advance(100)
    session.tick(clock())
    return {**through_json(session), **change}


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"version": "1"}, "not a checkpoint this Lull reads"),
        ({"index": 40}, "the phase it stood in is not in its plan"),
        ({"index": True}, "the phase it stood in is not in its plan"),
        ({"durations": [60]}, "its phases' times do not match its plan"),
        ({"elapsed": -1}, "-1 is not a time in seconds"),
        ({"elapsed": 1e308 * 10}, "inf is not a time in seconds"),
        ({"elapsed": 5000}, "its time does not fall in its phase"),
        ({"checkin_every": 0}, "a length of 0 seconds"),
        ({"reminded": "towels"}, "its reminders are not a list of names"),
        ({"answers": [{"at": 5, "pressure": "harder", "focus": []}]}, "'harder'"),
        ({"plan": {"format": "lull-plan"}}, "its plan is not usable"),
        ({"given": [True] * 9}, "True is not a time in seconds"),
        ({"elapsed": 1e308, "phase_start": 1e308}, "1e+308 is not a time in seconds"),
        ({"durations": [1e308] * 9}, "1e+308 is not a time in seconds"),
        ({"durations": [0] * 9}, "a length of 0 seconds"),
        ({"checkin_every": 5e-324}, "a length of 5e-324 seconds"),  # the countdown froze
        ({"version": True}, "not a checkpoint this Lull reads"),
    ],
)
def test_a_damaged_checkpoint_is_refused_with_its_reason(
    change: dict[str, Any], reason: str
) -> None:
    with pytest.raises(NotResumable) as refused:
        checkpoint_from_dict(damaged(change))
    assert reason in str(refused.value)


def test_a_checkpoint_from_a_newer_lull_is_told_apart_from_a_damaged_one() -> None:
    """A newer Lull may still resume it: this one must not discard what it cannot read."""
    with pytest.raises(NewerCheckpoint):
        checkpoint_from_dict(damaged({"version": 2}))
    with pytest.raises(NotResumable) as damaged_one:
        checkpoint_from_dict(damaged({"version": 0}))
    assert not isinstance(damaged_one.value, NewerCheckpoint)


@pytest.mark.parametrize("data", [None, [], "checkpoint", {"version": 1}])
def test_anything_else_is_refused_too(data: object) -> None:
    with pytest.raises(NotResumable):
        checkpoint_from_dict(data)
