"""Which questions: the one filter behind Browse's list, a flashcard deck and an
interview's pool (topics, tags, difficulties, kinds, starred, search words)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from studyapp.core.bank import DIFFICULTY_NAMES, Bank


@dataclass(frozen=True)
class Scope:
    """An empty field lets everything through. Saved filters are ``to_dict()``."""

    topics: tuple[str, ...] = ()        # topic ids, each with its subtopics
    tags: tuple[str, ...] = ()          # a question with any of these
    difficulties: tuple[int, ...] = ()
    kinds: tuple[str, ...] = ()
    starred: bool = False
    text: str = ""                      # words the search index must find

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Scope:
        """A saved filter, also one saved before scopes had several topics and tags
        (``topic``, ``tag``, ``min_difficulty``/``max_difficulty``)."""
        data = dict(data)
        if data.get("topic"):
            data["topics"] = [data["topic"]]
        if data.get("tag"):
            data["tags"] = [data["tag"]]
        if "min_difficulty" in data or "max_difficulty" in data:
            low, high = data.get("min_difficulty", 1), data.get("max_difficulty", 3)
            if (low, high) != (1, 3):
                data["difficulties"] = list(range(low, high + 1))
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        for name in ("topics", "tags", "difficulties", "kinds"):
            if name in known:
                known[name] = tuple(known[name])
        return cls(**known)

    def describe(self, bank: Bank) -> str:
        """The scope in words, e.g. "Optimizers · tag adam · intermediate"."""
        parts = [", ".join(bank.topics[t].title for t in self.topics if t in bank.topics)
                 or "All topics"]
        if self.tags:
            parts.append("tag " + " or ".join(self.tags))
        if self.starred:
            parts.append("starred")
        if self.difficulties:
            parts.append(" or ".join(DIFFICULTY_NAMES[d] for d in self.difficulties))
        if self.kinds:
            parts.append(", ".join(self.kinds))
        if self.text:
            parts.append(f"“{self.text}”")
        return " · ".join(parts)

    def select(self, bank: Bank, starred: set[str], found: list[str] | None = None) -> list[str]:
        """Ids of the questions in scope: in topic order, or in the order of ``found``,
        the search index's hits for ``text`` (given by the caller when ``text`` is set)."""
        if self.text and found is None:
            raise ValueError("a scope with search words needs the search index's hits")
        if self.topics:
            allowed = {qid for t in self.topics for qid in bank.subtree_question_ids(t)}
        else:
            allowed = set(bank.questions)
        order = found if self.text and found is not None else [
            qid for topic in bank.roots() for qid in bank.subtree_question_ids(topic.id)]
        out = []
        for qid in order:
            q = bank.questions.get(qid)
            if q is None or qid not in allowed:
                continue
            if self.tags and not set(self.tags) & set(q.tags):
                continue
            if self.starred and qid not in starred:
                continue
            if self.difficulties and q.difficulty not in self.difficulties:
                continue
            if self.kinds and q.kind not in self.kinds:
                continue
            out.append(qid)
        return out
