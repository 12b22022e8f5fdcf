"""Plans of one's own in the real window, wired as main.py wires them: made in the editor,
dropped on the window, exported and imported back, deleted, and their sounds played at Start."""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from fake_clock import FakeClock
from PySide6.QtCore import QMimeData, QObject, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from ui.window_geometry import answer_file_dialog, answer_modal, answer_question

from app.core.mixes import MixBook
from app.core.plan import BUILT_IN_PLANS, Phase, PhaseKind, Plan, Position, built_in_plan
from app.core.plan_book import SETTLE_SECONDS, PlanBook
from app.core.plan_file import plan_to_json
from app.core.preparation import Preparation
from app.core.room import Checklist, ChecklistItem
from app.core.session import Session, SessionState
from app.core.settings import UiState
from app.main import wire_eyes_free, wire_plans, wire_sound
from app.ui.actions import ActionId
from app.ui.audio_bridge import AudioBridge
from app.ui.main_window import MainWindow
from app.ui.plan_editor import PlanEditor
from app.ui.plans_flow import PlansFlow
from app.ui.session_bridge import SessionBridge
from app.ui.theme import DARK

CLASSIC = built_in_plan("classic")
EVENING = replace(CLASSIC, id="evening", title="Evening calm", mix=(("river", 0.5),))


class RealisticClock(FakeClock):
    """Like the real clock, a little later at every reading: time passes between a session's
    start and its first tick."""

    def __call__(self) -> float:
        self.now += 1e-5
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return RealisticClock()


@dataclass
class Lull:
    window: MainWindow
    book: PlanBook
    preparation: Preparation
    bridge: SessionBridge
    audio: AudioBridge
    told: list[str]


@pytest.fixture
def lull(
    qtbot: QtBot,
    tmp_path: Path,
    audio: AudioBridge,
    clock: FakeClock,
    commands: dict[ActionId, QAction],
    mixes: MixBook,
    keeper: QObject,
) -> Lull:
    """The window with a plan book of its own in a real data folder, and a ready room."""
    book = PlanBook(tmp_path / "data" / "plans")
    preparation = Preparation(
        BUILT_IN_PLANS, Checklist(set(ChecklistItem)), chosen="classic", own=book.load()
    )
    bridge = SessionBridge(lambda plan: Session(plan, clock), clock, parent=keeper)
    window = MainWindow(preparation, bridge, audio, UiState(), DARK, commands=commands, mixes=mixes)
    qtbot.addWidget(window)
    told: list[str] = []
    window.statusBar().messageChanged.connect(lambda text: text and told.append(text))
    wire_plans(window, book, window.statusBar().showMessage)
    wire_sound(bridge, audio)
    wire_eyes_free(window, 1.0, clock)
    window.load_chosen_plan()
    window.show()
    qtbot.waitExposed(window)
    return Lull(window, book, preparation, bridge, audio, told)


