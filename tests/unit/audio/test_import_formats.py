"""Every common kind of sound file is accepted, stored so pygame plays it, heard at its level."""

from __future__ import annotations

import errno
import importlib.util
import io
import os
import shutil
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
import soundfile
from unit.audio.audio_signals import RATE, db, tone_amplitude

from app.audio.convert import convert
from app.audio.probe import Probed, probe

SECONDS = 1.5  # each test file: longer than probe's minimum, short enough to play in real time
AMPLITUDE = 0.04  # of each tone: twenty of them sounding at once stay below full scale
LEVEL_DB = 1.0  # what was heard may differ from what was written by this much (codecs, mixing)
WINDOW = RATE // 10  # measuring windows of 0.1 s: 10 Hz bins, so tones 50 Hz apart separate
HOP = WINDOW // 2
PLAYER = Path(__file__).with_name("stored_player.py")
PYGAME = importlib.util.find_spec("pygame")  # found, not imported: the child process plays
assert PYGAME is not None and PYGAME.origin is not None
HOUSE_LO = Path(PYGAME.origin).parent / "examples" / "data" / "house_lo.mp3"


@dataclass(frozen=True)
class Case:
    """A file as users have them, and how probe must store it."""

    name: str  # the file's name, suffix included, as the user has it
    format: str  # what soundfile writes
    subtype: str
    rate: int = RATE
    channels: int = 2
    suffix: str = ""  # the stored copy's suffix; "" means the original's
    convert: bool = False


CASES = [
    Case("pcm16.wav", "WAV", "PCM_16"),
    Case("sox-24bit.wav", "WAVEX", "PCM_24"),  # sox and ffmpeg write 24 bits as WAVEX
    Case("float32.wav", "WAV", "FLOAT"),
    Case("float64.wav", "WAV", "DOUBLE", suffix=".flac", convert=True),
    Case("long-take.wav", "RF64", "PCM_24", suffix=".flac", convert=True),
    Case("bell.oga", "OGG", "VORBIS", suffix=".ogg"),
    Case("voice.ogg", "OGG", "OPUS", rate=48000, suffix=".opus"),
    Case("studio.aiff", "AIFF", "PCM_16"),
    Case("studio24.aif", "AIFF", "PCM_24", suffix=".flac", convert=True),
    Case("lossless.flac", "FLAC", "PCM_16"),
    Case("lossless24.flac", "FLAC", "PCM_24"),
    Case("8bit.wav", "WAV", "PCM_U8"),
    Case("phone.wav", "WAV", "PCM_16", rate=8000, channels=1),
    Case("hires.wav", "WAV", "PCM_24", rate=96000),
    Case("surround.wav", "WAVEX", "PCM_16", channels=6),
    Case("adpcm.wav", "WAV", "MS_ADPCM", suffix=".flac", convert=True),
    Case("ambisonic.wav", "WAVEX", "PCM_16", channels=10, suffix=".flac", convert=True),
    Case("renamed.mp3", "WAV", "PCM_16", suffix=".wav"),  # a WAV under an MP3's name
    Case("sun.au", "AU", "PCM_16", suffix=".flac", convert=True),
]
if "MP3" in soundfile.available_formats():  # libsndfile builds without LAME cannot write MP3
    CASES.append(Case("lame.mp3", "MP3", "MPEG_LAYER_III"))  # with a Xing/LAME header


def tone_frequencies(count: int) -> list[float]:
    """Tones 50 Hz or more from each other and from each other's 2nd and 3rd harmonics."""
    chosen: list[float] = []
    frequency = 300.0
    while len(chosen) < count:
        if all(
            abs(frequency - k * other) >= 50 and abs(other - k * frequency) >= 50
            for other in chosen
            for k in (1, 2, 3)
        ):
            chosen.append(frequency)
        frequency += 10
    return chosen


FREQUENCIES = dict(zip([case.name for case in CASES], tone_frequencies(len(CASES)), strict=True))


def write_case(folder: Path, case: Case) -> Path:
    """The same tone on every channel, so whatever SDL or convert mixes down keeps its level."""
    t = np.arange(round(SECONDS * case.rate)) / case.rate
    wave = AMPLITUDE * np.sin(2 * np.pi * FREQUENCIES[case.name] * t)
    path = folder / case.name
    data = np.repeat(wave[:, None], case.channels, axis=1)
    soundfile.write(str(path), data, case.rate, case.subtype, format=case.format)
    return path


def store(source: Path, probed: Probed, folder: Path) -> Path:
    """What SoundLibrary.import_file keeps: a converted or a byte-for-byte copy, renamed."""
    folder.mkdir(exist_ok=True)
    target = folder / f"{source.stem}{probed.suffix}"
    with target.open("wb") as out:
        if probed.convert:
            convert(source, out)
        else:
            with source.open("rb") as original:
                shutil.copyfileobj(original, out)
    return target


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_every_common_format_is_accepted_and_stored_playable(tmp_path: Path, case: Case) -> None:
    source = write_case(tmp_path, case)
    probed = probe(source)
    # MS ADPCM rounds up to whole blocks of 2036 frames (46 ms).
    assert probed.seconds == pytest.approx(SECONDS, abs=0.05)
    assert probed.suffix == (case.suffix or Path(case.name).suffix)
    assert probed.convert is case.convert

    stored = store(source, probed, tmp_path / "library")
    again = probe(stored)
    assert not again.convert, "a stored copy is played as it is, never converted twice"
    assert again.seconds == pytest.approx(probed.seconds, abs=0.001)
    data, rate = soundfile.read(str(stored), always_2d=True)
    assert rate == case.rate
    assert data.shape[1] == (case.channels if case.channels <= 8 else 2)
    if probed.convert:  # every converted case is at RATE, which tone_amplitude assumes
        tone = tone_amplitude(data[:, 0], FREQUENCIES[case.name])
        assert db(tone) == pytest.approx(db(AMPLITUDE), abs=0.1)


