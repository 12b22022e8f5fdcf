"""The cue card: what to do in this phase, how firmly, what to avoid, and where on the back.

The phase's name stands above it, and what comes next below it, in the session view."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.core.cues import cue_for
from app.core.plan import Phase
from app.ui.body_map import BodyMap
from app.ui.theme import Theme

CARD_MIN_CHARS = 40  # a step of the cue reads in two or three lines, not six
MIN_LINES = 2  # the least it may be squeezed to (it scrolls): a small screen can still hold it
# Of the card's width: the steps, the pressure and avoid notes, the body map.
STEPS_SHARE, NOTES_SHARE, MAP_SHARE = 5, 4, 3
# The words shrink to fit, in these steps, but never below just under the system's body size:
# any smaller and they no longer read at arm's length; past that the card scrolls instead.
SHRINK_STEP_PT = 0.5
FLOOR_SHARE = 0.9


class CueCard(QFrame):
    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setAccessibleName("Cue card")
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * CARD_MIN_CHARS)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.steps = self._label("cueSteps")
        self.pressure = self._label("cuePressure")
        self.avoid = self._label("cueAvoid")
        self.pressure_heading = self._heading("Pressure", "cueHeading")
        self.avoid_heading = self._heading("Avoid", "avoidHeading")
        self.body_map = BodyMap(theme)
        # The map fits the room the words leave it; it must never squeeze or lengthen them.
        self.body_map.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self._steps_text: tuple[str, ...] = ()
        self._focus = False
        self._base_pt: dict[QLabel, float] = {}  # each label's size as the theme sets it
        self._shown_pt: float | None = None  # the body text's size now, when fitted
        self._budget: int | None = None  # the most the card asks for, laid out under the ring
        # What the words need at this width, at the theme's sizes and at the least.
        self._heights = (0, 0)
        self._sizes: list[float] = []
        self._measured: tuple[object, ...] = ()  # the width and words last measured
        self._fitted_room: int | None = None  # the height last fitted into

        notes = self._notes = QVBoxLayout()
        notes.setContentsMargins(0, 0, 0, 0)
        notes.setSpacing(6)
        notes.addWidget(self.pressure_heading)
        notes.addWidget(self.pressure)
        notes.addSpacing(6)
        notes.addWidget(self.avoid_heading)
        notes.addWidget(self.avoid)
        notes.addStretch(1)
        self.words = QWidget()
        self.words.setObjectName("cueWords")
        row = self._words_layout = QHBoxLayout(self.words)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(18)
        row.addWidget(self.steps, STEPS_SHARE)
        row.addLayout(notes, NOTES_SHARE)

        # Words that still do not fit once shrunk scroll, with a scroll bar to say so; the map
        # stays beside them, in sight.
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("cueScroll")
        self.scroll_area.setWidget(self.words)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scroll_area.viewport().setAutoFillBackground(False)
        self.words.setAutoFillBackground(False)
        self.scroll_area.viewport().installEventFilter(self)

        layout = self._layout = QHBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(18)
        layout.addWidget(self.scroll_area, STEPS_SHARE + NOTES_SHARE)
        layout.addWidget(self.body_map, MAP_SHARE)

    # --- what it shows --------------------------------------------------------------------------

    def show_phase(self, phase: Phase) -> None:
        cue = cue_for(phase)
        avoid = "\n".join(cue.avoid)
        changed = (cue.steps, cue.pressure, avoid) != (
            self._steps_text,
            self.pressure.text(),
            self.avoid.text(),
        )
        self.body_map.show_area(phase.area if phase.kind.hands_on else None)
        if not changed:
            return  # shown again each second: nothing to lay out again
        self._steps_text = cue.steps
        self._show_steps()
        self.pressure.setText(cue.pressure)
        self.avoid.setText(avoid)
        self.scroll_area.verticalScrollBar().setValue(0)
        self._fit()

    def set_focus_mode(self, focus: bool) -> None:
        """In full screen only the first step and what to avoid stay, in larger type."""
        self._focus = focus
        self.setProperty("immersive", focus)
        for widget in (self.body_map, self.pressure, self.pressure_heading):
            widget.setVisible(not focus)
        self._show_steps()
        self.style().unpolish(self)
        self.style().polish(self)
        self._base_pt.clear()  # the theme sizes the words anew for full screen
        self._measured = ()
        for label in self.findChildren(QLabel):
            label.setStyleSheet("")
            self.style().unpolish(label)
            self.style().polish(label)
        self._fit()

    # --- fitting the words ----------------------------------------------------------------------

    @property
    def text_pt(self) -> float | None:
        """The body text's size in points as shown, after any shrinking to fit."""
        return self._shown_pt

    @property
    def floor_pt(self) -> float:
        """The least size the words may take: just under the system's body text."""
        return QApplication.font().pointSizeF() * FLOOR_SHARE

    def set_height_budget(self, height: int | None) -> None:
        """Beneath the ring, the card asks for no more than `height`, unless its words need more
        at their least size; None, and it asks for what they need at full size."""
        if height != self._budget:
            self._budget = height
            self.updateGeometry()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        margins = self.contentsMargins() + self._layout.contentsMargins()
        full, least = (h + margins.top() + margins.bottom() for h in self._heights)
        # Beneath the ring the card takes its share whatever the phase's words, so the ring
        # keeps its size from phase to phase; the words shrink, then scroll, inside it.
        height = full if self._budget is None else max(least, self._budget)
        return QSize(self.minimumWidth(), max(height, self.minimumSizeHint().height()))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        margins = self.contentsMargins() + self._layout.contentsMargins()
        lines = self.fontMetrics().height() * MIN_LINES
        return QSize(self.minimumWidth(), lines + margins.top() + margins.bottom())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.scroll_area.viewport() and event.type() == QEvent.Type.Resize:
            self._fit()
        return super().eventFilter(watched, event)

    def _fit(self) -> None:
        """The largest type, down to the floor, at which every word shows without scrolling."""
        width = self.scroll_area.width()  # as if no scroll bar were needed
        room = self.scroll_area.height()
        if width <= 0 or room <= 0 or not self._steps_text:
            return
        measured = (width, self._focus, self._steps_text, self.avoid.text())
        if measured != self._measured:
            self._measured, self._fitted_room = measured, None
            self._sizes = self._candidate_sizes()
            heights = (
                self._height_at(self._sizes[0], width),
                self._height_at(self._sizes[-1], width),
            )
            if heights != self._heights:
                self._heights = heights
                self.updateGeometry()
        if room == self._fitted_room:
            return
        self._fitted_room = room
        # The sizes run from largest to smallest: find the first that fits.
        low, high = 0, len(self._sizes) - 1
        if self._heights[0] <= room:
            high = 0
        while low < high:
            middle = (low + high) // 2
            if self._height_at(self._sizes[middle], width) <= room:
                high = middle
            else:
                low = middle + 1
        if self._shown_pt != self._sizes[high]:
            self._height_at(self._sizes[high], width)

    def _candidate_sizes(self) -> list[float]:
        """The body text's sizes to try, from the theme's down to the floor, largest first."""
        base = self._theme_sizes()
        sizes = [max(base[self.steps], base[self.avoid])]
        while sizes[-1] - SHRINK_STEP_PT >= self.floor_pt:
            sizes.append(sizes[-1] - SHRINK_STEP_PT)
        return sizes

    def _height_at(self, pt: float, width: int) -> int:
        """Set every label to `pt` for body text (headings in proportion) and measure the words."""
        base = self._theme_sizes()
        full = max(base[self.steps], base[self.avoid])
        for label, label_pt in base.items():
            size = max(self.floor_pt, label_pt * pt / full)
            label.setStyleSheet(f"font-size: {size:.2f}pt;")
        self._shown_pt = pt
        # A label's new size reaches its own layout at once, but not a layout nested in it.
        self._notes.invalidate()
        self._words_layout.invalidate()
        return self._words_layout.totalHeightForWidth(width)

    def _theme_sizes(self) -> dict[QLabel, float]:
        if not self._base_pt:
            for label in (
                self.steps,
                self.pressure,
                self.avoid,
                self.pressure_heading,
                self.avoid_heading,
            ):
                label.setStyleSheet("")
                label.ensurePolished()
                self._base_pt[label] = label.font().pointSizeF()
            self._shown_pt = None
        return self._base_pt

    # --- building -------------------------------------------------------------------------------

    def _show_steps(self) -> None:
        steps = self._steps_text[:1] if self._focus else self._steps_text
        self.steps.setText(
            "".join(
                f"<p style='margin-bottom:6px'>{n}.&nbsp; {html.escape(step)}</p>"
                for n, step in enumerate(steps, 1)
            )
        )

    def _label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return label

    def _heading(self, text: str, name: str) -> QLabel:
        heading = QLabel(text.upper(), self)
        heading.setObjectName(name)
        return heading
