"""A Markdown extension that keeps TeX away from Markdown's own syntax.

Inline ``$…$`` and ``\\(…\\)`` become ``<span class="math">\\(…\\)</span>``; a block
that is only ``$$…$$``, ``\\[…\\]`` or ``\\begin{env}…\\end{env}`` becomes
``<div class="math">\\[…\\]</div>``. The TeX inside is left as written (``_`` and
``*`` are not emphasis there) for :mod:`studyapp.core.render` to typeset.

A dollar opens inline math only when no space follows it and closes it only when no
space precedes it, so ``costs $5 and $6`` stays text; ``\\$`` is a literal dollar.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.inlinepatterns import InlineProcessor
from markdown.util import ETX, STX, AtomicString

# Each inline alternative first takes an even run of backslashes before the opener, so
# that "\\$" is an escaped backslash followed by math, not an escaped dollar.
_DOLLAR = (r"(?<!\\)(?P<d_esc>(?:\\{2})+)(?=\$)"
           r"|(?<!\\)\$(?!\s)(?P<d_math>(?:\\.|[^\\$\x02\x03])+?)(?<!\s)\$")
_ROUND = (r"(?<!\\)(?P<r_esc>(?:\\{2})+?)(?=\\\()"
          r"|(?<!\\)\\\((?P<r_math>(?:\\[^)]|[^\\\x02\x03])+?)\\\)")
_BLOCK = re.compile(
    r"(?s)^(?:\$\$(?P<dollar>(?:\\.|[^\\])+?)\$\$"
    r"|\\\[(?P<square>(?:\\[^\]]|[^\\])+?)\\\]"
    r"|(?P<env>\\begin\{(?P<name>[a-z]+\*?)\}(?:\\.|[^\\])+?\\end\{(?P=name)\}))[ ]*$")
# How Markdown stores a backslash it has already unescaped.
_KEPT_BACKSLASH = f"{STX}{ord(chr(92))}{ETX}"


class _InlineMath(InlineProcessor):
    def handleMatch(self, m: re.Match[str], data: str
                    ) -> tuple[etree.Element | str, int, int]:
        escapes = m["d_esc"] or m["r_esc"]
        if escapes:
            return escapes.replace("\\\\", _KEPT_BACKSLASH), m.start(0), m.end(0)
        math = m["d_math"] if m["d_math"] is not None else m["r_math"]
        element = etree.Element("span", {"class": "math"})
        element.text = AtomicString(f"\\({math}\\)")
        return element, m.start(0), m.end(0)


class _BlockMath(BlockProcessor):
    def test(self, parent: etree.Element, block: str) -> bool:
        return _BLOCK.match(block) is not None

    def run(self, parent: etree.Element, blocks: list[str]) -> bool:
        found = _BLOCK.match(blocks.pop(0))
        assert found is not None    # test() matched this block
        math = found["dollar"] or found["square"] or found["env"]
        element = etree.SubElement(parent, "div", {"class": "math"})
        escaped = html.escape(math, quote=False).replace('"', "&quot;")
        element.text = AtomicString(f"\\[{escaped}\\]")
        return True


class MathExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        md.ESCAPED_CHARS = [*md.ESCAPED_CHARS, "$"]    # "\$" is a literal dollar
        md.inlinePatterns.register(_InlineMath(f"(?:{_DOLLAR}|{_ROUND})", md),
                                   "math-inline", 189.9)
        md.parser.blockprocessors.register(_BlockMath(md.parser), "math-block", 79.9)
