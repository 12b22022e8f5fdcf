"""Where a plan's time goes, at a glance: each plan in the plan chooser's list drawn with a strip
of its phases, each as long as it lasts, and what the chosen person's focus moves."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.core.durations import position
from app.core.people import Person
from app.core.plan import Area, PhaseKind, Plan
from app.core.preparation import PlanChoice
from app.ui.theme import Theme
from app.ui.timeline import BAR_LINES, fill_part, phase_bars, with_opacity

ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # an item's PlanRow: what its row in the list shows
ROW_CHARS = 50  # the list's width, in average characters: a title, its length and a strip
PAD_LINES = 0.4  # above and below a row's words, in lines of its text
SIDE_LINES = 0.6  # either side of them, as a field's padding
STRIP_GAP_LINES = 0.3  # between the words and the strip
SPLIT_LINES = 0.12  # the cut in a phase worked one side then the other: square, and narrower
# than the rounded gap between phases, so it reads as one phase in two
OUTLINE_LINES = 0.1  # the accent around a phase that grows for the person's focus
SELECTED_RADIUS_LINES = 0.4
MOVED_TYPE = 0.9  # the line under the strip: a little smaller than the title, never tiny
MAX_ROWS = 6  # rows the list shows before it scrolls: they fit under the bar on a 600-pixel screen

# A phase's colour by how the hands press: not on the back yet (faint grey), long strokes (pale
# sage), working the muscles (sage, stronger as the pressure is), the delicate neck (grey, light
# in both themes). Amber is left for the person's focus, red for what to avoid.
K = PhaseKind
KIND_SHADES: dict[PhaseKind, tuple[str, float]] = {  # a theme colour's name, its opacity
    K.SETTLE: ("secondary", 0.35),
    K.WARM_OIL: ("secondary", 0.35),
    K.EFFLEURAGE: ("ready", 0.5),
    K.CLOSING: ("ready", 0.5),
    K.ALTERNATE: ("ready", 0.75),
    K.KNEAD: ("ready", 1.0),
    K.NECK: ("secondary", 0.75),
}
del K


@dataclass(frozen=True)
class StripPhase:
    kind: PhaseKind
    seconds: int
    sides: bool  # worked one side, then the other
    focus: bool  # given more time for the person's focus


@dataclass(frozen=True)
class PlanRow:
    """A plan as its row in the list shows it."""

    title: str
    minutes: int
    origin: str  # "yours", "from a file", or "" for a built-in plan
    phases: tuple[StripPhase, ...]
    moved: str  # where the person's focus moved the time: "Sam: +1:30 on the shoulders"
    chosen: bool

    @property
    def meta(self) -> str:
        return " · ".join(part for part in (self.origin, f"{self.minutes} min") if part)

    @property
    def summary(self) -> str:
        """What the row says beside its title, in words a screen reader can say."""
        return f"{self.meta}. {self.moved}".strip()


def plan_row(
    choice: PlanChoice, given: Plan, plain: Plan, person: Person | None, *, chosen: bool
) -> PlanRow:
    """The row for `choice`: `given` is the plan as it would be given, `plain` the same plan not
    tailored to anyone, so the phases that grew are the person's focus."""
    phases = tuple(
        StripPhase(phase.kind, phase.seconds, phase.sides, phase.seconds > before.seconds)
        for phase, before in zip(given.phases, plain.phases, strict=True)
    )
    origin = "yours" if choice.own else "from a file" if choice.file is not None else ""
    moved = _moved(person, given, plain)
    return PlanRow(choice.plan.title, round(given.minutes), origin, phases, moved, chosen)


def _moved(person: Person | None, given: Plan, plain: Plan) -> str:
    """Where the time went for the person's focus, or that the plan has none of their areas."""
    if person is None or not person.focus:
        return ""
    grown: dict[Area, int] = {}
    for phase, before in zip(given.phases, plain.phases, strict=True):
        if phase.seconds > before.seconds:
            grown[phase.area] = grown.get(phase.area, 0) + phase.seconds - before.seconds
    if grown:
        more = (f"+{position(seconds)} on the {area.label}" for area, seconds in grown.items())
        return f"{person.name}: {', '.join(more)}"
    if person.focus.isdisjoint(phase.area for phase in given.phases):
        areas = " or the ".join(area.label for area in Area if area in person.focus)
        return f"{person.name}: no phase here for the {areas}"
    return ""  # every phase is one of theirs: nothing to move


@dataclass(frozen=True)
class RowLayout:
    """Where a row's parts go."""

    title: QRectF
    meta: QRectF  # its length, and whether it is one's own, on the title's line
    bars: list[QRectF]  # each phase's, as long as it lasts
    moved: QRectF  # the line under the strip; empty when nothing moved
    height: float  # the whole row's


