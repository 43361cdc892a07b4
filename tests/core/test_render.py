

def test_display_math_glued_to_a_paragraph_still_renders():
    from studyapp.core.render import extract_formulas, separate_display_math, stray_dollars

    text = "Forward:\n$$\nx_t = a\n$$\nthen text.\n$$ y = b $$\nend\n```\n$$ in code\n```"
    assert extract_formulas(text) == [("x_t = a", True), ("y = b", True)]
    assert not stray_dollars(text)
    assert stray_dollars("cost is $$5 and $$6 dollars")
    assert separate_display_math("a\n$$\nx\n$$\nb") == "a\n\n$$\nx\n$$\n\nb"


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
