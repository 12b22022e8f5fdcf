"""The sound library: the built-in catalogue plus the files the user has imported."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import re
import shutil
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any

from app.audio.errors import LibraryError
from app.audio.formats import CONVERTED_SUFFIX, MAX_SECONDS, PLAYS_AS_IS
from app.audio.sound import Kind, Origin, SoundEntry
from app.core.store import JsonFile, StoreError, commit, load_json, plain_reason, stage

log = logging.getLogger(__name__)

CATALOG_NAME = "catalog.json"
INDEX_NAME = "index.json"
INDEX_VERSION = 1
SLUG_CHARS = 40  # enough to recognise a title in a file name, short enough for any filesystem
HASH_CHARS = 10  # of the content hash in an id: tells apart two files given the same title
TITLE_CHARS = 80  # a title is a label in a list, not a description
DEFAULT_TITLE = "My sound"
SLUG_PATTERN = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
# A stored copy is named for its id and carries one of these: any other name in the index
# (a hand-edited "index.json", say) is never played or deleted.
STORED_SUFFIXES = frozenset({*PLAYS_AS_IS.values(), CONVERTED_SUFFIX})


@dataclass(frozen=True)
class Imported:
    """What importing a file did: added it, found it there already, or gave it a new title."""

    entry: SoundEntry
    added: bool
    renamed: bool = False


class SoundLibrary:
    """Built-ins from assets/audio/catalog.json and imports kept in the user's data folder.

    The index of imports is changed only through the store, under the folder's lock: eight
    `lull sounds add` at once, or the window and the command line, all land in it.
    """

    def __init__(self, user_dir: Path, built_ins: list[SoundEntry], problems: list[str]) -> None:
        self._user_dir = user_dir
        self._built_ins = built_ins
        self._index = JsonFile(
            user_dir / INDEX_NAME,
            title="the list of your imported sounds",
            version=INDEX_VERSION,
            check=_index_shape,
        )
        self._imported: dict[str, tuple[SoundEntry, str]] = {}  # id -> (entry, sha256)
        self._catalog_problems = problems
        self._index_problems: list[str] = []  # as found at the last reading of the index

    @classmethod
    def open(cls, builtin_dir: Path, user_dir: Path) -> SoundLibrary:
        """Reads both catalogues; what goes wrong is kept in `problems`, never raised."""
        problems: list[str] = []
        library = cls(user_dir, _read_catalog(builtin_dir, problems), problems)
        library.reload()
        return library

    @classmethod
    def inspected(cls, builtin_dir: Path, user_dir: Path) -> SoundLibrary:
        """The library as opening it would find it, touching nothing: for what only reads."""
        library = cls(user_dir, _read_catalog(builtin_dir, []), [])
        loaded = library._index.inspect()
        library._imported = library._entries_of(loaded.data, loaded.problems)
        library._index_problems = loaded.problems
        return library

    @classmethod
    def check(cls, builtin_dir: Path, user_dir: Path) -> list[str]:
        """What opening the library would find wrong with the user's index, touching nothing."""
        return list(cls.inspected(builtin_dir, user_dir).problems)

    @property
    def problems(self) -> tuple[str, ...]:
        """What was wrong when the library was read, in plain words."""
        return (*self._catalog_problems, *self._index_problems)

    @property
    def index_path(self) -> Path:
        return self._index.path

    @property
    def held(self) -> str:
        """Why the index is read-only while this library lives; empty when it may be changed."""
        return self._index.held

    def reload(self) -> None:
        """Read the index again: another Lull (the window, or `lull sounds`) may have changed it."""
        loaded = self._index.load()
        self._imported = self._entries_of(loaded.data, loaded.problems)
        self._index_problems = loaded.problems

    def entries(self, kind: Kind | None = None) -> list[SoundEntry]:
        every = self._built_ins + [entry for entry, _ in self._imported.values()]
        return [entry for entry in every if kind is None or entry.kind is kind]

    def get(self, sound_id: str) -> SoundEntry:
        for entry in self.entries():
            if entry.id == sound_id:
                return entry
        raise KeyError(sound_id)

    def import_file(
        self, source: Path, *, title: str | None = None, kind: Kind = Kind.AMBIENCE
    ) -> Imported:
        """Checks, stores and records a file; SoundRefused or LibraryError leave all as it was.

        The file is decoded before the lock is taken (it may take seconds); the copy and the
        index are written under it, so concurrent imports all land."""
        # Decoding brings numpy and libsndfile: imported here, not before the window shows.
        from app.audio.convert import convert
        from app.audio.probe import probe

        probed = probe(source)
        digest = _sha256(source)
        chosen = _clean_title(title) if title is not None else None
        outcome: list[Imported] = []
        staged: list[tuple[Path, Path]] = []  # copies written, renamed into place once indexed

        def record(document: dict[str, Any]) -> None:
            records = document.setdefault("sounds", [])
            known = _record_with(records, digest, self._user_dir)
            if isinstance(known, SoundEntry):
                outcome.append(self._retitled(records, known, chosen))
                return
            # New, or its copy was lost, or its record is unusable: stored and recorded anew.
            new_title = chosen or (known or _clean_title(source.stem))
            sound_id = f"{_slug(new_title)}-{digest[:HASH_CHARS]}"
            target = self._user_dir / f"{sound_id}{probed.suffix}"
            write = (lambda out: convert(source, out)) if probed.convert else _copier(source)
            staged.append((stage(target, write), target))
            entry = SoundEntry(
                id=sound_id,
                title=new_title,
                kind=kind,
                origin=Origin.IMPORTED,
                path=target,
                seconds=probed.seconds,
                loop=kind is Kind.AMBIENCE,
                licence="",
            )
            records.append(_index_record(entry, digest))
            outcome.append(Imported(entry, added=True))

        def place_copies() -> None:
            for temporary, target in staged:
                commit(temporary, target)

        try:
            self._change(record, f"“{source.name}” could not be added", then=place_copies)
        finally:
            for temporary, _ in staged:  # not committed: the index does not name it
                temporary.unlink(missing_ok=True)
        log.info("imported %s: %s", source, outcome[0])
        return outcome[0]

    def _retitled(self, records: list[Any], entry: SoundEntry, title: str | None) -> Imported:
        if title is None or title == entry.title:
            return Imported(entry, added=False)
        _record_of({"sounds": records}, entry.id)["title"] = title
        return Imported(replace(entry, title=title), added=False, renamed=True)

    def rename(self, sound_id: str, title: str) -> SoundEntry:
        """Give an imported sound a new title; KeyError if there is no such imported sound."""
        new_title = _clean_title(title)

        def retitle(document: dict[str, Any]) -> None:
            _record_of(document, sound_id)["title"] = new_title

        self._refuse_built_in(sound_id)
        self._change(retitle, "The sound could not be renamed")
        return self.get(sound_id)

    def remove(self, sound_id: str) -> None:
        """Forgets an imported sound and deletes its copy; built-in sounds cannot be removed.

        An entry that could not be used is forgotten too, and no file is deleted for it."""
        self._refuse_built_in(sound_id)
        gone: list[Path] = []

        def forget(document: dict[str, Any]) -> None:
            record = _record_of(document, sound_id)
            try:
                gone.append(_entry_from(record, self._user_dir, Origin.IMPORTED).path)
            except (KeyError, TypeError, ValueError):
                log.info("forgetting the unusable entry %s; no file deleted", sound_id)
            document["sounds"].remove(record)

        self._change(forget, "The sound could not be removed")
        for path in gone:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()

    def _refuse_built_in(self, sound_id: str) -> None:
        if any(entry.id == sound_id for entry in self._built_ins):
            raise ValueError(f"{sound_id} is a built-in sound")

    def _change(
        self,
        change: Callable[[dict[str, Any]], None],
        failure: str,
        then: Callable[[], None] | None = None,
    ) -> None:
        try:
            document = self._index.update(change, then)
        except StoreError as error:
            raise LibraryError(f"{failure}: {error.reason}.") from error
        except OSError as error:  # the sound file itself could not be written
            raise LibraryError(f"{failure}: {plain_reason(error)}.") from error
        self._imported = self._entries_of(document, [])

    def _entries_of(
        self, document: dict[str, Any], problems: list[str]
    ) -> dict[str, tuple[SoundEntry, str]]:
        """Each record judged alone: a bad one is left out (and left on disk), the rest kept."""
        imported: dict[str, tuple[SoundEntry, str]] = {}
        for number, record in enumerate(document.get("sounds", []), start=1):
            try:
                entry = _entry_from(record, self._user_dir, Origin.IMPORTED)
                digest = record["sha256"]
                if not isinstance(digest, str):
                    raise ValueError("it lacks its checksum")
                if entry.id in imported or any(b.id == entry.id for b in self._built_ins):
                    raise ValueError(f"its id {entry.id!r} is taken by another sound")
            except (KeyError, TypeError, ValueError) as error:
                log.info("%s: sound %d is unusable: %s", self._index.path, number, error)
                problems.append(
                    f"Your imported sound number {number} could not be used ({error}); "
                    f"it is left out, and left in {INDEX_NAME} as it is."
                )
                continue
            imported[entry.id] = (entry, digest)
        return imported


