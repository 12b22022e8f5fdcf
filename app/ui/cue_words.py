"""The cue's words on the card: the steps beside the pressure and what to avoid, the giver's
note and where this person asked to go easy, laid out as the card shows them; and the same
words again, never shown, that the card tries type sizes on (its ruler)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.core.cues import Cue
from app.core.plan import MAX_NOTE_CHARS

# Of the words' width: the steps, then the pressure and avoid notes.
STEPS_SHARE, NOTES_SHARE = 5, 4
# Going easy and the side worked are the accent's amber, as the theme sets it (the map lights
# the side in it too); red is only for what to avoid.
ACCENT_LOOK = "color: palette(link); font-weight: bold;"
ACCENT_NAMES = ("goEasyHeading", "cueSide")
NOTE_LEAD = "Your note:"  # the giver's own words, in italics, set apart from the app's
# A word longer than this in a note may break anywhere: it must wrap, never widen the card.
NOTE_WORD_CHARS = 20


class CueWords(QWidget):
    """The cue's words: the steps beside the pressure and what to avoid, then the giver's note
    and where to go easy. The card shows one; another, never shown, is its ruler."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("cueWords")
        self.steps = self._label("cueSteps")
        self.pressure = self._label("cuePressure")
        self.avoid = self._label("cueAvoid")
        self.go_easy = self._label("cueGoEasy")
        # The person's name is shown as it was typed, never read as markup.
        self.pressure.setTextFormat(Qt.TextFormat.PlainText)
        self.pressure_heading = self._heading("Pressure", "cueHeading")
        self.avoid_heading = self._heading("Avoid", "avoidHeading")
        self.go_easy_heading = self._heading("Go easy", "goEasyHeading")
        self.go_easy_heading.setStyleSheet(ACCENT_LOOK)
        # Across the whole width, led by its words rather than beside a heading: a note of
        # the longest takes fewer lines so, and a narrow card has room for it.
        self.note = self._label("cueNote")
        for label in (self.go_easy_heading, self.go_easy, self.note):
            label.setContentsMargins(0, 6, 0, 0)  # a little apart from the words above
            label.hide()  # until a phase has a note, or touches an area to go easy on
        self._holds: tuple[Cue | None, str, bool] = (None, "", False)
        self._sizes: dict[str, float] = {}  # each label's size by name, as last given
        self._styled: dict[QLabel, float] = {}  # the size each label has been styled at

        notes = QVBoxLayout()
        notes.setContentsMargins(0, 0, 0, 0)
        notes.setSpacing(6)
        notes.addWidget(self.pressure_heading)
        notes.addWidget(self.pressure)
        notes.addSpacing(6)
        notes.addWidget(self.avoid_heading)
        notes.addWidget(self.avoid)
        notes.addStretch(1)
        row = QHBoxLayout()
        row.setSpacing(18)
        row.addWidget(self.steps, STEPS_SHARE)
        row.addLayout(notes, NOTES_SHARE)
        words = self._layout = QVBoxLayout(self)
        words.setContentsMargins(0, 0, 0, 0)
        words.setSpacing(6)
        words.addLayout(row)
        # Beneath both columns, the heading beside the notes across the rest of the width: a few
        # notes take a line or two, not a column's worth, and however many there are, they never
        # push the Avoid text out of sight.
        go_easy = QHBoxLayout()
        go_easy.setSpacing(12)
        go_easy.addWidget(self.go_easy_heading, 0, Qt.AlignmentFlag.AlignTop)
        go_easy.addWidget(self.go_easy, 1)
        words.addWidget(self.note)  # about the phase: before what is about the person
        words.addLayout(go_easy)
        words.addStretch(1)
        self._layouts = (notes, row, go_easy, words)

    def show_words(self, cue: Cue | None, note: str, focus: bool) -> None:
        """In full screen only the first step and what to avoid stay."""
        if (cue, note, focus) == self._holds:
            return
        self._holds = (cue, note, focus)
        for widget in (self.pressure, self.pressure_heading):
            widget.setVisible(not focus)
        if cue is None:
            return
        steps = cue.steps[:1] if focus else cue.steps
        self.steps.setText(_paragraphs(f"{n}.\u00a0 {step}" for n, step in enumerate(steps, 1)))
        self.pressure.setText(cue.pressure)
        self.avoid.setText("\n".join(cue.avoid))
        self.go_easy.setText(_paragraphs(cue.go_easy))
        for widget in (self.go_easy_heading, self.go_easy):
            widget.setVisible(bool(cue.go_easy))
        self.note.setText(_note(note))
        self.note.setVisible(bool(note))
        self._restyle()  # what has just appeared takes the size the words were given

    def theme_sizes(self) -> dict[str, float]:
        """Each label's size (by name) as the theme sets it."""
        sizes = {}
        for label in self._sized():
            label.setStyleSheet(look(label))
            label.ensurePolished()
            sizes[label.objectName()] = label.font().pointSizeF()
        self._styled.clear()
        # The theme has no size for it: it is a heading beside Avoid's, and sized alike.
        sizes[self.go_easy_heading.objectName()] = sizes[self.avoid_heading.objectName()]
        return sizes

    def size_type(self, sizes: dict[str, float]) -> None:
        self._sizes = sizes
        self._restyle()

    def _restyle(self) -> None:
        """Each label shown at the size it was given. A style sheet is costly to set (a few
        labels take milliseconds): a label hidden waits until it is shown, and one already at
        its size is left as it is."""
        for label in (*self._sized(), self.go_easy_heading):
            size = self._sizes.get(label.objectName())
            if size is None or label.isHidden() or self._styled.get(label) == size:
                continue
            label.setStyleSheet(f"{look(label)} font-size: {size:.2f}pt;")
            label.ensurePolished()
            self._styled[label] = size

    def height_for(self, width: int) -> int:
        # A label's new size reaches its own layout at once, but not a layout nested in it.
        for layout in self._layouts:
            layout.invalidate()
        return self._layout.totalHeightForWidth(width)

    def _sized(self) -> tuple[QLabel, ...]:
        """The labels the theme gives a size (the go-easy heading takes Avoid's)."""
        return (
            self.steps,
            self.pressure,
            self.avoid,
            self.go_easy,
            self.note,
            self.pressure_heading,
            self.avoid_heading,
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


def look(label: QLabel) -> str:
    """What a label's style keeps, whatever size its words are fitted to: going easy and the
    side worked are the accent's amber."""
    return ACCENT_LOOK if label.objectName() in ACCENT_NAMES else ""


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
