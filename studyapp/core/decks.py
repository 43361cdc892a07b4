"""What to study: a scope (topic, tag, starred, difficulty, kind) over the bank."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from studyapp.core.bank import Bank


@dataclass(frozen=True)
class Scope:
    """A study filter; saved filters are stored as ``asdict(scope)``."""

    topic: str = ""                     # topic id; "" = whole bank
    tag: str = ""
    starred: bool = False
    min_difficulty: int = 1
    max_difficulty: int = 3
    kinds: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Scope:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        if "kinds" in known:
            known["kinds"] = tuple(known["kinds"])
        return cls(**known)

    def describe(self, bank: Bank) -> str:
        parts = [bank.topics[self.topic].title if self.topic in bank.topics else "All topics"]
        if self.tag:
            parts.append(f"tag {self.tag}")
        if self.starred:
            parts.append("starred")
        if (self.min_difficulty, self.max_difficulty) != (1, 3):
            parts.append(f"difficulty {self.min_difficulty}–{self.max_difficulty}")
        if self.kinds:
            parts.append(", ".join(self.kinds))
        return " · ".join(parts)


def question_ids(bank: Bank, scope: Scope, starred: set[str]) -> list[str]:
    """Ids of the questions in scope, in topic order."""
    ids = bank.subtree_question_ids(scope.topic) if scope.topic else [
        qid for topic in bank.roots() for qid in bank.subtree_question_ids(topic.id)]
    out = []
    for qid in ids:
        q = bank.questions[qid]
        if scope.tag and scope.tag not in q.tags:
            continue
        if scope.starred and qid not in starred:
            continue
        if not scope.min_difficulty <= q.difficulty <= scope.max_difficulty:
            continue
        if scope.kinds and q.kind not in scope.kinds:
            continue
        out.append(qid)
    return out
