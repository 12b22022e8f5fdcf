"""The only code that touches the user's files: bounded reads, strict JSON, locked atomic writes."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import glob
import json
import logging
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from app.core.strict_json import NotUsableJson, parse
from app.core.wording import capitalised

log = logging.getLogger(__name__)

MAX_JSON_BYTES = 4 << 20  # settings, state, the sound index and a plan are a few kilobytes
LOCK_NAME = ".lull.lock"  # one per folder: every write in the folder happens while holding it
LOCK_WAIT_SECONDS = 10.0  # another Lull writes in milliseconds; longer means it is stuck
TEMP_MARK = ".tmp-"  # in the name of a file being written; one left behind is from a killed write
FOLDER_MODE = 0o700  # massage notes and mixes are nobody else's business
_PLAIN_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the disk is read-only",
    errno.EACCES: "Lull is not allowed to write there",
    errno.EPERM: "Lull is not allowed to write there",
    errno.EFBIG: "the file would be too large",
}


class StoreError(Exception):
    """A file could not be read or written, for a reason outside the app, in plain words."""

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason or message  # the cause alone, to put after "Could not save the mix:"


class DamagedFile(StoreError):
    """The file was read, but what it holds is not a document Lull can use."""


class UnreadableFile(StoreError):
    """The file is there but could not be read (permissions, a FIFO, a device, a folder)."""


def plain_reason(error: OSError, *, reading: bool = False) -> str:
    """What an operating-system error means for the user, in a few words."""
    if reading and error.errno in (errno.EACCES, errno.EPERM):
        return "Lull is not allowed to read it"
    reason = _PLAIN_REASONS.get(error.errno or 0)
    return reason or (error.strerror or str(error)).lower()


def present(path: Path) -> bool:
    """Whether anything is at `path` (a dangling link too); OSError when that cannot be told,
    as when its folder may not be looked into (os.path.lexists would say "nothing")."""
    try:
        os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return False
    return True


def read_bytes(path: Path, limit: int = MAX_JSON_BYTES) -> bytes | None:
    """A regular file's bytes, or None when there is none; never hangs, never reads past `limit`.

    O_NONBLOCK makes opening a FIFO return at once; the file's type is checked before reading,
    so a FIFO, /dev/zero or a folder is refused instead of blocking or filling the memory.
    """
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    except ValueError:  # a NUL in the name: no file system has such a file
        reason = "its name is not one a file can have"
        raise UnreadableFile(f"{path.name!r} could not be read ({reason})", reason) from None
    except OSError as error:
        reason = plain_reason(error, reading=True)
        raise UnreadableFile(f"{path.name} could not be read ({reason})", reason) from error
    try:
        kind = os.fstat(handle).st_mode
        if not stat.S_ISREG(kind):
            what = "a folder" if stat.S_ISDIR(kind) else "not a regular file"
            raise UnreadableFile(f"{path.name} could not be read: it is {what}", f"it is {what}")
        data = _read_up_to(handle, limit + 1)
    except OSError as error:
        reason = plain_reason(error, reading=True)
        raise UnreadableFile(f"{path.name} could not be read ({reason})", reason) from error
    finally:
        os.close(handle)
    if len(data) > limit:
        raise DamagedFile(f"it is over {_size(limit)}, far too large")
    return data


def _read_up_to(handle: int, size: int) -> bytes:
    blocks = []
    while size > 0 and (block := os.read(handle, min(size, 1 << 20))):
        blocks.append(block)
        size -= len(block)
    return b"".join(blocks)


def _size(count: int) -> str:
    return f"{count / (1 << 20):g} MB" if count >= 1 << 20 else f"{count // 1000} kB"


def load_json(path: Path, limit: int = MAX_JSON_BYTES) -> Any:
    """A JSON file's document, None when there is no file; StoreError says what is wrong."""
    data = read_bytes(path, limit)
    if data is None:
        return None
    try:
        return parse(data)
    except NotUsableJson as error:
        raise DamagedFile(str(error)) from None


@dataclass
class Loaded:
    data: dict[str, Any]  # empty when there was no usable file
    problems: list[str] = field(default_factory=list)  # in plain words, for the user


