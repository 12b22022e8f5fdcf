"""Whatever lies in a file Lull reads, loading says so in plain words and the next save keeps
every entry that could be read."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest
import soundfile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.audio.errors import LibraryError
from app.audio.library import SoundLibrary
from app.core.plan import PlanError
from app.core.plan_file import load_plan_file
from app.core.settings import Settings, UiState
from app.paths import AppPaths, find_assets_dir
from app.user_files import UserFiles

KEYS = [*Settings.__dataclass_fields__, *UiState.__dataclass_fields__, "version", "sounds", "x"]
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.floats()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), inner, max_size=6)
    ),
    max_leaves=25,
)
documents = st.dictionaries(st.sampled_from(KEYS), json_values, max_size=8)
# What a file holds: a JSON document, one of any JSON value, or bytes that are no JSON at all.
contents = (
    documents.map(lambda d: json.dumps(d).encode())
    | json_values.map(lambda v: json.dumps(v).encode())
    | st.binary(max_size=200)
)


@contextmanager
def lull_folders() -> Iterator[AppPaths]:
    with tempfile.TemporaryDirectory() as folder:
        paths = AppPaths.from_platform(Path(folder))
        for place in (paths.config, paths.state, paths.data / "sounds"):
            place.mkdir(parents=True)
        yield paths


def readable_object(content: bytes) -> dict[str, object] | None:
    """The file's object as any JSON reader sees it, when it is one."""
    try:
        value = json.loads(content)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def kept_or_set_aside(path: Path, content: bytes) -> dict[str, object] | None:
    """The object the file held, if it was used; None when it was set aside whole, or held none."""
    asides = list(path.parent.glob(f"{path.name}.corrupt-*"))
    if asides:
        assert [aside.read_bytes() for aside in asides] == [content]
        return None
    return readable_object(content)


@pytest.fixture(scope="module")
def sound(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sound") / "birds.wav"
    wave = 0.2 * np.sin(2 * np.pi * 300 * np.arange(44100 * 2) / 44100)
    soundfile.write(path, wave, 44100)
    return path


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(settings_bytes=contents, state_bytes=contents, index_bytes=contents)
def test_any_files_load_and_the_next_saves_keep_what_could_be_read(
    sound: Path, settings_bytes: bytes, state_bytes: bytes, index_bytes: bytes
) -> None:
    with lull_folders() as paths:
        index = paths.data / "sounds" / "index.json"
        (paths.config / "settings.json").write_bytes(settings_bytes)
        (paths.state / "state.json").write_bytes(state_bytes)
        index.write_bytes(index_bytes)
        files = UserFiles.open(paths)  # never raises
        library = SoundLibrary.open(find_assets_dir() / "audio", index.parent)
        assert all(isinstance(problem, str) and problem for problem in files.problems)
        assert [entry.id for entry in library.entries()][:1] == ["river"]

        files.choose_theme("light")
        files.remember(files.state)
        files.mixes.save("Tonight", {"rain": 0.5})
        try:
            library.import_file(sound)
        except LibraryError as error:
            assert "so it is only read" in error.reason
            assert index.read_bytes() == index_bytes

        settings_before = kept_or_set_aside(paths.config / "settings.json", settings_bytes)
        settings_after = json.loads((paths.config / "settings.json").read_text())
        if settings_before is not None:
            settings_before.pop("theme", None)
            assert settings_before.items() <= settings_after.items()
        state_before = kept_or_set_aside(paths.state / "state.json", state_bytes)
        state_after = json.loads((paths.state / "state.json").read_text())
        if state_before is not None:
            unknown = {
                k: v for k, v in state_before.items() if k not in UiState.__dataclass_fields__
            }
            assert unknown.items() <= state_after.items()
            if isinstance(state_before.get("mixes"), dict):
                assert state_before["mixes"].items() <= state_after["mixes"].items()
        assert "Tonight" in files.mixes.names()
        index_before = kept_or_set_aside(index, index_bytes)
        if index_before is not None and isinstance(index_before.get("sounds"), list):
            after = json.loads(index.read_text())["sounds"]
            assert all(record in after for record in index_before["sounds"])


@settings(max_examples=150)
@given(content=contents)
def test_any_plan_file_is_a_plan_or_a_plan_error(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.json"
        path.write_bytes(content)
        try:
            load_plan_file(path)
        except PlanError as error:
            assert str(error)
