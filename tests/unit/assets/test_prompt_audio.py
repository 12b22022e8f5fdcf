"""The spoken prompts as shipped: one recording per line Lull can say, listed, in bounds."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from app.audio.engine import DEFAULT_FREQUENCY
from app.core.prompts import every_prompt

AUDIO = Path(__file__).resolve().parents[3] / "assets" / "audio"
PROMPTS = AUDIO / "prompts"
LICENCE_FILE = PROMPTS / "VOICE-LICENCE.txt"
SECONDS = (0.3, 8.0)
PEAK_DB = (-12.0, -1.0)
EDGE_S = (0.02, 0.15)  # the quiet kept before and after the words: trimmed, never clipped
QUIET_DB = -40.0  # under the peak by more than this counts as the quiet at an edge
VOICE_PATTERN = re.compile(r"^Voice ([a-z0-9-]+):")


def prompt_entries() -> dict[str, dict]:
    sounds = json.loads((AUDIO / "catalog.json").read_text(encoding="utf-8"))["sounds"]
    return {entry["id"]: entry for entry in sounds if entry["kind"] == "prompt"}


def decoded(entry: dict) -> tuple[np.ndarray, int]:
    return sf.read(AUDIO / entry["file"], dtype="float64", always_2d=True)


def dbfs(value: float) -> float:
    return 20.0 * float(np.log10(max(value, 1e-12)))


PROMPT_IDS = [prompt.id for prompt in every_prompt()]


def test_every_prompt_has_a_catalogue_entry_and_every_recording_is_listed():
    entries = prompt_entries()
    assert sorted(entries) == sorted(PROMPT_IDS)
    listed = {AUDIO / entry["file"] for entry in entries.values()}
    assert set(PROMPTS.glob("*.ogg")) == listed
    assert not [path for path in AUDIO.rglob("*") if path.suffix == ".ogg" and (
        path.parent not in (AUDIO, PROMPTS))]  # fmt: skip


@pytest.mark.parametrize("prompt", every_prompt(), ids=lambda prompt: prompt.id)
def test_a_prompt_entry_names_its_file_its_words_and_no_loop(prompt):
    entry = prompt_entries()[prompt.id]
    assert entry["file"] == f"prompts/{prompt.id}.ogg"
    assert (AUDIO / entry["file"]).is_file()
    assert entry["title"] == prompt.text
    assert entry["loop"] is False


@pytest.mark.parametrize("prompt_id", PROMPT_IDS)
def test_a_prompt_decodes_at_the_mixers_rate_to_its_catalogued_length(prompt_id):
    entry = prompt_entries()[prompt_id]
    audio, rate = decoded(entry)
    assert rate == DEFAULT_FREQUENCY
    assert audio.shape[1] in (1, 2)
    assert SECONDS[0] <= len(audio) / rate <= SECONDS[1]
    assert len(audio) / rate == pytest.approx(entry["seconds"], abs=0.01)


@pytest.mark.parametrize("prompt_id", PROMPT_IDS)
def test_a_prompt_peaks_clearly_but_never_near_clipping(prompt_id):
    audio, _ = decoded(prompt_entries()[prompt_id])
    assert PEAK_DB[0] < dbfs(float(np.max(np.abs(audio)))) < PEAK_DB[1]


@pytest.mark.parametrize("prompt_id", PROMPT_IDS)
def test_a_prompt_has_only_a_short_quiet_before_and_after_its_words(prompt_id):
    audio, rate = decoded(prompt_entries()[prompt_id])
    level = np.max(np.abs(audio), axis=1)
    loud = np.nonzero(level > level.max() * 10.0 ** (QUIET_DB / 20.0))[0]
    assert EDGE_S[0] <= loud[0] / rate <= EDGE_S[1]
    assert EDGE_S[0] <= (len(audio) - 1 - loud[-1]) / rate <= EDGE_S[1]
    assert np.all(np.abs(audio[0]) < 0.01) and np.all(np.abs(audio[-1]) < 0.01)


def test_every_prompt_is_in_one_voice_whose_licence_and_lineage_ship_beside_it():
    voices = set()
    for entry in prompt_entries().values():
        found = VOICE_PATTERN.match(entry["licence"])
        assert found, entry["licence"]
        assert "VOICE-LICENCE.txt" in entry["licence"]
        voices.add(found.group(1))
    (voice,) = voices
    text = LICENCE_FILE.read_text(encoding="utf-8")
    assert voice in text
    assert "Carnegie Mellon University" in text  # the voice data's copyright notice, kept
