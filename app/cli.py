"""The command line: its parser, and the verbs that need no window (plans, sounds, people,
doctor)."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

from app import __version__, arguments
from app.audio.engine import MAX_LAYERS, STREAM_THRESHOLD_SECONDS
from app.core.durations import position
from app.core.plan import (
    BUILT_IN_PLANS,
    SLUG,
    Area,
    Plan,
    PlanError,
    built_in_plan,
)
from app.core.plan_book import MISSING_SOUNDS, PLANS_FOLDER, PlanBook, missing_sounds
from app.core.plan_file import load_plan_file, plan_to_json
from app.core.store import StoreError, plain_reason, present
from app.paths import AppPaths, find_assets_dir

if TYPE_CHECKING:
    from app.audio.library import SoundLibrary
    from app.core.people import Person


DATA_DIR_HELP = "keep all data in DIR"
_TOO_LONG = re.compile(r"\S{200,}")  # no name or word Lull says is this long: typed input


class UsageError(Exception):
    """Bad input on the command line: shown as one line, exit status 1."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="lull",
        description="A calm companion for giving a good back massage at home.",
        epilog="With no command, Lull opens its window.",
    )
    parser.add_argument("--version", action="version", version=f"lull {__version__}")
    parser.add_argument("--plan", metavar="ID|FILE", help="the plan to open: an id or a plan file")
    parser.add_argument(
        "--minutes", type=arguments.minutes, metavar="N", help="the session's length"
    )
    parser.add_argument("--start", action="store_true", help="start the session at once")
    parser.add_argument(
        "--sounds", metavar="ID[,ID]", help="soundscapes to play at once, e.g. river,soft-music"
    )
    parser.add_argument(
        "--speed",
        type=arguments.speed,
        default=1.0,
        metavar="F",
        help="run the session clock F times faster, to rehearse a plan",
    )
    parser.add_argument("--data-dir", type=arguments.data_folder, metavar="DIR", help=DATA_DIR_HELP)
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    entry = parser.add_mutually_exclusive_group()
    entry.add_argument(
        "--install-desktop-entry",
        dest="desktop_entry",
        action="store_const",
        const="install",
        help="put Lull into the desktop's launcher (your own folders only)",
    )
    entry.add_argument(
        "--uninstall-desktop-entry",
        dest="desktop_entry",
        action="store_const",
        const="uninstall",
        help="take Lull out of the launcher again",
    )
    # After a command too (lull people --data-dir DIR); unset there, it leaves the one before.
    data_dir = _Parser(add_help=False)
    data_dir.add_argument(
        "--data-dir",
        type=arguments.data_folder,
        metavar="DIR",
        default=argparse.SUPPRESS,
        help=DATA_DIR_HELP,
    )
    verbs = parser.add_subparsers(dest="verb", metavar="COMMAND")
    plans = verbs.add_parser(
        "plans", parents=[data_dir], help="list the plans: the built-in ones and your own"
    )
    plans.add_argument("--json", action="store_true", help="as a JSON list")
    one = plans.add_mutually_exclusive_group()
    one.add_argument(
        "--show",
        type=arguments.plan_id,
        metavar="ID",
        help="print one plan in the plan file format",
    )
    one.add_argument(
        "--import",
        dest="import_file",
        type=arguments.file_name,
        metavar="FILE",
        help="add a plan file to yours",
    )
    one.add_argument(
        "--export",
        nargs=2,
        type=arguments.plan_id_or_file,
        metavar=("ID", "FILE"),
        help="write a plan to a file",
    )
    check = verbs.add_parser(
        "check-plan", parents=[data_dir], help="check a plan file; exit 1 with the reason"
    )
    check.add_argument("file", type=arguments.file_name)
    sounds = verbs.add_parser("sounds", parents=[data_dir], help="list the soundscapes and chimes")
    sounds.add_argument("--json", action="store_true", help="as a JSON list")
    changes = sounds.add_subparsers(dest="change", metavar="add|remove")
    add = changes.add_parser(
        "add",
        parents=[data_dir],
        help="add a sound file of your own (OGG, MP3, WAV, FLAC, AIFF, Opus)",
    )
    add.add_argument("file", type=arguments.file_name)
    add.add_argument("--title", help="its name in Lull (the file's name otherwise)")
    remove = changes.add_parser("remove", parents=[data_dir], help="remove a sound you added")
    remove.add_argument("id")
    people = verbs.add_parser(
        "people", parents=[data_dir], help="list the people you give massages to"
    )
    people.add_argument("--json", action="store_true", help="as a JSON list")
    verbs.add_parser(
        "doctor",
        parents=[data_dir],
        help="check the display, the sound, the folders and the assets",
    )
    return parser


