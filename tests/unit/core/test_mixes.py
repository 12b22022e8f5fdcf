"""Saved mixes: each change re-read and written at once; nothing another window saved is lost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core.mixes import UNUSABLE_KEY, MixBook, NameTaken
from app.core.store import JsonFile


def book(path: Path) -> MixBook:
    mixes = MixBook(JsonFile(path, title="what Lull remembers"), {})
    mixes.reload()
    return mixes


def test_renaming_onto_another_mix_is_refused_even_one_this_window_never_saw(
    tmp_path: Path,
) -> None:
    path = tmp_path / "state.json"
    first, second = book(path), book(path)
    first.save("Evening", {"rain": 0.5})
    second.save("Morning", {"river": 0.4})  # saved by the other window
    with pytest.raises(NameTaken):
        first.rename("Evening", "Morning")
    assert json.loads(path.read_text())["mixes"] == {
        "Evening": {"rain": 0.5},
        "Morning": {"river": 0.4},
    }


def test_mixes_in_a_form_lull_cannot_read_are_kept_aside_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    found = [{"name": "Evening", "river": 0.5}]
    path.write_text(json.dumps({"mixes": found, "other": 1}))
    mixes = book(path)
    assert mixes.names() == []
    mixes.save("Tonight", {"rain": 0.3})
    assert json.loads(path.read_text()) == {
        "mixes": {"Tonight": {"rain": 0.3}},
        UNUSABLE_KEY: found,
        "other": 1,
    }


def test_a_mix_saved_by_another_window_shows_after_a_reload(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    first, second = book(path), book(path)
    second.save("Morning", {"river": 0.4})
    assert first.names() == []
    assert first.reload() is True
    assert first.names() == ["Morning"] and first.reload() is False
