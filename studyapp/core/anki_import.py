"""Anki notes as the user's own questions: templates, cloze, HTML and MathJax to Markdown.

A note becomes one question per card template it has cards for (its first card is the
question card, the others its atomic cards); a cloze note becomes one question per cloze
number. Ids are ``my-anki-<note id>`` (``-c<n>`` for a cloze), so importing the same
package again finds every question already there. Decks become topics (a deck nested
deeper than two levels joins its second-level topic). No Qt, no SQL: the package is read
in ``store.anki_package``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser

from studyapp.core import anki as anki_export
from studyapp.core.user_questions import CONTROL_RE, PREFIX, TAG_RE, Draft, slug

ID_PREFIX = PREFIX + "anki-"
TOPIC_PREFIX = "anki-"
MEDIA_FOLDER = "_media"     # inside the user's bank; the loader skips folders named _…
CLOZE_RE = re.compile(r"\{\{c(\d+)::(.*?)(?:::([^{}]*?))?\}\}", re.DOTALL)
FIELD_RE = re.compile(r"\{\{([^#^/{}][^{}]*)\}\}")
SECTION_RE = re.compile(r"\{\{([#^])([^{}]+)\}\}(.*?)\{\{/\2\}\}", re.DOTALL)
ANSWER_RULE_RE = re.compile(r"<hr[^>]*id\s*=\s*['\"]?answer['\"]?[^>]*>", re.IGNORECASE)
MATH_RE = re.compile(r"\\\((.+?)\\\)|\\\[(.+?)\\\]|\[\$\$\](.+?)\[/\$\$\]|\[\$\](.+?)\[/\$\]"
                     r"|\[latex\](.+?)\[/latex\]", re.DOTALL)
PLACEHOLDER_RE = re.compile(r"\x00(\d+)\x00")
TAG_RE_HTML = re.compile(r"<[^>]*>")
FRONT_SIDE = "\x00front\x00"
SOUND_RE = re.compile(r"\[sound:[^\]]*\]")


# --- what a package holds (filled in by store.anki_package) --------------------

@dataclass(frozen=True)
class NoteType:
    id: int
    name: str
    cloze: bool
    fields: tuple[str, ...]
    templates: tuple[tuple[str, str], ...]      # (question format, answer format) per ord


@dataclass(frozen=True)
class Note:
    id: int
    guid: str
    type_id: int
    fields: tuple[str, ...]
    tags: tuple[str, ...]


@dataclass(frozen=True)
class Card:
    id: int
    note_id: int
    deck_id: int
    ord: int
    suspended: bool


@dataclass(frozen=True)
class Review:
    card_id: int
    time_ms: int        # revlog id: milliseconds since the epoch
    ease: int           # 1 Again … 4 Easy; 0 for a manual reschedule
    kind: int           # 0 learn, 1 review, 2 relearn, 3 filtered, 4 manual, 5 rescheduled
    taken_ms: int


@dataclass
class Collection:
    note_types: dict[int, NoteType]
    decks: dict[int, tuple[str, ...]]       # deck id → its path of names
    notes: dict[int, Note]
    cards: list[Card]
    reviews: list[Review]


# --- conversion results ------------------------------------------------------

@dataclass
class Question:
    """One question to write: its id, topic folder path and the loader-ready draft."""

    id: str
    note_id: int
    topic: tuple[str, ...]          # folder names from the bank root, one or two
    draft: Draft
    cards: dict[int, str]           # Anki card id → our card key ("q", "c1", …)
    suspended: set[str] = field(default_factory=set)
    images: set[str] = field(default_factory=set)     # Anki media names it shows


@dataclass
class Plan:
    questions: list[Question]
    topics: dict[tuple[str, ...], str]      # folder path → title
    cards: dict[int, tuple[str, str]]       # Anki card id → (question id, card key)
    skipped: list[str]


# --- tags, decks, media names ------------------------------------------------

def tag_name(tag: str) -> str | None:
    """An Anki tag as one our loader accepts: 'Deep::SGD_basics' → 'deep-sgd-basics'."""
    ascii_text = unicodedata.normalize("NFKD", tag).encode("ascii", "ignore").decode()
    name = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return name if name and TAG_RE.match(name) else None


def _folder(title: str) -> str:
    """A folder name for a deck: its words in ASCII, or (a name without any, such as
    '日本語') 'deck-' and a hash of the name, so that two such decks stay apart."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    if re.search(r"[A-Za-z0-9]", ascii_text):
        return slug(ascii_text)
    return "deck-" + hashlib.sha1(title.encode()).hexdigest()[:8]


