"""JSON read strictly: what the grammar allows but no file of Lull's can hold (a million
levels of nesting, a 5000-digit number, NaN, a lone surrogate, a key given twice) is refused
in plain words, never a RecursionError, ValueError, OverflowError or UnicodeError."""

from __future__ import annotations

import json
import re
from typing import Any

MAX_DEPTH = 32  # the deepest of our documents nests four levels; a million is an attack
MAX_INT_DIGITS = 18  # beyond a 64-bit integer no value of ours makes sense
_SPECIAL = re.compile(r'[\\"\[\]{}]')  # what can open or close a string or a level


class NotUsableJson(ValueError):
    """Why bytes hold no document Lull can use, in plain words."""


def _whole_number(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise NotUsableJson(f"it holds a number {len(text.lstrip('-'))} digits long")
    return int(text)


def _fraction(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise NotUsableJson(f"it holds a number too large to use ({text[:20]})")
    return value


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object whose keys are all different: with a key twice, which one was meant?"""
    value = dict(pairs)
    if len(value) < len(pairs):
        keys = [key for key, _ in pairs]
        twice = next(key for number, key in enumerate(keys) if key in keys[:number])
        raise NotUsableJson(f"it holds the key {json.dumps(twice)[:40]} twice")
    return value


def _constant(name: str) -> float:
    raise NotUsableJson(f"it holds {name}, which is not a number JSON allows")


def _too_deep(text: str) -> bool:
    """Whether brackets outside strings nest past MAX_DEPTH: one pass, in time linear in the
    text whatever it holds (a pattern for whole strings backtracks on a file of quotes)."""
    depth, in_string, escaped_until = 0, False, -1
    for match in _SPECIAL.finditer(text):
        at, char = match.start(), match.group()
        if at < escaped_until:
            continue  # the character after a backslash, inside a string
        if in_string:
            if char == "\\":
                escaped_until = at + 2
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return True
        elif char in "]}":
            depth -= 1
    return False


JSON_SPACE = " \t\n\r"  # the only white space JSON allows (a no-break space is no JSON)
# What Python's JSON reader says, in words for someone who opened the file in a text editor.
PLAIN = (
    ("Expecting value", "a value is missing"),
    ("Expecting property name", "a name in double quotes is missing"),
    ("Expecting ',' delimiter", "a comma is missing"),
    ("Expecting ':' delimiter", "a colon is missing"),
    ("Unterminated string", "a text in quotes is not closed"),
    ("Invalid control character", "a text holds a tab or other control character"),
    ("Invalid \\", "a text holds a backslash that is no escape"),
    ("Extra data", "there is more after its end"),
)


def parse(data: bytes) -> Any:
    """The document in `data`; NotUsableJson says in plain words why there is none."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise NotUsableJson("it is not text") from None
    if _too_deep(text):
        raise NotUsableJson(f"it is nested more than {MAX_DEPTH} levels deep")
    try:
        value = json.loads(
            text,
            parse_int=_whole_number,
            parse_float=_fraction,
            parse_constant=_constant,
            object_pairs_hook=_object,
        )
        json.dumps(value, ensure_ascii=False).encode("utf-8")  # every string can be written back
    except json.JSONDecodeError as error:
        raise NotUsableJson(_plainly(error)) from None
    except UnicodeEncodeError:
        raise NotUsableJson("it holds text that is not valid Unicode") from None
    return value


def _plainly(error: json.JSONDecodeError) -> str:
    """What is wrong, and on which line, as one would put it to someone with the file open."""
    text, at = error.doc, error.pos
    if not text.strip(JSON_SPACE):
        return "it is empty"
    before = text[:at].rstrip(JSON_SPACE)
    if before.endswith(",") and text[at : at + 1] in ("}", "]"):  # {"a": 1,}
        return f"a comma has nothing after it at line {before.count(chr(10)) + 1}"
    if not text[at:].strip(JSON_SPACE) and not error.msg.startswith("Unterminated"):
        return f"it ends too soon: a closing bracket is missing at line {error.lineno}"
    said = next((words for start, words in PLAIN if error.msg.startswith(start)), error.msg)
    if "delimiter" in error.msg:  # missing at the end of what came before: that line
        return f"{said} at line {before.count(chr(10)) + 1}"
    return f"{said} at line {error.lineno}"
