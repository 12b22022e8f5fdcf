"""What a sound file's own bytes say about it: chunk lengths, Ogg pages, MPEG frames. Read
where libsndfile measures by guess or by size, so that a cut file is told from a whole one."""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass

ID3_HEADER_BYTES = 10
SNIFF_BYTES = 4096  # enough of a file's start to tell its kind when libsndfile cannot open it
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


def wave_tag(head: bytes) -> int | None:
    """The format tag in a RIFF WAVE's fmt chunk, if it is within `head`."""
    order = ">" if head.startswith(b"RIFX") else "<"
    offset = 12
    while offset + 10 <= len(head):
        kind, length = struct.unpack_from(f"{order}4sI", head, offset)
        if kind == b"fmt ":
            return int(struct.unpack_from(f"{order}H", head, offset + 8)[0])
        offset += 8 + length + (length & 1)
    return None


def share_present(descriptor: int, size: int) -> float | None:
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


def ogg_breaks_off(descriptor: int, size: int) -> bool:
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


def id3_length(head: bytes) -> int:
    """The bytes an ID3v2 tag takes at the start of a file (its size is 7 bits a byte)."""
    if len(head) < ID3_HEADER_BYTES:
        return 0  # "ID3" and no more: no tag to skip, only too little to be sound
    size = 0
    for byte in head[6:10]:
        size = size << 7 | byte & 0x7F
    return 10 + size + (10 if head[5] & 0x10 else 0)


def mpeg_frame(data: bytes, offset: int) -> MpegFrame | None:
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
    start = id3_length(head) if head.startswith(b"ID3") and len(head) == 10 else 0
    data = os.pread(descriptor, SNIFF_BYTES, start)
    for offset in range(max(0, len(data) - 4)):
        frame = mpeg_frame(data, offset)
        if frame is not None and mpeg_frame(data, offset + frame.length) is not None:
            return start + offset
    return start


def mpeg_counts_frames(descriptor: int) -> bool:
    """Whether the MP3's first frame is a Xing, Info or VBRI tag with the count of frames.

    Without one, libsndfile guesses the length from the first frame's bit rate (a VBR file
    came out 45 % long, a steady tone 85 % short) and decodes no further than its guess.
    """
    frame = os.pread(descriptor, 256, _mpeg_start(descriptor))
    first = mpeg_frame(frame, 0)
    if first is None:
        return False
    side = 4 + MPEG_SIDE_INFO[first.mpeg1, first.mono]
    for at in (side, side + 2):  # after the CRC, when the header says there is one
        if frame[at : at + 4] in (b"Xing", b"Info"):
            return bool(int.from_bytes(frame[at + 4 : at + 8], "big") & 1)
    return frame[VBRI_OFFSET : VBRI_OFFSET + 4] == b"VBRI"


def mpeg_samples(descriptor: int, size: int) -> int:
    """The samples in the MP3's chain of frames, counted from their headers, not decoded."""
    offset = _mpeg_start(descriptor)
    samples, chunk, chunk_start = 0, b"", offset
    while offset < size:
        if offset + 4 > chunk_start + len(chunk):
            chunk, chunk_start = os.pread(descriptor, MPEG_CHUNK_BYTES, offset), offset
        frame = mpeg_frame(chunk, offset - chunk_start)
        if frame is None or offset + frame.length > size:  # a tag, junk, or a last frame cut
            break
        samples += frame.samples
        offset += frame.length
    return samples