def topic_path(deck: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Folder names and titles for a deck path: the top deck, then the rest joined."""
    titles = (deck[0],) if len(deck) == 1 else (deck[0], " › ".join(deck[1:]))
    folders = (TOPIC_PREFIX + _folder(titles[0]), *(_folder(t) for t in titles[1:]))
    return folders, titles


def media_file_name(name: str, digest: str) -> str:
    """The file an Anki media file is copied to: its name made safe, with a content hash,
    so the same picture is the same file however often it is imported."""
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-")[:40] or "image"
    ext = re.sub(r"[^A-Za-z0-9]", "", ext)[:8].lower()
    return f"{stem}-{digest[:12]}" + (f".{ext}" if ext else "")


# --- templates and cloze -----------------------------------------------------

def _strip_html(text: str) -> str:
    return TAG_RE_HTML.sub("", text).strip()


def render_cloze(text: str, number: int, answer: bool) -> str:
    """The cloze field for cloze ``number``: its gaps hidden ('[…]' or '[hint]') on the
    question, shown in bold on the answer; the other gaps show their text."""
    def replace(match: re.Match) -> str:
        if int(match.group(1)) != number:
            return match.group(2)
        if answer:
            return f"<b>{match.group(2)}</b>"
        return f"[{match.group(3)}]" if match.group(3) else "[…]"
    return CLOZE_RE.sub(replace, text)


def render_template(fmt: str, fields: dict[str, str], cloze: int | None = None,
                    answer: bool = False, front: str = "") -> str:
    """An Anki card template filled in: sections ({{#F}}…{{/F}}, {{^F}}…{{/F}}), fields
    with filters (text:, cloze:, hint:, type: is dropped) and {{FrontSide}}."""
    def present(name: str) -> bool:
        return bool(_strip_html(fields.get(name.strip(), "")))

    previous = None
    while previous != fmt:
        previous = fmt
        fmt = SECTION_RE.sub(lambda m: m.group(3) if present(m.group(2)) == (m.group(1) == "#")
                             else "", fmt)

    def replace(match: re.Match) -> str:
        *filters, name = (part.strip() for part in match.group(1).split(":"))
        if name == "FrontSide":
            return front
        if "type" in filters:
            return ""
        value = fields.get(name, "")
        if "cloze" in filters and cloze is not None:
            return render_cloze(value, cloze, answer)
        return _strip_html(value) if "text" in filters else value
    return FIELD_RE.sub(replace, fmt)


def answer_part(rendered: str) -> str:
    """What the answer side adds to the question: after ``<hr id=answer>``, or the whole
    side without the question on it."""
    parts = ANSWER_RULE_RE.split(rendered, maxsplit=1)
    return (parts[1] if len(parts) == 2 else rendered).replace(FRONT_SIDE, "")


# --- HTML to Markdown --------------------------------------------------------

def _escape(text: str) -> str:
    text = re.sub(r"([\\`*$])", r"\\\1", text)
    return text.replace("<", "&lt;").replace("\xa0", " ")


class _Markdown(HTMLParser):
    """The small HTML subset cards use, as Markdown: paragraphs, line breaks, bold,
    italics, code, lists, images (those the package holds) and links as their text."""

    BLOCKS = frozenset({"div", "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table",
                        "tr"})

    def __init__(self, images: dict[str, str]):
        super().__init__(convert_charrefs=True)
        self.images = images
        self.used: set[str] = set()
        self.out: list[str] = []
        self.lists: list[list] = []       # [kind, count] per open list
        self.skip = 0
        self.pre = False

    def block(self) -> None:
        self.out.append("\n\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in self.BLOCKS or tag == "br":
            self.block()
            if tag.startswith("h") and tag[1:].isdigit():
                self.out.append("**")
        elif tag in ("b", "strong"):
            self.out.append("**")
        elif tag in ("i", "em"):
            self.out.append("*")
        elif tag == "code" and not self.pre:
            self.out.append("`")
        elif tag == "pre":
            self.pre = True
            self.out.append("\n\n```\n")
        elif tag in ("ul", "ol"):
            self.lists.append([tag, 0])
            self.block()
        elif tag == "li":
            kind: list = self.lists[-1] if self.lists else ["ul", 0]
            kind[1] += 1
            indent = "    " * max(0, len(self.lists) - 1)
            self.out.append(f"\n{indent}" + (f"{kind[1]}. " if kind[0] == "ol" else "- "))
        elif tag == "td":
            self.out.append(" ")
        elif tag == "img":
            source = (values.get("src") or "").strip()
            if source in self.images:
                self.used.add(source)
                alt = _escape(values.get("alt") or "").replace("]", "")
                self.out.append(f"![{alt}]({MEDIA_FOLDER}/{self.images[source]})")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCKS:
            if tag.startswith("h") and tag[1:].isdigit():
                self.out.append("**")
            self.block()
        elif tag in ("b", "strong"):
            self.out.append("**")
        elif tag in ("i", "em"):
            self.out.append("*")
        elif tag == "code" and not self.pre:
            self.out.append("`")
        elif tag == "pre":
            self.pre = False
            self.out.append("\n```\n\n")
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
            self.block()

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.pre:
            self.out.append(data)
            return
        self.out.append(_escape(re.sub(r"\s+", " ", data)))


def _tidy(markdown: str) -> str:
    """Emphasis markers hugging their words, no empty ones, at most one blank line, no
    line that the bank format reads as a heading or the end of the front matter."""
    markdown = re.sub(r"(?<![*\\])\*\*\s*\*\*(?!\*)", "", markdown)
    lines = []
    for line in markdown.split("\n"):
        line = line.rstrip()
        if not re.match(r"^\s*(- |\d+\. )", line):
            line = line.strip()
        line = re.sub(r"^(#|\+\+\+|-{3,}|={3,})", r"\\\1", line)
        lines.append(line)
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return re.sub(r"(?<![\\*])(\*\*?)\s+([^*\n]+?)\s+\1", r"\1\2\1", text)


def to_markdown(html_text: str, images: dict[str, str]) -> tuple[str, set[str]]:
    """Markdown for a card side's HTML, and the Anki media names it shows. MathJax
    (\\(…\\), \\[…\\]) and Anki's [$]…[/$] become $…$ and $$…$$."""
    formulas: list[str] = []

    def keep(match: re.Match) -> str:
        inline, display, latex_display, latex_inline, latex = match.groups()
        body = inline or latex_inline
        is_display = body is None
        body = body if body is not None else display or latex_display or latex
        from html import unescape
        body = re.sub(r"\s+", " ", unescape(TAG_RE_HTML.sub(" ", body))).strip()
        if not body:
            return ""
        formulas.append(f"\n\n$${body}$$\n\n" if is_display else f"${body}$")
        return f"\x00{len(formulas) - 1}\x00"

    parser = _Markdown(images)
    html_text = SOUND_RE.sub("", CONTROL_RE.sub("", html_text))     # no sound, no NULs
    parser.feed(MATH_RE.sub(keep, html_text))
    parser.close()
    text = PLACEHOLDER_RE.sub(lambda m: formulas[int(m.group(1))], "".join(parser.out))
    return _tidy(text), parser.used


def one_line(markdown: str) -> str:
    """A title from Markdown: images and emphasis dropped, display math inline, on one
    line."""
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", markdown)
    text = re.sub(r"\$\$(.+?)\$\$", r"$\1$", text, flags=re.DOTALL)
    text = re.sub(r"^\s*(- |\d+\. )", "", text, flags=re.MULTILINE)
    text = text.replace("```", " ").replace("\\\n", " ")
    text = re.sub(r"(?<!\\)(\*\*|\*|`)", "", text)      # titles are plain text
    return re.sub(r"\s+", " ", text).strip()


def plain_line(markdown: str) -> str:
    """A key point from Markdown: one line of plain text (key points are matched against
    typed answers), formulas as readable text, no Markdown escapes."""
    from html import unescape

    from studyapp.core.render import plain_text

    text = re.sub(r"\\([\\`*$#<])", r"\1", plain_text(one_line(markdown)))
    return unescape(text)


# --- notes to questions ------------------------------------------------------

def _side(note_type: NoteType, note: Note, ord_: int, cloze: int | None,
          images: dict[str, str]) -> tuple[str, str, set[str]]:
    """Question and answer Markdown of one card, and the media they show."""
    fields = dict(zip(note_type.fields, note.fields, strict=False))
    fields.update(Tags=" ".join(note.tags), Type=note_type.name)
    template = note_type.templates[0 if note_type.cloze else ord_]
    question = render_template(template[0], fields, cloze)
    answer = answer_part(render_template(template[1], fields, cloze, answer=True,
                                         front=FRONT_SIDE))
    front, used = to_markdown(question, images)
    back, used_back = to_markdown(answer, images)
    return front, back, used | used_back


def _draft(front: str, back: str, tags: list[str], note_id: int) -> Draft:
    """The question for a card: its front as the title (on one line); a front with more
    than a line of text (a picture, a list) is shown again above the answer."""
    title = one_line(front) or f"Anki note {note_id}"
    whole = "\n" not in front and "![" not in front
    short = back if whole else f"{front}\n\n***\n\n{back}"
    first = next((plain_line(line) for line in back.splitlines()
                  if one_line(line) and not line.startswith("!")), plain_line(title))
    return Draft(title=title, short=short, tags=tags, key_points=[first])


def plan(collection: Collection, images: dict[str, str], taken: set[str],
         exported: dict[str, tuple[str, ...]] | None = None) -> Plan:
    """Questions for the collection's notes that are not in the bank yet (ids in
    ``taken``), in note order. ``images`` maps Anki media names to our file names.

    Notes exported from DeepPrep (their model and a question id the bank still has, see
    ``exported``: question id → card keys) add no question: their cards map to the
    question's own cards, so reviews done in Anki come home."""
    by_note: dict[int, list[Card]] = {}
    for card in collection.cards:
        by_note.setdefault(card.note_id, []).append(card)
    result = Plan([], {}, {}, [])
    exported = exported or {}
    for note_id in sorted(by_note):
        note = collection.notes.get(note_id)
        note_type = collection.note_types.get(note.type_id) if note else None
        if note is None or note_type is None:
            result.skipped.append(f"note {note_id}: its note type is missing")
            continue
        if note_type.cloze and "Occlusion" in note_type.fields:
            result.skipped.append(f"note {note_id}: image occlusion notes are not imported "
                                  "(their gaps are shapes on a picture)")
            continue
        cards = sorted(by_note[note_id], key=lambda c: c.ord)
        if note_type.id == anki_export.MODEL_ID and len(note.fields) == 3 \
                and note.fields[2] in exported:
            for card in cards:
                key = anki_export.card_key_for_guid(note.fields[2], exported[note.fields[2]],
                                                    note.guid)
                if key is not None:
                    result.cards[card.id] = (note.fields[2], key)
            continue
        tags = sorted({t for t in map(tag_name, note.tags) if t})
        groups = ([[c] for c in cards] if note_type.cloze else [cards])
        for group in groups:
            qid = (f"{ID_PREFIX}{note_id}-c{group[0].ord + 1}" if note_type.cloze
                   else f"{ID_PREFIX}{note_id}")
            keys = {c.id: ("q" if i == 0 else f"c{i}") for i, c in enumerate(group)}
            if qid in taken:
                result.cards.update({cid: (qid, key) for cid, key in keys.items()})
                continue
            question = _question(collection, note_type, note, group, qid, keys, tags, images)
            if isinstance(question, str):
                result.skipped.append(question)
                continue
            deck = collection.decks.get(group[0].deck_id) or ("Default",)
            folders, titles = topic_path(deck)
            question.topic = folders
            for depth in range(1, len(folders) + 1):
                result.topics.setdefault(folders[:depth], titles[depth - 1])
            result.questions.append(question)
            result.cards.update({cid: (qid, key) for cid, key in keys.items()})
    return result


def _question(collection: Collection, note_type: NoteType, note: Note, group: list[Card],
              qid: str, keys: dict[int, str], tags: list[str],
              images: dict[str, str]) -> Question | str:
    """The question for a note's cards, or why it cannot be one."""
    sides, shown = [], set()
    for card in group:
        if not note_type.cloze and card.ord >= len(note_type.templates):
            return f"note {note.id}: card {card.ord + 1} has no template"
        cloze = card.ord + 1 if note_type.cloze else None
        front, back, used = _side(note_type, note, card.ord, cloze, images)
        if not front or not back:
            return f"note {note.id}: a card has an empty side"
        sides.append((front, back))
        shown |= used
    draft = _draft(*sides[0], tags, note.id)
    draft.cards = sides[1:]
    suspended = {keys[c.id] for c in group if c.suspended}
    return Question(qid, note.id, (), draft, keys, suspended, shown)
