"""The body map, judged by what it draws: the phase's area lit, the areas to go easy on striped
in amber, the avoid zones always red."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QImage, QPainterPathStroker, QPalette
from pytestqt.qtbot import QtBot

from app.core.plan import Area, Side
from app.ui.body_map import (
    AVOID_LEGEND,
    GO_EASY_LEGEND,
    LIT_OPACITY,
    WORK_LEGEND,
    BodyMap,
)
from app.ui.theme import DARK, LIGHT, Theme

ALL_AREAS = [*Area, None]
ALL_SIDES = [None, *Side]
EVERYWHERE = frozenset(Area)
STEP = 3  # pixels between samples on a grid: fine enough, fast enough


@pytest.fixture(params=[DARK, LIGHT], ids=["dark", "light"])
def theme(request: pytest.FixtureRequest) -> Theme:
    return request.param


def make_map(qtbot: QtBot, theme: Theme, width: int = 260, height: int = 420) -> BodyMap:
    body_map = BodyMap(theme)
    qtbot.addWidget(body_map)
    palette = body_map.palette()  # on the theme's background, as in the window
    palette.setColor(QPalette.ColorRole.Window, QColor(theme.background))
    body_map.setPalette(palette)
    body_map.setAutoFillBackground(True)
    body_map.resize(width, height)
    body_map.show()
    return body_map


@pytest.fixture
def body_map(qtbot: QtBot, theme: Theme) -> BodyMap:
    return make_map(qtbot, theme)


def render(widget: BodyMap) -> QImage:
    image = widget.grab().toImage()
    ratio = image.width() / widget.width()
    return image.scaled(widget.width(), widget.height()) if ratio != 1 else image


def near(colour: QColor, target: QColor, tolerance: int = 12) -> bool:
    return all(
        abs(a - b) <= tolerance
        for a, b in zip(colour.getRgb()[:3], target.getRgb()[:3], strict=True)
    )


def lit_colour(theme: Theme) -> QColor:
    """The accent laid over the body at the lit opacity, as the painter blends them."""
    under, top = QColor(theme.surface).getRgb()[:3], QColor(theme.accent).getRgb()[:3]
    return QColor(*(round(u + (t - u) * LIT_OPACITY) for u, t in zip(under, top, strict=True)))


def near_avoid_marks(body_map: BodyMap, point: QPointF, margin: float = 3) -> bool:
    spine = body_map.spine_rect().adjusted(-margin, -margin, margin, margin)
    stroker = QPainterPathStroker()
    stroker.setWidth(body_map.avoid_pen_width() + 2 * margin)
    return spine.contains(point) or stroker.createStroke(body_map.neck_front_path()).contains(point)


def middle_of_zone(body_map: BodyMap, area: Area) -> Iterator[QPointF]:
    """Grid points in the middle half of a zone's height, clear of its edges and the red."""
    rect = body_map.zone_rect(area)
    clear = 4.0  # past the outline's soft edge
    top, bottom = round(rect.top() + rect.height() / 4), round(rect.bottom() - rect.height() / 4)
    for y in range(top, bottom, STEP):
        for x in range(round(rect.left()), round(rect.right()), STEP):
            point = QPointF(x, y)
            around = [point + QPointF(dx, dy) for dx, dy in ((clear, 0), (-clear, 0), (0, clear))]
            inside = all(body_map.zone_contains(area, p) for p in (point, *around))
            if inside and not near_avoid_marks(body_map, point):
                yield point


@pytest.mark.parametrize("side", ALL_SIDES, ids=str)
@pytest.mark.parametrize("go_easy", [frozenset(), EVERYWHERE], ids=["", "go-easy-everywhere"])
@pytest.mark.parametrize("area", ALL_AREAS, ids=str)
def test_the_spine_is_red_for_every_area(
    body_map: BodyMap, theme: Theme, area: Area, go_easy: frozenset[Area], side: Side | None
) -> None:
    body_map.show_area(area)
    body_map.show_go_easy(go_easy)
    body_map.show_side(side)
    image = render(body_map)
    spine = body_map.spine_rect()
    x = round(spine.center().x())
    top, bottom = round(spine.top() + spine.width()), round(spine.bottom() - spine.width())
    assert bottom - top > body_map.height() / 2  # down the back, from neck to hips
    assert all(near(image.pixelColor(x, y), QColor(theme.avoid)) for y in range(top, bottom))


