"""Markdown answers to safe HTML, with math as SVG formulas and highlighted code.

Math is not drawn here: each formula becomes ``<img src="math:KEY">`` and the
caller fetches the SVG with :meth:`MathCache.svg` (the UI draws it with QtSvg at
the screen's pixel ratio). SVGs are cached on disk by a hash of formula, colour
and size, so a formula is typeset once per theme.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from studyapp.core import palette

if TYPE_CHECKING:   # imported where used: not needed for the question list at start-up
    from collections.abc import Callable, Sequence

    import markdown

    from studyapp.core.bank import Question

MATH_RE = re.compile(
    r'<(span|div) class="math">\\[(\[](.*?)\\[)\]]</\1>', re.DOTALL
)
TEST_MARKER_RE = re.compile(r"(```python[^\n]*\n)# test\n")
UNKNOWN_COMMAND_RE = re.compile(r">(\\[A-Za-z]+)<")


@dataclass(frozen=True)
class Theme:
    name: str
    text: str
    muted: str
    link: str
    code_bg: str
    code_style: str
    table_border: str
    success: str
    danger: str

    @classmethod
    def of(cls, colors: palette.Palette) -> Theme:
        return cls(colors.name, colors.text, colors.muted, colors.accent, colors.code_bg,
                   palette.code_style_name(colors.dark), colors.border, colors.success,
                   colors.danger)


LIGHT = Theme.of(palette.LIGHT)
DARK = Theme.of(palette.DARK)


@dataclass(frozen=True)
class Formula:
    latex: str
    display: bool
    color: str
    size: float

    @property
    def key(self) -> str:
        raw = f"{self.latex}\0{self.display}\0{self.color}\0{self.size}"
        return hashlib.sha1(raw.encode()).hexdigest()


def formula_error(latex: str) -> str | None:
    """Why a formula would not render, or None when it renders."""
    import ziamath
    from latex2mathml.converter import convert

    try:
        mathml = convert(latex)
        unknown = UNKNOWN_COMMAND_RE.search(mathml)
        if unknown:
            return f"unknown LaTeX command {unknown.group(1)}"
        ziamath.Latex(latex).svg()
    except Exception as exc:  # noqa: BLE001 - any typesetting failure is reported as text
        return f"formula does not render ({type(exc).__name__}: {exc})".replace(" ()", "")
    return None


def stray_dollars(text: str) -> bool:
    """True when ``$$`` survives rendering outside code: math shown as raw LaTeX."""
    body = MATH_RE.sub("", _markdown().convert(separate_blocks(text)))
    return "$$" in re.sub(r"<pre.*?</pre>|<code>.*?</code>", "", body, flags=re.DOTALL)


def extract_formulas(text: str) -> list[tuple[str, bool]]:
    """Every (latex, display) pair in a Markdown text, in order."""
    body = _markdown().convert(separate_blocks(text))
    return [(html.unescape(m.group(2)).strip(), m.group(1) == "div")
            for m in MATH_RE.finditer(body)]


BLOCK_START_RE = re.compile(r"^\s{0,3}(?:[-*+]\s+\S|\d{1,3}[.)]\s+\S|\|)")


def separate_blocks(text: str) -> str:
    """Put blank lines where Markdown needs them and writers forget them: around ``$$``
    blocks that touch a paragraph, and before a list or table glued to a paragraph line.

    Markdown reads such a block as part of the paragraph: the formula is shown as raw
    LaTeX, the list as "text: - item - item".
    """
    out: list[str] = []
    in_code = in_math = pending = False
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith("```"):
            in_code = not in_code
        if pending and stripped:
            out.append("")
        pending = False
        fence = not in_code and (stripped == "$$" or (
            len(stripped) > 4 and stripped.startswith("$$") and stripped.endswith("$$")))
        opens_math = fence and not in_math and out and out[-1].strip()
        opens_block = (not in_code and not in_math and out and _is_paragraph(out[-1])
                       and BLOCK_START_RE.match(line))
        if opens_math or opens_block:
            out.append("")
        out.append(line)
        if fence:
            if stripped == "$$":
                in_math = not in_math
            pending = not in_math
    return "\n".join(out)


def _is_paragraph(line: str) -> bool:
    """A line of running text: not blank, not a block of its own (list item, table row,
    heading, fence, quote) and not indented (a list item's continuation)."""
    stripped = line.strip()
    return bool(stripped) and not line.startswith((" ", "\t")) and not (
        BLOCK_START_RE.match(line) or stripped.startswith(("#", "```", "$$", ">")))


def glued_blocks(text: str) -> list[int]:
    """Line numbers (1-based) of lists and tables glued to a paragraph line: the bank
    lint asks for the blank line even though the renderer adds it."""
    fixed = separate_blocks(text).split("\n")
    lines, found, j = text.split("\n"), [], 0
    for i, line in enumerate(lines):
        while fixed[j] != line:
            j += 1
        if j > 0 and fixed[j - 1] == "" and i > 0 and lines[i - 1] != "" \
                and BLOCK_START_RE.match(line):
            found.append(i + 1)
        j += 1
    return found


def _markdown(code_style: str = palette.code_style_name(False)) -> markdown.Markdown:
    """A converter with our extensions, passed as instances: names would make Markdown
    scan every installed package's entry points, which costs tens of milliseconds."""
    import markdown
    from markdown.extensions.codehilite import CodeHiliteExtension
    from markdown.extensions.fenced_code import FencedCodeExtension
    from markdown.extensions.sane_lists import SaneListExtension
    from markdown.extensions.tables import TableExtension

    from studyapp.core.math_markdown import MathExtension

    return markdown.Markdown(extensions=[
        MathExtension(), FencedCodeExtension(), TableExtension(),
        CodeHiliteExtension(noclasses=True, pygments_style=palette.pygments_style(code_style),
                            guess_lang=False),
        SaneListExtension(),
    ])


class MathCache:
    """Typesets formulas with ziamath and keeps the SVGs on disk, the last ``KEPT`` used
    also in memory (the views keep the formulas they show as images)."""

    KEPT = 64

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.formulas: dict[str, Formula] = {}
        self._memory: OrderedDict[str, bytes] = OrderedDict()

    def register(self, formula: Formula) -> str:
        self.formulas[formula.key] = formula
        return formula.key

    def svg(self, key: str) -> bytes:
        if key in self._memory:
            self._memory.move_to_end(key)
            return self._memory[key]
        formula = self.formulas[key]
        path = self.folder / f"{key}.svg" if self.folder else None
        if path and path.exists():
            data = path.read_bytes()
        else:
            data = typeset(formula)
            if path:
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(data)
                except OSError:
                    pass  # a read-only cache only costs speed
        self._memory[key] = data
        if len(self._memory) > self.KEPT:
            self._memory.popitem(last=False)
        return data


def typeset(formula: Formula) -> bytes:
    import ziamath

    ziamath.config.svg2 = False
    try:
        latex = ziamath.Latex(formula.latex, size=formula.size, color=formula.color,
                              inline=not formula.display)
        return latex.svg().encode()
    except Exception:  # noqa: BLE001 - show the source instead of failing the page
        return _fallback_svg(formula)


def _fallback_svg(formula: Formula) -> bytes:
    text = html.escape(formula.latex)
    width = 8 * len(formula.latex) + 8
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20">'
            f'<text x="2" y="15" fill="{formula.color}" font-family="monospace" font-size="13">'
            f"{text}</text></svg>").encode()


