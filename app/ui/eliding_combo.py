"""A combo box whose chosen text ends in "…" when the box is too narrow, never cut short."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox, QStylePainter


class ElidingComboBox(QComboBox):
    """Drawn as QComboBox draws itself, with the text elided to the room its style leaves."""

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QStylePainter(self)
        option = self._option()
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        option.currentText = self.shown()
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)

    def shown(self) -> str:
        """The chosen text as drawn: whole, or as much as fits and then "…"."""
        field = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox,
            self._option(),
            QStyle.SubControl.SC_ComboBoxEditField,
            self,
        )
        return self.fontMetrics().elidedText(
            self.currentText(), Qt.TextElideMode.ElideRight, field.width()
        )

    def is_elided(self) -> bool:
        """Whether the chosen text shows only in part (its tooltip should then hold it)."""
        return self.shown() != self.currentText()

    def _option(self) -> QStyleOptionComboBox:
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        return option
