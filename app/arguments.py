"""What each of the command line's arguments takes, refused in plain words: argparse says
"argument --data-dir: " and the reason, on one line."""

from __future__ import annotations

import argparse
import os
import stat
from pathlib import Path

from app.core.plan import MAX_PLAN_MINUTES, MIN_PLAN_MINUTES

# SQLite opens no file whose path is longer than 512 bytes: the history, below the data folder
# (data/lull.db-journal), needs the rest.
MAX_DATA_FOLDER_BYTES = 480


def given(what: str, text: str) -> str:
    if not text:
        raise argparse.ArgumentTypeError(f"{what} is needed here, not an empty name")
    return text


def file_name(text: str) -> Path:
    return Path(given("a file", text))


def plan_id(text: str) -> str:
    return given("a plan's id", text)


def plan_id_or_file(text: str) -> str:
    return given("a plan's id and a file", text)


def data_folder(text: str) -> Path:
    """A folder Lull can keep its files in: not a file nor a loop of links, one this user may
    read (one they may not write is used read-only), with room for Lull's names below it. An
    empty name would be the current folder, silently."""
    named = Path(given("a folder", text))
    try:
        folder = named.resolve()
    except (RuntimeError, OSError):  # a loop (RuntimeError before Python 3.13)
        raise argparse.ArgumentTypeError(f"{named.absolute()} is a loop of links") from None
    length = len(os.fsencode(folder))
    if length > MAX_DATA_FOLDER_BYTES:
        raise argparse.ArgumentTypeError(
            f"its path is too long ({length} characters): Lull takes up to "
            f"{MAX_DATA_FOLDER_BYTES}, for its files to fit below it"
        )
    if any(len(os.fsencode(part)) > os.pathconf("/", "PC_NAME_MAX") for part in folder.parts):
        raise argparse.ArgumentTypeError("a name in its path is longer than any folder's can be")
    for place in (folder, *folder.parents):  # the first that is there must be a folder
        try:
            found = place.stat()
        except (FileNotFoundError, NotADirectoryError):
            continue  # not there yet: Lull makes it
        except OSError:
            break  # not for the parser to judge: the verb says what it cannot read
        if not stat.S_ISDIR(found.st_mode):
            raise argparse.ArgumentTypeError(f"{place} is a file, not a folder")
        if not os.access(place, os.R_OK | os.X_OK):  # another user's: theirs, not "No one yet"
            raise argparse.ArgumentTypeError(f"{place} cannot be used: you may not read it")
        break
    return Path(text)


def minutes(text: str) -> int:
    try:
        minutes = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of minutes") from None
    if not MIN_PLAN_MINUTES <= minutes <= MAX_PLAN_MINUTES:
        raise argparse.ArgumentTypeError(
            f"a session lasts from {MIN_PLAN_MINUTES} to {MAX_PLAN_MINUTES} minutes, not {minutes}"
        )
    return minutes


# A rehearsal: slower, a phase's timer would overflow; faster, a phase passes unheard.
MIN_SPEED, MAX_SPEED = 0.1, 10_000


def speed(text: str) -> float:
    try:
        speed = float(text)
    except ValueError:
        speed = float("nan")
    if not MIN_SPEED <= speed <= MAX_SPEED:  # also refuses nan
        raise argparse.ArgumentTypeError(
            f"the speed must be from {MIN_SPEED:g} to {MAX_SPEED:g}, not '{text}'"
        )
    return speed
