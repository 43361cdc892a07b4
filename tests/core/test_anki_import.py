"""Anki notes to Markdown questions: templates, cloze, HTML, MathJax, tags, decks."""

from studyapp.core import anki_import as ai


def test_templates_fill_fields_sections_and_drop_typing():
    fields = {"Front": "Q", "Back": "A", "Extra": "", "Add Reverse": "y"}
    fmt = "{{Front}}{{#Extra}} (extra: {{Extra}}){{/Extra}}{{^Extra}} no extra{{/Extra}}"
    assert ai.render_template(fmt, fields) == "Q no extra"
    assert ai.render_template("{{#Add Reverse}}{{Back}}{{/Add Reverse}}", fields) == "A"
    answer = ai.render_template("{{FrontSide}}\n\n<hr id=answer>\n\n{{type:Back}}{{Back}}",
                                fields, answer=True, front=ai.FRONT_SIDE)
    assert ai.answer_part(answer).strip() == "A"
    assert ai.render_template("{{text:Front}}", {"Front": "<b>bold</b>"}) == "bold"


def test_cloze_hides_one_gap_with_its_hint_and_shows_it_in_bold_on_the_answer():
    text = "{{c1::Paris}} is the capital of {{c2::France::country}}."
    assert ai.render_cloze(text, 2, answer=False) == "Paris is the capital of [country]."
    assert ai.render_cloze(text, 1, answer=False) == "[…] is the capital of France."
    assert ai.render_cloze(text, 2, answer=True) == "Paris is the capital of <b>France</b>."


def test_html_becomes_markdown():
    md, used = ai.to_markdown(
        "<div>One<br>two &amp; <b>three</b></div><ol><li>a</li><li><i>b</i></li></ol>"
        "<pre>x = 1\ny = 2</pre><code>f()</code><img src='p.png' alt='plot'>"
        "<img src='http://example.com/x.png'><script>alert(1)</script>", {"p.png": "p-1.png"})
    assert md == ("One\n\ntwo & **three**\n\n1. a\n2. *b*\n\n```\nx = 1\ny = 2\n```\n\n"
                  "`f()`![plot](_media/p-1.png)")
    assert used == {"p.png"}


def test_mathjax_becomes_dollars_and_stray_markdown_is_escaped():
    md, _ = ai.to_markdown("\\(a &lt; b\\) costs $5 * 2<br>\\[x^2\\]<div># not a heading</div>"
                           "[$]y[/$]", {})
    assert md == "$a < b$ costs \\$5 \\* 2\n\n$$x^2$$\n\n\\# not a heading\n\n$y$"


def test_sounds_and_control_characters_are_dropped():
    md, _ = ai.to_markdown("Say it[sound:word.mp3]\x00\x07!", {})
    assert md == "Say it!"


def test_image_occlusion_notes_are_skipped_with_a_reason():
    kind = ai.NoteType(5, "Image Occlusion", True, ("Occlusion", "Image", "Header",
                                                   "Back Extra", "Comments"),
                       (("{{cloze:Occlusion}}{{Image}}", "{{cloze:Occlusion}}"),))
    note = ai.Note(9, "g", 5, ("{{c1::image-occlusion:rect:left=.1}}", "<img src=a.png>",
                               "", "", ""), ())
    collection = ai.Collection({5: kind}, {1: ("Default",)}, {9: note},
                               [ai.Card(90, 9, 1, 0, False)], [])
    plan = ai.plan(collection, {}, set())
    assert plan.questions == [] and "image occlusion" in plan.skipped[0]


def test_titles_are_one_plain_line():
    assert ai.one_line("What is **this**?\n\n$$x$$\n\n![](_media/a.png)") == \
        "What is this? $x$"


def test_key_points_are_plain_text():
    draft = ai._draft("Q", "Costs \\$5 for $v_{t-1}$ \\* **2** &lt;b&gt;\n\nmore", [], 7)
    assert draft.key_points == ["Costs $5 for v_(t-1) * 2 <b>"]


def test_a_front_with_a_picture_is_shown_again_above_the_answer():
    draft = ai._draft("Which curve?\n\n![](_media/c.png)", "The sigmoid", [], 7)
    assert draft.title == "Which curve?"
    assert draft.short == "Which curve?\n\n![](_media/c.png)\n\n***\n\nThe sigmoid"
    assert draft.key_points == ["The sigmoid"]
    assert ai._draft("![](_media/c.png)", "Sigmoid", [], 7).title == "Anki note 7"


def test_tags_decks_and_media_names_are_made_safe():
    assert ai.tag_name("Deep::SGD_basics") == "deep-sgd-basics"
    assert ai.tag_name("Été") == "ete"
    assert ai.tag_name("::") is None
    assert ai.topic_path(("A",)) == (("anki-a",), ("A",))
    assert ai.topic_path(("Été",)) == (("anki-ete",), ("Été",))
    japanese, chinese = ai.topic_path(("日本語",))[0][0], ai.topic_path(("中文",))[0][0]
    assert japanese.startswith("anki-deck-") and japanese != chinese
    assert ai.topic_path(("Deep learning", "Vision", "CNNs")) == (
        ("anki-deep-learning", "vision-cnns"), ("Deep learning", "Vision › CNNs"))
    assert ai.media_file_name("my plot (1).PNG", "abcdef0123456789") == \
        "my-plot-1-abcdef012345.png"
    unsafe = ai.media_file_name("../../x", "ff" * 10)
    assert "/" not in unsafe and ".." not in unsafe
