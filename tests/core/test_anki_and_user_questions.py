"""Anki export, the user's own questions and CSV import."""

import json
import sqlite3
import zipfile

import pytest

from studyapp.banks import load
from studyapp.core import anki, user_questions
from studyapp.core.user_questions import Draft


def open_apkg(path, tmp_path):
    zipfile.ZipFile(path).extract("collection.anki2", tmp_path)
    return sqlite3.connect(tmp_path / "collection.anki2")


def test_apkg_has_notes_fields_decks_tags_and_mathjax(fixture_bank, tmp_path):
    bank = load([], fixture_bank)
    questions = list(bank.questions.values())
    counts = anki.export_apkg(bank, questions, tmp_path / "x.apkg")
    col = open_apkg(tmp_path / "x.apkg", tmp_path)
    notes = col.execute("SELECT flds, tags FROM notes").fetchall()
    expected = sum(1 + len(q.cards) for q in questions)
    assert counts["notes"] == len(notes) == expected
    fields = [f.split("\x1f") for f, _ in notes]
    assert all(len(f) == 3 and f[2] in bank.questions for f in fields)
    decks = {d["name"] for d in json.loads(col.execute("SELECT decks FROM col").fetchone()[0])
             .values()}
    assert {anki.deck_name(bank, q.topic_id) for q in questions} <= decks
    assert all(name.startswith("DeepPrep::") for name in decks - {"Default"})
    with_math = [f for f in fields if "$" in bank.questions[f[2]].short]
    assert not with_math or "\\(" in with_math[0][1]
    assert all(f"difficulty::{bank.questions[f[2]].difficulty}" in t for f, (_, t) in
               zip(fields, notes, strict=True))
    # a second export keeps the note ids, so Anki updates instead of duplicating
    anki.export_apkg(bank, questions, tmp_path / "y.apkg")
    (tmp_path / "second").mkdir()
    again = open_apkg(tmp_path / "y.apkg", tmp_path / "second")
    assert sorted(g for (g,) in again.execute("SELECT guid FROM notes")) == \
        sorted(g for (g,) in col.execute("SELECT guid FROM notes"))


def test_select_by_topic_and_tag(fixture_bank):
    bank = load([], fixture_bank)
    topic = next(iter(bank.topics))
    assert all(q.topic_id.startswith(topic) for q in anki.select(bank, topic))
    tag = next(iter(next(iter(bank.questions.values())).tags))
    assert all(tag in q.tags for q in anki.select(bank, tag=tag))
    with pytest.raises(ValueError, match="unknown topic"):
        anki.select(bank, "nope")
    with pytest.raises(ValueError, match="nothing to export"):
        anki.export_apkg(bank, [], "unused.apkg")


def test_saved_question_loads_with_a_prefixed_id_and_edits_in_place(fixture_bank, tmp_path):
    root = tmp_path / "bank"
    draft = Draft("What is $x^2$?", "A square.", "Details with `code`.", 2, "math",
                  ["my-topic"], ["x² is x times x"], [("2²", "4")])
    path, qid = user_questions.save(root, draft, set())
    assert qid == "my-what-is-x-2" and path.parent.name == "my-questions"
    bank = load([root], fixture_bank)
    q = bank.questions[qid]
    assert q.user and q.difficulty == 2 and q.tags == ("my-topic",) and q.cards[0].back == "4"
    draft.title = "What is x squared?"
    path2, qid2 = user_questions.save(root, draft, set(bank.questions), path)
    assert (path2, qid2) == (path, qid)
    assert load([root], fixture_bank).questions[qid].title == "What is x squared?"
    _, second = user_questions.save(root, draft, set(bank.questions))
    assert second == "my-what-is-x-squared"


@pytest.mark.parametrize(("draft", "message"), [
    (Draft("", "short", key_points=["k"]), "title and a short answer"),
    (Draft("T", "S"), "at least one key point"),
    (Draft("T", "S", tags=["Bad Tag"], key_points=["k"]), "lower-case"),
    (Draft("T", "x" * 20_001, key_points=["k"]), "longer than"),
])
def test_invalid_drafts_are_refused_and_nothing_is_written(tmp_path, draft, message):
    with pytest.raises(ValueError, match=message):
        user_questions.save(tmp_path / "bank", draft, set())
    assert not list((tmp_path / "bank").rglob("*.md"))


def test_csv_import_reports_bad_rows_and_never_duplicates(fixture_bank, tmp_path):
    root = tmp_path / "bank"
    csv_path = tmp_path / "q.tsv"
    csv_path.write_text("Front\tBack\tTags\nWhat is dropout?\tRandomly zeroing units.\t"
                        "regularization\n\tno front\t\nWhat is dropout?\tdup\t\n"
                        f"Huge?\t{'y' * 20_001}\t\nTagged?\tYes.\tBad_Tag!\n", encoding="utf-8")
    written, errors = user_questions.import_csv(csv_path, root, set(), set())
    assert len(written) == 1 and len(errors) == 4
    assert any("line 3" in e for e in errors) and any("earlier" in e for e in errors)
    bank = load([root], fixture_bank)
    again, errors2 = user_questions.import_csv(csv_path, root, set(bank.questions),
                                               {q.title for q in bank.questions.values()})
    assert again == [] and any("exists" in e for e in errors2)


