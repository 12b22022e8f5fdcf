"""Hostile plan files given to `lull plans --import`: each refused within seconds, in one line,
with exit 1, and the user's plans as they were."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from app.core.plan import built_in_plan
from app.core.plan_file import plan_to_dict

LULL = Path(sys.executable).with_name("lull")
BOUND_SECONDS = 5  # a bound on being refused, not a benchmark: it takes well under a second


def lull(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LULL), "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def header() -> dict[str, object]:
    """A plan file's fields but its phases: a real plan's."""
    document = plan_to_dict(built_in_plan("classic"))
    del document["phases"]
    return document


def many_phases(path: Path) -> None:
    """200,000 phases, each a small object, under the size bound: the count must refuse it."""
    path.write_text(json.dumps({**header(), "phases": [{}] * 200_000}))


def many_real_phases(path: Path) -> None:
    phase = plan_to_dict(built_in_plan("classic"))["phases"][3]
    path.write_text(json.dumps({**header(), "phases": [phase] * 200_000}))


def deeply_nested(path: Path) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    path.write_text(json.dumps(header())[:-1] + f', "phases": {deep}}}')


def huge_numbers(path: Path) -> None:
    """1e308 in place of every number: the version, each phase's seconds, the mix's volumes."""
    path.write_text(json.dumps(_every_number_made(_with_numbers(), 1e308)))


def huge_numbers_in_a_known_version(path: Path) -> None:
    """The same with the version left as it is, so each field's own check is reached."""
    document = _with_numbers()
    path.write_text(json.dumps({**_every_number_made(document, 1e308), "version": 2}))


def _with_numbers() -> dict[str, Any]:
    plan = replace(built_in_plan("classic"), mix=(("river", 0.5),), checkin_minutes=5)
    return plan_to_dict(plan)


def _every_number_made(value: Any, number: float) -> Any:
    if isinstance(value, dict):
        return {key: _every_number_made(item, number) for key, item in value.items()}
    if isinstance(value, list):
        return [_every_number_made(item, number) for item in value]
    return number if type(value) in (int, float) else value


def fifo(path: Path) -> None:
    os.mkfifo(path)  # nobody ever writes into it: a reader that waits would wait forever


@pytest.mark.parametrize(
    "make",
    [
        many_phases,
        many_real_phases,
        deeply_nested,
        huge_numbers,
        huge_numbers_in_a_known_version,
        fifo,
    ],
    ids=["200000-phases", "200000-real-phases", "nested-100000-deep", "1e308", "1e308-v2", "fifo"],
)
def test_a_hostile_plan_file_is_refused_at_once_in_one_line_and_changes_nothing(
    tmp_path: Path, make: Callable[[Path], None]
) -> None:
    data = tmp_path / "lull-data"
    kept = tmp_path / "kept.json"
    kept.write_text(json.dumps(plan_to_dict(built_in_plan("deep"))))
    assert lull("plans", "--import", str(kept), data=data).returncode == 0
    before = lull("plans", "--json", data=data)
    hostile = tmp_path / "hostile.json"
    make(hostile)
    started = time.monotonic()
    done = lull("plans", "--import", str(hostile), data=data)
    elapsed = time.monotonic() - started
    assert elapsed < BOUND_SECONDS
    assert done.returncode == 1
    assert done.stderr.startswith("lull: “hostile.json” could not be imported: ")
    assert done.stderr.count("\n") == 1 and done.stderr.endswith("\n")
    assert done.stdout == ""
    after = lull("plans", "--json", data=data)
    assert (after.returncode, after.stdout, after.stderr) == (0, before.stdout, "")
    assert sorted(p.name for p in (data / "data" / "plans").iterdir()) == [
        ".lull.lock",
        "deep-2.json",
    ]
