"""The cue card: what to do in this phase, how firmly, what to avoid, the giver's own note, where
this person asked to go easy, and where on the back (and on which side, in a phase worked one
side at a time).

The phase's name stands above it, and what comes next below it, in the session view."""

from __future__ import annotations

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
from app.core.plan import Phase, Position, Side
from app.ui.body_map import BodyMap
from app.ui.cue_words import ACCENT_LOOK, NOTES_SHARE, STEPS_SHARE, CueWords, look
from app.ui.theme import Theme
from app.ui.timers import single_shot

CARD_MIN_CHARS = 40  # a step of the cue reads in two or three lines, not six
MIN_LINES = 2  # the least it may be squeezed to (it scrolls): a small screen can still hold it
# Of the card's width: the words (their steps and their notes), the body map.
MAP_SHARE = 3
# The words shrink to fit, in these steps, but never below just under the system's body size:
# any smaller and they no longer read at arm's length; past that the card scrolls instead.
SHRINK_STEP_PT = 0.5
FLOOR_SHARE = 0.9
# The words of the phase to come are tried one size a frame while the window is idle.
AHEAD_MS = 16
KNOWN_WORDS = 3  # the words shown, those foreseen, and those before: heights kept for these
SWITCH_WORDS = "Switch sides"
UNBOUNDED = (1 << 24) - 1  # Qt's QWIDGETSIZE_MAX, which PySide does not export
SIDE_WORDS = (SWITCH_WORDS, *(side.label.capitalize() for side in Side))
Measured = tuple[int, bool, Cue, str]  # the width, full screen or not, the cue and the note