def _read_catalog(builtin_dir: Path, problems: list[str]) -> list[SoundEntry]:
    path = builtin_dir / CATALOG_NAME
    try:
        records = list(load_json(path)["sounds"])
    except (StoreError, KeyError, TypeError) as error:
        log.warning("cannot read %s: %s", path, error)
        problems.append(f"The built-in sound list ({path}) could not be read; reinstall Lull.")
        return []
    entries = []
    for number, record in enumerate(records, start=1):
        try:
            entries.append(_entry_from(record, builtin_dir, Origin.BUILT_IN))
        except (KeyError, TypeError, ValueError) as error:
            log.warning("built-in sound %d in %s is invalid: %s", number, path, error)
            problems.append(f"Built-in sound {number} in {path} is invalid ({error}); skipped.")
    return entries


def _index_shape(document: dict[str, Any]) -> str:
    """Why a document is not an index of sounds; empty when it is one."""
    return "" if isinstance(document.get("sounds", []), list) else "it holds no list of sounds"


def _record_with(records: list[Any], digest: str, folder: Path) -> SoundEntry | str | None:
    """The sound already recorded with this content: its entry; or, when its record is
    unusable or its copy is gone, that record taken out and the title to give it again."""
    for record in records:
        if isinstance(record, dict) and record.get("sha256") == digest:
            try:
                entry = _entry_from(record, folder, Origin.IMPORTED)
            except (KeyError, TypeError, ValueError):
                records.remove(record)
                title = record.get("title")
                return _clean_title(title) if isinstance(title, str) else None
            if entry.missing:
                records.remove(record)
                return entry.title
            return entry
    return None


