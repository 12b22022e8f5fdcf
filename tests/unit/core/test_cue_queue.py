"""The cue queue: one line at a time, the most important first, clear of chimes, never stale."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.cue_queue import (
    AFTER_CHIME_SECONDS,
    BEFORE_CHIME_SECONDS,
    BREATH_SECONDS,
    STALE_SECONDS,
    CueQueue,
    Line,
    Planned,
)
from app.core.prompts import Priority


def queue_of(*turns: tuple[str, float, float, Priority]) -> CueQueue[str]:
    queue: CueQueue[str] = CueQueue()
    for what, due, seconds, priority in turns:
        queue.add([Line(what, seconds)], due, priority)
    return queue


def starts(planned: list[Planned[str]]) -> list[tuple[str, float]]:
    return [(line.what, round(line.start, 6)) for line in planned]


def test_a_line_starts_when_it_falls_due() -> None:
    queue = queue_of(("towel", 10.0, 1.5, Priority.REMINDER))
    assert starts(queue.plan(now=5.0).said) == [("towel", 10.0)]


def test_a_more_important_line_due_at_the_same_time_goes_first_and_the_other_after_it() -> None:
    queue = queue_of(("towel", 10.0, 1.5, Priority.REMINDER), ("phase", 10.0, 2.0, Priority.CHANGE))
    assert starts(queue.plan(now=10.0).said) == [("phase", 10.0), ("towel", 12.0 + BREATH_SECONDS)]


def test_lines_of_the_same_importance_due_together_go_in_the_order_they_came() -> None:
    queue = queue_of(("sides", 10.0, 1.0, Priority.CHANGE), ("end", 10.0, 1.0, Priority.CHANGE))
    assert [line.what for line in queue.plan(now=10.0).said] == ["sides", "end"]


def test_an_earlier_line_goes_first_even_if_less_important() -> None:
    queue = queue_of(("phase", 11.0, 2.0, Priority.CHANGE), ("towel", 10.0, 0.5, Priority.REMINDER))
    assert starts(queue.plan(now=9.0).said) == [("towel", 10.0), ("phase", 11.0)]


def test_a_line_that_could_only_start_too_late_is_dropped() -> None:
    queue = queue_of(
        ("phase", 10.0, 3.0, Priority.CHANGE), ("fifteen", 10.0, 1.0, Priority.HEADS_UP)
    )
    plan = queue.plan(now=10.0)
    assert [line.what for line in plan.said] == ["phase"]
    assert [turn.lines[0].what for turn in plan.dropped] == ["fifteen"]


def test_a_line_due_with_a_chime_starts_after_the_chime_strikes() -> None:
    queue = queue_of(("phase", 10.0, 2.0, Priority.CHANGE))
    queue.chime(10.0)
    assert starts(queue.plan(now=9.0).said) == [("phase", 10.0 + AFTER_CHIME_SECONDS)]


def test_a_line_that_would_run_over_a_chime_waits_for_it() -> None:
    queue = queue_of(("towel", 9.0, 1.5, Priority.REMINDER))
    queue.chime(10.0)
    assert starts(queue.plan(now=9.0).said) == [("towel", 10.0 + AFTER_CHIME_SECONDS)]


def test_a_line_that_ends_before_a_chime_is_said_at_once() -> None:
    queue = queue_of(("towel", 9.0, 0.5, Priority.REMINDER))
    queue.chime(10.0)
    assert starts(queue.plan(now=9.0).said) == [("towel", 9.0)]
    assert 9.5 + BEFORE_CHIME_SECONDS <= 10.0


def test_a_chime_called_off_no_longer_holds_the_voice_back() -> None:
    queue = queue_of(("phase", 10.0, 2.0, Priority.CHANGE))
    queue.chime(10.0)
    queue.forget_chimes_after(9.0)
    assert starts(queue.plan(now=9.0).said) == [("phase", 10.0)]


def test_the_lines_of_a_turn_are_said_one_after_the_other() -> None:
    queue: CueQueue[str] = CueQueue()
    queue.add([Line("fifteen", 1.2), Line("next-neck", 1.4)], 50.0, Priority.HEADS_UP)
    queue.add([Line("towel", 1.0)], 50.0, Priority.REMINDER)
    assert starts(queue.plan(now=50.0).said) == [
        ("towel", 50.0),
        ("fifteen", 51.0 + BREATH_SECONDS),
        ("next-neck", 51.0 + BREATH_SECONDS + 1.2 + BREATH_SECONDS),
    ]


def test_only_the_turns_about_to_start_are_handed_over() -> None:
    queue = queue_of(("phase", 10.0, 2.0, Priority.CHANGE), ("towel", 30.0, 1.0, Priority.REMINDER))
    assert starts(queue.take(now=9.6, lead=0.5)) == [("phase", 10.0)]
    assert queue.waiting
    assert queue.take(now=9.7, lead=0.5) == []
    assert starts(queue.take(now=29.5, lead=0.5)) == [("towel", 30.0)]
    assert not queue.waiting


def test_a_line_handed_over_keeps_the_voice_busy_until_it_ends() -> None:
    queue = queue_of(("phase", 10.0, 2.0, Priority.CHANGE))
    queue.take(now=10.0, lead=0.5)
    queue.add([Line("checkin", 1.0)], 10.5, Priority.CHECKIN)
    assert starts(queue.take(now=10.5, lead=0.5)) == []
    assert queue.next_start(now=10.5) == pytest.approx(12.0 + BREATH_SECONDS)


def test_a_more_important_line_that_comes_in_before_the_waiting_one_starts_goes_first() -> None:
    queue = queue_of(("towel", 9.0, 1.0, Priority.REMINDER))
    queue.chime(10.0)  # the towel waits for the phase's chime
    queue.add([Line("phase", 2.0)], 10.0, Priority.CHANGE)
    assert starts(queue.take(now=10.0, lead=0.7)) == [("phase", 10.0 + AFTER_CHIME_SECONDS)]
    assert queue.next_start(now=10.0) == pytest.approx(12.0 + AFTER_CHIME_SECONDS + BREATH_SECONDS)


def test_clearing_forgets_the_waiting_lines_and_frees_the_voice() -> None:
    queue = queue_of(("phase", 10.0, 5.0, Priority.CHANGE), ("towel", 10.0, 1.0, Priority.REMINDER))
    queue.take(now=10.0, lead=0.5)
    queue.clear()
    assert not queue.waiting
    queue.add([Line("phase-2", 2.0)], 11.0, Priority.CHANGE)
    assert starts(queue.take(now=11.0, lead=0.5)) == [("phase-2", 11.0)]


def test_after_a_long_gap_nothing_that_fell_due_in_it_is_said() -> None:
    queue = queue_of(
        ("fifteen", 100.0, 1.0, Priority.HEADS_UP),
        ("phase", 115.0, 2.0, Priority.CHANGE),
        ("towel", 200.0, 1.0, Priority.REMINDER),
    )
    assert queue.take(now=900.0, lead=0.5) == []
    assert not queue.waiting  # forgotten, not kept for later


@pytest.mark.parametrize("priority", list(Priority))
def test_a_line_is_said_up_to_its_staleness_late_and_not_after(priority: Priority) -> None:
    late = STALE_SECONDS[priority]
    assert queue_of(("x", 10.0, 1.0, priority)).plan(now=10.0 + late).said
    assert not queue_of(("x", 10.0, 1.0, priority)).plan(now=10.0 + late + 0.01).said


turns = st.lists(
    st.tuples(
        st.floats(0, 60, allow_nan=False),  # due
        st.lists(st.floats(0.2, 6, allow_nan=False), min_size=1, max_size=3),  # line lengths
        st.sampled_from(list(Priority)),
    ),
    max_size=8,
)


@given(turns, st.lists(st.floats(0, 60, allow_nan=False), max_size=4))
def test_lines_never_overlap_nor_cover_a_chime_nor_start_stale_and_go_most_important_first(
    arriving: list[tuple[float, list[float], Priority]], chimes: list[float]
) -> None:
    queue: CueQueue[tuple[int, int]] = CueQueue()
    for number, (due, lengths, priority) in enumerate(arriving):
        queue.add([Line((number, i), s) for i, s in enumerate(lengths)], due, priority)
    for at in chimes:
        queue.chime(at)
    plan = queue.plan(now=0.0)
    said = plan.said
    for before, after in zip(said, said[1:], strict=False):
        assert after.start >= before.end + BREATH_SECONDS - 1e-9
    for line in said:
        for at in chimes:
            assert line.end + BEFORE_CHIME_SECONDS <= at + 1e-9 or line.start >= (
                at + AFTER_CHIME_SECONDS - 1e-9
            )
    firsts = [line for line in said if line.first]
    for line in firsts:
        due, _, priority = arriving[line.turn]
        assert due <= line.start <= due + STALE_SECONDS[priority] + 1e-9
    for i, earlier in enumerate(firsts):
        key = arriving[earlier.turn][2], -arriving[earlier.turn][0]
        for later in firsts[i + 1 :]:
            due, _, priority = arriving[later.turn]
            if due <= earlier.start:  # both were waiting when the earlier one began
                assert (priority, -due) <= key
    every = {line.what[0] for line in said} | {turn.order for turn in plan.dropped}
    assert every == set(range(len(arriving)))


def test_a_heads_up_that_cannot_end_before_its_change_is_not_said() -> None:
    queue: CueQueue[str] = CueQueue()
    queue.chime(100.5)
    queue.add([Line("fifteen", 0.9), Line("next: the neck", 1.5)], 100.0, Priority.HEADS_UP, 100.5)
    assert queue.take(100.0, 0.1) == []
    assert not queue.waiting  # dropped, not kept for after the change


def test_a_heads_up_with_room_before_its_change_is_said_whole_before_it() -> None:
    queue: CueQueue[str] = CueQueue()
    queue.chime(115.0)
    queue.add([Line("fifteen", 0.9), Line("next: the neck", 1.5)], 100.0, Priority.HEADS_UP, 115.0)
    said = queue.take(100.0, 0.1)
    assert [line.what for line in said] == ["fifteen", "next: the neck"]
    assert said[-1].end <= 115.0 - BEFORE_CHIME_SECONDS


def test_a_change_makes_what_waits_about_the_one_before_untrue() -> None:
    queue: CueQueue[str] = CueQueue()
    queue.add([Line("settle", 3.5)], 0.0, Priority.CHANGE)
    assert [line.what for line in queue.take(0.0, 0.1)] == ["settle"]  # speaking until 3.5
    queue.add([Line("warm the oil", 2.0)], 1.0, Priority.CHANGE)
    queue.add([Line("towel", 1.0)], 1.5, Priority.REMINDER)
    queue.add([Line("kneading", 2.0)], 2.0, Priority.CHANGE)
    said = [line.what for line in queue.take(3.6, 30.0)]  # the voice is free again
    assert said == ["kneading", "towel"]  # warm the oil is over: never said late
