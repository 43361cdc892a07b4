"""Read an Anki package (.apkg deck package or .colpkg collection package) safely.

What Anki writes today (rslib/src/import_export/package): a zip with a ``meta`` file
(protobuf ``PackageMetadata``; version 3 = latest) holding ``collection.anki21b`` and the
``media`` list zstd-compressed, media files named ``0``, ``1``… and zstd-compressed too,
and a stub ``collection.anki2`` for old clients. Older packages have no ``meta``,
``collection.anki21`` or ``collection.anki2`` uncompressed and a JSON media map.
Schema 18 collections keep note types and decks in tables (``notetypes``, ``fields``,
``templates``, ``decks``, with protobuf configs); older ones as JSON in ``col``.

Nothing is extracted to disk. Before anything is read, the archive is refused when it is
password-protected, names a path that could escape a folder, or declares more than
``MAX_UNPACKED`` bytes in total; zstd data is decompressed against the same budget.
"""

from __future__ import annotations

import contextlib
import json
import re
import sqlite3
import zipfile
import zlib
from pathlib import Path
from typing import Any, Self

from studyapp.core.anki_import import Card, Collection, Note, NoteType, Review

MAX_UNPACKED = 2 * 1024**3      # bytes the archive may hold uncompressed, all files together
MAX_PACKAGE_FILES = 200_000
LATEST, LEGACY_2, LEGACY_1 = 3, 2, 1
COLLECTIONS = {LATEST: "collection.anki21b", LEGACY_2: "collection.anki21",
               LEGACY_1: "collection.anki2"}
MEDIA_NAME_RE = re.compile(r"^[^/\\\x00-\x1f:*?\"<>|]+$")


class PackageError(ValueError):
    """The package cannot be imported; the message is one sentence for the user."""


# --- protobuf, the few fields we need ------------------------------------------

