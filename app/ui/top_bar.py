"""The top bar: the plan, its length and who it is for, as the preparation has them, a menu of
what can be done with the plan, and the view toggles."""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QObject, Qt, Signal, SignalInstance
from PySide6.QtGui import QAction, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSizePolicy,
    QSpinBox,
    QToolButton,
    QWidget,
)

from app.core.plan import MAX_PLAN_MINUTES
from app.core.preparation import Preparation
from app.ui.actions import ActionId
from app.ui.eliding_combo import ElidingComboBox, elided
from app.ui.people import MENU_NAME_CHARS, PersonChooser
from app.ui.plan_strip import MAX_ROWS, ROW_CHARS, ROW_ROLE, PlanRowDelegate, plan_row
from app.ui.theme import DARK, LIGHT

MINUTES_ROOM_LINES = 3.5  # beside the minutes: the padding, the frame and the arrows
NAME_SHOWN_FROM_PX = 1100  # as wide as the window is when the side panels fold into drawers
# A plan's title whole where there is room ("Classic back massage (mine)"), elided where not.
PLAN_TITLE_CHARS, PLAN_TITLE_MIN_CHARS = 40, 10
# The list drops down under the box rather than over it, and scrolls past MAX_ROWS plans.
DROP_DOWN_LOOK = "QComboBox { combobox-popup: 0; }"
# A field's type, corners and height, as the person chooser beside it; no arrow, as the saved
# mixes' "⋯" has none.
ACTIONS_LOOK = """
QToolButton { font-size: 11pt; border-radius: 8px; padding: 0.35em 0.7em; }
QToolButton::menu-indicator { image: none; width: 0; }
"""

# Mute is here too, so that it shows, lit, whether or not the ambience panel is open.
TOGGLES = (
    ActionId.MUTE,
    ActionId.AMBIENCE_PANEL,
    ActionId.ROOM_PANEL,
    ActionId.LIGHT_THEME,
    ActionId.FULL_SCREEN,
)


