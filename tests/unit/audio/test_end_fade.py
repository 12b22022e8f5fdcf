"""The fade at a session's end, through pygame's real mixer: down to silence, never back up."""

from __future__ import annotations

import time
from itertools import pairwise

import numpy as np
from unit.audio.audio_signals import (
    RATE,
    SILENCE_DB,
    DiskMixer,
    MakeSound,
    db,
    drive,
    rms_db,
    tone_amplitude,
    window_levels,
)

from app.audio.duck import UP_SECONDS
from app.audio.sound import Kind

SOUNDSCAPE_HZ = 441  # 441 whole periods in its one-second loop: a steady, seamless tone
CHIME_HZ = 1760  # far from the soundscape, so each is measured without the other
CHIME_SECONDS = 2.0
# The end fade shortened to a test's length; the chime still dies away a third of the way in.
FADE_SECONDS = 6.0
WINDOW_SECONDS = 0.25
RISE_DB = 0.1  # rounding to SDL's volume steps, not a swell anyone hears


def soundscape_levels(samples: np.ndarray) -> list[float]:
    """The soundscape's own level in each window, the chime's sound left out."""
    width = round(WINDOW_SECONDS * RATE)
    return [
        db(tone_amplitude(samples[i : i + width], SOUNDSCAPE_HZ))
        for i in range(0, len(samples) - width + 1, width)
    ]


def test_the_end_fade_falls_steadily_to_silence_though_the_end_chime_dies_away_in_it(
    disk_mixer: DiskMixer, make_sound: MakeSound
) -> None:
    engine = disk_mixer.open()
    engine.play_layer(make_sound("river", SOUNDSCAPE_HZ, seconds=1.0, attack=0), fade_in=0)
    chime = make_sound(
        "chime-end", CHIME_HZ, seconds=CHIME_SECONDS, kind=Kind.CHIME, loop=False, attack=0.05
    )
    drive(engine, 0.6)
    ended = time.monotonic()
    engine.play_chime(chime)  # as the session's end does: the end chime, then the fade
    engine.fade_out_all(FADE_SECONDS)
    drive(engine, FADE_SECONDS + 0.5)
    disk_mixer.finish()

    soundscape = soundscape_levels(disk_mixer.between(ended, ended + FADE_SECONDS))
    rises = [later - earlier for earlier, later in pairwise(soundscape)]
    assert max(rises) < RISE_DB, " ".join(f"{level:.2f}" for level in soundscape)
    # Once the chime has died away and the dip under it would have lifted, all that is heard.
    after_chime = ended + CHIME_SECONDS + UP_SECONDS
    heard = window_levels(
        disk_mixer.between(after_chime, ended + FADE_SECONDS), round(WINDOW_SECONDS * RATE)
    )
    assert max(later - earlier for earlier, later in pairwise(heard)) < RISE_DB, heard
    assert soundscape[0] - soundscape[-1] > 20
    tail = disk_mixer.between(ended + FADE_SECONDS + 0.25, ended + FADE_SECONDS + 0.45)
    assert rms_db(tail) <= SILENCE_DB
