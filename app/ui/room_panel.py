"""The room panel: the preparation checklist, ticked by hand or by what the app can see."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QFrame, QLabel, QVBoxLayout, QWidget

from app.core.plan import Position
from app.core.room import CHECKLIST_HINTS, CHECKLIST_LABELS, Checklist, ChecklistItem
from app.ui.check_row import CheckRow


class RoomPanel(QFrame):
    def __init__(self, checklist: Checklist, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setAccessibleName("Room checklist")
        self.checklist = checklist
        self.boxes: dict[ChecklistItem, QCheckBox] = {}
        self.rows: dict[ChecklistItem, CheckRow] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        heading = QLabel("Room")
        heading.setObjectName("panelHeading")
        layout.addWidget(heading)
        for item in ChecklistItem:
            # Its words wrap in a narrow column rather than being cut ("Comfortable, lying d").
            row = CheckRow(CHECKLIST_LABELS[item])
            box = row.box
            box.setObjectName(f"room-{item}")
            row.setToolTip(CHECKLIST_HINTS[item])
            box.setToolTip(CHECKLIST_HINTS[item])
            box.setChecked(item in checklist.done)
            box.toggled.connect(lambda done, item=item: self._toggled(item, done))
            self.boxes[item], self.rows[item] = box, row
            layout.addWidget(row)
        layout.addStretch(1)

    def show_position(self, position: Position) -> None:
        wording = "lying down" if position is Position.LYING else "sitting"
        self.rows[ChecklistItem.POSITION].setText(f"Comfortable, {wording}")

    def mark(self, item: ChecklistItem, done: bool) -> None:
        """Tick or untick on the app's behalf, as when music starts playing."""
        self.boxes[item].setChecked(done)

    def _toggled(self, item: ChecklistItem, done: bool) -> None:
        self.checklist.mark(item, done)
