"""Every shipped coding drill: the reference passes, the starter and mutants fail."""

from pathlib import Path

import pytest

from studyapp.banks import load
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
    candidates = mutants(drill.solution)
    assert candidates, "no mutation applies to this solution"
    caught = any(not run(code, drill).passed for code in candidates)   # stops at the first
    assert caught, "no mutant of the reference solution is caught by the tests"


WRONG_DIR = Path(__file__).parent / "wrong_drills"
WRONG = sorted(p.stem for p in WRONG_DIR.glob("*.py"))


def test_every_syllabus_drill_has_a_wrong_solution():
    bank = load()
    syllabus_drills = {q.id for q in bank.questions.values()
                       if q.drill and any(s.startswith("drill:") for s in q.sources)}
    assert sorted(syllabus_drills - set(WRONG)) == []
    assert sorted(set(WRONG) - set(DRILLS)) == []


@pytest.mark.parametrize("qid", WRONG)
def test_plausible_wrong_solution_fails_naming_the_mistake(qid):
    """Each file in wrong_drills/ opens with '# mistake: <words the failure must contain>'."""
    text = (WRONG_DIR / f"{qid}.py").read_text(encoding="utf-8")
    first, _, code = text.partition("\n")
    assert first.startswith("# mistake: "), "a wrong solution opens with '# mistake: ...'"
    phrase = first.removeprefix("# mistake: ").strip().lower()
    result = run(code, load().questions[qid].drill)
    assert not result.passed, "the wrong solution passes the hidden tests"
    messages = [result.error] + [o.message for o in result.outcomes if not o.passed]
    assert any(phrase in m.lower() for m in messages), messages
