"""The plan editor: a plan made and changed from the keyboard, phases reordered by keys and by
dragging, every problem shown beside its field at once, and only a plan with none handed on."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from ui.window_geometry import alt, answer_question, place, press, resize_to, show_dialog

from app.core.plan import (
    MAX_NOTE_CHARS,
    SIDED_KINDS,
    Area,
    Levels,
    Phase,
    PhaseAmbience,
    PhaseKind,
    Plan,
    PlanProblem,
    Position,
    built_in_plan,
)
from app.core.plan_rules import MAX_DESCRIPTION_CHARS, plan_problems
from app.ui.phase_list import PhaseRow
from app.ui.plan_editor import PlanEditor
from app.ui.theme import DARK, apply_theme

K, A = PhaseKind, Area
MINE = Plan(
    id="evening",
    title="Evening",
    position=Position.SEATED,
    phases=(
        Phase(K.SETTLE, A.FULL_BACK, 60),
        Phase(K.WARM_OIL, A.FULL_BACK, 30),
        Phase(K.EFFLEURAGE, A.FULL_BACK, 120),
        Phase(K.KNEAD, A.SHOULDERS, 150, sides=True, note="sore left shoulder"),
        Phase(K.CLOSING, A.FULL_BACK, 60),
    ),
    description="For Sam, after work.",
    checkin_minutes=4,
    mix=(("river", 0.7), ("rain", 0.3)),
)
# Made under rules since changed: sides on settling, kneading the whole back, too short.
ODD = Plan(
    id="odd",
    title="Odd one",
    position=Position.LYING,
    phases=(
        Phase(K.SETTLE, A.FULL_BACK, 60, sides=True),
        Phase(K.WARM_OIL, A.FULL_BACK, 30),
        Phase(K.KNEAD, A.FULL_BACK, 120),
        Phase(K.CLOSING, A.FULL_BACK, 60),
    ),
)
TITLES = {"river": "River", "ocean": "Ocean", "soft-music": "Soft music"}


class Store:
    """The caller's side: answers Save with what it is given to say, else keeps the plan as it
    is given, or under `kept_id` as a plan book picks a new plan's id."""

    def __init__(self, *answers: Sequence[PlanProblem] | str, kept_id: str | None = None) -> None:
        self.answers = list(answers)
        self.kept_id = kept_id
        self.asked: list[Plan] = []

    def __call__(self, plan: Plan) -> Plan | Sequence[PlanProblem] | str:
        self.asked.append(plan)
        if self.answers:
            return self.answers.pop(0)
        return plan if self.kept_id is None else replace(plan, id=self.kept_id)


def editor_for(
    qtbot: QtBot,
    plan: Plan | None = None,
    *,
    copy_of: bool = False,
    save: Store | None = None,
    current_mix: Levels = (),
    sound_titles: Mapping[str, str] | None = None,
) -> PlanEditor:
    editor = PlanEditor(
        plan=plan,
        copy_of=copy_of,
        save=save or Store(),
        current_mix=current_mix,
        sound_titles=sound_titles or {},
    )
    # Put away at the end of the test without the question a user closing it would be asked.
    qtbot.addWidget(editor, before_close_func=lambda _: editor.done(QDialog.DialogCode.Rejected))
    show_dialog(qtbot, editor)
    return editor


def focus() -> QWidget | None:
    return QApplication.focusWidget()


def focus_on(qtbot: QtBot, widget: QWidget) -> None:
    """The keyboard put in `widget`, once it is there: a window not yet active takes it later."""
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)


def retype(qtbot: QtBot, text: str) -> None:
    """What has the keyboard replaced by `text`, as a user selects it all and types."""
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    widget = focus()
    assert widget is not None
    qtbot.keyClicks(widget, text)


def kinds(editor: PlanEditor) -> list[PhaseKind]:
    return [phase.kind for phase in editor.plan().phases]


def drop(editor: PlanEditor, source: int, point: QPoint) -> None:
    """Row `source` dragged and dropped at `point` of the list, through the list's own drag and
    drop events (the offscreen platform runs no drag of its own)."""
    view = editor.phase_list
    model = view.model()
    mime = model.mimeData([model.index(source, 0)])
    move, button, none = Qt.DropAction.MoveAction, Qt.MouseButton.LeftButton, Qt.KeyboardModifier(0)
    for event in (
        QDragEnterEvent(point, move, mime, button, none),
        QDragMoveEvent(point, move, mime, button, none),
        QDropEvent(point.toPointF(), move, mime, button, none),
    ):
        QApplication.sendEvent(view.viewport(), event)


