"""The labelled-sections codec that carries structured code fields in a Description."""
from hypothesis import given, settings
from hypothesis import strategies as st

from app.exchange.refi import sections

LABEL_LINES = ["Definition: x", "\\Definition: y", "When to use:", "Example:", "When not to use: \\\\z", ""]
tricky = st.lists(st.one_of(st.sampled_from(LABEL_LINES), st.text(max_size=12)), max_size=5).map("\n".join)
field_text = st.one_of(tricky, st.text(max_size=40))


@settings(max_examples=400)
@given(lead=field_text, definition=field_text, when=field_text, when_not=field_text, example=field_text)
def test_code_fields_round_trip_exactly(lead, definition, when, when_not, example):
    values = {"definition": definition, "when_to_use": when, "when_not_to_use": when_not, "example": example}
    text = sections.encode(lead, values)
    got_lead, got = sections.decode(text)
    assert got_lead == lead
    assert {k: got.get(k, "") for k in values} == values


@given(source=field_text, url=field_text)
def test_document_metadata_round_trips(source, url):
    text = sections.encode("", {"source": source, "url": url}, sections.DOCUMENT_LABELS)
    lead, got = sections.decode(text, sections.DOCUMENT_LABELS)
    assert lead == "" and got.get("source", "") == source and got.get("url", "") == url


def test_reads_well_in_other_tools():
    text = sections.encode("Posts that blame victims.", {"definition": "Blame.\nSecond line.",
                                                          "example": "\"she asked for it\""})
    assert text == ("Posts that blame victims.\n\nDefinition: Blame.\nSecond line.\n\n"
                    "Example: \"she asked for it\"")


def test_foreign_description_without_labels_is_the_description():
    lead, values = sections.decode("Apply when the study uses Gee's concept.\nMore.")
    assert lead == "Apply when the study uses Gee's concept.\nMore." and values == {}


def test_foreign_labels_without_blank_lines_are_read():
    lead, values = sections.decode("About power.\nDefinition: abuse of power\nExample: a quote")
    assert lead == "About power."
    assert values == {"definition": "abuse of power", "example": "a quote"}
