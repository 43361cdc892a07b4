"""Every explorer by id, in the order the Explore list shows them."""

from __future__ import annotations

from studyapp.viz.explorers.activations import Activations
from studyapp.viz.explorers.dropout import Dropout
from studyapp.viz.explorers.gaussians import Gaussians
from studyapp.viz.explorers.init_depth import InitDepth
from studyapp.viz.explorers.lr_schedules import LrSchedules
from studyapp.viz.explorers.optimizers import Optimizers
from studyapp.viz.explorers.softmax import Softmax
from studyapp.viz.explorers.step_size import StepSize
from studyapp.viz.spec import Explorer

EXPLORERS: dict[str, type[Explorer]] = {cls.id: cls for cls in (
    Activations, Softmax, Optimizers, StepSize, LrSchedules, Dropout, InitDepth, Gaussians,
)}


def ids() -> list[str]:
    return list(EXPLORERS)


def get(explorer_id: str) -> type[Explorer]:
    try:
        return EXPLORERS[explorer_id]
    except KeyError:
        raise ValueError(f"unknown explorer {explorer_id!r}") from None


def param_names(explorer_id: str) -> list[str]:
    return [p.name for p in get(explorer_id).params]
