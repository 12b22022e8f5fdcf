"""The check-in strip: a calm question in a place of its own below the cue card; a key answers."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from itertools import pairwise

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.events import Pressure
from app.core.plan import Area
from app.ui.actions import ActionId
from app.ui.banner import Banner

ANSWERS = {
    ActionId.LIGHTER: Pressure.LIGHTER,
    ActionId.JUST_RIGHT: Pressure.JUST_RIGHT,
    ActionId.FIRMER: Pressure.FIRMER,
}
QUESTION = "Ask: how is the pressure?"
QUESTION_SCALE = 1.35  # the question, relative to body text: it leads, yet shares a line
GAP_CHARS = 1.2  # between the pieces of a line, in average character widths
GROUP_GAP_CHARS = 4  # wider between the answers and the focus areas, so they read as two
LINE_GAP_LINES = 0.4  # between lines of the strip, in lines of body text


def flow(
    sizes: Sequence[QSize],
    gaps: Sequence[int],
    width: int,
    line_gap: int,
    group_starts: Collection[int] = (),
) -> tuple[list[QPoint], int]:
    """Where each piece goes when they run in lines no wider than `width`, and the height used.

    `gaps[i]` is the space before piece i when it shares a line. The pieces from each index in
    `group_starts` to the next belong together: a group that does not fit on what is left of a
    line starts a new one, and wraps piece by piece only if it is wider than a whole line. Each
    line's pieces are centred on its height.
    """
    starts = sorted({0, *group_starts, len(sizes)})
    group_width = {
        start: sum(gaps[i] + sizes[i].width() for i in range(start, end)) - gaps[start]
        for start, end in pairwise(starts)
    }
    lines: list[list[int]] = [[]]
    x = 0
    for i, size in enumerate(sizes):
        needed = gaps[i] + (group_width[i] if i in group_width else size.width())
        if lines[-1] and x + needed > width:
            lines.append([])
            x = 0
        x += (gaps[i] if lines[-1] else 0) + size.width()
        lines[-1].append(i)
    places = [QPoint()] * len(sizes)
    y = 0
    for line in lines:
        height = max((sizes[i].height() for i in line), default=0)
        x = 0
        for i in line:
            x += gaps[i] if i != line[0] else 0
            places[i] = QPoint(x, y + (height - sizes[i].height()) // 2)
            x += sizes[i].width()
        y += height + line_gap
    return places, max(0, y - line_gap)


class _FlowLayout(QLayout):
    """Lays its shown pieces out as `flow` does; the gap before each comes from `gap_before`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.gap_before: dict[QWidget, int] = {}
        self.group_starts: set[QWidget] = set()
        self.line_gap = 0

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 (Qt's name)
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 (Qt's name)
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 (Qt's name)
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 (Qt's name)
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt's name)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt's name)
        return self._place(width)[1]

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return self.minimumSize()

    def minimumSize(self) -> QSize:  # noqa: N802 (Qt's name)
        size = QSize()
        for item in self._shown():
            size = size.expandedTo(item.sizeHint())
        return size

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 (Qt's name)
        super().setGeometry(rect)
        places, _ = self._place(rect.width())
        for item, place in zip(self._shown(), places, strict=True):
            item.setGeometry(QRect(rect.topLeft() + place, item.sizeHint()))

    def _shown(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def _place(self, width: int) -> tuple[list[QPoint], int]:
        shown = self._shown()
        widgets = [item.widget() for item in shown]
        gaps = [self.gap_before.get(widget, 0) if widget else 0 for widget in widgets]
        starts = {i for i, widget in enumerate(widgets) if widget in self.group_starts}
        return flow([item.sizeHint() for item in shown], gaps, width, self.line_gap, starts)


class CheckinStrip(Banner):
    """Asked every few minutes; answered by 1, 2 or 3, or left to close after its time."""

    answered = Signal(object, object)  # Pressure, frozenset[Area]

    def __init__(self, actions: dict[ActionId, QAction], parent: QWidget | None = None) -> None:
        super().__init__("Check-in", parent)
        self.question = QLabel(QUESTION)
        self.question.setObjectName("checkinQuestion")
        font = self.question.font()
        font.setPointSizeF(font.pointSizeF() * QUESTION_SCALE)
        self.question.setFont(font)
        self.answer_buttons: list[QToolButton] = []
        answers = QWidget()
        answer_row = QHBoxLayout(answers)
        answer_row.setContentsMargins(0, 0, 0, 0)
        for action_id in ANSWERS:
            button = QToolButton()
            button.setObjectName("chip")  # the keys are the way to answer; these are small
            button.setDefaultAction(actions[action_id])
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setAccessibleName(actions[action_id].toolTip())
            answer_row.addWidget(button)
            self.answer_buttons.append(button)
        # The answers stay together on one line: they are one choice.
        self._answers = answers
        self.focus_label = QLabel("Focus on:")
        self.focus_label.setObjectName("secondary")
        self.focus_buttons: dict[Area, QToolButton] = {}
        self._chips = {area: self._chip(area) for area in Area}

        self.flow = _FlowLayout()
        # The question and its answers, then the areas to focus on: two groups, kept whole.
        self.flow.group_starts = {self.focus_label}
        for widget in (self.question, answers, self.focus_label):
            self.flow.addWidget(widget)
        layout = self._layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        layout.addLayout(self.flow)
        layout.addStretch(1)
        self._actions = [actions[action_id] for action_id in ANSWERS]
        actions[ActionId.LIGHTER].triggered.connect(lambda: self._answer(Pressure.LIGHTER))
        actions[ActionId.JUST_RIGHT].triggered.connect(lambda: self._answer(Pressure.JUST_RIGHT))
        actions[ActionId.FIRMER].triggered.connect(lambda: self._answer(Pressure.FIRMER))
        self._enable_answers(False)
        self._show_chips(())

    def ask(self, areas: Sequence[Area]) -> None:
        """Show the question, with a "focus here" toggle for each area the plan works on."""
        self._show_chips(areas)
        self._enable_answers(True)
        self.raise_question()

    def dismiss(self) -> None:
        self._enable_answers(False)
        super().dismiss()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt's name)
        # Its place is kept at reserved_height by whoever holds it; a height that followed the
        # width would spread up through the layouts and make the whole window's height rigid.
        return False

    def reserved_height(self, width: int) -> int:
        """The height the strip needs at `width` however many areas it offers, so a place kept
        for it fits any question it will ask."""
        self._set_gaps()
        pieces = [self.question, self._answers, self.focus_label, *self._chips.values()]
        gaps = [self.flow.gap_before.get(piece, 0) for piece in pieces]
        starts = {i for i, piece in enumerate(pieces) if piece in self.flow.group_starts}
        margins = self.contentsMargins() + self._layout.contentsMargins()
        inner = max(1, width - margins.left() - margins.right())
        sizes = [piece.sizeHint() for piece in pieces]
        _, height = flow(sizes, gaps, inner, self.flow.line_gap, starts)
        return height + margins.top() + margins.bottom()

    def _set_gaps(self) -> None:
        char = self.fontMetrics().averageCharWidth()
        gap, group_gap = round(char * GAP_CHARS), round(char * GROUP_GAP_CHARS)
        self.flow.gap_before = dict.fromkeys((self._answers, *self._chips.values()), gap)
        self.flow.gap_before[self.focus_label] = group_gap
        self.flow.line_gap = round(self.fontMetrics().height() * LINE_GAP_LINES)

    def _chip(self, area: Area) -> QToolButton:
        button = QToolButton()
        button.setObjectName("chip")
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setText(area.label.capitalize())
        button.setCheckable(True)
        button.setAccessibleName(f"Focus on the {area.label}")
        button.setToolTip(f"They would like more time on the {area.label}")
        return button

    def _show_chips(self, areas: Sequence[Area]) -> None:
        """The chips for `areas`, in that order and unchecked; the rest hidden."""
        self._set_gaps()
        for chip in self._chips.values():
            self.flow.removeWidget(chip)
            chip.setChecked(False)
            chip.hide()
        self.focus_buttons = {area: self._chips[area] for area in areas}
        for chip in self.focus_buttons.values():
            self.flow.addWidget(chip)
            chip.show()
        self.focus_label.setVisible(bool(areas))

    def _enable_answers(self, enabled: bool) -> None:
        for action in self._actions:
            action.setEnabled(enabled)

    def _answer(self, pressure: Pressure) -> None:
        if not self.asking:
            return
        focus = frozenset(area for area, b in self.focus_buttons.items() if b.isChecked())
        self.dismiss()
        self.answered.emit(pressure, focus)
