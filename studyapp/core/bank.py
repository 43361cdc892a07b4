"""Load and validate the Markdown question bank.

A bank is a folder tree: folders are topics (``_topic.toml`` gives title and
description), files ``NNN-slug.md`` are questions with TOML front matter between
``+++`` lines. Problems never stop loading: a bad file is skipped and reported
with its path and line so the app starts with every valid question.
"""

from __future__ import annotations

import hashlib
import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from studyapp.core.bank_cache import BankCache, file_stamp
from studyapp.core.drills import Drill, drill_path, parse_drill

# Bump when what the loader makes of a file changes: cached parses of other versions
# are then ignored.
LOADER_VERSION = "1"

KINDS = ("concept", "math", "coding", "design", "behavioral")
DIFFICULTY_NAMES = {1: "warm-up", 2: "standard", 3: "hard"}
DIFFICULTIES = (1, 2, 3)
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SOURCE_RE = re.compile(r"^[a-z]+:[0-9A-Za-z_-]+$")
QUESTION_FILE_RE = re.compile(r"^\d{3,6}-[a-z0-9-]+\.md$")
MAX_QUESTION_BYTES = 256 * 1024     # the longest shipped answer is about 6 kB
LINK_RE = re.compile(r"\]\(q:([^)\s]+)\)")
FENCE = "+++"


@dataclass(frozen=True)
class Card:
    """One flashcard of a question: the question card ("q") or an atomic card."""

    key: str
    front: str
    back: str


@dataclass
class Question:
    id: str
    title: str
    short: str
    details: str
    difficulty: int
    kind: str
    tags: tuple[str, ...]
    sources: tuple[str, ...]
    explore: tuple[str, ...]
    key_points: tuple[str, ...]
    follow_ups: tuple[str, ...]
    cards: tuple[Card, ...]
    topic_id: str
    path: Path
    body_line: int = 1
    user: bool = False
    drill: Drill | None = None
    digest: str = ""        # of the file's bytes (and its drill file's): what the index saw

    def all_cards(self) -> tuple[Card, ...]:
        """The question card followed by the atomic cards."""
        return (Card("q", self.title, self.short), *self.cards)


@dataclass
class Topic:
    id: str
    title: str
    description: str
    parent_id: str | None
    children: list[Topic] = field(default_factory=list)
    question_ids: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class Bank:
    topics: dict[str, Topic]
    questions: dict[str, Question]
    problems: list[Problem]
    tags: frozenset[str]
    content_hash: str

    def roots(self) -> list[Topic]:
        return [t for t in self.topics.values() if t.parent_id is None]

    def subtree_question_ids(self, topic_id: str) -> list[str]:
        topic = self.topics[topic_id]
        ids = list(topic.question_ids)
        for child in topic.children:
            ids.extend(self.subtree_question_ids(child.id))
        return ids

    def linked_from(self, explorer_id: str) -> list[Question]:
        """Questions whose ``explore`` entries open the given explorer."""
        return [
            q for q in self.questions.values()
            if any(link.split("?", 1)[0] == explorer_id for link in q.explore)
        ]


class BankFileError(ValueError):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line


