"""The person editor and the chooser: made and changed from the keyboard, problems shown where
they belong, and only what the user asked for sent on."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QMessageBox
from pytestqt.qtbot import QtBot
from ui.window_geometry import alt, amber_pixels, answer_question, press, show_dialog

from app.core.people import MAX_NOTE_CHARS, Concern, Firmness, GoEasy, Person, SafetyCheck
from app.core.plan import Area, Position
from app.core.wording import as_sentence
from app.ui.people import PersonChooser, PersonEditor
from app.ui.theme import DARK, LIGHT, Theme, apply_theme

SAM = Person(
    name="Sam",
    id=3,
    position=Position.SEATED,
    firmness=Firmness.FIRM,
    focus=frozenset({Area.SHOULDERS, Area.NECK}),
    go_easy=(GoEasy(Area.SHOULDERS, "sore left shoulder"), GoEasy(Area.LOWER_BACK, "")),
    chronic_back_pain=True,
    safety=SafetyCheck(date(2026, 3, 3), frozenset({Concern.PREGNANCY})),
)
ALEX = Person(name="Alex", id=4)
LONG_NAME = "Alexandra-Maria Konstantinopoulou-Featherstonehaugh"


@pytest.fixture
def new(qtbot: QtBot) -> PersonEditor:
    editor = PersonEditor()
    show_dialog(qtbot, editor)
    return editor


@pytest.fixture
def editing_sam(qtbot: QtBot) -> PersonEditor:
    editor = PersonEditor(SAM, sessions=4)
    show_dialog(qtbot, editor)
    return editor


def test_a_person_is_made_from_the_keyboard_alone(qtbot: QtBot, new: PersonEditor) -> None:
    asked: list[Person] = []
    new.saveAsked.connect(asked.append)
    assert QApplication.focusWidget() is new.name
    qtbot.keyClicks(new.name, "  Sam ")
    alt(qtbot, Qt.Key.Key_T)  # Seated, on a chair
    qtbot.waitUntil(lambda: new.positions[Position.SEATED].isChecked())
    alt(qtbot, Qt.Key.Key_I)  # Light
    qtbot.waitUntil(lambda: new.firmness[Firmness.LIGHT].isChecked())
    alt(qtbot, Qt.Key.Key_O)  # Focus on: the shoulders first
    assert QApplication.focusWidget() is new.focus[Area.SHOULDERS]
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Space)  # the upper back
    alt(qtbot, Qt.Key.Key_E)  # Go easy on: the shoulders first
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is new.notes[Area.SHOULDERS]
    qtbot.keyClicks(new.notes[Area.SHOULDERS], "sore left shoulder")
    alt(qtbot, Qt.Key.Key_B)  # Chronic back pain
    qtbot.waitUntil(new.chronic.isChecked)
    press(qtbot, Qt.Key.Key_Return)

    assert asked == [
        Person(
            name="Sam",
            position=Position.SEATED,
            firmness=Firmness.LIGHT,
            focus=frozenset({Area.UPPER_BACK}),
            go_easy=(GoEasy(Area.SHOULDERS, "sore left shoulder"),),
            chronic_back_pain=True,
        )
    ]
    assert new.isVisible()  # until the caller has kept them
    new.accept()
    assert new.result() == QDialog.DialogCode.Accepted


def test_escape_cancels_and_sends_nothing(qtbot: QtBot, new: PersonEditor) -> None:
    asked: list[Person] = []
    new.saveAsked.connect(asked.append)
    qtbot.keyClicks(new.name, "Sam")
    press(qtbot, Qt.Key.Key_Escape)
    assert not new.isVisible()
    assert new.result() == QDialog.DialogCode.Rejected
    assert asked == []


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("", "A person needs a name."),
        ("   ", "A person needs a name."),
        ("Sam\x07", "A name is plain text, without control characters."),
    ],
    ids=["empty", "blank", "control"],
)
def test_a_name_that_cannot_be_kept_is_said_under_it_and_the_dialog_stays_open(
    qtbot: QtBot, new: PersonEditor, name: str, problem: str
) -> None:
    asked: list[Person] = []
    new.saveAsked.connect(asked.append)
    new.name.setText(name)
    new.save_button.click()
    assert new.problem.text() == problem
    assert new.problem.isVisible()
    assert new.problem.y() > new.name.y() and new.problem.x() == new.name.x()
    assert new.name.accessibleDescription() == problem
    assert QApplication.focusWidget() is new.name
    assert new.isVisible() and asked == []
    qtbot.keyClicks(new.name, "Sam")  # putting it right clears the problem
    assert new.problem.text() == ""


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ("there is someone called Sam already", "There is someone called Sam already."),
        ("It could not be saved.", "It could not be saved."),
        ("is it Sam?", "Is it Sam?"),
        ("careful!", "Careful!"),
        ("", ""),
    ],
)
def test_a_message_is_said_as_a_sentence(text: str, sentence: str) -> None:
    assert as_sentence(text) == sentence


def test_a_name_the_caller_refuses_is_shown_and_another_is_kept(
    qtbot: QtBot, new: PersonEditor
) -> None:
    kept: list[Person] = []

    def keep(person: Person) -> None:  # as the caller does, with the people it has already
        if person.name == "Sam":
            new.show_problem("there is someone called Sam already; choose another name")
        else:
            kept.append(person)
            new.accept()

    new.saveAsked.connect(keep)
    qtbot.keyClicks(new.name, "Sam")
    press(qtbot, Qt.Key.Key_Return)
    assert new.problem.text() == "There is someone called Sam already; choose another name."
    assert new.isVisible() and kept == []
    qtbot.keyClicks(new.name, " B")
    press(qtbot, Qt.Key.Key_Return)
    assert [person.name for person in kept] == ["Sam B"]
    assert new.result() == QDialog.DialogCode.Accepted


def test_a_go_easy_note_is_offered_only_for_a_ticked_area(new: PersonEditor) -> None:
    new.name.setText("Sam")
    assert not any(note.isVisible() for note in new.notes.values())
    new.go_easy[Area.NECK].click()
    assert [area for area, note in new.notes.items() if note.isVisible()] == [Area.NECK]
    new.notes[Area.NECK].setText("stiff on the left")
    assert new.person().go_easy == (GoEasy(Area.NECK, "stiff on the left"),)
    new.go_easy[Area.NECK].click()
    assert not new.notes[Area.NECK].isVisible()
    assert new.person().go_easy == ()


def test_the_editor_grows_for_a_note_and_gives_the_room_back_when_it_goes(
    qtbot: QtBot, qapp: QApplication
) -> None:
    apply_theme(qapp, DARK)  # its fields are taller than a box's line
    new = PersonEditor()
    show_dialog(qtbot, new)
    first = new.size()
    new.go_easy[Area.NECK].click()
    qtbot.waitUntil(lambda: new.height() > first.height())
    assert new.fields.verticalScrollBar().maximum() == 0  # the screen has room: no scrolling
    new.go_easy[Area.NECK].click()
    qtbot.waitUntil(lambda: new.size() == first)


def test_a_note_near_its_limit_says_how_many_characters_are_left(
    qtbot: QtBot, new: PersonEditor
) -> None:
    new.go_easy[Area.NECK].click()
    note, left = new.notes[Area.NECK], new.notes_left[Area.NECK]
    qtbot.keyClicks(note, "x" * (MAX_NOTE_CHARS - 20))
    assert not left.isVisible()
    qtbot.keyClicks(note, "x")
    assert left.isVisible() and left.text() == "19 characters left"
    assert left.x() == note.x() and left.y() > note.y()  # under the note it counts
    assert note.accessibleDescription() == "19 characters left"
    qtbot.keyClicks(note, "x" * 18)
    assert left.text() == "1 character left"
    qtbot.keyClicks(note, "xx")  # the last one fits; the one after does not
    assert left.text() == "No characters left" and len(note.text()) == MAX_NOTE_CHARS
    qtbot.keyClick(note, Qt.Key.Key_Backspace)
    assert left.text() == "1 character left"
    note.setText("sore")
    assert not left.isVisible() and note.accessibleDescription() == ""


def test_focus_is_an_outline_and_only_what_is_ticked_is_amber(
    qtbot: QtBot, qapp: QApplication
) -> None:
    apply_theme(qapp, DARK)
    editor = PersonEditor()
    show_dialog(qtbot, editor)
    focused, ticked = editor.focus[Area.SHOULDERS], editor.focus[Area.NECK]
    ticked.click()
    focused.setFocus()
    chosen, other = editor.firmness[Firmness.MEDIUM], editor.firmness[Firmness.FIRM]
    assert amber_pixels(focused, inside=3) == 0  # its words and its box as when not focused
    assert amber_pixels(focused) > 0  # an outline around it
    assert amber_pixels(ticked, inside=3) > 0
    assert amber_pixels(chosen, inside=3) > 0 and amber_pixels(other) == 0


def test_the_scroll_bar_track_reaches_the_top_when_scrolled_down(
    qtbot: QtBot, qapp: QApplication
) -> None:
    apply_theme(qapp, DARK)
    editor = PersonEditor(SAM, sessions=4)
    show_dialog(qtbot, editor)
    editor.resize(editor.width(), 300)
    bar = editor.fields.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.isVisible() and bar.height() < editor.height())
    bar.setValue(bar.maximum())
    top = bar.mapTo(editor, QPoint(bar.width() // 2, 2))
    # The handle is at the bottom: above it, the track is drawn, not the dialog behind it.
    assert editor.grab().toImage().pixelColor(top) != QColor(DARK.background)


def test_editing_shows_the_person_as_they_are(editing_sam: PersonEditor) -> None:
    editor = editing_sam
    assert editor.windowTitle() == "Edit Sam"
    assert editor.name.text() == "Sam"
    assert editor.positions[Position.SEATED].isChecked()
    assert editor.firmness[Firmness.FIRM].isChecked()
    assert {area for area, box in editor.focus.items() if box.isChecked()} == SAM.focus
    assert {area for area, box in editor.go_easy.items() if box.isChecked()} == {
        Area.SHOULDERS,
        Area.LOWER_BACK,
    }
    assert editor.notes[Area.SHOULDERS].text() == "sore left shoulder"
    assert editor.chronic.isChecked()
    assert editor.safety_text.text() == "Asked on 3 March 2026, when these applied: pregnancy."
    assert editor.person() == SAM  # nothing changed, nothing lost: id and safety check too


def test_a_new_person_has_nothing_to_delete_and_no_safety_check_yet(new: PersonEditor) -> None:
    assert new.windowTitle() == "New person"
    assert not new.delete_button.isVisible()
    assert not new.safety_button.isVisible()
    assert new.person() == Person(name="")


def test_something_changed_asks_for_the_safety_check_and_shows_its_answers(
    qtbot: QtBot, editing_sam: PersonEditor
) -> None:
    with qtbot.waitSignal(editing_sam.safetyCheckAsked) as asked:
        editing_sam.safety_button.click()
    assert asked.args == [3]
    editing_sam.show_safety(SafetyCheck(date(2026, 4, 1)))
    assert editing_sam.safety_text.text() == "Asked on 1 April 2026: none of the questions applied."
    assert editing_sam.person().safety == SafetyCheck(date(2026, 4, 1))


def test_someone_never_asked_is_offered_the_questions(qtbot: QtBot) -> None:
    editor = PersonEditor(ALEX)
    show_dialog(qtbot, editor)
    assert editor.safety_text.text() == "Not asked yet: Lull asks before the first session."
    assert editor.safety_button.text() == "Ask the safety &questions now…"


@pytest.mark.parametrize(
    ("sessions", "detail"),
    [
        (0, "Sam will be deleted. This cannot be undone."),
        (1, "Sam and the record of their one session will be deleted. This cannot be undone."),
        (4, "Sam and the record of their 4 sessions will be deleted. This cannot be undone."),
    ],
)
def test_delete_says_what_goes_and_deletes_only_on_yes(
    qtbot: QtBot, sessions: int, detail: str
) -> None:
    editor = PersonEditor(SAM, sessions=sessions)
    show_dialog(qtbot, editor)
    deleted: list[int] = []
    editor.deleteAsked.connect(deleted.append)

    asked = answer_question(qtbot, QMessageBox.StandardButton.Cancel)
    editor.delete_button.click()
    assert asked == [f"Delete Sam?\n\n{detail}"]
    assert deleted == [] and editor.isVisible()

    asked = answer_question(qtbot, QMessageBox.StandardButton.Yes)
    editor.delete_button.click()
    assert asked == [f"Delete Sam?\n\n{detail}"]
    assert deleted == [3]
    assert not editor.isVisible()


def test_a_dialog_too_tall_for_its_screen_scrolls_and_keeps_its_buttons(
    qtbot: QtBot, editing_sam: PersonEditor
) -> None:
    editing_sam.resize(editing_sam.width(), 300)
    qtbot.waitUntil(lambda: editing_sam.fields.verticalScrollBar().maximum() > 0)
    assert editing_sam.rect().contains(editing_sam.save_button.geometry())
    assert editing_sam.fields.horizontalScrollBar().maximum() == 0  # nothing cut at the side


def test_the_editor_fits_its_screen(qtbot: QtBot, editing_sam: PersonEditor) -> None:
    room = editing_sam.screen().availableGeometry()
    assert editing_sam.frameGeometry().height() < room.height()
    assert editing_sam.frameGeometry().width() < room.width()


# --- the chooser ------------------------------------------------------------------------------


@pytest.fixture
def chooser(qtbot: QtBot) -> PersonChooser:
    chooser = PersonChooser()
    qtbot.addWidget(chooser)
    chooser.show()
    qtbot.waitExposed(chooser)
    return chooser


def entries(chooser: PersonChooser) -> list[str]:
    return [action.text() for action in chooser.menu.actions()]


def entry(chooser: PersonChooser, text: str) -> QAction:
    return next(action for action in chooser.menu.actions() if action.text() == text)


def test_the_chooser_lists_everyone_and_says_who_it_is_for(chooser: PersonChooser) -> None:
    chooser.show_people([SAM, ALEX], 3)
    assert chooser.button.text() == "for: Sam"
    assert chooser.button.accessibleName() == "Massage for Sam"
    assert entries(chooser) == [
        "Sam",
        "Alex",
        "Anyone",
        "",
        "New person…",
        "Edit Sam…",
        "History…",
        "",
        "Export my data…",
        "Delete all my data…",
    ]
    assert [a.text() for a in chooser.menu.actions() if a.isChecked()] == ["Sam"]


def test_with_no_one_chosen_it_is_for_anyone(chooser: PersonChooser) -> None:
    chooser.show_people([SAM, ALEX], None)
    assert chooser.button.text() == "for: anyone"
    assert chooser.button.accessibleName() == "Massage for anyone"
    assert [a.text() for a in chooser.menu.actions() if a.isChecked()] == ["Anyone"]
    assert not any(text.startswith("Edit") for text in entries(chooser))


def test_the_chooser_sends_what_was_chosen(qtbot: QtBot, chooser: PersonChooser) -> None:
    chooser.show_people([SAM, ALEX], 3)
    with qtbot.waitSignal(chooser.personChosen) as chosen:
        entry(chooser, "Alex").trigger()
    assert chosen.args == [4]
    with qtbot.waitSignal(chooser.personChosen) as chosen:
        entry(chooser, "Anyone").trigger()
    assert chosen.args == [None]
    with qtbot.waitSignal(chooser.editPersonAsked) as edit:
        entry(chooser, "Edit Sam…").trigger()
    assert edit.args == [3]
    with qtbot.waitSignal(chooser.newPersonAsked):
        entry(chooser, "New person…").trigger()
    with qtbot.waitSignal(chooser.historyAsked):
        entry(chooser, "History…").trigger()


def test_showing_the_people_sends_nothing_back(qtbot: QtBot, chooser: PersonChooser) -> None:
    with qtbot.assertNotEmitted(chooser.personChosen):
        chooser.show_people([SAM, ALEX], 4)
        chooser.show_people([SAM], None)


def test_a_long_name_is_elided_and_whole_in_its_tooltip(chooser: PersonChooser) -> None:
    long = Person(name=LONG_NAME, id=7)
    chooser.show_people([SAM, long], 7)
    shown_name = chooser.button.text().removeprefix("for: ")
    assert shown_name.endswith("…") and LONG_NAME.startswith(shown_name.removesuffix("…"))
    assert chooser.button.toolTip() == f"For {LONG_NAME}"
    assert chooser.button.accessibleName() == f"Massage for {LONG_NAME}"
    listed = chooser.menu.actions()[1]
    assert listed.text().endswith("…") and listed.toolTip() == LONG_NAME
    assert chooser.button.width() < chooser.fontMetrics().horizontalAdvance(LONG_NAME)


@pytest.mark.parametrize("theme", [DARK, LIGHT], ids=["dark", "light"])
def test_the_chooser_is_as_tall_as_the_plan_beside_it(
    qtbot: QtBot, qapp: QApplication, theme: Theme
) -> None:
    apply_theme(qapp, theme)
    chooser = PersonChooser()
    plan = QComboBox()
    for widget in (chooser, plan):
        qtbot.addWidget(widget)
        widget.ensurePolished()
    chooser.show_people([SAM], 3)
    assert chooser.button.sizeHint().height() == plan.sizeHint().height()


def test_an_ampersand_in_a_name_is_shown_not_taken_for_a_shortcut(chooser: PersonChooser) -> None:
    chooser.show_people([Person(name="Tom & Jerry", id=5)], 5)
    assert chooser.button.text() == "for: Tom && Jerry"  # drawn as "Tom & Jerry"
    assert entries(chooser)[0] == "Tom && Jerry"
    assert chooser.button.accessibleName() == "Massage for Tom & Jerry"
