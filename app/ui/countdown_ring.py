"""The phase countdown: a ring that empties as the phase passes, with the time left inside it."""

from __future__ import annotations

import re

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontInfo,
    QFontMetricsF,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.ui.theme import Theme, tabular_figures

RING_SHARE = 0.035  # ring width per diameter: reads from two metres, yet stays a line, not a donut
TIME_WIDTH_SHARE = 0.68  # the time spans at most this much of the inner diameter, clear of the ring
TIME_HEIGHT_SHARE = 0.27  # its digits stand at most this tall, leaving room for the line beneath
DETAIL_SHARE = 0.17  # the secondary line's size relative to the time: clearly subordinate
DETAIL_WIDTH_SHARE = 0.7  # the chord left for the secondary line, below the centre
DETAIL_MIN_SHARE = 0.8  # it may shrink to this share of the body text before it is elided
GAP_SHARE = 0.45  # space between the time and the line beneath, per the time's cap height
HINT_LINES = 18  # the preferred diameter, in lines of body text
MIN_LINES = 10  # the least diameter at which the secondary line fits, if a little smaller
REFERENCE_PX = 100  # fonts are measured at this size, then scaled to fit
PAUSED_FADE = 0.5  # paused, the arc fades halfway into the track: dimmer in both themes
PAUSED_TEXT = "Paused"
STATUS_SHARE = 0.4  # the word above the time, relative to the time: read from the table too
STATUS_WIDTH_SHARE = 0.6  # the chord left for it above the time, where the circle narrows
FULL_CIRCLE = 360 * 16  # QPainter counts arcs in sixteenths of a degree
TWELVE_O_CLOCK = 90 * 16


def _digits_as_zeros(text: str) -> str:
    """With tabular figures every digit is as wide as 0, so this stands for any such time."""
    return re.sub(r"\d", "0", text)


def _mix(colour: QColor, other: QColor, share: float) -> QColor:
    """colour moved share of the way towards other, opaque."""
    ours = (colour.redF(), colour.greenF(), colour.blueF())
    theirs = (other.redF(), other.greenF(), other.blueF())
    return QColor.fromRgbF(*(a + (b - a) * share for a, b in zip(ours, theirs, strict=True)))


