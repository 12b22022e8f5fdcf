"""A back seen from behind: the phase's area lit (only the side worked, in a phase worked one side
at a time), the areas to go easy on striped in amber, the spine and the front of the neck in red.

Seen from behind, the recipient's left is on the map's left, as the giver sees the back."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFontMetricsF,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QTransform,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.core.plan import Area, Side
from app.ui.theme import Theme

WORK_LEGEND, GO_EASY_LEGEND, AVOID_LEGEND = "lit: where to work", "striped: go easy", "red: avoid"
LEGEND_SEPARATOR = " · "
LIT_OPACITY = 0.5  # the area to work glows without hiding the outline or the red beneath
OUTLINE_OPACITY = 0.8  # a soft outline: the shape reads, the line does not shout
BLADE_OPACITY = 0.3  # the shoulder blades are a hint that this is a back, nothing more
OUTLINE_UNITS = 0.45  # line widths in model units, so they scale with the figure
AVOID_UNITS = 1.3  # the front-of-neck marks: near the spine's width, they mean the same
# Going easy is striped, so it is told from the solid red by its shape, not by colour alone; the
# stripes are thin enough to let the lit area show between them.
STRIPE_UNITS = 0.7
STRIPE_SPACING_UNITS = 3.2
LEGEND_GAP_LINES = 0.6  # space between the figure and the legend, in lines of body text
PADDING_LINES = 0.5  # room around the figure, so it never touches the widget's edges
HINT_LINES = (15, 24)  # the preferred size, in lines of body text: readable beside the cue
MIN_LINES = 12  # the least height at which the back still reads at a glance

# The figure is drawn in model units: 0 is the middle of the back, y grows downwards, the head
# is 24 units tall and the shoulders 61 wide, near the proportions of an adult seen from behind.
HEAD = QRectF(-9.5, 1.5, 19.0, 24.0)
NECK_TOP = QPointF(5.6, 20.0)  # hidden under the head, so the torso's top edge never shows
# The right half of the torso, as cubic curves (control, control, end) from the neck to the hips.
RIGHT_SIDE = (
    ((5.4, 25.0), (5.8, 29.0), (6.6, 31.0)),  # the side of the neck
    ((10.5, 34.0), (18.0, 34.5), (24.0, 37.0)),  # the slope of the trapezius
    ((28.5, 38.5), (30.8, 41.5), (30.5, 46.0)),  # the round of the shoulder
    ((30.3, 51.0), (29.6, 56.0), (28.8, 60.0)),  # down the side, past the shoulder blade
    ((28.0, 66.0), (26.0, 73.0), (26.0, 80.0)),  # in to the waist, gently
    ((26.0, 86.0), (27.5, 91.0), (27.5, 97.0)),  # out to the hips
    ((27.5, 99.0), (26.5, 100.0), (24.5, 100.0)),  # the corner of the hip
)
HIP_LINE = 100.0
# The right shoulder blade's inner edge and lower tip, as one curve, mirrored for the left.
BLADE = (
    (10.5, 41.0),
    ((9.3, 47.0), (9.8, 53.0), (12.8, 57.5)),
    ((15.0, 55.5), (18.0, 52.5), (20.0, 49.0)),
)
SPINE = QRectF(-0.8, 27.0, 1.6, 70.0)  # from under the skull down to the sacrum
SHOULDER_LINE = 31.0  # where the neck meets the trapezius
NECK_ZONE = QRectF(-12.0, 19.0, 24.0, 17.0)  # an oval: the neck and the roots of the trapezius
ZONES = {  # the band of the back each area lights, as (top, bottom) in model units
    Area.NECK: (NECK_ZONE.top(), NECK_ZONE.bottom()),
    Area.SHOULDERS: (SHOULDER_LINE, 48.0),
    Area.UPPER_BACK: (48.0, 66.0),
    Area.LOWER_BACK: (66.0, HIP_LINE),
    Area.FULL_BACK: (SHOULDER_LINE, HIP_LINE),
}
ZONE_HALF_WIDTH = 40.0  # wider than the figure: the outline trims each band
HALVES = {  # the side of the back each side lights, to the spine's middle (its red covers it)
    Side.LEFT: QRectF(-ZONE_HALF_WIDTH, 0.0, ZONE_HALF_WIDTH, HIP_LINE + 1.0),
    Side.RIGHT: QRectF(0.0, 0.0, ZONE_HALF_WIDTH, HIP_LINE + 1.0),
}
FADE_UNITS = 2.5  # a band fades over this much where it meets its neighbour, so they meet softly


def _torso() -> QPainterPath:
    path = QPainterPath(NECK_TOP)
    for c1, c2, end in RIGHT_SIDE:
        path.cubicTo(QPointF(*c1), QPointF(*c2), QPointF(*end))
    path.lineTo(-RIGHT_SIDE[-1][2][0], HIP_LINE)
    start = (NECK_TOP.x(), NECK_TOP.y())
    starts = [start] + [end for _, _, end in RIGHT_SIDE[:-1]]
    for (c1, c2, _), begin in zip(reversed(RIGHT_SIDE), reversed(starts), strict=True):
        path.cubicTo(QPointF(-c2[0], c2[1]), QPointF(-c1[0], c1[1]), QPointF(-begin[0], begin[1]))
    path.closeSubpath()
    return path


def _blades() -> QPainterPath:
    path = QPainterPath()
    for side in (1, -1):
        start, *curves = BLADE
        path.moveTo(side * start[0], start[1])
        for c1, c2, end in curves:
            path.cubicTo(
                QPointF(side * c1[0], c1[1]),
                QPointF(side * c2[0], c2[1]),
                QPointF(side * end[0], end[1]),
            )
    return path


def _neck_front() -> QPainterPath:
    """Both sides of the neck, on its outline, where it turns towards the throat."""
    (c1, c2, end), path = RIGHT_SIDE[0], QPainterPath()
    for side in (1, -1):
        path.moveTo(side * NECK_TOP.x(), NECK_TOP.y())  # the head hides what is above the jaw
        path.cubicTo(side * c1[0], c1[1], side * c2[0], c2[1], side * end[0], end[1])
    return path


def _stripes() -> QPainterPath:
    """Diagonal stripes over the whole figure, as a shape to fill."""
    bounds, lines = _torso().boundingRect(), QPainterPath()
    x = bounds.left() - bounds.height()
    while x < bounds.right():
        lines.moveTo(x, bounds.bottom())
        lines.lineTo(x + bounds.height(), bounds.top())
        x += STRIPE_SPACING_UNITS
    stroker = QPainterPathStroker()
    stroker.setWidth(STRIPE_UNITS)
    return stroker.createStroke(lines)


def _zone(area: Area) -> QPainterPath:
    path = QPainterPath()
    if area is Area.NECK:
        path.addEllipse(NECK_ZONE)
    else:
        top, bottom = ZONES[area]
        path.addRect(QRectF(-ZONE_HALF_WIDTH, top, 2 * ZONE_HALF_WIDTH, bottom - top))
    return path


def _rect_path(rect: QRectF) -> QPainterPath:
    path = QPainterPath()
    path.addRect(rect)
    return path


def _lit_gradient(area: Area, accent: str, transform: QTransform) -> QLinearGradient:
    """The accent, fading where the band meets another inside the back, sharp at its outline."""
    top, bottom = ZONES[area]
    gradient = QLinearGradient(transform.map(QPointF(0, top)), transform.map(QPointF(0, bottom)))
    lit, clear = _with_opacity(accent, LIT_OPACITY), _with_opacity(accent, 0.0)
    fade = FADE_UNITS / (bottom - top)
    fades_in, fades_out = top > SHOULDER_LINE, bottom < HIP_LINE
    gradient.setColorAt(0.0, clear if fades_in else lit)
    gradient.setColorAt(fade if fades_in else 0.0, lit)
    gradient.setColorAt(1.0 - fade if fades_out else 1.0, lit)
    gradient.setColorAt(1.0, clear if fades_out else lit)
    return gradient


def _with_opacity(colour: str, opacity: float) -> QColor:
    result = QColor(colour)
    result.setAlphaF(opacity)
    return result


class BodyMap(QWidget):
    """Where to work in this phase, lit on a back; where the person asked to go easy, striped in
    amber; and where never to press, in red."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumWidth(self.minimumSizeHint().width())
        self._area: Area | None = None
        self._side: Side | None = None
        self._go_easy: frozenset[Area] = frozenset()
        self._scale = 1.0
        self._torso = QPainterPath()
        self._head = QPainterPath()
        self._blades = QPainterPath()
        self._neck_front = QPainterPath()
        self._spine = QRectF()
        self._zones: dict[Area, QPainterPath] = {}
        self._halves: dict[Side, QPainterPath] = {}
        self._worked = QPainterPath()  # the area lit: the phase's zone, or its side of it
        self._lit: dict[Area, QBrush] = {}
        self._striped = QPainterPath()
        self._legend_rect = QRectF()
        self._legend_text = ""
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Body map")
        self.set_theme(theme)
        self._describe()

    def set_theme(self, theme: Theme) -> None:
        self._body = QColor(theme.surface)
        self._outline = _with_opacity(theme.secondary, OUTLINE_OPACITY)
        self._blade = _with_opacity(theme.secondary, BLADE_OPACITY)
        self._accent = theme.accent
        self._stripe = QColor(theme.accent)
        self._avoid = QColor(theme.avoid)
        self._legend = QColor(theme.secondary)
        self._lay_out()  # the lit area's gradient is made in the accent
        self.update()

    def show_area(self, area: Area | None) -> None:
        if area is not self._area:
            self._area = area
            self._light()

    def area(self) -> Area | None:
        return self._area

    def show_side(self, side: Side | None) -> None:
        """The side worked, in a phase worked one side at a time; None lights the whole area."""
        if side is not self._side:
            self._side = side
            self._light()

    def show_go_easy(self, areas: frozenset[Area]) -> None:
        """The areas the person asked to go easy on, whatever the phase."""
        if areas != self._go_easy:
            self._go_easy = areas
            self._lay_out()  # the legend gains or loses a line
            self._describe()
            self.update()

    def striped_path(self) -> QPainterPath:
        """The stripes drawn over the areas to go easy on, in widget coordinates."""
        return QPainterPath(self._striped)

    def zone_rect(self, area: Area) -> QRectF:
        """The bounds of the part of the back an area lights, in widget coordinates."""
        return self._zones[area].boundingRect() if self._zones else QRectF()

    def zone_contains(self, area: Area, point: QPointF) -> bool:
        return area in self._zones and self._zones[area].contains(point)

    def spine_rect(self) -> QRectF:
        return QRectF(self._spine)

    def neck_front_path(self) -> QPainterPath:
        """The red marks on both sides of the neck, where it turns towards the throat."""
        return QPainterPath(self._neck_front)

    def avoid_pen_width(self) -> float:
        return AVOID_UNITS * self._scale

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        line = QFontMetricsF(self.font()).height()
        return QSize(round(line * HINT_LINES[0]), round(line * HINT_LINES[1]))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        metrics = QFontMetricsF(self.font())
        # Never narrower than the legend's longest part: narrow, it takes a line each, whole.
        parts = (WORK_LEGEND, GO_EASY_LEGEND, AVOID_LEGEND)
        widest = max(metrics.horizontalAdvance(part) for part in parts)
        return QSize(
            round(widest + metrics.averageCharWidth()), round(metrics.height() * MIN_LINES)
        )

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            # Held even where the card ignores its size hints: the legend is never cut.
            self.setMinimumWidth(self.minimumSizeHint().width())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._lay_out()

    def _lay_out(self) -> None:
        """The figure, its zones and the legend, fitted to the widget's size."""
        metrics = QFontMetricsF(self.font())
        parts = [WORK_LEGEND, *([GO_EASY_LEGEND] if self._go_easy else []), AVOID_LEGEND]
        # Narrow, the legend wraps between its parts rather than running off the edges.
        lines = [parts[0]]
        for part in parts[1:]:
            longer = lines[-1] + LEGEND_SEPARATOR + part
            if metrics.horizontalAdvance(longer) <= self.width():
                lines[-1] = longer
            else:
                lines.append(part)
        self._legend_text = "\n".join(lines)
        legend_height = metrics.height() * len(lines)
        pad = metrics.height() * PADDING_LINES
        figure_room = QRectF(self.rect()).adjusted(
            pad, pad, -pad, -pad - legend_height - metrics.height() * LEGEND_GAP_LINES
        )
        torso = _torso()
        bounds = torso.boundingRect().united(HEAD)
        margin = OUTLINE_UNITS  # the outline's half width, and as much again for its soft edge
        bounds.adjust(-margin, -margin, margin, margin)
        self._scale = max(
            0.01, min(figure_room.width() / bounds.width(), figure_room.height() / bounds.height())
        )
        figure = QRectF(0, 0, bounds.width() * self._scale, bounds.height() * self._scale)
        figure.moveCenter(figure_room.center())
        transform = QTransform()
        transform.translate(figure.left(), figure.top())
        transform.scale(self._scale, self._scale)
        transform.translate(-bounds.left(), -bounds.top())
        self._torso = transform.map(torso)
        head = QPainterPath()
        head.addEllipse(HEAD)
        self._head = transform.map(head)
        self._blades = transform.map(_blades())
        self._neck_front = transform.map(_neck_front())
        self._spine = transform.mapRect(SPINE)
        # Boolean operations flatten curves, so they run here, at the size they are drawn.
        self._zones = {
            area: transform.map(_zone(area)).intersected(self._torso).subtracted(self._head)
            for area in Area
        }
        self._halves = {side: transform.map(_rect_path(half)) for side, half in HALVES.items()}
        self._worked = self._worked_path()
        self._lit = {area: QBrush(_lit_gradient(area, self._accent, transform)) for area in Area}
        go_easy = QPainterPath()
        for area in self._go_easy:
            go_easy = go_easy.united(self._zones[area])
        self._striped = transform.map(_stripes()).intersected(go_easy)
        self._legend_rect = QRectF(0, figure.bottom(), self.width(), legend_height).translated(
            0, metrics.height() * LEGEND_GAP_LINES
        )

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        outline = QPen(self._outline, OUTLINE_UNITS * self._scale)
        outline.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self._body)
        painter.drawPath(self._torso)
        if self._area is not None:
            painter.setBrush(self._lit[self._area])
            painter.drawPath(self._worked)
        painter.setBrush(self._stripe)
        painter.drawPath(self._striped)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(self._blade, OUTLINE_UNITS * self._scale))
        painter.drawPath(self._blades)
        painter.setPen(outline)
        painter.drawPath(self._torso)
        avoid = QPen(self._avoid, self.avoid_pen_width())
        avoid.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(avoid)
        painter.drawPath(self._neck_front)
        painter.setPen(outline)
        painter.setBrush(self._body)
        painter.drawPath(self._head)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self._avoid)
        radius = self._spine.width() / 2
        painter.drawRoundedRect(self._spine, radius, radius)
        painter.setPen(self._legend)
        painter.drawText(self._legend_rect, Qt.AlignmentFlag.AlignCenter, self._legend_text)

    def _light(self) -> None:
        """The area or the side to work has changed: light it."""
        self._worked = self._worked_path()
        self._describe()
        self.update()

    def _worked_path(self) -> QPainterPath:
        if self._area is None or not self._zones:
            return QPainterPath()
        zone = self._zones[self._area]
        return zone if self._side is None else zone.intersected(self._halves[self._side])

    def _describe(self) -> None:
        avoid = "Red: never press on the spine or the front of the neck."
        if self._area is None:
            text = f"No area to work in this phase. {avoid}"
        else:
            side = "" if self._side is None else f", the {self._side.label}"
            text = f"Lit: the {self._area.label}{side}, where to work in this phase. {avoid}"
        if self._go_easy:
            areas = ", ".join(f"the {area.label}" for area in Area if area in self._go_easy)
            text += f" Striped: go easy on {areas}."
        self.setToolTip(text)
        self.setAccessibleDescription(text)
