"""The phase timeline: segments as long as their phases, clicked or chosen from the keyboard."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QAction, QColor, QHelpEvent, QImage, QKeySequence, QPalette
from PySide6.QtWidgets import QApplication, QLineEdit, QToolTip, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from app.core.durations import in_words
from app.ui.theme import DARK, LIGHT, Theme
from app.ui.timeline import DONE_OPACITY, Timeline

PHASES = [
    ("Settle in", 60.0),
    ("Warm the oil", 60.0),
    ("Effleurage", 240.0),
    ("Kneading · shoulders", 240.0),
    ("Alternate strokes", 300.0),
    ("Neck", 240.0),
    ("Closing", 180.0),
]


@pytest.fixture(params=[DARK, LIGHT], ids=["dark", "light"])
def theme(request: pytest.FixtureRequest) -> Theme:
    return request.param


@pytest.fixture
def window(qtbot: QtBot, theme: Theme) -> QWidget:
    """A window holding the timeline, on the theme's background, as the real one will."""
    window = QWidget()
    qtbot.addWidget(window)
    palette = window.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor(theme.background))
    window.setPalette(palette)
    window.setAutoFillBackground(True)
    layout = QVBoxLayout(window)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(QLineEdit())  # something else holds the keyboard, as in the real window
    layout.addWidget(Timeline(theme))
    window.resize(900, 80)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    return window


@pytest.fixture
def timeline(window: QWidget) -> Timeline:
    timeline = window.findChild(Timeline)
    timeline.set_phases(PHASES)
    timeline.set_position(0, 0.0)
    return timeline


def render(timeline: Timeline) -> QImage:
    image = timeline.grab().toImage()
    ratio = image.width() / timeline.width()
    return image.scaled(timeline.width(), timeline.height()) if ratio != 1 else image


def near(colour: QColor, target: QColor, tolerance: int = 10) -> bool:
    return all(
        abs(a - b) <= tolerance
        for a, b in zip(colour.getRgb()[:3], target.getRgb()[:3], strict=True)
    )


def over(background: str, colour: str, opacity: float) -> QColor:
    """colour laid at an opacity over background, as the painter blends them."""
    under, top = QColor(background).getRgb()[:3], QColor(colour).getRgb()[:3]
    return QColor(*(round(u + (t - u) * opacity) for u, t in zip(under, top, strict=True)))


def bar_runs(timeline: Timeline, background: str) -> list[tuple[int, int]]:
    """Where the bars lie along the middle row, as (start, length) runs off the background."""
    image = render(timeline)
    row = timeline.height() // 2
    runs: list[tuple[int, int]] = []
    for x in range(image.width()):
        if near(image.pixelColor(x, row), QColor(background), tolerance=2):
            continue
        if runs and runs[-1][0] + runs[-1][1] == x:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1)
        else:
            runs.append((x, 1))
    return runs


def test_each_segment_is_as_wide_as_its_share_of_the_session(
    timeline: Timeline, theme: Theme
) -> None:
    runs = bar_runs(timeline, theme.background)
    assert len(runs) == len(PHASES)
    total_width = sum(length for _, length in runs)
    total_seconds = sum(seconds for _, seconds in PHASES)
    for (_, length), (_, seconds) in zip(runs, PHASES, strict=True):
        assert length / total_width == pytest.approx(seconds / total_seconds, abs=0.004)


def test_the_segments_leave_small_gaps_and_fill_the_width(timeline: Timeline, theme: Theme) -> None:
    runs = bar_runs(timeline, theme.background)
    gaps = [b[0] - (a[0] + a[1]) for a, b in zip(runs, runs[1:], strict=False)]
    assert all(2 <= gap <= timeline.fontMetrics().height() / 2 for gap in gaps)
    assert runs[0][0] < 8
    assert runs[-1][0] + runs[-1][1] > timeline.width() - 8


@pytest.mark.parametrize(("fraction", "index"), [(0.0, 0), (0.5, 3), (0.25, 6), (1.0, 2)])
def test_done_current_and_later_phases_each_have_their_look(
    timeline: Timeline, theme: Theme, fraction: float, index: int
) -> None:
    timeline.set_position(index, fraction)
    image = render(timeline)
    rects = timeline.segment_rects()
    y = round(rects[0].center().y())
    done = over(theme.background, theme.ready, DONE_OPACITY)
    for earlier in rects[:index]:
        assert near(image.pixelColor(round(earlier.center().x()), y), done)
    for later in rects[index + 1 :]:
        assert near(image.pixelColor(round(later.center().x()), y), QColor(theme.hairline))
    current = rects[index]
    filled = [
        near(image.pixelColor(x, y), QColor(theme.accent))
        for x in range(round(current.left()), round(current.right()))
    ]
    assert sum(filled) == pytest.approx(fraction * current.width(), abs=3)


