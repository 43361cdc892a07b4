"""The frame benchmark's drag: every step of every explorer's dragged slider sets a new
value inside the parameter's range, so that no timed frame is one that did nothing."""

import itertools
import math

import pytest

from benchmarks.frames import STEPS, drag_positions, dragged
from studyapp.viz import registry


class SliderInLog10:
    """The slider a log parameter had when it was set in log10 units."""

    def __init__(self, param):
        self.param = param

    def maximum(self) -> float:
        return math.log10(self.param.max)


class SliderInUnits(SliderInLog10):
    def maximum(self) -> float:
        return self.param.max


@pytest.mark.parametrize("explorer_id", registry.ids())
def test_every_step_of_a_drag_is_a_new_value_in_range(explorer_id):
    param = dragged(registry.get(explorer_id))
    positions = drag_positions(param, SliderInUnits(param))
    assert len(positions) == STEPS
    assert all(a != b for a, b in itertools.pairwise(positions))
    assert all(param.min - 1e-9 <= p <= param.max + 1e-9 for p in positions)
    step = getattr(param, "step", None)
    if step and not getattr(param, "log", False):      # on the step grid a slider has
        assert all(abs((p - param.min) / step - round((p - param.min) / step)) < 1e-6
                   for p in positions)


def test_a_log_parameter_is_dragged_evenly_in_either_unit():
    param = registry.get("softmax").param("T")
    in_units = drag_positions(param, SliderInUnits(param))
    in_log10 = drag_positions(param, SliderInLog10(param))
    assert in_units[0] == pytest.approx(param.min) and in_units[-1] == pytest.approx(param.max)
    assert [10 ** p for p in in_log10] == pytest.approx(in_units)
    ratios = [b / a for a, b in itertools.pairwise(in_units)]
    assert max(ratios) == pytest.approx(min(ratios))             # even steps in log