def split_front_matter(text: str) -> tuple[dict, str, int]:
    """Return (front matter, body, line number where the body starts)."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != FENCE:
        raise BankFileError(1, "file must start with a '+++' line opening the front matter")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == FENCE)
    except StopIteration:
        raise BankFileError(1, "front matter is not closed by a '+++' line") from None
    try:
        meta = tomllib.loads("\n".join(lines[1:end]))
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        line = int(match.group(1)) + 1 if match else 1
        raise BankFileError(line, f"front matter is not valid TOML: {exc}") from None
    except RecursionError:
        raise BankFileError(1, "front matter nests arrays or tables too deeply") from None
    return meta, "\n".join(lines[end + 1:]), end + 2


def split_body(body: str, first_line: int) -> tuple[str, str, str]:
    """Split the Markdown body into (title, short answer, details)."""
    lines = body.splitlines()
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i == len(lines) or not lines[i].startswith("# "):
        raise BankFileError(first_line + i, "question must begin with a '# Title' line")
    title = lines[i][2:].strip()
    rest = lines[i + 1:]
    cut = next((j for j, line in enumerate(rest) if line.startswith("## ")), len(rest))
    short = "\n".join(rest[:cut]).strip()
    details_lines = rest[cut:]
    if details_lines and details_lines[0].strip().lower() == "## details":
        details_lines = details_lines[1:]
    details = "\n".join(details_lines).strip()
    if not title:
        raise BankFileError(first_line + i, "the title is empty")
    if not short:
        raise BankFileError(first_line + i + 1, "a short answer paragraph must follow the title")
    return title, short, details


def _strings(meta: dict, key: str, required: bool = False) -> tuple[str, ...]:
    value = meta.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise BankFileError(1, f"'{key}' must be a list of strings")
    if required and not value:
        raise BankFileError(1, f"'{key}' must not be empty")
    return tuple(value)


def _meta_line(text: str, key: str) -> int:
    for n, line in enumerate(text.splitlines(), start=1):
        if re.match(rf"^\s*{re.escape(key)}\s*=", line):
            return n
    return 1


def parse_question(text: str, path: Path, topic_id: str) -> Question:
    """Parse one question file's text; raise BankFileError on the first problem."""
    meta, body, body_line = split_front_matter(text)
    title, short, details = split_body(body, body_line)

    def fail(key: str, message: str) -> BankFileError:
        return BankFileError(_meta_line(text, key), message)

    qid = meta.get("id")
    if not isinstance(qid, str) or not ID_RE.match(qid):
        raise fail("id", f"'id' must be lower-case words joined by '-', got {qid!r}")
    difficulty = meta.get("difficulty")
    if difficulty not in DIFFICULTIES or isinstance(difficulty, bool):
        raise fail("difficulty", f"'difficulty' must be 1, 2 or 3, got {difficulty!r}")
    kind = meta.get("kind")
    if kind not in KINDS:
        raise fail("kind", f"'kind' must be one of {', '.join(KINDS)}, got {kind!r}")
    try:
        tags = _strings(meta, "tags")
        sources = _strings(meta, "sources")
        explore = _strings(meta, "explore")
        key_points = _strings(meta, "key_points", required=True)
        follow_ups = _strings(meta, "follow_ups")
    except BankFileError as exc:
        key = str(exc).split("'")[1]
        raise fail(key, str(exc)) from None
    for source in sources:
        if not SOURCE_RE.match(source):
            raise fail("sources", f"source id {source!r} is not of the form 'name:NNN'")
    raw_cards = meta.get("cards", [])
    if not isinstance(raw_cards, list):
        raise fail("cards", "'cards' must be an array of tables ([[cards]])")
    cards = []
    for n, raw in enumerate(raw_cards, start=1):
        if not isinstance(raw, dict):
            raise fail("cards", "'cards' must be an array of tables ([[cards]]), each with "
                                "a 'front' and a 'back'")
        front, back = raw.get("front"), raw.get("back")
        if not (isinstance(front, str) and front.strip() and isinstance(back, str) and back.strip()):
            raise fail("[[cards]]", f"card {n} needs a non-empty 'front' and 'back'")
        cards.append(Card(f"c{n}", front.strip(), back.strip()))
    known = {"id", "difficulty", "kind", "tags", "sources", "explore", "key_points",
             "follow_ups", "cards"}
    unknown = sorted(set(meta) - known)
    if unknown:
        raise fail(unknown[0], f"unknown front-matter key(s): {', '.join(unknown)}")
    return Question(
        id=qid, title=title, short=short, details=details, difficulty=difficulty, kind=kind,
        tags=tags, sources=sources, explore=explore, key_points=key_points,
        follow_ups=follow_ups, cards=tuple(cards), topic_id=topic_id, path=path,
        body_line=body_line,
    )


def _load_topic(folder: Path, topic_id: str, parent: str | None,
                problems: list[Problem], rel: Callable[[Path], str]) -> Topic:
    title, description = folder.name, ""
    meta_file = folder / "_topic.toml"
    if meta_file.exists():
        try:
            meta = tomllib.loads(meta_file.read_text(encoding="utf-8"))
            title = str(meta.get("title", title))
            description = str(meta.get("description", ""))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            problems.append(Problem(rel(meta_file), 1, f"bad _topic.toml: {exc}"))
        except RecursionError:
            problems.append(Problem(rel(meta_file), 1,
                                    "bad _topic.toml: arrays or tables nest too deeply"))
    else:
        problems.append(Problem(rel(folder), 1, "topic folder has no _topic.toml"))
        title = re.sub(r"^\d+-", "", folder.name).replace("-", " ").capitalize()
    return Topic(topic_id, title, description, parent)


def load_tags(root: Path, problems: list[Problem]) -> set[str]:
    """The tags a bank allows; a broken tags.toml is a problem and allows none."""
    path = root / "tags.toml"
    if not path.exists():
        return set()
    try:
        tags = tomllib.loads(path.read_text(encoding="utf-8")).get("tags", [])
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        problems.append(Problem(str(path), 1, f"bad tags.toml: {exc}"))
        return set()
    except RecursionError:
        problems.append(Problem(str(path), 1, "bad tags.toml: arrays nest too deeply"))
        return set()
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        problems.append(Problem(str(path), 1, "bad tags.toml: 'tags' must be a list of strings"))
        return set()
    return set(tags)


