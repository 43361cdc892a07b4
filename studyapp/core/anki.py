"""Export questions to an Anki package (.apkg) with genanki.

Math stays LaTeX inside MathJax delimiters, which Anki typesets itself; each topic
becomes a deck under "DeepPrep", tags carry over, and note ids are stable so a second
export updates the same notes in Anki instead of duplicating them.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from studyapp.core import palette
from studyapp.core.bank import Bank, Question
from studyapp.core.render import render_mathjax

if TYPE_CHECKING:
    import genanki

ROOT_DECK = "DeepPrep"
CSS = f""".card {{ font-family: sans-serif; font-size: 18px; text-align: left;
  color: {palette.LIGHT.text}; background: {palette.LIGHT.surface}; max-width: 46em;
  margin: auto; }}
.points li {{ margin: 0.2em 0; }} .kind {{ color: {palette.LIGHT.muted}; font-size: 14px; }}
pre {{ background: {palette.LIGHT.code_bg}; padding: 0.6em; overflow-x: auto; }}"""


def _stable_id(text: str) -> int:
    """A 31-bit positive id derived from text, so re-exports keep the same ids."""
    return int(hashlib.sha1(text.encode()).hexdigest()[:8], 16) & 0x7FFFFFFF | 1 << 30


MODEL_ID = _stable_id("deepprep-model-v1")


def note_guid(question_id: str, card_key: str = "q") -> str:
    """The guid of a card's note: stable, so Anki updates the note on a second export and
    an import from Anki finds the card again."""
    import genanki

    parts = (question_id,) if card_key == "q" else (question_id, card_key)
    return genanki.guid_for("deepprep", *parts)


def card_key_for_guid(question_id: str, card_keys: Iterable[str], guid: str) -> str | None:
    """Which of the question's cards an exported note with ``guid`` is, if any."""
    return next((key for key in card_keys if note_guid(question_id, key) == guid), None)


def _model() -> genanki.Model:
    import genanki

    return genanki.Model(
        MODEL_ID, "DeepPrep question",
        fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Source"}],
        templates=[{"name": "Card", "qfmt": "{{Front}}",
                    "afmt": "{{FrontSide}}<hr id=answer>{{Back}}"}],
        css=CSS)


def question_fields(q: Question) -> tuple[str, str]:
    """Front and back HTML of the question card: title; short answer, key points, details."""
    points = "".join(f"<li>{render_mathjax(p).removeprefix('<p>').removesuffix('</p>')}</li>"
                     for p in q.key_points)
    back = (render_mathjax(q.short)
            + (f"<p><b>Key points</b></p><ul class=points>{points}</ul>" if points else "")
            + render_mathjax(q.details))
    front = (f"<div>{render_mathjax(q.title)}</div>"
             f"<div class=kind>{html.escape(q.kind)} · difficulty {q.difficulty}</div>")
    return front, back


def deck_name(bank: Bank, topic_id: str) -> str:
    names = []
    topic = bank.topics.get(topic_id)
    while topic is not None:
        names.append(topic.title.replace("::", ":"))
        topic = bank.topics.get(topic.parent_id) if topic.parent_id else None
    return "::".join([ROOT_DECK, *reversed(names)])


def export_apkg(bank: Bank, questions: list[Question], path: Path) -> dict[str, int]:
    """Write ``questions`` (question card and atomic cards) to ``path``; returns counts."""
    import genanki

    if not questions:
        raise ValueError("no questions match: nothing to export")
    model = _model()
    decks: dict[str, genanki.Deck] = {}
    notes = 0
    for q in questions:
        name = deck_name(bank, q.topic_id)
        deck = decks.setdefault(name, genanki.Deck(_stable_id(name), name))
        tags = [t.replace(" ", "_") for t in q.tags] + [f"difficulty::{q.difficulty}"]
        front, back = question_fields(q)
        deck.add_note(genanki.Note(model=model, fields=[front, back, q.id], tags=tags,
                                   guid=note_guid(q.id)))
        notes += 1
        for card in q.cards:
            deck.add_note(genanki.Note(
                model=model, tags=tags, guid=note_guid(q.id, card.key),
                fields=[render_mathjax(card.front), render_mathjax(card.back), q.id]))
            notes += 1
    partial = Path(path).with_suffix(".partial")
    genanki.Package(list(decks.values())).write_to_file(str(partial))
    partial.replace(path)
    return {"notes": notes, "decks": len(decks), "questions": len(questions)}


def select(bank: Bank, topic: str | None = None, tag: str | None = None) -> list[Question]:
    """Questions under a topic id (and its subtopics) and/or carrying a tag."""
    if topic and topic not in bank.topics:
        raise ValueError(f"unknown topic {topic!r}")
    chosen = []
    for q in bank.questions.values():
        if topic:
            t = bank.topics.get(q.topic_id)
            inside = False
            while t is not None:
                inside = inside or t.id == topic
                t = bank.topics.get(t.parent_id) if t.parent_id else None
            if not inside:
                continue
        if tag and tag not in q.tags:
            continue
        chosen.append(q)
    return chosen
