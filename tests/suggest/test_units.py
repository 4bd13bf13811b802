from app.suggest.units import paragraphs, sentences, spans, widen


def test_sentences_are_code_point_spans_that_skip_abbreviations_and_initials():
    text = "Dr. Ada Lovelace 👩🏽‍💻 met J. Doe in the U.S. yesterday. Was it \u201cfine\u201d? Yes!\nNext para."
    got = [text[s:e] for s, e in sentences(text)]
    assert got == ["Dr. Ada Lovelace 👩🏽‍💻 met J. Doe in the U.S. yesterday.", "Was it \u201cfine\u201d?", "Yes!",
                   "Next para."]


def test_paragraphs_are_runs_of_non_blank_lines_trimmed():
    text = "  First line\nsecond line  \n\n\n Third é\u0301 ✊🏾 \n"
    assert [text[s:e] for s, e in paragraphs(text)] == ["First line\nsecond line", "Third é\u0301 ✊🏾"]


def test_widen_covers_whole_units():
    text = "One two. Three four five. Six."
    s = text.index("four")
    assert text[slice(*widen(text, s, s + 4, "sentence"))] == "Three four five."
    assert widen(text, 0, len(text), "paragraph") == (0, len(text))
    assert spans("", "sentence") == []
