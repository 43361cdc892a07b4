"""Links into DeepPrep: ``deepprep://q/<question id>`` opens a question in Browse and
``deepprep://explore/<explorer link>`` (``softmax?T=0.3``) an explorer at a state.

"Copy link" puts one on the clipboard, Question ▸ Go to link… opens one (or a bare
question id), and one written in a note opens in the app from the note's preview."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, unquote

SCHEME = "deepprep"
QUESTION = f"{SCHEME}://q/"
EXPLORE = f"{SCHEME}://explore/"
# A link written as plain text: not already the target of a Markdown link or an autolink.
BARE_LINK_RE = re.compile(rf"(?<![(<\w/\"']){SCHEME}://(?:q|explore)/[^\s<>()\[\]\"']+",
                          re.IGNORECASE)
QUESTION_ID_RE = re.compile(r"[\w.:-]+")
EXAMPLE = f"{QUESTION}relu-definition"


@dataclass(frozen=True)
class Target:
    """Where a link leads: a question id, or an explorer link."""

    kind: str      # "question" or "explore"
    value: str


def question_link(question_id: str) -> str:
    return QUESTION + quote(question_id, safe="-_.:")


def explore_link(link: str) -> str:
    """``softmax?T=0.3`` → ``deepprep://explore/softmax?T=0.3``."""
    return EXPLORE + link


def parse(text: str) -> Target:
    """What a pasted link or a bare question id points at; ValueError with a sentence
    for the user when it is neither."""
    text = text.strip().strip("<>").strip()
    lower = text.lower()
    if not text:
        raise ValueError(f"Paste a link such as {EXAMPLE}, or type a question id.")
    if lower.startswith(QUESTION):
        question_id = unquote(text[len(QUESTION):]).strip("/")
        if not QUESTION_ID_RE.fullmatch(question_id):
            raise ValueError(f"“{text}” names no question: a question link looks like "
                             f"{EXAMPLE}.")
        return Target("question", question_id)
    if lower.startswith(EXPLORE):
        link = text[len(EXPLORE):]
        if not link or link.startswith("?"):
            raise ValueError(f"“{text}” names no explorer: an explorer link looks like "
                             f"{EXPLORE}softmax?T=0.3.")
        return Target("explore", link)
    if "://" in text:
        raise ValueError(f"DeepPrep opens links that start with {QUESTION} or {EXPLORE}; "
                         f"“{text}” is not one.")
    if not QUESTION_ID_RE.fullmatch(text):
        raise ValueError(f"“{text}” is neither a link nor a question id. Paste a link such "
                         f"as {EXAMPLE}.")
    return Target("question", text)


def linkify(markdown_text: str) -> str:
    """Markdown in which links written as plain text become links (Markdown only makes
    web addresses into links by itself)."""
    def wrap(match: re.Match) -> str:
        link = match.group(0).rstrip(".,;:!?")          # the sentence's own full stop
        return f"<{link}>{match.group(0)[len(link):]}"
    return BARE_LINK_RE.sub(wrap, markdown_text)
