"""The plan chooser: each plan in its list with a strip of where the time goes, following the
length and the person, and a menu of what can be done with the chosen plan."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QAction, QColor, QImage
from PySide6.QtWidgets import QAbstractItemView, QApplication
from pytestqt.qtbot import QtBot
from ui.conftest import BuildWindow
from ui.window_geometry import settle

from app.core.people import Person
from app.core.plan import BUILT_IN_PLANS, Area, Phase, PhaseKind, Plan, built_in_plan
from app.core.preparation import Preparation
from app.core.room import Checklist
from app.ui.actions import ActionId
from app.ui.audio_bridge import AudioBridge
from app.ui.plan_strip import ROW_ROLE, PlanRow, PlanRowDelegate
from app.ui.theme import DARK, LIGHT, Theme, apply_theme
from app.ui.top_bar import TopBar

# What a popup does that the offscreen platform cannot; said of the platform, not of our code.
OFFSCREEN_POPUP = r"^This plugin does not support (raise\(\)|grabbing the (keyboard|mouse))$"
pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_POPUP)

K = PhaseKind
MINE = Plan(
    id="mine",
    title="My Sunday evening",
    position=built_in_plan("classic").position,
    phases=(
        Phase(K.SETTLE, Area.FULL_BACK, 60),
        Phase(K.EFFLEURAGE, Area.FULL_BACK, 180),
        Phase(K.KNEAD, Area.SHOULDERS, 240, sides=True),
        Phase(K.NECK, Area.NECK, 120),
        Phase(K.CLOSING, Area.FULL_BACK, 120),
    ),
)
SAM = Person(name="Sam", id=3, focus=frozenset({Area.SHOULDERS}))
LONG_TITLE = "A very long Sunday evening massage for my sister, the whole back slowly"


def top_bar(
    qtbot: QtBot, commands: dict[ActionId, QAction], preparation: Preparation, width: int = 1024
) -> TopBar:
    bar = TopBar(preparation, commands)
    qtbot.addWidget(bar)
    bar.resize(width, bar.sizeHint().height())
    bar.show()
    qtbot.waitExposed(bar)
    return bar


@pytest.fixture
def preparation() -> Preparation:
    return Preparation(BUILT_IN_PLANS, Checklist(), chosen="classic", own=[MINE])


@pytest.fixture
def bar(
    qtbot: QtBot, qapp: QApplication, commands: dict[ActionId, QAction], preparation: Preparation
) -> TopBar:
    apply_theme(qapp, DARK)
    return top_bar(qtbot, commands, preparation)


def opened(qtbot: QtBot, bar: TopBar) -> QAbstractItemView:
    bar.plan_choice.showPopup()
    view = bar.plan_choice.view()
    qtbot.waitUntil(view.isVisible)
    settle()
    return view


def row(bar: TopBar, index: int) -> PlanRow:
    data = bar.plan_choice.itemData(index, ROW_ROLE)
    assert isinstance(data, PlanRow)
    return data


def bars(bar: TopBar, index: int) -> list[QRectF]:
    """Each phase's bar in the popup's row for choice `index`, as its delegate lays it out."""
    view = bar.plan_choice.view()
    delegate = view.itemDelegate()
    assert isinstance(delegate, PlanRowDelegate)
    rect = view.visualRect(view.model().index(index, 0))
    # The combo box's list draws its rows in the box's type, not the list's own.
    return delegate.layout(rect, bar.plan_choice.font(), row(bar, index)).bars


def shares(widths: list[float]) -> list[float]:
    return [width / sum(widths) for width in widths]


def colour(image: QImage, point: QPointF) -> QColor:
    return image.pixelColor(QPoint(round(point.x()), round(point.y())))


def rgb(colour: QColor) -> tuple[int, int, int]:
    return colour.red(), colour.green(), colour.blue()


def over(colour: QColor, ground: QColor) -> QColor:
    """`colour`, with its opacity, as painted over `ground`."""
    alpha = colour.alphaF()
    red, green, blue = (
        round(alpha * c + (1 - alpha) * g) for c, g in zip(rgb(colour), rgb(ground), strict=True)
    )
    return QColor(red, green, blue)


def near(a: QColor, b: QColor, by: int = 2) -> bool:
    return all(abs(x - y) <= by for x, y in zip(rgb(a), rgb(b), strict=True))


@pytest.mark.parametrize("theme", [DARK, LIGHT], ids=["dark", "light"])
def test_each_plan_in_the_list_is_drawn_with_its_phases_as_long_as_they_last(
    qtbot: QtBot,
    qapp: QApplication,
    commands: dict[ActionId, QAction],
    preparation: Preparation,
    theme: Theme,
) -> None:
    apply_theme(qapp, theme)
    bar = top_bar(qtbot, commands, preparation)
    commands[ActionId.LIGHT_THEME].setChecked(theme is LIGHT)
    view = opened(qtbot, bar)
    image = view.viewport().grab().toImage()
    delegate = view.itemDelegate()
    assert isinstance(delegate, PlanRowDelegate)
    assert bar.plan_choice.count() == len(BUILT_IN_PLANS) + 1
    assert delegate.colour(K.KNEAD) == QColor(theme.ready)  # in the theme shown, with the window
    for index in range(bar.plan_choice.count()):
        plan = preparation.preview(index)
        phases = bars(bar, index)
        assert len(phases) == len(plan.phases)
        expected = shares([phase.seconds for phase in plan.phases])
        assert shares([rect.width() for rect in phases]) == pytest.approx(expected, abs=0.002)
        # Painted: each phase in its kind's colour, the ground showing between them.
        middle = phases[0].center().y()
        ground = colour(
            image, QPointF(view.visualRect(view.model().index(index, 0)).left() + 3, middle)
        )
        # The list's own ground; the chosen plan's row, where the list opens, lit as a field is.
        assert ground == QColor(theme.hairline if index == preparation.index else theme.surface)
        for rect, phase in zip(phases, plan.phases, strict=True):
            seen = (
                rect.center()
                if not phase.sides
                else QPointF(rect.left() + rect.width() / 4, middle)
            )
            assert near(colour(image, seen), over(delegate.colour(phase.kind), ground)), (
                index,
                phase,
            )
        for left, right in zip(phases, phases[1:], strict=False):
            assert colour(image, QPointF((left.right() + right.left()) / 2, middle)) == ground


def test_a_phase_worked_side_by_side_is_split_at_its_half(qtbot: QtBot, bar: TopBar) -> None:
    view = opened(qtbot, bar)
    image = view.viewport().grab().toImage()
    mine = len(BUILT_IN_PLANS)
    phases = bars(bar, mine)
    middle = phases[0].center().y()
    ground = colour(image, QPointF(view.visualRect(view.model().index(mine, 0)).left() + 3, middle))
    for rect, phase in zip(phases, MINE.phases, strict=True):
        halves = (rect.left() + rect.width() / 4, rect.right() - rect.width() / 4)
        assert all(colour(image, QPointF(x, middle)) != ground for x in halves)
        assert (colour(image, rect.center()) == ground) == phase.sides


def test_the_list_says_which_plans_are_ones_own_and_their_length(bar: TopBar) -> None:
    classic, mine = row(bar, 2), row(bar, len(BUILT_IN_PLANS))
    assert (classic.title, classic.minutes, classic.origin) == ("Classic back massage", 30, "")
    assert (mine.title, mine.minutes, mine.origin) == ("My Sunday evening", 12, "yours")
    assert classic.chosen and not mine.chosen


def test_a_plan_from_a_file_says_so(
    qtbot: QtBot, qapp: QApplication, commands: dict[ActionId, QAction]
) -> None:
    friend = replace(built_in_plan("seated"), id="friend", title="From a friend")
    preparation = Preparation(
        BUILT_IN_PLANS, Checklist(), chosen="classic", file=(friend, Path("/tmp/friend.json"))
    )
    bar = top_bar(qtbot, commands, preparation)
    assert row(bar, len(BUILT_IN_PLANS)).origin == "from a file"


def test_the_chosen_plans_strip_follows_its_length_at_once(
    qtbot: QtBot, bar: TopBar, preparation: Preparation
) -> None:
    view = opened(qtbot, bar)
    before = view.viewport().grab().toImage()
    settle_share = shares([rect.width() for rect in bars(bar, 2)])[0]
    bar.minutes.setValue(preparation.shortest)  # each phase at its least: settling takes more
    settle()
    assert row(bar, 2).minutes == preparation.shortest
    assert shares([rect.width() for rect in bars(bar, 2)])[0] > settle_share * 1.2
    assert view.viewport().grab().toImage() != before


def test_someone_with_focus_areas_gets_more_time_there_and_the_list_says_how_much(
    qtbot: QtBot, bar: TopBar, preparation: Preparation
) -> None:
    view = opened(qtbot, bar)
    shoulders = 3  # the classic plan's kneading of the shoulders
    before = shares([rect.width() for rect in bars(bar, 2)])
    assert row(bar, 2).moved == ""
    preparation.choose_person(SAM)
    settle()
    after = shares([rect.width() for rect in bars(bar, 2)])
    assert after[shoulders] > before[shoulders] * 1.2
    classic = row(bar, 2)
    assert [phase.focus for phase in classic.phases] == [n == shoulders for n in range(9)]
    grown = preparation.preview(2).phases[shoulders].seconds - 240
    assert classic.moved == f"Sam: +{grown // 60}:{grown % 60:02d} on the shoulders"
    # Marked in the accent around the focus phase, and nowhere else on the strip.
    image = view.viewport().grab().toImage()
    accent = QColor(DARK.accent)
    for number, rect in enumerate(bars(bar, 2)):
        ring = rect.adjusted(-3, -3, 3, 3).toAlignedRect()
        amber = sum(
            near(image.pixelColor(x, y), accent, 8)
            for x in range(ring.left(), ring.right() + 1)
            for y in range(ring.top(), ring.bottom() + 1)
        )
        assert (amber > rect.width()) == (number == shoulders), number


def test_a_plan_without_their_focus_areas_says_so(bar: TopBar, preparation: Preparation) -> None:
    preparation.choose_person(replace(SAM, focus=frozenset({Area.LOWER_BACK})))
    assert row(bar, 0).moved == "Sam: no phase here for the lower back"  # shoulders and neck
    assert row(bar, 2).moved.startswith("Sam: +")


def test_someone_without_focus_areas_moves_no_time(bar: TopBar, preparation: Preparation) -> None:
    preparation.choose_person(replace(SAM, focus=frozenset()))
    assert all(row(bar, n).moved == "" for n in range(bar.plan_choice.count()))


def test_a_plan_is_chosen_from_the_list_with_the_keyboard(
    qtbot: QtBot, bar: TopBar, preparation: Preparation
) -> None:
    view = opened(qtbot, bar)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not view.isVisible())
    assert preparation.plan.id == "deep"


def test_the_list_stays_on_a_small_screen_and_scrolls(
    qtbot: QtBot, qapp: QApplication, commands: dict[ActionId, QAction]
) -> None:
    own = [replace(MINE, id=f"mine-{n}", title=f"Mine {n}") for n in range(12)]
    preparation = Preparation(BUILT_IN_PLANS, Checklist(), chosen="classic", own=own)
    preparation.choose_person(SAM)  # the tallest rows
    bar = top_bar(qtbot, commands, preparation)
    view = opened(qtbot, bar)
    popup = view.window()
    assert popup.height() <= 600 * 0.8
    assert view.verticalScrollBar().isVisible()
    assert popup.geometry().intersects(bar.screen().availableGeometry())


def menu_actions(bar: TopBar) -> list[QAction]:
    """The plan menu's entries as it shows them on opening, for the plan chosen then."""
    bar.plan_menu.aboutToShow.emit()
    return bar.plan_menu.actions()