def resolve_plan(reference: str, data_dir: Path | None = None) -> Plan:
    """A built-in plan or one of the user's (in `data_dir`'s data), by id; or a plan file."""
    if not reference.strip():
        raise PlanError("--plan needs a plan's id or a plan file, not nothing")
    try:
        return find_plan(reference, data_dir)
    except PlanError:
        try:
            is_file = bool(Path(reference).suffix) or Path(reference).exists()
        except OSError as error:  # a name longer than any file's, say
            said = f"'{reference[:40]}…' cannot be a plan: {plain_reason(error)}"
            raise PlanError(said) from None
        if is_file:
            return load_plan_file(Path(reference))
        raise


def find_plan(plan_id: str, data_dir: Path | None) -> Plan:
    """A built-in plan, or one of the user's read from its own file, touching nothing else: a
    damaged plan beside it is set aside, and said so, by whatever reads them all next."""
    try:
        return built_in_plan(plan_id)
    except PlanError:
        pass
    own = _plan_book(data_dir).folder / f"{plan_id}.json"
    if SLUG.fullmatch(plan_id) and os.path.lexists(own):
        return replace(load_plan_file(own), id=plan_id)
    raise PlanError(f"there is no plan called '{plan_id}' ('lull plans' lists them all)")


def _plan_book(data_dir: Path | None) -> PlanBook:
    """The user's plans, unread: nothing is read or made until asked."""
    return PlanBook(AppPaths.from_platform(data_dir).data / PLANS_FOLDER)


def run_verb(args: argparse.Namespace) -> int:
    if args.desktop_entry:
        return _desktop_entry(args.desktop_entry, sys.stdout)
    if args.verb == "plans":
        return _plans(args, sys.stdout)
    if args.verb == "sounds":
        return _sounds(args)
    if args.verb == "people":
        return _people(args, sys.stdout)
    if args.verb == "doctor":
        from app.doctor import run_doctor

        return run_doctor(AppPaths.from_platform(args.data_dir))
    if args.verb == "check-plan":
        try:
            plan = load_plan_file(args.file)
        except PlanError as error:  # the file named once: some reasons name it themselves
            said = str(error)
            raise PlanError(said if args.file.name in said else f"{args.file}: {said}") from None
        print(f"{args.file}: a valid plan, '{plan.title}', {plan.minutes:g} minutes")
        _say_missing_sounds(plan, AppPaths.from_platform(args.data_dir), sys.stdout)
        return 0
    raise UsageError(f"unknown command {args.verb}")


def _desktop_entry(change: str, out: TextIO) -> int:
    from app.desktop.launcher import LauncherError, install, uninstall

    assets = find_assets_dir()
    try:
        if change == "install":
            written = install(assets)
            print(f"Lull is in the launcher: {len(written)} files written, the entry in", file=out)
            print(f"  {written[0]}", file=out)
            return 0
        removed = uninstall(assets)
    except LauncherError as error:
        raise UsageError(str(error)) from None
    count = len(removed)
    said = f"{count} file{'' if count == 1 else 's'} removed" if count else "it was not there"
    print(f"Lull is out of the launcher: {said}.", file=out)
    return 0


