"""SDL's disk audio driver watched from outside: what a lull process played, and when (wall clock).

The driver mixes one block, appends it to the file at once, then sleeps about one block; it
writes raw signed 16-bit interleaved stereo with no header. A thread here notes the wall time
(time.time(), the clock the app's log timestamps use) at which each block reached the file, so a
sample can be placed in time: a block's first frame is output when the block is written.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from app.audio.engine import DEFAULT_BUFFER_FRAMES, DEFAULT_FREQUENCY

RATE = DEFAULT_FREQUENCY
BLOCK_FRAMES = DEFAULT_BUFFER_FRAMES  # the mixer's buffer: the driver writes this many at a time
FRAME_BYTES = 4  # two channels of signed 16-bit
POLL_SECONDS = 0.0005  # how often the file's size is looked at: well under a millisecond

Samples = NDArray[np.float64]


class DiskOutput:
    """The file one lull process's disk driver writes, and when each of its blocks landed."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._seen: list[tuple[float, int]] = []  # (wall time, file size) at each change
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def start(self) -> None:
        """Watch from now on: before the process starts, so its first block is seen."""
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def samples(self) -> Samples:
        """Every whole frame written so far, (frames, 2), as floats in -1..1."""
        raw = np.fromfile(self.path, dtype="<i2")
        return raw[: len(raw) // 2 * 2].reshape(-1, 2).astype(np.float64) / 32768

    def block_times(self) -> NDArray[np.float64]:
        """The wall time at which each whole block was seen complete in the file."""
        sizes = np.array([size for _, size in self._seen], dtype=np.int64)
        times = np.array([when for when, _ in self._seen])
        blocks = int(sizes.max(initial=0)) // (BLOCK_FRAMES * FRAME_BYTES)
        ends = (np.arange(blocks) + 1) * BLOCK_FRAMES * FRAME_BYTES
        # A write may be caught half done; the block is complete at the first size past its end.
        return times[np.searchsorted(sizes, ends)]

    def written_until(self) -> float:
        """The wall time at which the last whole block so far was written; 0 before any."""
        times = self.block_times()
        return float(times[-1]) if len(times) else 0.0

    def time_of(self, frame: int) -> float:
        """The wall time at which `frame` was output."""
        block, within = divmod(frame, BLOCK_FRAMES)
        return float(self.block_times()[block]) + within / RATE

    def frame_at(self, when: float) -> int:
        """The frame being output at wall time `when` (clamped to what was written)."""
        starts = self.block_times()
        block = int(np.clip(np.searchsorted(starts, when, side="right") - 1, 0, len(starts) - 1))
        within = round((when - starts[block]) * RATE)
        return block * BLOCK_FRAMES + int(np.clip(within, 0, BLOCK_FRAMES - 1))

    def _watch(self) -> None:
        last = 0
        while not self._stop.is_set():
            try:
                size = os.stat(self.path).st_size
            except FileNotFoundError:
                size = 0
            if size != last:
                self._seen.append((time.time(), size))
                last = size
            time.sleep(POLL_SECONDS)