def menu_texts(bar: TopBar) -> list[str]:
    return [action.text() for action in menu_actions(bar)]


def test_the_plan_menu_offers_a_copy_of_a_built_in_plan(bar: TopBar) -> None:
    assert bar.plans.accessibleName() == "Plan actions"
    assert menu_texts(bar) == [
        "New plan…",
        "Copy and edit “Classic back massage”…",
        "",
        "Import a plan…",
        "Export “Classic back massage”…",
    ]


def test_the_plan_menu_offers_to_change_ones_own_plan(
    bar: TopBar, preparation: Preparation
) -> None:
    preparation.choose(len(BUILT_IN_PLANS))
    assert menu_texts(bar) == [
        "New plan…",
        "Edit “My Sunday evening”…",
        "Rename “My Sunday evening”…",
        "Delete “My Sunday evening”…",
        "",
        "Import a plan…",
        "Export “My Sunday evening”…",
    ]


def test_a_long_title_is_cut_short_in_the_menu_and_whole_in_its_tooltip(
    qtbot: QtBot, commands: dict[ActionId, QAction]
) -> None:
    long = replace(MINE, title=LONG_TITLE)
    preparation = Preparation(BUILT_IN_PLANS, Checklist(), chosen="mine", own=[long])
    bar = top_bar(qtbot, commands, preparation)
    edit = menu_actions(bar)[1]
    assert edit.text().startswith("Edit “A very") and edit.text().endswith("…”…")
    assert len(edit.text()) < len(LONG_TITLE)
    assert edit.toolTip() == f"Edit “{LONG_TITLE}”…"


