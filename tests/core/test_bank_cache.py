"""The parsed-bank cache: only changed files are parsed, and a bad cache costs nothing."""

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from studyapp.core import bank as bank_module
from studyapp.core.bank import LOADER_VERSION, load_bank
from studyapp.core.bank_cache import BankCache

LONG_AGO = time.time() - 3600


@pytest.fixture
def bank_root(tmp_path, fixture_bank) -> Path:
    root = tmp_path / "bank"
    shutil.copytree(fixture_bank, root)
    for file in root.rglob("*"):
        os.utime(file, (LONG_AGO, LONG_AGO))
    return root


@pytest.fixture
def parsed(monkeypatch) -> list[str]:
    """Names of the files the loader parses."""
    names = []
    real = bank_module.parse_question

    def counting(text, path, topic_id):
        names.append(path.name)
        return real(text, path, topic_id)

    monkeypatch.setattr(bank_module, "parse_question", counting)
    return names


def load(root: Path, cache_file: Path, version: str = LOADER_VERSION):
    return load_bank([root], cache=BankCache(cache_file, version))


def as_dicts(bank) -> dict:
    return {qid: vars(q) for qid, q in bank.questions.items()}


def test_a_cache_hit_gives_the_same_questions_without_parsing(bank_root, tmp_path, parsed):
    cache_file = tmp_path / "cache" / "bank.json"
    first = load(bank_root, cache_file)
    assert sorted(parsed) == ["010-overfitting.md", "010-relu.md", "020-softmax-drill.md",
                              "020-softmax.md"]
    parsed.clear()
    second = load(bank_root, cache_file)
    assert parsed == []
    assert as_dicts(second) == as_dicts(first)
    assert second.questions["softmax-drill"].drill == first.questions["softmax-drill"].drill
    assert second.questions["softmax-drill"].drill is not None
    assert second.content_hash == first.content_hash
    assert {t: v.question_ids for t, v in second.topics.items()} == {
        t: v.question_ids for t, v in first.topics.items()}


def test_a_changed_added_or_removed_file_is_read_again(bank_root, tmp_path, parsed):
    cache_file = tmp_path / "bank.json"
    first = load(bank_root, cache_file)
    relu = bank_root / "01-basics" / "010-relu.md"
    relu.write_text(relu.read_text().replace("# ", "# Edited: ", 1))
    os.utime(relu, (LONG_AGO + 5, LONG_AGO + 5))
    added = bank_root / "01-basics" / "030-relu-copy.md"
    added.write_text(relu.read_text().replace('id = "relu-definition"', 'id = "relu-copy"'))
    os.utime(added, (LONG_AGO, LONG_AGO))
    (bank_root / "02-more" / "010-overfitting.md").unlink()
    parsed.clear()

    second = load(bank_root, cache_file)
    assert sorted(parsed) == ["010-relu.md", "030-relu-copy.md"]
    assert second.questions["relu-definition"].title.startswith("Edited: ")
    assert "relu-copy" in second.questions
    assert "overfitting-signs" not in second.questions and "overfitting-signs" in first.questions
    assert second.content_hash != first.content_hash
    assert str(bank_root / "02-more" / "010-overfitting.md") not in json.loads(
        cache_file.read_text())["files"]


def test_a_changed_drill_file_is_read_again(bank_root, tmp_path):
    cache_file = tmp_path / "bank.json"
    load(bank_root, cache_file)
    drill = bank_root / "02-more" / "020-softmax-drill.py"
    drill.write_text(drill.read_text().replace("# --- tests ---", "# --- tested ---"))
    os.utime(drill, (LONG_AGO + 5, LONG_AGO + 5))
    bank = load(bank_root, cache_file)
    assert "softmax-drill" not in bank.questions
    assert any("lacks the section(s): tests" in p.message for p in bank.problems)


