import markdown
import pytest

from studyapp.core.math_markdown import MathExtension


def convert(text: str) -> str:
    return markdown.Markdown(extensions=[MathExtension()]).convert(text)


@pytest.mark.parametrize(("text", "html"), [
    (r"so $a_1 * b_2$ holds", r'<p>so <span class="math">\(a_1 * b_2\)</span> holds</p>'),
    (r"and \(x_i\) too", r'<p>and <span class="math">\(x_i\)</span> too</p>'),
    (r"$a<b$", r'<p><span class="math">\(a&lt;b\)</span></p>'),
    ("$$\nx_t = *a*\n$$", '<div class="math">\\[\nx_t = *a*\n\\]</div>'),
    (r"\[ x < y \]", r'<div class="math">\[ x &lt; y \]</div>'),
    (r"\begin{aligned} a &= b \end{aligned}",
     r'<div class="math">\[\begin{aligned} a &amp;= b \end{aligned}\]</div>'),
])
def test_tex_reaches_the_typesetter_as_written(text, html):
    assert convert(text) == html


@pytest.mark.parametrize(("text", "html"), [
    ("costs $5 and $6", "<p>costs $5 and $6</p>"),          # a space after the opener
    (r"a \$x\$ b", "<p>a $x$ b</p>"),                       # escaped dollars
    ("`$x_1$` in code", "<p><code>$x_1$</code> in code</p>"),
    ("*$x$*", '<p><em><span class="math">\\(x\\)</span></em></p>'),
])
def test_dollars_that_are_not_math_stay_text(text, html):
    assert convert(text) == html


def test_an_escaped_backslash_before_a_dollar_still_opens_math():
    assert convert(r"a \\$x$") == r'<p>a \<span class="math">\(x\)</span></p>'


def test_the_extension_leaves_other_converters_alone():
    convert("$x$")
    assert "$" not in markdown.Markdown().ESCAPED_CHARS