def top_of(editor: PlanEditor, row: int) -> QPoint:
    """A point just inside the top edge of a row: a drop there lands above it."""
    rect = editor.phase_list.visualRect(editor.phase_list.model().index(row, 0))
    return QPoint(rect.left() + 8, rect.top() + 2)


# --- making and saving --------------------------------------------------------------------------


def test_a_new_plan_starts_as_the_smallest_plan_that_keeps_the_rules(qtbot: QtBot) -> None:
    editor = editor_for(qtbot)
    assert editor.windowTitle() == "New plan"
    plan = editor.plan()
    assert [(p.kind, p.area, p.seconds) for p in plan.phases] == [
        (K.SETTLE, A.FULL_BACK, 60),
        (K.WARM_OIL, A.FULL_BACK, 30),
        (K.EFFLEURAGE, A.FULL_BACK, 180),
        (K.CLOSING, A.FULL_BACK, 60),
    ]
    assert plan_problems(plan) == [
        PlanProblem("title", "'title' must not be empty", said="Give it a name.")
    ]
    assert plan.description == "" and editor.description.text() == ""
    assert editor.total.text() == "Total 5:30 · 4 phases"


def test_a_plan_is_made_from_scratch_with_the_keyboard_alone(qtbot: QtBot) -> None:
    store = Store()
    editor = editor_for(qtbot, save=store)
    assert focus() is editor.title
    qtbot.keyClicks(editor.title, "Evening wind-down")
    alt(qtbot, Qt.Key.Key_T)  # Seated, on a chair
    qtbot.waitUntil(editor.positions[Position.SEATED].isChecked)
    alt(qtbot, Qt.Key.Key_C)  # Check in
    assert focus() is editor.checkin
    retype(qtbot, "5")
    alt(qtbot, Qt.Key.Key_W)  # Towels
    assert focus() is editor.towels
    retype(qtbot, "3")
    alt(qtbot, Qt.Key.Key_H)  # Phases: the list, at its first phase
    assert focus() is editor.phase_list
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Down)  # the long strokes
    press(qtbot, Qt.Key.Key_Insert)  # a phase after them, its kind to choose first
    row = editor.rows()[3]
    assert focus() is row.kind
    qtbot.keyClicks(row.kind, "Strokes")
    press(qtbot, Qt.Key.Key_Tab)
    assert focus() is row.area
    qtbot.keyClicks(row.area, "Upper")
    press(qtbot, Qt.Key.Key_Tab)
    assert focus() is row.duration
    qtbot.keyClicks(row.duration, "4:30")  # Tab selected what was there
    press(qtbot, Qt.Key.Key_Tab)
    assert focus() is row.sides
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_Tab)
    assert focus() is row.note
    qtbot.keyClicks(row.note, "slow near the scar")
    assert editor.total.text() == "Total 10:00 · 5 phases"
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    made = Plan(
        id="new",  # the plan book picks a new plan's id
        title="Evening wind-down",
        position=Position.SEATED,
        phases=(
            Phase(K.SETTLE, A.FULL_BACK, 60),
            Phase(K.WARM_OIL, A.FULL_BACK, 30),
            Phase(K.EFFLEURAGE, A.FULL_BACK, 180),
            Phase(K.ALTERNATE, A.UPPER_BACK, 270, sides=True, note="slow near the scar"),
            Phase(K.CLOSING, A.FULL_BACK, 60),
        ),
        checkin_minutes=5,
        towel_minutes=3,
    )
    assert store.asked == [made]
    assert editor.saved_plan == made
    assert not editor.isVisible() and editor.result() == QDialog.DialogCode.Accepted


def test_ctrl_n_and_insert_add_a_phase_after_the_current_one(qtbot: QtBot) -> None:
    editor = editor_for(qtbot)
    focus_on(qtbot, editor.rows()[1].note)
    press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert kinds(editor) == [K.SETTLE, K.WARM_OIL, K.KNEAD, K.EFFLEURAGE, K.CLOSING]
    assert focus() is editor.rows()[2].kind
    assert [row.number.text() for row in editor.rows()] == ["1", "2", "3", "4", "5"]
    focus_on(qtbot, editor.rows()[4].note)
    press(qtbot, Qt.Key.Key_Insert)  # in a note too, and after the last phase
    assert len(editor.rows()) == 6 and focus() is editor.rows()[5].kind