def test_pygames_own_example_mp3_is_whole(tmp_path: Path) -> None:
    assert HOUSE_LO.is_file(), "pygame's wheel ships examples/data/house_lo.mp3"
    # No Xing header: libsndfile's count (80151 frames) is a guess from the bit rate, not a
    # promise. The file is whole, and as long as its 139 frames of 576 samples: 80064.
    assert probe(HOUSE_LO) == Probed(80064 / 11025, ".mp3", convert=False)


def test_every_stored_file_plays_at_its_level_whole_and_streamed(tmp_path: Path) -> None:
    """The real mixer, on SDL's disk driver, in one child process: about 14 s of real time."""
    stored = {
        case.name: store(source, probe(source), tmp_path / "library")
        for case in CASES
        for source in [write_case(tmp_path, case)]
    }
    output = tmp_path / "mix.raw"
    env = os.environ | {"SDL_AUDIODRIVER": "disk", "SDL_DISKAUDIOFILE": str(output)}
    done = subprocess.run(
        [sys.executable, str(PLAYER), *map(str, stored.values())],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "", f"pygame could not play some stored files:\n{done.stdout}"

    mix = np.fromfile(output, dtype="<i2").reshape(-1, 2).astype(np.float64) / 32768
    heard = {name: heard_levels(mix, FREQUENCIES[name]) for name in stored}
    wrong = {
        name: levels
        for name, levels in heard.items()
        if len(levels) != 2
        or any(abs(level - db(AMPLITUDE)) > LEVEL_DB for pair in levels for level in pair)
    }
    assert not wrong, (
        f"expected each tone at {db(AMPLITUDE):.1f} dB, first whole then streamed; "
        f"heard (dB per channel, each time it sounded): {wrong}"
    )


def heard_levels(mix: np.ndarray, frequency: float) -> list[tuple[float, float]]:
    """The tone's level in dB, (left, right), in each stretch of time it sounded."""
    starts = range(0, len(mix) - WINDOW, HOP)
    amplitudes = np.array(
        [[tone_amplitude(mix[i : i + WINDOW, c], frequency) for c in (0, 1)] for i in starts]
    )
    sounding = amplitudes.min(axis=1) > AMPLITUDE / 2
    runs = np.split(np.arange(len(sounding)), np.flatnonzero(np.diff(sounding)) + 1)
    levels = []
    for run in runs:
        if sounding[run[0]]:
            inside = run[1:-1] if len(run) > 2 else run  # the end windows straddle an edge
            left, right = (db(float(np.median(amplitudes[inside, c]))) for c in (0, 1))
            levels.append((round(left, 2), round(right, 2)))
    return levels


def test_a_conversion_clips_what_goes_past_full_scale_instead_of_wrapping(tmp_path: Path) -> None:
    source = tmp_path / "hot.wav"
    t = np.arange(RATE) / RATE
    soundfile.write(str(source), 1.5 * np.sin(2 * np.pi * 440 * t), RATE, "DOUBLE")
    converted = tmp_path / "hot.flac"
    with converted.open("wb") as out:
        convert(source, out)
    data, _ = soundfile.read(str(converted))
    loud = np.abs(np.sin(2 * np.pi * 440 * t)) > 0.9  # where the source is past full scale
    assert np.all(np.abs(data[loud]) > 0.99)
    assert np.all(np.sign(data[loud]) == np.sign(np.sin(2 * np.pi * 440 * t[loud])))


def test_a_conversion_writes_into_any_binary_file_object(tmp_path: Path) -> None:
    source = write_case(tmp_path, CASES[3])  # 64-bit float, which is converted
    out = io.BytesIO()
    convert(source, out)
    assert soundfile.info(io.BytesIO(out.getvalue())).frames == round(SECONDS * RATE)


def test_a_full_disk_during_a_conversion_says_so(tmp_path: Path) -> None:
    source = write_case(tmp_path, CASES[3])
    with open("/dev/full", "wb", buffering=0) as out, pytest.raises(OSError) as failed:
        convert(source, out)
    assert failed.value.errno == errno.ENOSPC


def test_ctrl_c_while_libsndfile_writes_stops_the_conversion_between_blocks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # soundfile calls back into Python from C as it writes FLAC; a Ctrl-C that Python raised
    # there was printed ("Exception ignored from cffi callback", a traceback) and lost, and the
    # import went on and said "Added" (an attacker's, 4 times in 12 on an 8-channel AIFF). Here
    # Ctrl-C comes at that very moment: in the middle of libsndfile's third write.
    class CtrlCWhileWritten(io.BytesIO):
        writes = 0

        def write(self, data: bytes) -> int:  # type: ignore[override]
            type(self).writes += 1
            if type(self).writes == 3:
                signal.pthread_kill(threading.get_ident(), signal.SIGINT)
            return super().write(data)

    source = write_case(tmp_path, CASES[3])  # 64-bit float: converted, in blocks
    with pytest.raises(KeyboardInterrupt):
        convert(source, CtrlCWhileWritten())
    assert CtrlCWhileWritten.writes >= 3
    assert "Exception ignored" not in capsys.readouterr().err
