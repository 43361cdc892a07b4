"""Predict-then-reveal challenges: well formed, answerable and correct."""

import math
import random

import pytest

from studyapp.viz import challenges, registry
from studyapp.viz.spec import format_link, parse_link

# The shared templates and those explorers declare with themselves.
TEMPLATES = challenges.TEMPLATES + tuple(
    t for cls in registry.EXPLORERS.values() for t in cls.challenges)


def test_at_least_thirty_templates_and_one_per_explorer():
    assert len(TEMPLATES) >= 60
    assert set(challenges.by_explorer()) == set(registry.ids())


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.__name__.strip("_"))
def test_every_draw_is_well_formed_and_its_answer_checks(template):
    for seed in range(25):
        c = template(random.Random(seed))
        cls = registry.get(c.explorer)
        state = {**cls.defaults(), **c.params}
        # the revealed state is a valid explorer state that survives a link round trip
        assert parse_link(format_link(cls, state), registry.EXPLORERS)[1] == {
            k: v for k, v in state.items()
            if cls.param(k).format(v) != cls.param(k).format(cls.param(k).default)}
        assert c.check(c.answer)
        if c.options:
            assert c.answer in c.options and len(set(c.options)) == len(c.options)
            assert not any(c.check(o) for o in c.options if o != c.answer)
        else:
            assert not c.check(str(float(c.answer) + max(1.0, abs(float(c.answer)))))
        assert c.prompt.strip() and c.explanation.strip()


def test_numeric_answers_accept_formatting_and_reject_text():
    c = challenges.Challenge("k", "softmax", "?", "16384", "e", tolerance=0.0)
    assert c.check(" 16,384 ") and not c.check("16383")
    with pytest.raises(ValueError):
        c.check("sixteen")
    loose = challenges.Challenge("k", "softmax", "?", "0.25", "e", tolerance=0.03)
    assert loose.check("0.2549") and not loose.check("0.26")


def test_answers_agree_with_independent_formulas():
    rng = random.Random(7)
    for _ in range(20):
        c = challenges._conv_size(rng)
        n, k, s, p, d = (c.params[x] for x in "nkspd")
        assert int(c.answer) == math.floor((n + 2 * p - d * (k - 1) - 1) / s) + 1
        c = challenges._causal_entries(rng)
        n = c.params["tokens"]
        assert int(c.answer) == sum(1 for i in range(n) for j in range(n) if j <= i)
        c = challenges._rejection_rate(rng)
        assert math.isclose(float(c.answer) * float(c.prompt.split("M = ")[1].split(" ")[0]), 1,
                            rel_tol=0.01)


def test_draw_returns_none_for_an_unknown_explorer():
    assert challenges.draw("no-such-explorer", random.Random(0)) is None
