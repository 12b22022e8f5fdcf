"""The plan editor: a plan of one's own, new, copied or changed. Its phases are a list reordered
by keys or by dragging; Save shows every problem at once, each beside its field."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from itertools import pairwise

from PySide6.QtCore import QObject, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QWidget,
)

from app.core.durations import position as clock_text
from app.core.plan import (
    CHECKIN_MINUTES,
    MAX_PHASES,
    TOWEL_MINUTES,
    Area,
    Levels,
    Phase,
    PhaseKind,
    Plan,
    PlanProblem,
    Position,
)
from app.core.plan_rules import MAX_DESCRIPTION_CHARS, MAX_TITLE_CHARS, plan_problems
from app.core.preparation import OWN_TITLE
from app.core.wording import as_sentence
from app.ui.asking import DIALOG_LOOK, confirm
from app.ui.people import POSITIONS, dialog_layout, fit_screen
from app.ui.phase_list import (
    PHASE_FIELDS,
    PhaseList,
    PhaseRow,
    PhaseRows,
    problem_label,
    repolish,
    say,
    side_by_side,
    text_label,
)

K = PhaseKind
# The least a plan can be: settled, the oil warmed, long strokes, and the closing: 5.5 minutes.
SMALLEST = (
    Phase(K.SETTLE, Area.FULL_BACK, 60),
    Phase(K.WARM_OIL, Area.FULL_BACK, 30),
    Phase(K.EFFLEURAGE, Area.FULL_BACK, 180),
    Phase(K.CLOSING, Area.FULL_BACK, 60),
)
ADDED = Phase(K.KNEAD, Area.SHOULDERS, 180)  # what a plan has most of: a section kneaded
AS_IN_SETTINGS = "As in Settings"
NO_MIX = "None: whatever is playing carries on"
_PLAN_FIELDS = ("title", "description", "checkin_minutes", "towel_minutes", "mix")

EDITOR_LOOK = """
QLabel#summary { color: palette(highlight); font-weight: bold; }
QTreeView#phases {
    background: palette(window); border: 1px solid palette(alternate-base); border-radius: 8px;
}
QTreeView#phases::item:selected { background: palette(alternate-base); }
QLabel#phaseNumber { color: palette(placeholder-text); }
QCheckBox:disabled { color: palette(placeholder-text); }
QLabel#phaseNumber[problem="true"] { color: palette(highlight); font-weight: bold; }
/* A phase's fields as wide as their longest choice, for the note to have the rest: the
   drop-down's arrow has room of its own, beyond the padding, and a length is short. */
