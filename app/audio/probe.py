"""Decides whether a file is sound Lull can play by decoding all of it, and how to store it."""

from __future__ import annotations

import logging
import math
import os
import stat
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile  # type: ignore[import-untyped]  # soundfile ships no type hints

from app.audio.errors import SoundRefused
from app.core.durations import position

log = logging.getLogger(__name__)

MIN_RATE, MAX_RATE = 1000, 768_000  # the rates any player's resampler takes, in Hz
MAX_SECONDS = 100 * 3600  # longer than any file anyone plays beside a massage table
MIN_SECONDS = 1.0  # a loop shorter than this is a click repeating, not a soundscape
# Decoded at a time: 64 Ki frames of 8 float channels is 2 MB, whatever the file's length.
BLOCK_FRAMES = 1 << 16
# A file may end this much short of what its header promises and still be whole: an MP3
# decoder drops up to two frames of encoder padding (52 ms at 44.1 kHz; house_lo.mp3 decodes
# 8 ms short), and less than this missing at the very end is not heard as damage.
SLACK_SECONDS = 0.1
# libsndfile's frame count for a file whose header does not say (a FLAC streamed as it was made);
# soundfile then fails on the last, short block, so such a file is read in small blocks and that
# failure taken as its end: the length is then right to within one of them (23 ms at 44.1 kHz).
UNKNOWN_FRAMES = 2**63 - 1
UNKNOWN_BLOCK_FRAMES = 1024
MAX_CHANNELS = 8  # SDL mixes 1 to 8 channels down to the output; a 10-channel file fails there
ID3_HEADER_BYTES = 10
SNIFF_BYTES = 4096  # enough of a file's start to tell its kind when libsndfile cannot open it

# The file dialog's filter: every suffix sound this decodes is commonly saved under.
AUDIO_SUFFIXES = (
    ".ogg",
    ".oga",
    ".opus",
    ".mp3",
    ".wav",
    ".flac",
    ".aif",
    ".aiff",
    ".aifc",
    ".bwf",
    ".rf64",
    ".w64",
    ".caf",
    ".au",
    ".snd",
)

# What pygame's mixer (pygame 2.6.1, SDL_mixer 2.8) plays from the file as it is, both whole
# (mixer.Sound) and streamed (mixer.music), at the right level: measured through SDL's disk
# driver (tests/unit/audio/test_import_formats.py). The value is the suffix the stored copy
# needs, because mixer.music picks its decoder by the name: Opus in a .ogg fails there, and a
# WAV named .mp3 too. Anything else is converted (64-bit float WAV, 24-bit AIFF and RF64 fail
# as a Sound; ADPCM WAV fails streamed; u-law, A-law, MP2 and 8-bit FLAC are converted rather
# than trusted to every SDL_mixer build).
PLAYS_AS_IS = {
    **{
        (container, subtype): ".wav"
        for container in ("WAV", "WAVEX")
        for subtype in ("PCM_U8", "PCM_16", "PCM_24", "PCM_32", "FLOAT")
    },
    ("FLAC", "PCM_16"): ".flac",
    ("FLAC", "PCM_24"): ".flac",
    ("OGG", "VORBIS"): ".ogg",
    ("OGG", "OPUS"): ".opus",
    ("MP3", "MPEG_LAYER_III"): ".mp3",
    ("AIFF", "PCM_16"): ".aiff",
}
CONVERTED_SUFFIX = ".flac"  # lossless, and pygame plays it both ways (app/audio/convert.py)

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
# WAVE format tags libsndfile decodes (PCM, MS ADPCM, float, A-law, u-law, IMA ADPCM, GSM 6.10,
# G.721, extensible); any other tag is an encoding it does not have.
WAVE_TAGS = {0x0001, 0x0002, 0x0003, 0x0006, 0x0007, 0x0011, 0x0031, 0x0040, 0xFFFE}
OGG_CODECS = (b"\x01vorbis", b"OpusHead")  # how the first packet names a codec libsndfile has
OGG_HEADER_BYTES = 27  # an Ogg page header before its segment table
OGG_END_OF_STREAM = 0x04  # the flag on the last page of a stream: without it the file is cut
MPEG_LAYER_III = 1  # the layer bits of a Layer III frame header
MPEG1_KBPS = (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)
MPEG2_KBPS = (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160)  # and MPEG-2.5
MPEG_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}
MPEG_CHUNK_BYTES = 1 << 20  # read at a time while walking an MP3's frames
# Side information between a Layer III header and a Xing/Info tag: (MPEG-1, mono) -> bytes.
MPEG_SIDE_INFO = {(True, True): 17, (True, False): 32, (False, True): 9, (False, False): 17}
VBRI_OFFSET = 36  # Fraunhofer's VBRI tag sits at a fixed place after the frame header


