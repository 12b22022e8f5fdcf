"""Decides whether a file is sound Lull can play by decoding all of it, and how to store it."""

from __future__ import annotations

import logging
import math
import os
import stat
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile  # type: ignore[import-untyped]  # soundfile ships no type hints

from app.audio.errors import SoundRefused
from app.audio.formats import CONVERTED_SUFFIX, MAX_SECONDS, PLAYS_AS_IS
from app.audio.headers import (
    OGG_CODECS,
    SNIFF_BYTES,
    WAVE_TAGS,
    id3_length,
    mpeg_counts_frames,
    mpeg_frame,
    mpeg_samples,
    ogg_breaks_off,
    share_present,
    wave_tag,
)
from app.core.durations import position

log = logging.getLogger(__name__)

MIN_RATE, MAX_RATE = 1000, 768_000  # the rates any player's resampler takes, in Hz
MIN_SECONDS = 1.0  # a loop shorter than this is a click repeating, not a soundscape
# No encoding of sound takes more than 8 bytes a sample (64-bit float); tags and a cover picture
# take a few megabytes. A file larger than both holds something else, copied for nothing.
LARGEST_SAMPLE_BYTES = 8
ROOM_FOR_TAGS_BYTES = 64 << 20
# Decoded at a time: 64 Ki frames of 8 float channels is 2 MB, whatever the file's length.
BLOCK_FRAMES = 1 << 16
# A file may end this much short of what its header promises and still be whole: an MP3
# decoder drops up to two frames of encoder padding (52 ms at 44.1 kHz; house_lo.mp3 decodes
# 8 ms short), and less than this missing at the very end is not heard as damage.
SLACK_SECONDS = 0.1
SILENT_PEAK = 1e-4  # -80 dBFS, three of a 16-bit file's smallest steps: nothing quieter is heard
# libsndfile's frame count for a file whose header does not say (a FLAC streamed as it was made);
# soundfile then fails on the last, short block, so such a file is read in small blocks and that
# failure taken as its end: the length is then right to within one of them (23 ms at 44.1 kHz).
UNKNOWN_FRAMES = 2**63 - 1
UNKNOWN_BLOCK_FRAMES = 1024
MAX_CHANNELS = 8  # SDL mixes 1 to 8 channels down to the output; a 10-channel file fails there


# libsndfile names each kind of file by what it holds; SDL_mixer finds its loader by the first
# bytes, so a copy is kept as it is only when they are the plain form of that kind.
MAGIC = {
    "WAV": ((0, b"RIFF"), (8, b"WAVE")),
    "WAVEX": ((0, b"RIFF"), (8, b"WAVE")),
    "FLAC": ((0, b"fLaC"),),
    "OGG": ((0, b"OggS"),),
    "AIFF": ((0, b"FORM"), (8, b"AIFF")),
}
# Kinds of file that hold sound (or video) but that libsndfile cannot open: (offset, magic).
UNDECODABLE = (
    (4, b"ftyp", "MP4 audio or video"),
    (0, b"\x30\x26\xb2\x75\x8e\x66\xcf\x11", "Windows Media audio or video"),
    (0, b"\x1a\x45\xdf\xa3", "Matroska or WebM audio or video"),
    (0, b"MAC ", "Monkey's Audio"),
    (0, b"wvpk", "WavPack audio"),
    (0, b"TTA1", "True Audio"),
    (0, b"MPCK", "Musepack audio"),
    (0, b"MP+", "Musepack audio"),
    (0, b"#!AMR", "AMR speech"),
    (0, b".ra\xfd", "RealAudio"),
    (0, b"DSD ", "DSD audio"),
    (0, b"FRM8", "DSD audio"),
    (0, b"MThd", "MIDI, notes rather than recorded sound,"),
    (0, b"\x0b\x77", "Dolby Digital (AC-3) audio"),
)
# Kinds of file that are certainly not sound.
NOT_AUDIO = (
    b"\x89PNG",
    b"\xff\xd8\xff",  # JPEG
    b"GIF8",
    b"%PDF",
    b"PK\x03\x04",  # zip, and the office documents made of one
    b"\x7fELF",
    b"\x1f\x8b",  # gzip
)
# Containers libsndfile reads: when it cannot open one, the file itself is at fault.
READABLE_MAGIC = (b"RIFF", b"RIFX", b"RF64", b"BW64", b"FORM", b"fLaC", b"OggS", b"caff", b"riff")


