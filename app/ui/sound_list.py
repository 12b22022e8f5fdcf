"""The ambience panel's soundscapes: one row each, in a list that scrolls rather than grows."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGridLayout,
    QScrollArea,
    QSlider,
    QVBoxLayout,
    QWidget,
)

SHORTEST_ROWS = 2.5  # squeezed, the list still shows two sounds and part of a third


class SoundList(QScrollArea):
    """Rows of a toggle and its volume. However many sounds there are, the list asks the panel
    for no more than a few rows' height, so it never makes the panel or the window taller; the
    rest scroll. The wheel scrolls the list even over a slider, unless that slider has the
    keyboard (reached with Tab)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("soundList")
        self.setAccessibleName("Soundscapes")
        self._rows = QWidget()
        self._rows.setObjectName("soundRows")
        self._grid = QGridLayout()
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setColumnStretch(0, 1)  # the names take what the sliders leave
        column = QVBoxLayout(self._rows)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(self._grid)
        column.addStretch(1)  # a few sounds sit at the top
        self.setWidget(self._rows)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.viewport().setAutoFillBackground(False)
        self._rows.setAutoFillBackground(False)

    def set_rows(self, rows: Sequence[tuple[QWidget, QSlider]]) -> None:
        """Shows these rows in place of the ones before, which are deleted."""
        while (item := self._grid.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.deleteLater()
        for row, (toggle, slider) in enumerate(rows):
            slider.installEventFilter(self)
            self._grid.addWidget(toggle, row, 0)
            self._grid.addWidget(slider, row, 1)
        # Measured row by row: rows added to a list on screen show only later, and until then
        # the layout leaves them out of its own measure.
        self._rows.ensurePolished()  # the rows' type, from the style sheet, sets their height
        tallest = max(
            (max(t.sizeHint().height(), s.sizeHint().height()) for t, s in rows), default=0
        )
        row_height = tallest + max(self._grid.verticalSpacing(), 0)
        self.setMinimumHeight(round(min(len(rows), SHORTEST_ROWS) * row_height))
        self.updateGeometry()

    def reveal(self, row: QWidget) -> None:
        """Scrolls to `row` (a sound just added, perhaps far below) once the rows are laid out."""
        QTimer.singleShot(0, row, lambda: self.ensureWidgetVisible(row))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if (
            event.type() == QEvent.Type.Wheel
            and isinstance(watched, QSlider)
            and not watched.hasFocus()
        ):
            QApplication.sendEvent(self.verticalScrollBar(), event)
            return True
        return super().eventFilter(watched, event)
