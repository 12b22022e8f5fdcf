"""Run as a program: plays sound files through pygame's real mixer, whole and then streamed.

    python stored_player.py FILE...

All the files start at once as mixer.Sound (as app/audio/layers.py loads a short sound), play
for WHOLE_SECONDS, and stop; then each streams through mixer.music (as a long sound does) for
STREAM_SECONDS, one after the other, with GAP_SECONDS of silence around each. The output goes
where SDL_AUDIODRIVER and SDL_DISKAUDIOFILE send it. Each file that fails prints one line,
"whole|streamed FILE: error", on stdout.
"""

from __future__ import annotations

import sys
import time

import pygame

import app.audio  # noqa: F401  (sets PYGAME_HIDE_SUPPORT_PROMPT before pygame is imported)
from app.audio.device import close_mixer, open_mixer
from app.audio.engine import DEFAULT_BUFFER_FRAMES, DEFAULT_FREQUENCY

WHOLE_SECONDS = 1.0  # long enough for several 0.1 s measuring windows, short for the test
STREAM_SECONDS = 0.4  # each stream in turn: the real-time cost is this times the files
GAP_SECONDS = 0.2  # silence that separates one stream's tone from the next one's


def main(files: list[str]) -> None:
    open_mixer(DEFAULT_FREQUENCY, DEFAULT_BUFFER_FRAMES, channels=len(files), reserved=0)
    sounds = []
    for name in files:
        try:
            sounds.append(pygame.mixer.Sound(name))
        except (pygame.error, OSError) as error:
            print(f"whole {name}: {error}", flush=True)
    for sound in sounds:
        sound.play()
    time.sleep(WHOLE_SECONDS)
    pygame.mixer.stop()
    time.sleep(GAP_SECONDS)
    for name in files:
        try:
            pygame.mixer.music.load(name)
            pygame.mixer.music.play()
        except pygame.error as error:
            print(f"streamed {name}: {error}", flush=True)
            continue
        time.sleep(STREAM_SECONDS)
        pygame.mixer.music.stop()
        time.sleep(GAP_SECONDS)
    close_mixer()


if __name__ == "__main__":
    main(sys.argv[1:])
