"""Who the massage is for: choosing, adding, editing and deleting people, the safety check
before a first session, the gentle suggestions their history brings, the history itself, the
relief a session brought, and the giver's data exported or deleted.

The people and their history are the database's; the preparation holds who is chosen. This
object only carries the giver's choices between them and the dialogs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.core.advice import Suggestion
from app.core.history import History
from app.core.people import PeopleBook, Person, PersonError
from app.core.preparation import Preparation
from app.core.store import StoreError, write_json
from app.ui.asking import confirm
from app.ui.history_view import HistoryView
from app.ui.people import PersonChooser, PersonEditor
from app.ui.relief import ReliefDialog
from app.ui.safety_check import SafetyCheckDialog

log = logging.getLogger(__name__)

# Deleted, but the file could not be rebuilt without them (a full disk): say both.
UNTIDIED = (
    "{what} deleted, but the file could not be tidied ({reason}): traces of it may stay in "
    "lull.db until Lull can tidy it, the next time you delete something."
)
ADVISORY_TITLE = "A thought about {name}"
ADVISORY_TEXT = (
    "{name} has chronic back pain, and the last few sessions do not seem to have brought "
    "more relief. Massage helps many people, but not every back. It may be time to see a "
    "specialist, a doctor or a physiotherapist, who can look at what is behind the pain."
)
EXPORT_NAME = "lull-data-{day}.json"
FORGET_QUESTION = "Delete all your data?"
FORGET_DETAIL = (
    "{what} will be deleted from this computer. Your sounds, mixes and settings stay. "
    "This cannot be undone."
)


class PeopleFlow(QObject):
    def __init__(
        self,
        window: QWidget,
        chooser: PersonChooser,
        preparation: Preparation,
        people: PeopleBook,
        history: History,
        *,
        tell: Callable[[str], None],
        now: Callable[[], datetime],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._chooser = chooser
        self._preparation = preparation
        self._people = people
        self._history = history
        self._tell = tell
        self._now = now
        self._said: set[str] = set()  # the rows left out that have been told of
        # For this run: who said something changed but was not asked yet, and who the giver
        # went on with anyway although something applied (not to be asked at every Start).
        self._changed: set[int] = set()
        self._gone_on: set[int] = set()
        self._relief: ReliefDialog | None = None  # built ahead: at a session's end, only shown
        self._asking: ReliefDialog | None = None  # shown, not yet answered
        chooser.personChosen.connect(self.choose)
        chooser.newPersonAsked.connect(lambda: self.edit(None))
        chooser.editPersonAsked.connect(self.edit)
        chooser.historyAsked.connect(self.show_history)
        chooser.exportAsked.connect(self.export)
        chooser.forgetAllAsked.connect(self.forget_everything)
        self._everyone_shown: list[Person] = []
        self._chosen_shown: int | None = -1  # no one yet, not even "anyone"
        preparation.subscribe(self._show_chosen)
        self.show_people()

    def show_people(self) -> None:
        self._everyone_shown = self._everyone()
        self._chosen_shown = self._preparation.person_id
        self._chooser.show_people(self._everyone_shown, self._chosen_shown)
        self.tell_left_out()

    def _show_chosen(self) -> None:
        """Who it is for, as the preparation has it, however it came to be chosen (a resumed
        session chooses its person too)."""
        chosen = self._preparation.person_id
        if chosen == self._chosen_shown:
            return
        if chosen is not None and all(person.id != chosen for person in self._everyone_shown):
            self.show_people()  # someone the chooser has not listed yet
            return
        self._chosen_shown = chosen
        self._chooser.show_people(self._everyone_shown, chosen)

    def tell_left_out(self) -> None:
        """People and sessions that could not be read, and were left out: each told once."""
        for problem in (*self._people.problems, *self._history.problems):
            if problem not in self._said:
                self._said.add(problem)
                self._tell(problem)

    def _everyone(self) -> list[Person]:
        try:
            return self._people.list()
        except StoreError as error:
            self._tell(f"The people you added could not be read: {error.reason or error}.")
            return []

    def choose(self, person_id: int | None) -> None:
        """Someone to tailor the session to, or no one; then what their history suggests."""
        person = None if person_id is None else self._read(person_id)
        self._preparation.choose_person(person)
        self.show_people()
        if person is not None:
            self._advise(person)

    def _read(self, person_id: int) -> Person | None:
        try:
            return self._people.get(person_id)
        except StoreError as error:
            self._tell(f"That person could not be read: {error.reason or error}.")
            return None

    def edit(self, person_id: int | None) -> None:
        """The editor for someone new (None) or someone kept; their changes are kept at Save."""
        person = None if person_id is None else self._read(person_id)
        if person_id is not None and person is None:
            return
        sessions = 0 if person is None else self._sessions(person)
        editor = PersonEditor(person, sessions=sessions, parent=self._window)
        editor.saveAsked.connect(lambda changed: self._save(editor, changed))
        editor.deleteAsked.connect(self._delete)
        editor.safetyCheckAsked.connect(lambda asked: self._ask_again(editor, asked))
        editor.exec()
        self._window.activateWindow()  # the keys come back to the window, Space among them
        editor.deleteLater()

    def _sessions(self, person: Person) -> int:
        try:
            return self._history.count(person.id)
        except StoreError:
            return 0

    def _save(self, editor: PersonEditor, person: Person) -> None:
        try:
            kept = self._people.save(person)
        except PersonError as problem:
            editor.show_problem(str(problem))
            return
        except StoreError as error:
            editor.show_problem(f"It could not be saved: {error.reason or error}")
            return
        editor.accept()
        chosen = self._preparation.person
        if person.id is None or (chosen is not None and chosen.id == kept.id):
            self._preparation.choose_person(kept)  # someone new is who it is for, surely
        self.show_people()

    def _delete(self, person_id: int) -> None:
        try:
            self._people.delete(person_id)
        except StoreError as error:
            if not self._gone(lambda: self._people.get(person_id) is None):
                self._tell(f"They could not be deleted: {error.reason or error}.")
                return
            self._tell(UNTIDIED.format(what="They were", reason=error.reason or error))
        chosen = self._preparation.person
        if chosen is not None and chosen.id == person_id:
            self._preparation.choose_person(None)
        self.show_people()

    def _ask_again(self, editor: PersonEditor, person_id: int) -> None:
        """Something changed: the questions now, or, if not now, before the next session."""
        person = self._read(person_id)
        if person is None:
            return
        self._changed.add(person_id)
        if self._safety_check(person) is None:
            return
        kept = self._read(person_id)
        editor.show_safety(kept.safety if kept is not None else None)

    def before_start(self) -> bool:
        """The last session's relief question, if still open, comes first (brought forward);
        then the safety check, before the first session with someone, after they said
        something changed, and while something applied. Whether to start now."""
        if self._asking is not None:
            self._asking.raise_()
            self._asking.activateWindow()
            return False
        person = self._preparation.person
        if person is None or person.id is None:
            return True
        changed = person.id in self._changed
        if not changed and (not person.needs_safety_check or person.id in self._gone_on):
            return True
        going_on = self._safety_check(person)
        if going_on is False:
            self._tell(f"Not today, then: nothing was started. {person.name}'s answers are kept.")
        return bool(going_on)

    def _safety_check(self, person: Person) -> bool | None:
        """Ask the questions and keep the answers; whether the giver goes on, None if not
        asked (the dialog was closed)."""
        dialog = SafetyCheckDialog(person.name, self._today(), self._window)
        answered = dialog.exec() == SafetyCheckDialog.DialogCode.Accepted
        self._window.activateWindow()
        dialog.deleteLater()
        if not answered:
            return None
        assert person.id is not None  # a person chosen has been kept
        try:
            self._people.record_safety(person.id, dialog.check)
        except StoreError as error:
            self._tell(f"The answers could not be kept: {error.reason or error}.")
        self._changed.discard(person.id)
        if dialog.going_on and not dialog.check.clear:
            self._gone_on.add(person.id)
        else:
            self._gone_on.discard(person.id)
        chosen = self._preparation.person
        if chosen is not None and chosen.id == person.id:  # kept or not, asked today
            self._preparation.choose_person(replace(chosen, safety=dialog.check))
        return dialog.going_on

    def _today(self) -> date:
        return self._now().date()

    def _advise(self, person: Person) -> None:
        """What their history suggests, in a line; and at most once a week, for chronic pain
        that massage has not eased, that they see a specialist."""
        try:
            suggestions = self._history.suggestions(person)
            due = self._history.advisory_due(person, self._now())
        except StoreError:
            return
        if suggestions:
            self._tell(f"{suggestions[0].text} (History, in the “for” menu, can apply it.)")
        if not due:
            return
        assert person.id is not None
        try:
            self._history.advisory_shown(person.id, self._now())
        except StoreError as error:
            log.warning("the advisory could not be noted: %s", error)
        box = QMessageBox(
            QMessageBox.Icon.Information,
            ADVISORY_TITLE.format(name=person.name),
            ADVISORY_TEXT.format(name=person.name),
            QMessageBox.StandardButton.Ok,
            self._window,
        )
        box.button(QMessageBox.StandardButton.Ok).setText("Thank you")
        box.open()

    # --- the history ----------------------------------------------------------------------------

    def show_history(self) -> None:
        """The sessions given, for the person chosen or for everyone; a change their check-ins
        suggest is kept when the giver applies it."""
        shown = self._preparation.person_id
        view = HistoryView(self._everyone(), shown, self._window)
        view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        view.filterChosen.connect(lambda person_id: self._fill(view, person_id))
        view.applyAsked.connect(lambda person_id, change: self._apply(view, person_id, change))
        self._fill(view, shown)
        view.open()

    def _fill(self, view: HistoryView, person_id: int | None) -> None:
        try:
            view.show_sessions(self._history.sessions(person_id))
        except StoreError as error:
            self._tell(f"Your history could not be read: {error.reason or error}.")
            view.show_sessions([])
        self.tell_left_out()
        person = None if person_id is None else self._read(person_id)
        if person is None:
            view.hide_tendencies()
        else:
            self._show_tendencies(view, person)

    def _show_tendencies(self, view: HistoryView, person: Person) -> None:
        assert person.id is not None  # listed, so kept
        try:
            tendencies = self._history.tendencies(person.id)
            suggestions = self._history.suggestions(person)
        except StoreError:
            view.hide_tendencies()  # the list above it has said why
            return
        view.show_tendencies(person, tendencies, suggestions)

    def _apply(self, view: HistoryView, person_id: int, suggestion: Suggestion) -> None:
        person = self._read(person_id)
        if person is None:
            return
        try:
            kept = self._people.save(suggestion.applied_to(person))
        except PersonError as problem:
            self._tell(f"It could not be applied: {problem}.")
            return
        except StoreError as error:
            self._tell(f"It could not be applied: {error.reason or error}.")
            return
        chosen = self._preparation.person
        if chosen is not None and chosen.id == kept.id:
            self._preparation.choose_person(kept)
        self._show_tendencies(view, kept)

    def ask_relief(self, record_id: int | None) -> None:
        """After a session, how much relief it brought, kept if the giver saves it; the window
        goes on meanwhile. A session that was not recorded (None) has nothing to rate."""
        if record_id is None:
            return
        dialog, self._relief = self._relief or ReliefDialog(self._window), None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._rate(record_id, dialog.relief, dialog.note))

        def answered(_result: int) -> None:
            self._asking = None
            QTimer.singleShot(0, self, self.prepare_relief)

        dialog.finished.connect(answered)
        self._asking = dialog
        dialog.show()

    def close_relief(self) -> None:
        """A new session began: the last one's question is left unanswered, not kept open over
        the new one (whose number keys it would take)."""
        if self._asking is not None:
            self._asking.reject()

    def prepare_relief(self) -> None:
        """The relief question, built while nothing else happens: built at the session's end,
        it held the window 16-25 ms, beside the end's chime and summary."""
        if self._relief is None:
            self._relief = ReliefDialog(self._window)

    def _rate(self, record_id: int, relief: int | None, note: str) -> None:
        try:
            self._history.rate(record_id, relief, note)
        except StoreError as error:
            self._tell(f"The relief could not be kept: {error.reason or error}.")
        except ValueError as problem:
            self._tell(f"The relief could not be kept: {problem}.")

    # --- the giver's data -------------------------------------------------------------------------

    def export(self) -> None:
        """Everything kept about people and sessions, to a JSON file the giver names."""
        suggested = Path.home() / EXPORT_NAME.format(day=self._today().isoformat())
        chosen, _ = QFileDialog.getSaveFileName(
            self._window, "Export my data", str(suggested), "JSON files (*.json)"
        )
        if not chosen:
            return
        try:
            write_json(Path(chosen), self._history.export(), own_folder=False)
        except StoreError as error:
            self._tell(f"Your data could not be exported: {error.reason or error}.")
            return
        self._tell(f"Your data was exported to {chosen}.")

    def forget_everything(self) -> None:
        """Everyone and every session deleted from this computer, once the giver is sure."""
        try:
            count = self._history.count()
        except StoreError as error:
            self._tell(f"Your history could not be read: {error.reason or error}.")
            return
        what = "Everyone you added and their safety answers"
        if count:
            sessions = "your one session" if count == 1 else f"all {count} sessions"
            what = f"Everyone you added, their safety answers and the record of {sessions}"
        detail = FORGET_DETAIL.format(what=what)
        if not confirm(self._window, FORGET_QUESTION, detail, yes="Delete everything"):
            return
        said = "Everyone you added and the record of every session were deleted."
        try:
            self._history.forget_everything()
        except StoreError as error:
            if not self._gone(lambda: not self._people.list() and not self._history.sessions(1)):
                self._tell(f"Your data could not be deleted: {error.reason or error}.")
                return
            said = UNTIDIED.format(what="Everything was", reason=error.reason or error)
        self._preparation.choose_person(None)
        self.show_people()
        self._tell(said)

    def _gone(self, deleted: Callable[[], bool]) -> bool:
        """Whether a delete that failed had deleted, and failed only to tidy the file after."""
        try:
            return deleted()
        except StoreError:
            return False