def drop(window: QWidget, *paths: Path) -> bool:
    """Files dragged over the window and dropped on it, as a file manager does; whether the
    window took them."""
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    where = QPoint(window.width() // 2, window.height() // 2)
    action, buttons = Qt.DropAction.CopyAction, Qt.MouseButton.LeftButton
    enter = QDragEnterEvent(where, action, data, buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    if not enter.isAccepted():
        return False
    dropped = QDropEvent(QPointF(where), action, data, buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, dropped)
    return dropped.isAccepted()


def write_plan(folder: Path, plan: Plan) -> Path:
    path = folder / f"{plan.id}.json"
    path.write_text(plan_to_json(plan), encoding="utf-8")
    return path


def own_titles(lull: Lull) -> list[str]:
    return [choice.plan.title for choice in lull.preparation.choices if choice.own]


def test_a_plan_file_dropped_on_the_window_joins_ones_plans_and_is_chosen(
    lull: Lull, tmp_path: Path
) -> None:
    path = write_plan(tmp_path, EVENING)
    assert drop(lull.window, path)
    assert own_titles(lull) == ["Evening calm"]
    assert lull.preparation.plan == EVENING
    assert lull.window.top_bar.plan_choice.currentText() == "Evening calm"
    assert lull.bridge.session.plan.title == "Evening calm"  # ready to start
    assert (tmp_path / "data" / "plans" / "evening.json").exists()
    assert lull.told[-1] == "“Evening calm” is imported."


def test_a_plan_naming_sounds_one_lacks_is_imported_and_says_which(
    lull: Lull, tmp_path: Path
) -> None:
    path = write_plan(tmp_path, replace(EVENING, mix=(("river", 0.5), ("whale-song", 0.4))))
    drop(lull.window, path)
    assert own_titles(lull) == ["Evening calm"]
    assert "whale-song" in lull.told[-1] and "river" not in lull.told[-1]


def test_what_is_not_a_plan_file_is_not_taken_and_a_bad_plan_changes_nothing(
    lull: Lull, tmp_path: Path
) -> None:
    song = tmp_path / "song.ogg"
    song.write_bytes(b"OggS")
    assert not drop(lull.window, song)
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "lull-plan", "version": 2, "phases": []}', encoding="utf-8")
    drop(lull.window, broken)
    assert own_titles(lull) == []
    assert lull.preparation.plan == CLASSIC
    assert lull.told[-1].startswith("broken.json was not imported:")
    assert not (tmp_path / "data" / "plans").exists() or not list(
        (tmp_path / "data" / "plans").glob("*.json")
    )


def test_a_plan_dropped_during_a_session_joins_the_list_but_the_session_goes_on(
    lull: Lull, tmp_path: Path
) -> None:
    lull.bridge.start_or_pause()
    drop(lull.window, write_plan(tmp_path, EVENING))
    assert own_titles(lull) == ["Evening calm"]
    assert lull.bridge.session.state is SessionState.RUNNING
    assert lull.bridge.session.plan.title == CLASSIC.title


def test_a_plan_exported_and_imported_back_is_the_same_plan(
    qtbot: QtBot, lull: Lull, tmp_path: Path
) -> None:
    sided = replace(CLASSIC.phases[3], sides=True, note="Left shoulder is the tight one.")
    mine = replace(EVENING, phases=(*CLASSIC.phases[:3], sided, *CLASSIC.phases[4:]))
    saved = lull.book.save(mine)
    lull.window.top_bar.exportPlanAsked.emit("x")  # a plan no longer there: nothing happens
    lull.preparation.show_own(lull.book.load(), saved.id)
    target = tmp_path / "shared" / "evening.json"
    target.parent.mkdir()
    answer_file_dialog(qtbot, target)
    lull.window.top_bar.exportPlanAsked.emit(saved.id)
    assert lull.told[-1] == f"“Evening calm” is exported to {target}."
    lull.book.delete(saved.id)
    lull.preparation.show_own(lull.book.load())
    drop(lull.window, target)
    (imported,) = [c.plan for c in lull.preparation.choices if c.own]
    assert imported == saved


def test_deleting_a_plan_asks_first_and_keep_it_keeps_it(qtbot: QtBot, lull: Lull) -> None:
    saved = lull.book.save(EVENING)
    lull.preparation.show_own(lull.book.load(), saved.id)

    asked = answer_question(qtbot, QMessageBox.StandardButton.Cancel)
    lull.window.top_bar.deletePlanAsked.emit(saved.id)
    assert asked == [
        "Delete “Evening calm”?\n\nIt is deleted from this computer. "
        "Files it was exported to stay as they are."
    ]
    assert own_titles(lull) == ["Evening calm"]
    answer_question(qtbot, QMessageBox.StandardButton.Yes)
    lull.window.top_bar.deletePlanAsked.emit(saved.id)
    assert own_titles(lull) == []
    assert lull.preparation.plan == BUILT_IN_PLANS[0]
    assert lull.told[-1] == "“Evening calm” is deleted."


def test_a_new_plan_made_in_the_editor_is_kept_chosen_and_ready_to_start(
    qtbot: QtBot, lull: Lull
) -> None:
    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, PlanEditor)
        dialog.title.setText("Quick shoulders")
        dialog.try_saving()

    answer_modal(PlanEditor, fill)
    lull.window.top_bar.newPlanAsked.emit()
    assert own_titles(lull) == ["Quick shoulders"]
    assert lull.preparation.plan.title == "Quick shoulders"
    assert lull.preparation.choice.own
    assert [p.id for p in lull.book.load()] == [lull.preparation.plan.id]
    assert lull.bridge.session.plan.title == "Quick shoulders"


def test_a_copy_of_a_built_in_plan_never_changes_the_built_in(qtbot: QtBot, lull: Lull) -> None:
    def shorten(dialog: QWidget) -> None:
        assert isinstance(dialog, PlanEditor)
        dialog.try_saving()

    answer_modal(PlanEditor, shorten)
    lull.window.top_bar.editPlanAsked.emit("classic")
    (copy,) = lull.book.load()
    assert copy.id != "classic" and copy.title == "Classic back massage (mine)"
    assert built_in_plan("classic") == CLASSIC
    assert [c.plan for c in lull.preparation.choices if c.file is None and not c.own] == list(
        BUILT_IN_PLANS
    )


def test_a_plans_own_sounds_play_when_its_session_starts(lull: Lull) -> None:
    saved = lull.book.save(EVENING)
    lull.preparation.show_own(lull.book.load(), saved.id)
    assert lull.audio.playing() == {}
    lull.bridge.start_or_pause()
    assert lull.audio.playing() == {"river": pytest.approx(0.5)}


def test_the_plans_position_and_phases_survive_the_window(lull: Lull, tmp_path: Path) -> None:
    seated = replace(
        EVENING,
        position=Position.SEATED,
        phases=(*CLASSIC.phases[:-1], Phase(PhaseKind.CLOSING, CLASSIC.phases[-1].area, 90)),
    )
    drop(lull.window, write_plan(tmp_path, seated))
    saved = json.loads((tmp_path / "data" / "plans" / "evening.json").read_text("utf-8"))
    assert saved["position"] == "seated"
    assert lull.preparation.plan == seated


def test_a_plan_file_still_being_copied_in_is_read_again_once_it_settles(
    qtbot: QtBot, lull: Lull
) -> None:
    """A slow copy into the plans folder: its first bytes are no plan, and it is not set aside."""
    flow = lull.window.findChild(PlansFlow)
    whole = plan_to_json(EVENING)
    path = lull.book.folder / "evening.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(whole[:200], encoding="utf-8")
    qtbot.waitUntil(lambda: flow.read_again.isActive())  # the folder's watch read it, too soon
    assert flow.read_again.interval() > SETTLE_SECONDS * 1000
    assert sorted(p.name for p in path.parent.iterdir()) == ["evening.json"]
    assert "Evening" not in " ".join(own_titles(lull)) and lull.told == []
    path.write_text(whole, encoding="utf-8")  # written on: the folder itself does not change
    past = time.time() - 60
    os.utime(path, (past, past))
    flow.read_again.timeout.emit()
    assert own_titles(lull) == [EVENING.title]
