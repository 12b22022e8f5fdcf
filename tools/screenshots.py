"""Render the main states of the window, and the dialogs for the people it is for, to
docs/screenshots, offscreen, with a manual clock and a history made up for the pictures.

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

from dataclasses import replace  # noqa: E402
from datetime import UTC, date, datetime, timedelta  # noqa: E402

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget  # noqa: E402

from app.audio.library import SoundLibrary  # noqa: E402
from app.audio.opening import open_engine  # noqa: E402
from app.core.database import DATABASE_NAME, Database
from app.core.events import CheckinAnswer, Pressure
from app.core.history import History
from app.core.people import Concern, Firmness, GoEasy, PeopleBook, Person, SafetyCheck
from app.core.plan import BUILT_IN_PLANS, Area, PhaseKind, Position, built_in_plan
from app.core.preparation import Preparation  # noqa: E402
from app.core.room import Checklist, ChecklistItem  # noqa: E402
from app.core.session import Session
from app.core.settings import UiState  # noqa: E402
from app.paths import AppPaths
from app.ui.actions import create_actions
from app.ui.audio_bridge import AudioBridge  # noqa: E402
from app.ui.history_view import HistoryView
from app.ui.main_window import MainWindow  # noqa: E402
from app.ui.people import PersonEditor
from app.ui.people_flow import PeopleFlow
from app.ui.plan_editor import PlanEditor
from app.ui.relief import ReliefDialog
from app.ui.safety_check import SafetyCheckDialog
from app.ui.session_bridge import SessionBridge  # noqa: E402
from app.ui.theme import DARK, LIGHT, apply_theme  # noqa: E402
from app.user_files import UserFiles  # noqa: E402

SETTLE_MS = 100


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
    for old in paths.data.glob("lull.db*"):  # the same made-up history each time
        old.unlink()
    database = Database.open(paths.data / DATABASE_NAME)
    people, history = PeopleBook(database), History(database)
    library = SoundLibrary.open(paths.audio_assets, paths.data / "sounds")
    clock = ManualClock()
    audio = AudioBridge(open_engine(), library, clock)
    checklist = Checklist()
    preparation = Preparation(BUILT_IN_PLANS, checklist, chosen="classic")
    bridge = SessionBridge(lambda plan: Session(plan, clock, person=preparation.person), clock)
    window = MainWindow(
        preparation,
        bridge,
        audio,
        UiState(),
        theme,
        commands=create_actions(app),
        mixes=UserFiles.open(paths).mixes,
    )
    flow = PeopleFlow(
        window,
        window.top_bar.person_chooser,
        preparation,
        people,
        history,
        tell=window.statusBar().showMessage,
        now=lambda: NOW,
    )
    window.load_chosen_plan()
    window.resize(width, height)
    window.show()
    audio.play_mix({"river": 0.7, "soft-music": 0.4})
    checklist.mark(ChecklistItem.OIL)
    window.room.mark(ChecklistItem.LIGHTS, True)

    def shot(name: str) -> None:
        # What a change queues (the card's words a turn later, its fit) is drawn before the shot.
        settled = QEventLoop()
        QTimer.singleShot(SETTLE_MS, settled.quit)
        settled.exec()
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
    bridge.choose_phase(len(bridge.session.plan.phases) - 2)  # far: asked before it is made
    shot("jump-asked")
    bridge.cancel_jump()
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

    sam = people.save(SAM)
    make_history(history, sam)
    flow.choose(sam.id)
    window.commands["start-pause"].trigger()  # after the safety check, on Sam's card
    window.session_view.start_prompt.startAnyway.emit()
    clock.now += sum(bridge.session.durations[:3]) + 75  # kneading the shoulders, sore ones
    bridge.tick()
    shot("for-sam")

    # Sam's own plan: chosen from the list, then kneading the shoulders, right side now.
    bridge.end()
    for box in window.findChildren(QMessageBox):  # the thought about a specialist, read
        box.done(0)
    preparation.show_own([SUNDAY], SUNDAY.id)
    window.top_bar.plan_choice.showPopup()
    app.processEvents()
    path = args.out / f"plan-chooser{suffix}.png"
    corner = window.mapToGlobal(window.rect().topLeft())
    app.primaryScreen().grabWindow(0, corner.x(), corner.y(), width, height).save(str(path))
    print(path)
    window.top_bar.plan_choice.hidePopup()
    window.commands["start-pause"].trigger()
    window.session_view.start_prompt.startAnyway.emit()
    kneading = next(n for n, phase in enumerate(SUNDAY.phases) if phase.sides)
    clock.now += sum(bridge.session.durations[:kneading]) + bridge.session.durations[kneading] * 0.6
    bridge.tick()
    shot("sides")

    def dialog_shot(name: str, dialog: QWidget) -> None:
        dialog.show()
        app.processEvents()
        path = args.out / f"{name}{suffix}.png"
        dialog.grab().save(str(path))
        print(path)

    for name, dialog in (
        ("person-editor", PersonEditor(people.get(sam.id or 0), sessions=4, parent=window)),
        ("relief", ReliefDialog(window)),
        (
            "plan-editor",
            PlanEditor(
                window,
                plan=built_in_plan("classic"),
                copy_of=True,
                save=lambda p: (),
                current_mix=(("river", 0.7),),
                sound_titles={"river": "Calming river"},
            ),
        ),
    ):
        dialog_shot(name, dialog)
        dialog.close()
    check = SafetyCheckDialog("Sam", NOW.date(), window)
    check.boxes[Concern.RASH].setChecked(True)
    dialog_shot("safety-check", check)
    check.continue_button.click()
    dialog_shot("safety-advice", check)
    check.close()
    flow.show_history()
    dialog_shot("history", next(w for w in app.topLevelWidgets() if isinstance(w, HistoryView)))
    audio.engine.close()
    database.close()


NOW = datetime(2026, 11, 30, 20, 0, tzinfo=UTC)
SUNDAY = replace(
    built_in_plan("seated"),
    id="sunday-evening",
    title="Sunday evening with Sam",
    phases=tuple(
        replace(
            phase,
            sides=phase.kind in (PhaseKind.KNEAD, PhaseKind.NECK),
            note="Left shoulder first: it is the sore one." if phase.area is Area.SHOULDERS else "",
        )
        for phase in built_in_plan("seated").phases
    ),
)
SAM = Person(
    "Sam",
    position=Position.SEATED,
    firmness=Firmness.LIGHT,
    focus=frozenset({Area.NECK, Area.SHOULDERS}),
    go_easy=(GoEasy(Area.SHOULDERS, "sore on the left since moving house"),),
    chronic_back_pain=True,
    safety=SafetyCheck(date(2026, 11, 2)),
)


def make_history(history: History, sam: Person) -> None:
    """Four evenings with Sam over four weeks: firmer asked for, the neck again and again."""
    plan = built_in_plan("shoulders-neck")
    for week, relief in enumerate((6, 7, 6, 7)):
        started = NOW - timedelta(days=28 - 7 * week, hours=1)
        record = history.begin(plan, sam.id, started)
        for minute in (4, 8):
            history.checkin(
                record,
                CheckinAnswer(minute * 60.0, Pressure.FIRMER, frozenset({Area.NECK})),
            )
        seconds = [float(phase.seconds) for phase in plan.phases]
        history.phases_given(record, seconds, seconds)
        history.finish(record, started + timedelta(minutes=10), completed=True)
        history.rate(record, relief, "Slept well." if week == 3 else "")


if __name__ == "__main__":
    main()
