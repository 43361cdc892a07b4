"""Small helpers for what the interface says."""


def plural(count: int, word: str, many: str | None = None) -> str:
    """'1 question', '3 questions' (``many`` for irregular plurals)."""
    return f"{count:,} {word if count == 1 else many or word + 's'}"
