"""The countdown ring, judged by what it draws: the arc left, the time inside, the paused look."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QImage, QPalette
from pytestqt.qtbot import QtBot

from app.ui.countdown_ring import CountdownRing
from app.ui.theme import DARK, LIGHT, Theme

SAMPLES = 720  # points round the ring: half a degree apart
DETAIL = "21:40 left in the session"


@pytest.fixture(params=[DARK, LIGHT], ids=["dark", "light"])
def theme(request: pytest.FixtureRequest) -> Theme:
    return request.param


def make_ring(qtbot: QtBot, theme: Theme, width: int, height: int) -> CountdownRing:
    ring = CountdownRing(theme)
    qtbot.addWidget(ring)
    palette = ring.palette()  # on the theme's background, as in the window
    palette.setColor(QPalette.ColorRole.Window, QColor(theme.background))
    ring.setPalette(palette)
    ring.setAutoFillBackground(True)
    ring.resize(width, height)
    ring.show()
    return ring


@pytest.fixture
def ring(qtbot: QtBot, theme: Theme) -> CountdownRing:
    ring = make_ring(qtbot, theme, 300, 300)
    ring.show_time(1.0, "04:12", DETAIL)
    return ring


def render(widget: CountdownRing) -> QImage:
    image = widget.grab().toImage()
    image.setDevicePixelRatio(1)  # sample in device pixels, whatever the screen's ratio
    return image


def colour_at(image: QImage, widget: CountdownRing, point: QPointF) -> QColor:
    ratio = image.width() / widget.width()
    return image.pixelColor(round(point.x() * ratio), round(point.y() * ratio))


def near(colour: QColor, target: str | QColor, tolerance: int = 16) -> bool:
    target = QColor(target)
    return all(
        abs(a - b) <= tolerance
        for a, b in zip(colour.getRgb()[:3], target.getRgb()[:3], strict=True)
    )


def on_ring(ring: CountdownRing, clockwise_degrees: float) -> QPointF:
    """A point on the ring's centre line, measured clockwise from twelve o'clock."""
    rect = ring.ring_rect()
    radius = rect.width() / 2
    angle = math.radians(clockwise_degrees)
    return rect.center() + QPointF(radius * math.sin(angle), -radius * math.cos(angle))


def share_of_ring_in(ring: CountdownRing, colour: str | QColor) -> float:
    image = render(ring)
    points = (on_ring(ring, 360 * n / SAMPLES) for n in range(SAMPLES))
    return sum(near(colour_at(image, ring, p), colour) for p in points) / SAMPLES


def text_pixels(ring: CountdownRing, colour: str) -> list[QPointF]:
    """Where a colour is drawn, on a grid fine enough to catch the thinnest stroke of the text."""
    image = render(ring)
    ratio = image.width() / ring.width()
    step = max(2, min(image.width(), image.height()) // 150)
    return [
        QPointF(x / ratio, y / ratio)
        for y in range(0, image.height(), step)
        for x in range(0, image.width(), step)
        if near(image.pixelColor(x, y), colour, tolerance=8)
    ]


@pytest.mark.parametrize("fraction", [1.0, 0.75, 0.5, 0.3, 0.1, 0.0])
def test_the_amber_arc_covers_the_share_of_the_phase_left(
    ring: CountdownRing, theme: Theme, fraction: float
) -> None:
    ring.show_time(fraction, "04:12", DETAIL)
    # The round caps reach a little past each end of the arc.
    assert share_of_ring_in(ring, theme.accent) == pytest.approx(fraction, abs=0.02)
    assert share_of_ring_in(ring, theme.hairline) == pytest.approx(1 - fraction, abs=0.02)


def test_the_arc_ends_at_twelve_and_its_free_end_follows_the_clock(
    ring: CountdownRing, theme: Theme
) -> None:
    ring.show_time(0.25, "01:00", DETAIL)
    image = render(ring)
    assert near(colour_at(image, ring, on_ring(ring, 300)), theme.accent)  # ten o'clock
    assert near(colour_at(image, ring, on_ring(ring, 355)), theme.accent)
    assert near(colour_at(image, ring, on_ring(ring, 60)), theme.hairline)  # two o'clock
    assert near(colour_at(image, ring, on_ring(ring, 250)), theme.hairline)


@pytest.mark.parametrize(("given", "shown"), [(-0.5, 0.0), (1.7, 1.0), (0.5, 0.5)])
def test_the_fraction_is_clamped_to_a_whole_ring(
    ring: CountdownRing, theme: Theme, given: float, shown: float
) -> None:
    ring.show_time(given, "04:12", DETAIL)
    assert share_of_ring_in(ring, theme.accent) == pytest.approx(shown, abs=0.02)


def test_pausing_dims_the_arc_and_resuming_lights_it_again(
    ring: CountdownRing, theme: Theme
) -> None:
    ring.show_time(0.6, "02:00", DETAIL)
    ring.set_paused(True)
    assert ring.is_paused()
    assert not near(ring.arc_colour(), theme.accent, tolerance=40)
    assert share_of_ring_in(ring, theme.accent) == 0
    assert share_of_ring_in(ring, ring.arc_colour()) == pytest.approx(0.6, abs=0.02)
    assert not text_pixels(ring, theme.text)  # the time steps back too
    ring.set_paused(False)
    assert share_of_ring_in(ring, theme.accent) == pytest.approx(0.6, abs=0.02)


@pytest.mark.parametrize("time_text", ["04:12", "00:05", "1:04:12"])
@pytest.mark.parametrize("size", [200, 300, 600])
def test_the_time_is_large_and_stays_inside_the_ring(
    qtbot: QtBot, theme: Theme, time_text: str, size: int
) -> None:
    ring = make_ring(qtbot, theme, size, size)
    ring.show_time(0.5, time_text, DETAIL)
    pixels = text_pixels(ring, theme.text)
    inner_radius = (ring.ring_rect().width() - ring.ring_width()) / 2
    centre = ring.ring_rect().center()
    assert all(math.dist(p.toTuple(), centre.toTuple()) < inner_radius for p in pixels)
    width = max(p.x() for p in pixels) - min(p.x() for p in pixels)
    assert width > 1.0 * inner_radius  # about two thirds of the way across the ring
    height = max(p.y() for p in pixels) - min(p.y() for p in pixels)
    assert height > 0.2 * inner_radius  # an hour's extra digits make it narrower, so lower


def test_the_secondary_line_sits_beneath_the_time_inside_the_ring(
    ring: CountdownRing, theme: Theme
) -> None:
    time_bottom = max(p.y() for p in text_pixels(ring, theme.text))
    ring.show_time(1.0, "", DETAIL)  # alone, so the time's soft edges are not taken for it
    detail = text_pixels(ring, theme.secondary)
    assert detail
    assert min(p.y() for p in detail) > time_bottom
    assert max(p.y() for p in detail) < ring.ring_rect().bottom() - ring.ring_width()


def test_a_long_secondary_line_is_shortened_to_fit(ring: CountdownRing, theme: Theme) -> None:
    ring.show_time(0.5, "", "21:40 left in the session, then a long rest and warm towels")
    detail = text_pixels(ring, theme.secondary)
    inner_radius = (ring.ring_rect().width() - ring.ring_width()) / 2
    centre = ring.ring_rect().center()
    assert all(math.dist(p.toTuple(), centre.toTuple()) < inner_radius for p in detail)


@pytest.mark.parametrize(("width", "height"), [(600, 300), (300, 600), (1920, 1080)])
def test_the_ring_is_round_and_centred_whatever_the_widget_shape(
    qtbot: QtBot, theme: Theme, width: int, height: int
) -> None:
    ring = make_ring(qtbot, theme, width, height)
    rect = ring.ring_rect()
    assert rect.width() == pytest.approx(rect.height())
    assert rect.center().x() == pytest.approx(width / 2)
    assert rect.center().y() == pytest.approx(height / 2)
    assert rect.width() + ring.ring_width() <= min(width, height)


def test_the_time_font_grows_with_the_ring(qtbot: QtBot, theme: Theme) -> None:
    sizes = []
    for side in (300, 600):
        ring = make_ring(qtbot, theme, side, side)
        ring.show_time(1.0, "04:12", DETAIL)
        sizes.append(ring.time_font().pixelSize())
    assert sizes[1] == pytest.approx(2 * sizes[0], abs=2)


def test_it_names_itself_and_fits_a_small_window(ring: CountdownRing) -> None:
    assert ring.accessibleName() == "Time left in this phase"
    assert ring.toolTip()
    assert ring.accessibleDescription() == f"04:12, {DETAIL}"
    hint, least = ring.sizeHint(), ring.minimumSizeHint()
    assert hint.width() == hint.height()
    assert least.width() <= hint.width() < 600 / 2 + 100
    assert least.height() < 600 / 3


def test_paused_says_paused_above_the_time_inside_the_ring(
    ring: CountdownRing, theme: Theme
) -> None:
    centre = ring.ring_rect().center()
    clear_of_ring = 0.9 * (ring.ring_rect().width() - ring.ring_width()) / 2

    def amber_inside() -> list[QPointF]:
        points = text_pixels(ring, theme.accent)
        return [p for p in points if math.dist(p.toTuple(), centre.toTuple()) < clear_of_ring]

    ring.show_time(0.6, "02:00", DETAIL)
    assert not amber_inside()
    ring.set_paused(True)
    word = amber_inside()
    assert word
    assert max(p.y() for p in word) < centre.y()  # above the middle, where the time begins
    assert ring.accessibleDescription() == f"Paused, 02:00, {DETAIL}"
    ring.set_paused(False)
    assert not amber_inside()
    assert ring.status_text() == ""


def test_pausing_leaves_the_time_where_it_was(ring: CountdownRing, theme: Theme) -> None:
    running = text_pixels(ring, theme.text)
    ring.set_paused(True)
    ring.set_theme(Theme(**{**vars(theme), "secondary": theme.text}))  # to find it by colour
    assert text_pixels(ring, theme.text)[:20] == running[:20]
