"""Telling playable sound files from broken ones by decoding them, and saying why in plain words."""

from __future__ import annotations

import io
import os
import re
import struct
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest
import soundfile
from conftest import unprivileged
from unit.audio.audio_signals import RATE, write_tone

from app.audio.convert import convert
from app.audio.errors import SoundRefused
from app.audio.probe import BLOCK_FRAMES, MIN_SECONDS, Probed, probe

FORMATS = [".ogg", ".mp3", ".wav", ".flac"]
HANG_SECONDS = 5.0  # a probe that has not answered by then is waiting on something


def refusal(path: Path) -> str:
    with pytest.raises(SoundRefused) as refused:
        probe(path)
    return refused.value.reason


def write_in_blocks(path: Path, seconds: int, **kwargs: str) -> Path:
    """A tone written a second at a time (one long OGG write crashes libsndfile)."""
    t = np.arange(RATE) / RATE
    second = np.column_stack([0.3 * np.sin(2 * np.pi * 440 * t)] * 2)
    with soundfile.SoundFile(str(path), "w", RATE, 2, **kwargs) as sound:
        for _ in range(seconds):
            sound.write(second)
    return path


def cut(path: Path, fraction: float = 0.5) -> Path:
    path.write_bytes(path.read_bytes()[: round(path.stat().st_size * fraction)])
    return path


def wave_file(path: Path, tag: int, data: bytes, data_length: int | None = None) -> Path:
    """A RIFF WAVE of 16-bit stereo at RATE with this format tag, its data chunk as given."""
    fmt = struct.pack("<HHIIHH", tag, 2, RATE, RATE * 4, 4, 16)
    length = len(data) if data_length is None else data_length
    chunks = b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", length)
    path.write_bytes(b"RIFF" + struct.pack("<I", 4 + len(chunks) + len(data)) + b"WAVE")
    with path.open("ab") as file:
        file.write(chunks + data)
    return path


@pytest.mark.parametrize("suffix", FORMATS)
def test_a_good_file_is_measured_and_kept_as_it_is(tmp_path: Path, suffix: str) -> None:
    path = write_tone(tmp_path / f"tone{suffix}", 440, 2.5, 0.5)
    assert probe(path) == Probed(2.5, suffix, convert=False)


@pytest.mark.parametrize(
    ("suffix", "reason"),
    [
        (".ogg", r"is damaged at 0:0[01]: it breaks off there\."),
        (".mp3", r"is damaged at 0:0[01] of 0:03\."),
        (".wav", r"is damaged at 0:01 of 0:03\."),
        (".flac", r"is damaged at 0:0[01] of 0:03\."),
    ],
)
def test_a_truncated_file_is_refused_as_damaged(tmp_path: Path, suffix: str, reason: str) -> None:
    path = cut(write_tone(tmp_path / f"tone{suffix}", 440, 3.0, 0.5))
    assert re.fullmatch(f"“tone{re.escape(suffix)}” {reason}", refusal(path)), refusal(path)


def test_an_ogg_cut_in_half_is_damaged_where_its_sound_stops(tmp_path: Path) -> None:
    path = cut(write_in_blocks(tmp_path / "rain.ogg", 20, format="OGG", subtype="VORBIS"))
    heard = len(soundfile.read(str(path))[0]) // RATE  # what a player would play before it stops
    assert 0 < heard < 19
    assert refusal(path) == f"“rain.ogg” is damaged at 0:{heard:02}: it breaks off there."


