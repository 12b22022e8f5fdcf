"""Values read back from lull.db one at a time: an odd one is refused, its reason in plain words."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest

from app.core.plan import Area
from app.core.stored import (
    Unreadable,
    leniently,
    stored_choice,
    stored_moment,
    stored_object,
    stored_seconds,
    stored_slugs,
    stored_text,
)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2026-03-01T20:00:00+00:00", None),
        ("2026-03-01T21:00:00+01:00", None),
        ("2026-03-01T20:00:00", "its start “2026-03-01T20:00:00” is not a date and time"),
        ("0001-01-01T00:00:00+05:00", "its start “0001-01-01T00:00:00+05:00” is not a date"),
        ("9999-12-31T23:00:00-05:00", "its start “9999-12-31T23:00:00-05:00” is not a date"),
        ("soon", "its start “soon” is not a date and time with its time zone"),
        ("x" * 41, "its start is not a date and time with its time zone"),
        (None, "its start is missing"),
        (1772395200, "its start is not text"),
    ],
)
def test_a_time_carries_its_zone_and_can_be_shown_in_any(value: object, reason: str) -> None:
    if reason is None:
        assert stored_moment(value, "its start") == datetime(2026, 3, 1, 20, tzinfo=UTC)
        return
    with pytest.raises(Unreadable) as refused:
        stored_moment(value, "its start")
    assert str(refused.value).startswith(reason)


def test_seconds_are_numbers_from_none_to_a_day() -> None:
    assert stored_seconds(60, "its length") == 60.0
    assert stored_seconds(0, "its length") == 0.0
    assert stored_seconds(24 * 60 * 60, "its length") == 86400.0
    for odd in (float("inf"), float("nan"), 1e308, 86400.5, -1, "60", None, b"60"):
        with pytest.raises(
            Unreadable, match="^its length is not a number of seconds from 0 to 24 hours$"
        ):
            stored_seconds(odd, "its length")


def test_slugs_and_objects_are_json_kept_as_text() -> None:
    assert stored_slugs(Area, '["neck", "neck"]', "its focus") == {Area.NECK}
    with pytest.raises(Unreadable, match="^“elbows”, in its focus, is not one this Lull knows$"):
        stored_slugs(Area, '["elbows"]', "its focus")
    with pytest.raises(Unreadable, match="^its focus cannot be read as a list$"):
        stored_slugs(Area, '["neck"', "its focus")
    assert stored_object('{"index": 2}', "it") == {"index": 2}
    with pytest.raises(Unreadable, match="^it is not a JSON object this Lull can read$"):
        stored_object('{"index": 2, "index": 3}', "it")


def test_a_value_is_quoted_only_when_short_and_plain() -> None:
    with pytest.raises(Unreadable, match="^its area “knees” is not one"):
        stored_choice(Area, "knees", "its area")
    with pytest.raises(Unreadable, match="^its area is not one"):
        stored_choice(Area, "kne\nes", "its area")


def test_text_that_is_not_utf8_is_refused_alone_and_the_connection_left_as_it_was() -> None:
    sql = sqlite3.connect(":memory:")
    sql.execute("CREATE TABLE t (a TEXT)")
    sql.execute("INSERT INTO t VALUES ('fine'), (CAST(x'ff' AS TEXT))")
    with pytest.raises(RuntimeError), leniently(sql):
        fine, odd = (row[0] for row in sql.execute("SELECT a FROM t ORDER BY rowid"))
        assert stored_text(fine, "it") == "fine"
        with pytest.raises(Unreadable, match="^it is not text this Lull can read$"):
            stored_text(odd, "it")
        raise RuntimeError
    assert sql.text_factory is str
    sql.close()
