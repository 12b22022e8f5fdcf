"""JSON read strictly: every malformed document is refused in plain words."""

from __future__ import annotations

import json
import time

import pytest

from app.core.strict_json import NotUsableJson, parse

DEEP = "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b'{"theme": 1, "x": }', "^a value is missing at line 1$"),
        (b'{\n"theme" "dark"}', "^a colon is missing at line 2$"),
        (b'{"a": 1 "b": 2}', "^a comma is missing at line 1$"),
        (b'{\n  "a": 1\n  "b": 2\n}', "^a comma is missing at line 2$"),  # after the 1
        (b"{", "^it ends too soon: a closing bracket is missing at line 1$"),
        (b" \n ", "^it is empty$"),
        ("\u00a0".encode(), "^a value is missing at line 1$"),  # a no-break space is no JSON
        (b"{'theme': 1}", "^a name in double quotes is missing at line 1$"),
        (b'{"title": "Back', "^a text in quotes is not closed at line 1$"),
        (b'{"title": "a\tb"}', "^a text holds a tab or other control character at line 1$"),
        (b'{"title": "\\q"}', "^a text holds a backslash that is no escape at line 1$"),
        (b'{"title": "\\u12"}', "^a text holds a backslash that is no escape at line 1$"),
        (b"{} {}", "^there is more after its end at line 1$"),
        (b'{"a": 1,\n}', "^a comma has nothing after it at line 1$"),
        (b'{"a": [1, 2, ]}', "^a comma has nothing after it at line 1$"),
        (b'{"a": 1\n', "^it ends too soon: a closing bracket is missing at line 2$"),
        (b'{"a": ', "^it ends too soon: a closing bracket is missing at line 1$"),
        (DEEP.encode(), "nested more than 32 levels deep"),
        (b'{"minutes": ' + b"9" * 4400 + b"}", "a number 4400 digits long"),
        (b'{"minutes": ' + b"1" * 401 + b"}", "a number 401 digits long"),
        (b'{"seconds": 1e999}', "a number too large to use"),
        (b'{"seconds": -1e400}', "a number too large to use"),
        (b'{"seconds": NaN}', "NaN, which is not a number JSON allows"),
        (b'{"seconds": Infinity}', "Infinity, which is not a number JSON allows"),
        (b'{"title": "\\ud800"}', "text that is not valid Unicode"),
        (b'{"\\udfff": 1}', "text that is not valid Unicode"),
        (b"\xff\xfe\x00garbage", "it is not text"),
    ],
)
def test_every_malformed_document_is_refused_in_plain_words(content: bytes, reason: str) -> None:
    with pytest.raises(NotUsableJson, match=reason):
        parse(content)


def test_a_byte_order_mark_is_allowed() -> None:
    assert parse(b'\xef\xbb\xbf{"theme": "dark"}') == {"theme": "dark"}


def test_a_bracket_inside_a_string_is_not_nesting() -> None:
    assert parse(json.dumps({"note": "[" * 1000}).encode()) == {"note": "[" * 1000}


def test_escaped_quotes_and_brackets_in_strings_are_not_nesting() -> None:
    text = {"note": '\\"[[' * 50, "more": ["]", "\\", '"{']}
    assert parse(json.dumps(text).encode()) == text


def test_a_file_of_escaped_quotes_is_refused_at_once() -> None:
    """200 kB of \\" took a pattern matching whole strings over a minute (it backtracked
    from every quote); one pass over the text takes milliseconds."""
    start = time.process_time()
    with pytest.raises(NotUsableJson):
        parse(b'\\"' * 100_000)
    assert time.process_time() - start < 1.0


def test_a_key_given_twice_makes_the_file_unusable_rather_than_one_value_lost() -> None:
    with pytest.raises(NotUsableJson, match='it holds the key "mixes" twice'):
        parse(b'{"mixes": {"Evening": {}}, "theme": "dark", "mixes": {"Morning": {}}}')