class CueCard(QFrame):
    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setAccessibleName("Cue card")
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * CARD_MIN_CHARS)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.words = CueWords(self)
        # The same words again, never shown: the type is tried on it size by size, ahead of a
        # change where it can be, so the card itself takes only the size chosen.
        self._ruler = CueWords(self)
        self._ruler.hide()
        words = self.words
        self.steps, self.pressure, self.avoid, self.go_easy = (
            words.steps,
            words.pressure,
            words.avoid,
            words.go_easy,
        )
        self.pressure_heading, self.avoid_heading = words.pressure_heading, words.avoid_heading
        self.go_easy_heading, self.note = words.go_easy_heading, words.note
        # Above the map, out of the words' way: which side, in a phase worked side by side.
        self.side = QLabel(self)
        self.side.setObjectName("cueSide")
        self.side.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.side.hide()
        self.side.setStyleSheet(ACCENT_LOOK)
        self.body_map = BodyMap(theme)
        # The map fits the room the words leave it; it must never squeeze or lengthen them.
        self.body_map.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self._cue: Cue | None = None
        self._note = ""
        self._side_shown: tuple[Side | None, bool] = (None, False)
        self._focus = False
        self._base_pt: dict[str, float] = {}  # each label's size as the theme sets it, by name
        self._shown_pt: float | None = None  # the body text's size now, when fitted
        self._budget: int | None = None  # the most the card asks for, laid out under the ring
        # What the words need at this width, at the theme's sizes and at the least.
        self._heights = (0, 0)
        self._sizes: list[float] = []
        self._measured: Measured | None = None  # the width and words last measured
        self._fitted_room: int | None = None  # the height last fitted into
        # The words' heights at each size tried, for the words shown and those foreseen.
        self._known: dict[Measured, dict[float, int]] = {}
        self._foreseen: tuple[Cue, str] | None = None
        self._refit = single_shot(self, self._fit_now)  # one fit for the resizes before a frame
        self._ahead = single_shot(self, self._measure_ahead, AHEAD_MS)

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
        self.words.setAutoFillBackground(False)  # setWidget turned it on
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
        self.words.show_words(cue, phase.note, self._focus)
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

    def foresee(self, phase: Phase | None, position: Position, person: Person | None) -> None:
        """The phase that comes next (None: none does). Its words are tried at each size ahead
        of the change, one size a frame, so the change itself only shows them."""
        self._foreseen = None if phase is None else (cue_for(phase, position, person), phase.note)
        if self._foreseen is not None:
            self._ahead.start()

    def set_focus_mode(self, focus: bool) -> None:
        """In full screen only the first step and what to avoid stay, in larger type."""
        self._focus = focus
        self.setProperty("immersive", focus)
        self.body_map.setVisible(not focus)
        self.words.show_words(self._cue, self._note, focus)
        # The map hides: the side's words, if any, keep only the width they need beside the cue.
        self._layout.setStretch(1, 0 if focus else MAP_SHARE)
        self.style().unpolish(self)
        self.style().polish(self)
        # The theme sizes the words anew for full screen.
        self._base_pt.clear()
        self._known.clear()
        self._shown_pt = None
        self._measured = None
        for label in self.findChildren(QLabel):
            label.setStyleSheet(look(label))
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
            if self._foreseen is not None:  # at a new width, or the first: tried again
                self._ahead.start()
        return super().eventFilter(watched, event)

    def _fit(self) -> None:
        """The words fitted to the card: at once once it is on screen. Before the window's first
        frame its layout resizes the card again and again (five fits, 31 ms of the start), so
        there it is fitted once, as the event loop turns (still before the frame is drawn)."""
        handle = self.window().windowHandle()
        if handle is None or not handle.isExposed():
            self._refit.start()
        else:
            self._fit_now()

    def _fit_now(self) -> None:
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
                self._height_of(measured, self._sizes[0]),
                self._height_of(measured, self._sizes[-1]),
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
            if self._height_of(measured, self._sizes[middle]) <= room:
                high = middle
            else:
                low = middle + 1
        if self._shown_pt != self._sizes[high]:
            self._shown_pt = self._sizes[high]
            self.words.size_type(self._type_at(self._shown_pt))
        # Where the words fit, no scroll bar: one left over from longer words would narrow them,
        # and they would wrap onto more lines and keep it there.
        fits = self._heights[1] <= room
        self.scroll_area.setVerticalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff if fits else Qt.ScrollBarPolicy.ScrollBarAsNeeded
        )

    def _candidate_sizes(self) -> list[float]:
        """The body text's sizes to try, from the theme's down to the floor, largest first."""
        base = self._theme_sizes()
        sizes = [max(base["cueSteps"], base["cueAvoid"])]
        while sizes[-1] - SHRINK_STEP_PT >= self.floor_pt:
            sizes.append(sizes[-1] - SHRINK_STEP_PT)
        return sizes

    def _type_at(self, pt: float) -> dict[str, float]:
        """Each label's size (by name) when body text is `pt`: headings in proportion."""
        base = self._theme_sizes()
        full = max(base["cueSteps"], base["cueAvoid"])
        return {name: max(self.floor_pt, label_pt * pt / full) for name, label_pt in base.items()}

    def _height_of(self, measured: Measured, pt: float) -> int:
        """The height the words `measured` (width, full screen, cue, note) take at `pt`: tried
        on the ruler once, then known."""
        known = self._known.get(measured)
        if known is None:
            known = self._known[measured] = {}
            while len(self._known) > KNOWN_WORDS:
                del self._known[next(iter(self._known))]  # the oldest
        if pt not in known:
            width, focus, cue, note = measured
            self._ruler.show_words(cue, note, focus)
            self._ruler.size_type(self._type_at(pt))
            known[pt] = self._ruler.height_for(width)
        return known[pt]

    @property
    def measured_ahead(self) -> bool:
        """Whether the foreseen words, if any, are known at every size at this width."""
        return not self._unknown_ahead()

    def _unknown_ahead(self) -> list[float]:
        """The sizes at which the foreseen words are still to be tried at this width."""
        width = self.scroll_area.width()
        if self._foreseen is None or width <= 0:
            return []
        known = self._known.get((width, self._focus, *self._foreseen), {})
        return [pt for pt in self._candidate_sizes() if pt not in known]

    def _measure_ahead(self) -> None:
        """One more size of the foreseen words, and the next a frame later, until all are known."""
        unknown = self._unknown_ahead()
        if unknown and self._foreseen is not None:
            self._height_of((self.scroll_area.width(), self._focus, *self._foreseen), unknown[0])
        if len(unknown) > 1:
            self._ahead.start()

    def _theme_sizes(self) -> dict[str, float]:
        if not self._base_pt:
            self._base_pt = self._ruler.theme_sizes()
        return self._base_pt