def _plans(args: argparse.Namespace, out: TextIO) -> int:
    book = _plan_book(args.data_dir)
    if args.import_file is not None:
        return _import_plan(book, args.import_file, AppPaths.from_platform(args.data_dir), out)
    if args.export:
        plan_id, file = args.export
        plan = find_plan(plan_id, args.data_dir)
        return _export_plan(book, plan, Path(file).absolute(), out)
    if args.show:
        out.write(plan_to_json(find_plan(args.show, args.data_dir)))
        return 0
    book.load()
    _tell([*book.problems, *book.settling])
    listed = [(plan, "built-in") for plan in BUILT_IN_PLANS] + [(p, "user") for p in book.plans]
    if args.json:
        rows = [
            {
                "id": plan.id,
                "title": plan.title,
                "minutes": plan.minutes,
                "position": plan.position.value,
                "phases": len(plan.phases),
                "description": plan.description,
                "kind": kind,
            }
            for plan, kind in listed
        ]
        json.dump(rows, out, indent=2, ensure_ascii=False)
        out.write("\n")
        return 0
    width = max(len(plan.id) for plan, _ in listed)
    print(f"{'ID':<{width}}  {'MIN':>4}  {'POSITION':<8}  {'KIND':<8}  TITLE", file=out)
    for plan, kind in listed:
        print(
            f"{plan.id:<{width}}  {plan.minutes:>4g}  {plan.position.value:<8}  {kind:<8}  "
            f"{plan.title}",
            file=out,
        )
    return 0


def _import_plan(book: PlanBook, file: Path, paths: AppPaths, out: TextIO) -> int:
    try:
        plan = book.import_file(file)
    except PlanError as error:
        raise UsageError(f"“{file.name}” could not be imported: {error}") from None
    except StoreError as error:
        raise UsageError(f"“{file.name}” could not be imported: {error.reason}") from None
    _tell(book.problems)
    print(f"Imported “{plan.title}” as {plan.id}.", file=out)
    _say_missing_sounds(plan, paths, out)
    return 0


def _export_plan(book: PlanBook, plan: Plan, file: Path, out: TextIO) -> int:
    try:
        book.export(plan, file)
    except StoreError as error:
        raise UsageError(
            f"“{plan.title}” could not be exported to {file}: {error.reason}"
        ) from None
    print(f"Exported “{plan.title}” to {file}.", file=out)
    return 0


def _say_missing_sounds(plan: Plan, paths: AppPaths, out: TextIO) -> None:
    """One line naming the sounds `plan` plays that the user does not have, if it names any."""
    if not plan.sounds:
        return
    from app.audio.library import SoundLibrary
    from app.audio.sound import Kind

    library = SoundLibrary.inspected(paths.audio_assets, paths.data / "sounds")
    missing = missing_sounds(plan, {entry.id for entry in library.entries(Kind.AMBIENCE)})
    if missing:
        print(MISSING_SOUNDS.format(sounds=", ".join(missing)), file=out)


def _people(args: argparse.Namespace, out: TextIO) -> int:
    from app.core.database import DATABASE_NAME, Database
    from app.core.export import person_document
    from app.core.history import History
    from app.core.people import PeopleBook

    path = AppPaths.from_platform(args.data_dir).data / DATABASE_NAME
    people: list[tuple[Person, int]] = []  # each with how many sessions they have had
    try:
        there = present(path)
    except OSError as error:  # not "No one yet": they may be there, unread
        raise UsageError(
            f"your people could not be read: {plain_reason(error, reading=True)}"
        ) from None
    if there:  # a listing makes no database where there is none
        database = Database.open(path)
        if database.path is None:  # not opened: an empty history in memory is not "No one"
            database.close()
            raise UsageError(f"your people could not be read: {path} could not be opened")
        _tell(database.problems)
        book, history = PeopleBook(database), History(database)
        people = [(person, history.count(person.id)) for person in book.list()]
        _tell((*book.problems, *history.problems))
        database.close()
    if args.json:
        rows = [{**person_document(person), "sessions": count} for person, count in people]
        json.dump(rows, out, indent=2, ensure_ascii=False)
        out.write("\n")
        return 0
    if not people:
        print("No one yet: add someone in Lull's window, under “for: anyone”.", file=out)
        return 0
    width = max(len("NAME"), *(len(person.name) for person, _ in people))
    print(f"{'NAME':<{width}}  {'POSITION':<8}  {'PRESSURE':<8}  {'SESSIONS':>8}  FOCUS", file=out)
    for person, sessions in people:
        focus = ", ".join(area.label for area in Area if area in person.focus) or "-"
        print(
            f"{person.name:<{width}}  {person.position.value:<8}  {person.firmness.value:<8}  "
            f"{sessions:>8}  {focus}",
            file=out,
        )
    return 0


