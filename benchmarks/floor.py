"""The floor Lull is measured against: the least a Qt window with pygame's mixer can do."""

# Run by the benchmarks, by path, as its own process:
#   floor.py startup          a bare window and mixer.init(), then "window shown X s after start"
#   floor.py play FILE...     that, looping FILEs at 4096 frames, a label redrawn once a second
#   floor.py bare             a bare window: no mixer, no timer (the idle floor)
# It prints what Lull logs, in Lull's words, so one parser reads both.

import time

STARTED = time.monotonic()  # as Lull's main() notes its start on its first line

import os  # noqa: E402
import sys  # noqa: E402

WINDOW_SIZE = (1280, 800)  # Lull's default size
BUFFER_FRAMES = 4096  # Lull's buffer, chosen by measurement (docs/audio.md)
VOLUME = 0.49  # Lull's default layer volume 0.7 under its default master volume 0.7
COUNTDOWN_SHARE = 1 / 3  # the design's countdown: a third of the window's height


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def main() -> None:
    mode, files = sys.argv[1], sys.argv[2:]
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    # Else SDL turns SIGTERM into an event nobody reads, and the benchmark must SIGKILL us.
    os.environ.setdefault("SDL_NO_SIGNAL_HANDLERS", "1")
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication([sys.argv[0]])
    if mode != "bare":
        import pygame

        pygame.mixer.init(44100, -16, 2, BUFFER_FRAMES, allowedchanges=0)
    window = QMainWindow()
    label = QLabel("30:00")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    font = label.font()
    font.setPixelSize(round(WINDOW_SIZE[1] * COUNTDOWN_SHARE))
    label.setFont(font)
    window.setCentralWidget(label)
    window.resize(*WINDOW_SIZE)
    window.show()
    QTimer.singleShot(
        0, lambda: say(f"window shown {time.monotonic() - STARTED:.3f} s after start")
    )
    if mode == "play":
        sounds = [pygame.mixer.Sound(path) for path in files]
        for sound in sounds:
            sound.set_volume(VOLUME)
            sound.play(loops=-1)
        left = [30 * 60]

        def count_down() -> None:
            left[0] -= 1
            label.setText(f"{left[0] // 60:02d}:{left[0] % 60:02d}")

        timer = QTimer()
        timer.setTimerType(Qt.TimerType.PreciseTimer)  # as Lull's: each second on the second
        timer.timeout.connect(count_down)
        timer.start(1000)
        say("playing")
    app.exec()


if __name__ == "__main__":
    main()
