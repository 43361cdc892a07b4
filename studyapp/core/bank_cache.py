"""The parsed bank of the last start, so that only changed question files are parsed.

One JSON file in the user's cache folder holds, for each question file by path, the
size and modification time of the file and of its drill file, and what parsing them
gave: the question, or the problem that kept it out. A file whose size or time
differs is parsed again. A cache that cannot be read, is damaged, or was written by
another version of the loader is ignored (and rewritten), never an error: it only
ever saves time.

JSON rather than pickle: a portable data folder may come from elsewhere, and reading
it must not run code.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# A file changed within this many seconds of being read may change again within the
# same clock tick without its time moving: such entries are not kept.
FRESH_SECONDS = 2.0

Stamp = tuple[int, int, int, int]       # size, mtime_ns of the file; of its drill file


def file_stamp(path: Path, drill: Path | None) -> Stamp | None:
    """What identifies one state of a question file and its drill file (None: it has
    none); None when the question file cannot be looked at."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    try:
        dst = os.stat(drill) if drill is not None else None
    except OSError:
        dst = None
    drill_part = (dst.st_size, dst.st_mtime_ns) if dst is not None else (-1, -1)
    return (st.st_size, st.st_mtime_ns, *drill_part)


class BankCache:
    """Entries of earlier loads by file path; ``save`` writes the ones this load used."""

    def __init__(self, path: Path | None, version: str, now: float | None = None):
        self.path = path
        self.version = version
        self._now = time.time() if now is None else now
        self._old: dict[str, dict] = {}
        self._old_extras: dict[str, dict] = {}
        self._new: dict[str, dict] = {}
        self._extras: dict[str, dict] = {}
        self._changed = False
        if path is not None:
            self._read(path)

    def _read(self, path: Path) -> None:
        try:
            data = json.loads(path.read_bytes())
        except (OSError, ValueError, RecursionError):
            return
        if not isinstance(data, dict) or data.get("version") != self.version:
            return
        files, extras = data.get("files"), data.get("extras")
        if isinstance(files, dict) and isinstance(extras, dict):
            self._old, self._old_extras = files, extras

    def get(self, path: Path, stamp: Stamp) -> dict | None:
        """The entry stored for ``path`` in this state, or None."""
        key = str(path)
        entry = self._old.get(key)
        if not isinstance(entry, dict) or entry.get("stamp") != list(stamp):
            return None
        self._new[key] = entry
        return entry

    def put(self, path: Path, stamp: Stamp, entry: dict) -> None:
        """Remember what parsing ``path`` in state ``stamp`` gave (a JSON-able dict)."""
        self._changed = True
        if stamp[1] / 1e9 > self._now - FRESH_SECONDS or stamp[3] / 1e9 > self._now - FRESH_SECONDS:
            return
        self._new[str(path)] = {**entry, "stamp": list(stamp)}

    def remembered(self, name: str, key: str, compute: Callable[[], Any]) -> Any:
        """A value computed once per ``key`` (e.g. the explorers of this app's code)."""
        entry = self._old_extras.get(name)
        if isinstance(entry, dict) and entry.get("key") == key and "value" in entry:
            self._extras[name] = entry
            return entry["value"]
        value = compute()
        self._extras[name] = {"key": key, "value": value}
        self._changed = True
        return value

    def save(self) -> None:
        """Write the entries this load used, if anything changed; a failure only costs
        the next start the time the cache would have saved."""
        if self.path is None:
            return
        if not self._changed and self._new.keys() == self._old.keys():
            return
        data = {"version": self.version, "files": self._new, "extras": self._extras}
        temp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temp.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
            os.replace(temp, self.path)
        except OSError:
            with contextlib.suppress(OSError):
                temp.unlink()
