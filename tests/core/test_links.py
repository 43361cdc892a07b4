import pytest

from studyapp.core import links
from studyapp.core.links import Target


def test_links_are_made_and_read_back():
    assert links.question_link("relu-definition") == "deepprep://q/relu-definition"
    assert links.parse("deepprep://q/relu-definition") == Target("question", "relu-definition")
    link = links.explore_link("softmax?T=0.3&logits=2,1,0.5")
    assert link == "deepprep://explore/softmax?T=0.3&logits=2,1,0.5"
    assert links.parse(link) == Target("explore", "softmax?T=0.3&logits=2,1,0.5")


def test_pasted_text_is_forgiving_about_spaces_case_and_brackets():
    assert links.parse("  <DeepPrep://q/relu-definition/>\n") == Target("question",
                                                                       "relu-definition")
    assert links.parse("relu-definition") == Target("question", "relu-definition")


@pytest.mark.parametrize(("text", "words"), [
    ("", "Paste a link"),
    ("https://example.com/q/1", "is not one"),
    ("deepprep://q/", "names no question"),
    ("deepprep://explore/", "names no explorer"),
    ("two words", "neither a link nor a question id"),
])
def test_what_is_not_a_link_is_refused_with_a_sentence(text, words):
    with pytest.raises(ValueError, match=words):
        links.parse(text)


def test_links_written_in_a_note_become_links_and_written_links_stay():
    note = ("See deepprep://q/relu-definition. Also [the figure](deepprep://explore/softmax?T=2)"
            " and <deepprep://q/a>")
    assert links.linkify(note) == (
        "See <deepprep://q/relu-definition>. Also [the figure](deepprep://explore/softmax?T=2)"
        " and <deepprep://q/a>")
