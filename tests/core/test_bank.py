from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studyapp.checks import check_bank
from studyapp.core.bank import BankFileError, load_bank, parse_question, read_source_ids

GOOD = """+++
id = "{qid}"
difficulty = 2
kind = "concept"
tags = ["dropout"]
sources = ["hundred:002"]
explore = {explore}
key_points = ["zeroes units with probability p", "scales survivors by 1/(1-p)"]
follow_ups = ["Why is it an ensemble?"]

[[cards]]
front = "Scale factor?"
back = '$1/(1-p)$'
+++
# What is dropout?

Short answer here.

## Details
{details}
"""


def write_bank(root: Path, files: dict[str, str]) -> Path:
    (root / "01-topic").mkdir(parents=True)
    (root / "01-topic" / "_topic.toml").write_text('title = "Topic"\n')
    (root / "tags.toml").write_text('tags = ["dropout"]\n')
    for name, text in files.items():
        (root / "01-topic" / name).write_text(text)
    return root


def good(qid="dropout-basics", explore="[]", details="Body with $x^2$."):
    return GOOD.format(qid=qid, explore=explore, details=details)


def test_parses_every_field():
    q = parse_question(good(), Path("010-a.md"), "01-topic")
    assert q.id == "dropout-basics" and q.title == "What is dropout?"
    assert q.short == "Short answer here."
    assert q.details == "Body with $x^2$."
    assert q.difficulty == 2 and q.kind == "concept"
    assert q.sources == ("hundred:002",)
    assert [c.key for c in q.all_cards()] == ["q", "c1"]
    assert q.all_cards()[1].back == "$1/(1-p)$"


@pytest.mark.parametrize("text, line, message", [
    ("no front matter\n", 1, "must start with a '+++'"),
    ("+++\nid = 'a'\n", 1, "not closed"),
    ("+++\nid = = 'a'\n+++\n# T\n\nS\n", 2, "not valid TOML"),
    (good().replace("difficulty = 2", "difficulty = 5"), 3, "'difficulty' must be 1, 2 or 3"),
    (good().replace('kind = "concept"', 'kind = "trivia"'), 4, "'kind' must be one of"),
    (good().replace("# What is dropout?", "What is dropout?"), 15, "'# Title'"),
    (good().replace("Short answer here.", ""), 16, "short answer"),
    (good().replace('"hundred:002"', '"hundred 2"'), 6, "not of the form"),
    (good().replace("key_points = [", "key_points = [] #"), 8, "must not be empty"),
])
def test_each_file_error_names_its_line(text, line, message):
    with pytest.raises(BankFileError) as info:
        parse_question(text, Path("010-a.md"), "t")
    assert message in str(info.value)
    assert info.value.line == line


def test_bad_files_are_reported_and_the_rest_loads(tmp_path):
    root = write_bank(tmp_path / "bank", {
        "010-a.md": good("first-question"),
        "020-b.md": good("first-question"),
        "030-c.md": "garbage",
        "040-d.md": good("third-question", explore='["nonexistent?x=1"]'),
        "050-e.md": good("fourth-question").replace('"hundred:002"', '"hundred:999"'),
        "060-f.md": good("fifth-question", details="See [x](q:missing-id)."),
        "070-g.md": good("sixth-question").replace('tags = ["dropout"]', 'tags = ["nope"]'),
        "080-h.md": b"\xff\xfe".decode("latin-1"),
        "090-i.md": good("huge-question", details="x" * 300_000),
    })
    bank = load_bank([root], {"dropout": {"p"}}, {"hundred:002"})
    assert list(bank.questions) == ["first-question"]
    messages = "\n".join(str(p) for p in bank.problems)
    assert "020-b.md:2: duplicate id 'first-question'" in messages
    assert "030-c.md:1: file must start" in messages
    assert "unknown explorer id 'nonexistent'" in messages
    assert "unknown source id 'hundred:999'" in messages
    assert "link to unknown question 'q:missing-id'" in messages
    assert "unknown tag 'nope'" in messages
    assert "090-i.md:1: file is too large (293 kB; a question file has at most 256 kB)" \
        in messages
    assert len(bank.problems) == 8


def test_unknown_explorer_parameter_is_reported(tmp_path):
    root = write_bank(tmp_path / "bank", {"010-a.md": good(explore='["dropout?q=1"]')})
    bank = load_bank([root], {"dropout": {"p"}}, None)
    assert "has no parameter 'q'" in str(bank.problems[0])


