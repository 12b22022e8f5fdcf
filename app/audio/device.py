"""Opening and closing pygame's mixer, and the facts about the output it opened."""

from __future__ import annotations

import ctypes
import logging
import os
from pathlib import Path

import pygame

from app.audio.engine import EngineInfo
from app.audio.errors import NoSoundDevice

log = logging.getLogger(__name__)

CHANNELS = 2
SAMPLE_SIZE = -16  # signed 16-bit: what SDL's mixer adds up natively
FRAME_BYTES = CHANNELS * abs(SAMPLE_SIZE) // 8
# Drivers whose "output" is the mix itself: the disk driver writes each buffer to its file as
# it is mixed, so a sample is "heard" when mixed. Everything else queues about one buffer
# (PulseAudio reported a 66 ms stream buffer plus up to 25 ms of sink latency at 4096 frames).
IMMEDIATE_DRIVERS = frozenset({"disk", "dummy"})


def open_mixer(frequency: int, buffer_frames: int, channels: int, reserved: int) -> EngineInfo:
    """Starts the mixer with exactly these settings; NoSoundDevice when no output opens."""
    if pygame.mixer.get_init():
        log.info("the mixer was already open; reopening it with Lull's settings")
        pygame.mixer.quit()  # a second init with other settings is silently ignored
    # SDL otherwise takes over SIGINT and SIGTERM when its audio starts, and turns them into
    # an event nobody reads: Lull would then ignore Ctrl-C and the desktop's logout.
    os.environ.setdefault("SDL_NO_SIGNAL_HANDLERS", "1")
    try:
        # allowedchanges=0: SDL converts to the device's format itself, so the frequency and
        # buffer asked for are the ones the mixer (and the chime timing) works with.
        pygame.mixer.init(frequency, SAMPLE_SIZE, CHANNELS, buffer_frames, allowedchanges=0)
    except pygame.error as error:
        raise NoSoundDevice(
            f"No sound device could be opened (the system said: {error})."
        ) from error
    pygame.mixer.set_num_channels(channels)
    pygame.mixer.set_reserved(reserved)
    driver = current_driver()
    latency = 0.0 if driver in IMMEDIATE_DRIVERS else buffer_frames / frequency
    info = EngineInfo(
        available=True,
        reason="",
        driver=driver,
        frequency=frequency,
        buffer_frames=buffer_frames,
        output_latency=latency,
    )
    log.info("sound output: %s", info.describe())
    return info


def close_mixer() -> None:
    pygame.mixer.music.stop()
    pygame.mixer.music.unload()
    pygame.mixer.quit()


def current_driver() -> str:
    """SDL's name for the audio driver in use (pygame itself does not say)."""
    library = _loaded_sdl_library()
    if library is not None:
        try:
            get_driver = ctypes.CDLL(str(library)).SDL_GetCurrentAudioDriver
            get_driver.restype = ctypes.c_char_p
            name = get_driver()
            if name:
                return str(name.decode())
        except (OSError, AttributeError) as error:
            log.debug("cannot ask SDL for its audio driver: %s", error)
    return os.environ.get("SDL_AUDIODRIVER", "unknown")


def _loaded_sdl_library() -> Path | None:
    """The SDL2 library pygame loaded, found in this process's memory map (Linux)."""
    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            for line in maps:
                path = line.split()[-1]
                if "/libSDL2-2" in path:  # pygame's bundled copy and the system's alike
                    return Path(path)
    except OSError:
        return None
    return None