@dataclass(frozen=True)
class Chunks:
    """How one container lays out its chunks: where the first is, its header, its padding."""

    first: int  # the offset of the first chunk, after the file's own header
    layout: str  # struct layout of a chunk header: its id (first 4 bytes) and its length
    counts_header: bool  # whether the length includes the chunk header
    align: int  # chunks start at a multiple of this


AIFF_CHUNKS = Chunks(first=12, layout=">4sI", counts_header=False, align=2)
W64_CHUNKS = Chunks(first=40, layout="<4s12xQ", counts_header=True, align=8)  # 16-byte ids
CAF_CHUNKS = Chunks(first=8, layout=">4sq", counts_header=False, align=1)


@dataclass(frozen=True)
class MpegFrame:
    """What an MP3 frame header says."""

    mpeg1: bool
    mono: bool
    length: int  # bytes, header included
    samples: int


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
        exact = not unknown and (container != "MP3" or _mpeg_counts_frames(descriptor))
        promised = sound.frames if exact else 0
        decoded, failure, finite = _decode(sound, UNKNOWN_BLOCK_FRAMES if unknown else BLOCK_FRAMES)
        channels = sound.channels
    if container == "MP3" and not exact:  # libsndfile decodes no further than its guess
        decoded = max(decoded, _mpeg_samples(descriptor, size))
    if unknown and failure:
        log.info("%s has no length in its header; it ends at frame %d", name, decoded)
        failure = ""
    _check_whole(name, descriptor, size, container, rate, decoded, promised, failure)
    seconds = decoded / rate
    if decoded == 0:
        raise SoundRefused(f"{name} holds no sound.")
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
    present = _share_present(descriptor, size)
    if present is not None and decoded:
        promised = max(promised, math.ceil(decoded / present))  # the rest at the same rate
    breaks_off = (present is not None and not decoded) or (
        container == "OGG" and _ogg_breaks_off(descriptor, size)
    )
    if not (failure or breaks_off or promised - decoded > SLACK_SECONDS * rate):
        return
    log.info("%s: %d of %d frames decode (%s)", name, decoded, promised, failure or "cut")
    at = position(math.floor(decoded / rate))
    if promised > decoded:
        raise SoundRefused(f"{name} is damaged at {at} of {position(round(promised / rate))}.")
    raise SoundRefused(f"{name} is damaged at {at}: it breaks off there.")


def _decode(sound: soundfile.SoundFile, block_frames: int) -> tuple[int, str, bool]:
    """How many frames decode, what stopped the decoder early (empty when nothing did), and
    whether every sample is a number (a float file may hold NaN, which plays as a roar)."""
    block = np.empty((block_frames, sound.channels), dtype=np.float32)
    decoded, finite = 0, True
    try:
        while frames := sound.buffer_read_into(block, "float32"):
            decoded += frames
            finite = finite and bool(np.isfinite(block[:frames]).all())
    except soundfile.LibsndfileError as error:
        return decoded, str(error), finite
    return decoded, "", finite


def _plain(container: str, head: bytes) -> bool:
    """Whether the file starts as SDL_mixer expects that kind of file to start."""
    if container == "MP3":
        return head.startswith(b"ID3") or _mpeg_frame(head, 0) is not None
    return all(head[at : at + len(magic)] == magic for at, magic in MAGIC.get(container, ()))