@pytest.mark.parametrize("damage", [b"", b"{not json", b"[1, 2]", b'{"version": "1"}',
                                    b'{"version": "1", "files": {"x": 3}, "extras": {}}',
                                    b"\xff\xfe\x00garbage"])
def test_a_damaged_cache_is_ignored_and_rebuilt(bank_root, tmp_path, parsed, damage):
    cache_file = tmp_path / "bank.json"
    expected = as_dicts(load(bank_root, cache_file))
    cache_file.write_bytes(damage)
    parsed.clear()
    assert as_dicts(load(bank_root, cache_file)) == expected
    assert len(parsed) == 4
    parsed.clear()
    assert as_dicts(load(bank_root, cache_file)) == expected     # rewritten, used again
    assert parsed == []


def test_an_entry_with_the_wrong_shape_is_parsed_again(bank_root, tmp_path, parsed):
    cache_file = tmp_path / "bank.json"
    expected = as_dicts(load(bank_root, cache_file))
    data = json.loads(cache_file.read_text())
    for entry in data["files"].values():
        del entry["question"]["title"]
    cache_file.write_text(json.dumps(data))
    parsed.clear()
    assert as_dicts(load(bank_root, cache_file)) == expected
    assert len(parsed) == 4


def test_a_cache_from_another_loader_version_is_ignored(bank_root, tmp_path, parsed):
    cache_file = tmp_path / "bank.json"
    load(bank_root, cache_file, version="0-older")
    parsed.clear()
    load(bank_root, cache_file)
    assert len(parsed) == 4
    assert json.loads(cache_file.read_text())["version"] == LOADER_VERSION


def test_problems_are_still_reported_on_a_cache_hit(bank_root, tmp_path, parsed):
    bad = bank_root / "01-basics" / "040-bad.md"
    bad.write_text("+++\nid = 'bad'\ndifficulty = 7\n+++\n# T\n\nShort.\n")
    (bank_root / "01-basics" / "050-Bad Name.md").write_text("x")
    for file in bank_root.rglob("*.md"):
        os.utime(file, (LONG_AGO, LONG_AGO))
    cache_file = tmp_path / "bank.json"
    first = load(bank_root, cache_file)
    parsed.clear()
    second = load(bank_root, cache_file)
    assert parsed == []
    assert second.problems == first.problems
    assert any(p.path.endswith("040-bad.md") and p.line == 3 and "'difficulty'" in p.message
               for p in second.problems)
    assert any("NNN-slug.md" in p.message for p in second.problems)


def test_a_file_written_just_now_is_not_kept(bank_root, tmp_path, parsed):
    """Its time may not move when it changes again within the same clock tick."""
    relu = bank_root / "01-basics" / "010-relu.md"
    os.utime(relu, (time.time(), time.time()))
    cache_file = tmp_path / "bank.json"
    load(bank_root, cache_file)
    parsed.clear()
    load(bank_root, cache_file)
    assert parsed == ["010-relu.md"]


def test_an_unwritable_cache_folder_only_costs_time(bank_root, tmp_path, parsed):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    bank = load(bank_root, blocker / "bank.json")
    assert len(bank.questions) == 4 and len(parsed) == 4


def test_the_explorers_are_imported_once_per_state_of_their_code(tmp_path, fixture_bank,
                                                                  monkeypatch):
    from studyapp import banks

    calls = []
    real = banks.known_explorers
    monkeypatch.setattr(banks, "known_explorers", lambda: calls.append(1) or real())
    cache_file = tmp_path / "bank.json"
    first = banks.load(bank=fixture_bank, cache=cache_file)
    second = banks.load(bank=fixture_bank, cache=cache_file)
    assert len(calls) == 1
    assert as_dicts(second) == as_dicts(first) and second.problems == first.problems
    monkeypatch.setattr(banks, "explorers_stamp", lambda: "code changed")
    banks.load(bank=fixture_bank, cache=cache_file)
    assert len(calls) == 2
