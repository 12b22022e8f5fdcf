"""Plans of one's own: new, copied and edited in the plan editor, renamed, deleted, imported
(from the file dialog or a file dropped on the window) and exported.

The plans are the plan book's; the preparation holds which is chosen. This object only carries
the giver's choices between them and the dialogs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QWidget

from app.core.plan import Levels, Plan, PlanError, PlanProblem
from app.core.plan_book import (
    MISSING_SOUNDS,
    SETTLE_SECONDS,
    PlanBook,
    missing_sounds,
    plan_id_for,
)
from app.core.preparation import PlanChoice, Preparation
from app.core.store import StoreError
from app.ui.asking import ask_name, confirm
from app.ui.plan_editor import PlanEditor
from app.ui.timers import single_shot
from app.ui.top_bar import TopBar

log = logging.getLogger(__name__)

PLAN_FILES = "Lull plans (*.json);;All files (*)"


class PlansFlow(QObject):
    def __init__(
        self,
        window: QWidget,
        top_bar: TopBar,
        preparation: Preparation,
        book: PlanBook,
        *,
        tell: Callable[[str], None],
        sounds: Callable[[], Mapping[str, str]],
        playing: Callable[[], Levels],
        choosing: Callable[[], bool],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._preparation = preparation
        self._book = book
        self._tell = tell
        self._sounds = sounds  # the user's sounds now: id -> title
        self._playing = playing  # the soundscapes playing now, to give a plan as its mix
        self._choosing = choosing  # no session under way: the chosen plan may change
        self._told: set[str] = set()  # the plan folder's problems told of, not to be told again
        # A file still being copied in is read again once it has settled: written on, the
        # folder itself does not change, and its watch says nothing more.
        self.read_again = single_shot(self, self.reload, round(SETTLE_SECONDS * 1000) + 500)
        top_bar.newPlanAsked.connect(lambda: self.edit(None))
        top_bar.editPlanAsked.connect(self.edit)
        top_bar.renamePlanAsked.connect(self.rename)
        top_bar.deletePlanAsked.connect(self.delete)
        top_bar.importPlanAsked.connect(self.ask_import)
        top_bar.exportPlanAsked.connect(self.export)

    def edit(self, plan_id: str | None) -> None:
        """A new plan (None), a plan of one's own, or a copy of a built-in or file plan."""
        choice = self._choice(plan_id)
        plan = choice.plan if choice is not None else None
        own = choice is not None and choice.own
        replacing = plan.id if own and plan is not None else None

        def save(candidate: Plan) -> Plan | Sequence[PlanProblem] | str:
            """The plan as the book kept it (a new plan's id is the book's to choose)."""
            try:
                return self._book.save(candidate, replacing=replacing)
            except PlanError as error:
                return error.problems or str(error)
            except StoreError as error:
                return f"It could not be saved: {error.reason}."

        editor = PlanEditor(
            self._window,
            plan=plan,
            copy_of=plan is not None and not own,
            save=save,
            current_mix=self._playing(),
            sound_titles=self._sounds(),
        )
        if editor.exec() and editor.saved_plan is not None:
            self._show(editor.saved_plan.id)
            self._tell(f"“{editor.saved_plan.title}” is saved with your plans.")

    def rename(self, plan_id: str) -> None:
        choice = self._choice(plan_id)
        if choice is None:
            return
        plan = choice.plan
        title = ask_name(self._window, "Rename the plan", plan.title)
        if not title or title == plan.title:
            return
        try:
            renamed = self._book.rename(plan.id, title)
        except PlanError as error:
            self._tell(f"It was not renamed: {error}.")
            return
        except StoreError as error:
            self._tell(f"It was not renamed: {error.reason}.")
            return
        self._show(renamed.id)

    def delete(self, plan_id: str) -> None:
        choice = self._choice(plan_id)
        if choice is None:
            return
        plan = choice.plan
        if not confirm(
            self._window,
            f"Delete “{plan.title}”?",
            "It is deleted from this computer. Files it was exported to stay as they are.",
            yes="Delete",
            no="Keep it",
        ):
            return
        try:
            self._book.delete(plan.id)
        except (PlanError, StoreError) as error:
            self._tell(f"It was not deleted: {getattr(error, 'reason', '') or error}.")
            return
        self._show(None)
        self._tell(f"“{plan.title}” is deleted.")

    def ask_import(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self._window, "Import a plan", str(Path.home()), PLAN_FILES
        )
        if chosen:
            self.import_file(Path(chosen))

    def import_file(self, path: Path) -> None:
        """A plan file taken into one's plans, never over another; chosen if nothing runs."""
        try:
            plan = self._book.import_file(path)
        except PlanError as error:
            said = str(error)  # the file is named once: some reasons name it themselves
            self._tell(
                f"Not imported: {said}."
                if path.name in said
                else f"{path.name} was not imported: {said}."
            )
            return
        except StoreError as error:
            self._tell(f"{path.name} was not imported: {error.reason}.")
            return
        self._show(plan.id if self._choosing() else None)
        missing = ", ".join(missing_sounds(plan, self._sounds().keys()))
        said = f"“{plan.title}” is imported."
        self._tell(f"{said} {MISSING_SOUNDS.format(sounds=missing)}" if missing else said)

    def export(self, plan_id: str) -> None:
        choice = self._choice(plan_id)
        if choice is None:
            return
        plan = choice.plan
        suggested = str(Path.home() / f"{plan_id_for(plan.title)}.json")  # as it is called now
        chosen, _ = QFileDialog.getSaveFileName(
            self._window, f"Export “{plan.title}”", suggested, PLAN_FILES
        )
        if not chosen:
            return
        target = Path(chosen)
        if not target.suffix:  # a plan file is taken in, dropped on a window, by its .json
            target = target.with_suffix(".json")
        try:
            self._book.export(plan, target)
        except StoreError as error:
            self._tell(f"It was not exported: {error.reason}.")
            return
        self._tell(f"“{plan.title}” is exported to {target}.")

    def reload(self) -> None:
        """Another window, or `lull plans --import`, changed the plans: show them as they are."""
        self._show(None)

    def _choice(self, plan_id: str | None) -> PlanChoice | None:
        return next((c for c in self._preparation.choices if c.plan.id == plan_id), None)

    def _show(self, chosen: str | None) -> None:
        plans = self._book.load()
        if self._book.settling:
            self.read_again.start()
        new = [problem for problem in self._book.problems if problem not in self._told]
        self._told.update(new)
        if new:  # together: one told after another would wipe it out at once
            self._tell("  ".join(new))
        self._preparation.show_own(plans, chosen)
