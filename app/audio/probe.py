"""Checks that a file is sound Lull can play, and measures it, without decoding all of it."""

from __future__ import annotations

import logging
import struct
from pathlib import Path

import soundfile  # type: ignore[import-untyped]  # soundfile ships no type hints

from app.audio.errors import SoundRefused

log = logging.getLogger(__name__)

# The container each accepted extension must hold. pygame picks its stream decoder by the
# extension, so a WAV renamed .mp3 plays as a short sound but fails as a long one: refuse it.
CONTAINERS = {".ogg": "OGG", ".mp3": "MP3", ".wav": "WAV", ".flac": "FLAC"}
# Encodings pygame's decoders play both whole and streamed (Opus inside .ogg and ADPCM WAV
# fail when streamed, so they are refused rather than failing later mid-session).
PLAYABLE = {
    "OGG": {"VORBIS"},
    "MP3": {"MPEG_LAYER_I", "MPEG_LAYER_II", "MPEG_LAYER_III"},
    "WAV": {"PCM_U8", "PCM_16", "PCM_24", "PCM_32", "FLOAT"},
    "FLAC": {"PCM_S8", "PCM_16", "PCM_24"},
}
MIN_SECONDS = 0.1  # anything shorter is a click, not a sound; a truncated OGG measures 0.0
HEAD_SECONDS = 10.0  # decoding this much proves the codec works without holding an hour of audio
TAIL_SECONDS = (
    1.0  # decoding the last second proves the file is whole (a cut MP3 still has a length)
)


def probe(path: Path) -> float:
    """The length in seconds of a playable sound file; SoundRefused says why it is not one."""
    name = f"“{path.name}”"
    container = CONTAINERS.get(path.suffix.lower())
    if container is None:
        raise SoundRefused(
            f"{name} is not a sound Lull can use: choose an OGG, MP3, WAV or FLAC file."
        )
    if not path.is_file():
        raise SoundRefused(f"{name} could not be found.")
    if path.stat().st_size == 0:
        raise SoundRefused(f"{name} is empty.")
    if container not in soundfile.available_formats():
        raise SoundRefused(
            f"This computer's sound library cannot read {container} files like {name}."
        )
    try:
        info = soundfile.info(str(path))
        seconds = info.frames / info.samplerate if info.samplerate else 0.0
        _check_encoding(name, container, info.format, info.subtype)
        _check_whole(path, info.frames, info.samplerate)
    except soundfile.LibsndfileError as error:
        log.info("refused %s: %s", path, error)
        raise SoundRefused(f"{name} could not be read as sound: it may be damaged.") from error
    except _Incomplete as error:
        log.info("refused %s: %s", path, error)
        raise SoundRefused(f"{name} ends early: the file looks incomplete.") from error
    if seconds < MIN_SECONDS:
        raise SoundRefused(f"{name} holds no sound Lull can play: it may be incomplete.")
    return seconds


class _Incomplete(Exception):
    """The file decodes, but less of it than its header promises."""


def _check_encoding(name: str, container: str, found: str, subtype: str) -> None:
    if found != container:
        raise SoundRefused(f"{name} holds {found} audio under another name; rename it to match.")
    if subtype not in PLAYABLE[container]:
        raise SoundRefused(
            f"{name} uses an encoding Lull cannot play ({subtype}); "
            "save it as OGG Vorbis, MP3 or FLAC."
        )


def _check_whole(path: Path, frames: int, rate: int) -> None:
    """Decodes the head and the tail; reading fewer frames than asked means the file is cut."""
    if frames <= 0:
        return
    head = min(frames, int(HEAD_SECONDS * rate))
    tail = min(frames, int(TAIL_SECONDS * rate))
    with soundfile.SoundFile(str(path)) as sound:
        if len(sound.read(head, dtype="int16")) < head:
            raise _Incomplete(f"only part of the first {head} frames decoded")
        sound.seek(frames - tail)
        if len(sound.read(tail, dtype="int16")) < tail:
            raise _Incomplete(f"the last {tail} of {frames} frames are missing")
    if path.suffix.lower() == ".wav":
        _check_wav_length(path)


def _check_wav_length(path: Path) -> None:
    """libsndfile quietly measures a cut WAV by its size; its header still says how long it was."""
    with path.open("rb") as file:
        riff, _, wave = struct.unpack("<4sI4s", file.read(12))
        if riff != b"RIFF" or wave != b"WAVE":
            return  # RF64 and other variants carry their length elsewhere; decoding has passed
        while chunk := file.read(8):
            if len(chunk) < 8:
                return
            kind, size = struct.unpack("<4sI", chunk)
            if kind == b"data":
                available = path.stat().st_size - file.tell()
                if 0 < size < 0xFFFFFFFF and available < size:
                    raise _Incomplete(
                        f"the header promises {size} bytes of audio, {available} remain"
                    )
                return
            file.seek(size + (size & 1), 1)
