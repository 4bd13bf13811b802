"""Full-text search: syntax, folding, exact code-point positions, filters, the index."""
from __future__ import annotations

import json

import pytest
import regex

from app.analysis import index
from app.analysis.query import QueryError, fold, parse
from app.analysis.search import SearchFilters, search
from app.articles.documents import delete_document
from app.articles.importing import add_document
from app.coding.segments import code_span
from db.models import Document


def spans(result):
    return [(h.document_id, h.start, h.end) for h in result.hits]


def regex_scan(pattern: str, flags=regex.IGNORECASE):
    compiled = regex.compile(pattern, flags)
    out = []
    for doc_id, text in Document.select(Document.id, Document.text).order_by(Document.id).tuples():
        out += [(doc_id, m.start(), m.end()) for m in compiled.finditer(text)]
    return out


@pytest.mark.parametrize("word", ["harassment", "weinstein", "twitter", "me", "the"])
def test_demo_word_hits_equal_a_plain_regex_scan(demo, word):
    result = search(demo, word)
    assert spans(result) == regex_scan(rf"(?<![\p{{L}}\p{{N}}\p{{M}}]){word}(?![\p{{L}}\p{{N}}\p{{M}}])")
    assert result.hits and all(fold(h.text) == word for h in result.hits)


def test_demo_phrase_and_prefix_hits_equal_a_regex_scan(demo):
    assert spans(search(demo, '"me too"')) == regex_scan(r"(?<!\w)me\W+too(?!\w)")
    assert spans(search(demo, "harass*")) == regex_scan(r"(?<!\w)harass\w*")


def test_generated_corpus_word_hits_equal_a_regex_scan(corpus):
    for word in ("press", "policy", "court", "law"):
        assert spans(search(corpus, word)) == regex_scan(rf"(?<![\p{{L}}\p{{N}}\p{{M}}]){word}(?![\p{{L}}\p{{N}}\p{{M}}])")


QUERIES = ["press", '"press office"', "pol*", "press AND court", "press OR silence", "press NOT court",
           "(press OR law) NOT (court OR media)", "cafe", "strasse", "naive", "resume AND press", "finance",
           "istanbul", '"cafe press"', "e", "x", "3", "op", "don", "zoe", "olpreis OR power*"]


@pytest.mark.parametrize("query", QUERIES)
def test_index_and_portable_scan_give_the_same_answers(corpus, query):
    indexed = search(corpus, query)
    scanned = search(corpus, query, mode="scan")
    assert indexed.used_index and not scanned.used_index
    assert spans(indexed) == spans(scanned)
    assert indexed.documents == scanned.documents


def test_boolean_operators_select_documents(corpus):
    a = {h.document_id for h in search(corpus, "press").hits}
    b = {h.document_id for h in search(corpus, "court").hits}
    assert {h.document_id for h in search(corpus, "press AND court").hits} == a & b
    assert {h.document_id for h in search(corpus, "press court").hits} == a & b
    assert {h.document_id for h in search(corpus, "press OR court").hits} == a | b
    assert {h.document_id for h in search(corpus, "press NOT court").hits} == a - b
    hits = search(corpus, "press NOT court").hits
    assert all(fold(h.text) == "press" for h in hits)  # excluded terms are never hits


def test_case_and_diacritics_fold_and_positions_are_code_points(project):
    project.activate()
    text = "😀 Café CAFÉ cafe\u0301 café; Straße STRASSE 😀😀 naïve Zoë.\r\nEnd"
    doc = add_document(project, text, "folding")
    stored = doc.text  # CRLF -> LF
    hits = search(project, "cafe").hits
    assert [h.text for h in hits] == ["Café", "CAFÉ", "cafe\u0301", "café"]
    assert all(stored[h.start:h.end] == h.text for h in hits)
    assert hits[0].start == 2  # the emoji is one code point
    assert [h.text for h in search(project, "strasse").hits] == ["Straße", "STRASSE"]
    assert [h.text for h in search(project, "NAIVE zoe").hits] == ["naïve", "Zoë"]
    assert [h.text for h in search(project, "end").hits] == ["End"]
    assert search(project, "end").hits[0].start == stored.index("End")


def test_prefix_phrase_and_kwic(demo):
    result = search(demo, '"sexual harass"*', context=15)
    assert result.hits
    for h in result.hits:
        assert fold(h.text).startswith("sexual") and "harass" in fold(h.text)
        text = Document.get_by_id(h.document_id).text
        assert h.before == text[max(0, h.start - 15):h.start].replace("\n", " ")
        assert h.after == text[h.end:h.end + 15].replace("\n", " ")


