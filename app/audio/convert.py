"""Rewrites a sound pygame cannot play as it is into FLAC, which it plays whole and streamed."""

from __future__ import annotations

import errno
import io
import logging
import os
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import numpy as np
import soundfile  # type: ignore[import-untyped]  # soundfile ships no type hints

from app.audio.errors import SoundRefused
from app.audio.probe import (
    BLOCK_FRAMES,
    MAX_CHANNELS,
    UNKNOWN_BLOCK_FRAMES,
    UNKNOWN_FRAMES,
    open_regular,
)

log = logging.getLogger(__name__)

# FLAC: lossless, so a converted sound is the sound the user chose; libsndfile writes it in
# blocks without trouble (one sf.write of 60 s of OGG Vorbis crashed it), and pygame plays it
# whole and streamed at every rate and 1 to 8 channels measured.
FORMAT = "FLAC"
# Sources with more than 16 bits keep 24 (FLAC holds no floats); the rest need no more than 16.
DEEP_SUBTYPES = {"PCM_24", "PCM_32", "FLOAT", "DOUBLE", "ALAC_20", "ALAC_24", "ALAC_32", "DWVW_24"}


def convert(source: Path, out: IO[bytes]) -> None:
    """Decodes `source` in blocks and writes it as FLAC into `out`, a file open for writing.

    More than 8 channels (which SDL cannot mix) are folded to stereo. SoundRefused when the
    source no longer decodes; OSError when `out` cannot be written.
    """
    name = f"“{source.name}”"
    descriptor = open_regular(source)
    try:
        try:
            sound = soundfile.SoundFile(descriptor, closefd=False)
        except soundfile.LibsndfileError as error:
            raise SoundRefused(f"{name} could not be decoded any more.") from error
        with sound:
            _write(sound, out, name)
    finally:
        os.close(descriptor)


def _write(sound: soundfile.SoundFile, out: IO[bytes], name: str) -> None:
    channels = sound.channels if sound.channels <= MAX_CHANNELS else 2
    subtype = "PCM_24" if sound.subtype in DEEP_SUBTYPES else "PCM_16"
    log.info(
        "converting %s (%s %s, %d channels, %d Hz) to %s %s, %d channels",
        name,
        sound.format,
        sound.subtype,
        sound.channels,
        sound.samplerate,
        FORMAT,
        subtype,
        channels,
    )
    target = _Writer(out)
    unknown = sound.frames >= UNKNOWN_FRAMES  # its last block fails: see probe.UNKNOWN_FRAMES
    frames_at_once = UNKNOWN_BLOCK_FRAMES if unknown else BLOCK_FRAMES
    block = np.empty((frames_at_once, sound.channels), dtype=np.float32)
    try:
        with (
            _ctrl_c_between_blocks() as let_in,
            soundfile.SoundFile(
                target, "w", sound.samplerate, channels, subtype, format=FORMAT
            ) as flac,
        ):
            while frames := _read(sound, block, name, unknown):
                let_in()
                part = block[:frames]
                if channels != sound.channels:
                    part = _fold_to_stereo(part)
                # Floats may go past full scale; pygame clips them too, where FLAC would wrap.
                # A sample that is not a number (NaN, an infinity) becomes silence, not a roar
                # or a full-scale thump.
                np.nan_to_num(part, copy=False, nan=0.0, posinf=0.0, neginf=0.0)
                np.clip(part, -1.0, 1.0, out=part)
                flac.write(part)
                if target.error is not None:
                    raise target.error  # the disk's own reason, such as "No space left"
    except (soundfile.LibsndfileError, AssertionError) as error:  # soundfile asserts on writes
        if target.error is not None:
            raise target.error from None
        raise OSError(errno.EIO, f"FLAC could not be written: {error}") from error


class _Writer:
    """`out` as libsndfile writes to it, keeping the OSError it would otherwise never see.

    soundfile calls these from C; an exception raised there is printed and lost, and libsndfile
    is told only that nothing was written.
    """

    def __init__(self, out: IO[bytes]) -> None:
        self._out = out
        self.error: OSError | None = None

    def write(self, data: bytes) -> int:
        try:
            return self._out.write(data)
        except OSError as error:
            self.error = self.error or error
            return 0

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self._out.seek(offset, whence)

    def tell(self) -> int:
        return self._out.tell()

    def read(self, size: int = -1) -> bytes:
        return b""  # FLAC is written without reading back; `out` is open for writing only


@contextmanager
def _ctrl_c_between_blocks() -> Iterator[Callable[[], None]]:
    """Ctrl-C held back while libsndfile works, and let in between blocks (by the function
    yielded). soundfile calls back into Python from C as it writes, and a KeyboardInterrupt
    raised there is printed as a traceback and lost: the import went on and said "Added"."""
    held = {signal.SIGINT}
    before = signal.pthread_sigmask(signal.SIG_BLOCK, held)

    def let_in() -> None:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)  # one waiting is raised here
        signal.pthread_sigmask(signal.SIG_BLOCK, held)

    try:
        yield let_in
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def _read(sound: soundfile.SoundFile, block: np.ndarray, name: str, unknown: bool) -> int:
    try:
        return int(sound.buffer_read_into(block, "float32"))
    except soundfile.LibsndfileError as error:
        if unknown:
            return 0
        raise SoundRefused(f"{name} could not be decoded to its end any more.") from error


def _fold_to_stereo(part: np.ndarray) -> np.ndarray:
    """Even channels to the left, odd to the right: every layout lists a left before its right."""
    return np.column_stack([part[:, 0::2].mean(axis=1), part[:, 1::2].mean(axis=1)])
