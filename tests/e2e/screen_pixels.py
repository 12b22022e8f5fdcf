"""Facts read from a screenshot's pixels: how much of it is near a colour, and where."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from PySide6.QtGui import QColor, QImage

TOLERANCE = 24  # per channel: antialiased edges and the theme's shading still count


def rgb(image: QImage) -> NDArray[np.uint8]:
    """The image as (height, width, 3) red, green, blue: a copy, not a view of Qt's memory."""
    converted = image.convertToFormat(QImage.Format.Format_RGB888)
    rows = np.frombuffer(converted.constBits(), np.uint8).reshape(
        converted.height(), converted.bytesPerLine()
    )
    # The copy must be made while `converted` (which owns the pixels) is alive.
    return rows[:, : converted.width() * 3].reshape(converted.height(), converted.width(), 3).copy()


def near(image: QImage, colour: str, tolerance: int = TOLERANCE) -> NDArray[np.bool_]:
    """Which pixels are within `tolerance` of `colour` on every channel, (height, width)."""
    target = np.array(QColor(colour).getRgb()[:3], dtype=np.int16)
    return np.all(np.abs(rgb(image).astype(np.int16) - target) <= tolerance, axis=2)


def share_near(image: QImage, colour: str, tolerance: int = TOLERANCE) -> float:
    """The fraction of the image within `tolerance` of `colour`."""
    return float(np.mean(near(image, colour, tolerance)))


def extent(mask: NDArray[np.bool_]) -> tuple[int, int, int, int]:
    """The bounding box (left, top, width, height) of the True pixels; zeros if there are none."""
    rows, columns = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    if not len(rows):
        return 0, 0, 0, 0
    left, top = int(columns[0]), int(rows[0])
    return left, top, int(columns[-1]) - left + 1, int(rows[-1]) - top + 1