def test_a_copy_of_a_built_in_is_titled_as_ones_own_and_kept_as_the_caller_keeps_it(
    qtbot: QtBot,
) -> None:
    classic = built_in_plan("classic")
    store = Store(kept_id="kept-id")
    editor = editor_for(qtbot, classic, copy_of=True, save=store)
    assert editor.windowTitle() == "A copy of “Classic back massage”"
    assert editor.title.text() == "Classic back massage (mine)"
    editor.save_button.click()
    [copy] = store.asked
    assert copy.id == "classic"  # the caller's book gives it an id of its own
    assert copy.title == "Classic back massage (mine)"
    assert copy.phases == classic.phases and copy.position == classic.position
    assert editor.saved_plan == replace(copy, id="kept-id")  # the plan as kept, not as asked
    assert editor.result() == QDialog.DialogCode.Accepted


def test_a_copy_of_a_plan_opened_from_a_file_leaves_the_lists_label_behind(
    qtbot: QtBot,
) -> None:
    """Beside the built-in of its name, the list calls the file's plan "… (your file)"; the
    copy is one's own, not one's own of a file: "Classic back massage (mine)"."""
    opened = replace(built_in_plan("classic"), title="Classic back massage (your file)")
    editor = editor_for(qtbot, opened, copy_of=True, save=Store())
    assert editor.title.text() == "Classic back massage (mine)"


def test_a_copy_starts_with_the_built_ins_description_to_change_or_clear(qtbot: QtBot) -> None:
    classic = built_in_plan("classic")
    store = Store()
    editor = editor_for(qtbot, classic, copy_of=True, save=store)
    assert editor.description.text() == classic.description
    alt(qtbot, Qt.Key.Key_E)  # Description
    assert focus() is editor.description
    retype(qtbot, "  Shoulders and the upper back only  ")
    editor.save_button.click()
    editor = editor_for(qtbot, classic, copy_of=True, save=store)
    editor.description.clear()
    editor.save_button.click()
    assert [plan.description for plan in store.asked] == ["Shoulders and the upper back only", ""]


def test_a_description_is_one_line_of_limited_length_its_problem_beside_it(qtbot: QtBot) -> None:
    store = Store()
    editor = editor_for(qtbot, MINE, save=store)
    assert editor.description.maxLength() == MAX_DESCRIPTION_CHARS
    editor.description.setText("For Sam,\tafter work.")  # a tab pasted in
    editor.save_button.click()
    assert store.asked == []
    assert editor.description_problem.isVisible()
    assert (
        editor.description_problem.text() == "Take the control characters out of the description."
    )
    assert place(editor.description_problem).top() > place(editor.description).top()
    assert not editor.title_problem.isVisible()
    assert focus() is editor.description
    editor.description.setText("For Sam, after work.")
    assert not editor.description_problem.isVisible() and not editor.summary.isVisible()


def test_editing_a_plan_of_ones_own_keeps_it_all_and_its_id(qtbot: QtBot) -> None:
    store = Store()
    editor = editor_for(qtbot, MINE, save=store, sound_titles=TITLES)
    assert editor.windowTitle() == "Edit “Evening”"
    assert editor.plan() == MINE  # nothing changed, nothing lost: its description too
    editor.title.setText("Evening, longer")
    editor.rows()[2].duration.setValue(300)
    editor.save_button.click()
    longer = (*MINE.phases[:2], Phase(K.EFFLEURAGE, A.FULL_BACK, 300), *MINE.phases[3:])
    assert store.asked == [replace(MINE, title="Evening, longer", phases=longer)]
    assert store.asked[0].id == "evening"


def test_the_total_follows_the_phases_as_they_change(qtbot: QtBot) -> None:
    editor = editor_for(qtbot, built_in_plan("classic"), copy_of=True)
    assert editor.total.text() == "Total 30:00 · 9 phases"
    row = editor.rows()[2]
    focus_on(qtbot, row.duration)
    press(qtbot, Qt.Key.Key_Up)  # a step is 15 seconds
    assert row.duration.text() == "4:15"
    assert editor.total.text() == "Total 30:15 · 9 phases"
    editor.remove_button.click()
    assert editor.total.text() == "Total 26:00 · 8 phases"


# --- the fields of a phase -------------------------------------------------------------------


