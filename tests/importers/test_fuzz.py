"""Arbitrary bytes never escape as anything but ImportRejected or a valid document."""

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from app.articles.importers import ImportRejected, extract

_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html", ".docx", ".pdf"])
@_SETTINGS
@given(data=st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode)))
def test_any_bytes(tmp_path, suffix, data):
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    try:
        doc = extract(path)
    except ImportRejected as error:
        assert error.reason and "\n" not in error.reason
    else:
        assert doc.text.strip() and doc.title.strip()
        assert "\r" not in doc.text and not doc.text.startswith("\ufeff")


_FIELDS = st.sampled_from(["HD", "BY", "WC", "PD", "SN", "LP", "TD", "AN", "BYLINE: x", "LENGTH: 3 words",
                           "   1 of 2 DOCUMENTS", "End of Document", "Body", "Section: A", "Length: 9",
                           "LOAD-DATE: May 1, 2019", "", "October 5, 2017", "{\\rtf1 ", "\\par", "<td>HD</td>"])


@pytest.mark.parametrize("suffix, fmt", [(".txt", "lexisnexis"), (".txt", "factiva"), (".rtf", "nexisuni"),
                                         (".rtf", "factiva"), (".html", "factiva"), (".txt", "auto")])
@_SETTINGS
@given(lines=st.lists(st.one_of(_FIELDS, st.text(max_size=40)), max_size=40))
def test_batch_splitters_on_arbitrary_lines(tmp_path, suffix, fmt, lines):
    from app.articles.importers.batches import detect, split

    path = tmp_path / f"batch{suffix}"
    path.write_bytes("\n".join(lines).encode("utf-8", "surrogatepass"))
    try:
        found = detect(path, fmt)
        articles = split(path, found) if found else []
    except ImportRejected as error:
        assert error.reason and "\n" not in error.reason
    else:
        for doc in articles:
            assert doc.text.strip() and doc.title.strip() and "\r" not in doc.text