INLINE_FRACTION_RE = re.compile(r"\\t?frac(?![a-zA-Z])")
CODE_BLOCK_RE = re.compile(
    r'<div class="codehilite" style="background: ([^"]+)"><pre[^>]*>(.*?)\n?</code></pre></div>',
    re.DOTALL)


def _code_block(match: re.Match) -> str:
    """A code block as one cell with one background: Qt gives each line of a ``pre`` its
    own background, which shows as stripes with a wrapped line running into the next."""
    return (f'<table class="code" width="100%" cellspacing="0" cellpadding="8" '
            f'bgcolor="{match[1]}"><tr><td bgcolor="{match[1]}"><pre>{match[2]}</code></pre>'
            '</td></tr></table>')


def render_markdown(text: str, theme: Theme, cache: MathCache, font_px: float = 15) -> str:
    """Markdown to HTML for QTextBrowser; math becomes ``math:`` images."""
    text = separate_blocks(TEST_MARKER_RE.sub(r"\1", text))
    body = _markdown(theme.code_style).convert(text)

    def replace(match: re.Match) -> str:
        display = match.group(1) == "div"
        latex = html.unescape(match.group(2)).strip()
        size = font_px * (1.25 if display else 1.1)
        if not display:      # a text-style fraction's parts would be ~60 % of the body text
            latex = INLINE_FRACTION_RE.sub(r"\\dfrac", latex)
        key = cache.register(Formula(latex, display, theme.text, size))
        alt = html.escape(latex, quote=True)
        if display:
            return f'<p align="center"><img src="math:{key}" alt="{alt}"></p>'
        return f'<img src="math:{key}" alt="{alt}" style="vertical-align: middle">'

    body = MATH_RE.sub(replace, body)
    return CODE_BLOCK_RE.sub(_code_block, body)


