"""The calm, low-glare look: a dark palette for a dimmed room, and a light one that mirrors it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from app.paths import find_assets_dir

# The arrows of the lists and the spin box, drawn in one grey that reads on both themes' surfaces
# (3:1 or more, as a control's parts need), since a style sheet cannot colour an image.
CHEVRONS = ("chevron-down.svg", "chevron-up.svg")


@dataclass(frozen=True)
class Theme:
    background: str
    surface: str
    hairline: str
    text: str
    secondary: str
    accent: str  # the ring and keyboard focus: soft amber
    ready: str  # done and ready: sage
    avoid: str  # avoid zones: the only red on screen


DARK = Theme(
    background="#14161a",
    surface="#1e2127",
    hairline="#2b2f36",
    text="#e8e3d9",
    secondary="#9a958c",
    accent="#d9a55b",
    ready="#7fa88a",
    avoid="#c7524a",
)

LIGHT = Theme(
    background="#f5f1ea",
    surface="#ebe5da",
    hairline="#d6cfc2",
    text="#2a2723",
    secondary="#625d55",
    accent="#8a5a14",
    ready="#3f6b4b",
    avoid="#a8362f",
)


def tabular_figures(font: QFont) -> QFont:
    """The same font with digits of equal width, so a countdown does not jitter."""
    font.setFeature(QFont.Tag("tnum"), 1)
    return font


def apply_theme(app: QApplication, theme: Theme, icons: Path | None = None) -> None:
    """The palette and the one style sheet; `icons` holds the chevrons (the assets' by default)."""
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: theme.background,
        QPalette.ColorRole.Base: theme.surface,
        QPalette.ColorRole.AlternateBase: theme.hairline,
        QPalette.ColorRole.Button: theme.surface,
        QPalette.ColorRole.WindowText: theme.text,
        QPalette.ColorRole.Text: theme.text,
        QPalette.ColorRole.ButtonText: theme.text,
        QPalette.ColorRole.PlaceholderText: theme.secondary,
        QPalette.ColorRole.ToolTipBase: theme.surface,
        QPalette.ColorRole.ToolTipText: theme.text,
        QPalette.ColorRole.Highlight: theme.accent,
        QPalette.ColorRole.HighlightedText: theme.background,
        QPalette.ColorRole.Link: theme.accent,
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    palette.setColor(
        QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor(theme.hairline)
    )
    palette.setColor(
        QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor(theme.secondary)
    )
    # A control that cannot be used now (the volume while muted) is grey, not amber.
    palette.setColor(
        QPalette.ColorGroup.Disabled, QPalette.ColorRole.Highlight, QColor(theme.secondary)
    )
    # Fusion draws every control from the palette, the same on every desktop. Set once: a new
    # style deletes the old one, under every widget and popup still made with it.
    if app.style().name().casefold() != "fusion":
        app.setStyle("Fusion")
    app.setPalette(palette)
    app.setStyleSheet(style_sheet(theme, icons or find_assets_dir() / "icons"))


def style_sheet(t: Theme, icons: Path) -> str:
    """Every widget's look, from the theme's colours; type sizes are the same in both themes."""
    down, up = (f'url("{(icons / name).as_posix()}")' for name in CHEVRONS)
    return f"""
    QWidget {{ color: {t.text}; }}
    QMainWindow, #central {{ background: {t.background}; }}
    #card {{ background: {t.surface}; border: 1px solid {t.hairline}; border-radius: 12px; }}
    #secondary, #nextPhase {{ color: {t.secondary}; }}
    #phaseName {{ color: {t.text}; }}
    #countdown {{ color: {t.accent}; }}
    /* The cue is read at arm's length, with a glance, in a dim room. */
    #card QLabel {{ font-size: 13pt; }}
    #card QLabel#cueTitle {{ font-size: 18pt; font-weight: bold; }}
    #card QLabel#cueHeading, #card QLabel#avoidHeading {{ font-size: 10pt; }}
    /* Full screen: the cue is read from the table, two metres away. */
    #card[immersive="true"] QLabel {{ font-size: 26pt; }}
    #card[immersive="true"] QLabel#avoidHeading {{ font-size: 16pt; }}
    #cueHeading {{ color: {t.secondary}; font-weight: bold; }}
    #avoidHeading {{ color: {t.avoid}; font-weight: bold; }}
    #notice {{ color: {t.ready}; font-size: 12pt; }}
    #appTitle {{ font-size: 18pt; font-weight: bold; color: {t.accent}; }}
    #card QLabel#panelHeading {{ font-size: 14pt; font-weight: bold; }}
    #card QCheckBox {{ font-size: 12pt; spacing: 10px; padding: 4px 0; }}
    #card QLabel#checkWords {{ font-size: 12pt; padding: 4px 0; }}
    #banner {{ background: {t.hairline}; border-radius: 12px; }}
    #bannerText {{ font-size: 14pt; }}
    QToolButton#chip {{ padding: 0.2em 0.7em; font-size: 10pt; border-radius: 12px; }}
    QToolButton#chip:checked {{ background: {t.accent}; color: {t.background}; }}
    QToolButton#toggle {{ padding: 0.3em 0.8em; font-size: 10pt; }}
    QToolButton#toggle:checked {{ border-color: {t.accent}; }}
    QToolButton {{
        background: {t.surface}; border: 1px solid {t.hairline}; border-radius: 10px;
        padding: 0.45em 0.7em; font-size: 12pt;
    }}
    QToolButton:hover {{ border-color: {t.secondary}; }}
    QToolButton:disabled {{ color: {t.hairline}; }}
    QToolButton#field:disabled {{ color: {t.secondary}; }}
    QToolButton[armed="true"] {{ border-color: {t.accent}; color: {t.accent}; }}
    QToolButton#primary {{
        background: {t.accent}; color: {t.background}; border: none; font-weight: bold;
        padding: 0.45em 1em;
    }}
    QToolButton#primary:disabled {{ background: {t.hairline}; color: {t.secondary}; }}
    QToolButton#mixMenu {{ padding: 0.45em 0.6em; }}
    QToolButton#mixMenu::menu-indicator {{ image: none; width: 0; }}
    QToolButton#extend {{ padding-right: 1.9em; }}
    QToolButton#extend::menu-button {{
        width: 1.5em; border: none; border-left: 1px solid {t.hairline};
    }}
    QToolButton#extend::menu-arrow {{ image: {down}; width: 0.7em; height: 0.7em; }}
    /* Muted shows from across the room: the button filled, the word in amber. */
    QToolButton#mute:checked {{
        background: {t.accent}; color: {t.background}; border-color: {t.accent};
        font-weight: bold;
    }}
    #card QLabel#masterLabel {{ font-size: 14pt; }}
    #card QLabel#masterLabel[muted="true"] {{ color: {t.accent}; font-weight: bold; }}
    /* A soundscape: its name on the left, lit in amber while it plays. */
    QPushButton#layer {{
        background: {t.surface}; border: 1px solid {t.hairline}; border-radius: 10px;
        padding: 0.35em 0.7em; font-size: 12pt; text-align: left;
    }}
    QPushButton#layer:hover {{ border-color: {t.secondary}; }}
    QPushButton#layer:checked {{ border-color: {t.accent}; color: {t.accent}; }}
    QPushButton#layer:disabled {{ color: {t.secondary}; }}
    QPushButton#layer:focus, QToolButton:focus {{ border-color: {t.accent}; }}
    /* Fields: the plan, its length, the saved mixes and a mix's name. */
    QComboBox, QSpinBox, QLineEdit {{
        background: {t.surface}; border: 1px solid {t.hairline}; border-radius: 8px;
        padding: 0.3em 0.6em; font-size: 11pt;
        selection-background-color: {t.accent}; selection-color: {t.background};
    }}
    QLineEdit {{ font-size: 12pt; }}
    /* The spin box's own line edit is part of the field, not a field inside it. */
    QSpinBox QLineEdit {{
        background: transparent; border: none; padding: 0; margin: 0; font-size: 11pt;
    }}
    QComboBox:hover, QSpinBox:hover, QLineEdit:hover {{ border-color: {t.secondary}; }}
    QComboBox:focus, QSpinBox:focus, QLineEdit:focus, QComboBox:on {{ border-color: {t.accent}; }}
    QComboBox:disabled, QSpinBox:disabled, QLineEdit:disabled {{ color: {t.secondary}; }}
    QComboBox#planChoice {{ min-width: 6em; }}  /* a long title elides; its tooltip has it */
    QComboBox {{ padding-right: 1.8em; }}
    QComboBox::drop-down {{
        subcontrol-origin: padding; subcontrol-position: center right; width: 1.8em;
        border: none;
    }}
    QComboBox::down-arrow {{ image: {down}; width: 0.8em; height: 0.8em; }}
    /* Its text is centred: a spin box's field takes no side padding from a style sheet. */
    QSpinBox {{ padding-right: 1.8em; min-width: 4em; qproperty-alignment: AlignCenter; }}
    QComboBox {{ min-height: 1.3em; }}  /* as tall as the spin box beside it */
    QSpinBox::up-button, QSpinBox::down-button {{
        subcontrol-origin: border; width: 1.8em; border: none; background: transparent;
    }}
    QSpinBox::up-button {{ subcontrol-position: top right; border-top-right-radius: 8px; }}
    QSpinBox::down-button {{ subcontrol-position: bottom right; border-bottom-right-radius: 8px; }}
    QSpinBox::up-button:hover, QSpinBox::down-button:hover {{ background: {t.hairline}; }}
    QSpinBox::up-arrow {{ image: {up}; width: 0.7em; height: 0.7em; }}
    QSpinBox::down-arrow {{ image: {down}; width: 0.7em; height: 0.7em; }}
    /* A control that cannot be used now offers no arrow to press. */
    QComboBox::down-arrow:disabled, QSpinBox::up-arrow:disabled,
    QSpinBox::down-arrow:disabled, QSpinBox::up-arrow:off, QSpinBox::down-arrow:off {{
        image: none;
    }}
    QComboBox QAbstractItemView {{
        background: {t.surface}; border: 1px solid {t.hairline}; outline: none; padding: 4px;
        selection-background-color: {t.hairline}; selection-color: {t.text};
    }}
    /* Lists that scroll: the sound list, and a long cue. */
    QScrollArea#soundList, QScrollArea#sideColumn {{ background: transparent; border: none; }}
    QWidget#sideColumnCards {{ background: {t.background}; }}
    QScrollBar:vertical {{ background: transparent; width: 12px; margin: 0; }}
    QScrollBar:horizontal {{ background: transparent; height: 12px; margin: 0; }}
    QScrollBar::handle {{ background: {t.secondary}; border-radius: 4px; margin: 2px; }}
    QScrollBar::handle:vertical {{ min-height: 2em; }}
    QScrollBar::handle:horizontal {{ min-width: 2em; }}
    QScrollBar::handle:hover {{ background: {t.text}; }}
    QScrollBar::add-line, QScrollBar::sub-line {{ width: 0; height: 0; border: none; }}
    QScrollBar::add-page, QScrollBar::sub-page {{ background: transparent; }}
    /* Menus (the plan's ⋯, "for:", +1 min's arrow): read in a dim room, as the buttons are. */
    QMenu {{
        background: {t.surface}; border: 1px solid {t.hairline}; padding: 4px; font-size: 12pt;
    }}
    QMenu::item {{ padding: 0.4em 1.2em 0.4em 0.8em; border-radius: 6px; }}
    QMenu::item:selected {{ background: {t.hairline}; }}
    QMenu::item:disabled {{ color: {t.secondary}; }}
    QMenu::separator {{ height: 1px; background: {t.hairline}; margin: 4px 6px; }}
    QStatusBar {{ color: {t.ready}; }}
    QToolTip {{ background: {t.surface}; color: {t.text}; border: 1px solid {t.hairline}; }}
    """
