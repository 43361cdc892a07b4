"""Full-text search over the bank with SQLite FTS5.

The index is derived data, so it lives in a file of its own in the cache folder, not
in the user's progress file: backups and progress checks stay the size of the user's
progress, and a damaged index is deleted and built again, never an error. When the
bank's content hash changes, only the questions whose files changed are indexed again
(``search_stamps`` keeps the digest each question was indexed with); a new
INDEX_VERSION rebuilds it all. Prefix indexes of one to three letters keep
search-as-you-type fast: those prefixes match many terms, while a longer one matches
few and is found by its place in the sorted terms (indexing longer prefixes made a
10,000-question index a quarter larger and its searches slower). Hits are ranked with
BM25 when a query matches at most CANDIDATES questions; beyond that (a letter or two in
a very large bank) BM25's cost grows with the match count, so title matches come first,
in bank order.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from studyapp.core.bank import Bank, Question
from studyapp.core.render import plain_text
from studyapp.store.db import Database, transaction

INDEX_NAME = "search.sqlite3"
INDEX_VERSION = "5"          # bump when the table's definition changes
CANDIDATES = 300
SNIPPET_WORDS = 14
MARK_OPEN, MARK_CLOSE = "\x02", "\x03"


@dataclass(frozen=True)
class Hit:
    question_id: str
    snippet: str            # plain text with MARK_OPEN/MARK_CLOSE around matches


def open_index(path: Path, bank: Bank, limit: int | None = None) -> Database:
    """The index file at ``path`` brought up to date with ``bank``, or with ``limit`` of
    its new and changed questions (``index_step``). A missing one is built, and so is a
    damaged one (deleted first: it holds nothing but the index); where the cache folder
    cannot be written, the index is kept in memory."""
    try:
        return _opened(path, bank, limit)
    except (sqlite3.DatabaseError, OSError):
        for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            with contextlib.suppress(OSError):
                stale.unlink()
    try:
        return _opened(path, bank, limit)
    except (sqlite3.DatabaseError, OSError):
        return _opened(":memory:", bank, limit)


def _opened(place: Path | str, bank: Bank, limit: int | None) -> Database:
    if isinstance(place, Path):
        place.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(place, isolation_level=None, check_same_thread=False)
    db = Database(conn)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        index_step(db, bank, limit)
    except sqlite3.DatabaseError:
        conn.close()
        raise
    return db


def _stamp(db: Database) -> str:
    row = db.execute("SELECT value FROM index_state WHERE key = 'stamp'").fetchone()
    return row[0] if row else ""


def ensure_index(db: Database, bank: Bank) -> bool:
    """Bring the index in ``db`` (from ``open_index``) up to date with the bank; returns
    True when anything changed."""
    return index_step(db, bank) is not None


def index_step(db: Database, bank: Bank, limit: int | None = None) -> int | None:
    """Index up to ``limit`` (None: all) of the bank's new and changed questions, in one
    transaction, after taking out the entries of changed and removed ones. Returns how
    many are left to index, or None when the index was up to date already.

    The stamp of the bank it matches is written only when nothing is left, so an index
    left part-way (the app quit while indexing) is taken up again where it stopped."""
    stamp = f"{INDEX_VERSION}:{bank.content_hash}"
    db.execute("CREATE TABLE IF NOT EXISTS index_state (key TEXT PRIMARY KEY, value TEXT)")
    tables = db.table_names()
    if _stamp(db) == stamp and "search_fts" in tables:
        return None
    with transaction(db):
        same_version = (_stamp(db).split(":")[0] == INDEX_VERSION
                        and {"search_fts", "search_stamps"} <= set(tables))
        if not same_version:
            create_index(db, [])
        indexed = dict(db.execute("SELECT question_id, digest FROM search_stamps").fetchall())
        digests = {q.id: _digest(q) for q in bank.questions.values()}
        stale = [qid for qid, digest in indexed.items() if digests.get(qid) != digest]
        db.conn.executemany("DELETE FROM search_fts WHERE rowid = "
                            "(SELECT fts_rowid FROM search_stamps WHERE question_id = ?)",
                            [(qid,) for qid in stale])
        db.conn.executemany("DELETE FROM search_stamps WHERE question_id = ?",
                            [(qid,) for qid in stale])
        fresh = [q for q in bank.questions.values() if indexed.get(q.id) != digests[q.id]]
        batch = fresh if limit is None else fresh[:limit]
        first = _insert(db, [_row(q) for q in batch])
        db.conn.executemany("INSERT INTO search_stamps (question_id, fts_rowid, digest) "
                            "VALUES (?, ?, ?)",
                            [(q.id, first + n, digests[q.id]) for n, q in enumerate(batch)])
        left = len(fresh) - len(batch)
        # Part-way, the stamp names only the version: the next step keeps what is done.
        db.execute("INSERT OR REPLACE INTO index_state (key, value) VALUES ('stamp', ?)",
                   [stamp if not left else f"{INDEX_VERSION}:"])
    return left


def grow_index(db: Database, bank: Bank, limit: int) -> tuple[Database, int]:
    """A step of indexing after start-up (``index_step``): the index and how many
    questions are left. Where the file cannot take more (a full disk, a file damaged
    meanwhile), the whole index is built in memory for the rest of the session and
    returned instead: search stays complete, and the next start mends the file."""
    try:
        return db, index_step(db, bank, limit) or 0
    except sqlite3.Error:
        with contextlib.suppress(sqlite3.Error):
            db.close()
        return _opened(":memory:", bank, None), 0


def _digest(q: Question) -> str:
    """What the question was indexed from: its files' digest when the loader read them."""
    if q.digest:
        return q.digest
    text = "\0".join((q.title, q.short, q.details, *q.tags, "\0", *q.key_points))
    return hashlib.sha1(text.encode()).hexdigest()


