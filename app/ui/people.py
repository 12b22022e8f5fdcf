"""The person a massage is for: the editor of their details, and the chooser in the top bar."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import TypeVar

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QActionGroup
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QMenu,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.people import (
    MAX_NAME_CHARS,
    MAX_NOTE_CHARS,
    Concern,
    Firmness,
    GoEasy,
    Person,
    PersonError,
    SafetyCheck,
    checked,
)
from app.core.plan import Area, Position
from app.core.wording import as_sentence
from app.paths import find_assets_dir
from app.ui.asking import DIALOG_LOOK, confirm
from app.ui.eliding_combo import elided
from app.ui.theme import CHEVRONS

POSITIONS = {Position.LYING: "&Lying down", Position.SEATED: "Sea&ted, on a chair"}
FIRMNESS = {Firmness.LIGHT: "L&ight", Firmness.MEDIUM: "&Medium", Firmness.FIRM: "&Firm"}
FOCUS_AREAS = (Area.SHOULDERS, Area.UPPER_BACK, Area.LOWER_BACK, Area.NECK)
GO_EASY_AREAS = (*FOCUS_AREAS, Area.FULL_BACK)  # a note may be about all of it: "stiff"
GO_EASY_LABELS = {Area.FULL_BACK: "Whole back"}
NOTE_PLACEHOLDER = "Why, in a few words"
NOTE_COUNT_FROM = 20  # with fewer characters left, a note says how many: typing stops at none
CHRONIC_HINT = "If massage does not seem to help, Lull may suggest seeing a specialist."
SCREEN_MARGIN_LINES = 3  # room left on the screen for a window's title bar and frame
DIALOG_MARGIN_LINES = 1.5
CHOSEN_NAME_CHARS = 14  # the top bar shows this much of a name; the tooltip has it whole
MENU_NAME_CHARS = 32

E = TypeVar("E", Position, Firmness)

# The chooser reads as a field beside the plan and its length: their type, height and chevron.
CHOOSER_LOOK = """
QToolButton {{
    font-size: 11pt; border-radius: 8px; padding: 0.35em 1.8em 0.35em 0.6em;
}}
QToolButton::menu-indicator {{
    image: url("{chevron}"); width: 0.8em; height: 0.8em;
    subcontrol-origin: padding; subcontrol-position: center right; right: 0.5em;
}}
"""


class PersonEditor(QDialog):
    """A new person's details, or someone's to change. Save checks them and asks the caller to
    keep them (saveAsked); the caller then closes the dialog with accept(), or, when it cannot
    keep them, says why with show_problem() and the dialog stays open to put it right."""

    saveAsked = Signal(Person)  # checked and tidied, ready to keep
    deleteAsked = Signal(int)  # confirmed: the id of the person to delete
    safetyCheckAsked = Signal(int)  # something changed: ask them the safety questions again

    def __init__(
        self, person: Person | None = None, *, sessions: int = 0, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Edit {person.name}" if person else "New person")
        self.setStyleSheet(DIALOG_LOOK)
        self._original = person or Person(name="")
        self._sessions = sessions

        self.name = QLineEdit(self._original.name)
        self.name.setMaxLength(MAX_NAME_CHARS)
        self.name.setPlaceholderText("Their first name is enough")
        self.name.textEdited.connect(lambda: self.show_problem(""))
        self.problem = QLabel()  # empty, it keeps a line free under the name
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        self.positions = _radios(POSITIONS, self._original.position, self)
        self.firmness = _radios(FIRMNESS, self._original.firmness, self)
        self.focus = {area: QCheckBox(area.label.capitalize()) for area in FOCUS_AREAS}
        for area, box in self.focus.items():
            box.setChecked(area in self._original.focus)
            box.setAccessibleName(f"Focus on the {area.label}")
        self.go_easy: dict[Area, QCheckBox] = {}
        self.notes: dict[Area, QLineEdit] = {}
        self.notes_left: dict[Area, QLabel] = {}  # under a note nearly full: how much room is left
        self._go_easy_fields()
        self.chronic = QCheckBox("Chronic &back pain")
        self.chronic.setChecked(self._original.chronic_back_pain)
        self.safety_text = QLabel()
        self.safety_text.setWordWrap(True)
        self.safety_button = QPushButton()
        self.safety_button.setAutoDefault(False)  # Enter saves, wherever the focus is
        self.safety_button.clicked.connect(lambda: self.safetyCheckAsked.emit(self._original.id))
        self.delete_button = QPushButton("&Delete this person…")
        self.delete_button.setAutoDefault(False)
        self.delete_button.clicked.connect(self._delete)
        self.save_button = QPushButton("&Save")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self._save)
        cancel = QPushButton("Cancel")
        cancel.clicked.connect(self.reject)
        if self._original.id is None:
            self.delete_button.hide()  # nothing to delete yet, nor a safety check to redo
        else:
            self.show_safety(self._original.safety)

        buttons = QHBoxLayout()
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.save_button)
        layout = dialog_layout(self)
        self.fields = _Scrolling(self._form())
        layout.addWidget(self.fields, 1)
        layout.addLayout(buttons)
        self.name.setFocus()
        fit_screen(self)

    def person(self) -> Person:
        """The person as the fields have them now, not yet checked."""
        return replace(
            self._original,
            name=self.name.text(),
            position=_checked(self.positions),
            firmness=_checked(self.firmness),
            focus=frozenset(area for area, box in self.focus.items() if box.isChecked()),
            go_easy=tuple(
                GoEasy(area, self.notes[area].text())
                for area, box in self.go_easy.items()
                if box.isChecked()
            ),
            chronic_back_pain=self.chronic.isChecked(),
        )

    def show_problem(self, text: str) -> None:
        """Say, under the name, why these details cannot be kept; "" when all is well again."""
        sentence = as_sentence(text)
        self.problem.setText(sentence)
        self.name.setAccessibleDescription(sentence)
        if sentence:
            self.name.setFocus()

    def show_safety(self, check: SafetyCheck | None) -> None:
        """When the safety questions were last asked and what applied, as the caller keeps it."""
        self._original = replace(self._original, safety=check)
        if check is None:
            self.safety_text.setText("Not asked yet: Lull asks before the first session.")
            self.safety_button.setText("Ask the safety &questions now…")
            return
        when = f"{check.asked_on.day} {check.asked_on:%B %Y}"
        if check.clear:
            self.safety_text.setText(f"Asked on {when}: none of the questions applied.")
        else:
            applied = "; ".join(c.question.lower() for c in Concern if c in check.applies)
            self.safety_text.setText(f"Asked on {when}, when these applied: {applied}.")
        self.safety_button.setText("Something &changed since the safety check…")

    def _go_easy_fields(self) -> None:
        """A box for each area and, once it is ticked, a note beside it saying why."""
        notes = {easy.area: easy.note for easy in self._original.go_easy}
        for area in GO_EASY_AREAS:
            box = QCheckBox(GO_EASY_LABELS.get(area, area.label.capitalize()))
            box.setAccessibleName(f"Go easy on the {area.label}")
            box.setChecked(area in notes)
            # Made in the dialog: shown before it is laid out, a widget without a parent would
            # open as a window of its own.
            note = QLineEdit(notes.get(area, ""), self)
            note.setMaxLength(MAX_NOTE_CHARS)
            note.setPlaceholderText(NOTE_PLACEHOLDER)
            note.setAccessibleName(f"Why to go easy on the {area.label}")
            left = QLabel(self)
            left.setObjectName("secondary")
            self.go_easy[area], self.notes[area], self.notes_left[area] = box, note, left
            self._show_note(area)
            box.toggled.connect(lambda _=False, area=area: self._show_note(area))
            note.textChanged.connect(lambda _="", area=area: self._show_note(area))

    def _show_note(self, area: Area) -> None:
        """The note beside a ticked area and, once it is nearly full, how many characters it
        has left under it; a dialog on screen is refitted when either comes or goes."""
        note, left = self.notes[area], self.notes_left[area]
        room = MAX_NOTE_CHARS - len(note.text())
        words = _characters_left(room) if room < NOTE_COUNT_FROM else ""
        left.setText(words)
        note.setAccessibleDescription(words)
        ticked = self.go_easy[area].isChecked()
        shown = (ticked, ticked and bool(words))
        if shown != (note.isVisibleTo(self), left.isVisibleTo(self)):
            note.setVisible(shown[0])
            left.setVisible(shown[1])
            if self.isVisible():
                fit_screen(self)

    def _form(self) -> QWidget:
        form = _Form(self.fontMetrics().height())
        form.add(_label("&Name", self.name), self.name)
        form.add(None, self.problem)
        form.add(_label("Position"), form.choices(self.positions.values()))
        form.add(_label("Pressure"), form.choices(self.firmness.values()))
        form.gap()
        form.add(_label("F&ocus on", self.focus[FOCUS_AREAS[0]]), form.choices(self.focus.values()))
        form.gap()
        first, *others = GO_EASY_AREAS
        go_easy = _label("Go &easy on", self.go_easy[first])
        form.add(go_easy, self.go_easy[first], self.notes[first])
        form.under_note(self.notes_left[first])
        for area in others:
            form.add(None, self.go_easy[area], self.notes[area])
            form.under_note(self.notes_left[area])
        form.gap()
        hint = QLabel(CHRONIC_HINT)
        hint.setObjectName("secondary")
        hint.setWordWrap(True)
        form.add(None, self.chronic)
        form.add(None, hint)
        if self._original.id is not None:
            form.gap()
            form.add(_label("Safety check"), self.safety_text, label_on_top=True)
            form.add(None, form.choices([self.safety_button]))
        body = QWidget()
        body.setLayout(form)
        return body

    def _save(self) -> None:
        try:
            person = checked(self.person())
        except PersonError as problem:
            self.show_problem(str(problem))
            return
        self.show_problem("")
        self.saveAsked.emit(person)

    def _delete(self) -> None:
        name, count = self._original.name, self._sessions
        if count == 0:
            detail = f"{name} will be deleted. This cannot be undone."
        else:
            record = "their one session" if count == 1 else f"their {count} sessions"
            detail = f"{name} and the record of {record} will be deleted. This cannot be undone."
        if confirm(self, f"Delete {name}?", detail, yes="Delete"):
            self.deleteAsked.emit(self._original.id)
            self.reject()


class PersonChooser(QWidget):
    """Who the massage is for, in the top bar: "for: Sam", and a menu of everyone."""

    personChosen = Signal(object)  # int | None: an id, or None for no one in particular
    newPersonAsked = Signal()
    editPersonAsked = Signal(int)
    historyAsked = Signal()
    exportAsked = Signal()
    forgetAllAsked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        chevron = (find_assets_dir() / "icons" / CHEVRONS[0]).as_posix()
        self.button = QToolButton()
        self.button.setObjectName("field")  # greyed in a session as the fields beside it are
        self.button.setStyleSheet(CHOOSER_LOOK.format(chevron=chevron))
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu = QMenu(self.button)
        self.menu.setToolTipsVisible(True)  # a long name is elided; its tooltip has it whole
        self.button.setMenu(self.menu)
        self._group = QActionGroup(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.button)
        self.show_people([], None)

    def show_people(self, people: Sequence[Person], chosen: int | None) -> None:
        """Everyone, with `chosen` ticked; nothing is sent back."""
        self.menu.clear()
        for person in people:
            action = self.menu.addAction(elided(self.button, person.name, MENU_NAME_CHARS))
            action.setToolTip(person.name)
            action.setCheckable(True)
            action.setChecked(person.id == chosen)
            action.setActionGroup(self._group)
            action.triggered.connect(lambda _=False, id_=person.id: self.personChosen.emit(id_))
        anyone = self.menu.addAction("Anyone")  # as the button says it: "for: anyone"
        anyone.setCheckable(True)
        anyone.setChecked(chosen is None)
        anyone.setActionGroup(self._group)
        anyone.triggered.connect(lambda: self.personChosen.emit(None))
        self.menu.addSeparator()
        self.menu.addAction("New person…", self.newPersonAsked.emit)
        name = next((p.name for p in people if p.id == chosen), None)
        if chosen is not None and name is not None:
            edit = self.menu.addAction(elided(self.button, f"Edit {name}…", MENU_NAME_CHARS))
            edit.setToolTip(f"Edit {name}…")
            edit.triggered.connect(lambda: self.editPersonAsked.emit(chosen))
        self.menu.addAction("History…", self.historyAsked.emit)
        self.menu.addSeparator()
        self.menu.addAction("Export my data…", self.exportAsked.emit)
        self.menu.addAction("Delete all my data…", self.forgetAllAsked.emit)

        self.button.setText(
            "for: " + (elided(self.button, name, CHOSEN_NAME_CHARS) if name else "anyone")
        )
        self.button.setAccessibleName(f"Massage for {name or 'anyone'}")
        self.button.setToolTip(f"For {name}" if name else "Choose who the massage is for")


def dialog_layout(dialog: QDialog) -> QVBoxLayout:
    """The dialog's layout, with the air around its edges that the app's cards have."""
    layout = QVBoxLayout(dialog)
    margin = round(dialog.fontMetrics().height() * DIALOG_MARGIN_LINES)
    layout.setContentsMargins(margin, margin, margin, margin)
    return layout


def fit_screen(dialog: QDialog) -> None:
    """The dialog as big as it wants, up to what its screen has room for: beyond that, a scroll
    area in it scrolls."""
    # Measured afresh: until a window is first shown, its widgets are not yet polished to the
    # style sheets' type sizes, and its layouts keep what they measured before.
    for widget in (dialog, *dialog.findChildren(QWidget)):
        widget.ensurePolished()
        widget.updateGeometry()
    for layout in dialog.findChildren(QLayout):
        layout.invalidate()
    wanted = dialog.sizeHint()
    if (own := dialog.layout()) is not None and own.hasHeightForWidth():
        wanted.setHeight(max(wanted.height(), own.totalHeightForWidth(wanted.width())))
    margin = dialog.fontMetrics().height() * SCREEN_MARGIN_LINES
    room = dialog.screen().availableGeometry()
    dialog.resize(wanted.boundedTo(room.size() - QSize(margin, margin)))
    # Grown (a problem shown, a note written), it moves up or left as far as its frame needs
    # to stay on its screen: a Save button below the screen is out of reach.
    frame = dialog.frameGeometry()
    dialog.move(
        max(room.left(), min(frame.left(), room.right() + 1 - frame.width())),
        max(room.top(), min(frame.top(), room.bottom() + 1 - frame.height())),
    )


class _Form(QGridLayout):
    """Labels on the left, what they name on the right, and a little air between groups."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.rows = 0
        self.setColumnStretch(2, 1)
        self.setHorizontalSpacing(line)

    def add(
        self,
        label: QLabel | None,
        field: QWidget | QLayout,
        note: QWidget | None = None,
        *,
        label_on_top: bool = False,  # beside a field of several lines, not across its middle
    ) -> None:
        """A row: its label, and a field across both columns, or a field and its note."""
        if label is not None:
            self.addWidget(label, self.rows, 0)
            if label_on_top:
                self.setAlignment(label, Qt.AlignmentFlag.AlignTop)
        span = 2 if note is None else 1
        if isinstance(field, QLayout):
            self.addLayout(field, self.rows, 1, 1, span)
        else:
            self.addWidget(field, self.rows, 1, 1, span)
        if note is not None:
            self.addWidget(note, self.rows, 2)
        self.rows += 1

    def choices(self, buttons: Iterable[QAbstractButton]) -> QHBoxLayout:
        """Buttons side by side, a little apart, on the left of their row."""
        row = QHBoxLayout()
        row.setSpacing(self.line)
        for button in buttons:
            row.addWidget(button)
        row.addStretch(1)
        return row

    def under_note(self, widget: QWidget) -> None:
        """A line under the last row's note; while hidden, it takes no room."""
        self.addWidget(widget, self.rows, 2)
        self.rows += 1

    def gap(self) -> None:
        self.setRowMinimumHeight(self.rows, self.line)
        self.rows += 1


