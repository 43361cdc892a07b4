"""DeepPrep's colours: one table per theme, from which the Qt palette, the style sheet,
the answer pages' CSS, code highlighting and the charts all take theirs.

No other module names a colour. Every pair of colours drawn on each other is listed in
``CONTRAST_PAIRS`` with the WCAG 2 contrast it must reach (4.5:1 for text, 3:1 for the
edges of controls and for chart marks), and a test holds both themes to it.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import cache


@dataclass(frozen=True)
class Palette:
    name: str
    dark: bool
    window: str            # the window behind every screen
    surface: str           # text fields, lists, answer pages, charts
    surface_alt: str       # alternate rows, the editor's current line and gutter
    raised: str            # buttons
    border: str            # frames and dividers (decoration, no contrast asked)
    control_border: str    # checkbox and radio edges: 3:1 against what they sit on
    text: str
    muted: str             # secondary text: snippets, counts, hints
    placeholder: str
    disabled: str
    accent: str            # links, accent text, the checked checkbox
    on_accent: str         # text and marks drawn on the accent
    accent_soft: str       # the selected mode's background
    on_accent_soft: str
    hover: str
    selection: str
    on_selection: str
    on_selection_muted: str  # a selected row's secondary text
    success: str
    warning: str
    danger: str
    code_bg: str
    tooltip_bg: str
    tooltip_text: str
    grid: str              # chart grid lines
    reference: str         # chart reference lines and "other" marks


LIGHT = Palette(
    name="light", dark=False,
    window="#f6f7f9", surface="#ffffff", surface_alt="#eef1f5", raised="#f0f2f5",
    border="#d0d7de", control_border="#6e7781",
    text="#1f2328", muted="#59636e", placeholder="#6e7781", disabled="#8c959f",
    accent="#0b63c5", on_accent="#ffffff", accent_soft="#d6e4fb", on_accent_soft="#0b4fa8",
    hover="#e2e7ee",
    selection="#1f5fbf", on_selection="#ffffff", on_selection_muted="#dce8fb",
    success="#18743a", warning="#8a5a00", danger="#c4262f",
    code_bg="#f4f5f7", tooltip_bg="#ffffff", tooltip_text="#1f2328",
    grid="#d8dee4", reference="#6e7781",
)

DARK = Palette(
    name="dark", dark=True,
    window="#232427", surface="#1e1f22", surface_alt="#2a2c30", raised="#2f3136",
    border="#3d4148", control_border="#8b949e",
    text="#e6e6e6", muted="#a8b0b8", placeholder="#8b949e", disabled="#6e7681",
    accent="#7ab7ff", on_accent="#101216", accent_soft="#2f4a70", on_accent_soft="#ffffff",
    hover="#33363c",
    selection="#2a5db0", on_selection="#ffffff", on_selection_muted="#d2e1fa",
    success="#3fb950", warning="#d29922", danger="#ff7b72",
    code_bg="#2a2c30", tooltip_bg="#2f3136", tooltip_text="#e6e6e6",
    grid="#3d4148", reference="#8b949e",
)

# Chart series (Okabe–Ito hues, darkened where needed so that every mark keeps 3:1
# against both themes' chart background: the yellow became mustard, the sky blue deeper).
SERIES = ("#0072B2", "#B97A00", "#009E73", "#D55E00", "#C06C9C", "#3E95C9", "#9A8A00",
          "#7F7F7F")
NEUTRAL = SERIES[-1]     # reference lines and "other" marks: 3:1 on both backgrounds
INACTIVE = "#bdbdbd"     # fills of cells that are off, always drawn under coloured ones

# Code colours per syntax role: (colour, bold, italic). GitHub's light and dark schemes,
# with the comment colour darkened to reach 4.5:1 on the code background.
SYNTAX = {
    False: {
        "text": ("#1f2328", False, False), "keyword": ("#cf222e", True, False),
        "function": ("#8250df", False, False), "class": ("#953800", True, False),
        "builtin": ("#953800", False, False), "decorator": ("#8250df", False, False),
        "string": ("#0a3069", False, False), "number": ("#0550ae", False, False),
        "comment": ("#5f6873", False, True), "operator": ("#1f2328", False, False),
        "error": ("#c4262f", False, False),
    },
    True: {
        "text": ("#e6e6e6", False, False), "keyword": ("#ff7b72", True, False),
        "function": ("#d2a8ff", False, False), "class": ("#ffa657", True, False),
        "builtin": ("#ffa657", False, False), "decorator": ("#d2a8ff", False, False),
        "string": ("#a5d6ff", False, False), "number": ("#79c0ff", False, False),
        "comment": ("#9aa0a6", False, True), "operator": ("#e6e6e6", False, False),
        "error": ("#ff7b72", False, False),
    },
}

# Rating buttons (Again, Hard, Good, Easy): the role each is drawn in — its text on
# ``raised``, and ``on_accent`` on it when hovered or pressed (pairs below).
GRADE_ROLES = {1: "danger", 2: "warning", 3: "success", 4: "accent"}

TEXT, UI = 4.5, 3.0
# (foreground role, background role, minimum contrast) for every pair drawn together.
CONTRAST_PAIRS = (
    *((fg, bg, TEXT) for bg in ("window", "surface", "surface_alt")
      for fg in ("text", "muted", "accent", "success", "warning", "danger")),
    ("placeholder", "surface", TEXT), ("text", "raised", TEXT), ("text", "code_bg", TEXT),
    ("text", "hover", TEXT), ("muted", "raised", TEXT),
    ("on_accent", "accent", TEXT), ("on_accent_soft", "accent_soft", TEXT),
    ("on_selection", "selection", TEXT), ("on_selection_muted", "selection", TEXT),
    ("tooltip_text", "tooltip_bg", TEXT),
    ("control_border", "window", UI), ("control_border", "surface", UI),
    ("accent", "window", UI), ("accent", "surface", UI),
    *((role, "raised", TEXT) for role in ("danger", "warning", "success", "accent")),
    *(("on_accent", role, TEXT) for role in ("danger", "warning", "success")),
    ("on_accent", "accent", UI), ("reference", "surface", UI),
)


def get(dark: bool) -> Palette:
    return DARK if dark else LIGHT


def roles(palette: Palette) -> dict[str, str]:
    """The palette's colours by role name (for templates: ``$accent``)."""
    return {f.name: getattr(palette, f.name) for f in fields(palette)
            if f.name not in ("name", "dark")}