class JsonFile:
    """One JSON object on disk, changed only under the folder's lock, as re-read just before.

    A file that exists but could not be read, or that a newer Lull wrote, is held read-only
    for as long as this object lives: it is used if it can be, and never written over.
    """

    def __init__(
        self,
        path: Path,
        *,
        title: str,
        version: int | None = None,
        check: Callable[[dict[str, Any]], str] | None = None,
    ) -> None:
        self.path = path
        self.title = title  # what the user calls it: "your settings", "the list of your sounds"
        self.version = version
        self.check = check  # why a document is not usable at all; set aside, like bad JSON
        self.held = ""  # why the file is read-only; empty while Lull may write it

    def load(self) -> Loaded:
        """What the file holds now; a damaged file is set aside and the document starts empty."""
        try:
            linked = Path(os.path.realpath(self.path)) if self.path.is_symlink() else None
        except OSError:  # its folder may not be looked into: reading it says so, below
            linked = None
        tidy(self.path.parent, linked)
        problems: list[str] = []
        return Loaded(self._read(problems), problems)

    def update(
        self,
        change: Callable[[dict[str, Any]], object],
        then: Callable[[], object] | None = None,
    ) -> dict[str, Any]:
        """Re-read the file under the lock, apply `change` to its object, write it atomically,
        then run `then` while still holding the lock.

        Another process's changes made since this one last read are kept: `change` touches
        only what it means to change. StoreError says why nothing was written.
        """
        self._refuse_if_held()
        with locked(self.path.parent, self.title):
            problems: list[str] = []
            current = self._read(problems)
            self._refuse_if_held()
            for problem in problems:
                log.info("%s", problem)
            change(current)
            write_json(self.path, current)
            if then is not None:
                then()
        return current

    def _refuse_if_held(self) -> None:
        if self.held:
            raise StoreError(f"{capitalised(self.title)}: not saved, as {self.held}", self.held)

    def inspect(self) -> Loaded:
        """What `load` would find and say, touching nothing: for `lull doctor`."""
        problems: list[str] = []
        return Loaded(self._read(problems, inspecting=True), problems)

    def _read(self, problems: list[str], *, inspecting: bool = False) -> dict[str, Any]:
        try:
            data = load_json(self.path)
        except UnreadableFile as error:
            self.held = f"{self.path.name} could not be read ({error.reason}); it is kept as is"
            problems.append(f"{capitalised(self.title)}: {self.held}.")
            return {}
        except DamagedFile as error:
            problems.append(self._damaged(str(error), inspecting))
            return {}
        if data is None:
            return {}
        unusable = "it does not hold a JSON object" if not isinstance(data, dict) else ""
        unusable = unusable or (self.check(data) if self.check else "")
        if unusable:
            problems.append(self._damaged(unusable, inspecting))
            return {}
        known, version = self.version, data.get("version", self.version)
        if known is not None and (type(version) is not int or version != known):
            newer = type(version) is int and version > known
            self.held = (
                f"{self.path.name} was written by a newer Lull, so it is only read"
                if newer
                else f"{self.path.name} has a version Lull does not know, so it is only read"
            )
            problems.append(f"{capitalised(self.title)}: {self.held}.")
        return data

    def _damaged(self, reason: str, inspecting: bool) -> str:
        if inspecting:
            return f"{self.path} is damaged ({reason}); Lull will set it aside"
        return self._set_aside(reason)

    def _set_aside(self, reason: str) -> str:
        try:
            aside = set_aside(self.path)
        except (OSError, StoreError) as error:
            self.held = f"{self.path.name} is damaged ({reason}) and could not be moved aside"
            log.warning("could not set aside %s: %s", self.path, error)
            return f"{capitalised(self.title)}: {self.held}; it is kept as it is."
        log.info("%s is damaged (%s); kept as %s", self.path, reason, aside)
        return (
            f"{capitalised(self.title)} could not be used ({reason}); "
            f"the file was kept as {aside.name}."
        )


def set_aside(path: Path, *, through_link: bool = True) -> Path:
    """Move a damaged file out of the way, never over an earlier one; its new path.

    A symbolic link (settings kept with one's dotfiles) stays where it is: its target's bytes
    are copied aside and an empty document written through the link, so the copy is made once.
    One pointing at something too large to copy is refused (OSError) and so held read-only.
    Not `through_link`, a link is moved aside itself, and what it points to left alone.
    """
    through_link = through_link and path.is_symlink()
    if through_link and path.stat().st_size > MAX_JSON_BYTES:
        raise OSError(errno.EFBIG, "it is far too large to copy aside")
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    number = 1
    while aside.exists():
        number += 1
        aside = path.with_name(f"{path.name}.corrupt-{stamp}-{number}")
    if through_link:
        shutil.copyfile(path, aside)
        aside.chmod(0o600)
        write_json(path, {})
    else:
        path.rename(aside)
    return aside


