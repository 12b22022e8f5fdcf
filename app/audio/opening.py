"""Opening the sound: the pygame mixer when a device opens, else silence that says why."""

from __future__ import annotations

import logging
import time

from app.audio.engine import (
    DEFAULT_BUFFER_FRAMES,
    DEFAULT_FREQUENCY,
    STREAM_THRESHOLD_SECONDS,
    AudioEngine,
)
from app.audio.errors import NoSoundDevice
from app.core.clock import Clock

log = logging.getLogger(__name__)


def open_engine(
    *,
    buffer_frames: int = DEFAULT_BUFFER_FRAMES,
    frequency: int = DEFAULT_FREQUENCY,
    stream_threshold: float = STREAM_THRESHOLD_SECONDS,
    clock: Clock = time.monotonic,
) -> AudioEngine:
    """The pygame mixer when a sound device opens, else a SilentEngine saying why not."""
    # Imported here: pygame takes a third of a second to import, and `lull plans` needs none.
    from app.audio.pygame_engine import PygameEngine
    from app.audio.silent import SilentEngine

    try:
        return PygameEngine.open(
            buffer_frames=buffer_frames,
            frequency=frequency,
            stream_threshold=stream_threshold,
            clock=clock,
        )
    except NoSoundDevice as error:
        log.warning("no sound: %s", error.reason)
        return SilentEngine(error.reason)