def test_clicking_a_segment_asks_for_its_phase(qtbot: QtBot, timeline: Timeline) -> None:
    for index, rect in enumerate(timeline.segment_rects()):
        with qtbot.waitSignal(timeline.phaseClicked) as clicked:
            qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
        assert clicked.args == [index]


def test_a_click_in_a_gap_goes_to_the_nearer_phase(qtbot: QtBot, timeline: Timeline) -> None:
    first, second = timeline.segment_rects()[2:4]
    just_after_first = QPoint(round(first.right() + 1), 2)
    with qtbot.waitSignal(timeline.phaseClicked) as clicked:
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=just_after_first)
    assert clicked.args == [2]
    assert timeline.segment_at(QPointF(second.left() - 1, 2)) == 3


def test_pressing_on_one_phase_and_letting_go_on_another_is_no_click(
    qtbot: QtBot, timeline: Timeline
) -> None:
    rects = timeline.segment_rects()
    with qtbot.assertNotEmitted(timeline.phaseClicked):
        qtbot.mousePress(timeline, Qt.MouseButton.LeftButton, pos=rects[1].center().toPoint())
        qtbot.mouseRelease(timeline, Qt.MouseButton.LeftButton, pos=rects[4].center().toPoint())
        qtbot.mouseClick(timeline, Qt.MouseButton.RightButton, pos=rects[4].center().toPoint())


def test_a_click_leaves_the_keyboard_where_it_was(
    qtbot: QtBot, window: QWidget, timeline: Timeline
) -> None:
    other = window.findChild(QLineEdit)
    other.setFocus()
    qtbot.waitUntil(other.hasFocus)
    qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert other.hasFocus()


def focus(qtbot: QtBot, window: QWidget, timeline: Timeline) -> None:
    timeline.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(timeline.hasFocus)


@pytest.mark.parametrize(
    ("keys", "focused"),
    [
        ([Qt.Key.Key_Right], 3),
        ([Qt.Key.Key_Left, Qt.Key.Key_Left], 0),
        ([Qt.Key.Key_Left] * 5, 0),
        ([Qt.Key.Key_Right] * 9, 6),
        ([Qt.Key.Key_End, Qt.Key.Key_Left], 5),
        ([Qt.Key.Key_Home], 0),
    ],
)
@pytest.mark.parametrize("activate", [Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space])
def test_arrows_move_the_focus_marker_and_enter_or_space_goes_there(
    qtbot: QtBot,
    window: QWidget,
    timeline: Timeline,
    keys: list[Qt.Key],
    focused: int,
    activate: Qt.Key,
) -> None:
    timeline.set_position(2, 0.5)
    focus(qtbot, window, timeline)
    assert timeline.focused_segment() == 2
    for key in keys:
        qtbot.keyClick(timeline, key)
    assert timeline.focused_segment() == focused
    with qtbot.waitSignal(timeline.phaseClicked) as chosen:
        qtbot.keyClick(timeline, activate)
    assert chosen.args == [focused]


def test_the_focus_marker_is_drawn_under_the_focused_phase_only_with_focus(
    qtbot: QtBot, window: QWidget, timeline: Timeline, theme: Theme
) -> None:
    def marked() -> list[int]:
        image = render(timeline)
        y_range = range(round(timeline.segment_rects()[0].bottom()) + 1, timeline.height())
        return [
            n
            for n, rect in enumerate(timeline.segment_rects())
            if any(
                near(image.pixelColor(round(rect.center().x()), y), QColor(theme.accent))
                for y in y_range
            )
        ]

    assert marked() == []
    focus(qtbot, window, timeline)
    qtbot.keyClick(timeline, Qt.Key.Key_Right)
    qtbot.keyClick(timeline, Qt.Key.Key_Right)
    assert marked() == [2]


def test_while_focused_its_keys_win_over_the_window_shortcuts(
    qtbot: QtBot, window: QWidget, timeline: Timeline
) -> None:
    next_phase = QAction("Next", window)
    next_phase.setShortcut(QKeySequence(Qt.Key.Key_Right))
    window.addAction(next_phase)
    focus(qtbot, window, timeline)
    with qtbot.assertNotEmitted(next_phase.triggered):
        qtbot.keyClick(timeline, Qt.Key.Key_Right)
    assert timeline.focused_segment() == 1