def _row(q: Question) -> tuple[str, str, str, str, str]:
    return (q.id, q.title, _plain(q.short + "\n" + q.details), " ".join(q.tags),
            " ".join(q.key_points))


def create_index(db: Database, rows: list[tuple[str, str, str, str, str]]) -> None:
    """(Re)create the index from (question id, title, body, tags, key points) rows."""
    db.execute("DROP TABLE IF EXISTS search_fts")
    db.execute("DROP TABLE IF EXISTS search_stamps")
    db.execute("CREATE VIRTUAL TABLE search_fts USING fts5("
               "question_id UNINDEXED, title, body, tags, key_points, "
               "tokenize = 'porter unicode61', prefix = '1 2 3')")
    db.execute("CREATE TABLE search_stamps (question_id TEXT PRIMARY KEY, "
               "fts_rowid INTEGER NOT NULL, digest TEXT NOT NULL)")
    _insert(db, rows)


def _insert(db: Database, rows: list[tuple[str, str, str, str, str]]) -> int:
    """Add rows under consecutive rowids; returns the first."""
    last = db.execute("SELECT rowid FROM search_fts ORDER BY rowid DESC LIMIT 1").fetchone()
    first = last[0] + 1 if last else 1          # (max(rowid) would read every row)
    db.conn.executemany("INSERT INTO search_fts (rowid, question_id, title, body, tags, "
                        "key_points) VALUES (?, ?, ?, ?, ?, ?)",
                        [(first + n, *row) for n, row in enumerate(rows)])
    return first


FENCED_CODE_RE = re.compile(r"```.*?```", re.DOTALL)
DISPLAY_MATH_RE = re.compile(r"\$\$.*?\$\$", re.DOTALL)
LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)")
# Underscores not inside a word; the first one leads the pattern so the engine skips
# ahead to each underscore instead of testing the look-behind at every character.
EMPHASIS_RE = re.compile(r"_(?<!\w_)_?(\S[^_]*?)__?(?!\w)")
MARKS_RE = re.compile(r"[#*`>|]")


def _plain(markdown_text: str) -> str:
    """Readable text for snippets: code and display math dropped, inline formulas as
    text (``plain_text``), Markdown marks removed but underscores inside words kept."""
    text = FENCED_CODE_RE.sub(" ", markdown_text)
    text = DISPLAY_MATH_RE.sub(" … ", text)
    text = plain_text(text)
    text = LINK_RE.sub(r"\1", text)                   # [text](link) → text
    text = EMPHASIS_RE.sub(r"\1", text)               # _emphasis_, __strong__
    return " ".join(MARKS_RE.sub(" ", text).split())


def fts_query(text: str) -> str:
    """User text to an FTS5 query: every word must match, the last as a prefix."""
    words = re.findall(r"\w+", text.lower())
    if not words:
        return ""
    terms = [f'"{w}"' for w in words[:-1]] + [f'"{words[-1]}"*']
    return " ".join(terms)


def search(db: Database, text: str, limit: int = 60) -> list[Hit]:
    """The best ``limit`` hits; titles weigh most, then key points and tags, then the body."""
    query = fts_query(text)
    if not query:
        return []
    matches = db.execute("SELECT rowid, question_id FROM search_fts WHERE search_fts MATCH ? "
                         "LIMIT ?", [query, CANDIDATES + 1]).fetchall()
    if len(matches) <= CANDIDATES:
        ranked = db.execute(
            "SELECT rowid, question_id FROM search_fts WHERE search_fts MATCH ? "
            "ORDER BY bm25(search_fts, 0, 10.0, 1.0, 4.0, 4.0) LIMIT ?",
            [query, limit]).fetchall()
    else:
        titles = db.execute("SELECT rowid, question_id FROM search_fts WHERE search_fts MATCH ? "
                            "LIMIT ?", ["{title} : " + query, limit]).fetchall()
        ranked = list(dict.fromkeys(titles + matches))[:limit]
    if not ranked:
        return []
    bodies = dict(db.execute(
        f"SELECT rowid, body FROM search_fts WHERE rowid IN ({','.join('?' * len(ranked))})",
        [rowid for rowid, _ in ranked]).fetchall())
    # Long words lose three letters, a rough stand-in for the stemmer's suffix removal.
    stems = [w[:-3] if len(w) >= 7 else w for w in re.findall(r"\w+", text.lower())]
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, stems)) + r")\w*", re.IGNORECASE)
    return [Hit(qid, snippet(bodies[rowid], stems, pattern)) for rowid, qid in ranked]


def _first_word_start(text: str, stem: str) -> int:
    """Where the first word starting with ``stem`` begins in lower-case text, or -1."""
    at = text.find(stem)
    while at > 0 and text[at - 1].isalnum():
        at = text.find(stem, at + 1)
    return at


def snippet(body: str, stems: list[str], pattern: re.Pattern) -> str:
    """About SNIPPET_WORDS words of the body around the first word starting with one of
    ``stems``, the words ``pattern`` matches marked."""
    lower = body.lower()
    found = [at for at in (_first_word_start(lower, stem) for stem in stems) if at >= 0]
    at = min(found) if found and len(lower) == len(body) else 0
    before = body[max(0, at - 200):at].split()[-(SNIPPET_WORDS // 3):]
    after = body[at:at + 400].split()[:SNIPPET_WORDS - len(before)]
    window = " ".join(before + after)
    marked = pattern.sub(lambda m: f"{MARK_OPEN}{m.group(0)}{MARK_CLOSE}", window)
    head = "… " if at and len(before) == SNIPPET_WORDS // 3 else ""
    tail = " …" if len(body) > at + len(" ".join(after)) + 1 else ""
    return head + marked + tail