def test_formula_that_does_not_render_is_a_problem(tmp_path):
    root = write_bank(tmp_path / "bank", {
        "010-a.md": good(details="Bad $\\frac{1}{$ and unknown $\\foo x$."),
    })
    problems = [str(p) for p in check_bank(root)]
    assert any("formula does not render" in p for p in problems)
    assert any("unknown LaTeX command \\foo" in p for p in problems)


def test_failing_tested_code_block_is_a_problem(tmp_path):
    code = "```python\n# test\nassert 1 + 1 == 3\n```"
    root = write_bank(tmp_path / "bank", {"010-a.md": good(details=code)})
    assert any("tested code block 1 fails: AssertionError" in str(p) for p in check_bank(root))


def test_user_bank_merges_and_hash_tracks_content(tmp_path):
    shipped = write_bank(tmp_path / "a", {"010-a.md": good("shipped-one")})
    user = write_bank(tmp_path / "b", {"010-a.md": good("user-one")})
    bank = load_bank([shipped, user])
    assert set(bank.questions) == {"shipped-one", "user-one"}
    assert bank.questions["user-one"].user and not bank.questions["shipped-one"].user
    before = bank.content_hash
    (user / "01-topic" / "010-a.md").write_text(good("user-one", details="Changed."))
    assert load_bank([shipped, user]).content_hash != before


text_st = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(points=st.lists(text_st, min_size=1, max_size=6), difficulty=st.sampled_from([1, 2, 3]),
       title=text_st.filter(lambda t: t.strip() and "\n" not in t and "\r" not in t))
def test_front_matter_round_trips(points, difficulty, title):
    import json
    text = (f"+++\nid = \"q-1\"\ndifficulty = {difficulty}\nkind = \"math\"\n"
            f"key_points = {json.dumps(points, ensure_ascii=False)}\n+++\n# {title}\n\nShort.\n")
    q = parse_question(text, Path("010-x.md"), "t")
    assert list(q.key_points) == points
    assert q.difficulty == difficulty
    assert q.title == title.strip()


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=300))
def test_parser_never_crashes_on_garbage(text):
    try:
        parse_question(text, Path("010-x.md"), "t")
    except BankFileError as exc:
        assert exc.line >= 1


def test_source_ids_come_from_every_list_that_exists(tmp_path):
    seeds, syllabus = tmp_path / "seeds.tsv", tmp_path / "syllabus.tsv"
    assert read_source_ids(seeds, syllabus) is None
    seeds.write_text("id\tsource\tquestion\nverma:01\tv\tWhat?\n", encoding="utf-8")
    syllabus.write_text("id\tgroup\tquestion\narch:001\tllm\tHow?\n\n", encoding="utf-8")
    assert read_source_ids(seeds, syllabus) == {"verma:01", "arch:001"}
    assert read_source_ids(seeds, tmp_path / "absent.tsv") == {"verma:01"}


def test_hostile_front_matter_and_topic_files_are_problems_not_crashes(tmp_path):
    deep = "x = " + "[" * 1000 + "]" * 1000 + "\n"
    root = write_bank(tmp_path / "bank", {
        "010-a.md": good("first-question"),
        "020-b.md": good("cards-of-numbers").replace(
            '[[cards]]\nfront = "Scale factor?"\nback = \'$1/(1-p)$\'', "cards = [1]"),
        "030-c.md": good("deep-question").replace("+++\nid", "+++\n" + deep + "id", 1),
    })
    (root / "02-deep").mkdir()
    (root / "02-deep" / "_topic.toml").write_text(deep)
    (root / "02-deep" / "010-x.md").write_text(good("in-deep-topic"))
    bank = load_bank([root])
    assert sorted(bank.questions) == ["first-question", "in-deep-topic"]
    messages = "\n".join(str(p) for p in bank.problems)
    assert "020-b.md" in messages and "each with a 'front' and a 'back'" in messages
    assert "030-c.md:1: front matter nests arrays or tables too deeply" in messages
    assert "bad _topic.toml: arrays or tables nest too deeply" in messages


@pytest.mark.parametrize("tags", ["tags = [", "tags = 7", "tags = " + "[" * 1000 + "]" * 1000])
def test_a_broken_tags_file_is_a_problem_and_the_questions_still_load(tmp_path, tags):
    root = write_bank(tmp_path / "bank", {"010-a.md": good("first-question")})
    (root / "tags.toml").write_text(tags + "\n")
    bank = load_bank([root])
    assert "bad tags.toml" in "\n".join(str(p) for p in bank.problems)
    assert "first-question" not in bank.questions          # its tag is now unknown: listed
    assert any("unknown tag 'dropout'" in str(p) for p in bank.problems)