class CountdownRing(QWidget):
    """Shows the time left in the phase, large, in a ring whose amber arc is the share left."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.set_theme(theme)
        self._fraction = 1.0
        self._time = ""
        self._detail = ""
        self._paused = False
        self._templates = ("", "")
        self._time_font = tabular_figures(QFont(self.font()))
        self._detail_font = tabular_figures(QFont(self.font()))
        self._status_font = QFont(self.font())
        self._status_font.setBold(True)
        self._status_origin = QPointF()
        self._ring = QRectF()
        self._ring_width = 1.0
        self._time_origin = QPointF()
        self._detail_origin = QPointF()
        self._detail_shown = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Time left in this phase")
        self.setToolTip("Time left in this phase: the ring empties as the phase passes")

    def set_theme(self, theme: Theme) -> None:
        self._track = QColor(theme.hairline)
        self._accent = QColor(theme.accent)
        self._paused_arc = _mix(self._accent, self._track, PAUSED_FADE)
        self._text = QColor(theme.text)
        self._secondary = QColor(theme.secondary)
        self.update()

    def show_time(self, fraction_left: float, time_text: str, detail_text: str) -> None:
        fraction = min(1.0, max(0.0, fraction_left))
        if (fraction, time_text, detail_text) == (self._fraction, self._time, self._detail):
            return
        self._fraction, self._time, self._detail = fraction, time_text, detail_text
        templates = (_digits_as_zeros(time_text), _digits_as_zeros(detail_text))
        if templates != self._templates:
            self._templates = templates
            self._fit_fonts()
        self._place_text()
        self._describe()
        self.update()

    def set_paused(self, paused: bool) -> None:
        """Paused, the arc and the time step back and the word "Paused" stands above the time."""
        if paused != self._paused:
            self._paused = paused
            self._place_text()
            self._describe()
            self.update()

    def is_paused(self) -> bool:
        return self._paused

    def arc_colour(self) -> QColor:
        """The colour of the share of the phase that is left: amber, or faded when paused."""
        return QColor(self._paused_arc if self._paused else self._accent)

    def ring_rect(self) -> QRectF:
        """The square the ring's centre line runs through, in widget coordinates."""
        return QRectF(self._ring)

    def ring_width(self) -> float:
        return self._ring_width

    def time_font(self) -> QFont:
        return QFont(self._time_font)

    def status_text(self) -> str:
        """The word above the time: "Paused", or nothing while the time runs."""
        return PAUSED_TEXT if self._paused else ""

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        side = round(QFontMetricsF(self.font()).height() * HINT_LINES)
        return QSize(side, side)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        side = round(QFontMetricsF(self.font()).height() * MIN_LINES)
        return QSize(side, side)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        side = min(self.width(), self.height())
        self._ring_width = max(2.0, side * RING_SHARE)
        inset = self._ring_width / 2 + 1  # one pixel more keeps the antialiased edge inside
        ring_side = max(0.0, side - 2 * inset)
        self._ring = QRectF(0, 0, ring_side, ring_side)
        self._ring.moveCenter(QRectF(self.rect()).center())
        self._fit_fonts()
        self._place_text()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        pen = QPen(self._track, self._ring_width)
        painter.setPen(pen)
        painter.drawEllipse(self._ring)
        if self._fraction > 0:
            pen.setColor(self.arc_colour())
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(pen)
            span = round(self._fraction * FULL_CIRCLE)
            # The arc ends at twelve o'clock and its free end follows the clock as time passes.
            painter.drawArc(self._ring, TWELVE_O_CLOCK + span, -span)
        painter.setFont(self._time_font)
        painter.setPen(self._secondary if self._paused else self._text)
        painter.drawText(self._time_origin, self._time)
        painter.setFont(self._detail_font)
        painter.setPen(self._secondary)
        painter.drawText(self._detail_origin, self._detail_shown)
        painter.setFont(self._status_font)
        painter.setPen(self._accent)
        painter.drawText(self._status_origin, self.status_text())

    def _describe(self) -> None:
        parts = [self.status_text(), self._time, self._detail]
        self.setAccessibleDescription(", ".join(part for part in parts if part))

    def _inner_diameter(self) -> float:
        return max(1.0, self._ring.width() - 2 * self._ring_width)

    def _fit_fonts(self) -> None:
        """The largest time that fits well inside the ring, and a secondary line to match."""
        inner = self._inner_diameter()
        font = QFont(self._time_font)
        font.setPixelSize(REFERENCE_PX)
        metrics = QFontMetricsF(font)
        width = max(1.0, metrics.horizontalAdvance(self._templates[0] or "00:00"))
        scale = min(
            inner * TIME_WIDTH_SHARE / width, inner * TIME_HEIGHT_SHARE / metrics.capHeight()
        )
        time_px = max(1, int(REFERENCE_PX * scale))
        self._time_font.setPixelSize(time_px)

        body_px = QFontInfo(self.font()).pixelSize()  # never larger than needed, never tiny
        detail_px = max(body_px, round(time_px * DETAIL_SHARE))
        font = QFont(self._detail_font)
        font.setPixelSize(detail_px)
        detail_width = QFontMetricsF(font).horizontalAdvance(self._templates[1])
        room = inner * DETAIL_WIDTH_SHARE
        if detail_width > room:
            floor = max(1, round(body_px * DETAIL_MIN_SHARE))
            detail_px = max(floor, int(detail_px * room / detail_width))
        self._detail_font.setPixelSize(detail_px)

        status_px = max(body_px, round(time_px * STATUS_SHARE))
        font = QFont(self._status_font)
        font.setPixelSize(status_px)
        status_width = QFontMetricsF(font).horizontalAdvance(PAUSED_TEXT)
        room = inner * STATUS_WIDTH_SHARE
        if status_width > room:
            status_px = max(1, int(status_px * room / status_width))
        self._status_font.setPixelSize(status_px)

    def _place_text(self) -> None:
        """The time and the line beneath, centred together as one block inside the ring."""
        time_metrics = QFontMetricsF(self._time_font)
        detail_metrics = QFontMetricsF(self._detail_font)
        room = self._inner_diameter() * DETAIL_WIDTH_SHARE
        self._detail_shown = detail_metrics.elidedText(
            self._detail, Qt.TextElideMode.ElideRight, room
        )
        cap = time_metrics.capHeight()
        gap = cap * GAP_SHARE if self._detail_shown else 0.0
        below = detail_metrics.ascent() if self._detail_shown else 0.0
        centre = self._ring.center()
        time_baseline = centre.y() - (cap + gap + below) / 2 + cap
        time_width = time_metrics.horizontalAdvance(self._time)
        self._time_origin = QPointF(centre.x() - time_width / 2, time_baseline)
        detail_width = detail_metrics.horizontalAdvance(self._detail_shown)
        self._detail_origin = QPointF(centre.x() - detail_width / 2, time_baseline + gap + below)
        # Above the time, as far from it as the line beneath: the time itself never moves.
        status_metrics = QFontMetricsF(self._status_font)
        status_width = status_metrics.horizontalAdvance(self.status_text())
        status_baseline = time_baseline - cap - max(gap, cap * GAP_SHARE)
        self._status_origin = QPointF(centre.x() - status_width / 2, status_baseline)