@pytest.mark.parametrize("side", ALL_SIDES, ids=str)
@pytest.mark.parametrize("go_easy", [frozenset(), EVERYWHERE], ids=["", "go-easy-everywhere"])
@pytest.mark.parametrize("area", ALL_AREAS, ids=str)
def test_the_front_of_the_neck_is_red_on_both_sides(
    body_map: BodyMap, theme: Theme, area: Area, go_easy: frozenset[Area], side: Side | None
) -> None:
    body_map.show_area(area)
    body_map.show_go_easy(go_easy)
    body_map.show_side(side)
    image = render(body_map)
    marks = body_map.neck_front_path()
    # Each side runs from under the jaw down to the shoulders: sample its lower half.
    for percent in (0.35, 0.45, 0.85, 0.95):
        point = marks.pointAtPercent(percent).toPoint()
        assert near(image.pixelColor(point), QColor(theme.avoid)), percent
    left, right = marks.pointAtPercent(0.45), marks.pointAtPercent(0.95)
    assert left.x() + right.x() == pytest.approx(body_map.width(), abs=2)  # mirrored


@pytest.mark.parametrize("side", ALL_SIDES, ids=str)
@pytest.mark.parametrize("go_easy", [frozenset(), EVERYWHERE], ids=["", "go-easy-everywhere"])
@pytest.mark.parametrize("area", ALL_AREAS, ids=str)
def test_red_appears_only_in_the_avoid_zones(
    body_map: BodyMap, theme: Theme, area: Area, go_easy: frozenset[Area], side: Side | None
) -> None:
    body_map.show_area(area)
    body_map.show_go_easy(go_easy)
    body_map.show_side(side)
    image = render(body_map)
    red = QColor(theme.avoid)
    stray = [
        (x, y)
        for y in range(0, body_map.height(), 2)
        for x in range(0, body_map.width(), 2)
        if near(image.pixelColor(x, y), red, tolerance=30)
        and not near_avoid_marks(body_map, QPointF(x, y))
    ]
    assert stray == []


@pytest.mark.parametrize("area", list(Area), ids=str)
def test_the_area_to_work_is_lit(body_map: BodyMap, theme: Theme, area: Area) -> None:
    body_map.show_area(area)
    image = render(body_map)
    samples = list(middle_of_zone(body_map, area))
    assert len(samples) > 20
    lit = [near(image.pixelColor(p.toPoint()), lit_colour(theme)) for p in samples]
    assert sum(lit) / len(lit) > 0.85  # the rest under a faint hint of a shoulder blade


@pytest.mark.parametrize(
    ("shown", "dark"),
    [
        (Area.LOWER_BACK, Area.SHOULDERS),
        (Area.LOWER_BACK, Area.NECK),
        (Area.SHOULDERS, Area.LOWER_BACK),
        (Area.NECK, Area.UPPER_BACK),
        (Area.UPPER_BACK, Area.LOWER_BACK),
        (None, Area.FULL_BACK),
        (None, Area.NECK),
    ],
    ids=str,
)
def test_nothing_is_lit_outside_the_area_to_work(
    body_map: BodyMap, theme: Theme, shown: Area | None, dark: Area
) -> None:
    body_map.show_area(shown)
    image = render(body_map)
    samples = list(middle_of_zone(body_map, dark))
    assert samples
    lit = lit_colour(theme)
    assert not any(near(image.pixelColor(p.toPoint()), lit, tolerance=20) for p in samples)


def lit_share(body_map: BodyMap, theme: Theme, points: list[QPointF]) -> float:
    image = render(body_map)
    lit = [near(image.pixelColor(p.toPoint()), lit_colour(theme), 20) for p in points]
    return sum(lit) / len(lit)


