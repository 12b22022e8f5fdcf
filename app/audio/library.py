"""The sound library: the built-in catalogue plus the files the user has imported."""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import re
import shutil
import unicodedata
from pathlib import Path
from typing import IO, Any

from app.audio.errors import LibraryError, SoundRefused
from app.audio.probe import probe
from app.audio.sound import Kind, Origin, SoundEntry
from app.core.store import read_json, replace_atomically, set_aside

log = logging.getLogger(__name__)

CATALOG_NAME = "catalog.json"
INDEX_NAME = "index.json"
INDEX_VERSION = 1
SLUG_CHARS = 40  # enough to recognise a title in a file name, short enough for any filesystem
HASH_CHARS = 10  # of the content hash in an id: tells apart two files given the same title
TITLE_CHARS = 80  # a title is a label in a list, not a description
DEFAULT_TITLE = "My sound"
SLUG_PATTERN = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


class SoundLibrary:
    """Built-ins from assets/audio/catalog.json and imports kept in the user's data folder."""

    def __init__(
        self,
        user_dir: Path,
        built_ins: list[SoundEntry],
        imported: dict[str, tuple[SoundEntry, str]],
        problems: list[str],
    ) -> None:
        self._user_dir = user_dir
        self._built_ins = built_ins
        self._imported = imported  # id -> (entry, sha256 of its content)
        self._problems = problems

    @classmethod
    def open(cls, builtin_dir: Path, user_dir: Path) -> SoundLibrary:
        """Reads both catalogues; what goes wrong is kept in `problems`, never raised."""
        problems: list[str] = []
        built_ins = _read_catalog(builtin_dir, problems)
        imported = _read_index(user_dir, problems)
        return cls(user_dir, built_ins, imported, problems)

    @property
    def problems(self) -> tuple[str, ...]:
        """What was wrong when the library was read, in plain words."""
        return tuple(self._problems)

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
    ) -> SoundEntry:
        """Checks, copies and records a file; SoundRefused leaves the library as it was."""
        seconds = probe(source)
        self._reread_index()
        digest = _sha256(source)
        for entry, known in self._imported.values():
            if known == digest:
                log.info("%s is already in the library as %s", source, entry.id)
                return entry
        title = _clean_title(title if title is not None else source.stem)
        sound_id = f"{_slug(title)}-{digest[:HASH_CHARS]}"
        target = self._user_dir / f"{sound_id}{source.suffix.lower()}"
        entry = SoundEntry(
            id=sound_id,
            title=title,
            kind=kind,
            origin=Origin.IMPORTED,
            path=target,
            seconds=seconds,
            loop=kind is Kind.AMBIENCE,
            licence="",
        )
        imported = {**self._imported, sound_id: (entry, digest)}
        try:
            self._user_dir.mkdir(parents=True, exist_ok=True)
            replace_atomically(target, lambda out: _copy_into(source, out))
            self._write_index(imported)
        except OSError as error:
            with contextlib.suppress(OSError):
                target.unlink()
            raise SoundRefused(
                f"“{source.name}” could not be stored in Lull's sound folder: {error.strerror}."
            ) from error
        self._imported = imported
        log.info("imported %s as %s (%.1f s)", source, sound_id, seconds)
        return entry

    def remove(self, sound_id: str) -> None:
        """Forgets an imported sound and deletes its copy; built-in sounds cannot be removed."""
        self._reread_index()
        if sound_id not in self._imported:
            if any(entry.id == sound_id for entry in self._built_ins):
                raise ValueError(f"{sound_id} is a built-in sound")
            raise KeyError(sound_id)
        entry, _ = self._imported[sound_id]
        remaining = {key: value for key, value in self._imported.items() if key != sound_id}
        try:
            self._write_index(remaining)
        except OSError as error:
            raise LibraryError(
                f"“{entry.title}” could not be removed from Lull's sound folder: {error.strerror}."
            ) from error
        self._imported = remaining
        with contextlib.suppress(FileNotFoundError):
            entry.path.unlink()

    def _reread_index(self) -> None:
        """Another Lull (the window, or `lull sounds`) may have changed the index since."""
        self._imported = _read_index(self._user_dir, self._problems)

    def _write_index(self, imported: dict[str, tuple[SoundEntry, str]]) -> None:
        document = {
            "version": INDEX_VERSION,
            "sounds": [_index_record(entry, digest) for entry, digest in imported.values()],
        }
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        replace_atomically(self._user_dir / INDEX_NAME, lambda out: out.write(text.encode()))


def _read_catalog(builtin_dir: Path, problems: list[str]) -> list[SoundEntry]:
    path = builtin_dir / CATALOG_NAME
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        records = document["sounds"]
    except (OSError, ValueError, KeyError, TypeError) as error:
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


def _read_index(user_dir: Path, problems: list[str]) -> dict[str, tuple[SoundEntry, str]]:
    path = user_dir / INDEX_NAME
    loaded = read_json(path)  # a file that is not JSON, or not text, is set aside there
    if loaded.problem:
        problems.append(f"The list of your imported sounds: {loaded.problem}.")
    if loaded.data is None:
        return {}
    try:
        document = loaded.data
        if not isinstance(document, dict) or document.get("version") != INDEX_VERSION:
            raise ValueError(f"not an index of version {INDEX_VERSION}")
        imported = {}
        for record in document["sounds"]:
            entry = _entry_from(record, user_dir, Origin.IMPORTED)
            imported[entry.id] = (entry, str(record["sha256"]))
        return imported
    except (ValueError, KeyError, TypeError) as error:
        log.warning("%s does not hold a list of sounds (%s)", path, error)
        try:
            aside = set_aside(path)
        except OSError:
            problems.append("The list of your imported sounds is damaged and was left as it is.")
            return {}
        problems.append(
            f"The list of your imported sounds was damaged; it was kept as {aside.name} "
            "and the list starts empty (the sound files are still in the folder)."
        )
        return {}


def _entry_from(record: dict[str, Any], folder: Path, origin: Origin) -> SoundEntry:
    file_name = str(record["file"])
    if not file_name or Path(file_name).name != file_name:
        raise ValueError(f"file {file_name!r} is not a plain file name")
    sound_id = str(record["id"])
    if not SLUG_PATTERN.fullmatch(sound_id):
        raise ValueError(f"id {sound_id!r} is not a slug")
    seconds = float(record["seconds"])
    if not seconds >= 0:
        raise ValueError(f"seconds {seconds!r} is not a length")
    loop = record["loop"]
    if not isinstance(loop, bool):
        raise ValueError(f"loop {loop!r} is not true or false")
    return SoundEntry(
        id=sound_id,
        title=str(record["title"]),
        kind=Kind(record["kind"]),
        origin=origin,
        path=folder / file_name,
        seconds=seconds,
        loop=loop,
        licence=str(record.get("licence", "")),
    )


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


def _copy_into(source: Path, out: IO[bytes]) -> None:
    with source.open("rb") as file:
        shutil.copyfileobj(file, out)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while block := file.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _clean_title(raw: str) -> str:
    title = " ".join(raw.replace("_", " ").split())[:TITLE_CHARS].strip()
    return title or DEFAULT_TITLE


def _slug(text: str) -> str:
    """Lower-case ASCII letters, digits and single hyphens: safe as an id and a file name."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:SLUG_CHARS].rstrip("-") or "sound"
