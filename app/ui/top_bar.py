"""The top bar: the plan, its length and who it is for, as the preparation has them, and the
view toggles."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSpinBox,
    QToolButton,
    QWidget,
)

from app.core.plan import MAX_PLAN_MINUTES
from app.core.preparation import Preparation
from app.ui.actions import ActionId
from app.ui.eliding_combo import ElidingComboBox
from app.ui.people import PersonChooser

NAME_SHOWN_FROM_PX = 1100  # as wide as the window is when the side panels fold into drawers
# A plan's title whole where there is room ("Classic back massage"), elided where not.
PLAN_TITLE_CHARS, PLAN_TITLE_MIN_CHARS = 30, 10

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
        self.title = QLabel("Lull")
        self.title.setObjectName("appTitle")
        self.plan_choice = ElidingComboBox()
        # As wide as the room allows, down to its style's minimum: a long title elides.
        self.plan_choice.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.plan_choice.setMinimumContentsLength(PLAN_TITLE_MIN_CHARS)
        self.plan_choice.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.plan_choice.ensurePolished()  # its style sheet's type size, to measure with
        chars = self.plan_choice.fontMetrics().averageCharWidth() * PLAN_TITLE_CHARS
        self.plan_choice.setMaximumWidth(chars)
        self.plan_choice.setObjectName("planChoice")
        self.plan_choice.setAccessibleName("Plan")
        self.plan_choice.setToolTip("Which massage to give")
        self.minutes = QSpinBox()
        self.minutes.setSuffix(" min")
        self.minutes.setAccessibleName("Length in minutes")
        self.minutes.setToolTip("How long the whole session lasts; the phases keep their share")
        self.person_chooser = PersonChooser()

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.plan_choice, 1)
        layout.addWidget(self.minutes)
        layout.addWidget(self.person_chooser)
        layout.addStretch(0)  # what the plan's title leaves: the toggles keep to the right
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

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        """On a narrow screen the plan's title has the name's room: the window says "Lull"."""
        super().resizeEvent(event)
        self.title.setVisible(event.size().width() >= NAME_SHOWN_FROM_PX)

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
        """The plan, its length and who it is for can change only between sessions."""
        for field in (self.plan_choice, self.minutes, self.person_chooser):
            field.setEnabled(choosing)

    def has_focus_within(self) -> bool:
        return self.plan_choice.hasFocus() or self.minutes.hasFocus()