@pytest.mark.parametrize("area", list(Area), ids=str)
@pytest.mark.parametrize("side", list(Side), ids=str)
def test_a_phase_worked_side_by_side_lights_only_the_side_worked(
    body_map: BodyMap, theme: Theme, area: Area, side: Side
) -> None:
    body_map.show_area(area)
    body_map.show_side(side)
    spine = body_map.spine_rect()
    clear = 4.0  # past the spine's red and the lit half's edge
    # Seen from behind, the recipient's left is on the map's left.
    samples = list(middle_of_zone(body_map, area))
    left = [p for p in samples if p.x() < spine.left() - clear]
    right = [p for p in samples if p.x() > spine.right() + clear]
    assert len(left) > 8 and len(right) > 8
    worked, other = (left, right) if side is Side.LEFT else (right, left)
    assert lit_share(body_map, theme, worked) > 0.85
    assert lit_share(body_map, theme, other) == 0


def test_the_whole_area_is_lit_again_when_no_side_is_worked(
    body_map: BodyMap, theme: Theme
) -> None:
    body_map.show_area(Area.UPPER_BACK)
    body_map.show_side(Side.RIGHT)
    body_map.show_side(None)
    assert lit_share(body_map, theme, list(middle_of_zone(body_map, Area.UPPER_BACK))) > 0.85


@pytest.mark.parametrize(
    ("side", "words"), [(Side.LEFT, "the left side"), (Side.RIGHT, "the right side")], ids=str
)
def test_the_tooltip_says_which_side_to_work(body_map: BodyMap, side: Side, words: str) -> None:
    body_map.show_area(Area.SHOULDERS)
    body_map.show_side(side)
    assert f"Lit: the shoulders, {words}, where to work in this phase." in body_map.toolTip()
    assert body_map.accessibleDescription() == body_map.toolTip()


def amber_share(body_map: BodyMap, theme: Theme, area: Area) -> float:
    """Of the middle of an area, the share painted in the accent at full strength."""
    image = render(body_map)
    samples = list(middle_of_zone(body_map, area))
    assert len(samples) > 10
    amber = [near(image.pixelColor(p.toPoint()), QColor(theme.accent), 24) for p in samples]
    return sum(amber) / len(amber)


@pytest.mark.parametrize("shown", [None, Area.LOWER_BACK, Area.SHOULDERS], ids=str)
@pytest.mark.parametrize("area", list(Area), ids=str)
def test_an_area_to_go_easy_on_is_striped_in_amber_over_whatever_is_lit(
    body_map: BodyMap, theme: Theme, area: Area, shown: Area | None
) -> None:
    body_map.show_area(shown)
    body_map.show_go_easy(frozenset({area}))
    # Stripes, not a solid patch: amber lines with the back, or the lit area, between them.
    assert 0.15 < amber_share(body_map, theme, area) < 0.6


@pytest.mark.parametrize(
    ("go_easy", "clear"),
    [
        (Area.SHOULDERS, Area.LOWER_BACK),
        (Area.NECK, Area.UPPER_BACK),
        (Area.LOWER_BACK, Area.SHOULDERS),
        (Area.UPPER_BACK, Area.NECK),
    ],
    ids=str,
)
def test_only_the_areas_to_go_easy_on_are_striped(
    body_map: BodyMap, theme: Theme, go_easy: Area, clear: Area
) -> None:
    body_map.show_area(clear)
    body_map.show_go_easy(frozenset({go_easy}))
    assert amber_share(body_map, theme, clear) == 0


def test_with_nowhere_to_go_easy_nothing_is_full_amber(body_map: BodyMap, theme: Theme) -> None:
    body_map.show_go_easy(frozenset({Area.NECK}))
    body_map.show_go_easy(frozenset())
    for area in Area:
        body_map.show_area(area)
        assert amber_share(body_map, theme, area) == 0
    assert body_map.striped_path().isEmpty()


def test_the_tooltip_says_what_the_stripes_mean(body_map: BodyMap) -> None:
    body_map.show_area(Area.UPPER_BACK)
    assert "Striped" not in body_map.toolTip()
    body_map.show_go_easy(frozenset({Area.NECK, Area.SHOULDERS}))
    assert "Striped: go easy on the shoulders, the neck." in body_map.toolTip()
    assert body_map.accessibleDescription() == body_map.toolTip()


