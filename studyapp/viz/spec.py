"""Explorer declarations: parameter types, presets, the Explorer base and links.

An explorer declares its parameters; the Explore view generates the controls from
them, and a link such as ``softmax?T=0.3&logits=2,1,0.5`` reproduces a state.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote

from studyapp.viz.challenges import Challenge


def _number(text: str, kind=float):
    try:
        return kind(text.strip())
    except ValueError:
        raise ValueError(f"{text!r} is not a number") from None


def _compact(value: float) -> str:
    return f"{value:.4g}"


@dataclass(frozen=True)
class Float:
    name: str
    label: str
    min: float
    max: float
    default: float
    step: float | None = None
    log: bool = False

    def parse(self, text: str) -> float:
        return min(self.max, max(self.min, _number(text)))

    def format(self, value: float) -> str:
        return _compact(value)


@dataclass(frozen=True)
class Int:
    name: str
    label: str
    min: int
    max: int
    default: int
    step: int = 1

    def parse(self, text: str) -> int:
        return min(self.max, max(self.min, round(_number(text))))

    def format(self, value: int) -> str:
        return str(int(value))


@dataclass(frozen=True)
class Choice:
    name: str
    label: str
    options: tuple[str, ...]
    default: str
    labels: tuple[str, ...] | None = None

    def parse(self, text: str) -> str:
        if text not in self.options:
            raise ValueError(f"{self.name} must be one of {', '.join(self.options)}")
        return text

    def format(self, value: str) -> str:
        return value


@dataclass(frozen=True)
class Bool:
    name: str
    label: str
    default: bool

    def parse(self, text: str) -> bool:
        lowered = text.strip().lower()
        if lowered not in ("true", "false", "1", "0"):
            raise ValueError(f"{self.name} must be true or false")
        return lowered in ("true", "1")

    def format(self, value: bool) -> str:
        return "true" if value else "false"


@dataclass(frozen=True)
class Numbers:
    """An editable list of numbers, typed as ``2, 1, 0.5``."""

    name: str
    label: str
    default: tuple[float, ...]
    min_len: int = 1
    max_len: int = 12

    def parse(self, text: str) -> tuple[float, ...]:
        values = tuple(_number(part) for part in text.split(",") if part.strip())
        if not self.min_len <= len(values) <= self.max_len:
            raise ValueError(f"{self.label}: give {self.min_len} to {self.max_len} numbers")
        return values

    def format(self, value: tuple[float, ...]) -> str:
        return ",".join(_compact(v) for v in value)


@dataclass(frozen=True)
class MultiChoice:
    """Several options at once, e.g. which curves to draw."""

    name: str
    label: str
    options: tuple[str, ...]
    default: tuple[str, ...]

    def parse(self, text: str) -> tuple[str, ...]:
        chosen = tuple(part.strip() for part in text.split(",") if part.strip())
        unknown = [c for c in chosen if c not in self.options]
        if unknown:
            raise ValueError(f"{self.name}: unknown option(s) {', '.join(unknown)}")
        return tuple(o for o in self.options if o in chosen)

    def format(self, value: tuple[str, ...]) -> str:
        return ",".join(value)


Param = Float | Int | Choice | Bool | Numbers | MultiChoice


@dataclass(frozen=True)
class Preset:
    name: str
    params: dict


class Explorer:
    """Base of every explorer: declare the class attributes, implement the methods.

    ``build`` creates the artists once; ``update`` moves them and returns the artists
    it changed, or None when axes limits changed and the figure needs a full redraw.
    """

    id: str = ""
    title: str = ""
    tags: tuple[str, ...] = ()
    params: tuple[Param, ...] = ()
    presets: tuple[Preset, ...] = ()
    formula: str = ""
    notice: str = ""
    # Predict-then-reveal templates: functions of a random.Random returning a Challenge
    # (studyapp.viz.challenges) for this explorer; registry.draw_challenge picks one.
    challenges: tuple[Callable[[random.Random], Challenge], ...] = ()
    # An animated explorer trains or runs on a timer: it implements ``tick``,
    # ``reset_training`` and ``load_points`` (see studyapp.viz.explorers.trainer).
    animated: bool = False

    @classmethod
    def defaults(cls) -> dict:
        return {p.name: p.default for p in cls.params}

    @classmethod
    def release(cls) -> None:
        """Forget what the explorer's module cached (its functools caches: draws, fits,
        paths). Called when another explorer takes its place, so that opening every
        explorer in turn does not add up their data."""
        module = sys.modules.get(cls.__module__)
        for value in vars(module).values() if module is not None else ():
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()

    @classmethod
    def param(cls, name: str) -> Param:
        for p in cls.params:
            if p.name == name:
                return p
        raise ValueError(f"explorer {cls.id!r} has no parameter {name!r}")

    def build(self, fig, params: dict) -> None:
        raise NotImplementedError

    def update(self, params: dict) -> list | None:
        raise NotImplementedError

    def readouts(self, params: dict) -> list[tuple[str, str]]:
        return []

    def on_click(self, x: float, y: float, ax, params: dict) -> dict | None:
        return None


def parse_link(link: str, explorers: dict[str, type[Explorer]]) -> tuple[str, dict]:
    """``softmax?T=0.3`` → ("softmax", {"T": 0.3}); ValueError on anything unknown."""
    explorer_id, _, query = link.partition("?")
    if explorer_id not in explorers:
        raise ValueError(f"unknown explorer {explorer_id!r}")
    cls = explorers[explorer_id]
    params = {}
    for name, text in parse_qsl(query, keep_blank_values=True, strict_parsing=bool(query)):
        params[name] = cls.param(name).parse(text)
    return explorer_id, params


def format_link(cls: type[Explorer], params: dict) -> str:
    """A link with only the parameters that differ from the defaults."""
    parts = [f"{p.name}={quote(p.format(params[p.name]), safe=',.-')}" for p in cls.params
             if p.name in params and p.format(params[p.name]) != p.format(p.default)]
    return cls.id + ("?" + "&".join(parts) if parts else "")
