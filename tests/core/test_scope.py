import pytest

from studyapp.banks import load
from studyapp.core.scope import Scope


def test_scope_filters_by_topic_tag_star_difficulty_and_kind(fixture_bank):
    bank = load(bank=fixture_bank)
    everything = Scope().select(bank, set())
    assert everything == ["relu-definition", "softmax-definition", "overfitting-signs",
                          "softmax-drill"]
    assert Scope(topics=("02-more",)).select(bank, set()) == ["overfitting-signs",
                                                              "softmax-drill"]
    assert Scope(tags=("softmax",)).select(bank, set()) == ["softmax-definition",
                                                            "softmax-drill"]
    assert Scope(starred=True).select(bank, {"relu-definition"}) == ["relu-definition"]
    assert Scope(difficulties=(2, 3)).select(bank, set()) == ["softmax-definition"]
    assert Scope(kinds=("math",)).select(bank, set()) == ["softmax-definition"]
    assert Scope(topics=("01-basics", "02-more"), kinds=("math", "coding")).select(
        bank, set()) == ["softmax-definition", "softmax-drill"]


def test_search_words_keep_the_index_order_and_need_its_hits(fixture_bank):
    bank = load(bank=fixture_bank)
    scope = Scope(text="softmax", topics=("01-basics",))
    hits = ["softmax-drill", "softmax-definition", "relu-definition"]
    assert scope.select(bank, set(), hits) == ["softmax-definition", "relu-definition"]
    with pytest.raises(ValueError, match="search index"):
        scope.select(bank, set())


def test_scope_round_trips_describes_and_reads_old_saved_filters(fixture_bank):
    bank = load(bank=fixture_bank)
    scope = Scope(topics=("01-basics",), tags=("softmax",), difficulties=(2, 3),
                  kinds=("math",))
    assert Scope.from_dict(scope.to_dict()) == scope
    assert scope.describe(bank) == "Basics · tag softmax · standard or hard · math"
    old = {"topic": "01-basics", "tag": "softmax", "starred": False, "min_difficulty": 2,
           "max_difficulty": 3, "kinds": ["math"]}
    assert Scope.from_dict(old) == scope
    assert Scope.from_dict({"topic": "", "tag": "", "min_difficulty": 1,
                            "max_difficulty": 3}) == Scope()
