

def test_display_math_glued_to_a_paragraph_still_renders():
    from studyapp.core.render import extract_formulas, separate_blocks, stray_dollars

    text = "Forward:\n$$\nx_t = a\n$$\nthen text.\n$$ y = b $$\nend\n```\n$$ in code\n```"
    assert extract_formulas(text) == [("x_t = a", True), ("y = b", True)]
    assert not stray_dollars(text)
    assert stray_dollars("cost is $$5 and $$6 dollars")
    assert separate_blocks("a\n$$\nx\n$$\nb") == "a\n\n$$\nx\n$$\n\nb"


def test_key_points_show_subscripts_but_leave_identifiers_and_markup_alone():
    from studyapp.core.render import key_point_html

    assert key_point_html("h_t = f(W_hh h_{t-1})") == (
        "h<sub>t</sub> = f(W<sub>hh</sub> h<sub>t-1</sub>)")
    assert key_point_html("∇_θ E_{x∼p_θ}[f]") == "∇<sub>θ</sub> E<sub>x∼p_θ</sub>[f]"
    assert key_point_html("use torch.no_grad; d_model stays") == (
        "use torch.no_grad; d_model stays")
    assert key_point_html("x_<t and <b>") == "x_&lt;t and &lt;b&gt;"
    assert key_point_html("sin(p / 10000^{2i/d}), L_i^support") == (
        "sin(p / 10000<sup>2i/d</sup>), L<sub>i</sub><sup>support</sup>")


def test_a_list_or_table_glued_to_a_paragraph_renders_as_one():
    from studyapp.core.render import LIGHT, MathCache, glued_blocks, render_markdown

    text = ("The options:\n- first item\n- second item\n\nSteps:\n1. one\n2. two\n\n"
            "A table:\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- a list\n  continued\n- item\n\n"
            "```python\nx = 1\n- not a list\n```")
    page = render_markdown(text, LIGHT, MathCache(None))
    assert page.count("<ul>") == 2 and "<ol>" in page and "<table>" in page
    assert "<li>first item</li>" in page and "<li>not a list" not in page
    assert glued_blocks(text) == [2, 6, 10]
    assert glued_blocks("Fine:\n\n- item\n- next\n") == []


def test_math_in_titles_becomes_readable_text_where_it_cannot_be_typeset():
    from studyapp.core.render import plain_math, plain_text

    assert plain_text(r"Why is the schedule small ($\beta_t \ll 1$)?") == \
        "Why is the schedule small (β_t ≪ 1)?"
    assert plain_math(r"\frac{e^{z_i}}{\sum_j e^{z_j}}") == "(e^(z_i))/(Σ_j e^(z_j))"
    assert plain_math(r"x^2 + \sqrt{d_k} \cdot 10^{-3}") == "x² + √(d_k) · 10⁻³"
    assert plain_text("costs $2.50 a day, $3 a night") == "costs $2.50 a day, $3 a night"


def test_code_is_one_block_on_one_background_and_inline_fractions_read_at_body_size():
    """Issue 29 item 5: no per-line stripes (Qt paints each line of a ``pre`` on its own
    background), and inline fractions are not shrunk to script size."""
    from studyapp.core.render import LIGHT, MathCache, page_css, render_markdown

    cache = MathCache(None)
    page = render_markdown("The scale $\\frac{1}{\\sqrt{d}}$.\n\n```python\nx = 1\n```\n",
                           LIGHT, cache)
    assert f'<td bgcolor="{LIGHT.code_bg}"><pre>' in page
    assert "background" not in page_css(LIGHT).split("pre {")[1].split("}")[0]
    assert "\n</code>" not in page                          # no empty last line
    (formula,) = cache.formulas.values()
    assert formula.latex.startswith("\\dfrac") and not formula.display


def test_question_page_is_composed_in_one_place(fixture_bank):
    from studyapp.banks import load
    from studyapp.core.render import explorer_links_html, question_page

    q = load(bank=fixture_bank).questions["softmax-definition"]
    page = question_page(q, lambda text: f"<md>{text}</md>")
    assert page.index(f"<md>{q.short}</md>") < page.index("<h3>Key points</h3>")
    assert all(point.split("$")[0][:12] in page for point in q.key_points)
    assert (f"<h2>Details</h2><md>{q.details}</md>" in page) == bool(q.details)
    assert explorer_links_html([], str) == ""
    assert explorer_links_html(["softmax?T=2"], lambda link: "Softmax", "See it") == (
        "<p>See it: <a href='explore:softmax?T=2'>Softmax ▸</a></p>")


def test_math_cache_keeps_the_last_svgs_in_memory_and_reads_older_ones_from_disk(tmp_path,
                                                                                monkeypatch):
    from studyapp.core import render

    typeset = []
    monkeypatch.setattr(render, "typeset", lambda f: typeset.append(f.latex) or
                        f"<svg>{f.latex}</svg>".encode())
    cache = render.MathCache(tmp_path)
    keys = [cache.register(render.Formula(f"x_{{{i}}}", True, "#000", 16))
            for i in range(render.MathCache.KEPT + 10)]
    for key in keys:
        cache.svg(key)
    assert len(cache._memory) == render.MathCache.KEPT         # bounded
    assert cache.svg(keys[0]) == b"<svg>x_{0}</svg>"          # from disk, not typeset again
    assert len(typeset) == len(keys)
    assert keys[0] in cache._memory and keys[1] not in cache._memory   # the least recent left