def _varint(data: bytes, at: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        if at >= len(data) or shift > 63:
            raise PackageError("The package's metadata is damaged.")
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


def protobuf_fields(data: bytes) -> list[tuple[int, int | bytes]]:
    """(field number, value) pairs of a protobuf message: ints for varints, bytes for
    length-delimited values; fixed-size values are skipped."""
    out: list[tuple[int, int | bytes]] = []
    at = 0
    while at < len(data):
        key, at = _varint(data, at)
        number, wire = key >> 3, key & 7
        value: int | bytes
        if wire == 0:
            value, at = _varint(data, at)
        elif wire == 2:
            length, at = _varint(data, at)
            value, at = data[at:at + length], at + length
            if at > len(data):
                raise PackageError("The package's metadata is damaged.")
        elif wire in (1, 5):
            at += 8 if wire == 1 else 4
            continue
        else:
            raise PackageError("The package's metadata is damaged.")
        out.append((number, value))
    return out


def _first(fields: list[tuple[int, int | bytes]], number: int, default: Any) -> Any:
    return next((v for n, v in fields if n == number), default)


# --- the archive -----------------------------------------------------------------

class _Budget:
    """Bytes still allowed to come out of the archive."""

    def __init__(self, total: int):
        self.left = total

    def take(self, count: int) -> None:
        self.left -= count
        if self.left < 0:
            raise PackageError(_too_large())


def _too_large() -> str:
    return (f"The package unpacks to more than {MAX_UNPACKED // 1024**2:,} MB; DeepPrep "
            "refuses it (it may be a zip bomb).")


def _check_archive(archive: zipfile.ZipFile) -> None:
    infos = archive.infolist()
    if len(infos) > MAX_PACKAGE_FILES:
        raise PackageError(f"The package holds more than {MAX_PACKAGE_FILES:,} files.")
    for info in infos:
        if info.flag_bits & 0x1:
            raise PackageError("The package is password-protected; export it from Anki "
                               "again without a password.")
        name = info.filename
        if name.startswith(("/", "\\")) or ".." in re.split(r"[/\\]", name) or \
                re.match(r"^[A-Za-z]:", name) or "\x00" in name:
            raise PackageError(f"The package names a path outside its folder ({name!r}); "
                               "it is refused.")
    if sum(info.file_size for info in infos) > MAX_UNPACKED:
        raise PackageError(_too_large())


def _read(archive: zipfile.ZipFile, name: str, budget: _Budget, zstd: bool) -> bytes:
    with archive.open(name) as raw:
        if not zstd:
            data = raw.read()
            budget.take(len(data))
            return data
        import zstandard

        chunks = []
        try:
            with zstandard.ZstdDecompressor().stream_reader(raw) as reader:
                while chunk := reader.read(1 << 20):
                    budget.take(len(chunk))
                    chunks.append(chunk)
        except zstandard.ZstdError as exc:
            raise ValueError(f"zstd: {exc}") from None
        return b"".join(chunks)


def _version(archive: zipfile.ZipFile, names: set[str], budget: _Budget) -> int:
    if "meta" in names:
        version = _first(protobuf_fields(_read(archive, "meta", budget, False)), 1, 0)
        if version not in COLLECTIONS:
            raise PackageError("The package was written by a newer Anki than DeepPrep "
                               "understands; export it with “Support older Anki versions”.")
        return version
    for version in (LEGACY_2, LEGACY_1):
        if COLLECTIONS[version] in names:
            return version
    raise PackageError("The file holds no Anki collection; choose an .apkg or .colpkg "
                       "exported from Anki.")


def _media_map(archive: zipfile.ZipFile, names: set[str], version: int, budget: _Budget) -> dict[str, str]:
    """Media file name → its name inside the zip; unsafe names refuse the package."""
    if "media" not in names:
        return {}
    data = _read(archive, "media", budget, version == LATEST)
    if version == LATEST:
        entries = [protobuf_fields(value) for number, value in protobuf_fields(data)
                   if number == 1 and isinstance(value, bytes)]
        mapping = {}
        for index, entry in enumerate(entries):
            name = _first(entry, 1, b"")
            zip_name = _first(entry, 255, index)
            mapping[name.decode("utf-8", "replace")] = str(zip_name)
    else:
        loaded = json.loads(data.decode("utf-8") or "{}")
        if not isinstance(loaded, dict):
            raise PackageError("The package's media list is damaged.")
        mapping = {str(v): str(k) for k, v in loaded.items()}
    for name in mapping:
        if not MEDIA_NAME_RE.match(name) or name in (".", ".."):
            raise PackageError(f"The package names a media file outside its folder "
                               f"({name!r}); it is refused.")
    return mapping


def _open_collection(data: bytes) -> sqlite3.Connection:
    if not data.startswith(b"SQLite format 3\x00"):
        raise PackageError("The package's collection is not an Anki database.")
    # An in-memory database cannot be in WAL mode: mark the file as a rollback-journal one
    # (header bytes 18 and 19, the write and read versions).
    data = data[:18] + b"\x01\x01" + data[20:]
    conn = sqlite3.connect(":memory:")
    conn.deserialize(data)
    return conn


def _note_types(conn: sqlite3.Connection) -> dict[int, NoteType]:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    types = {}
    if "notetypes" in tables:
        fields: dict[int, list] = {}
        for ntid, name in conn.execute("SELECT ntid, name FROM fields ORDER BY ord"):
            fields.setdefault(ntid, []).append(name)
        templates: dict[int, list] = {}
        for ntid, config in conn.execute("SELECT ntid, config FROM templates ORDER BY ord"):
            parsed = protobuf_fields(config)
            templates.setdefault(ntid, []).append(
                (_first(parsed, 1, b"").decode(), _first(parsed, 2, b"").decode()))
        for ntid, name, config in conn.execute("SELECT id, name, config FROM notetypes"):
            cloze = _first(protobuf_fields(config), 1, 0) == 1
            types[ntid] = NoteType(ntid, name, cloze, tuple(fields.get(ntid, ())),
                                   tuple(templates.get(ntid, ())))
        return types
    models = json.loads(conn.execute("SELECT models FROM col").fetchone()[0] or "{}")
    for model in models.values():
        flds = sorted(model["flds"], key=lambda f: f["ord"])
        tmpls = sorted(model["tmpls"], key=lambda t: t["ord"])
        types[int(model["id"])] = NoteType(
            int(model["id"]), str(model["name"]), model.get("type") == 1,
            tuple(str(f["name"]) for f in flds),
            tuple((str(t["qfmt"]), str(t["afmt"])) for t in tmpls))
    return types


def _decks(conn: sqlite3.Connection) -> dict[int, tuple[str, ...]]:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "decks" in tables:
        return {did: tuple(name.split("\x1f"))
                for did, name in conn.execute("SELECT id, name FROM decks")}
    decks = json.loads(conn.execute("SELECT decks FROM col").fetchone()[0] or "{}")
    return {int(d["id"]): tuple(str(d["name"]).split("::")) for d in decks.values()}


def read_collection(conn: sqlite3.Connection) -> Collection:
    notes = {nid: Note(nid, guid, mid, tuple(flds.split("\x1f")), tuple(tags.split()))
             for nid, guid, mid, tags, flds in
             conn.execute("SELECT id, guid, mid, tags, flds FROM notes")}
    cards = [Card(cid, nid, odid or did, ord_, queue == -1)
             for cid, nid, did, odid, ord_, queue in
             conn.execute("SELECT id, nid, did, odid, ord, queue FROM cards")]
    reviews = [Review(cid, rid, ease, kind, max(0, taken or 0))
               for rid, cid, ease, kind, taken in
               conn.execute("SELECT id, cid, ease, type, time FROM revlog ORDER BY id")]
    return Collection(_note_types(conn), _decks(conn), notes, cards, reviews)


class Package:
    """An open package: its collection, and its media read on demand."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._stack = contextlib.ExitStack()
        try:
            self.archive = self._stack.enter_context(zipfile.ZipFile(self.path))
            _check_archive(self.archive)
            self.budget = _Budget(MAX_UNPACKED)
            names = set(self.archive.namelist())
            self.version = _version(self.archive, names, self.budget)
            data = _read(self.archive, COLLECTIONS[self.version], self.budget,
                         self.version == LATEST)
            self.media = _media_map(self.archive, names, self.version, self.budget)
            conn = _open_collection(data)
            try:
                self.collection = read_collection(conn)
            finally:
                conn.close()
        except PackageError:
            self.close()
            raise
        except (zipfile.BadZipFile, zlib.error, EOFError, KeyError, UnicodeDecodeError,
                ValueError, TypeError, IndexError, AttributeError, sqlite3.Error) as exc:
            self.close()
            raise PackageError(_damaged(self.path, exc)) from None
        except OSError as exc:
            self.close()
            raise PackageError(f"Cannot read {self.path.name}: {exc.strerror or exc}.") from None

    def media_bytes(self, name: str) -> bytes:
        """The content of a media file the package lists."""
        try:
            return _read(self.archive, self.media[name], self.budget, self.version == LATEST)
        except PackageError:
            raise
        except (zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError, OSError) as exc:
            raise PackageError(_damaged(self.path, exc)) from None

    def close(self) -> None:
        self._stack.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _damaged(path: Path, exc: Exception) -> str:
    detail = str(exc).split("\n")[0][:120]
    return (f"{path.name} is not a readable Anki package (damaged or truncated: {detail}); "
            "nothing was imported.")