class PlanRowDelegate(QStyledItemDelegate):
    """Draws a PlanRow: the title and length, the strip, and what the focus moved. The view stays
    the combo box's own, so choosing from the keyboard works as in any list."""

    def __init__(self, theme: Theme, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.theme = theme

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme

    def colour(self, kind: PhaseKind) -> QColor:
        name, opacity = KIND_SHADES[kind]
        return with_opacity(getattr(self.theme, name), opacity)

    def layout(self, rect: QRect, font: QFont, row: PlanRow) -> RowLayout:
        """The parts of `row` drawn in `rect` in `font` (the combo box's)."""
        metrics = QFontMetricsF(font)
        line = metrics.height()
        inner = QRectF(rect).adjusted(line * SIDE_LINES, line * PAD_LINES, -line * SIDE_LINES, 0)
        meta_width = metrics.horizontalAdvance(row.meta)
        title = QRectF(inner.left(), inner.top(), inner.width() - meta_width - line, line)
        meta = QRectF(inner.right() - meta_width, inner.top(), meta_width, line)
        strip = QRectF(inner.left(), title.bottom() + line * STRIP_GAP_LINES, inner.width(), 0)
        strip.setHeight(line * BAR_LINES)
        bars = phase_bars([phase.seconds for phase in row.phases], strip, line)
        moved, bottom = QRectF(), strip.bottom()
        if row.moved:
            below = QFontMetricsF(_smaller(font)).height()
            moved = QRectF(inner.left(), bottom + line * STRIP_GAP_LINES, inner.width(), below)
            bottom = moved.bottom()
        height = bottom + line * PAD_LINES - rect.top()
        return RowLayout(title, meta, bars, moved, height)

    def sizeHint(  # noqa: N802 (Qt's name)
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        row = index.data(ROW_ROLE)
        if not isinstance(row, PlanRow):
            return super().sizeHint(option, index)
        font: QFont = option.font
        width = QFontMetricsF(font).averageCharWidth() * ROW_CHARS
        return QSize(round(width), math.ceil(self.layout(QRect(), font, row).height))

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        row = index.data(ROW_ROLE)
        if not isinstance(row, PlanRow):
            super().paint(painter, option, index)
            return
        rect: QRect = option.rect
        font: QFont = option.font
        parts = self.layout(rect, font, row)
        line = QFontMetricsF(font).height()
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if option.state & QStyle.StateFlag.State_Selected:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(self.theme.hairline))
            radius = line * SELECTED_RADIUS_LINES
            painter.drawRoundedRect(QRectF(rect).adjusted(1, 1, -1, -1), radius, radius)
        painter.setFont(font)
        painter.setPen(QColor(self.theme.accent if row.chosen else self.theme.text))
        _text(painter, parts.title, row.title, Qt.AlignmentFlag.AlignLeft)
        painter.setPen(QColor(self.theme.secondary))
        _text(painter, parts.meta, row.meta, Qt.AlignmentFlag.AlignRight)
        painter.setFont(_smaller(font))
        _text(painter, parts.moved, row.moved, Qt.AlignmentFlag.AlignLeft)
        self._paint_strip(painter, parts.bars, row.phases, line)
        painter.restore()

    def _paint_strip(
        self, painter: QPainter, bars: list[QRectF], phases: Iterable[StripPhase], line: float
    ) -> None:
        outline = max(1.0, line * OUTLINE_LINES)
        for bar, phase in zip(bars, phases, strict=True):
            painter.setPen(Qt.PenStyle.NoPen)
            radius = min(bar.height(), bar.width()) / 2
            for piece in _halves(bar, line) if phase.sides else (bar,):
                fill_part(painter, bar, radius, self.colour(phase.kind), piece)
            if phase.focus:
                ring = bar.adjusted(-outline, -outline, outline, outline)
                radius = min(ring.height(), ring.width()) / 2
                painter.setPen(QPen(QColor(self.theme.accent), outline))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRoundedRect(ring, radius, radius)


def _halves(bar: QRectF, line: float) -> tuple[QRectF, QRectF]:
    """The two sides of a bar, a cut between them at its middle: the side switch."""
    split = min(line * SPLIT_LINES, bar.width() / 3)
    half = (bar.width() - split) / 2
    left = QRectF(bar.left(), bar.top(), half, bar.height())
    return left, left.translated(half + split, 0)


def _text(painter: QPainter, rect: QRectF, text: str, side: Qt.AlignmentFlag) -> None:
    """One line of text in `rect`, ending in "…" where it does not fit."""
    if rect.isEmpty() or not text:
        return
    shown = painter.fontMetrics().elidedText(
        text, Qt.TextElideMode.ElideRight, math.ceil(rect.width())
    )
    painter.drawText(rect, side | Qt.AlignmentFlag.AlignVCenter, shown)


def _smaller(font: QFont) -> QFont:
    smaller = QFont(font)
    smaller.setPointSizeF(font.pointSizeF() * MOVED_TYPE)
    return smaller