# A letter (Latin, Greek or an operator such as ∇) followed by _x, _xy or _{…}, not
# inside a word such as no_grad.
SUBSCRIPT_RE = re.compile(r"(?<![\w\\])([A-Za-zα-ωΑ-Ωᾱ∇∏Σ])_(\{[^{}]+\}|[A-Za-z0-9α-ω]{1,4}"
                          r"(?![A-Za-z0-9α-ω]))")

SUPERSCRIPT_RE = re.compile(r"\^(\{[^{}]+\}|[A-Za-z0-9α-ω]{1,8}(?![A-Za-z0-9α-ω]))")


GREEK = dict(zip(
    ["alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta", "iota", "kappa", "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "upsilon", "phi", "varphi", "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Phi", "Psi", "Omega"], "αβγδεεζηθθικλμνξπρστυφφχψωΓΔΘΛΞΠΣΦΨΩ", strict=True))
SYMBOLS = {"ll": "≪", "gg": "≫", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ne": "≠",
           "neq": "≠", "approx": "≈", "sim": "∼", "cdot": "·", "times": "×", "to": "→",
           "rightarrow": "→", "leftarrow": "←", "infty": "∞", "sum": "Σ", "prod": "∏",
           "nabla": "∇", "partial": "∂", "in": "∈", "propto": "∝", "pm": "±", "ldots": "…",
           "cdots": "⋯", "dots": "…", "mid": "|", "lVert": "‖", "rVert": "‖", "Vert": "‖",
           "langle": "⟨", "rangle": "⟩", "top": "ᵀ", "odot": "⊙", "circ": "∘", "cap": "∩",
           "cup": "∪", "forall": "∀", "exists": "∃", "ell": "ℓ", "star": "⋆"}
SUPERSCRIPTS = str.maketrans("0123456789+-()n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁽⁾ⁿ")
# $…$ with no space just inside either dollar and no digit after the closing one, so that
# "$2.50 per hour and $3" is not read as a formula.
# The opening dollar comes first in the pattern, before the look-behind that checks it is
# not escaped or doubled, so the engine can skip ahead to each dollar (5× faster).
INLINE_MATH_RE = re.compile(r"\$(?<![\\$]\$)(?![\$\s])([^$]+?)(?<![\\\s])\$(?!\d)")
WRAPPER_RE = re.compile(r"\\(?:operatorname\*?|mathbf|mathrm|mathit|mathcal|mathbb|boldsymbol|"
                        r"text|textbf|hat|bar|tilde|vec|widehat|overline|left|right)\s*"
                        r"\{([^{}]*)\}")


POWER_RE = re.compile(r"\^\{?([0-9n+\-()]+)\}?(?![\w{])")
SCRIPT_RE = re.compile(r"([_^])\{([^{}]*)\}")
FRAC_RE = re.compile(r"\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}")
SQRT_RE = re.compile(r"\\sqrt\s*\{([^{}]*)\}")
SIZING_RE = re.compile(r"\\(left|right|big|Big|bigg|Bigg)(?![a-zA-Z])")
SPACING_RE = re.compile(r"\\[,;:! ]")
COMMAND_RE = re.compile(r"\\([a-zA-Z]+)")
SPACES_RE = re.compile(r"\s+")


@lru_cache(maxsize=8192)      # banks repeat formulas: 3,029 distinct in 116,800 at 10k
def plain_math(latex: str) -> str:
    """A formula as readable text where it cannot be typeset (lists, window titles,
    tooltips, search snippets): ``\\beta_t \\ll 1`` → ``β_t ≪ 1``."""
    text = POWER_RE.sub(lambda m: m[1].translate(SUPERSCRIPTS), latex)
    for _ in range(4):                                    # from the innermost braces out
        before = text
        text = SCRIPT_RE.sub(lambda m: m[1] + (m[2] if len(m[2]) <= 1 else f"({m[2]})"), text)
        text = WRAPPER_RE.sub(r"\1", text)
        text = FRAC_RE.sub(r"(\1)/(\2)", text)
        text = SQRT_RE.sub(r"√(\1)", text)
        if text == before:                                # nothing left to unwrap
            break
    text = SIZING_RE.sub("", text)
    text = SPACING_RE.sub(" ", text)
    text = COMMAND_RE.sub(lambda m: GREEK.get(m[1]) or SYMBOLS.get(m[1]) or m[1], text)
    text = text.replace("{", "").replace("}", "")
    return SPACES_RE.sub(" ", text).strip()


def plain_text(text: str) -> str:
    """Text whose ``$…$`` formulas are turned into readable text (see ``plain_math``)."""
    return INLINE_MATH_RE.sub(lambda m: plain_math(m[1]), text)


def key_point_html(text: str) -> str:
    """A key point as HTML. Key points are plain text, since typed answers are matched
    against them; ``h_{t-1}`` and ``10000^{2i/d}`` are shown as sub- and superscripts."""
    def inner(group: str) -> str:
        return group.removeprefix("{").removesuffix("}")
    text = SUBSCRIPT_RE.sub(lambda m: f"{m[1]}<sub>{inner(m[2])}</sub>",
                            html.escape(text, quote=False))
    return SUPERSCRIPT_RE.sub(lambda m: f"<sup>{inner(m[1])}</sup>", text)


def key_points_html(points: Sequence[str], heading: str = "Key points") -> str:
    return (f"<h3>{heading}</h3><ul>"
            + "".join(f"<li>{key_point_html(k)}</li>" for k in points) + "</ul>") if points else ""


def follow_ups_html(follow_ups: Sequence[str], heading: str = "Follow-up questions") -> str:
    return (f"<h3>{heading}</h3><ul>"
            + "".join(f"<li>{html.escape(f)}</li>" for f in follow_ups) + "</ul>"
            ) if follow_ups else ""


def explorer_links_html(links: Sequence[str], title_of: Callable[[str], str],
                        lead: str = "Explore") -> str:
    """A line of ``explore:`` links to the explorers that show a question's idea."""
    return (f"<p>{lead}: " + " · ".join(
        f"<a href='explore:{html.escape(link)}'>{html.escape(title_of(link))} ▸</a>"
        for link in links) + "</p>") if links else ""


def question_page(q: Question, markdown: Callable[[str], str]) -> str:
    """The HTML of a question's answer: short answer, key points, details and follow-ups
    (``markdown`` renders Markdown with math as the screen's view does)."""
    parts = [markdown(q.short), key_points_html(q.key_points)]
    if q.details:
        parts.append("<h2>Details</h2>" + markdown(q.details))
    parts.append(follow_ups_html(q.follow_ups))
    return "\n".join(p for p in parts if p)


def page_css(theme: Theme, font_px: float = 15) -> str:
    return (
        f"body {{ color: {theme.text}; font-size: {font_px}px; }}"
        f"a {{ color: {theme.link}; }}"
        f"pre {{ font-family: monospace; white-space: pre-wrap; margin: 0; }}"
        f"table.code {{ margin-top: 4px; margin-bottom: 8px; }}"
        f"table.code td {{ border: none; }}"
        f"code {{ font-family: monospace; }}"
        f"table {{ border-collapse: collapse; }}"
        f"th, td {{ border: 1px solid {theme.table_border}; padding: 4px 8px; }}"
        f".muted {{ color: {theme.muted}; }}"
        f".success {{ color: {theme.success}; }}"
        f".danger {{ color: {theme.danger}; }}"
        f"h1 {{ font-size: {font_px * 1.6:.0f}px; }}"
        f"h2 {{ font-size: {font_px * 1.3:.0f}px; }}"
        f"h3 {{ font-size: {font_px * 1.12:.0f}px; }}"
    )


def render_mathjax(text: str) -> str:
    """Markdown to plain HTML with math left as MathJax ``\\( \\)`` and ``\\[ \\]``, for
    programs that typeset math themselves (Anki)."""
    body = _markdown().convert(separate_blocks(TEST_MARKER_RE.sub(r"\1", text)))
    return MATH_RE.sub(lambda m: (m.group(0).split(">", 1)[1].rsplit("<", 1)[0]), body)