@dataclass(frozen=True)
class Probed:
    """What importing a sound file needs: its length and how to store it."""

    seconds: float
    suffix: str  # the suffix the stored copy must carry (pygame streams by the name)
    convert: bool  # True: the copy is written by app.audio.convert.convert, not byte for byte


def probe(path: Path) -> Probed:
    """Decodes the whole file in blocks; SoundRefused says, in plain words, why it will not do."""
    name = f"“{path.name}”"
    descriptor = open_regular(path)
    try:
        return _probe_open(descriptor, name)
    finally:
        os.close(descriptor)


def open_regular(path: Path) -> int:
    """A descriptor for reading a regular file; a pipe or device is refused without waiting."""
    name = f"“{path.name}”"
    try:
        _check_regular(name, os.stat(path).st_mode)  # before opening: opening a FIFO blocks
        # O_NONBLOCK: should a pipe be swapped in after that look, opening it still returns.
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError as error:
        raise SoundRefused(f"{name} could not be found.") from error
    except PermissionError as error:
        raise SoundRefused(f"Lull is not allowed to read {name}.") from error
    except OSError as error:
        raise SoundRefused(f"{name} could not be read: {error.strerror}.") from error
    try:
        _check_regular(name, os.fstat(descriptor).st_mode)
    except BaseException:
        os.close(descriptor)
        raise
    return descriptor


