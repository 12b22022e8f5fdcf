"""The phases of a plan being edited: a row of fields for each, in a list reordered by dragging
a row by its number; and the small pieces of a form the plan editor shares with its rows."""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QCursor, QDrag, QKeyEvent, QValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QSpinBox,
    QStyle,
    QStyleOptionComboBox,
    QStyleOptionSpinBox,
    QTreeView,
    QWidget,
)

from app.core.cues import TECHNIQUES
from app.core.plan import (
    MAX_NOTE_CHARS,
    MAX_PHASE_SECONDS,
    MIN_PHASE_SECONDS,
    SIDED_KINDS,
    Area,
    Phase,
    PhaseKind,
    areas_for,
)

STEP_SECONDS = 15
AREA_NAMES = {Area.FULL_BACK: "Whole back"}
SOUND_CHANGE = (
    "The sounds change as this phase begins, as the plan says: that is kept as it is, "
    "and not changed here."
)
SIDES = "One side, then the other: Lull says when to switch, halfway through"
ROW_MIME = "application/x-lull-phase-row"
NOTE_CHARS = 14  # the note's least width: it takes what else the row leaves
NOTE_ROOM_CHARS = 36  # asked for beyond that, where the screen has room for a line to read
PHASE_FIELDS = ("kind", "area", "seconds", "sides", "note")
LEAST_ROWS = 8  # room for as many, however few: the editor keeps its height as phases are added


