"""Fixtures for the audio tests: generated sounds, and engines on pygame's real mixer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from unit.audio.audio_signals import DiskMixer, MakeSound, write_tone
from unit.audio.pulse_server import PulseServer, pulse_available

from app.audio.sound import Kind, Origin, SoundEntry


@pytest.fixture
def make_sound(tmp_path: Path) -> MakeSound:
    """Writes a tone file in tmp_path and returns its catalogue entry."""

    def make(
        sound_id: str,
        frequency: float,
        seconds: float = 1.0,
        amplitude: float = 0.5,
        *,
        suffix: str = ".ogg",
        kind: Kind = Kind.AMBIENCE,
        loop: bool = True,
        attack: float = 0.002,
    ) -> SoundEntry:
        path = write_tone(tmp_path / f"{sound_id}{suffix}", frequency, seconds, amplitude, attack)
        return SoundEntry(
            id=sound_id,
            title=sound_id.replace("-", " ").title(),
            kind=kind,
            origin=Origin.IMPORTED,
            path=path,
            seconds=seconds,
            loop=loop,
            licence="",
        )

    return make


@pytest.fixture
def disk_mixer(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[DiskMixer]:
    """SDL reads these at mixer init, so they are set before open() and undone after."""
    output = tmp_path / "mix.raw"
    monkeypatch.setenv("SDL_AUDIODRIVER", "disk")
    monkeypatch.setenv("SDL_DISKAUDIOFILE", str(output))
    mixer = DiskMixer(output)
    yield mixer
    if mixer.engine is not None:
        mixer.engine.close()
    mixer.output.stop()


@pytest.fixture
def pulse_server() -> Iterator[PulseServer]:
    if not pulse_available():
        pytest.skip("pulseaudio and pulseaudio-utils are not installed (make installs them)")
    with PulseServer() as server:
        yield server
