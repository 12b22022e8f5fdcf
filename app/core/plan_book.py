"""The user's own plans, one plan file each in the data folder: listed, saved, renamed, deleted,
imported and exported; never in place of a built-in plan, never over a file Lull cannot read."""

from __future__ import annotations

import contextlib
import logging
import os
import re
import stat
import time
import unicodedata
from collections.abc import Collection, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from app.core.plan import BUILT_IN_PLANS, SLUG, Plan, PlanError, PlanProblem
from app.core.plan_file import (
    MAX_PLAN_FILE_BYTES,
    NULL_REASON,
    PLAN_FORMAT,
    PLAN_FORMAT_VERSION,
    load_plan_file,
    plan_from_dict,
    plan_to_dict,
)
from app.core.plan_rules import MAX_ID_CHARS, MAX_TITLE_CHARS, validate_plan
from app.core.store import (
    DamagedFile,
    StoreError,
    UnreadableFile,
    load_json,
    locked,
    plain_reason,
    set_aside,
    tidy,
    write_json,
)

log = logging.getLogger(__name__)

PLANS_FOLDER = "plans"  # in the data folder
SUFFIX = ".json"
MAX_PLANS = 200  # far more than anyone keeps: a folder holding more is read no further
NEW_ID_CHARS = 40  # an id made from a title: long enough to tell plans apart, short to type
FALLBACK_ID = "my-plan"  # for a title with nothing left once folded to ASCII
# A file that is no plan, written to this recently, is a copy or a download still under way:
# left to settle and read again (SETTLE_SECONDS later), not set aside as damaged.
SETTLE_SECONDS = 30.0  # an attacker's copy paused 8 s between its writes
NAMED_AT_MOST = 3  # oddly named files said by name; more are counted
MISSING_SOUNDS = "It names sounds you do not have ({sounds}); the rest of it works as it is."
_BUILT_IN_IDS = frozenset(plan.id for plan in BUILT_IN_PLANS)
_NOT_IN_AN_ID = re.compile(r"[^a-z0-9]+")


def plan_id_for(title: str) -> str:
    """An id made from a title: ASCII letters and digits joined by dashes, at most 40 long."""
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_IN_AN_ID.sub("-", folded.lower()).strip("-")
    return slug[:NEW_ID_CHARS].rstrip("-") or FALLBACK_ID


def missing_sounds(plan: Plan, known: Collection[str]) -> list[str]:
    """The sounds `plan` names that are not among `known` (the user's sound ids), in order."""
    return sorted(plan.sounds - set(known))