@pytest.mark.parametrize(
    ("entry", "signal", "chosen"),
    [
        ("New plan…", "newPlanAsked", None),
        ("Edit “My Sunday evening”…", "editPlanAsked", "mine"),
        ("Rename “My Sunday evening”…", "renamePlanAsked", "mine"),
        ("Delete “My Sunday evening”…", "deletePlanAsked", "mine"),
        ("Import a plan…", "importPlanAsked", None),
        ("Export “My Sunday evening”…", "exportPlanAsked", "mine"),
    ],
)
def test_each_entry_asks_for_its_action_on_the_chosen_plan(
    qtbot: QtBot, bar: TopBar, preparation: Preparation, entry: str, signal: str, chosen: str | None
) -> None:
    preparation.choose(len(BUILT_IN_PLANS))
    action = next(a for a in menu_actions(bar) if a.text() == entry)
    with qtbot.waitSignal(getattr(bar, signal)) as sent:
        action.trigger()
    assert sent.args == ([chosen] if chosen else [])


def test_copying_a_built_in_plan_asks_to_edit_it(qtbot: QtBot, bar: TopBar) -> None:
    with qtbot.waitSignal(bar.editPlanAsked) as sent:
        menu_actions(bar)[1].trigger()
    assert sent.args == ["classic"]


def test_the_plan_menu_waits_while_a_session_runs(
    qtbot: QtBot, build_window: BuildWindow, audio: AudioBridge
) -> None:
    window = build_window(audio)
    window.show()
    qtbot.waitExposed(window)
    plans = window.top_bar.plans
    assert plans.isEnabled()
    window.bridge.start_or_pause()
    assert not plans.isEnabled()
    window.bridge.start_or_pause()  # paused: still a session under way
    assert not plans.isEnabled()