def load_bank(roots: list[Path], known_explorers: dict[str, set[str]] | None = None,
              known_sources: set[str] | None = None, cache: BankCache | None = None) -> Bank:
    """Load and merge banks (the shipped one first, then user banks).

    ``known_explorers`` maps explorer id to its parameter names; ``known_sources``
    is the set of seed ids. Either check is skipped when None. With a ``cache``, files
    unchanged since it was written are not parsed again (and it is saved afterwards).
    """
    topics: dict[str, Topic] = {}
    questions: dict[str, Question] = {}
    problems: list[Problem] = []
    tags: set[str] = set()
    digest = hashlib.sha256()

    for index, root in enumerate(roots):
        root = Path(root)
        if not root.is_dir():
            problems.append(Problem(str(root), 1, "bank folder does not exist"))
            continue
        tags |= load_tags(root, problems)
        prefix = str(root.parent) + "/"

        def rel(p: Path, prefix: str = prefix) -> str:
            return str(p).removeprefix(prefix)

        def walk(entries: list[os.DirEntry], parent: str | None, depth: int,
                 root: Path = root, rel: Callable[[Path], str] = rel,
                 user: bool = index > 0) -> None:
            for entry in entries:
                if not entry.is_dir() or entry.name.startswith((".", "_")):
                    continue
                sub = Path(entry.path)
                if depth >= 2:
                    problems.append(Problem(rel(sub), 1, "topics nest at most two levels"))
                    continue
                tid = "/".join(sub.relative_to(root).parts)
                if tid not in topics:
                    topics[tid] = _load_topic(sub, tid, parent, problems, rel)
                    if parent:
                        topics[parent].children.append(topics[tid])
                inside = _listing(sub)
                names = {e.name for e in inside}
                for file in inside:
                    if file.name.endswith(".md") and not file.is_dir():
                        _load_file(Path(file.path), tid, user, rel,
                                   file.name[:-3] + ".py" in names)
                walk(inside, tid, depth + 1)

        def _load_file(file: Path, tid: str, user: bool, rel: Callable[[Path], str],
                       has_drill: bool) -> None:
            if not QUESTION_FILE_RE.match(file.name):
                problems.append(Problem(rel(file), 1, "question files are named NNN-slug.md (3 to 6 digits)"))
                return
            stamp = file_stamp(file, drill_path(file) if has_drill else None)
            entry = cache.get(file, stamp) if cache is not None and stamp else None
            try:
                got = _from_entry(entry, file, tid) if entry is not None else None
            except (KeyError, TypeError, ValueError):   # an entry of another shape
                got = None
            if got is None:
                entry = _parse_file(file, stamp)
                if cache is not None and stamp:
                    cache.put(file, stamp, entry)
                got = _from_entry(entry, file, tid)
            if isinstance(got, Problem):
                problems.append(Problem(rel(Path(got.path)), got.line, got.message))
                return
            q, id_line = got
            if q.id in questions:
                other = rel(questions[q.id].path)
                problems.append(Problem(rel(file), id_line,
                                        f"duplicate id {q.id!r} (also in {other})"))
                return
            q.user = user
            questions[q.id] = q
            topics[tid].question_ids.append(q.id)
            digest.update(rel(file).encode() + b"\0" + q.digest.encode())

        walk(_listing(root), None, 0)

    if cache is not None:
        cache.save()
    for q in list(questions.values()):
        error = _cross_check(q, questions, tags, known_explorers, known_sources)
        if error:
            text = q.path.read_text(encoding="utf-8")
            key, message = error
            problems.append(Problem(str(q.path), _meta_line(text, key), message))
            del questions[q.id]
            topics[q.topic_id].question_ids.remove(q.id)
    return Bank(topics, questions, problems, frozenset(tags), digest.hexdigest())


def _listing(folder: Path) -> list[os.DirEntry]:
    """A folder's entries by name (one directory read: which are folders, and which
    question files have a drill file beside them, without a look at each)."""
    with os.scandir(folder) as entries:
        return sorted(entries, key=lambda e: e.name)


