"""A far jump asked about before it is made, and any jump offered back for a few seconds."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAction, QFocusEvent, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.banner import Banner

CONFIRM_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
CANCEL_KEYS = (Qt.Key.Key_Escape,)
MARGINS = (16, 8, 16, 8)
BESIDE_SHARE = 0.4  # of the width, left to the question beside its buttons, or it goes above


class JumpStrip(Banner):
    """Asking, it holds the keyboard for Enter (go) and Esc (stay), and nothing else: Space
    and the arrows still reach the session. Offering an undo, it leaves the keys alone."""

    confirmed = Signal()
    cancelled = Signal()
    _question = False  # a class default: Qt sends events while the base class is being built

    def __init__(self, undo: QAction, parent: QWidget | None = None) -> None:
        super().__init__("Jump between phases", parent)
        self._focus_before: QWidget | None = None
        self.text = QLabel()
        self.text.setObjectName("bannerText")
        self.text.setWordWrap(True)
        self.go = self._button("Go there (Enter)", "Go to that phase now")
        self.go.clicked.connect(self.confirmed)
        self.stay = self._button("Stay (Esc)", "Stay in this phase")
        self.stay.clicked.connect(self.cancelled)
        self.undo = QToolButton()
        self.undo.setDefaultAction(undo)
        self.undo.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._undo_action = undo
        undo.setEnabled(False)
        buttons = QHBoxLayout()
        for button in (self.go, self.stay, self.undo):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self._row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._row.addWidget(self.text, 1)
        self._row.addLayout(buttons)
        # At the top of its place, as the check-in sits, whatever height is kept for that.
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*MARGINS)
        layout.addLayout(self._row)
        layout.addStretch(1)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._show_buttons()

    @property
    def asking_to_jump(self) -> bool:
        """A far jump waits for Enter or Esc (or a second click on the same phase)."""
        return self._question

    @property
    def offering_undo(self) -> bool:
        return self.asking and not self._question

    def ask(self, title: str, number: int, count: int) -> None:
        self.text.setText(f"Go to “{title}”, phase {number} of {count}?")
        self._question = True
        self._show_buttons()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        focus = QApplication.focusWidget()
        if focus is not self:
            self._focus_before = focus
        self.raise_question()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def offer_undo(self, title: str) -> None:
        self.text.setText(f"Jumped to “{title}”.")
        self._let_go_of_keys()
        self._show_buttons()
        self._undo_action.setEnabled(True)
        self.raise_question()

    def dismiss(self) -> None:
        self._let_go_of_keys()
        self._undo_action.setEnabled(False)
        super().dismiss()

    def event(self, event: QEvent) -> bool:
        if (
            self._question
            and event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() in (*CONFIRM_KEYS, *CANCEL_KEYS)
        ):
            event.accept()  # Esc says "stay" here; it must not arm the session's End
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        if self._question and event.key() in CONFIRM_KEYS:
            self.confirmed.emit()
        elif self._question and event.key() in CANCEL_KEYS:
            self.cancelled.emit()
        else:
            super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt's name)
        super().focusOutEvent(event)
        if self._question and event.reason() == Qt.FocusReason.MouseFocusReason:
            self._focus_before = None  # the giver clicked elsewhere: the focus is theirs now

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._arrange()

    def _arrange(self) -> None:
        """The question beside its buttons where that leaves it a fair share of the width (a
        line or two); else across the whole width, the buttons beneath. With both side panels
        open, beside them, it was squeezed into a column a word wide and cut."""
        room = self.contentsRect().width() - MARGINS[0] - MARGINS[2]
        shown = [b for b in (self.go, self.stay, self.undo) if not b.isHidden()]
        spacing = self._row.spacing() * len(shown)
        column = room - spacing - sum(button.sizeHint().width() for button in shown)
        beside = column >= room * BESIDE_SHARE
        direction = QBoxLayout.Direction.LeftToRight if beside else QBoxLayout.Direction.TopToBottom
        if self._row.direction() is not direction:
            self._row.setDirection(direction)
            self._row.setStretch(0, 1 if beside else 0)

    def _button(self, text: str, tooltip: str) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tooltip)
        button.setAccessibleName(tooltip)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return button

    def _show_buttons(self) -> None:
        for button in (self.go, self.stay):
            button.setVisible(self._question)
        self.undo.setVisible(not self._question)
        self._arrange()

    def _let_go_of_keys(self) -> None:
        """The question is over: the keyboard goes back where it was."""
        if not self._question:
            return
        self._question = False
        had_focus = self.hasFocus()
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        before, self._focus_before = self._focus_before, None
        if had_focus and before is not None and before.isVisible():
            before.setFocus(Qt.FocusReason.OtherFocusReason)
        elif had_focus:
            self.clearFocus()
