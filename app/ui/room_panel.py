"""The room panel: the preparation checklist, ticked by hand or by what the app can see."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QFrame, QLabel, QVBoxLayout, QWidget

from app.core.plan import Position
from app.core.room import (
    CHECKLIST_HINTS,
    CHECKLIST_LABELS,
    Checklist,
    ChecklistItem,
    checklist_hint,
    checklist_label,
)
from app.ui.check_row import CheckRow

KEEP_AWAKE_WORDS = "Keep the laptop awake"
KEEP_AWAKE_TIP = "While a session runs, the screen stays on and the laptop does not go to sleep"


class RoomPanel(QFrame):
    keepAwakeChanged = Signal(bool)  # the giver wants the laptop kept awake during a session

    def __init__(
        self, checklist: Checklist, keep_awake: bool = True, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setAccessibleName("Room checklist")
        self.checklist = checklist
        self.boxes: dict[ChecklistItem, QCheckBox] = {}
        self.rows: dict[ChecklistItem, CheckRow] = {}
        layout = self._layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        heading = QLabel("Room")
        heading.setObjectName("panelHeading")
        layout.addWidget(heading)
        for item in ChecklistItem:
            # Its words wrap in a narrow column rather than being cut ("Comfortable, lying d").
            row = CheckRow(CHECKLIST_LABELS[item])
            box = row.box
            box.setObjectName(f"room-{item}")
            box.setChecked(item in checklist.done)
            box.toggled.connect(lambda done, item=item: self._toggled(item, done))
            self.boxes[item], self.rows[item] = box, row
            self._hint(item, CHECKLIST_HINTS[item])
            layout.addWidget(row)
        awake = CheckRow(KEEP_AWAKE_WORDS)
        awake.setToolTip(KEEP_AWAKE_TIP)
        self.keep_awake = awake.box
        self.keep_awake.setObjectName("keepAwake")
        self.keep_awake.setToolTip(KEEP_AWAKE_TIP)
        self.keep_awake.setChecked(keep_awake)
        self.keep_awake.toggled.connect(self._keep_awake_toggled)
        layout.addSpacing(6)
        layout.addWidget(awake)
        self.notice = QLabel()  # what the app cannot do for the room here, said once
        self.notice.setObjectName("secondary")
        self.notice.setWordWrap(True)
        self.notice.hide()
        layout.addWidget(self.notice)
        layout.addStretch(1)

    def show_position(self, position: Position) -> None:
        """The words for a session given lying down or seated."""
        for item, row in self.rows.items():
            row.setText(checklist_label(item, position))
            self._hint(item, checklist_hint(item, position))
        self._layout.invalidate()  # a row that wrapped for the other wording gives its line back
        self._layout.activate()

    def _keep_awake_toggled(self, keep: bool) -> None:
        if not keep:  # what Lull could not do for the room no longer matters
            self.notice.hide()
        self.keepAwakeChanged.emit(keep)

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.show()

    def mark(self, item: ChecklistItem, done: bool) -> None:
        """Tick or untick on the app's behalf, as when music starts playing."""
        self.boxes[item].setChecked(done)

    def _hint(self, item: ChecklistItem, hint: str) -> None:
        self.rows[item].setToolTip(hint)
        self.boxes[item].setToolTip(hint)

    def _toggled(self, item: ChecklistItem, done: bool) -> None:
        self.checklist.mark(item, done)