def _check_regular(name: str, mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise SoundRefused(f"{name} is a folder, not a sound file.")
    what = "a pipe" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
    raise SoundRefused(f"{name} is {what}, not a sound file.")


def _probe_open(descriptor: int, name: str) -> Probed:
    size = os.fstat(descriptor).st_size
    if size == 0:
        raise SoundRefused(f"{name} is empty.")
    head = os.pread(descriptor, SNIFF_BYTES, 0)
    try:
        sound = soundfile.SoundFile(descriptor, closefd=False)
    except soundfile.LibsndfileError as error:
        log.info("libsndfile cannot open %s: %s", name, error)
        raise SoundRefused(_unreadable(name, descriptor, head)) from error
    with sound:
        rate, container, subtype = sound.samplerate, sound.format, sound.subtype
        if not MIN_RATE <= rate <= MAX_RATE:
            raise SoundRefused(
                f"{name} says its sample rate is {rate} Hz, which no player can use "
                f"(Lull takes {MIN_RATE} to {MAX_RATE} Hz)."
            )
        unknown = sound.frames >= UNKNOWN_FRAMES
        exact = not unknown and (container != "MP3" or mpeg_counts_frames(descriptor))
        promised = sound.frames if exact else 0
        decoded, failure, finite, peak = _decode(
            sound, UNKNOWN_BLOCK_FRAMES if unknown else BLOCK_FRAMES
        )
        channels = sound.channels
    if container == "MP3" and not exact:  # libsndfile decodes no further than its guess
        decoded = max(decoded, mpeg_samples(descriptor, size))
    if unknown and failure:
        log.info("%s has no length in its header; it ends at frame %d", name, decoded)
        failure = ""
    _check_whole(name, descriptor, size, container, rate, decoded, promised, failure)
    seconds = decoded / rate
    if size > decoded * channels * LARGEST_SAMPLE_BYTES + ROOM_FOR_TAGS_BYTES:
        raise SoundRefused(
            f"{name} holds {position(seconds)} of sound in {size / 1e9:.1f} GB of file: the rest "
            "is not sound. Save the sound on its own, and add that."
        )
    if decoded == 0:
        raise SoundRefused(f"{name} holds no sound.")
    if peak < SILENT_PEAK:  # silence, or nothing but NaN and infinities (which play as silence)
        raise SoundRefused(f"{name} is silent: there is nothing in it to hear.")
    if seconds < MIN_SECONDS:
        raise SoundRefused(
            f"{name} is too short to loop: {seconds:.2f} s "
            f"(a sound needs at least {MIN_SECONDS:g} s)."
        )
    if seconds > MAX_SECONDS:
        raise SoundRefused(
            f"{name} is {seconds / 3600:.0f} hours long; Lull takes sounds of up to "
            f"{MAX_SECONDS // 3600} hours."
        )
    suffix = PLAYS_AS_IS.get((container, subtype))
    if suffix is None or channels > MAX_CHANNELS or not finite or not _plain(container, head):
        log.info("%s (%s %s, %d channels) will be converted", name, container, subtype, channels)
        return Probed(seconds, CONVERTED_SUFFIX, convert=True)
    return Probed(seconds, suffix, convert=False)


def _check_whole(
    name: str,
    descriptor: int,
    size: int,
    container: str,
    rate: int,
    decoded: int,
    promised: int,
    failure: str,
) -> None:
    """SoundRefused when less decodes than the header promises, or the sound breaks off."""
    present = share_present(descriptor, size)
    if present is not None and decoded:
        promised = max(promised, math.ceil(decoded / present))  # the rest at the same rate
    breaks_off = (present is not None and not decoded) or (
        container == "OGG" and ogg_breaks_off(descriptor, size)
    )
    if not (failure or breaks_off or promised - decoded > SLACK_SECONDS * rate):
        return
    log.info("%s: %d of %d frames decode (%s)", name, decoded, promised, failure or "cut")
    at = position(math.floor(decoded / rate))
    if promised > decoded:
        raise SoundRefused(f"{name} is damaged at {at} of {position(round(promised / rate))}.")
    raise SoundRefused(f"{name} is damaged at {at}: it breaks off there.")


def _decode(sound: soundfile.SoundFile, block_frames: int) -> tuple[int, str, bool, float]:
    """How many frames decode, what stopped the decoder early (empty when nothing did),
    whether every sample is a number (a float file may hold NaN, which plays as a roar), and
    the loudest sample that is one."""
    block = np.empty((block_frames, sound.channels), dtype=np.float32)
    decoded, finite, peak = 0, True, 0.0
    try:
        while frames := sound.buffer_read_into(block, "float32"):
            decoded += frames
            numbers = np.isfinite(block[:frames])
            finite = finite and bool(numbers.all())
            heard = np.where(numbers, block[:frames], 0.0)  # as convert makes them: silence
            peak = max(peak, float(np.abs(heard).max()))
    except soundfile.LibsndfileError as error:
        return decoded, str(error), finite, peak
    return decoded, "", finite, peak


def _plain(container: str, head: bytes) -> bool:
    """Whether the file starts as SDL_mixer expects that kind of file to start."""
    if container == "MP3":
        return head.startswith(b"ID3") or mpeg_frame(head, 0) is not None
    return all(head[at : at + len(magic)] == magic for at, magic in MAGIC.get(container, ()))


def _unreadable(name: str, descriptor: int, head: bytes) -> str:
    """The true reason libsndfile could not open a file, told from its first bytes."""
    body = head
    if head.startswith(b"ID3"):  # a tag any kind of file can carry before its sound
        body = os.pread(descriptor, SNIFF_BYTES, id3_length(head))
    for at, magic, kind in UNDECODABLE:
        if body[at : at + len(magic)] == magic:
            return f"{name} is {kind}, which nothing here can decode."
    if len(body) > 1 and body[0] == 0xFF and body[1] & 0xF6 == 0xF0:  # an ADTS frame header
        return f"{name} is AAC audio, which nothing here can decode."
    if body.startswith(b"OggS") and not body[28:].startswith(OGG_CODECS):
        return f"{name} uses an encoding nothing here can decode."
    tag = wave_tag(body) if body.startswith((b"RIFF", b"RIFX")) else None
    if tag is not None and tag not in WAVE_TAGS:
        return f"{name} uses an encoding nothing here can decode."
    if body.startswith(READABLE_MAGIC) or head.startswith(b"ID3") or mpeg_frame(body, 0):
        return f"{name} is damaged: it cannot be decoded."
    if body.startswith(NOT_AUDIO) or _is_text(head):
        return f"{name} is not audio."
    return f"{name} is not in any sound format Lull can read."


def _is_text(head: bytes) -> bool:
    if b"\0" in head:
        return False
    try:
        head[: len(head) - 3].decode("utf-8")  # the sample may end inside a character
    except UnicodeDecodeError:
        return False
    return True