BACK = [A.FULL_BACK, A.SHOULDERS, A.UPPER_BACK, A.LOWER_BACK]
OFFERED = [
    (K.SETTLE, [A.FULL_BACK]),
    (K.WARM_OIL, [A.FULL_BACK]),
    (K.EFFLEURAGE, BACK),
    (K.KNEAD, [A.SHOULDERS, A.UPPER_BACK, A.LOWER_BACK]),
    (K.ALTERNATE, BACK),
    (K.NECK, [A.NECK]),
    (K.CLOSING, BACK),
]


@pytest.mark.parametrize(("kind", "areas"), OFFERED)
def test_a_phase_offers_only_the_areas_its_kind_allows_and_sides_where_they_apply(
    qtbot: QtBot, kind: PhaseKind, areas: list[Area]
) -> None:
    editor = editor_for(qtbot)
    row = editor.rows()[2]
    row.kind.setCurrentIndex(row.kind.findData(kind))
    assert [row.area.itemData(n) for n in range(row.area.count())] == areas
    assert row.area.isEnabled() == (len(areas) > 1)
    assert editor.plan().phases[2].area in areas
    assert row.sides.isEnabled() == (kind in SIDED_KINDS)
    assert plan_problems(editor.plan())[1:] == []  # the title alone is missing


@pytest.mark.parametrize(("kind", "areas"), OFFERED)
def test_an_area_its_kind_does_not_offer_is_one_the_checker_refuses(
    kind: PhaseKind, areas: list[Area]
) -> None:
    """The choice and the checker never disagree: what one leaves out, the other names."""
    for area in set(A) - set(areas):
        phases = (*MINE.phases[:2], Phase(kind, area, 120), *MINE.phases[3:])
        refused = [
            problem
            for problem in plan_problems(replace(MINE, phases=phases))
            if (problem.field, problem.phase) == ("area", 2)
        ]
        assert len(refused) == 1, (kind, area)
        assert refused[0].message.startswith("phase 3: 'area' ")
        assert f'not "{area.value}"' in refused[0].message


def test_a_phase_no_longer_worked_side_by_side_loses_its_tick(qtbot: QtBot) -> None:
    editor = editor_for(qtbot, MINE)
    row = editor.rows()[3]
    assert row.sides.isChecked() and row.sides.isEnabled()
    row.kind.setCurrentIndex(row.kind.findData(K.EFFLEURAGE))
    assert not row.sides.isChecked() and not row.sides.isEnabled()
    assert row.area.currentData() == A.SHOULDERS  # still one it allows


def test_a_note_has_room_for_a_line_or_two(qtbot: QtBot) -> None:
    editor = editor_for(qtbot)
    note = editor.rows()[0].note
    qtbot.keyClicks(note, "x" * (MAX_NOTE_CHARS + 5))
    assert len(editor.plan().phases[0].note) == MAX_NOTE_CHARS


def test_a_notes_tooltip_has_it_whole(qtbot: QtBot) -> None:
    editor = editor_for(qtbot, MINE)
    assert editor.rows()[3].note.toolTip() == "sore left shoulder"
    note = editor.rows()[0].note
    assert note.toolTip() == ""
    qtbot.keyClicks(note, "Slow circles with the thumbs beside the spine, never on it")
    assert note.toolTip() == "Slow circles with the thumbs beside the spine, never on it"


def test_a_phases_ambience_is_kept_as_it_was_through_an_edit(qtbot: QtBot) -> None:
    ambience = PhaseAmbience(levels=(("rain", 0.5),), fade_seconds=12.0)
    phases = list(MINE.phases)
    phases[2] = Phase(K.EFFLEURAGE, A.FULL_BACK, 120, ambience=ambience)
    store = Store()
    editor = editor_for(qtbot, replace(MINE, phases=tuple(phases)), save=store)
    row = editor.rows()[2]
    assert row.sound.isVisible()
    assert "not changed here" in row.sound.toolTip()
    assert not editor.rows()[1].sound.isVisible()
    row.kind.setCurrentIndex(row.kind.findData(K.ALTERNATE))
    row.duration.setValue(240)
    focus_on(qtbot, row.note)
    alt(qtbot, Qt.Key.Key_Down)
    editor.save_button.click()
    (saved,) = store.asked
    assert saved.phases[3] == Phase(K.ALTERNATE, A.FULL_BACK, 240, ambience=ambience)


