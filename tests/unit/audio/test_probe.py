"""Telling playable sound files from broken ones, by decoding a bounded part of them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile
from unit.audio.audio_signals import RATE, write_tone

from app.audio.errors import SoundRefused
from app.audio.probe import HEAD_SECONDS, TAIL_SECONDS, probe

FORMATS = [".ogg", ".mp3", ".wav", ".flac"]


@pytest.mark.parametrize("suffix", FORMATS)
def test_a_good_file_is_measured(tmp_path: Path, suffix: str) -> None:
    path = write_tone(tmp_path / f"tone{suffix}", 440, 2.5, 0.5)
    assert probe(path) == pytest.approx(2.5, abs=0.06)  # MP3 frames round the length up


@pytest.mark.parametrize("suffix", FORMATS)
def test_a_truncated_file_is_refused(tmp_path: Path, suffix: str) -> None:
    path = write_tone(tmp_path / f"tone{suffix}", 440, 3.0, 0.5)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(SoundRefused, match=f"“tone{suffix}”"):
        probe(path)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.ogg", b"", "is empty"),
        ("notes.mp3", b"these are my massage notes\n" * 40, "could not be read as sound"),
        ("notes.ogg", b"these are my massage notes\n" * 40, "could not be read as sound"),
        ("song.m4a", b"\0\0\0\x20ftypM4A " + bytes(4000), "choose an OGG, MP3, WAV or FLAC"),
        ("notes.txt", b"hello", "choose an OGG, MP3, WAV or FLAC"),
    ],
)
def test_a_file_that_is_not_sound_is_refused_in_plain_words(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(SoundRefused, match=message):
        probe(path)


def test_audio_under_another_extension_is_refused(tmp_path: Path) -> None:
    wav = write_tone(tmp_path / "tone.wav", 440, 1.0, 0.5)
    disguised = wav.rename(tmp_path / "tone.mp3")
    with pytest.raises(SoundRefused, match="holds WAV audio under another name"):
        probe(disguised)


def test_opus_inside_ogg_is_refused_because_it_cannot_be_streamed(tmp_path: Path) -> None:
    path = tmp_path / "voice.ogg"
    tone = np.zeros((RATE, 2), dtype=np.float32)
    soundfile.write(str(path), tone, 48000, format="OGG", subtype="OPUS")
    with pytest.raises(SoundRefused, match="encoding Lull cannot play"):
        probe(path)


def test_a_long_file_is_checked_without_decoding_all_of_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_tone(tmp_path / "long.mp3", 440, 40.0, 0.3)
    decoded: list[int] = []
    read = soundfile.SoundFile.read

    def counting_read(self: soundfile.SoundFile, frames: int = -1, **kwargs: object) -> object:
        result = read(self, frames, **kwargs)
        decoded.append(len(result))
        return result

    monkeypatch.setattr(soundfile.SoundFile, "read", counting_read)
    assert probe(path) == pytest.approx(40.0, abs=0.06)
    assert sum(decoded) <= (HEAD_SECONDS + TAIL_SECONDS) * RATE