@contextlib.contextmanager
def locked(folder: Path, title: str = "the file") -> Iterator[None]:
    """Hold the folder's lock, shared with every other Lull process, while the block runs."""
    try:
        make_folder(folder)
        handle = _open_lock(folder / LOCK_NAME)
    except OSError as error:
        reason = plain_reason(error)
        raise StoreError(f"{title} could not be saved: {reason}", reason) from error
    try:
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    reason = "another Lull has been busy with it for too long"
                    raise StoreError(f"{title} could not be saved: {reason}", reason) from None
                time.sleep(0.01)  # another process writes in milliseconds
        yield
    finally:
        os.close(handle)  # closing releases the lock


def _open_lock(path: Path) -> int:
    """The lock file, Lull's own: a link in its place (which would make Lull create a file
    wherever it points) is taken away and a file made."""
    flags = os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW
    try:
        return os.open(path, flags, 0o600)
    except OSError as error:
        if error.errno != errno.ELOOP:
            raise
    path.unlink()
    return os.open(path, flags, 0o600)


def make_folder(folder: Path) -> None:
    """Create `folder` and whichever of its parents are missing, each private (0700); and close
    `folder` itself to others if an earlier Lull, or `lull doctor`, left it open to them. Only
    others' rights are taken away: a folder its owner made read-only stays read-only."""
    missing = [folder, *folder.parents]
    missing = missing[: next(n for n, path in enumerate(missing) if path.exists())]
    for path in reversed(missing):
        with contextlib.suppress(FileExistsError):  # another Lull made it just now
            path.mkdir(mode=FOLDER_MODE)
    details = folder.stat()
    if stat.S_ISDIR(details.st_mode) and details.st_mode & 0o077 and details.st_uid == os.geteuid():
        folder.chmod(stat.S_IMODE(details.st_mode) & FOLDER_MODE)


def tidy(folder: Path, linked: Path | None = None) -> None:
    """Remove what a killed write left behind, if no other Lull is writing here right now;
    and beside `linked`, the target of a link in `folder`, what a write through it left."""
    try:
        handle = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CLOEXEC)
    except OSError:
        return  # no lock file: nothing was ever written here, or the folder is read-only
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        leftovers = list(folder.glob(f".*{TEMP_MARK}*"))
        if linked is not None:
            leftovers += linked.parent.glob(f".{glob.escape(linked.name)}{TEMP_MARK}*")
        for leftover in leftovers:
            log.info("removing %s, left by an interrupted save", leftover)
            leftover.unlink(missing_ok=True)
    except OSError:
        pass  # busy, or not ours to remove: a later start will tidy
    finally:
        os.close(handle)


def stage(target: Path, write: Callable[[IO[bytes]], object], *, own_folder: bool = True) -> Path:
    """Write a synced temporary file beside `target` (through a symbolic link); its path.

    The caller commits it, or removes it; one left by a killed process is tidied away later.
    In Lull's own folder (`own_folder`) the folder is made, and closed to others; a folder the
    user chose (an export) must be there already, and is left as it is."""
    final = Path(os.path.realpath(target))
    if own_folder:
        make_folder(final.parent)
    handle, temporary = tempfile.mkstemp(prefix=f".{final.name}{TEMP_MARK}", dir=final.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(temporary)


def commit(temporary: Path, target: Path) -> None:
    """Rename a staged file over `target` (through a symbolic link), and make it last."""
    final = Path(os.path.realpath(target))
    try:
        os.replace(temporary, final)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    folder = os.open(final.parent, os.O_RDONLY)
    try:
        os.fsync(folder)  # makes the rename itself survive a power cut
    finally:
        os.close(folder)


def replace_atomically(
    target: Path, write: Callable[[IO[bytes]], object], *, own_folder: bool = True
) -> None:
    """The file is always either the old version or the new one, never half; 0600."""
    commit(stage(target, write, own_folder=own_folder), target)


def write_json(path: Path, data: object, *, own_folder: bool = True) -> None:
    """Write so that the file is always either the old version or the new one, never half;
    `own_folder` False for a folder the user chose, which Lull neither makes nor changes."""
    try:
        encoded = (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:  # a file name that is not UTF-8, say: not text JSON can hold
        reason = "it holds a name that is not text"
        raise StoreError(f"could not save {path.name}: {reason}", reason) from None
    try:
        replace_atomically(path, lambda out: out.write(encoded), own_folder=own_folder)
    except OSError as error:
        reason = plain_reason(error)
        raise StoreError(f"could not save {path.name}: {reason}", reason) from error