# --- reordering ---------------------------------------------------------------------------------


def test_alt_up_and_down_move_the_current_phase_and_keep_the_keyboard_on_it(qtbot: QtBot) -> None:
    editor = editor_for(qtbot, built_in_plan("classic"), copy_of=True)
    moved = editor.rows()[3]  # kneading the shoulders
    focus_on(qtbot, moved.note)
    alt(qtbot, Qt.Key.Key_Down)
    alt(qtbot, Qt.Key.Key_Down)
    assert editor.rows()[5] is moved
    assert [p.area for p in editor.plan().phases[3:6]] == [A.UPPER_BACK, A.LOWER_BACK, A.SHOULDERS]
    assert focus() is moved.note
    assert moved.number.text() == "6"
    alt(qtbot, Qt.Key.Key_Up)
    assert editor.rows()[4] is moved
    assert editor.phase_list.currentIndex().row() == 4
    for key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_End):
        press(qtbot, key)  # left alone by the note, not taken by the list around it
    assert editor.phase_list.currentIndex().row() == 4
    focus_on(qtbot, moved.kind)
    alt(qtbot, Qt.Key.Key_Down)  # in a list of choices too, not opening it
    assert editor.rows()[5] is moved and QApplication.activePopupWidget() is None


def test_the_list_moves_its_current_phase_with_alt_and_the_buttons_too(qtbot: QtBot) -> None:
    editor = editor_for(qtbot)
    alt(qtbot, Qt.Key.Key_H)
    press(qtbot, Qt.Key.Key_Down)
    alt(qtbot, Qt.Key.Key_Down)
    assert kinds(editor) == [K.SETTLE, K.EFFLEURAGE, K.WARM_OIL, K.CLOSING]
    assert focus() is editor.phase_list and editor.phase_list.currentIndex().row() == 2
    editor.up_button.click()
    assert kinds(editor) == [K.SETTLE, K.WARM_OIL, K.EFFLEURAGE, K.CLOSING]
    editor.phase_list.setCurrentIndex(editor.phase_list.model().index(0, 0))
    assert not editor.up_button.isEnabled() and editor.down_button.isEnabled()
    editor.phase_list.setCurrentIndex(editor.phase_list.model().index(3, 0))
    assert editor.up_button.isEnabled() and not editor.down_button.isEnabled()


def test_a_phase_dragged_and_dropped_moves_there(qtbot: QtBot) -> None:
    editor = editor_for(qtbot, built_in_plan("classic"), copy_of=True)
    moved = editor.rows()[7]  # the neck
    drop(editor, 7, top_of(editor, 3))
    assert editor.rows()[3] is moved
    assert kinds(editor)[2:5] == [K.EFFLEURAGE, K.NECK, K.KNEAD]
    assert moved.number.text() == "4"
    qtbot.waitUntil(lambda: place(moved).top() < place(editor.rows()[4]).top())  # shown there
    drop(editor, 0, top_of(editor, 2))  # settling, below warming the oil
    assert kinds(editor)[:3] == [K.WARM_OIL, K.SETTLE, K.EFFLEURAGE]


def test_a_phase_dropped_below_the_last_goes_last(qtbot: QtBot) -> None:
    editor = editor_for(qtbot)
    view = editor.phase_list
    last = view.visualRect(view.model().index(3, 0))
    drop(editor, 0, QPoint(last.left() + 8, last.bottom() - 1))
    assert kinds(editor) == [K.WARM_OIL, K.EFFLEURAGE, K.CLOSING, K.SETTLE]


def test_delete_removes_the_current_phase_only_from_the_list(qtbot: QtBot) -> None:
    editor = editor_for(qtbot)
    note = editor.rows()[2].note
    focus_on(qtbot, note)
    qtbot.keyClicks(note, "ab")
    press(qtbot, Qt.Key.Key_Home)
    press(qtbot, Qt.Key.Key_Delete)  # in a note, a character
    assert note.text() == "b" and len(editor.rows()) == 4
    alt(qtbot, Qt.Key.Key_H)  # the list, at the phase of the note
    press(qtbot, Qt.Key.Key_Up)
    press(qtbot, Qt.Key.Key_Delete)
    assert kinds(editor) == [K.SETTLE, K.EFFLEURAGE, K.CLOSING]
    assert focus() is editor.phase_list and editor.phase_list.currentIndex().row() == 1