def _record_of(document: dict[str, Any], sound_id: str) -> dict[str, Any]:
    for record in document.get("sounds", []):
        if isinstance(record, dict) and record.get("id") == sound_id:
            return record
    raise KeyError(sound_id)


def _entry_from(record: object, folder: Path, origin: Origin) -> SoundEntry:
    """A catalogue or index record as an entry; ValueError or KeyError says what is wrong."""
    if not isinstance(record, dict):
        raise ValueError("it is not an object")
    sound_id, file_name, title = record["id"], record["file"], record["title"]
    if not isinstance(sound_id, str) or not SLUG_PATTERN.fullmatch(sound_id):
        raise ValueError("its id is not a plain name of letters, digits and hyphens")
    if not isinstance(file_name, str) or not _is_file_inside(file_name, origin):
        raise ValueError("its file is not a plain file name")
    if origin is Origin.IMPORTED and (
        Path(file_name).stem != sound_id or Path(file_name).suffix not in STORED_SUFFIXES
    ):
        # Only a file Lull named itself may be played or deleted: never "index.json".
        raise ValueError(f"its file {file_name!r} is not one Lull stored")
    seconds = record["seconds"]
    if isinstance(seconds, bool) or not isinstance(seconds, int | float):
        raise ValueError("its length is not a number")
    if not 0 <= seconds <= MAX_SECONDS:
        raise ValueError("its length is not a length a sound can have")
    loop = record["loop"]
    if not isinstance(loop, bool):
        raise ValueError("its loop is not true or false")
    if not isinstance(title, str):
        raise ValueError("its title is not text")
    return SoundEntry(
        id=sound_id,
        title=_clean_title(title),
        kind=Kind(record["kind"]),
        origin=origin,
        path=folder / file_name,
        seconds=float(seconds),
        loop=loop,
        licence=str(record.get("licence", "")),
    )


def _is_file_inside(file_name: str, origin: Origin) -> bool:
    """A plain file name; a built-in may sit in a folder of the catalogue's (prompts/...)."""
    parts = file_name.split("/")
    plain = all(part and part not in {".", ".."} and Path(part).name == part for part in parts)
    return plain and (len(parts) == 1 or origin is Origin.BUILT_IN)


def _index_record(entry: SoundEntry, digest: str) -> dict[str, object]:
    return {
        "id": entry.id,
        "title": entry.title,
        "kind": entry.kind.value,
        "file": entry.path.name,
        "seconds": round(entry.seconds, 3),
        "loop": entry.loop,
        "sha256": digest,
    }


def _copier(source: Path) -> Callable[[IO[bytes]], None]:
    def copy_into(out: IO[bytes]) -> None:
        with source.open("rb") as file:
            shutil.copyfileobj(file, out)

    return copy_into


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while block := file.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _clean_title(raw: str) -> str:
    """One line of printable text: a name from a file system may hold undecodable bytes
    (kept by Python as lone surrogates) and a hand-edited one control characters."""
    try:
        text = raw.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # a surrogate no file system made: from JSON, say
        text = raw.encode("utf-8", "replace").decode("utf-8")
    text = "".join(c if c.isprintable() else " " for c in text.replace("_", " "))
    title = " ".join(text.split())[:TITLE_CHARS].strip()
    return title or DEFAULT_TITLE


def _slug(text: str) -> str:
    """Lower-case ASCII letters, digits and single hyphens: safe as an id and a file name."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:SLUG_CHARS].rstrip("-") or "sound"
