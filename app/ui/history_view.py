"""The sessions given, newest first: the details of the one chosen and, for one person, what
they tend to ask for and the changes it suggests."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.advice import FOCUS_MIN_SESSIONS, PRESSURE_WORDS, Suggestion, Tendencies
from app.core.cues import cue_for
from app.core.events import Pressure
from app.core.history import PhaseOutcome, PhaseRecord, SessionRecord
from app.core.people import Person
from app.core.plan import Area, Phase, Position
from app.core.wording import capitalised
from app.ui.asking import DIALOG_LOOK
from app.ui.eliding_combo import ElidingComboBox
from app.ui.people import dialog_layout, fit_screen
from app.ui.theme import tabular_figures

NOT_REACHED = "not reached"
NO_SESSIONS = "No sessions yet. They appear here as you give them."
EVERYONE = "Everyone"
SIZE_LINES = (80, 50)  # the view's width and height in lines of text, where the screen has room
LIST_WIDTH_LINES = 22  # room for a row's date, who, plan and length without eliding
FILTER_NAME_CHARS = 16

HISTORY_LOOK = (
    DIALOG_LOOK
    + """
QListWidget {
    background: palette(base); border: 1px solid palette(alternate-base); border-radius: 10px;
    padding: 4px; outline: none;
}
QListWidget:focus { border-color: palette(highlight); }
QListWidget::item { border-radius: 8px; }
QListWidget::item:selected {
    background: palette(alternate-base); border-left: 3px solid palette(highlight);
}
QLabel#rowTitle { font-size: 12pt; }
QLabel#rowDetail, QLabel#rowNote { font-size: 11pt; color: palette(placeholder-text); }
QLabel#rowNote { font-style: italic; }
QLabel#section { font-size: 11pt; font-weight: bold; color: palette(placeholder-text); }
QLabel#secondary { color: palette(placeholder-text); }
QScrollArea#page { border: 1px solid transparent; border-radius: 10px; }
QScrollArea#page:focus { border-color: palette(highlight); }
QFrame#tendencies {
    background: palette(base); border: 1px solid palette(alternate-base); border-radius: 10px;
}
"""
)


class HistoryView(QDialog):
    """The history, listed for everyone or for one person (`filterChosen`: the caller answers
    with show_sessions, and show_tendencies or hide_tendencies)."""

    filterChosen = Signal(object)  # int | None: whose sessions to list; None for everyone
    applyAsked = Signal(int, Suggestion)  # the person's id, and the change to their usual

    def __init__(
        self, people: Sequence[Person], shown: int | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("History")
        self.setStyleSheet(HISTORY_LOOK)
        line = self.fontMetrics().height()
        self._records: list[SessionRecord] = []

        heading = QLabel("History")
        heading.setObjectName("heading")
        self.filter = ElidingComboBox()
        self.filter.setMinimumContentsLength(FILTER_NAME_CHARS)
        self.filter.setSizeAdjustPolicy(
            ElidingComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.filter.addItem(EVERYONE, None)
        for person in people:
            self.filter.addItem(person.name, person.id)
        self.filter.setCurrentIndex(max(0, self.filter.findData(shown)))
        self.filter.currentIndexChanged.connect(
            lambda: self.filterChosen.emit(self.filter.currentData())
        )
        filter_label = QLabel("Sessions &for")
        filter_label.setBuddy(self.filter)
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(filter_label)
        top.addWidget(self.filter)

        self.sessions = QListWidget()
        self.sessions.setAccessibleName("Sessions, newest first")
        self.sessions.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sessions.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.sessions.setMinimumWidth(line * LIST_WIDTH_LINES)
        self.sessions.currentRowChanged.connect(self._show_details)
        self.tendencies = QFrame()
        self.tendencies.setObjectName("tendencies")
        self.tendencies.hide()
        self._tendencies = QVBoxLayout(self.tendencies)
        self.apply_buttons: list[QPushButton] = []
        self.details = QWidget()
        self._details = QVBoxLayout(self.details)
        self._details.setContentsMargins(0, 0, 0, 0)
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(line, 0, line // 2, 0)  # clear of the list and the scroll bar
        column.setSpacing(line)
        column.addWidget(self.tendencies)
        column.addWidget(self.details)
        column.addStretch(1)
        self.page = QScrollArea()  # the keyboard scrolls it from the list with Tab, then arrows
        self.page.setObjectName("page")
        self.page.setWidget(page)
        self.page.setWidgetResizable(True)
        self.page.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        listed = QWidget()
        both = QHBoxLayout(listed)
        both.setContentsMargins(0, 0, 0, 0)
        both.addWidget(self.sessions, 9)
        both.addWidget(self.page, 11)
        self.empty = _label(NO_SESSIONS, "secondary")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body = QStackedWidget()
        self.body.addWidget(self.empty)
        self.body.addWidget(listed)

        close = QPushButton("Close")
        close.setDefault(True)
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = dialog_layout(self)
        layout.addLayout(top)
        layout.addWidget(self.body, 1)
        layout.addLayout(buttons)
        self.sessions.setFocus()
        fit_screen(self)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        line = self.fontMetrics().height()
        return QSize(*(line * lines for lines in SIZE_LINES))

    def show_sessions(self, records: Sequence[SessionRecord]) -> None:
        """The sessions listed, newest first, with the details of the newest shown."""
        self._records = list(records)
        self.sessions.clear()
        for record in self._records:
            item = QListWidgetItem()
            row = _Row(record)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, row.spoken)
            self.sessions.addItem(item)
            self.sessions.setItemWidget(item, row)
            # Measured once in the dialog, so in the type sizes of its style sheet; as wide as
            # the list, whose rows elide what does not fit.
            item.setSizeHint(QSize(1, row.sizeHint().height()))
        self.body.setCurrentIndex(1 if self._records else 0)
        self.sessions.setCurrentRow(0)

    def show_tendencies(
        self, person: Person, tendencies: Tendencies, suggestions: Sequence[Suggestion]
    ) -> None:
        """What they asked for lately, how they are usually massaged, and each change their
        check-ins suggest with a button to apply it; nothing when they had no sessions yet."""
        assert person.id is not None  # someone kept, or they would have no history
        focus = QApplication.focusWidget()
        had_focus = focus is not None and self.tendencies.isAncestorOf(focus)
        card = QWidget()
        rows = QGridLayout(card)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.setColumnStretch(0, 1)
        rows.addWidget(_label(f"What {person.name} tends to ask for", "section"), 0, 0, 1, 2)
        rows.addWidget(_label(describe_tendencies(tendencies)), 1, 0, 1, 2)
        rows.addWidget(_label(describe_usual(person), "secondary"), 2, 0, 1, 2)
        self.apply_buttons = []
        for number, suggestion in enumerate(suggestions, start=3):
            apply = QPushButton("Apply")
            apply.setAutoDefault(False)
            apply.setAccessibleName(f"Apply: {suggestion.text}")
            apply.clicked.connect(lambda _=False, s=suggestion: self.applyAsked.emit(person.id, s))
            rows.addWidget(_label(suggestion.text), number, 0)
            rows.addWidget(apply, number, 1, Qt.AlignmentFlag.AlignVCenter)
            self.apply_buttons.append(apply)
        _put(self._tendencies, card)
        order = [self.sessions, *self.apply_buttons, self.page]  # Tab goes as the eye does
        for before, after in itertools.pairwise(order):
            QWidget.setTabOrder(before, after)
        self.tendencies.setVisible(tendencies.sessions > 0)
        if had_focus:  # its button applied and gone: the keyboard goes to the next, or the list
            following: QWidget = self.apply_buttons[0] if self.apply_buttons else self.sessions
            following.setFocus()

    def hide_tendencies(self) -> None:
        self.tendencies.hide()

    def _show_details(self, row: int) -> None:
        if 0 <= row < len(self._records):
            _put(self._details, _details(self._records[row]))


class _Row(QWidget):
    """A session in the list: when and for whom; the plan, how long and how it ended; the note."""

    def __init__(self, record: SessionRecord) -> None:
        super().__init__()
        line = self.fontMetrics().height()
        who = record.person_name or "anyone"
        title = f"{_short_when(record.started)} · {who}"
        detail = f"{record.plan_title} · {_length(record)} · {_ending(record)}"
        top = QHBoxLayout()
        top.addWidget(_Line(title, "rowTitle"), 1)
        if record.relief is not None:  # at the end of the first line, where the eye finds it
            rating = QLabel(f"relief {record.relief}/10")
            rating.setObjectName("rowDetail")
            top.addWidget(rating)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(line // 2, line // 2, line // 2, line // 2)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(_Line(detail, "rowDetail"))
        note = " ".join(record.note.split())
        if note:
            layout.addWidget(_Line(f"“{note}”", "rowNote"))
        relief = "" if record.relief is None else f" Relief {record.relief} of 10."
        self.spoken = f"{title}. {detail}.{relief}" + (f" Note: {note}" if note else "")


class _Line(QLabel):
    """One line of text, as much of it as fits and then "…"; the whole in its tooltip."""

    def __init__(self, text: str, name: str) -> None:
        super().__init__(text)
        self.whole = text
        self.setObjectName(name)
        self.setTextFormat(Qt.TextFormat.PlainText)  # a note or a name is never markup
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        shown = self.fontMetrics().elidedText(self.whole, Qt.TextElideMode.ElideRight, self.width())
        self.setText(shown)
        self.setToolTip("" if shown == self.whole else self.whole)


def describe_tendencies(tendencies: Tendencies) -> str:
    """'Firmer 5×, just right 2× in their last 5 sessions; often the neck and shoulders.'"""
    count = tendencies.sessions
    sessions = "their last session" if count == 1 else f"their last {count} sessions"
    order = list(Pressure)
    counts = sorted(tendencies.pressure.items(), key=lambda said: (-said[1], order.index(said[0])))
    if counts:
        said = ", ".join(f"{PRESSURE_WORDS[pressure]} {n}×" for pressure, n in counts)
        text = f"{capitalised(said)} in {sessions}"
    else:
        text = f"No check-ins answered in {sessions}"
    areas = list(Area)
    often = [
        area.label
        for area, n in sorted(tendencies.focus.items(), key=lambda f: (-f[1], areas.index(f[0])))
        if n >= FOCUS_MIN_SESSIONS
    ]
    if often:
        text += f"; often the {_listed(often)}"
    return text + "."


def describe_usual(person: Person) -> str:
    """'Usually firm pressure, with a focus on the neck.'"""
    focus = [area.label for area in Area if area in person.focus]
    return f"Usually {person.firmness.value} pressure" + (
        f", with a focus on the {_listed(focus)}." if focus else "."
    )


def _details(record: SessionRecord) -> QWidget:
    """All there is to know of one session: the day, who, the plan, how it went, each phase and
    each check-in."""
    details = QWidget()
    line = details.fontMetrics().height()
    layout = QVBoxLayout(details)
    layout.setContentsMargins(0, 0, 0, 0)
    when = record.started.astimezone()
    layout.addWidget(_label(f"{when:%A} {when.day} {when:%B %Y}, {when:%H:%M}", "heading"))
    summary = f"For {record.person_name or 'anyone'} · {record.plan_title}"
    layout.addWidget(_label(summary))
    given = f"{_length(record, 'minutes')} given · {_ending(record)}"
    if record.relief is not None:
        given += f" · relief {record.relief} of 10"
    layout.addWidget(_label(given, "secondary"))
    if record.note:
        layout.addWidget(_label(f"“{record.note}”"))
    layout.addSpacing(line)
    layout.addWidget(_label("Phases", "section"))
    layout.addLayout(_table(_phase_rows(record), line))
    layout.addSpacing(line)
    layout.addWidget(_label("Check-ins, by time into the session", "section"))
    if record.checkins:
        checkins = [
            (
                _clock(answer.at),
                PRESSURE_WORDS[answer.pressure].capitalize(),
                ", ".join(area.label for area in Area if area in answer.focus),
            )
            for answer in record.checkins
        ]
        layout.addLayout(_table(checkins, line, times_first=True))
    else:
        layout.addWidget(_label("None answered.", "secondary"))
    return details


def _phase_rows(record: SessionRecord) -> list[tuple[str, str, str]]:
    """Each phase with what was given; those after the end of a session ended early were not
    skipped, they were never reached."""
    given = [n for n, phase in enumerate(record.phases) if phase.given > 0]
    last = given[-1] if given and not record.completed else len(record.phases)
    return [
        _phase_row(phase) if number <= last else (_title(phase), NOT_REACHED, _planned(phase))
        for number, phase in enumerate(record.phases)
    ]


def _title(phase: PhaseRecord) -> str:
    return cue_for(Phase(phase.kind, phase.area, round(phase.planned)), Position.LYING).title


def _planned(phase: PhaseRecord) -> str:
    return f"{_clock(phase.planned)} planned"


def _phase_row(phase: PhaseRecord) -> tuple[str, str, str]:
    title = _title(phase)
    outcome = phase.outcome
    time = {
        PhaseOutcome.GIVEN: _clock(phase.given),
        PhaseOutcome.SHORTENED: f"{_clock(phase.given)} of {_clock(phase.planned)}",
        PhaseOutcome.SKIPPED: f"0:00 of {_clock(phase.planned)}",
        PhaseOutcome.EXTENDED: f"{_clock(phase.given)} (+{_clock(phase.given - phase.planned)})",
    }[outcome]
    return title, outcome.value, time


def _table(
    rows: Sequence[tuple[str, str, str]], line: int, *, times_first: bool = False
) -> QGridLayout:
    """Rows of three columns, the times right-aligned in tabular figures."""
    grid = QGridLayout()
    grid.setHorizontalSpacing(line)
    grid.setVerticalSpacing(line // 4)
    time_column = 0 if times_first else 2
    grid.setColumnStretch(2 if times_first else 0, 1)
    for number, row in enumerate(rows):
        for column, text in enumerate(row):
            cell = _label(text, "secondary" if column == 1 else "")
            if column == time_column:
                cell.setFont(tabular_figures(cell.font()))
                cell.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(cell, number, column)
    return grid


def _label(text: str, name: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)  # a note or a name is never markup
    return label


def _put(holder: QVBoxLayout, content: QWidget) -> None:
    """`content` in place of what `holder` showed. The old is deleted later, not now: this may
    run in the click of one of its own buttons."""
    while (item := holder.takeAt(0)) is not None:
        if (old := item.widget()) is not None:
            old.hide()
            old.deleteLater()
    holder.addWidget(content)


def _short_when(when: datetime) -> str:
    local = when.astimezone()
    return f"{local:%a} {local.day} {local:%b %Y}, {local:%H:%M}"


def _length(record: SessionRecord, unit: str = "min") -> str:
    """'28 of 30 min': how long it was given, of how long it was planned."""
    given = round(sum(phase.given for phase in record.phases) / 60)
    planned = round(sum(phase.planned for phase in record.phases) / 60)
    return f"{given} {unit}" if given >= planned else f"{given} of {planned} {unit}"


def _ending(record: SessionRecord) -> str:
    if record.completed:
        return "completed"
    return "ended early" if record.ended is not None else "not finished"


def _clock(seconds: float) -> str:
    """'4:05', or '1:04:05' from an hour on."""
    minutes, second = divmod(round(seconds), 60)
    hour, minute = divmod(minutes, 60)
    return f"{hour}:{minute:02d}:{second:02d}" if hour else f"{minute}:{second:02d}"


def _listed(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
