"""The calm, low-glare look: a dark palette for a dimmed room, and a light one that mirrors it."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication


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


def apply_theme(app: QApplication, theme: Theme) -> None:
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
    app.setStyle("Fusion")  # draws every control from the palette, the same on every desktop
    app.setPalette(palette)
    app.setStyleSheet(_style_sheet(theme))


def _style_sheet(t: Theme) -> str:
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
    #panelHeading {{ font-size: 14pt; font-weight: bold; }}
    #card QCheckBox {{ font-size: 12pt; spacing: 10px; padding: 4px 0; }}
    #banner {{ background: {t.hairline}; border-radius: 12px; }}
    #bannerText {{ font-size: 14pt; }}
    QToolButton#chip {{ padding: 0.2em 0.7em; font-size: 10pt; border-radius: 12px; }}
    QToolButton#chip:checked {{ background: {t.accent}; color: {t.background}; }}
    QToolButton#toggle {{ padding: 0.3em 0.8em; font-size: 10pt; }}
    QToolButton#toggle:checked {{ border-color: {t.accent}; }}
    QToolButton#layer {{ padding: 0.35em 0.7em; text-align: left; }}
    QToolButton#layer:checked {{ border-color: {t.accent}; color: {t.accent}; }}
    QToolButton {{
        background: {t.surface}; border: 1px solid {t.hairline}; border-radius: 10px;
        padding: 0.45em 0.8em; font-size: 12pt;
    }}
    QToolButton:hover {{ border-color: {t.secondary}; }}
    QToolButton:disabled {{ color: {t.hairline}; }}
    QToolButton#primary {{
        background: {t.accent}; color: {t.background}; border: none; font-weight: bold;
        padding: 0.45em 1.5em;
    }}
    QToolButton#primary:disabled {{ background: {t.hairline}; color: {t.secondary}; }}
    QComboBox {{
        background: {t.surface}; border: 1px solid {t.hairline}; border-radius: 6px;
        padding: 0.3em 0.8em; font-size: 11pt;
    }}
    QComboBox#planChoice {{ min-width: 14em; }}
    QSpinBox {{ font-size: 11pt; padding: 0.25em 0.4em; min-width: 5em; }}
    QSpinBox::up-button, QSpinBox::down-button {{ width: 1.4em; }}
    QComboBox:focus, QSpinBox:focus {{ border-color: {t.accent}; }}
    QComboBox QAbstractItemView {{
        background: {t.surface}; selection-background-color: {t.hairline};
        selection-color: {t.text};
    }}
    QStatusBar {{ color: {t.ready}; }}
    QToolTip {{ background: {t.surface}; color: {t.text}; border: 1px solid {t.hairline}; }}
    """