# The offscreen platform says this of every tooltip it shows; it is not about our code.
@pytest.mark.qt_log_ignore(r"^This plugin does not support raise\(\)$")
@pytest.mark.parametrize(
    ("index", "text"),
    [
        (0, "Settle in\n1 min · phase 1 of 7"),
        (3, "Kneading · shoulders\n4 min · phase 4 of 7"),
        (4, "Alternate strokes\n5 min · phase 5 of 7"),
    ],
)
def test_each_segment_has_a_tooltip_with_its_title_and_length(
    timeline: Timeline, index: int, text: str
) -> None:
    assert timeline.segment_tooltip(index) == text
    centre = timeline.segment_rects()[index].center().toPoint()
    help_event = QHelpEvent(QEvent.Type.ToolTip, centre, timeline.mapToGlobal(centre))
    QApplication.sendEvent(timeline, help_event)
    assert QToolTip.text() == text
    QToolTip.hideText()


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(30, "30 s"), (60, "1 min"), (90, "1 min 30 s"), (240.4, "4 min"), (3600, "60 min")],
)
def test_lengths_read_in_plain_words(seconds: float, text: str) -> None:
    assert in_words(seconds) == text


@pytest.mark.parametrize(
    ("index", "fraction", "description"),
    [(-3, 0.5, "phase 1 of 7"), (2, 7.0, "phase 3 of 7"), (2, -1.0, "phase 3 of 7")],
)
def test_positions_out_of_range_are_clamped(
    timeline: Timeline, index: int, fraction: float, description: str
) -> None:
    timeline.set_position(index, fraction)
    assert timeline.accessibleDescription() == description
    timeline.grab()  # still draws


@pytest.mark.parametrize("index", [7, 99])
def test_past_the_last_phase_every_phase_is_done(
    timeline: Timeline, theme: Theme, index: int
) -> None:
    timeline.set_position(index, 0.0)
    image = render(timeline)
    done = over(theme.background, theme.ready, DONE_OPACITY)
    y = timeline.height() // 2
    assert all(
        near(image.pixelColor(round(rect.center().x()), y), done)
        for rect in timeline.segment_rects()
    )
    assert timeline.accessibleDescription() == "all done"


def test_an_empty_plan_draws_nothing_and_ignores_clicks_and_keys(
    qtbot: QtBot, timeline: Timeline, theme: Theme
) -> None:
    timeline.set_phases([])
    assert timeline.segment_rects() == []
    assert bar_runs(timeline, theme.background) == []
    with qtbot.assertNotEmitted(timeline.phaseClicked):
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=QPoint(20, 10))
        qtbot.keyClick(timeline, Qt.Key.Key_Return)


def test_its_height_comes_from_the_font_and_it_names_itself(timeline: Timeline) -> None:
    line = timeline.fontMetrics().height()
    assert timeline.sizeHint().height() == pytest.approx(1.5 * line, abs=1)
    assert timeline.minimumSizeHint().width() < 1024 / 2
    assert timeline.accessibleName() == "Phases"
    assert timeline.accessibleDescription() == "phase 1 of 7"
    assert timeline.toolTip()


def test_a_skipped_phase_is_drawn_hollow_not_done(timeline: Timeline, theme: Theme) -> None:
    timeline.set_position(4, 0.0, given=[1.0, 0.25, 0.0, 1.0])
    image = render(timeline)
    rects = timeline.segment_rects()
    done = over(theme.background, theme.ready, DONE_OPACITY)
    y = round(rects[0].center().y())

    def at(x: float) -> QColor:
        return image.pixelColor(round(x), y)

    assert near(at(rects[0].center().x()), done) and near(at(rects[3].center().x()), done)
    # Skipped whole: inside its outline there is only the background.
    assert near(at(rects[2].center().x()), QColor(theme.background), tolerance=4)
    top = image.pixelColor(round(rects[2].center().x()), round(rects[2].top()))
    assert not near(top, QColor(theme.background), tolerance=4)  # the outline
    # Given in part: filled as far as it was given, hollow beyond.
    given = timeline.given_rect(1)
    assert given.width() == pytest.approx(rects[1].width() * 0.25)
    assert near(at(rects[1].left() + given.width() / 2), done)
    assert near(at(rects[1].right() - rects[1].width() / 4), QColor(theme.background), 4)


def test_an_extended_phase_is_drawn_longer(timeline: Timeline) -> None:
    before = timeline.segment_rects()
    timeline.set_phases([*PHASES[:3], ("Kneading · shoulders", 240.0 + 120), *PHASES[4:]])
    after = timeline.segment_rects()
    assert after[3].width() > before[3].width() * 1.3
    assert after[2].width() < before[2].width()  # the strip keeps its width; the rest give way


def test_the_phase_asked_about_is_marked_under_its_bar(timeline: Timeline, theme: Theme) -> None:
    timeline.set_asked(5)
    image = render(timeline)
    rect = timeline.segment_rects()[5]
    below = range(round(rect.bottom()) + 1, timeline.height())
    x = round(rect.center().x())
    assert any(near(image.pixelColor(x, y), QColor(theme.accent)) for y in below)
    timeline.set_asked(None)
    image = render(timeline)
    assert not any(near(image.pixelColor(x, y), QColor(theme.accent)) for y in below)
