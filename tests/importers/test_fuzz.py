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