def legend_rows(body_map: BodyMap, theme: Theme) -> list[int]:
    """The rows beneath the back with the legend's words in them."""
    image = render(body_map)
    text = QColor(theme.secondary)
    return [
        y
        for y in range(round(body_map.zone_rect(Area.FULL_BACK).bottom()) + 2, body_map.height())
        if any(near(image.pixelColor(x, y), text, 8) for x in range(body_map.width()))
    ]


def test_at_its_narrowest_the_legend_gives_the_stripes_a_line_of_their_own(
    qtbot: QtBot, theme: Theme
) -> None:
    body_map = make_map(qtbot, theme)
    body_map.resize(body_map.minimumWidth(), 420)
    two_lines = legend_rows(body_map, theme)
    body_map.show_go_easy(frozenset({Area.LOWER_BACK}))
    three_lines = legend_rows(body_map, theme)
    line = body_map.fontMetrics().height()
    assert max(two_lines) - min(two_lines) < 2 * line < max(three_lines) - min(three_lines)
    assert max(three_lines) < body_map.height() - 1  # whole, not cut at the bottom


def test_the_zones_run_from_the_neck_down_to_the_hips(body_map: BodyMap) -> None:
    neck, shoulders, upper, lower, full = (
        body_map.zone_rect(area)
        for area in (Area.NECK, Area.SHOULDERS, Area.UPPER_BACK, Area.LOWER_BACK, Area.FULL_BACK)
    )
    assert neck.center().y() < shoulders.center().y() < upper.center().y() < lower.center().y()
    assert neck.width() < shoulders.width() / 2
    assert full.top() == pytest.approx(shoulders.top()) and full.bottom() == lower.bottom()
    assert body_map.spine_rect().width() < shoulders.width() / 15  # a narrow band


def test_the_legend_sits_beneath_the_back(body_map: BodyMap, theme: Theme) -> None:
    image = render(body_map)
    full = body_map.zone_rect(Area.FULL_BACK)
    text = QColor(theme.secondary)
    rows = [
        y
        for y in range(round(full.center().y()), body_map.height())
        if any(near(image.pixelColor(x, y), text, 8) for x in range(body_map.width()))
    ]
    assert rows and min(rows) > full.bottom() and max(rows) < body_map.height()


@pytest.mark.parametrize(("width", "height"), [(260, 420), (400, 640), (800, 300), (200, 900)])
def test_the_back_keeps_its_proportions_at_any_size(
    qtbot: QtBot, theme: Theme, width: int, height: int
) -> None:
    body_map = make_map(qtbot, theme, width, height)
    full = body_map.zone_rect(Area.FULL_BACK)
    assert full.width() / full.height() == pytest.approx(
        make_map(qtbot, theme).zone_rect(Area.FULL_BACK).width()
        / make_map(qtbot, theme).zone_rect(Area.FULL_BACK).height(),
        rel=0.02,
    )
    assert QRectF(body_map.rect()).contains(full)
    assert full.center().x() == pytest.approx(width / 2, abs=1)


@pytest.mark.parametrize(
    ("area", "words"),
    [
        (Area.SHOULDERS, "the shoulders"),
        (Area.LOWER_BACK, "the lower back"),
        (Area.NECK, "the neck"),
        (None, "No area"),
    ],
    ids=str,
)
def test_the_tooltip_says_where_to_work_and_what_to_avoid(
    body_map: BodyMap, area: Area | None, words: str
) -> None:
    body_map.show_area(area)
    assert body_map.area() is area
    assert words in body_map.toolTip()
    assert "spine" in body_map.toolTip() and "front of the neck" in body_map.toolTip()
    assert body_map.accessibleDescription() == body_map.toolTip()
    assert body_map.accessibleName() == "Body map"


def test_it_fits_a_small_window_with_its_legend_whole(body_map: BodyMap) -> None:
    metrics = body_map.fontMetrics()
    # At its least width the legend takes a line for each part, each whole.
    longest = max(
        metrics.horizontalAdvance(part) for part in (WORK_LEGEND, GO_EASY_LEGEND, AVOID_LEGEND)
    )
    assert body_map.minimumSizeHint().width() >= longest
    assert body_map.minimumWidth() == body_map.minimumSizeHint().width()
    assert body_map.minimumSizeHint().height() < 600 / 2
    assert body_map.sizeHint().height() < 600