def test_the_last_phase_cannot_be_removed(qtbot: QtBot) -> None:
    editor = editor_for(qtbot)
    for _ in range(3):
        editor.remove_button.click()
    assert len(editor.rows()) == 1
    assert not editor.remove_button.isEnabled()


# --- problems ----------------------------------------------------------------------------------


def test_every_problem_is_shown_beside_its_field_at_once_and_nothing_is_saved(
    qtbot: QtBot,
) -> None:
    store = Store()
    editor = editor_for(qtbot, ODD, save=store)
    editor.title.clear()
    editor.save_button.click()

    assert store.asked == [] and editor.isVisible()
    assert editor.summary.isVisible() and editor.summary.text() == "4 things to fix before saving"
    assert editor.title_problem.isVisible()
    assert editor.title_problem.text() == "Give it a name."
    assert place(editor.title_problem).top() > place(editor.title).top()
    settle, _, knead, _ = editor.rows()
    assert settle.problem.isVisible() and settle.problem.text() == (
        "Only kneading, strokes and pressure, and the neck can be worked one side at a time."
    )
    assert knead.problem.isVisible() and knead.problem.text() == (
        "Kneading works one section: choose the shoulders, the upper back or the lower back."
    )
    assert settle.property("problem") and knead.property("problem")
    assert not editor.rows()[1].problem.isVisible() and not editor.rows()[1].property("problem")
    assert editor.phases_problem.isVisible()
    assert editor.phases_problem.text() == (
        "The phases add up to 4:30; a plan lasts from 5 to 120 minutes."
    )
    assert not editor.checkin_problem.isVisible() and not editor.towels_problem.isVisible()
    assert focus() is editor.title  # the first field with a problem


def test_the_keyboard_goes_to_the_first_phase_field_with_a_problem(qtbot: QtBot) -> None:
    editor = editor_for(qtbot, ODD)
    editor.save_button.click()
    assert focus() is editor.rows()[0].sides


def test_a_mark_goes_once_its_field_is_put_right(qtbot: QtBot) -> None:
    editor = editor_for(qtbot, ODD)
    editor.title.clear()
    editor.save_button.click()
    settle = editor.rows()[0]
    settle.sides.click()
    assert not settle.problem.isVisible() and not settle.property("problem")
    assert not settle.sides.isEnabled()  # not for settling, now that it is unticked
    assert editor.summary.text() == "3 things to fix before saving"
    settle.note.setText("calm")  # the other marks stay: those fields are as they were
    assert editor.title_problem.isVisible() and editor.rows()[2].problem.isVisible()
    qtbot.keyClicks(editor.title, "Odd one")
    assert not editor.title_problem.isVisible()
    assert editor.summary.text() == "2 things to fix before saving"


def test_a_taken_title_the_store_refuses_is_shown_beside_the_title(qtbot: QtBot) -> None:
    taken = "there is a plan called “Evening” already"
    store = Store([PlanProblem("title", taken)])
    editor = editor_for(qtbot, MINE, copy_of=True, save=store)
    editor.title.setText("Evening")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert editor.isVisible() and editor.saved_plan is None
    assert editor.title_problem.text() == "There is a plan called “Evening” already."
    assert editor.summary.text() == "1 thing to fix before saving"
    assert focus() is editor.title
    editor.rows()[0].note.setText("breathe")  # not the title: the store said no to that
    assert editor.title_problem.isVisible()
    qtbot.keyClicks(editor.title, " too")
    assert not editor.title_problem.isVisible() and not editor.summary.isVisible()
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert [plan.title for plan in store.asked] == ["Evening", "Evening too"]
    assert editor.saved_plan == store.asked[-1]
    assert editor.result() == QDialog.DialogCode.Accepted


def test_a_plan_the_store_could_not_write_says_why_and_stays_open(qtbot: QtBot) -> None:
    store = Store("It could not be saved: the disk is full.")
    editor = editor_for(qtbot, MINE, save=store)
    editor.save_button.click()
    assert editor.isVisible() and editor.saved_plan is None
    assert editor.summary.isVisible()
    assert editor.summary.text() == "It could not be saved: the disk is full."
    editor.save_button.click()  # room was made
    assert editor.result() == QDialog.DialogCode.Accepted


# --- the sounds ---------------------------------------------------------------------------------


def test_the_plans_sounds_are_named_and_one_not_in_the_library_says_so(qtbot: QtBot) -> None:
    editor = editor_for(qtbot, MINE, sound_titles=TITLES)
    assert editor.mix_text.text() == "River, rain (not in your sounds)"