class _Scrolling(QScrollArea):
    """Asks for all the room its contents want, so the dialog can take it where the screen has
    it; where it does not, the contents scroll."""

    def __init__(self, contents: QWidget) -> None:
        super().__init__()
        self.contents = contents
        self.setWidget(contents)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        bar = self.verticalScrollBar().sizeHint().width()
        return self.contents.sizeHint() + QSize(bar, 0)


def _characters_left(room: int) -> str:
    if room == 0:
        return "No characters left"
    return "1 character left" if room == 1 else f"{room} characters left"


def _radios(labels: Mapping[E, str], chosen: E, owner: QObject) -> dict[E, QRadioButton]:
    """A radio button for each value, in a group of their own: one of them is chosen."""
    group = QButtonGroup(owner)
    buttons = {}
    for value, label in labels.items():
        button = QRadioButton(label)
        button.setChecked(value == chosen)
        group.addButton(button)
        buttons[value] = button
    return buttons


def _checked(buttons: Mapping[E, QRadioButton]) -> E:
    return next(value for value, button in buttons.items() if button.isChecked())


def _label(text: str, field: QWidget | None = None) -> QLabel:
    """A field's name; Alt and its underlined letter take the keyboard to `field`. A label
    clicks a button that is its buddy, so a box is reached through a stand-in that is not."""
    label = QLabel(text)
    if isinstance(field, QAbstractButton):
        stand_in = QWidget(label)
        stand_in.hide()
        stand_in.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        stand_in.setFocusProxy(field)
        label.setBuddy(stand_in)
    elif field is not None:
        label.setBuddy(field)
    return label
