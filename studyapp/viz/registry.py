"""Every explorer by id, in the order the Explore list shows them."""

from __future__ import annotations

from studyapp.viz.explorers.activations import Activations
from studyapp.viz.spec import Explorer

EXPLORERS: dict[str, type[Explorer]] = {cls.id: cls for cls in (
    Activations,
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
