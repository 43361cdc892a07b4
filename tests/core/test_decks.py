from studyapp.banks import load
from studyapp.core.decks import Scope, question_ids


def test_scope_filters_by_topic_tag_star_and_difficulty(fixture_bank):
    bank = load(bank=fixture_bank)
    everything = question_ids(bank, Scope(), set())
    assert everything == ["relu-definition", "softmax-definition", "overfitting-signs",
                          "softmax-drill"]
    assert question_ids(bank, Scope(topic="02-more"), set()) == ["overfitting-signs", "softmax-drill"]
    assert question_ids(bank, Scope(tag="softmax"), set()) == ["softmax-definition", "softmax-drill"]
    assert question_ids(bank, Scope(starred=True), {"relu-definition"}) == ["relu-definition"]
    assert question_ids(bank, Scope(min_difficulty=2), set()) == ["softmax-definition"]
    assert question_ids(bank, Scope(kinds=("math",)), set()) == ["softmax-definition"]


def test_scope_round_trips_and_describes(fixture_bank):
    bank = load(bank=fixture_bank)
    scope = Scope(topic="01-basics", tag="softmax", min_difficulty=2, kinds=("math",))
    assert Scope.from_dict(scope.to_dict()) == scope
    assert scope.describe(bank) == "Basics · tag softmax · difficulty 2–3 · math"
