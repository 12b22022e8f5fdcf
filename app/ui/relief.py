"""After a session, a question the giver may ask or leave: how much relief did it bring?"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from app.core.history import MAX_SESSION_NOTE_CHARS
from app.ui.asking import DIALOG_LOOK
from app.ui.people import dialog_layout, fit_screen

RATINGS = range(11)  # 0: none, 10: complete
DIGITS = {str(number): number for number in range(10)}
TEN_WITHIN_SECONDS = 1.0  # "1" then "0" this soon is ten, as it is typed; later, "0" is none
READING_WIDTH_LINES = 34

RELIEF_LOOK = (
    DIALOG_LOOK
    + """
QPushButton#rating { min-width: 1.5em; padding: 0.4em 0.2em; }
QPushButton#rating:checked {
    background: palette(highlight); color: palette(window); border-color: palette(highlight);
}
QPushButton#rating:checked:focus { border-color: palette(text); }
QLabel#scale { font-size: 10pt; color: palette(placeholder-text); }
QLabel#secondary { color: palette(placeholder-text); }
"""
)


class ReliefDialog(QDialog):
    """Accepted (Save) with `relief`, None when no number was chosen, and `note` to keep;
    rejected (Skip, Esc) when they would rather not say."""

    def __init__(
        self, parent: QWidget | None = None, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("How did it go?")
        self.setStyleSheet(RELIEF_LOOK)
        self._clock = clock
        self._one_pressed_at: float | None = None
        line = self.fontMetrics().height()

        heading = QLabel("How much relief did it bring?")
        heading.setObjectName("heading")
        heading.setWordWrap(True)
        hint = QLabel(
            "If they would like to say: 0 is none, 10 is complete.\n"
            "A number key chooses it too: 1 then 0 is 10."
        )
        hint.setObjectName("secondary")
        hint.setWordWrap(True)
        self.ratings = QButtonGroup(self)  # exclusive: arrows move the choice, Tab leaves it
        row = QHBoxLayout()
        for rating in RATINGS:
            button = QPushButton(str(rating))
            button.setObjectName("rating")
            button.setCheckable(True)
            button.setAutoDefault(False)  # Enter saves, wherever the keyboard is
            button.setAccessibleName(f"Relief {rating} of 10")
            self.ratings.addButton(button, rating)
            row.addWidget(button)
        scale = QHBoxLayout()  # "none" under the 0, "complete" under the 10
        scale.addWidget(_scale_end("none"))
        scale.addStretch(1)
        scale.addWidget(_scale_end("complete"))
        note_label = QLabel("&Note")
        self.note_field = QLineEdit()
        self.note_field.setMaxLength(MAX_SESSION_NOTE_CHARS)
        self.note_field.setPlaceholderText("What helped, or what to change next time")
        note_label.setBuddy(self.note_field)
        note = QHBoxLayout()
        note.setSpacing(line)
        note.addWidget(note_label)
        note.addWidget(self.note_field, 1)

        skip = QPushButton("S&kip")
        skip.setAutoDefault(False)
        skip.clicked.connect(self.reject)
        self.save_button = QPushButton("&Save")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(skip)
        buttons.addWidget(self.save_button)

        self.setMinimumWidth(line * READING_WIDTH_LINES)
        layout = dialog_layout(self)
        layout.addWidget(heading)
        layout.addWidget(hint)
        layout.addSpacing(line // 2)
        layout.addLayout(row)
        layout.addLayout(scale)
        layout.addSpacing(line)
        layout.addLayout(note)
        layout.addSpacing(line)
        layout.addLayout(buttons)
        self.ratings.button(0).setFocus()
        fit_screen(self)

    @property
    def relief(self) -> int | None:
        """The number chosen, 0 to 10; None when none was."""
        chosen = self.ratings.checkedId()
        return None if chosen < 0 else chosen

    @property
    def note(self) -> str:
        return self.note_field.text().strip()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        """A number key chooses that rating wherever the keyboard is, but in the note, which
        takes its own: no mouse needed with oily hands."""
        digit = DIGITS.get(event.text())
        if digit is None:
            super().keyPressEvent(event)
        else:
            self._choose(digit)

    def _choose(self, digit: int) -> None:
        now = self._clock()
        soon_after_one = (
            self._one_pressed_at is not None and now - self._one_pressed_at <= TEN_WITHIN_SECONDS
        )
        rating = 10 if digit == 0 and soon_after_one else digit
        self._one_pressed_at = now if digit == 1 else None
        button = self.ratings.button(rating)
        button.setChecked(True)
        button.setFocus()


def _scale_end(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("scale")
    return label