class PhaseRow(QWidget):
    """One phase: what is done, where, for how long, side by side or not, and a note. Its
    ambience is kept as it came."""

    changed = Signal()
    entered = Signal()  # the keyboard came into one of its fields

    def __init__(self, phase: Phase, parent: QWidget) -> None:
        super().__init__(parent)
        self.ambience = phase.ambience
        self.number = text_label("", "phaseNumber")
        self.number.setFixedWidth(self.fontMetrics().horizontalAdvance("000"))
        self.number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.number.setCursor(Qt.CursorShape.OpenHandCursor)
        self.number.setToolTip("Drag the number to move this phase, or press Alt+Up or Alt+Down")
        self.kind = QComboBox()
        for kind in PhaseKind:
            self.kind.addItem(TECHNIQUES[kind].name, kind.value)
        self.kind.setCurrentIndex(self.kind.findData(phase.kind.value))
        self.area = AreaChoice()
        self.duration = DurationBox(phase.seconds)
        self.sides = QCheckBox("Left, then right")
        self.sides.setToolTip(SIDES)
        self.sides.setChecked(phase.sides)
        self.note = QLineEdit(phase.note)
        self.note.setMaxLength(MAX_NOTE_CHARS)
        self.note.setCursorPosition(0)  # a long note shows its beginning
        self.note.setPlaceholderText("Your note")
        self.note.setMinimumWidth(self.fontMetrics().averageCharWidth() * NOTE_CHARS)
        self.sound = text_label("♪", "secondary")
        self.sound.setToolTip(SOUND_CHANGE)
        keep_place = self.sound.sizePolicy()
        keep_place.setRetainSizeWhenHidden(True)  # the rows' fields line up, with it or without
        self.sound.setSizePolicy(keep_place)
        self.sound.setVisible(phase.ambience is not None)
        self.problem = problem_label()
        self._offer(phase.area, keep=True)

        grid = QGridLayout(self)
        line = self.fontMetrics().height()
        grid.setContentsMargins(line // 3, line // 4, line // 2, line // 4)
        grid.setVerticalSpacing(line // 4)
        grid.addWidget(self.number, 0, 0)
        for fixed in (self.kind, self.area, self.duration, self.sides):
            fixed.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)  # in line
        fields = side_by_side(
            self.kind, self.area, self.duration, self.sides, self.note, self.sound
        )
        fields.setSpacing(line // 3)  # the fields apart, their frames not touching
        grid.addLayout(fields, 0, 1)
        grid.addWidget(self.problem, 1, 1)
        grid.setColumnStretch(1, 1)
        self.kind.currentIndexChanged.connect(self._kind_chosen)
        self.area.currentIndexChanged.connect(self.changed)
        self.duration.valueChanged.connect(self.changed)
        self.sides.toggled.connect(self._sides_ticked)
        self.note.textChanged.connect(self.changed)
        self.note.textChanged.connect(self.note.setToolTip)  # whole, where the field cuts it
        self.note.setToolTip(phase.note)
        for field in self.fields():
            field.installEventFilter(self)

    def phase(self) -> Phase:
        return Phase(
            kind=PhaseKind(self.kind.currentData()),
            area=Area(self.area.currentData()),
            seconds=self.duration.value(),
            sides=self.sides.isChecked(),
            note=self.note.text().strip(),
            ambience=self.ambience,
        )

    def fields(self) -> list[QWidget]:
        return [self.kind, self.area, self.duration, self.sides, self.note]

    def field(self, name: str) -> QWidget:
        """The field a problem names, where the keyboard can go; else the kind."""
        fields = dict(zip(PHASE_FIELDS, self.fields(), strict=True))
        chosen = fields.get(name, self.kind)
        return chosen if chosen.isEnabled() else self.kind

    def show_number(self, number: int) -> None:
        self.number.setText(str(number))
        for field, what in zip(
            self.fields(), ("what", "where", "how long", "sides", "your note"), strict=True
        ):
            field.setAccessibleName(f"Phase {number}: {what}")

    def show_problems(self, sentences: list[str]) -> None:
        """What is wrong with this phase, under its fields and in its tooltip; its number
        marked."""
        say(self.problem, sentences)
        self.setToolTip(self.problem.text())
        self.setProperty("problem", bool(sentences))
        self.number.setProperty("problem", bool(sentences))
        repolish(self.number)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        """Keys its fields leave alone stop here: the list around it would take the arrows to
        move its current row away from the phase being edited. Esc and Enter go on to the
        dialog."""
        if event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.ignore()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.FocusIn:
            self.entered.emit()
        return False

    def _kind_chosen(self) -> None:
        if PhaseKind(self.kind.currentData()) not in SIDED_KINDS:
            self.sides.setChecked(False)
        self._offer(Area(self.area.currentData()), keep=False)
        self.changed.emit()

    def _sides_ticked(self) -> None:
        self._offer_sides()
        self.changed.emit()

    def _offer(self, area: Area, *, keep: bool) -> None:
        """The areas the kind allows (and, as it came, one it does not: shown, not lost), and
        the tick for sides where they apply, or while ticked, so that it can be unticked."""
        kind = PhaseKind(self.kind.currentData())
        areas = areas_for(kind)
        if keep and area not in areas:
            areas = (*areas, area)
        self.area.blockSignals(True)
        self.area.clear()
        for each in areas:
            self.area.addItem(_area_name(each), each.value)
        self.area.setCurrentIndex(max(0, self.area.findData(area.value)))
        self.area.blockSignals(False)
        self.area.setEnabled(len(areas) > 1)
        self._offer_sides()

    def _offer_sides(self) -> None:
        sided = PhaseKind(self.kind.currentData()) in SIDED_KINDS
        self.sides.setEnabled(sided or self.sides.isChecked())


class AreaChoice(QComboBox):
    """The areas a kind allows, in a field as wide as the widest area, so the rows line up."""

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        metrics = self.fontMetrics()
        widest = max(metrics.horizontalAdvance(_area_name(area)) for area in Area)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        contents = QSize(widest, metrics.height())
        combo = QStyle.ContentsType.CT_ComboBox
        size = self.style().sizeFromContents(combo, option, contents, self)
        return QSize(size.width(), super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return self.sizeHint()


class DurationBox(QSpinBox):
    """A phase's length in minutes and seconds, "4:30", stepping by 15 seconds; typed as
    "4:30", or "4" for whole minutes."""

    def __init__(self, seconds: int) -> None:
        super().__init__()
        self.setRange(MIN_PHASE_SECONDS, MAX_PHASE_SECONDS)
        self.setSingleStep(STEP_SECONDS)
        self.setValue(seconds)

    def textFromValue(self, value: int) -> str:  # noqa: N802 (Qt's name)
        return f"{value // 60}:{value % 60:02d}"  # an hour is 60:00

    def valueFromText(self, text: str) -> int:  # noqa: N802 (Qt's name)
        seconds = _seconds(text)
        return self.value() if seconds is None else seconds

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        """As wide as its longest length, "60:00", a character's room either side of it, and
        its arrows: the note beside it has the rest."""
        option = QStyleOptionSpinBox()
        self.initStyleOption(option)
        spin = QStyle.ComplexControl.CC_SpinBox
        field = self.style().subControlRect(spin, option, QStyle.SubControl.SC_SpinBoxEditField)
        metrics = self.fontMetrics()
        words = metrics.horizontalAdvance(self.textFromValue(self.maximum()))
        arrows = option.rect.width() - field.width()
        return QSize(words + 2 * metrics.averageCharWidth() + arrows, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return self.sizeHint()

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        seconds = _seconds(text)
        if seconds is not None and self.minimum() <= seconds <= self.maximum():
            return QValidator.State.Acceptable, text, pos
        if re.fullmatch(r"\d{0,2}(:\d{0,2})?", text.strip()):
            return QValidator.State.Intermediate, text, pos
        return QValidator.State.Invalid, text, pos


class PhaseRows(QAbstractListModel):
    """The phases' rows in their order, for the list to lay out and to reorder by dragging:
    a row dropped between two others is moved there (never copied)."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.rows: list[PhaseRow] = []
        self._token = str(id(self)).encode()  # a drag from another list is no move in this one

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> object:
        return None  # each row is a widget of its own, over its place in the list

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        flag = Qt.ItemFlag
        if not index.isValid():
            return flag.ItemIsDropEnabled  # between rows, never onto one
        return flag.ItemIsEnabled | flag.ItemIsSelectable | flag.ItemIsDragEnabled

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802 (Qt's name)
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:  # noqa: N802 (Qt's name)
        return [ROW_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:  # noqa: N802 (Qt's name)
        mime = QMimeData()
        mime.setData(ROW_MIME, self._token + b":" + str(indexes[0].row()).encode())
        return mime

    def canDropMimeData(self, data: QMimeData, *_: object) -> bool:  # noqa: N802 (Qt's name)
        return self._dragged(data) is not None

    def dropMimeData(  # noqa: N802 (Qt's name)
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        source = self._dragged(data)
        if source is None:
            return False
        self.move(source, row if row >= 0 else len(self.rows))
        return True

    def insert(self, at: int, row: PhaseRow) -> None:
        self.beginInsertRows(QModelIndex(), at, at)
        self.rows.insert(at, row)
        self.endInsertRows()

    def remove(self, at: int) -> None:
        self.beginRemoveRows(QModelIndex(), at, at)
        del self.rows[at]
        self.endRemoveRows()

    def move(self, source: int, before: int) -> None:
        """Row `source` put before row `before` (after the last, when that is the count)."""
        if before in (source, source + 1):
            return
        self.beginMoveRows(QModelIndex(), source, source, QModelIndex(), before)
        self.rows.insert(before - (before > source), self.rows.pop(source))
        self.endMoveRows()

    def _dragged(self, data: QMimeData) -> int | None:
        token, _, row = bytes(data.data(ROW_MIME).data()).partition(b":")
        if token != self._token or not row.isdigit() or int(row) >= len(self.rows):
            return None
        return int(row)


class PhaseList(QTreeView):
    """The phases, one row each, dragged by their numbers to another place."""

    def __init__(self, model: PhaseRows) -> None:
        super().__init__()
        self.setObjectName("phases")
        self.setModel(model)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setItemsExpandable(False)
        self.setIndentation(0)
        self.setUniformRowHeights(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # Drops go through the model, which moves the row: InternalMove would refuse a drop it
        # did not see start, and the view's own drag would then remove the row moved.
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDragDropOverwriteMode(False)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def startDrag(self, supportedActions: Qt.DropAction) -> None:  # noqa: N802, N803
        """The row dragged as it looks; the drop moves it, so nothing is removed after."""
        index = self.currentIndex()
        row = self.indexWidget(index)
        drag = QDrag(self)
        drag.setMimeData(self.model().mimeData([index]))
        drag.setPixmap(row.grab())
        drag.setHotSpot(row.mapFromGlobal(QCursor.pos()))
        drag.exec(Qt.DropAction.MoveAction)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        """Room for every row, and for LEAST_ROWS at least, so that the dialog takes it where
        the screen has it."""
        model = self.model()
        rows = [self.indexWidget(model.index(n, 0)) for n in range(model.rowCount())]
        hints = [row.sizeHint() for row in rows if row is not None]
        frame = 2 * self.frameWidth()
        bar = self.verticalScrollBar().sizeHint().width()
        room = self.fontMetrics().averageCharWidth() * NOTE_ROOM_CHARS
        more = max(0, LEAST_ROWS - len(hints)) * min((hint.height() for hint in hints), default=0)
        return QSize(
            max((hint.width() for hint in hints), default=0) + frame + bar + room,
            sum(hint.height() for hint in hints) + more + frame,
        )


def _area_name(area: Area) -> str:
    return AREA_NAMES.get(area, area.label.capitalize())


def _seconds(text: str) -> int | None:
    """Seconds from "4" (minutes) or "4:30"; None when the text is not a length."""
    match = re.fullmatch(r"(\d{1,2})(?::([0-5]\d))?", text.strip())
    return None if match is None else int(match[1]) * 60 + int(match[2] or 0)


# --- shared with the plan editor: a form's small pieces, made alike --------------------------


def say(label: QLabel, sentences: list[str]) -> None:
    label.setText("\n".join(sentences))
    label.setVisible(bool(sentences))


def text_label(text: str, name: str, *, wrap: bool = False) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(wrap)
    return label


def problem_label(name: str = "problem") -> QLabel:
    """Where a problem is said: hidden, taking no room, until there is one."""
    label = text_label("", name, wrap=True)
    label.hide()
    return label


def repolish(widget: QWidget) -> None:
    """The widget drawn as the style sheets say for its name and properties now."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def side_by_side(*widgets: QWidget | None, stretch: bool = False) -> QHBoxLayout:
    """Widgets in a row; None is the room left over, as is the end with `stretch`."""
    row = QHBoxLayout()
    for widget in (*widgets, None) if stretch else widgets:
        if widget is None:
            row.addStretch(1)
        else:
            row.addWidget(widget)
    return row