def _parse_file(file: Path, stamp: tuple[int, ...] | None) -> dict:
    """What one question file (and its drill file) holds, as a cache entry: the
    question with its digest and the line of its id, or the problem ("md" or "drill"
    file, line, message) that keeps it out."""
    if stamp is None:
        return {"problem": ["md", 1, "file cannot be read"]}
    size = stamp[0]
    if size > MAX_QUESTION_BYTES:
        message = (f"file is too large ({size // 1024} kB; a question file has at most "
                   f"{MAX_QUESTION_BYTES // 1024} kB)")
        return {"problem": ["md", 1, message]}
    try:
        data = file.read_bytes()
        text = data.decode("utf-8")
        q = parse_question(text, file, "")
    except OSError as exc:
        return {"problem": ["md", 1, f"file cannot be read: {exc.strerror}"]}
    except UnicodeDecodeError:
        return {"problem": ["md", 1, "file is not UTF-8 text"]}
    except BankFileError as exc:
        return {"problem": ["md", exc.line, str(exc)]}
    if stamp[2] >= 0:
        if q.kind != "coding":
            return {"problem": ["drill", 1, "only questions of kind 'coding' have a drill file"]}
        try:
            drill_data = drill_path(file).read_bytes()
            q.drill = parse_drill(q.id, drill_data.decode("utf-8"))
        except (ValueError, OSError) as exc:     # UnicodeDecodeError is a ValueError
            return {"problem": ["drill", 1, str(exc)]}
        data += drill_data
    q.digest = hashlib.sha1(data).hexdigest()
    return {"question": question_to_json(q), "id_line": _meta_line(text, "id")}


def _from_entry(entry: dict, file: Path, topic_id: str) -> tuple[Question, int] | Problem:
    """A cache entry back as (question, line of its id) or as its problem (with the
    file's full path)."""
    if "problem" in entry:
        where, line, message = entry["problem"]
        path = file if where == "md" else drill_path(file)
        return Problem(str(path), int(line), str(message))
    return question_from_json(entry["question"], file, topic_id), int(entry["id_line"])


def question_to_json(q: Question) -> dict:
    """A parsed question as JSON types; its place (path, topic, user bank) is not kept,
    it follows from where the file is."""
    return {"id": q.id, "title": q.title, "short": q.short, "details": q.details,
            "difficulty": q.difficulty, "kind": q.kind, "tags": q.tags, "sources": q.sources,
            "explore": q.explore, "key_points": q.key_points, "follow_ups": q.follow_ups,
            "cards": [[c.key, c.front, c.back] for c in q.cards], "body_line": q.body_line,
            "drill": None if q.drill is None else [q.drill.starter, q.drill.solution,
                                                    q.drill.tests],
            "digest": q.digest}


def question_from_json(data: dict, path: Path, topic_id: str) -> Question:
    drill = data["drill"]
    return Question(
        id=data["id"], title=data["title"], short=data["short"], details=data["details"],
        difficulty=data["difficulty"], kind=data["kind"], tags=tuple(data["tags"]),
        sources=tuple(data["sources"]), explore=tuple(data["explore"]),
        key_points=tuple(data["key_points"]), follow_ups=tuple(data["follow_ups"]),
        cards=tuple(Card(*c) for c in data["cards"]), topic_id=topic_id, path=path,
        body_line=data["body_line"], digest=data["digest"],
        drill=None if drill is None else Drill(data["id"], *drill))


def _cross_check(q: Question, questions: dict[str, Question], tags: set[str],
                 known_explorers: dict[str, set[str]] | None,
                 known_sources: set[str] | None) -> tuple[str, str] | None:
    """Checks that need the whole bank; returns (front-matter key, message)."""
    for tag in q.tags:
        if tag not in tags:
            return "tags", f"unknown tag {tag!r} (add it to tags.toml)"
    if known_sources is not None:
        for source in q.sources:
            if source not in known_sources:
                return "sources", f"unknown source id {source!r}"
    if known_explorers is not None:
        for link in q.explore:
            explorer_id, _, query = link.partition("?")
            if explorer_id not in known_explorers:
                return "explore", f"unknown explorer id {explorer_id!r}"
            for pair in filter(None, query.split("&")):
                name = pair.partition("=")[0]
                if name not in known_explorers[explorer_id]:
                    return "explore", f"explorer {explorer_id!r} has no parameter {name!r}"
    for target in LINK_RE.findall(q.short + "\n" + q.details):
        if target not in questions:
            return "id", f"link to unknown question 'q:{target}'"
    return None


def read_source_ids(*items_tsvs: Path) -> set[str] | None:
    """Source ids (first column) from the items.tsv lists that exist, or None when none does."""
    present = [path for path in items_tsvs if path.exists()]
    if not present:
        return None
    ids: set[str] = set()
    for path in present:
        lines = path.read_text(encoding="utf-8").splitlines()[1:]
        ids |= {line.split("\t", 1)[0] for line in lines if line.strip()}
    return ids

