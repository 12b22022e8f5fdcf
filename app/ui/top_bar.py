"""The top bar: the plan and its length as the preparation has them, and the view toggles."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSpinBox, QToolButton, QWidget

from app.core.plan import MAX_PLAN_MINUTES
from app.core.preparation import Preparation
from app.ui.actions import ActionId

# Mute is here too, so that it shows, lit, whether or not the ambience panel is open.
TOGGLES = (
    ActionId.MUTE,
    ActionId.AMBIENCE_PANEL,
    ActionId.ROOM_PANEL,
    ActionId.LIGHT_THEME,
    ActionId.FULL_SCREEN,
)


class TopBar(QWidget):
    """Shows the preparation's plan and length; a choice made here goes to the preparation."""

    def __init__(
        self,
        preparation: Preparation,
        actions: dict[ActionId, QAction],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.preparation = preparation
        title = QLabel("Lull")
        title.setObjectName("appTitle")
        self.plan_choice = QComboBox()
        self.plan_choice.setObjectName("planChoice")
        self.plan_choice.setAccessibleName("Plan")
        self.plan_choice.setToolTip("Which massage to give")
        self.minutes = QSpinBox()
        self.minutes.setSuffix(" min")
        self.minutes.setAccessibleName("Length in minutes")
        self.minutes.setToolTip("How long the whole session lasts; the phases keep their share")

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addSpacing(16)
        layout.addWidget(self.plan_choice)
        layout.addWidget(self.minutes)
        layout.addStretch(1)
        for action_id in TOGGLES:
            button = QToolButton()
            button.setDefaultAction(actions[action_id])
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setObjectName("toggle")
            layout.addWidget(button)

        self.show_preparation()
        preparation.subscribe(self.show_preparation)
        self.plan_choice.currentIndexChanged.connect(preparation.choose)
        self.minutes.valueChanged.connect(preparation.set_minutes)

    def show_preparation(self) -> None:
        """The choices, the chosen plan and its length, without sending any of it back."""
        preparation = self.preparation
        self.plan_choice.blockSignals(True)
        self.minutes.blockSignals(True)
        self.plan_choice.clear()
        for choice in preparation.choices:
            self.plan_choice.addItem(choice.plan.title, choice.plan.id)
            tip = choice.plan.description + (f"\n{choice.file}" if choice.file else "")
            self.plan_choice.setItemData(
                self.plan_choice.count() - 1, tip.strip(), Qt.ItemDataRole.ToolTipRole
            )
        self.plan_choice.setCurrentIndex(preparation.index)
        self.minutes.setRange(preparation.shortest, MAX_PLAN_MINUTES)
        self.minutes.setValue(preparation.minutes)
        self.plan_choice.blockSignals(False)
        self.minutes.blockSignals(False)

    def set_choosing(self, choosing: bool) -> None:
        """The plan and length can change only between sessions."""
        self.plan_choice.setEnabled(choosing)
        self.minutes.setEnabled(choosing)

    def has_focus_within(self) -> bool:
        return self.plan_choice.hasFocus() or self.minutes.hasFocus()
