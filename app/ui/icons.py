"""Our SVG icons, drawn in the theme's colours: one ink colour in each file is replaced."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QIcon, QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

INK = "#e8e3d9"  # the colour the SVG files are drawn in, replaced by the theme's
ICON_PX = 48  # rendered once at this size; Qt scales it down crisply for the buttons


class Icons:
    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._drawn: dict[tuple[str, str], QIcon] = {}

    def get(self, name: str, colour: str) -> QIcon:
        key = (name, colour)
        if key not in self._drawn:
            svg = (self._folder / f"{name}.svg").read_text(encoding="utf-8")
            renderer = QSvgRenderer(QByteArray(svg.replace(INK, colour).encode()))
            image = QImage(ICON_PX, ICON_PX, QImage.Format.Format_ARGB32_Premultiplied)
            image.fill(Qt.GlobalColor.transparent)
            painter = QPainter(image)
            renderer.render(painter)
            painter.end()
            self._drawn[key] = QIcon(QPixmap.fromImage(image))
        return self._drawn[key]
