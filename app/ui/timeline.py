"""The session's phases as one strip: what was given or skipped, where we are, what comes; click
to go there."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFontMetricsF,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from app.core.durations import in_words
from app.ui.theme import Theme

HEIGHT_LINES = 1.5  # the strip's height in lines of body text: the bar and the focus marker
BAR_LINES = 0.5  # the bar itself: a glanceable line, not a button row
GAP_LINES = 0.3  # the gap between phases
EDGE_LINES = 0.15  # clear of the widget's ends, so the rounded caps are never cut
MAX_GAP_SHARE = 0.25  # with many phases the gaps shrink so they never take more of the width
MARKER_LINES = 0.12  # the keyboard focus marker's thickness: a hairline that still shows
MARKER_GAP_LINES = 0.2  # and its distance below the bar
DONE_OPACITY = 0.45  # finished phases step back: sage, muted
SKIPPED_LINES = 0.09  # what was skipped is only outlined in that sage: passed, but not given
CURRENT_TRACK_OPACITY = 0.3  # the part of the current phase still to come: amber, faint
HINT_CHARS = 60  # the preferred width, in average characters
MIN_CHARS = 16
ACTIVATE_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)
MOVE_KEYS = (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Home, Qt.Key.Key_End)


def with_opacity(colour: str, opacity: float) -> QColor:
    result = QColor(colour)
    result.setAlphaF(opacity)
    return result


def phase_bars(seconds: Sequence[float], area: QRectF, line: float) -> list[QRectF]:
    """A bar for each phase across `area`, as wide as its share of the whole, with gaps between
    and clear of the ends; `line` is a line of text's height, which the gaps follow."""
    count = len(seconds)
    if not count:
        return []
    edge = line * EDGE_LINES
    width = max(0.0, area.width() - 2 * edge)
    gap = min(line * GAP_LINES, width * MAX_GAP_SHARE / max(1, count - 1))
    room = max(0.0, width - gap * (count - 1))
    total = sum(seconds)
    bars, left = [], area.left() + edge
    for length in seconds:
        share = length / total if total else 1 / count
        bars.append(QRectF(left, area.top(), room * share, area.height()))
        left += room * share + gap
    return bars


def fill_part(painter: QPainter, rect: QRectF, radius: float, colour: QColor, part: QRectF) -> None:
    """`part` of a rounded bar filled in `colour`, keeping the bar's rounded ends."""
    if part.width() <= 0:
        return
    painter.save()
    painter.setClipRect(part)
    painter.setBrush(colour)
    painter.drawRoundedRect(rect, radius, radius)
    painter.restore()