class PlanBook:
    """The plans in `<data>/plans/<id>.json`. Each change re-reads the folder under its lock,
    so a plan another Lull saved in the meantime is seen, and is never written over."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._plans: list[Plan] = []
        self._files: dict[str, Path] = {}  # a plan's id -> its file (a shadow's file differs)
        self._taken: set[str] = set(_BUILT_IN_IDS)  # ids no new plan may have
        self._unlisted = ""  # why the folder could not be listed: then nothing is written in it
        self.problems: list[str] = []  # as found at the last reading, in plain words
        # Files at the last reading still being written, each said as `problems` are.
        self.settling: list[str] = []

    @property
    def folder(self) -> Path:
        """Where the plans are kept: another window's changes show up there."""
        return self._folder

    @property
    def plans(self) -> list[Plan]:
        """The plans as last read, by title."""
        return list(self._plans)

    def find(self, plan_id: str) -> Plan | None:
        """One of the plans as last read, by id."""
        return next((plan for plan in self._plans if plan.id == plan_id), None)

    def load(self) -> list[Plan]:
        """Read the plans as they are now; a damaged file is set aside, and what could not be
        read is left as it is; both are named in `problems`."""
        tidy(self._folder)
        self._read()
        return self.plans

    # --- changes ----------------------------------------------------------------------------

    def save(self, plan: Plan, replacing: str | None = None) -> Plan:
        """Keep `plan`, as a new plan or (`replacing`) over the plan of that id, keeping the id;
        PlanError names every problem, StoreError says why it was not written."""
        validate_plan(replace(plan, id=replacing or plan_id_for(plan.title)))
        with self._locked():
            if replacing in self._files or (replacing and replacing not in self._taken):
                plan_id = replacing  # written over, or back under its id if deleted meanwhile
            else:
                plan_id = self._free_id(plan_id_for(plan.title))
            self._refuse_taken_title(plan.title, besides=replacing)
            return self._write(replace(plan, id=plan_id))

    def rename(self, plan_id: str, title: str) -> Plan:
        """The plan with a new title, keeping its id; PlanError if the title is taken or the
        plan is no longer there."""
        with self._locked():
            plan = self._own(plan_id)
            self._refuse_taken_title(title, besides=plan_id)
            return self._write(replace(plan, title=title))

    def delete(self, plan_id: str) -> Plan:
        """Remove the plan; it is returned, to say what was deleted."""
        with self._locked():
            plan = self._own(plan_id)
            try:
                self._files[plan_id].unlink()
            except FileNotFoundError:
                pass  # removed by another window just now: gone all the same
            except OSError as error:
                reason = plain_reason(error)
                raise StoreError(f"“{plan.title}” could not be deleted: {reason}", reason) from None
            self._forget(plan_id)
        return plan

    def import_file(self, path: Path) -> Plan:
        """Add the plan in a plan file, under a free id and title; PlanError says why a file is
        not a plan, before anything is touched."""
        plan = load_plan_file(path)
        with self._locked():
            return self._add(plan)

    def export(self, plan: Plan, path: Path) -> None:
        """Write `plan` to a plan file at `path`, a place the user chose, replacing a file there:
        Lull neither makes that folder nor changes it. StoreError says why, leaving nothing. Never
        into a plans folder, where it would write over a plan: there, importing is the way."""
        inside = Path(os.path.realpath(path)).parent == Path(os.path.realpath(self._folder))
        reason = "that is where Lull keeps your plans" if inside else _why_not_written(path)
        if reason:
            raise StoreError(f"{path} could not be written: {reason}", reason)
        write_json(path, plan_to_dict(plan), own_folder=False)

    # --- inside -----------------------------------------------------------------------------

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the folder's lock, with the plans as they are now, another Lull's included."""
        with locked(self._folder, "your plans"):
            self._read()
            yield

    def _own(self, plan_id: str) -> Plan:
        plan = self.find(plan_id)
        if plan is not None:
            return plan
        if plan_id in _BUILT_IN_IDS:
            raise PlanError(f"'{plan_id}' is built into Lull: make a copy of it to change it")
        raise PlanError(
            f"the plan '{plan_id}' is no longer among your plans (another window may have "
            "deleted it)"
        )

    def _refuse_taken_title(self, title: str, *, besides: str | None) -> None:
        wanted = _folded(title)
        others = [*BUILT_IN_PLANS, *(plan for plan in self._plans if plan.id != besides)]
        if any(_folded(plan.title) == wanted for plan in others):
            message = f"there is a plan called “{title.strip()}” already"
            raise PlanError(message, [PlanProblem(field="title", message=message)])

    def _add(self, plan: Plan) -> Plan:
        plan_id = plan.id if SLUG.fullmatch(plan.id) else plan_id_for(plan.title)
        titles = {_folded(other.title) for other in (*BUILT_IN_PLANS, *self._plans)}
        return self._write(
            replace(plan, id=self._free_id(plan_id), title=_free_title(plan.title, titles))
        )

    def _free_id(self, base: str) -> str:
        """`base`, or base-2, base-3...: an id no plan has, nor any file there (one Lull could
        not list, or one another program put there just now)."""
        candidate, number = base, 1
        while candidate in self._taken or os.path.lexists(self._folder / f"{candidate}{SUFFIX}"):
            number += 1
            suffix = f"-{number}"
            candidate = base[: NEW_ID_CHARS - len(suffix)].rstrip("-") + suffix
        return candidate

    def _write(self, plan: Plan) -> Plan:
        """Write `plan` under its id, holding the lock; the plan exactly as it loads back."""
        if self._unlisted:
            reason = f"your plans folder could not be read ({self._unlisted})"
            raise StoreError(f"nothing was saved: {reason}", reason)
        saved = plan_from_dict(plan_to_dict(replace(plan, title=plan.title.strip())))
        target = self._folder / f"{saved.id}{SUFFIX}"
        write_json(target, plan_to_dict(saved))
        before = self._files.get(saved.id)
        if before is not None and before != target:  # filed under a built-in's id: no longer
            try:
                before.unlink()
            except OSError as error:
                log.warning("could not remove %s, now saved as %s: %s", before, target, error)
        self._forget(saved.id)
        self._files[saved.id] = target
        self._taken.add(saved.id)
        self._plans = sorted([*self._plans, saved], key=lambda p: p.title.casefold())
        return saved

    def _forget(self, plan_id: str) -> None:
        self._plans = [plan for plan in self._plans if plan.id != plan_id]
        self._files.pop(plan_id, None)

    def _read(self) -> None:
        problems: list[str] = []
        settling: list[str] = []
        stems = self._stems(problems)
        self._taken = set(_BUILT_IN_IDS) | set(stems)  # unreadable ones too: never written over
        if len(stems) > MAX_PLANS:
            problems.append(
                f"Your plans folder holds {len(stems)} plan files; "
                f"Lull reads the first {MAX_PLANS}."
            )
        titles = {_folded(plan.title) for plan in BUILT_IN_PLANS}
        self._plans, self._files = [], {}
        for stem in stems[:MAX_PLANS]:
            path = self._folder / f"{stem}{SUFFIX}"
            plan = _read_plan(path, problems, settling)
            if plan is None:
                continue
            plan_id = self._free_id(stem) if stem in _BUILT_IN_IDS else stem
            self._taken.add(plan_id)
            plan = replace(plan, id=plan_id, title=_free_title(plan.title, titles))
            titles.add(_folded(plan.title))
            self._files[plan_id] = path
            self._plans.append(plan)
        self._plans.sort(key=lambda plan: plan.title.casefold())
        self.problems, self.settling = problems, settling

    def _stems(self, problems: list[str]) -> list[str]:
        """The ids the folder's plan files are named by, in order; odd names are said."""
        stems, odd = [], []
        self._unlisted = ""
        try:
            with os.scandir(self._folder) as entries:
                for entry in entries:
                    name = entry.name
                    if name.startswith(".") or not name.endswith(SUFFIX):
                        continue  # another kind of file, or a save under way or interrupted
                    stem = name[: -len(SUFFIX)]
                    if SLUG.fullmatch(stem) and len(stem) <= MAX_ID_CHARS:
                        stems.append(stem)
                    else:
                        odd.append(name)
        except FileNotFoundError:
            return []
        except OSError as error:
            self._unlisted = plain_reason(error, reading=True)
            problems.append(f"Your plans folder could not be read ({self._unlisted}).")
            return []
        if odd:
            problems.append(_odd_names(sorted(odd)))
        return sorted(stems)


