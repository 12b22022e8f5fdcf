"""What is being prepared: the plan, its length, who it is for and the room. The window shows
it and changes it only through intent; whoever needs to follow it subscribes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from app.core.people import Person
from app.core.plan import MAX_PLAN_MINUTES, Plan, Position
from app.core.plan_rules import MAX_ID_CHARS, MAX_TITLE_CHARS
from app.core.room import Checklist, ChecklistItem
from app.core.tailoring import tailored

OWN_TITLE = " (your file)"  # a plan from a file never looks like the plan it copies


@dataclass(frozen=True)
class PlanChoice:
    """A plan on offer: built in, one of the user's own (kept in the data folder), or opened
    from a file elsewhere (`file`)."""

    plan: Plan
    file: Path | None = None
    own: bool = False  # one of the user's plans, kept by Lull: it can be edited and deleted


class Preparation:
    """The chosen plan and length, the person, and the room checklist, before and between
    sessions."""

    def __init__(
        self,
        plans: Sequence[Plan],
        checklist: Checklist,
        *,
        chosen: str,
        minutes: int | None = None,
        file: tuple[Plan, Path] | None = None,
        own: Sequence[Plan] = (),
    ) -> None:
        self._built_in = tuple(plans)
        self._choices = [PlanChoice(plan) for plan in plans]
        self._choices += [PlanChoice(plan, own=True) for plan in own]
        self.checklist = checklist
        self._listeners: list[Callable[[], None]] = []
        self.person: Person | None = None
        self._index = next((n for n, c in enumerate(self._choices) if c.plan.id == chosen), 0)
        if file is not None:
            self._index = self._add_file(*file)
        self.minutes = self._fitting(minutes or round(self.plan.minutes))

    # --- what it is -----------------------------------------------------------------------------

    @property
    def choices(self) -> list[PlanChoice]:
        return list(self._choices)

    @property
    def index(self) -> int:
        return self._index

    @property
    def choice(self) -> PlanChoice:
        return self._choices[self._index]

    @property
    def plan(self) -> Plan:
        return self.choice.plan

    @property
    def shortest(self) -> int:
        return self.plan.shortest_minutes

    def file_to_remember(self) -> str:
        """The chosen plan's file, to open again next time; empty for a built-in plan, or for
        a file whose name JSON cannot hold (bytes that are not text)."""
        name = str(self.choice.file or "")
        try:
            name.encode("utf-8")
        except UnicodeEncodeError:
            return ""
        return name

    @property
    def person_id(self) -> int | None:
        return self.person.id if self.person is not None else None

    @property
    def position(self) -> Position:
        """Lying or seated: as the person prefers, else as the plan is written."""
        return self.person.position if self.person is not None else self.plan.position

    def prepared(self) -> Plan:
        """The chosen plan at the chosen length, tailored to the person, ready to run."""
        return tailored(self.plan, self.person, _seconds(self.plan, self.minutes))

    def preview(self, index: int, *, tailor: bool = True) -> Plan:
        """Choice `index` as it would be given if chosen now: the chosen plan at the chosen
        length, another at its own; tailored to the person unless `tailor` is False (to show
        where the person's focus moves the time)."""
        plan = self._choices[index].plan
        minutes = self.minutes if index == self._index else round(plan.minutes)
        total = _seconds(plan, max(plan.shortest_minutes, min(MAX_PLAN_MINUTES, minutes)))
        return tailored(plan, self.person if tailor else None, total)

    def left_to_do(self) -> list[ChecklistItem]:
        """What the room still lacks: asked about before Start, never forced."""
        return self.checklist.left_to_do()

    # --- intent ---------------------------------------------------------------------------------

    def subscribe(self, listener: Callable[[], None]) -> None:
        """Call `listener` after every change of plan, length or person."""
        self._listeners.append(listener)

    def choose(self, index: int) -> None:
        """Another plan, at its own length."""
        if index == self._index or not 0 <= index < len(self._choices):
            return
        self._index = index
        self.minutes = self._fitting(round(self.plan.minutes))
        self._changed()

    def set_minutes(self, minutes: int) -> None:
        fitting = self._fitting(minutes)
        if fitting != self.minutes:
            self.minutes = fitting
            self._changed()

    def choose_person(self, person: Person | None) -> None:
        """Someone to tailor the session to, or no one in particular; also after an edit."""
        if person != self.person:
            self.person = person
            self._changed()

    def open_file(self, plan: Plan, path: Path) -> None:
        """A plan of one's own, opened from a file: chosen, at its own length."""
        self._index = self._add_file(plan, path)
        self.minutes = self._fitting(round(self.plan.minutes))
        self._changed()

    def show_own(self, plans: Sequence[Plan], chosen: str | None = None) -> None:
        """The user's own plans as they are now kept (after an edit, an import, a delete, or
        another window's change); `chosen` is chosen if given, else the chosen plan stays
        chosen while it is there, at its length."""
        before, choices, index, minutes = self.choice, self._choices, self._index, self.minutes
        self._choices = [PlanChoice(plan) for plan in self._built_in]
        self._choices += [PlanChoice(plan, own=True) for plan in plans]
        for choice in choices:  # never under an id or title one's own plans now have
            if choice.file is not None:
                self._choices.append(PlanChoice(self._own(choice.plan, None), choice.file))
        kept = [n for n, c in enumerate(self._choices) if _same(c, before, chosen)]
        self._index = kept[0] if kept else 0
        same = chosen is None and self.choice == before
        self.minutes = self._fitting(minutes if same else round(self.plan.minutes))
        if (self._choices, self._index, self.minutes) != (choices, index, minutes):
            self._changed()

    # --- inside ---------------------------------------------------------------------------------

    def _add_file(self, plan: Plan, path: Path) -> int:
        """Its place among the choices; a plan from a file never shadows another plan."""
        for number, choice in enumerate(self._choices):
            if choice.file == path:
                self._choices[number] = PlanChoice(self._own(plan, exclude=number), path)
                return number
        self._choices.append(PlanChoice(self._own(plan, exclude=None), path))
        return len(self._choices) - 1

    def _own(self, plan: Plan, exclude: int | None) -> Plan:
        others = [c.plan for n, c in enumerate(self._choices) if n != exclude]
        taken_ids, taken_titles = {p.id for p in others}, {p.title for p in others}
        plan_id, number = plan.id, 1
        while plan_id in taken_ids:
            number += 1
            suffix = f"-{number}"
            plan_id = plan.id[: MAX_ID_CHARS - len(suffix)].rstrip("-") + suffix
        title = plan.title
        if title in taken_titles:
            title = plan.title[: MAX_TITLE_CHARS - len(OWN_TITLE)].rstrip() + OWN_TITLE
        return replace(plan, id=plan_id, title=title)

    def _fitting(self, minutes: int) -> int:
        return max(self.shortest, min(MAX_PLAN_MINUTES, minutes))

    def _changed(self) -> None:
        for listener in self._listeners:
            listener()


def _seconds(plan: Plan, minutes: int) -> int:
    """`minutes` in seconds; a plan's own length to the second when that is what is chosen
    (16:30 is "16 min" in the length box, and is given as 16:30)."""
    return plan.total_seconds if minutes == round(plan.minutes) else minutes * 60


def _same(choice: PlanChoice, before: PlanChoice, chosen: str | None) -> bool:
    """Whether `choice` is the one to choose: the plan of id `chosen` if given, else the one
    chosen before (a plan from a file known by its file, as its id may have changed)."""
    if chosen is not None:
        return choice.plan.id == chosen
    if before.file is not None:
        return choice.file == before.file
    return choice.file is None and choice.plan.id == before.plan.id