def _sounds(args: argparse.Namespace) -> int:
    from app.audio.library import SoundLibrary

    paths = AppPaths.from_platform(args.data_dir)
    # A listing only reads: a damaged index is told of, and left for the window to set aside.
    library = (SoundLibrary.inspected if args.change is None else SoundLibrary.open)(
        paths.audio_assets, paths.data / "sounds"
    )
    try:
        if args.change == "add":
            _add_sound(library, args.file, args.title)
        elif args.change == "remove":
            _remove_sound(library, args.id)
        else:
            _list_sounds(library, as_json=args.json)
    except UsageError as error:
        # A change refused because the index is held read-only says why in its one line.
        said = library.held if library.held and library.held in str(error) else None
        _tell(problem for problem in library.problems if said is None or said not in problem)
        raise
    _tell(library.problems)
    return 0


def _tell(problems: Iterable[str]) -> None:
    for problem in problems:
        print(f"lull: {one_line(problem)}", file=sys.stderr)


def one_line(text: str) -> str:
    """`text` as one line a terminal shows as it is: a line break, an escape sequence or any
    other unprintable character in it (a file's name may hold any) is written as its escape,
    and a run of characters too long to read (what was typed, said back) is shortened in its
    middle."""
    printable = "".join(
        char if char.isprintable() else char.encode("unicode_escape").decode("ascii")
        for char in text
    )
    return _TOO_LONG.sub(lambda run: f"{run[0][:50]}…{run[0][-10:]}", printable)


def _add_sound(library: SoundLibrary, file: Path, title: str | None) -> None:
    from app.audio.errors import AudioError

    try:
        outcome = library.import_file(file, title=title)
    except AudioError as error:
        raise UsageError(error.reason) from None
    entry = outcome.entry
    if outcome.added:
        print(f"Added “{entry.title}” as {entry.id} ({position(entry.seconds)})")
    elif outcome.renamed:
        print(f"“{file.name}” was in Lull already as {entry.id}; renamed “{entry.title}”")
    else:
        print(f"“{file.name}” is in Lull already, as “{entry.title}” ({entry.id})")


def _remove_sound(library: SoundLibrary, sound_id: str) -> None:
    from app.audio.errors import AudioError

    try:
        shown = f"“{library.get(sound_id).title}”"
    except KeyError:
        shown = f"the unusable entry '{sound_id}'"  # listed only among the problems
    try:
        library.remove(sound_id)
    except KeyError:
        raise UsageError(f"there is no sound called '{sound_id}' (see 'lull sounds')") from None
    except ValueError:
        raise UsageError(f"'{sound_id}' is built into Lull and cannot be removed") from None
    except AudioError as error:
        raise UsageError(error.reason) from None
    print(f"Removed {shown}")


def _list_sounds(library: SoundLibrary, *, as_json: bool) -> None:
    from app.audio.sound import Kind

    # The spoken prompts are the voice's lines, not sounds to choose: the list stays as it was.
    entries = [entry for entry in library.entries() if entry.kind is not Kind.PROMPT]
    if as_json:
        rows = [
            {
                "id": entry.id,
                "title": entry.title,
                "kind": entry.origin.value,
                "type": entry.kind.value,
                "seconds": round(entry.seconds, 3),
                "path": str(entry.path),
                "missing": entry.missing,
            }
            for entry in entries
        ]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    width = max((len(entry.id) for entry in entries), default=2)
    print(f"{'ID':<{width}}  {'KIND':<9}  {'TYPE':<8}  {'LENGTH':>7}  TITLE")
    for entry in entries:
        missing = "  (missing)" if entry.missing else ""
        print(
            f"{entry.id:<{width}}  {entry.origin.value:<9}  {entry.kind.value:<8}  "
            f"{position(entry.seconds):>7}  {entry.title}{missing}"
        )
    long_ones = [entry for entry in entries if entry.seconds > STREAM_THRESHOLD_SECONDS]
    if long_ones:
        print(
            f"Sounds over {STREAM_THRESHOLD_SECONDS / 60:g} minutes are streamed from disk: "
            f"one of them plays at a time; up to {MAX_LAYERS} sounds play at once."
        )