def test_the_sounds_playing_now_become_the_plans_and_no_sounds_clears_them(
    qtbot: QtBot,
) -> None:
    playing = (("ocean", 0.5), ("soft-music", 0.25))
    editor = editor_for(qtbot, MINE, current_mix=playing, sound_titles=TITLES)
    alt(qtbot, Qt.Key.Key_P)
    qtbot.waitUntil(lambda: editor.plan().mix == playing)
    assert editor.mix_text.text() == "Ocean, Soft music"
    assert not editor.use_playing.isEnabled()  # they are the plan's already
    alt(qtbot, Qt.Key.Key_N)
    qtbot.waitUntil(lambda: editor.plan().mix == ())
    assert editor.mix_text.text() == "None: whatever is playing carries on"
    assert not editor.no_sounds.isEnabled() and editor.use_playing.isEnabled()


def test_with_nothing_playing_there_is_nothing_to_use(qtbot: QtBot) -> None:
    editor = editor_for(qtbot)
    assert not editor.use_playing.isEnabled() and not editor.no_sounds.isEnabled()


# --- the plan's own times -----------------------------------------------------------------------


def test_check_ins_and_towels_follow_the_settings_unless_the_plan_says(qtbot: QtBot) -> None:
    editor = editor_for(qtbot, MINE)
    assert editor.checkin.text() == "every 4 min"
    assert editor.towels.text() == "As in Settings"
    editor.checkin.setValue(editor.checkin.minimum())
    editor.towels.setValue(6)
    assert editor.checkin.text() == "As in Settings"
    assert (editor.plan().checkin_minutes, editor.plan().towel_minutes) == (None, 6)


# --- leaving ------------------------------------------------------------------------------------


def test_escape_with_nothing_changed_closes_at_once(qtbot: QtBot) -> None:
    editor = editor_for(qtbot, MINE)
    press(qtbot, Qt.Key.Key_Escape)
    assert not editor.isVisible() and editor.result() == QDialog.DialogCode.Rejected


def test_escape_with_changes_asks_before_throwing_them_away(qtbot: QtBot) -> None:
    store = Store()
    editor = editor_for(qtbot, MINE, save=store)
    press(qtbot, Qt.Key.Key_End)
    qtbot.keyClicks(editor.title, " and more")
    asked = answer_question(qtbot, QMessageBox.StandardButton.Cancel)
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: asked != [])
    assert asked == ["Throw away your changes?\n\n“Evening” stays as it was."]
    assert editor.isVisible() and editor.title.text() == "Evening and more"
    asked = answer_question(qtbot, QMessageBox.StandardButton.Yes)
    # Offscreen, the question gives the keyboard back to no one: Esc is pressed in a note.
    qtbot.keyClick(editor.rows()[0].note, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not editor.isVisible())
    assert editor.result() == QDialog.DialogCode.Rejected
    assert store.asked == [] and editor.saved_plan is None


# --- the keyboard and the screen -------------------------------------------------------------


def test_tab_reaches_every_field_in_the_order_they_are_shown(qtbot: QtBot) -> None:
    editor = editor_for(qtbot, MINE, current_mix=(("ocean", 0.5),))
    focus_on(qtbot, editor.rows()[1].note)
    alt(qtbot, Qt.Key.Key_Down)  # the rows' order is not the order they were made in
    press(qtbot, Qt.Key.Key_Insert)
    focus_on(qtbot, editor.title)
    reached: list[QWidget] = []
    while True:
        widget = focus()
        assert widget is not None
        if widget in reached:
            break
        reached.append(widget)
        press(qtbot, Qt.Key.Key_Tab)

    def fields(row: PhaseRow) -> list[QWidget]:
        wanted = [row.kind, row.area, row.duration, row.sides, row.note]
        return [widget for widget in wanted if widget.isEnabled()]

    expected: list[QWidget] = [
        editor.title,
        next(widget for widget in reached if widget in editor.positions.values()),
        editor.description,
        editor.checkin,
        editor.towels,
        editor.use_playing,
        editor.no_sounds,
        editor.add_button,
        editor.remove_button,
        editor.phase_list,
        *(widget for row in editor.rows() for widget in fields(row)),
        editor.save_button,
    ]
    assert [widget for widget in reached if widget in expected] == expected


