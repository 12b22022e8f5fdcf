"""Words put together as Lull says them: one place, so a message starts and ends alike
wherever it is made."""

from __future__ import annotations


def capitalised(text: str) -> str:
    """`text` starting a sentence: "what Lull remembers" becomes "What Lull remembers"."""
    return text[:1].upper() + text[1:]


def as_sentence(text: str) -> str:
    """`text` as a sentence: a capital first, a full stop last (unless ? or !); empty stays
    empty."""
    sentence = capitalised(text)
    return sentence + "." if sentence and not sentence.endswith((".", "?", "!")) else sentence