def test_an_ogg_cut_between_pages_is_damaged_too(tmp_path: Path) -> None:
    path = write_in_blocks(tmp_path / "rain.ogg", 20, format="OGG", subtype="VORBIS")
    content = path.read_bytes()
    path.write_bytes(content[: content.rfind(b"OggS", 0, len(content) // 2)])
    assert refusal(path).startswith("“rain.ogg” is damaged at 0:")


def test_a_tag_after_the_last_ogg_page_does_not_make_it_damaged(tmp_path: Path) -> None:
    path = write_tone(tmp_path / "tagged.ogg", 440, 2.0, 0.5)
    with path.open("ab") as file:
        file.write(b"TAG" + bytes(125))  # an ID3v1 tag, as some taggers add to any file
    assert probe(path).seconds == pytest.approx(2.0)


@pytest.mark.parametrize(
    ("name", "fraction", "reason"),
    [
        ("cut.wav", 0.45, "is damaged at 0:08 of 0:20."),
        ("cut.aiff", 0.45, "is damaged at 0:08 of 0:20."),
        ("cut.rf64", 0.45, "is damaged at 0:08 of 0:20."),
        ("cut.w64", 0.45, "is damaged at 0:08 of 0:20."),
        ("end.wav", 0.98, "is damaged at 0:19 of 0:20."),
    ],
)
def test_a_cut_file_libsndfile_measures_by_its_size_is_damaged_by_its_header(
    tmp_path: Path, name: str, fraction: float, reason: str
) -> None:
    formats = {".wav": "WAV", ".aiff": "AIFF", ".rf64": "RF64", ".w64": "W64"}
    kind = formats[Path(name).suffix]
    path = cut(write_in_blocks(tmp_path / name, 20, format=kind, subtype="PCM_16"), fraction)
    assert refusal(path) == f"“{name}” {reason}"


def test_a_wav_whose_sound_never_came_is_damaged_from_the_start(tmp_path: Path) -> None:
    path = wave_file(tmp_path / "lost.wav", 1, b"", data_length=RATE * 4 * 2)
    assert refusal(path) == "“lost.wav” is damaged at 0:00: it breaks off there."


def test_a_wav_with_no_sound_at_all_holds_none(tmp_path: Path) -> None:
    assert refusal(wave_file(tmp_path / "blank.wav", 1, b"")) == "“blank.wav” holds no sound."


def test_an_mp3_with_a_length_header_cut_short_is_damaged(tmp_path: Path) -> None:
    path = cut(write_in_blocks(tmp_path / "talk.mp3", 20, format="MP3"), 0.45)
    assert refusal(path).startswith("“talk.mp3” is damaged at 0:0")
    assert refusal(path).endswith(" of 0:20.")


def test_an_mp3_without_a_length_header_is_measured_by_decoding(tmp_path: Path) -> None:
    path = write_in_blocks(tmp_path / "talk.mp3", 10, format="MP3")
    content = path.read_bytes()
    first = _mpeg1_frame_length(content)
    assert content.find(b"Xing", 0, first) > 0 or content.find(b"Info", 0, first) > 0
    path.write_bytes(content[first:])  # its Xing frame gone, libsndfile guesses by the next one
    assert soundfile.info(str(path)).frames < 2 * RATE  # and decodes no further than that
    # Every frame counts, the encoder's delay and padding too (LAME's tag said to drop them).
    assert probe(path).seconds == pytest.approx(10.0, abs=0.06)


def test_a_flac_that_does_not_say_its_length_is_measured_by_decoding(tmp_path: Path) -> None:
    path = write_in_blocks(tmp_path / "stream.flac", 5, format="FLAC", subtype="PCM_16")
    content = bytearray(path.read_bytes())
    # STREAMINFO's last 36 bits before the MD5 count the samples; 0 means "not known".
    info = 8 + 10
    field = int.from_bytes(content[info : info + 8], "big") & ~((1 << 36) - 1)
    content[info : info + 8] = field.to_bytes(8, "big")
    path.write_bytes(bytes(content))
    assert probe(path).seconds == pytest.approx(5.0, abs=1024 / RATE)


def test_a_file_too_short_to_loop_says_how_short(tmp_path: Path) -> None:
    path = tmp_path / "click.wav"
    soundfile.write(str(path), np.full((441, 2), 0.1, dtype=np.float32), RATE, "FLOAT")
    assert refusal(path) == (
        "“click.wav” is too short to loop: 0.01 s (a sound needs at least 1 s)."
    )


def test_a_file_exactly_as_long_as_the_minimum_is_accepted(tmp_path: Path) -> None:
    path = write_tone(tmp_path / "second.ogg", 440, MIN_SECONDS, 0.5)
    assert probe(path).seconds == MIN_SECONDS


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.ogg", b"", "is empty."),
        ("notes.mp3", b"these are my massage notes\n" * 40, "is not audio."),
        ("notes.ogg", b"these are my massage notes\n" * 40, "is not audio."),
        ("notes.txt", b"hello", "is not audio."),
        ("photo.wav", b"\x89PNG\r\n\x1a\n" + bytes(3000), "is not audio."),
        (
            "song.m4a",
            b"\0\0\0\x20ftypM4A " + bytes(4000),
            "is MP4 audio or video, which nothing here can decode.",
        ),
        (
            "track.aac",
            b"\xff\xf1\x50\x80" + bytes(4000),
            "is AAC audio, which nothing here can decode.",
        ),
        ("noise.bin", bytes(range(256)) * 40, "is not in any sound format Lull can read."),
        ("broken.flac", b"fLaC" + bytes(4000), "is damaged: it cannot be decoded."),
    ],
)
def test_a_file_that_is_not_sound_is_refused_in_plain_words(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert refusal(path) == f"“{name}” {reason}"


def test_a_wav_in_an_encoding_libsndfile_lacks_says_so(tmp_path: Path) -> None:
    path = wave_file(tmp_path / "aac.wav", 0x00FF, bytes(RATE * 4))  # AAC inside a WAV
    assert refusal(path) == "“aac.wav” uses an encoding nothing here can decode."


def test_an_ogg_of_a_codec_libsndfile_lacks_says_so(tmp_path: Path) -> None:
    page = b"OggS\0\x02" + bytes(8) + b"\1\0\0\0" + bytes(8) + b"\1\x50" + b"Speex   "
    path = tmp_path / "speech.ogg"
    path.write_bytes(page + bytes(72))
    assert refusal(path) == "“speech.ogg” uses an encoding nothing here can decode."


def test_a_wav_under_an_mp3_name_is_kept_under_its_true_suffix(tmp_path: Path) -> None:
    wav = write_tone(tmp_path / "tone.wav", 440, 1.0, 0.5)
    disguised = wav.rename(tmp_path / "tone.mp3")  # mixer.music would look for MP3 in it
    assert probe(disguised) == Probed(1.0, ".wav", convert=False)


def test_opus_inside_ogg_is_kept_as_opus_for_the_stream_decoder(tmp_path: Path) -> None:
    path = tmp_path / "voice.ogg"
    tone = 0.3 * np.sin(2 * np.pi * 440 * np.arange(48000) / 48000)
    wave = np.stack([tone, tone], axis=1).astype(np.float32)
    soundfile.write(str(path), wave, 48000, "OPUS", format="OGG")
    assert probe(path) == Probed(1.0, ".opus", convert=False)


def test_a_long_file_is_decoded_in_blocks_not_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_in_blocks(tmp_path / "long.mp3", 40, format="MP3")
    blocks: list[int] = []
    read_into = soundfile.SoundFile.buffer_read_into

    def counting(self: soundfile.SoundFile, buffer: np.ndarray, dtype: str) -> int:
        blocks.append(len(buffer))
        return int(read_into(self, buffer, dtype))

    monkeypatch.setattr(soundfile.SoundFile, "buffer_read_into", counting)
    assert probe(path).seconds == pytest.approx(40.0, abs=0.001)
    assert max(blocks) <= BLOCK_FRAMES
    assert len(blocks) >= 40 * RATE // BLOCK_FRAMES


def test_a_pipe_is_refused_at_once_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "stream.ogg"
    os.mkfifo(fifo)
    reasons: list[str] = []
    worker = threading.Thread(target=lambda: reasons.append(refusal(fifo)), daemon=True)
    worker.start()
    worker.join(HANG_SECONDS)
    assert not worker.is_alive(), f"probe still waits on a FIFO after {HANG_SECONDS} s"
    assert reasons == ["“stream.ogg” is a pipe, not a sound file."]


def test_a_device_is_refused_without_reading_it() -> None:
    assert refusal(Path("/dev/zero")) == "“zero” is a device, not a sound file."


def test_a_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "sounds.ogg"
    folder.mkdir()
    assert refusal(folder) == "“sounds.ogg” is a folder, not a sound file."


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    assert refusal(tmp_path / "gone.ogg") == "“gone.ogg” could not be found."


PROBE_AS_ANOTHER_USER = """
import sys
from pathlib import Path
from app.audio.errors import SoundRefused
from app.audio.probe import probe
try:
    probe(Path(sys.argv[1]))
except SoundRefused as error:
    print(error.reason)
"""


def test_a_file_lull_may_not_read_is_refused(shared_folder: Path) -> None:
    path = write_tone(shared_folder / "private.ogg", 440, 1.0, 0.5)
    path.chmod(0)
    done = subprocess.run(
        [*unprivileged(), sys.executable, "-c", PROBE_AS_ANOTHER_USER, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).parents[3],
    )
    assert done.stdout == "Lull is not allowed to read “private.ogg”.\n", done.stderr


def _mpeg1_frame_length(content: bytes) -> int:
    """The length of the MPEG-1 Layer III frame at the start of `content` (no ID3 tag)."""
    header = int.from_bytes(content[:4], "big")
    kbps = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320][header >> 12 & 15]
    rate = [44100, 48000, 32000][header >> 10 & 3]
    return 144 * kbps * 1000 // rate + (header >> 9 & 1)


@pytest.mark.parametrize("content", [b"ID3", b"ID3\x03", b"ID3\x03\x00"])
def test_a_few_bytes_that_start_like_an_mp3_tag_are_refused_in_words(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "x.mp3"
    path.write_bytes(content)
    assert refusal(path).startswith("“x.mp3” ")


@pytest.mark.parametrize("rate", [1, 999, 800_000])
def test_a_sample_rate_no_player_takes_is_refused(tmp_path: Path, rate: int) -> None:
    path = tmp_path / "odd.wav"
    soundfile.write(path, np.zeros(max(rate * 2, 4000)), rate)
    assert refusal(path) == (
        f"“odd.wav” says its sample rate is {rate} Hz, which no player can use "
        "(Lull takes 1000 to 768000 Hz)."
    )


def test_a_float_file_holding_samples_that_are_not_numbers_is_converted_to_silence_there(
    tmp_path: Path,
) -> None:
    path = tmp_path / "nan.wav"
    wave = 0.25 * np.sin(2 * np.pi * 440 * np.arange(44100 * 2) / 44100)
    wave[1000:1010] = np.nan
    wave[2000:2010] = np.inf  # an attacker's infinities were kept as a full-scale thump
    wave[3000:3010] = -np.inf
    soundfile.write(path, wave, 44100, subtype="DOUBLE")
    probed = probe(path)
    assert probed.convert and probed.suffix == ".flac"
    out = io.BytesIO()
    convert(path, out)
    out.seek(0)
    converted, _ = soundfile.read(out)
    assert np.isfinite(converted).all()
    for start in (1000, 2000, 3000):
        assert np.abs(converted[start : start + 10]).max() == 0
    assert np.abs(converted).max() == pytest.approx(0.25, abs=0.001)


@pytest.mark.parametrize(
    "filling", [0.0, np.inf, np.nan, 1e-6], ids=["silence", "infinities", "nan", "far-too-quiet"]
)
def test_a_file_with_nothing_to_hear_is_refused(tmp_path: Path, filling: float) -> None:
    """A file of silence, or of infinities, was taken as a soundscape (the infinities as a
    full-scale direct current: a thump, then a speaker pushed out and held)."""
    path = tmp_path / "nothing.wav"
    soundfile.write(path, np.full(44100 * 2, filling), 44100, subtype="DOUBLE")
    assert refusal(path) == "“nothing.wav” is silent: there is nothing in it to hear."


def test_a_file_far_larger_than_its_sound_is_refused_before_it_is_copied(tmp_path: Path) -> None:
    """Three seconds of sound at the head of 8 GB (a sparse file, or a header that lies about
    where the data ends): stored, it took 46 s and 8 GB of disk. What follows is not sound."""
    path = write_tone(tmp_path / "sparse.wav", 440, 3.0, 0.5)
    os.truncate(path, 8 << 30)  # sparse: no disk is used
    assert refusal(path) == (
        "“sparse.wav” holds 0:03 of sound in 8.6 GB of file: the rest is not sound. "
        "Save the sound on its own, and add that."
    )


def test_a_file_with_a_large_picture_in_its_tags_is_still_taken(tmp_path: Path) -> None:
    path = write_tone(tmp_path / "tagged.wav", 440, 3.0, 0.5)
    with path.open("ab") as file:  # as a cover picture of a few megabytes would be
        file.write(os.urandom(6 << 20))
    assert probe(path).seconds == pytest.approx(3.0)
