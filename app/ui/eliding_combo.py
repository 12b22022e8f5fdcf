"""A combo box whose chosen text is elided ("Classic…(mine)") when the box is too narrow, never
cut short; and text cut short, ending in "…", for a menu."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox, QStylePainter, QWidget


class ElidingComboBox(QComboBox):
    """Drawn as QComboBox draws itself, with the text elided to the room its style leaves."""

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QStylePainter(self)
        option = self._option()
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        option.currentText = self.shown()
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)

    def shown(self) -> str:
        """The chosen text as drawn: whole, or its start and end with "…" between."""
        field = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox,
            self._option(),
            QStyle.SubControl.SC_ComboBoxEditField,
            self,
        )
        # In the middle: names of one's own often differ only at their end ("… (mine)").
        return self.fontMetrics().elidedText(
            self.currentText(), Qt.TextElideMode.ElideMiddle, field.width()
        )

    def is_elided(self) -> bool:
        """Whether the chosen text shows only in part (its tooltip should then hold it)."""
        return self.shown() != self.currentText()

    def _option(self) -> QStyleOptionComboBox:
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        return option


def elided(widget: QWidget, text: str, chars: int) -> str:
    """`text` cut to about `chars` average characters of `widget`'s type, ending in "…", with
    any "&" doubled so that a menu or a button shows it as it is."""
    widget.ensurePolished()  # the style sheet's type size
    metrics = widget.fontMetrics()
    width = metrics.averageCharWidth() * chars
    return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width).replace("&", "&&")
