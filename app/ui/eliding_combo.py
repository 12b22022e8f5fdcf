"""A combo box whose chosen text is elided ("Classic b… (mine)") when the box is too narrow, never
cut short; and text cut short, ending in "…", for a menu."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox, QStylePainter, QWidget

MIN_NAME_CHARS = 4  # a name's start, shown before its bracket: fewer and the bracket goes


class ElidingComboBox(QComboBox):
    """Drawn as QComboBox draws itself, with the text elided to the room its style leaves."""

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QStylePainter(self)
        option = self._option()
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        option.currentText = self.shown()
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)

    def shown(self) -> str:
        """The chosen text as drawn: whole, or its start with "…", and a last bracket kept
        whole: names of one's own often differ only there ("Classic b… (mine)")."""
        width = (
            self.style()
            .subControlRect(
                QStyle.ComplexControl.CC_ComboBox,
                self._option(),
                QStyle.SubControl.SC_ComboBoxEditField,
                self,
            )
            .width()
        )
        text, metrics = self.currentText(), self.fontMetrics()
        if metrics.horizontalAdvance(text) <= width:
            return text
        name, bracket, last = text.rpartition(" (")
        kept = bracket + last if name and last.endswith(")") else ""
        room = width - metrics.horizontalAdvance(kept)
        if kept and room >= metrics.horizontalAdvance(name[:MIN_NAME_CHARS] + "…"):
            return metrics.elidedText(name, Qt.TextElideMode.ElideRight, room) + kept
        return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)

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