def _unreadable(name: str, descriptor: int, head: bytes) -> str:
    """The true reason libsndfile could not open a file, told from its first bytes."""
    body = head
    if head.startswith(b"ID3"):  # a tag any kind of file can carry before its sound
        body = os.pread(descriptor, SNIFF_BYTES, _id3_length(head))
    for at, magic, kind in UNDECODABLE:
        if body[at : at + len(magic)] == magic:
            return f"{name} is {kind}, which nothing here can decode."
    if len(body) > 1 and body[0] == 0xFF and body[1] & 0xF6 == 0xF0:  # an ADTS frame header
        return f"{name} is AAC audio, which nothing here can decode."
    if body.startswith(b"OggS") and not body[28:].startswith(OGG_CODECS):
        return f"{name} uses an encoding nothing here can decode."
    tag = _wave_tag(body) if body.startswith((b"RIFF", b"RIFX")) else None
    if tag is not None and tag not in WAVE_TAGS:
        return f"{name} uses an encoding nothing here can decode."
    if body.startswith(READABLE_MAGIC) or head.startswith(b"ID3") or _mpeg_frame(body, 0):
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


def _wave_tag(head: bytes) -> int | None:
    """The format tag in a RIFF WAVE's fmt chunk, if it is within `head`."""
    order = ">" if head.startswith(b"RIFX") else "<"
    offset = 12
    while offset + 10 <= len(head):
        kind, length = struct.unpack_from(f"{order}4sI", head, offset)
        if kind == b"fmt ":
            return int(struct.unpack_from(f"{order}H", head, offset + 8)[0])
        offset += 8 + length + (length & 1)
    return None


def _share_present(descriptor: int, size: int) -> float | None:
    """How much of the sound a RIFF, RF64, AIFF, W64 or CAF header promises is in the file.

    libsndfile measures such a file by its size, so a cut one looks whole to it; its header
    still says how many bytes of sound there were. None when all is there or nothing is said.
    """
    found = _data_chunk(descriptor, size)
    if found is None:
        return None
    start, length = found
    available = max(0, size - start)
    return available / length if available < length else None


def _data_chunk(descriptor: int, size: int) -> tuple[int, int] | None:
    """Where the sound data starts and how many bytes the header says it has."""
    head = os.pread(descriptor, 16, 0)
    if head[:4] in (b"RIFF", b"RIFX", b"RF64", b"BW64") and head[8:12] == b"WAVE":
        return _riff_data(descriptor, size, ">" if head[:4] == b"RIFX" else "<")
    if head[:4] == b"FORM" and head[8:12] in (b"AIFF", b"AIFC"):
        return _walk_chunks(descriptor, size, AIFF_CHUNKS, b"SSND")
    if head[:4] == b"riff":
        return _walk_chunks(descriptor, size, W64_CHUNKS, b"data")
    if head[:4] == b"caff":
        return _walk_chunks(descriptor, size, CAF_CHUNKS, b"data")
    return None


def _riff_data(descriptor: int, size: int, order: str) -> tuple[int, int] | None:
    offset, long_length = 12, None
    while offset + 8 <= size:
        kind, length = struct.unpack(f"{order}4sI", os.pread(descriptor, 8, offset))
        if kind == b"ds64":  # RF64 keeps the real data length here: riff, data, sample count
            long_length = struct.unpack("<Q", os.pread(descriptor, 8, offset + 16))[0]
        if kind == b"data":
            if length == 0xFFFFFFFF and long_length is not None:
                length = long_length
            # 0 and 0xFFFFFFFF are what a recorder leaves when it cannot go back to the header.
            return None if length in (0, 0xFFFFFFFF) else (offset + 8, length)
        offset += 8 + length + (length & 1)
    return None


def _walk_chunks(
    descriptor: int, size: int, chunks: Chunks, wanted: bytes
) -> tuple[int, int] | None:
    offset = chunks.first
    header = struct.calcsize(chunks.layout)
    while offset + header <= size:
        kind, length = struct.unpack(chunks.layout, os.pread(descriptor, header, offset))
        if chunks.counts_header:
            length -= header
        if kind == wanted:
            return None if length <= 0 else (offset + header, length)  # CAF: -1 is "to the end"
        if length < 0:
            return None
        offset += header + length
        offset += -offset % chunks.align
    return None