@pytest.mark.parametrize("bad", ['"unclosed', "(press", "press)", "NOT press", "press AND", "!!!", "", "press NOT"])
def test_bad_queries_raise_one_line(demo, bad):
    with pytest.raises(QueryError) as info:
        search(demo, bad)
    assert "\n" not in str(info.value)


def test_lower_case_operators_are_words():
    assert parse("and").words == ("and",)


def test_regex_search_uses_the_stored_text(demo):
    result = search(demo, r"\b[A-Z][a-z]+ Weinstein\b", regex=True)
    assert spans(result) == regex_scan(r"\b[A-Z][a-z]+ Weinstein\b", 0)
    assert result.hits and not result.used_index


def test_bad_regex_is_one_line(demo):
    with pytest.raises(QueryError):
        search(demo, "(unclosed", regex=True)


def test_attribute_filters(corpus):
    all_hits = search(corpus, "press").hits
    ledger = search(corpus, "press", filters=SearchFilters(sources=("Ledger",))).hits
    assert ledger and {h.source for h in ledger} == {"Ledger"}
    assert len(ledger) == sum(h.source == "Ledger" for h in all_hits)
    y2018 = search(corpus, "press", filters=SearchFilters(date_from="2018", date_to="2018")).hits
    assert y2018 and all(h.published.startswith("2018") for h in y2018)
    assert len(y2018) == sum(h.published.startswith("2018") for h in all_hits)


def test_code_and_uncoded_filters(demo):
    everything = search(demo, "said").hits
    inside = search(demo, "said", filters=SearchFilters(code="Survivor testimony")).hits
    uncoded = search(demo, "said", filters=SearchFilters(uncoded=True)).hits
    assert inside and uncoded and len(inside) + len(uncoded) <= len(everything)
    from app.analysis.data import segments
    from app.coding.codebook import descendants, find_code
    parent = find_code("Survivor testimony")
    ids = {parent.id, *(c.id for c in descendants(parent))}
    segs = [s for s in segments() if s.code in ids]
    for h in inside:
        assert any(s.document == h.document_id and s.start <= h.start and h.end <= s.end for s in segs)
    for h in uncoded:
        assert not any(s.document == h.document_id and s.start < h.end and h.start < s.end for s in segments())
    ben_only = search(demo, "said", filters=SearchFilters(code="Survivor testimony", coders=("ben",))).hits
    assert len(ben_only) <= len(inside)


def test_index_is_kept_up_to_date_incrementally(corpus):
    db = corpus.db
    search(corpus, "press")
    assert index.sync(db) == 0  # nothing changed since
    doc = add_document(corpus, "A zebra walked into the press room.", "Zebra")
    assert index.sync(db) == 1  # only the new document is indexed
    assert [h.document_id for h in search(corpus, "zebra").hits] == [doc.id]
    code_span(corpus, doc, 2, 7, "Animals", create_missing=True)
    assert index.sync(db) == 0  # coding changes no text
    delete_document(corpus, doc)
    assert search(corpus, "zebra").hits == []
    corpus.undo(corpus.last_change)  # the document comes back
    assert [h.document_title for h in search(corpus, "zebra").hits] == ["Zebra"]


def test_index_sees_documents_imported_by_another_program(tmp_path):
    from app.project import Project

    path = tmp_path / "shared.chorus"
    first = Project.create(path, coder_name="ana")
    first.activate()
    add_document(first, "The first text.", "One")
    assert search(first, "first").documents == 1
    other = Project.open(path, coder_name="ben")
    other.activate()
    add_document(other, "Another first, from elsewhere.", "Two")
    other.close()
    first.activate()
    assert search(first, "first").documents == 2
    first.close()


