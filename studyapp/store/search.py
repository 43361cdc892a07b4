"""Full-text search over the bank with SQLite FTS5.

The index lives in the user's database and is rebuilt only when the bank's
content hash changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlite_utils

from studyapp.core.bank import Bank
from studyapp.store.progress import get_setting, set_setting, transaction

HASH_KEY = "search_index_hash"
MARK_OPEN, MARK_CLOSE = "\x02", "\x03"


@dataclass(frozen=True)
class Hit:
    question_id: str
    snippet: str            # plain text with MARK_OPEN/MARK_CLOSE around matches


def ensure_index(db: sqlite_utils.Database, bank: Bank) -> bool:
    """Build the index if the bank changed; returns True when it was rebuilt."""
    if get_setting(db, HASH_KEY) == bank.content_hash and "search_fts" in db.table_names():
        return False
    with transaction(db):
        db.execute("DROP TABLE IF EXISTS search_fts")
        db.execute("CREATE VIRTUAL TABLE search_fts USING fts5("
                   "question_id UNINDEXED, title, body, tags, key_points, "
                   "tokenize = 'porter unicode61')")
        db.conn.executemany(
            "INSERT INTO search_fts (question_id, title, body, tags, key_points) "
            "VALUES (?, ?, ?, ?, ?)",
            [(q.id, q.title, _plain(q.short + "\n" + q.details), " ".join(q.tags),
              " ".join(q.key_points)) for q in bank.questions.values()],
        )
        set_setting(db, HASH_KEY, bank.content_hash)
    return True


def _plain(markdown_text: str) -> str:
    """Drop the Markdown syntax that would only add noise to snippets."""
    text = re.sub(r"```.*?```", " ", markdown_text, flags=re.DOTALL)
    text = re.sub(r"\$\$.*?\$\$", " … ", text, flags=re.DOTALL)
    text = re.sub(r"[#*_`>|]", " ", text)
    return re.sub(r"\s+", " ", text)


def fts_query(text: str) -> str:
    """User text to an FTS5 query: every word must match, the last as a prefix."""
    words = re.findall(r"\w+", text.lower())
    if not words:
        return ""
    terms = [f'"{w}"' for w in words[:-1]] + [f'"{words[-1]}"*']
    return " ".join(terms)


def search(db: sqlite_utils.Database, text: str, limit: int = 200) -> list[Hit]:
    """Ranked hits; titles weigh most, then key points and tags, then the body."""
    query = fts_query(text)
    if not query:
        return []
    rows = db.execute(
        "SELECT question_id, snippet(search_fts, 2, ?, ?, '…', 14) FROM search_fts "
        "WHERE search_fts MATCH ? ORDER BY bm25(search_fts, 0, 10.0, 1.0, 4.0, 4.0) LIMIT ?",
        [MARK_OPEN, MARK_CLOSE, query, limit],
    ).fetchall()
    return [Hit(qid, snippet) for qid, snippet in rows]