QTreeView#phases QComboBox { padding-right: 0.6em; }
QTreeView#phases QSpinBox { min-width: 0; }
"""


class PlanEditor(QDialog):
    """A new plan (`plan` None), a copy of `plan` (`copy_of`), or `plan` changed. Save checks
    the plan the fields describe and, when it keeps the rules, hands it to `save`, which keeps
    it and returns it as kept (the caller may give it another id or title), or returns the
    problems or a message saying why not. The dialog closes once it is kept, with `saved_plan`
    the plan as kept; until then it shows every problem by its field. The plan's id is the
    starting plan's (a copy's, the original's): a new plan's is the caller's to choose."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        plan: Plan | None = None,
        copy_of: bool = False,
        save: Callable[[Plan], Plan | Sequence[PlanProblem] | str],
        current_mix: Levels = (),
        sound_titles: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setStyleSheet(DIALOG_LOOK + EDITOR_LOOK)
        self.saved_plan: Plan | None = None
        self._save = save
        self._playing = current_mix
        self._titles = dict(sound_titles or {})
        start = plan or Plan(id="new", title="", position=Position.LYING, phases=SMALLEST)
        self._id = start.id  # not edited here: the caller's to keep or to replace
        self._mix = start.mix
        self._shown: list[PlanProblem] = []
        self._held = QSize()  # the room it has had on screen: it never shrinks by itself
        self._refused: dict[PlanProblem, object] = {}  # the caller's, with the value refused
        if plan is None:
            self.setWindowTitle("New plan")
            self._leaving = ("Throw away this new plan?", "It has not been saved.")
        elif copy_of:
            self.setWindowTitle(f"A copy of “{plan.title}”")
            self._leaving = ("Throw away this copy?", f"“{plan.title}” stays as it is.")
        else:
            self.setWindowTitle(f"Edit “{plan.title}”")
            self._leaving = ("Throw away your changes?", f"“{plan.title}” stays as it was.")

        self.summary = problem_label("summary")
        # A copy of a file's plan is one's own, not one's own of a file: the list's label goes.
        mine = f"{plan.title.removesuffix(OWN_TITLE)} (mine)" if plan and copy_of else ""
        self.title = QLineEdit(mine or start.title)
        self.title.setMaxLength(MAX_TITLE_CHARS)
        self.title.setPlaceholderText("A name for it, such as “Sunday evening”")
        self.description = QLineEdit(start.description)
        self.description.setMaxLength(MAX_DESCRIPTION_CHARS)
        self.description.setCursorPosition(0)  # a long one shows its beginning
        self.description.setPlaceholderText("Optional: a line on what it is for, shown in the list")
        self.positions = {where: QRadioButton(words) for where, words in POSITIONS.items()}
        group = QButtonGroup(self)
        for where, button in self.positions.items():
            group.addButton(button)
            button.setChecked(where == start.position)
        self.checkin = _minutes(start.checkin_minutes, CHECKIN_MINUTES, "every ", " min")
        self.towels = _minutes(start.towel_minutes, TOWEL_MINUTES, "", " min before the closing")
        self.mix_text = text_label("", "", wrap=True)
        self.use_playing = _button(
            "Use the sounds &playing now", lambda: self._set_mix(self._playing)
        )
        self.no_sounds = _button("&No sounds", lambda: self._set_mix(()))
        self.total = text_label("", "secondary")
        self.add_button = _button("&Add phase", self._add)
        self.remove_button = _button("&Remove phase", self._remove)
        self.up_button = _button("Move &up", lambda: self._move(-1))
        self.up_button.setToolTip("Alt+Up")
        self.down_button = _button("Move &down", lambda: self._move(1))
        self.down_button.setToolTip("Alt+Down")
        self.cancel_button = _button("Cancel", self.reject)
        self.save_button = QPushButton("&Save")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.try_saving)
        self.title_problem, self.description_problem = problem_label(), problem_label()
        self.checkin_problem, self.towels_problem, self.mix_problem = (
            problem_label() for _ in range(3)
        )
        self.phases_problem = problem_label()

        self._model = PhaseRows(self)
        self.phase_list = PhaseList(self._model)
        for phase in start.phases:
            self._insert(len(self._model.rows), phase)
        self.phase_list.setCurrentIndex(self._model.index(0, 0))
        self.phase_list.selectionModel().currentChanged.connect(self._offer_moves)
        for signal in (self._model.rowsInserted, self._model.rowsRemoved, self._model.rowsMoved):
            signal.connect(self._rows_changed)
        for signal in (
            self.title.textChanged,
            self.description.textChanged,
            group.buttonToggled,
            self.checkin.valueChanged,
            self.towels.valueChanged,
        ):
            signal.connect(self._edited)
        self._keys()
        self._lay_out(copy_of=plan.title if plan and copy_of else None)
        self._set_mix(self._mix)
        self._rows_changed()
        self._start = self.plan()
        self.title.setFocus()
        fit_screen(self)

    def plan(self) -> Plan:
        """The plan as the fields describe it now, not yet checked."""
        title = self.title.text().strip()
        return Plan(
            id=self._id,
            title=title,
            position=next(where for where, b in self.positions.items() if b.isChecked()),
            phases=tuple(row.phase() for row in self.rows()),
            description=self.description.text().strip(),
            checkin_minutes=_chosen(self.checkin),
            towel_minutes=_chosen(self.towels),
            mix=self._mix,
        )

    def rows(self) -> list[PhaseRow]:
        """The phases' rows, in order."""
        return list(self._model.rows)

    def try_saving(self) -> None:
        """Check the plan and hand it to the caller; close once kept, else show why not."""
        plan = self.plan()
        problems = plan_problems(plan)
        self._refused = {}
        trouble = ""
        if not problems:
            answer = self._save(plan)
            if isinstance(answer, Plan):
                self.saved_plan = answer
                self.accept()
                return
            if isinstance(answer, str):
                trouble = as_sentence(answer)
            else:
                problems = list(answer)
                self._refused = {problem: _value(plan, problem) for problem in problems}
        self._show(problems, trouble)
        if problems:
            self._widget_for(problems[0]).setFocus()

    def reject(self) -> None:
        """Esc, Cancel, or the window closed: changes are thrown away only when the user says."""
        if self.plan() != self._start and not confirm(
            self, *self._leaving, yes="Throw away", no="Keep editing"
        ):
            return
        super().reject()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        """The room its fields want, and never less than it has had on screen: as problems
        are put right, the fields stay where the user's hands are."""
        return super().sizeHint().expandedTo(self._held)

    # --- showing ----------------------------------------------------------------------------

    def _show(self, problems: Sequence[PlanProblem], trouble: str = "") -> None:
        """Each problem beside its field, the first ones first; how many, at the top."""
        rows = self.rows()
        problems = sorted(problems, key=lambda p: _place(p, len(rows)))
        self._shown = list(problems)
        labels = {
            "title": self.title_problem,
            "description": self.description_problem,
            "checkin_minutes": self.checkin_problem,
            "towel_minutes": self.towels_problem,
            "mix": self.mix_problem,
        }
        said: dict[QObject, list[str]] = {}
        for problem in problems:
            if problem.phase is not None and problem.phase < len(rows):
                where: QObject = rows[problem.phase]
            else:
                where = labels.get(problem.field, self.phases_problem)
            # In the editor's words; a problem of the caller's may have only its message.
            said.setdefault(where, []).append(as_sentence(problem.said or problem.message))
        for label in (*labels.values(), self.phases_problem):
            say(label, said.get(label, []))
        for row in rows:
            row.show_problems(said.get(row, []))
        count = len(problems)
        things = "1 thing" if count == 1 else f"{count} things"
        self.summary.setText(trouble or (f"{things} to fix before saving" if count else ""))
        self.summary.setVisible(bool(self.summary.text()))
        self.phase_list.doItemsLayout()  # rows with a problem are a line taller
        if self.isVisible():
            self._held = self.size()
            fit_screen(self)

    def _recheck(self) -> None:
        """A problem shown goes once its field is put right; new ones wait for Save."""
        if not self._shown:
            return
        plan = self.plan()
        found = set(plan_problems(plan))
        still = [
            problem
            for problem in self._shown
            if (
                problem in found
                if problem not in self._refused
                else self._refused[problem] == _value(plan, problem)
            )
        ]
        if still != self._shown:
            self._show(still, "")

    def _widget_for(self, problem: PlanProblem) -> QWidget:
        fields: dict[str, QWidget] = {
            "title": self.title,
            "description": self.description,
            "checkin_minutes": self.checkin,
            "towel_minutes": self.towels,
            "mix": self.no_sounds if self.no_sounds.isEnabled() else self.use_playing,
        }
        rows = self.rows()
        if problem.phase is not None and problem.phase < len(rows):
            return rows[problem.phase].field(problem.field)
        return fields.get(problem.field, self.phase_list)

    def _set_mix(self, mix: Levels) -> None:
        self._mix = mix
        names = [self._titles.get(s, f"{s} (not in your sounds)") for s, _ in mix]
        self.mix_text.setText(", ".join(names) or NO_MIX)
        self.mix_text.setObjectName("" if mix else "secondary")
        repolish(self.mix_text)  # its look follows its new name
        self.use_playing.setEnabled(bool(self._playing) and self._playing != mix)
        playing = ", ".join(self._titles.get(s, s) for s, _ in self._playing)
        self.use_playing.setToolTip(f"Playing now: {playing}" if playing else "Nothing is playing")
        self.no_sounds.setEnabled(bool(mix))
        self._edited()

    # --- the phases -------------------------------------------------------------------------

    def _insert(self, at: int, phase: Phase) -> PhaseRow:
        row = PhaseRow(phase, self.phase_list.viewport())
        self._model.insert(at, row)
        self.phase_list.setIndexWidget(self._model.index(at, 0), row)
        row.changed.connect(self._edited)
        row.entered.connect(lambda: self._make_current(row))
        return row

    def _current(self) -> int:
        return self.phase_list.currentIndex().row()

    def _make_current(self, row: PhaseRow) -> None:
        index = self._model.index(self._model.rows.index(row), 0)
        self.phase_list.setCurrentIndex(index)
        self.phase_list.scrollTo(index)

    def _add(self) -> None:
        if len(self._model.rows) >= MAX_PHASES:
            return
        row = self._insert(self._current() + 1, ADDED)
        self._make_current(row)
        row.kind.setFocus()

    def _remove(self) -> None:
        at = self._current()
        if len(self._model.rows) > 1 and at >= 0:
            self._model.remove(at)
            self.phase_list.setCurrentIndex(self._model.index(min(at, len(self.rows()) - 1), 0))

    def _move(self, step: int) -> None:
        at = self._current()
        if at >= 0 and 0 <= at + step < len(self._model.rows):
            self._model.move(at, at + step + (step > 0))
            self.phase_list.scrollTo(self.phase_list.currentIndex())

    def _rows_changed(self) -> None:
        for number, row in enumerate(self.rows(), start=1):
            row.show_number(number)
        self._chain()
        self._offer_moves()
        self._edited()

    def _offer_moves(self) -> None:
        at, count = self._current(), len(self._model.rows)
        self.up_button.setEnabled(at > 0)
        self.down_button.setEnabled(0 <= at < count - 1)
        self.remove_button.setEnabled(count > 1)
        self.add_button.setEnabled(count < MAX_PHASES)

    def _edited(self) -> None:
        plan = self.plan()
        count = len(plan.phases)
        self.total.setText(
            f"Total {clock_text(plan.total_seconds)} · {count} phase{'s' if count != 1 else ''}"
        )
        self._recheck()

    # --- keys and layout --------------------------------------------------------------------

    def _keys(self) -> None:
        for keys, slot, owner in (
            (("Ctrl+Return", "Ctrl+Enter"), self.try_saving, self),
            (("Ins", "Ctrl+N"), self._add, self),
            (("Alt+Up",), lambda: self._move(-1), self),
            (("Alt+Down",), lambda: self._move(1), self),
            (("Del",), self._remove, self.phase_list),  # elsewhere, Delete deletes a character
        ):
            action = QAction(owner)
            action.setShortcuts([QKeySequence(key) for key in keys])
            context = Qt.ShortcutContext
            action.setShortcutContext(
                context.WidgetShortcut if owner is self.phase_list else context.WindowShortcut
            )
            action.triggered.connect(slot)
            owner.addAction(action)

    def _chain(self) -> None:
        """Tab goes through the fields as they are shown, the phases' in their order."""
        widgets: list[QWidget] = [
            self.title,
            *self.positions.values(),
            self.description,
            self.checkin,
            self.towels,
            self.use_playing,
            self.no_sounds,
            self.add_button,
            self.remove_button,
            self.up_button,
            self.down_button,
            self.phase_list,
            *(field for row in self.rows() for field in row.fields()),
            self.cancel_button,
            self.save_button,
        ]
        for first, second in pairwise(widgets):
            QWidget.setTabOrder(first, second)

    def _lay_out(self, copy_of: str | None) -> None:
        layout = dialog_layout(self)
        if copy_of is not None:
            origin = f"A copy of “{copy_of}”: that plan stays as it is."
            layout.addWidget(text_label(origin, "secondary", wrap=True))
        layout.addWidget(self.summary)
        form = QGridLayout()
        line = self.fontMetrics().height()
        form.setHorizontalSpacing(line)
        form.setColumnStretch(1, 1)
        form.addWidget(_named("T&itle", self.title), 0, 0)
        form.addWidget(self.title, 0, 1)
        form.addWidget(QLabel("Position"), 0, 2)
        form.addLayout(side_by_side(*self.positions.values(), stretch=True), 0, 3)
        form.addWidget(self.title_problem, 1, 1, 1, 3)
        form.addWidget(_named("D&escription", self.description), 2, 0)
        form.addWidget(self.description, 2, 1, 1, 3)
        form.addWidget(self.description_problem, 3, 1, 1, 3)
        form.addWidget(_named("&Check in", self.checkin), 4, 0)
        form.addLayout(side_by_side(self.checkin, stretch=True), 4, 1)
        form.addWidget(_named("To&wels", self.towels), 4, 2)
        form.addLayout(side_by_side(self.towels, stretch=True), 4, 3)
        form.addWidget(self.checkin_problem, 5, 1)
        form.addWidget(self.towels_problem, 5, 3)
        form.addWidget(QLabel("Sounds"), 6, 0)
        sounds = side_by_side(self.mix_text, self.use_playing, self.no_sounds)
        sounds.setStretch(0, 1)
        sounds.setSpacing(line // 3)  # as the buttons over the phases are apart
        form.addLayout(sounds, 6, 1, 1, 3)
        form.addWidget(self.mix_problem, 7, 1, 1, 3)
        layout.addLayout(form)
        layout.addSpacing(line // 2)
        phases = _named("P&hases", self.phase_list)
        changes = (self.add_button, self.remove_button, self.up_button, self.down_button)
        layout.addLayout(side_by_side(phases, self.total, None, *changes))
        layout.addWidget(self.phase_list, 1)
        layout.addWidget(self.phases_problem)
        layout.addSpacing(line // 2)
        layout.addLayout(side_by_side(None, self.cancel_button, self.save_button))


def _minutes(chosen: int | None, limits: tuple[int, int], prefix: str, suffix: str) -> QSpinBox:
    """Minutes, or (at its least) the user's setting."""
    box = QSpinBox()
    box.setRange(limits[0] - 1, limits[1])
    box.setSpecialValueText(AS_IN_SETTINGS)
    box.setPrefix(prefix)
    box.setSuffix(suffix)
    box.setValue(box.minimum() if chosen is None else chosen)
    return box


def _chosen(box: QSpinBox) -> int | None:
    return None if box.value() == box.minimum() else box.value()


def _value(plan: Plan, problem: PlanProblem) -> object:
    """The value a problem is about, as `plan` has it."""
    if problem.phase is None:
        return getattr(plan, problem.field, None)
    if problem.phase < len(plan.phases):
        return getattr(plan.phases[problem.phase], problem.field, None)
    return None


def _place(problem: PlanProblem, rows: int) -> tuple[int, int, int]:
    """Where a problem's field is shown: the plan's fields, then the phases in their order."""
    if problem.phase is not None and problem.phase < rows:
        field = problem.field
        return (1, problem.phase, PHASE_FIELDS.index(field) if field in PHASE_FIELDS else 0)
    if problem.field in _PLAN_FIELDS:
        return (0, _PLAN_FIELDS.index(problem.field), 0)
    return (2, 0, 0)  # the phases as a whole, under the list


def _named(text: str, field: QWidget) -> QLabel:
    """A field's name; Alt and its underlined letter take the keyboard to it."""
    label = QLabel(text)
    label.setBuddy(field)
    return label


def _button(text: str, slot: Callable[[], object]) -> QPushButton:
    button = QPushButton(text)
    button.setAutoDefault(False)  # Enter saves, wherever the keyboard is
    button.clicked.connect(slot)
    return button
