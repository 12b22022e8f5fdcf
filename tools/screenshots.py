"""Render the main states of the window to docs/screenshots, offscreen, with a manual clock.

.venv/bin/python tools/screenshots.py [OUT_DIR] [--size 1280x800]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import QApplication  # noqa: E402

from app.audio.library import SoundLibrary  # noqa: E402
from app.audio.opening import open_engine  # noqa: E402
from app.core.events import Pressure
from app.core.plan import BUILT_IN_PLANS
from app.core.preparation import Preparation  # noqa: E402
from app.core.room import Checklist, ChecklistItem  # noqa: E402
from app.core.session import Session
from app.core.settings import UiState  # noqa: E402
from app.paths import AppPaths
from app.ui.actions import create_actions
from app.ui.audio_bridge import AudioBridge  # noqa: E402
from app.ui.main_window import MainWindow  # noqa: E402
from app.ui.session_bridge import SessionBridge  # noqa: E402
from app.ui.theme import DARK, LIGHT, apply_theme  # noqa: E402
from app.user_files import UserFiles  # noqa: E402


class ManualClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", nargs="?", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--size", default="1280x800")
    parser.add_argument("--light", action="store_true")
    args = parser.parse_args()
    width, height = (int(n) for n in args.size.split("x"))
    args.out.mkdir(parents=True, exist_ok=True)
    suffix = f"-{args.size}" + ("-light" if args.light else "")

    app = QApplication([])
    theme = LIGHT if args.light else DARK
    apply_theme(app, theme)
    paths = AppPaths.from_platform(Path(os.environ.get("TMPDIR", "/tmp")) / "lull-shots")
    library = SoundLibrary.open(paths.audio_assets, paths.data / "sounds")
    clock = ManualClock()
    audio = AudioBridge(open_engine(), library, clock)
    bridge = SessionBridge(lambda plan: Session(plan, clock), clock)
    checklist = Checklist()
    preparation = Preparation(BUILT_IN_PLANS, checklist, chosen="classic")
    window = MainWindow(
        preparation,
        bridge,
        audio,
        UiState(),
        theme,
        commands=create_actions(app),
        mixes=UserFiles.open(paths).mixes,
    )
    window.load_chosen_plan()
    window.resize(width, height)
    window.show()
    audio.play_mix({"river": 0.7, "soft-music": 0.4})
    checklist.mark(ChecklistItem.OIL)
    window.room.mark(ChecklistItem.LIGHTS, True)

    def shot(name: str) -> None:
        app.processEvents()
        path = args.out / f"{name}{suffix}.png"
        window.grab().save(str(path))
        print(path)

    shot("preparing")
    window.commands["start-pause"].trigger()
    shot("start-prompt")
    window.session_view.start_prompt.startAnyway.emit()
    clock.now += 8 * 60 + 5
    bridge.tick()
    shot("checkin")
    window.commands["just-right"].trigger()
    bridge.session.answer_checkin(Pressure.FIRMER)
    window.commands["start-pause"].trigger()
    shot("paused")
    window.commands["start-pause"].trigger()
    was_open = window.ambience.isVisible()  # a column when wide; a closed drawer when narrow
    if not was_open:
        window.commands["ambience-panel"].trigger()
    shot("ambience")
    if not was_open:
        window.commands["ambience-panel"].trigger()
    window.commands["full-screen"].trigger()
    shot("full-screen")
    window.commands["full-screen"].trigger()
    clock.now += 30 * 60
    bridge.tick()
    shot("ended")
    audio.engine.close()


if __name__ == "__main__":
    main()
