"""The theme: one style sheet from the palette, dark and light, for every control, type sizes
the same in both."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QMenu, QWidget
from pytestqt.qtbot import QtBot
from ui.conftest import BuildWindow
from ui.window_geometry import settle

from app.paths import find_assets_dir
from app.ui.actions import ActionId
from app.ui.audio_bridge import AudioBridge
from app.ui.main_window import MainWindow
from app.ui.theme import CHEVRONS, DARK, LIGHT, Theme, apply_theme, style_sheet

THEMES = [DARK, LIGHT]
# What a popup does that the offscreen platform cannot; said of the platform, not of our code.
OFFSCREEN_POPUP = r"^This plugin does not support (raise\(\)|grabbing the (keyboard|mouse))$"


@pytest.fixture(params=THEMES, ids=["dark", "light"])
def themed(
    request: pytest.FixtureRequest,
    qapp: QApplication,
    qtbot: QtBot,
    build_window: BuildWindow,
    audio: AudioBridge,
) -> Iterator[tuple[MainWindow, Theme]]:
    """The window as main.py shows it: the theme applied first, then the window built."""
    theme: Theme = request.param
    apply_theme(qapp, theme)
    window = build_window(audio)
    if theme is LIGHT:
        window.commands[ActionId.LIGHT_THEME].setChecked(True)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    settle()
    yield window, theme


def type_sizes(*parts: QWidget) -> dict[str, tuple[str, float, int, int]]:
    """The type of every widget shown within `parts`: family, point and pixel size, weight."""
    sizes = {}
    for part in parts:
        shown = [w for w in [part, *part.findChildren(QWidget)] if w.isVisible()]
        for n, widget in enumerate(shown):
            font = widget.font()
            key = f"{part.objectName()}/{n}/{type(widget).__name__}/{widget.objectName()}"
            sizes[key] = (font.family(), font.pointSizeF(), font.pixelSize(), font.weight().value)
    return sizes


def test_switching_theme_keeps_every_type_size(
    qtbot: QtBot, themed: tuple[MainWindow, Theme]
) -> None:
    window, _ = themed
    panel = window.ambience
    panel.toggles["river"].click()
    panel.mix_name.setText("Evening")
    panel.save_mix()  # a notice shows
    window.commands[ActionId.MUTE].trigger()  # and the master label says "Muted"
    settle()
    parts = (panel, window.top_bar)
    before = type_sizes(*parts)
    labels = [key for key in before if "/QLabel/" in key]
    # the title; the panel's heading, notice, master label and "Fade out after"
    assert len(labels) == 5
    for _ in range(2):
        window.commands[ActionId.LIGHT_THEME].trigger()
        settle()
        assert type_sizes(*parts) == before


def colour_at(widget: QWidget, x: int, y: int) -> str:
    return QColor(widget.grab().toImage().pixelColor(QPoint(x, y))).name()


def test_the_top_bar_and_panel_fields_are_drawn_in_the_theme(
    themed: tuple[MainWindow, Theme],
) -> None:
    window, theme = themed
    panel, bar = window.ambience, window.top_bar
    for field in (bar.plan_choice, bar.minutes, panel.mix_choice, panel.mix_name):
        # Just inside the border, clear of the text: the field's ground is the theme's surface.
        assert colour_at(field, 4, field.height() // 2) == theme.surface, field.accessibleName()
    # An unfocused field's edge is a hairline.
    mix_name = panel.mix_name
    assert not mix_name.hasFocus()
    assert colour_at(mix_name, mix_name.width() // 2, 0) == theme.hairline


@pytest.mark.qt_log_ignore(OFFSCREEN_POPUP)
def test_the_lists_drop_down_in_the_theme(qtbot: QtBot, themed: tuple[MainWindow, Theme]) -> None:
    window, theme = themed
    for combo in (window.top_bar.plan_choice, window.ambience.mix_choice):
        combo.showPopup()
        view = combo.view()
        qtbot.waitUntil(view.isVisible)
        settle()
        last = view.visualRect(view.model().index(combo.count() - 1, 0))
        below_items = last.bottom() + 2
        if below_items < view.viewport().height():
            assert colour_at(view.viewport(), 2, below_items) == theme.surface
        assert colour_at(view.viewport(), view.viewport().width() - 2, last.center().y()) in (
            theme.surface,
            theme.accent,  # the row under the pointer or chosen, marked in the accent
        )
        combo.hidePopup()
        settle()


def test_the_sound_list_scrolls_on_the_panel_without_a_box_of_its_own(
    themed: tuple[MainWindow, Theme],
) -> None:
    window, theme = themed
    panel = window.ambience
    area = panel.sound_list
    rows = area.widget()
    below_rows = rows.layout().itemAt(0).geometry().bottom() + 4
    assert below_rows < area.viewport().height()  # four sounds leave room beneath them
    seen = area.viewport().mapTo(panel, QPoint(2, below_rows))
    assert colour_at(panel, seen.x(), seen.y()) == theme.surface
    assert area.frameShape() == area.Shape.NoFrame


def test_the_style_sheet_names_only_chevrons_that_exist() -> None:
    icons = find_assets_dir() / "icons"
    for name in CHEVRONS:
        assert (icons / name).is_file()
        assert (icons / name).as_posix() in style_sheet(DARK, icons)


@pytest.mark.parametrize("theme", THEMES, ids=["dark", "light"])
def test_both_themes_give_every_type_size_the_same(theme: Theme) -> None:
    """The sheets differ in colours only: with the colours taken out, they are the same."""
    icons = find_assets_dir() / "icons"

    def without_colours(t: Theme) -> str:
        sheet = style_sheet(t, icons)
        for colour in vars(t).values():
            sheet = sheet.replace(colour, "COLOUR")
        return sheet

    assert without_colours(theme) == without_colours(DARK)


def ink(widget: QWidget) -> str:
    """The colour of the text in the left half of `widget`: the pixel furthest from its ground."""
    image = widget.grab().toImage()
    ground = image.pixelColor(QPoint(4, image.height() // 2))
    pixels = (
        image.pixelColor(QPoint(x, y))
        for x in range(image.width() // 2)
        for y in range(image.height())
    )
    far = max(pixels, key=lambda c: abs(c.lightness() - ground.lightness()))
    return QColor(far).name()


def test_during_a_session_the_person_it_is_for_reads_as_the_plan_beside_it(
    themed: tuple[MainWindow, Theme],
) -> None:
    """Both fields are set for the session and greyed; neither may fade into its ground."""
    window, theme = themed
    window.bridge.start_or_pause()
    settle()
    bar = window.top_bar
    assert not bar.plan_choice.isEnabled() and not bar.person_chooser.isEnabled()
    assert ink(bar.plan_choice) == theme.secondary
    assert ink(bar.person_chooser) == theme.secondary


@pytest.mark.qt_log_ignore(OFFSCREEN_POPUP)
def test_menus_read_as_large_as_the_buttons_and_are_drawn_in_the_theme(
    qtbot: QtBot, themed: tuple[MainWindow, Theme]
) -> None:
    # A new user found the menus (the plan's ⋯, "for:", the +1 min arrow) hard to read in a
    # dimmed room: their type was the system's, smaller than every button that opens them.
    window, theme = themed
    menus = window.findChildren(QMenu)
    assert len(menus) >= 3
    for menu in menus:
        menu.ensurePolished()
        assert menu.font().pointSizeF() == 12, menu.title() or menu.objectName()
    menu = window.session_view.extend_menu
    menu.popup(window.mapToGlobal(QPoint(100, 100)))
    qtbot.waitUntil(menu.isVisible)
    settle()
    first = menu.actionGeometry(menu.actions()[0])
    assert first.height() >= menu.fontMetrics().height() * 1.5  # room to hit in a dim room
    assert colour_at(menu, menu.width() - 3, menu.height() - 3) == theme.surface
    menu.hide()
