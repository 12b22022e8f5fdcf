"""Which plan the window opens with: as asked on the command line, else as left last time."""

from __future__ import annotations

import os
from pathlib import Path

from app.cli import build_parser, resolve_plan
from app.core.plan_file import plan_to_json
from app.core.settings import UiState
from app.main import prepare


def opened_with(
    *argv: str, state: UiState, problems: list[str] | None = None
) -> tuple[str, int, Path | None]:
    args = build_parser().parse_args(list(argv))
    asked = resolve_plan(args.plan or "classic")
    preparation = prepare(args, asked, state, [] if problems is None else problems)
    return preparation.plan.id, preparation.minutes, preparation.choice.file


def test_a_plan_file_named_like_a_built_in_opens_as_itself_and_is_remembered_as_that_file(
    tmp_path: Path,
) -> None:
    path = tmp_path / "classic.json"
    path.write_text(plan_to_json(resolve_plan("classic")).replace("Classic back", "My back"))
    assert opened_with("--plan", str(path), state=UiState()) == ("classic-2", 30, path)
    # The window remembers it as that file; the next start opens the file, not the built-in.
    remembered = UiState(plan_id="classic-2", plan_file=str(path), minutes=25)
    assert opened_with(state=remembered) == ("classic-2", 25, path)


def test_a_remembered_plan_file_that_is_gone_falls_back_and_says_so(tmp_path: Path) -> None:
    problems: list[str] = []
    remembered = UiState(plan_id="classic-2", plan_file=str(tmp_path / "gone.json"), minutes=25)
    assert opened_with(state=remembered, problems=problems) == ("classic", 25, None)
    gone = tmp_path / "gone.json"
    assert problems == [
        f"The plan you used last time could not be opened: there is no file at {gone}."
    ]


def test_the_last_built_in_plan_and_length_come_back_unless_asked_otherwise() -> None:
    last = UiState(plan_id="deep", minutes=45)
    assert opened_with(state=last) == ("deep", 45, None)
    assert opened_with("--minutes", "50", state=last) == ("deep", 50, None)
    assert opened_with("--plan", "seated", state=last) == ("seated", 15, None)


def test_a_remembered_plan_file_with_a_nul_in_its_name_is_refused_in_words() -> None:
    problems: list[str] = []
    remembered = UiState(plan_id="mine", plan_file="/tmp/x\x00y", minutes=25)
    assert opened_with(state=remembered, problems=problems) == ("classic", 25, None)
    assert "its name is not one a file can have" in problems[0]


def test_a_plan_file_whose_name_is_not_text_is_opened_but_not_remembered(
    tmp_path: Path,
) -> None:
    path = Path(os.fsdecode(bytes(tmp_path) + b"/pl\xff.json"))
    path.write_text(plan_to_json(resolve_plan("seated")).replace('"id": "seated"', '"id": "mine"'))
    args = build_parser().parse_args(["--plan", str(path)])
    preparation = prepare(args, resolve_plan(str(path)), UiState(), [])
    assert preparation.plan.id == "mine"
    assert preparation.file_to_remember() == ""
