"""Every shipped coding drill: the reference passes, the starter and mutants fail."""

import pytest

from studyapp.checks import load
from studyapp.core.drills import run

MUTATIONS = [(" - ", " + "), (" + ", " - "), (" * ", " / "), ("(1 - ", "(1 + "),
             ("axis=-1", "axis=0"), ("[1:]", "[2:]"), (">=", ">"), ("max(", "min("),
             ("True", "False"), (" / ", " * ")]
DRILLS = sorted(q.id for q in load().questions.values() if q.drill)


def mutants(code: str) -> list[str]:
    out = []
    for old, new in MUTATIONS:
        start = code.find(old, code.find("def "))
        if start >= 0:
            out.append(code[:start] + new + code[start + len(old):])
    return out


def test_there_are_at_least_fifteen_drills():
    assert len(DRILLS) >= 15


@pytest.mark.parametrize("qid", DRILLS)
def test_reference_passes_and_wrong_code_fails(qid):
    drill = load().questions[qid].drill
    reference = run(drill.solution, drill)
    assert reference.passed, (reference.error, [o for o in reference.outcomes if not o.passed])
    assert not run(drill.starter, drill).passed
    results = [run(code, drill).passed for code in mutants(drill.solution)]
    assert results, "no mutation applies to this solution"
    assert not all(results), "no mutant of the reference solution is caught by the tests"
