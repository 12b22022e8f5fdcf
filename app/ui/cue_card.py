"""The cue card: what to do in this phase, how firmly, what to avoid, the giver's own note, where
this person asked to go easy, and where on the back (and on which side, in a phase worked one
side at a time).

The phase's name stands above it, and what comes next below it, in the session view."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

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

from app.core.cues import Cue, cue_for
from app.core.people import Person
from app.core.plan import MAX_NOTE_CHARS, Phase, Position, Side
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
# Going easy and the side worked are the accent's amber, as the theme sets it (the map lights
# the side in it too); red is only for what to avoid.
ACCENT_LOOK = "color: palette(link); font-weight: bold;"
SWITCH_WORDS = "Switch sides"
UNBOUNDED = (1 << 24) - 1  # Qt's QWIDGETSIZE_MAX, which PySide does not export
SIDE_WORDS = (SWITCH_WORDS, *(side.label.capitalize() for side in Side))
NOTE_LEAD = "Your note:"  # the giver's own words, in italics, set apart from the app's
# A word longer than this in a note may break anywhere: it must wrap, never widen the card.
NOTE_WORD_CHARS = 20


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
        self.go_easy = self._label("cueGoEasy")
        # The person's name is shown as it was typed, never read as markup.
        self.pressure.setTextFormat(Qt.TextFormat.PlainText)
        self.pressure_heading = self._heading("Pressure", "cueHeading")
        self.avoid_heading = self._heading("Avoid", "avoidHeading")
        self.go_easy_heading = self._heading("Go easy", "goEasyHeading")
        # Across the whole width, led by its words rather than beside a heading: a note of
        # the longest takes fewer lines so, and a narrow card has room for it.
        self.note = self._label("cueNote")
        for label in (self.go_easy_heading, self.go_easy, self.note):
            label.setContentsMargins(0, 6, 0, 0)  # a little apart from the words above
            label.hide()  # until a phase has a note, or touches an area to go easy on
        # Above the map, out of the words' way: which side, in a phase worked side by side.
        self.side = QLabel(self)
        self.side.setObjectName("cueSide")
        self.side.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.side.hide()
        # What a label's style keeps, whatever size the words are fitted to.
        self._looks = {self.go_easy_heading: ACCENT_LOOK, self.side: ACCENT_LOOK}
        for label, look in self._looks.items():
            label.setStyleSheet(look)
        self.body_map = BodyMap(theme)
        # The map fits the room the words leave it; it must never squeeze or lengthen them.
        self.body_map.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self._cue: Cue | None = None
        self._note = ""
        self._side_shown: tuple[Side | None, bool] = (None, False)
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
        row = self._row = QHBoxLayout()
        row.setSpacing(18)
        row.addWidget(self.steps, STEPS_SHARE)
        row.addLayout(notes, NOTES_SHARE)
        self.words = QWidget()
        self.words.setObjectName("cueWords")
        words = self._words_layout = QVBoxLayout(self.words)
        words.setContentsMargins(0, 0, 0, 0)
        words.setSpacing(6)
        words.addLayout(row)
        # Beneath both columns, the heading beside the notes across the rest of the width: a few
        # notes take a line or two, not a column's worth, and however many there are, they never
        # push the Avoid text out of sight.
        go_easy = self._go_easy_row = QHBoxLayout()
        go_easy.setSpacing(12)
        go_easy.addWidget(self.go_easy_heading, 0, Qt.AlignmentFlag.AlignTop)
        go_easy.addWidget(self.go_easy, 1)
        words.addWidget(self.note)  # about the phase: before what is about the person
        words.addLayout(go_easy)
        words.addStretch(1)

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

        map_column = QVBoxLayout()
        map_column.setContentsMargins(0, 0, 0, 0)
        map_column.setSpacing(6)
        map_column.addWidget(self.side)
        map_column.addWidget(self.body_map, 1)
        layout = self._layout = QHBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(18)
        layout.addWidget(self.scroll_area, STEPS_SHARE + NOTES_SHARE)
        layout.addLayout(map_column, MAP_SHARE)

    # --- what it shows --------------------------------------------------------------------------

    def show_phase(self, phase: Phase, position: Position, person: Person | None = None) -> None:
        """The phase's cue in the words for `position`, fitted to the person it is for."""
        cue = cue_for(phase, position, person)
        self.body_map.show_area(phase.area if phase.kind.hands_on else None)
        go_easy = person.go_easy if person is not None else ()
        self.body_map.show_go_easy(frozenset(easy.area for easy in go_easy))
        if (cue, phase.note) == (self._cue, self._note):
            return  # shown again each second: nothing to lay out again
        self._cue, self._note = cue, phase.note
        self._show_steps()
        self.pressure.setText(cue.pressure)
        self.avoid.setText("\n".join(cue.avoid))
        self.go_easy.setText(_paragraphs(cue.go_easy))
        for widget in (self.go_easy_heading, self.go_easy):
            widget.setVisible(bool(cue.go_easy))
        self.note.setText(_note(phase.note))
        self.note.setVisible(bool(phase.note))
        self.scroll_area.verticalScrollBar().setValue(0)
        self._fit()

    def show_side(self, side: Side | None, *, switching: bool = False) -> None:
        """The side worked, in a phase worked one side at a time (None in any other), and
        whether the giver is moving round to it just now. Asked each second: only a change is
        shown, and the words are measured only when they appear."""
        if (side, switching) == self._side_shown:
            return
        appearing = side is not None and self._side_shown[0] is None
        self._side_shown = (side, switching)
        self.body_map.show_side(side)
        self.side.setVisible(side is not None)
        if side is not None:
            self.side.setText(SWITCH_WORDS if switching else side.label.capitalize())
        if appearing:
            self._fit_side()

    def set_focus_mode(self, focus: bool) -> None:
        """In full screen only the first step and what to avoid stay, in larger type."""
        self._focus = focus
        self.setProperty("immersive", focus)
        for widget in (self.body_map, self.pressure, self.pressure_heading):
            widget.setVisible(not focus)
        self._show_steps()
        # The map hides: the side's words, if any, keep only the width they need beside the cue.
        self._layout.setStretch(1, 0 if focus else MAP_SHARE)
        self.style().unpolish(self)
        self.style().polish(self)
        self._base_pt.clear()  # the theme sizes the words anew for full screen
        self._measured = ()
        for label in self.findChildren(QLabel):
            label.setStyleSheet(self._looks.get(label, ""))
            self.style().unpolish(label)
            self.style().polish(label)
        self._fit_side()
        self._fit()

    # --- fitting the words ----------------------------------------------------------------------

    def _fit_side(self) -> None:
        """The side's words as wide as the widest they may be, in the type they have now, so
        that nothing beside them moves as they change."""
        shown, widths = self.side.text(), []
        self.side.setMinimumWidth(0)  # measured free: a fixed width is part of its size hint
        self.side.setMaximumWidth(UNBOUNDED)
        for words in SIDE_WORDS:
            self.side.setText(words)
            widths.append(self.side.sizeHint().width())
        self.side.setText(shown)
        self.side.setFixedWidth(max(widths))

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
        if width <= 0 or room <= 0 or self._cue is None:
            return
        measured = (width, self._focus, self._cue, self._note)
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
        # Where the words fit, no scroll bar: one left over from longer words would narrow them,
        # and they would wrap onto more lines and keep it there.
        fits = self._heights[1] <= room
        self.scroll_area.setVerticalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff if fits else Qt.ScrollBarPolicy.ScrollBarAsNeeded
        )

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
            label.setStyleSheet(f"{self._looks.get(label, '')} font-size: {size:.2f}pt;")
        self._shown_pt = pt
        # A label's new size reaches its own layout at once, but not a layout nested in it.
        for layout in (self._notes, self._row, self._go_easy_row, self._words_layout):
            layout.invalidate()
        return self._words_layout.totalHeightForWidth(width)

    def _theme_sizes(self) -> dict[QLabel, float]:
        if not self._base_pt:
            for label in (
                self.steps,
                self.pressure,
                self.avoid,
                self.go_easy,
                self.note,
                self.pressure_heading,
                self.avoid_heading,
            ):
                label.setStyleSheet(self._looks.get(label, ""))
                label.ensurePolished()
                self._base_pt[label] = label.font().pointSizeF()
            # The theme has no size for it: it is a heading beside Avoid's, and sized alike.
            self._base_pt[self.go_easy_heading] = self._base_pt[self.avoid_heading]
            self._shown_pt = None
        return self._base_pt

    # --- building -------------------------------------------------------------------------------

    def _show_steps(self) -> None:
        if self._cue is None:
            return
        steps = self._cue.steps[:1] if self._focus else self._cue.steps
        self.steps.setText(_paragraphs(f"{n}.\u00a0 {step}" for n, step in enumerate(steps, 1)))

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


def _note(note: str) -> str:
    """The giver's note as they typed it (never read as markup), after its lead words; cut at
    the most a note holds, and with a break allowed inside any word too long for a line."""
    if len(note) > MAX_NOTE_CHARS:
        cut = note[: MAX_NOTE_CHARS - 1]
        word_end = cut.rfind(" ", len(cut) - NOTE_WORD_CHARS)  # at a word's end, if near
        note = cut[: word_end if word_end > 0 else len(cut)].rstrip() + "…"
    wrappable = re.sub(rf"(\S{{{NOTE_WORD_CHARS}}})(?=\S)", "\\1\u200b", note)
    return f"<b>{NOTE_LEAD}</b>&nbsp; <i>{html.escape(wrappable)}</i>"


def _paragraphs(texts: Iterable[str]) -> str:
    """Each text a paragraph, set a little apart from the next; the words are never markup."""
    return "".join(f"<p style='margin-bottom:6px'>{html.escape(text)}</p>" for text in texts)