@pytest.mark.parametrize(("content", "message"), [
    (b"\xff\xfefront,back\n", "not UTF-8"),
    (b"question,answer\nA,B\n", "must name the columns front and back"),
])
def test_unreadable_csv_files(tmp_path, content, message):
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    with pytest.raises(ValueError, match=message):
        user_questions.import_csv(path, tmp_path / "bank", set(), set())


def test_markdown_folder_import_prefixes_ids_and_reports_bad_files(fixture_bank, tmp_path):
    source = tmp_path / "incoming"
    (source / "sub").mkdir(parents=True)
    good = (fixture_bank / "01-basics").glob("*.md")
    first = next(good)
    (source / "010-copy.md").write_text(first.read_text(encoding="utf-8")
                                        .replace("# ", "# Imported: ", 1), encoding="utf-8")
    (source / "sub" / "020-broken.md").write_text("no front matter\n", encoding="utf-8")
    (source / "030-latin.md").write_bytes("+++\nid = \"caf\xe9\"\n".encode("latin-1"))
    root = tmp_path / "bank"
    written, errors = user_questions.import_markdown(source, root, set(), set())
    assert len(written) == 1 and len(errors) == 2
    assert any("020-broken.md: line 1" in e for e in errors)
    assert any("not UTF-8" in e for e in errors)
    bank = load([root], fixture_bank)
    mine = [q for q in bank.questions.values() if q.user]
    assert len(mine) == 1 and mine[0].id.startswith("my-")
    assert mine[0].title.startswith("Imported: ")
    again, errors = user_questions.import_markdown(
        source, root, set(bank.questions), {q.title for q in bank.questions.values()})
    assert again == [] and any("exists" in e for e in errors)
    with pytest.raises(ValueError, match="is not a folder"):
        user_questions.import_markdown(tmp_path / "missing", root, set(), set())


def user_questions_loaded(root, fixture_bank):
    return [q for q in load([root], fixture_bank).questions.values() if q.user]


@pytest.mark.parametrize("fronts", [
    [f"Question number {i}?" for i in range(150)],                          # past 999
    [f"What is the one long shared question title prefix here number {i}?" for i in range(120)],
])
def test_every_imported_row_loads_and_the_count_says_so(fixture_bank, tmp_path, fronts):
    csv_path = tmp_path / "q.csv"
    csv_path.write_text("front,back\n" + "".join(f"{f},Answer {i}.\n"
                                                   for i, f in enumerate(fronts)))
    root = tmp_path / "bank"
    written, errors = user_questions.import_csv(csv_path, root, set(), set())
    assert errors == [] and len(written) == len(fronts) == len(set(written))
    assert len(user_questions_loaded(root, fixture_bank)) == len(fronts)
    (tmp_path / "r.csv").write_text("front,back\nOne more?,Yes.\n")
    user_questions.import_csv(tmp_path / "r.csv", root, set(), set())
    assert len(user_questions_loaded(root, fixture_bank)) == len(fronts) + 1


def test_an_import_is_all_or_nothing_when_cancelled(fixture_bank, tmp_path):
    csv_path = tmp_path / "q.csv"
    csv_path.write_text("front,back\n" + "".join(f"Q{i}?,A{i}.\n" for i in range(40)))
    root = tmp_path / "bank"
    seen = []

    def cancel_halfway(done, total):
        seen.append((done, total))
        return done < total // 2

    with pytest.raises(user_questions.ImportCancelled, match="nothing was added"):
        user_questions.import_csv(csv_path, root, set(), set(), cancel_halfway)
    assert seen[-1] == (20, 40)
    assert not list(root.rglob("*.md")) and not list(root.glob(".import-*"))


def test_an_import_too_large_is_refused_before_anything_is_written(tmp_path, monkeypatch):
    monkeypatch.setattr(user_questions, "MAX_IMPORT", 10)
    csv_path = tmp_path / "q.csv"
    csv_path.write_text("front,back\n" + "".join(f"Q{i}?,A{i}.\n" for i in range(11)))
    with pytest.raises(ValueError, match="more than 10 questions; split it"):
        user_questions.import_csv(csv_path, tmp_path / "bank", set(), set())
    assert not list((tmp_path / "bank").rglob("*.md"))


def test_control_characters_and_oversized_files_are_refused(fixture_bank, tmp_path):
    csv_path = tmp_path / "q.csv"
    csv_path.write_text("front,back\nNul?,bad\x00value\nFine?,Yes.\n")
    root = tmp_path / "bank"
    written, errors = user_questions.import_csv(csv_path, root, set(), set())
    assert len(written) == 1 and "line 2: contains control characters" in errors[0]
    source = tmp_path / "md"
    source.mkdir()
    body = "x" * (300 * 1024)
    (source / "010-huge.md").write_text('+++\nid = "huge"\ndifficulty = 1\nkind = "concept"\n'
                                        'key_points = ["k"]\n+++\n# Huge?\n\n' + body + "\n")
    written, errors = user_questions.import_markdown(source, root, set(), set())
    assert written == [] and "010-huge.md: too large (300 kB" in errors[0]
    assert len(user_questions_loaded(root, fixture_bank)) == 1