class Timeline(QWidget):
    """Every phase as a segment as long as the phase; a click or Enter asks to go to it."""

    phaseClicked = Signal(int)

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.set_theme(theme)
        self._phases: list[tuple[str, float]] = []
        self._index = 0
        self._fraction = 0.0
        self._given: list[float] = []  # the share given of each phase behind the current one
        self._asked: int | None = None
        self._focus = 0
        self._pressed: int | None = None
        self._rects: list[QRectF] = []
        self._hits: list[QRectF] = []
        # Tab reaches it, a click does not take the keys: Space and the arrows stay the session's.
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Phases")
        self.setToolTip("The phases of the session: click one to go to it")

    def set_theme(self, theme: Theme) -> None:
        self._done = with_opacity(theme.ready, DONE_OPACITY)
        self._current_track = with_opacity(theme.accent, CURRENT_TRACK_OPACITY)
        self._accent = QColor(theme.accent)
        self._later = QColor(theme.hairline)
        self.update()

    def set_phases(self, phases: Sequence[tuple[str, float]]) -> None:
        """Each phase's title and length: an extended phase grows longer on the strip."""
        phases = [(title, max(0.0, float(seconds))) for title, seconds in phases]
        if phases == self._phases:
            return
        self._phases = phases
        self._index = min(self._index, len(self._phases))
        self._focus = min(self._focus, max(0, len(self._phases) - 1))
        self._layout_segments()
        self.update()

    def set_position(self, index: int, fraction_done: float, given: Sequence[float] = ()) -> None:
        """The current phase and how much of it is done; index == len(phases) means all done.

        `given` is the share of each earlier phase that was given (the rest was skipped); an
        earlier phase it does not reach was given in full.
        """
        self._index = min(max(0, index), len(self._phases))
        self._fraction = min(1.0, max(0.0, fraction_done))
        given = [min(1.0, max(0.0, share)) for share in given[: self._index]]
        self._given = given + [1.0] * (self._index - len(given))
        if not self.hasFocus():
            self._focus_current()
        count = len(self._phases)
        where = f"phase {self._index + 1} of {count}" if self._index < count else "all done"
        self.setAccessibleDescription(where)
        self.update()

    def set_asked(self, index: int | None) -> None:
        """Marks the phase the giver is asked to confirm going to, or none."""
        self._asked = index
        self.update()

    def asked(self) -> int | None:
        return self._asked

    def given_rect(self, index: int) -> QRectF:
        """The part of an earlier phase's bar that was given; the rest of the bar was skipped."""
        rect = self._rects[index]
        share = self._given[index] if index < self._index else 0.0
        return QRectF(rect.left(), rect.top(), rect.width() * share, rect.height())

    def segment_rects(self) -> list[QRectF]:
        """Each phase's bar, in widget coordinates."""
        return [QRectF(rect) for rect in self._rects]

    def segment_at(self, pos: QPointF) -> int | None:
        """The phase under a point: its bar, the full height, and half of each gap beside it."""
        for index, hit in enumerate(self._hits):
            if hit.contains(pos):
                return index
        return None

    def segment_tooltip(self, index: int) -> str:
        title, seconds = self._phases[index]
        return f"{title}\n{in_words(seconds)} · phase {index + 1} of {len(self._phases)}"

    def focused_segment(self) -> int:
        return self._focus

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        metrics = QFontMetricsF(self.font())
        return QSize(
            round(metrics.averageCharWidth() * HINT_CHARS), round(metrics.height() * HEIGHT_LINES)
        )

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        metrics = QFontMetricsF(self.font())
        return QSize(
            round(metrics.averageCharWidth() * MIN_CHARS), round(metrics.height() * HEIGHT_LINES)
        )

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self.segment_at(QPointF(event.pos()))
            if index is not None:
                area = self._hits[index].toAlignedRect()
                QToolTip.showText(event.globalPos(), self.segment_tooltip(index), self, area)
                return True
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
            and event.key() in (*ACTIVATE_KEYS, *MOVE_KEYS)
        ):
            event.accept()  # while it has focus these keys move its marker, not the session
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        last = len(self._phases) - 1
        moves = {
            Qt.Key.Key_Left: self._focus - 1,
            Qt.Key.Key_Right: self._focus + 1,
            Qt.Key.Key_Home: 0,
            Qt.Key.Key_End: last,
        }
        key = Qt.Key(event.key())
        if last < 0 or event.modifiers() != Qt.KeyboardModifier.NoModifier:
            super().keyPressEvent(event)
        elif key in moves:
            self._focus = min(max(0, moves[key]), last)
            self.update()
        elif key in ACTIVATE_KEYS:
            self.phaseClicked.emit(self._focus)
        else:
            super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        left = event.button() == Qt.MouseButton.LeftButton
        self._pressed = self.segment_at(event.position()) if left else None
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        pressed, self._pressed = self._pressed, None
        if pressed is not None and self.segment_at(event.position()) == pressed:
            self._focus = pressed
            self.phaseClicked.emit(pressed)
        event.accept()

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt's name)
        super().focusInEvent(event)
        self._focus_current()  # the marker starts where the session is
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt's name)
        super().focusOutEvent(event)
        self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._layout_segments()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        outline = max(1.0, QFontMetricsF(self.font()).height() * SKIPPED_LINES)
        for index, rect in enumerate(self._rects):
            radius = min(rect.height(), rect.width()) / 2
            if index < self._index:
                # Behind us: an outline for the whole phase, filled as far as it was given.
                inset = rect.adjusted(outline / 2, outline / 2, -outline / 2, -outline / 2)
                painter.setPen(QPen(self._done, outline))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRoundedRect(inset, radius - outline / 2, radius - outline / 2)
                painter.setPen(Qt.PenStyle.NoPen)
                fill_part(painter, rect, radius, self._done, self.given_rect(index))
            else:
                painter.setBrush(self._segment_colour(index))
                painter.drawRoundedRect(rect, radius, radius)
            if index == self._index:
                fill_part(painter, rect, radius, self._accent, self._progress_rect(rect))
        marked = self._asked if self._asked is not None else self._focus
        if (self.hasFocus() or self._asked is not None) and self._rects:
            marker = self._marker(marked)
            painter.setBrush(self._accent)
            painter.drawRoundedRect(marker, marker.height() / 2, marker.height() / 2)

    def _focus_current(self) -> None:
        self._focus = min(self._index, max(0, len(self._phases) - 1))

    def _segment_colour(self, index: int) -> QColor:
        return self._current_track if index == self._index else self._later

    def _progress_rect(self, rect: QRectF) -> QRectF:
        return QRectF(rect.left(), rect.top(), rect.width() * self._fraction, rect.height())

    def _marker(self, index: int) -> QRectF:
        """A short line under a bar (focused, or asked about): it marks the bar without touching
        its neighbours."""
        line = QFontMetricsF(self.font()).height()
        bar = self._rects[index]
        thickness = max(1.0, line * MARKER_LINES)
        width = max(bar.width(), thickness)
        top = bar.bottom() + line * MARKER_GAP_LINES
        return QRectF(bar.center().x() - width / 2, top, width, thickness)

    def _layout_segments(self) -> None:
        """Bars as wide as their share of the session, with gaps between and room for the ring."""
        line = QFontMetricsF(self.font()).height()
        bar = min(line * BAR_LINES, self.height() / 3)
        area = QRectF(0, (self.height() - bar) / 2, self.width(), bar)
        rects = self._rects = phase_bars([seconds for _, seconds in self._phases], area, line)
        self._hits = []
        for index, rect in enumerate(rects):
            # Each bar's and half of each gap beside it; the ends reach the widget's edges.
            hit_left = (rects[index - 1].right() + rect.left()) / 2 if index else 0.0
            last = index == len(rects) - 1
            hit_right = self.width() if last else (rect.right() + rects[index + 1].left()) / 2
            self._hits.append(QRectF(hit_left, 0, hit_right - hit_left, self.height()))