@pytest.mark.parametrize(
    ("screen", "scrolls"), [((1024, 600), True), ((1280, 800), False)], ids=["1024x600", "1280x800"]
)
def test_the_editor_fits_the_screens_it_is_made_for_its_phases_scrolling_on_the_small_one(
    qtbot: QtBot, qapp: QApplication, screen: tuple[int, int], scrolls: bool
) -> None:
    apply_theme(qapp, DARK)
    editor = editor_for(qtbot, built_in_plan("deep"), copy_of=True)
    line = editor.fontMetrics().height()
    room = (screen[0] - 3 * line, screen[1] - 3 * line)  # as fit_screen leaves for its frame
    resize_to(qtbot, editor, room)
    assert editor.rect().contains(place(editor.save_button))
    assert (editor.phase_list.verticalScrollBar().maximum() > 0) == scrolls  # all ten, at 800
    viewport = place(editor.phase_list.viewport())
    for row in editor.rows():
        assert place(row.note).right() <= viewport.right()  # nothing cut at the side
        assert row.note.width() >= line * 5
    last = editor.rows()[-1]
    focus_on(qtbot, last.note)  # reached by the keyboard, it is scrolled into view
    qtbot.waitUntil(lambda: not last.note.visibleRegion().isEmpty())


def test_the_editor_asks_for_no_more_than_its_screen_has(qtbot: QtBot) -> None:
    editor = editor_for(qtbot, built_in_plan("deep"), copy_of=True)
    assert editor.frameGeometry().height() < editor.screen().availableGeometry().height()


def test_problems_that_make_the_editor_taller_keep_it_on_its_screen(qtbot: QtBot) -> None:
    editor = editor_for(qtbot, ODD)
    room = editor.screen().availableGeometry()
    editor.move(editor.x(), room.bottom() - editor.frameGeometry().height())  # at the bottom
    qtbot.waitUntil(lambda: editor.frameGeometry().bottom() >= room.bottom() - 1)
    before = editor.height()
    editor.save_button.click()
    assert editor.height() > before  # a line for each problem
    frame = editor.frameGeometry()
    assert room.top() <= frame.top() and frame.bottom() <= room.bottom()


NOTE_SHOWN_CHARS = 30  # "Slow circles with the thumbs b": a note can be read on a small screen


def test_the_note_takes_the_room_the_other_fields_leave_on_a_small_screen(
    qtbot: QtBot, qapp: QApplication
) -> None:
    apply_theme(qapp, DARK)
    editor = editor_for(qtbot, built_in_plan("classic"), copy_of=True)
    line = editor.fontMetrics().height()
    resize_to(qtbot, editor, (1024 - 3 * line, 600 - 3 * line))
    row = editor.rows()[0]
    metrics = row.note.fontMetrics()
    assert row.note.width() >= metrics.averageCharWidth() * NOTE_SHOWN_CHARS
    assert place(row.note).right() >= place(editor.phase_list.viewport()).right() - 2 * line


def test_a_new_plan_opens_with_room_for_as_many_phases_as_a_plan_of_eight(qtbot: QtBot) -> None:
    classic = built_in_plan("classic")
    eight = editor_for(qtbot, replace(classic, phases=classic.phases[1:]))
    new = editor_for(qtbot)
    assert len(new.rows()) == 4 and len(eight.rows()) == 8
    assert new.height() == eight.height()
    assert new.phase_list.viewport().height() >= 8 * new.rows()[0].height()
    ten = editor_for(qtbot, built_in_plan("deep"), copy_of=True)
    assert ten.height() > new.height()  # all ten, where the screen has room


def test_the_editor_grows_for_problems_and_never_shrinks_by_itself(qtbot: QtBot) -> None:
    editor = editor_for(qtbot, ODD)
    opened = editor.size()
    editor.title.clear()
    editor.save_button.click()
    heights = [editor.height()]
    assert heights[0] > opened.height()
    editor.rows()[0].sides.click()
    heights.append(editor.height())
    qtbot.keyClicks(editor.title, "Odd one")
    heights.append(editor.height())
    knead = editor.rows()[2]
    knead.area.setCurrentIndex(knead.area.findData(A.SHOULDERS))
    heights.append(editor.height())
    editor.rows()[1].duration.setValue(120)  # long enough now
    heights.append(editor.height())
    assert not editor.summary.isVisible()
    assert heights == [heights[0]] * 5
    assert editor.width() >= opened.width()