def luminance(color: str) -> float:
    """WCAG 2 relative luminance of ``#rrggbb``."""
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio between two ``#rrggbb`` colours (1 to 21)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def code_style_name(dark: bool) -> str:
    return f"deepprep-{get(dark).name}"


@cache
def pygments_style(name: str) -> type:
    """The Pygments style for code on ``code_bg``: ours by name, or a Pygments one."""
    from pygments.style import Style
    from pygments.styles import get_style_by_name
    from pygments.token import (
        Comment,
        Error,
        Keyword,
        Name,
        Number,
        Operator,
        String,
        Text,
    )

    themes = {code_style_name(dark): dark for dark in (False, True)}
    if name not in themes:
        return get_style_by_name(name)
    syntax, palette = SYNTAX[themes[name]], get(themes[name])
    tokens = {
        Text: "text", Keyword: "keyword", Keyword.Constant: "keyword",
        Name.Function: "function", Name.Class: "class", Name.Builtin: "builtin",
        Name.Builtin.Pseudo: "builtin", Name.Decorator: "decorator", Name.Exception: "class",
        String: "string", Number: "number", Comment: "comment", Operator: "operator",
        Operator.Word: "keyword", Error: "error",
    }

    def spec(role: str) -> str:
        color, bold, italic = syntax[role]
        return " ".join(filter(None, ("bold" if bold else "", "italic" if italic else "",
                                      color)))

    return type(name, (Style,), {
        "name": name, "background_color": palette.code_bg,
        "highlight_color": palette.surface_alt,
        "styles": {token: spec(role) for token, role in tokens.items()},
    })