def _ogg_breaks_off(descriptor: int, size: int) -> bool:
    """Whether the last Ogg page is cut short, or ends without closing its stream."""
    offset, flags = 0, 0
    while offset < size:
        header = os.pread(descriptor, OGG_HEADER_BYTES, offset)
        if len(header) < OGG_HEADER_BYTES:
            return True
        if header[:4] != b"OggS":  # something after the pages, such as a tag: judge by the last
            break
        flags, segments = header[5], header[26]
        table = os.pread(descriptor, segments, offset + OGG_HEADER_BYTES)
        if len(table) < segments:
            return True
        offset += OGG_HEADER_BYTES + segments + sum(table)
    return offset > size or not flags & OGG_END_OF_STREAM


def _id3_length(head: bytes) -> int:
    """The bytes an ID3v2 tag takes at the start of a file (its size is 7 bits a byte)."""
    if len(head) < ID3_HEADER_BYTES:
        return 0  # "ID3" and no more: no tag to skip, only too little to be sound
    size = 0
    for byte in head[6:10]:
        size = size << 7 | byte & 0x7F
    return 10 + size + (10 if head[5] & 0x10 else 0)


def _mpeg_frame(data: bytes, offset: int) -> MpegFrame | None:
    """The Layer III frame whose header starts at offset in data, if one does."""
    if offset + 4 > len(data):
        return None
    word = int.from_bytes(data[offset : offset + 4], "big")
    version, layer = word >> 19 & 3, word >> 17 & 3
    bitrate, rate = word >> 12 & 15, word >> 10 & 3
    if word >> 21 != 0x7FF or version == 1 or layer != MPEG_LAYER_III:
        return None
    if bitrate in (0, 15) or rate == 3:  # 0 is "free format": no length to walk by
        return None
    mpeg1 = version == 3
    kbps = (MPEG1_KBPS if mpeg1 else MPEG2_KBPS)[bitrate]
    hertz = MPEG_RATES[version][rate]
    samples = 1152 if mpeg1 else 576
    length = samples // 8 * kbps * 1000 // hertz + (word >> 9 & 1)
    return MpegFrame(mpeg1, word >> 6 & 3 == 3, length, samples)


def _mpeg_start(descriptor: int) -> int:
    """Where the first of two frames in a row starts, after any tag and junk; 0 if none does."""
    head = os.pread(descriptor, 10, 0)
    start = _id3_length(head) if head.startswith(b"ID3") and len(head) == 10 else 0
    data = os.pread(descriptor, SNIFF_BYTES, start)
    for offset in range(max(0, len(data) - 4)):
        frame = _mpeg_frame(data, offset)
        if frame is not None and _mpeg_frame(data, offset + frame.length) is not None:
            return start + offset
    return start


def _mpeg_counts_frames(descriptor: int) -> bool:
    """Whether the MP3's first frame is a Xing, Info or VBRI tag with the count of frames.

    Without one, libsndfile guesses the length from the first frame's bit rate (a VBR file
    came out 45 % long, a steady tone 85 % short) and decodes no further than its guess.
    """
    frame = os.pread(descriptor, 256, _mpeg_start(descriptor))
    first = _mpeg_frame(frame, 0)
    if first is None:
        return False
    side = 4 + MPEG_SIDE_INFO[first.mpeg1, first.mono]
    for at in (side, side + 2):  # after the CRC, when the header says there is one
        if frame[at : at + 4] in (b"Xing", b"Info"):
            return bool(int.from_bytes(frame[at + 4 : at + 8], "big") & 1)
    return frame[VBRI_OFFSET : VBRI_OFFSET + 4] == b"VBRI"


def _mpeg_samples(descriptor: int, size: int) -> int:
    """The samples in the MP3's chain of frames, counted from their headers, not decoded."""
    offset = _mpeg_start(descriptor)
    samples, chunk, chunk_start = 0, b"", offset
    while offset < size:
        if offset + 4 > chunk_start + len(chunk):
            chunk, chunk_start = os.pread(descriptor, MPEG_CHUNK_BYTES, offset), offset
        frame = _mpeg_frame(chunk, offset - chunk_start)
        if frame is None or offset + frame.length > size:  # a tag, junk, or a last frame cut
            break
        samples += frame.samples
        offset += frame.length
    return samples