def test_search_cli_json(demo, capsys):
    from app.cli import main

    path = str(demo.path)
    demo.close()
    assert main(["search", path, '"me too"', "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["count"] == len(data["hits"]) > 0
    hit = data["hits"][0]
    assert {"document_id", "document_title", "start", "end", "text", "context"} <= set(hit)
    assert fold(hit["text"]) == "me too" and hit["text"] in hit["context"]
    assert main(["search", path, "(bad"]) == 1
    assert "chorus: error: search query" in capsys.readouterr().err


def test_limit_stops_early_with_the_first_hits(corpus):
    everything = search(corpus, "press")
    first = search(corpus, "press", limit=5)
    assert first.truncated and 5 <= len(first.hits) < len(everything.hits)
    assert spans(first) == spans(everything)[:len(first.hits)]
    assert first.candidates == everything.documents
    assert not search(corpus, "press", limit=10 ** 6).truncated


def test_index_content_of_ascii_text_is_the_text():
    from app.analysis.query import folded_tokens, index_content

    text = "Foo-BAR it's x_y 3.5\ttab"
    assert index_content(text) == text
    assert folded_tokens(text) == ["foo", "bar", "it", "s", "x", "y", "3", "5", "tab"]
    assert index_content("Café ﬁne") == "cafe fine"


def test_a_read_only_file_falls_back_to_the_portable_scan(corpus):
    from app.project import Project
    from db.sqlite_specific import open_readonly

    search(corpus, "press")  # the index is made and up to date...
    add_document(corpus, "A court and a press, added later.", "Later")  # ...and now behind
    expected = spans(search(corpus, "press OR court", mode="scan"))
    path = corpus.path
    corpus.close()
    db = open_readonly(path)
    db.connect()
    reader = Project(path, db, coder_name="ana")
    reader.activate()
    add_result = search(reader, "press OR court")
    assert not add_result.used_index and spans(add_result) == expected
    reader.close()


def hits_with_terms(result):
    return [(h.document_id, h.start, h.end, h.term) for h in result.hits]


MORE_QUERIES = ['"press office"*', '"court press" OR press', "press* OR pre*", '"cafe cafe"', "caf* NOT strasse",
                '"e x"', "fin* AND (cafe OR naive)", "press OR press*", '"the press" OR "press office" OR office']


@pytest.mark.parametrize("query", MORE_QUERIES)
def test_index_hits_and_their_terms_equal_the_scan(corpus, query):
    indexed = search(corpus, query)
    assert indexed.used_index
    assert hits_with_terms(indexed) == hits_with_terms(search(corpus, query, mode="scan"))


def test_index_stays_exact_through_many_small_updates(corpus, monkeypatch):
    """Each import between searches makes a small batch; past the limit they are merged,
    and re-imported or deleted documents never answer from their old rows."""
    monkeypatch.setattr(index, "_MAX_SMALL", 3)
    db = corpus.db
    search(corpus, "press")
    added = []
    for i in range(8):
        added.append(add_document(corpus, f"Press note {i}: a café, the court and Straße {i}.", f"Note {i}"))
        for query in ("press", "court OR strasse", '"the court"', "caf*"):
            assert hits_with_terms(search(corpus, query)) == hits_with_terms(search(corpus, query, mode="scan"))
    batches = {b for (b,) in index.IndexDocument.select(index.IndexDocument.batch).tuples()}
    stored = {b for (b,) in index.IndexPosting.select(index.IndexPosting.batch).distinct().tuples()}
    assert len(batches) <= 3 + 2 and stored == batches  # merged, and no rows of emptied batches left
    delete_document(corpus, added[0])
    assert "Note 0" not in {h.document_title for h in search(corpus, "press").hits}
    assert hits_with_terms(search(corpus, "press")) == hits_with_terms(search(corpus, "press", mode="scan"))


@pytest.mark.parametrize("query", [" OR ".join(f"w{i}" for i in range(5000)), "(" * 2000 + "press" + ")" * 2000,
                                   "press " * 3000])
def test_huge_queries_are_refused_in_one_line_quickly(corpus, query):
    import time

    for mode in ("auto", "scan"):
        start = time.process_time()
        with pytest.raises(QueryError) as err:
            search(corpus, query, mode=mode)
        assert time.process_time() - start < 2
        assert str(err.value).startswith("search query too complex: ") and "\n" not in str(err.value)


def test_a_query_at_the_limits_is_answered(corpus):
    from app.analysis.query import MAX_DEPTH, MAX_TERMS

    wide = " OR ".join(["press"] + [f"w{i}" for i in range(MAX_TERMS - 1)])
    assert hits_with_terms(search(corpus, wide)) == hits_with_terms(search(corpus, "press"))
    deep = "(" * MAX_DEPTH + "press" + ")" * MAX_DEPTH
    assert hits_with_terms(search(corpus, deep, mode="scan")) == hits_with_terms(search(corpus, "press"))
    with pytest.raises(QueryError, match="too complex"):
        search(corpus, "(" + deep + ")")


def test_cli_refuses_a_huge_query_in_one_line(corpus, capsys):
    from app.cli import main

    path = str(corpus.path)
    corpus.close()
    assert main(["search", path, "(" * 2000 + "x" + ")" * 2000]) == 1
    err = capsys.readouterr().err
    assert err.startswith("chorus: error: search query too complex") and err.count("\n") == 1
