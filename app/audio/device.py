"""Opening and closing pygame's mixer, and the facts about the output it opened."""

from __future__ import annotations

import contextlib
import ctypes
import functools
import logging
import os
import sys
from pathlib import Path

import pygame

from app.audio.engine import EngineInfo
from app.audio.errors import NoSoundDevice

log = logging.getLogger(__name__)

CHANNELS = 2
SAMPLE_SIZE = -16  # signed 16-bit: what SDL's mixer adds up natively
AUDIO_S16SYS = 0x8010 if sys.byteorder == "little" else 0x9010  # the same, as SDL names it
FRAME_BYTES = CHANNELS * abs(SAMPLE_SIZE) // 8
# Drivers whose "output" is the mix itself: the disk driver writes each buffer to its file as
# it is mixed, so a sample is "heard" when mixed. Everything else queues about one buffer
# (PulseAudio reported a 66 ms stream buffer plus up to 25 ms of sink latency at 4096 frames).
IMMEDIATE_DRIVERS = frozenset({"disk", "dummy"})
# SDL numbers the outputs it has open from 1 and reuses the numbers (SDL_mixer's is 2); one
# that its sound server left is SDL_AUDIO_STOPPED, as is a number not in use.
DEVICE_IDS = range(1, 9)
SDL_AUDIO_STOPPED = 0


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
    with contextlib.suppress(pygame.error):  # pygame already quit (a rest without SDL_mixer)
        _stop_music()
    pygame.mixer.quit()


def _stop_music() -> None:
    pygame.mixer.music.stop()
    pygame.mixer.music.unload()


def rest_mixer() -> bool:
    """Closes the output device, pygame's mixer kept as it is, for wake_mixer to open again;
    True when it was so kept (its sounds play again after the wake, as they were decoded).

    SDL_mixer is asked directly, through ctypes, which lets go of Python's lock while the sound
    server answers. pygame's quit and init keep it throughout (3 ms on a quiet machine, 20 ms
    on a busy one), and the window's Python cannot run meanwhile. Where SDL_mixer cannot be
    found in this process, pygame's own quit does it."""
    mixer = _sdl_mixer()
    if mixer is None:
        close_mixer()
        return False
    _stop_music()
    mixer.Mix_CloseAudio()
    return True


def wake_mixer(frequency: int, buffer_frames: int, channels: int, reserved: int) -> None:
    """Opens again the device rest_mixer closed, as open_mixer opened it; NoSoundDevice when
    it no longer opens."""
    mixer = _sdl_mixer()
    if mixer is None:
        open_mixer(frequency, buffer_frames, channels, reserved)
        return
    if mixer.Mix_OpenAudioDevice(frequency, AUDIO_S16SYS, CHANNELS, buffer_frames, None, 0):
        said = _sdl_says("SDL_GetError") or "nothing"
        raise NoSoundDevice(f"No sound device could be opened (the system said: {said}).")
    # SDL_mixer starts again with its own channels: Lull's number, and those it keeps.
    pygame.mixer.set_num_channels(channels)
    pygame.mixer.set_reserved(reserved)


def output_lost() -> bool:
    """The output the mixer opened has stopped by itself: its sound server went away, and SDL
    mixes nothing more into it (pygame still says its sounds play). False when SDL cannot be
    asked."""
    sdl = _sdl()
    if sdl is None:
        return False
    return all(sdl.SDL_GetAudioDeviceStatus(device) == SDL_AUDIO_STOPPED for device in DEVICE_IDS)


def current_driver() -> str:
    """SDL's name for the audio driver in use (pygame itself does not say)."""
    return _sdl_says("SDL_GetCurrentAudioDriver") or os.environ.get("SDL_AUDIODRIVER", "unknown")


def _sdl_says(function: str) -> str:
    """The text an SDL function without arguments returns, asked of the SDL pygame loaded;
    empty when it cannot be asked."""
    sdl = _sdl()
    call = getattr(sdl, function, None) if sdl is not None else None
    if call is None:
        return ""
    call.restype = ctypes.c_char_p
    return str((call() or b"").decode(errors="replace"))


@functools.cache
def _sdl() -> ctypes.CDLL | None:
    """The SDL pygame loaded (the same copy, so the same audio devices), or None."""
    library = _loaded_library("/libSDL2-2")
    if library is None:
        return None
    try:
        sdl = ctypes.CDLL(str(library))
    except OSError as error:
        log.debug("cannot ask SDL: %s", error)
        return None
    sdl.SDL_GetAudioDeviceStatus.restype = ctypes.c_int
    sdl.SDL_GetAudioDeviceStatus.argtypes = [ctypes.c_uint32]
    return sdl


@functools.cache
def _sdl_mixer() -> ctypes.CDLL | None:
    """The SDL_mixer pygame loaded (the same copy, so the same mixer), or None."""
    library = _loaded_library("/libSDL2_mixer-2")
    if library is None:
        log.info("SDL_mixer is not to be found: the mixer rests through pygame")
        return None
    mixer = ctypes.CDLL(str(library))
    mixer.Mix_CloseAudio.restype = None
    mixer.Mix_CloseAudio.argtypes = []
    mixer.Mix_OpenAudioDevice.restype = ctypes.c_int
    mixer.Mix_OpenAudioDevice.argtypes = [
        ctypes.c_int,
        ctypes.c_uint16,
        ctypes.c_int,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
    ]
    return mixer


def _loaded_library(name: str) -> Path | None:
    """A library pygame loaded, by the start of its file's name (pygame's bundled copy and the
    system's alike), found in this process's memory map (Linux)."""
    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            for line in maps:
                path = line.split()[-1]
                if name in path:
                    return Path(path)
    except OSError:
        return None
    return None