class _SpaceIsTheWindows(QObject):
    """Space in the length box starts or pauses, as everywhere in the window: typed into the
    box, it wiped the length out (" min") and started nothing."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        kinds = (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress)
        if event.type() in kinds and isinstance(event, QKeyEvent):
            if event.key() == Qt.Key.Key_Space:
                event.ignore()  # not the box's to take: the window's shortcut has it
                return True
        return False


class TopBar(QWidget):
    """Shows the preparation's plan and length; a choice made here goes to the preparation, and
    what is asked of the chosen plan (its id) goes to whoever listens."""

    newPlanAsked = Signal()
    editPlanAsked = Signal(str)  # one's own plan to edit, or another to copy and edit
    renamePlanAsked = Signal(str)
    deletePlanAsked = Signal(str)
    importPlanAsked = Signal()
    exportPlanAsked = Signal(str)

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
        # Hidden until a resize finds it room: counted as the window is first laid out, it would
        # keep a window from being 1024 pixels wide.
        self.title.hide()
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
        # Each plan in the list with a strip of where its time goes, in the theme's colours.
        light = actions[ActionId.LIGHT_THEME]
        self.plan_rows = PlanRowDelegate(LIGHT if light.isChecked() else DARK, self.plan_choice)
        self.plan_choice.setItemDelegate(self.plan_rows)
        self.plan_choice.setStyleSheet(DROP_DOWN_LOOK)
        self.plan_choice.setMaxVisibleItems(MAX_ROWS)
        rows = self.plan_choice.view()
        rows.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)  # not the style's
        rows.setMinimumWidth(self.plan_choice.fontMetrics().averageCharWidth() * ROW_CHARS)
        light.toggled.connect(lambda on: self.plan_rows.set_theme(LIGHT if on else DARK))
        self.minutes = QSpinBox()
        self._space = _SpaceIsTheWindows(self)
        self.minutes.installEventFilter(self._space)
        self.minutes.setSuffix(" min")
        self.minutes.setAccessibleName("Length in minutes")
        self.minutes.setToolTip("How long the whole session lasts; the phases keep their share")
        # As wide as its longest length and its arrows, no wider: the room is the plan's title's.
        self.minutes.setRange(1, MAX_PLAN_MINUTES)
        self.minutes.ensurePolished()
        metrics = self.minutes.fontMetrics()
        longest = metrics.horizontalAdvance(f"{MAX_PLAN_MINUTES}{self.minutes.suffix()}")
        self.minutes.setFixedWidth(longest + math.ceil(metrics.height() * MINUTES_ROOM_LINES))
        # "⋯", as the saved mixes have: "Plans" would leave the bar 17 pixels to spare at 1024.
        self.plans = QToolButton()
        self.plans.setText("⋯")
        self.plans.setStyleSheet(ACTIONS_LOOK)
        self.plans.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.plans.setAccessibleName("Plan actions")
        self.plans.setToolTip("Plans: a new one; edit, import or export this one")
        self.plan_menu = QMenu(self.plans)
        self.plan_menu.setToolTipsVisible(True)  # a long title is elided; its tooltip has it whole
        self.plans.setMenu(self.plan_menu)
        # Made as it opens, for the plan chosen then: never rebuilt under the entry just used.
        self.plan_menu.aboutToShow.connect(self._show_plan_menu)
        self.person_chooser = PersonChooser()

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.plan_choice, 1)
        layout.addWidget(self.minutes)
        layout.addWidget(self.plans)
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
        self._show_plans()
        self.plan_choice.setCurrentIndex(preparation.index)
        self.minutes.setRange(preparation.shortest, MAX_PLAN_MINUTES)
        self.minutes.setValue(preparation.minutes)
        self.plan_choice.blockSignals(False)
        self.minutes.blockSignals(False)

    def set_choosing(self, choosing: bool) -> None:
        """The plan, its length and who it is for can change only between sessions."""
        for field in (self.plan_choice, self.minutes, self.plans, self.person_chooser):
            field.setEnabled(choosing)

    def has_focus_within(self) -> bool:
        focus = QApplication.focusWidget()
        return focus is not None and self.isAncestorOf(focus)

    def _show_plans(self) -> None:
        """Each plan as it would be given now: the chosen one at the chosen length, for the
        chosen person."""
        preparation, combo = self.preparation, self.plan_choice
        combo.clear()
        for number, choice in enumerate(preparation.choices):
            given, plain = preparation.preview(number), preparation.preview(number, tailor=False)
            chosen = number == preparation.index
            row = plan_row(choice, given, plain, preparation.person, chosen=chosen)
            combo.addItem(choice.plan.title, choice.plan.id)
            combo.setItemData(number, row, ROW_ROLE)
            combo.setItemData(number, row.summary, Qt.ItemDataRole.AccessibleDescriptionRole)
            # Whole here what the row may cut short: where the focus moved the time.
            tip = (choice.plan.description, str(choice.file or ""), row.moved)
            combo.setItemData(
                number, "\n".join(part for part in tip if part), Qt.ItemDataRole.ToolTipRole
            )

    def _show_plan_menu(self) -> None:
        """What can be done with the chosen plan: one's own is edited, another copied first."""
        choice = self.preparation.choice
        menu = self.plan_menu
        menu.clear()
        menu.addAction("New plan…", self.newPlanAsked.emit)
        if choice.own:
            self._add_for_plan("Edit “{}”…", self.editPlanAsked)
            self._add_for_plan("Rename “{}”…", self.renamePlanAsked)
            self._add_for_plan("Delete “{}”…", self.deletePlanAsked)
        else:
            self._add_for_plan("Copy and edit “{}”…", self.editPlanAsked)
        menu.addSeparator()
        menu.addAction("Import a plan…", self.importPlanAsked.emit)
        self._add_for_plan("Export “{}”…", self.exportPlanAsked)

    def _add_for_plan(self, words: str, asked: SignalInstance) -> None:
        plan = self.preparation.plan
        action = self.plan_menu.addAction(
            words.format(elided(self.plans, plan.title, MENU_NAME_CHARS))
        )
        action.setToolTip(words.format(plan.title))
        action.triggered.connect(lambda _=False, plan_id=plan.id: asked.emit(plan_id))
