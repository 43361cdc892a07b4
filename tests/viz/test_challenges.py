"""Predict-then-reveal challenges: well formed, answerable and correct."""

import math
import random

import pytest

from studyapp.viz import registry
from studyapp.viz.challenges import Challenge
from studyapp.viz.explorers import attention, conv_arithmetic, sampling
from studyapp.viz.spec import format_link, parse_link

# Every template, as the explorers declare them.
TEMPLATES = tuple(t for cls in registry.EXPLORERS.values() for t in cls.challenges)


def test_every_explorer_declares_challenges_that_are_its_own():
    assert len(TEMPLATES) >= 60
    assert len(set(TEMPLATES)) == len(TEMPLATES)
    for explorer_id, cls in registry.EXPLORERS.items():
        assert cls.challenges, explorer_id
        for template in cls.challenges:
            assert template(random.Random(0)).explorer == explorer_id, template.__name__


def test_template_keys_are_unique():
    keys = {t(random.Random(0)).key: t for t in TEMPLATES}
    assert len(keys) == len(TEMPLATES)


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
    c = Challenge("k", "softmax", "?", "16384", "e", tolerance=0.0)
    assert c.check(" 16,384 ") and not c.check("16383")
    with pytest.raises(ValueError):
        c.check("sixteen")
    loose = Challenge("k", "softmax", "?", "0.25", "e", tolerance=0.03)
    assert loose.check("0.2549") and not loose.check("0.26")


def test_answers_agree_with_independent_formulas():
    rng = random.Random(7)
    for _ in range(20):
        c = conv_arithmetic._conv_size(rng)
        n, k, s, p, d = (c.params[x] for x in "nkspd")
        assert int(c.answer) == math.floor((n + 2 * p - d * (k - 1) - 1) / s) + 1
        c = attention._causal_entries(rng)
        n = c.params["tokens"]
        assert int(c.answer) == sum(1 for i in range(n) for j in range(n) if j <= i)
        c = sampling._rejection_rate(rng)
        assert math.isclose(float(c.answer) * float(c.prompt.split("M = ")[1].split(" ")[0]), 1,
                            rel_tol=0.01)


def test_draw_picks_from_the_explorer_declarations():
    rng = random.Random(3)
    drawn = {registry.draw_challenge("conv-arithmetic", rng).key for _ in range(40)}
    assert drawn == {"conv-output-size", "conv-parameters", "transposed-output-size"}


def test_draw_returns_none_for_an_unknown_explorer():
    assert registry.draw_challenge("no-such-explorer", random.Random(0)) is None