def _read_plan(path: Path, problems: list[str], settling: list[str]) -> Plan | None:
    """The plan in one file, or None with the reason in `problems`; or in `settling`, when it
    is not a plan but was written to just now (a copy still under way)."""

    def damaged(reason: str) -> None:
        if _written_just_now(path):
            settling.append(
                f"Your plan file {path.name} could not be used ({reason}); written just now, "
                "it is left as it is."
            )
        else:
            problems.append(_set_aside(path, reason))

    try:
        data = load_json(path, MAX_PLAN_FILE_BYTES)
    except UnreadableFile as error:
        problems.append(
            f"Your plan file {path.name} could not be read ({error.reason}); it is left as it is."
        )
        return None
    except DamagedFile as error:
        damaged(str(error))
        return None
    if data is None:
        if path.is_symlink() and not path.exists():
            problems.append(_set_aside(path, "it is a link to nothing"))
        elif os.path.lexists(path):
            damaged(NULL_REASON)
        return None  # else deleted by another window just now
    if _newer(data):
        problems.append(
            f"Your plan file {path.name} was made by a newer Lull; it is left as it is."
        )
        return None
    try:
        return plan_from_dict(data)
    except PlanError as error:
        damaged(str(error))
        return None


def _written_just_now(path: Path) -> bool:
    try:
        return time.time() - path.stat().st_mtime < SETTLE_SECONDS  # a link: its file's
    except OSError:
        return False


def _newer(data: Any) -> bool:
    """A plan file from a newer Lull: kept as it is, not set aside as damaged."""
    if not isinstance(data, dict) or data.get("format") != PLAN_FORMAT:
        return False
    version = data.get("version")
    return type(version) is int and version > PLAN_FORMAT_VERSION


def _set_aside(path: Path, reason: str) -> str:
    try:
        # A link is moved aside itself: what it points to, outside the folder, is not Lull's.
        aside = set_aside(path, through_link=False)
    except (OSError, StoreError) as error:
        log.warning("could not set aside %s: %s", path, error)
        return (
            f"Your plan file {path.name} could not be used ({reason}) nor moved aside; "
            "it is left as it is."
        )
    log.info("%s could not be used (%s); kept as %s", path, reason, aside)
    return f"Your plan file {path.name} could not be used ({reason}); it was kept as {aside.name}."


def _odd_names(names: list[str]) -> str:
    shown = ", ".join(f"“{name}”" for name in names[:NAMED_AT_MOST])
    more = len(names) - NAMED_AT_MOST
    if more > 0:
        shown += f" and {more} more"
    one = len(names) == 1
    return (
        f"{shown} in your plans folder {'is' if one else 'are'} not named like a plan "
        f"(lower-case letters, digits and dashes, then .json), so "
        f"{'it is' if one else 'they are'} left out."
    )


def _folded(title: str) -> str:
    return title.strip().casefold()


def _free_title(title: str, taken: Collection[str]) -> str:
    """`title`, or "title (2)", "title (3)"...: one no plan in `taken` (folded) has."""
    title, number = title.strip(), 1
    candidate = title
    while _folded(candidate) in taken:
        number += 1
        suffix = f" ({number})"
        candidate = title[: MAX_TITLE_CHARS - len(suffix)].rstrip() + suffix
    return candidate


def _why_not_written(path: Path) -> str:
    """Why a file cannot be written at `path`, a place Lull does not own; empty if it can."""
    target = Path(os.path.realpath(path))
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return "" if target.parent.is_dir() else f"there is no folder {target.parent}"
    except OSError as error:
        return plain_reason(error)
    if stat.S_ISDIR(mode):
        return "there is a folder of that name"
    if not stat.S_ISREG(mode):
        return "it is not a regular file"
    if not os.access(target, os.W_OK):  # replaced by a rename, it would be despite its mode
        return "Lull is not allowed to write over it"
    return ""
