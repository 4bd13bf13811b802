"""Charts (PNG and SVG bytes, headless) and the self-contained HTML methods report."""
from __future__ import annotations

import re

import pytest

from app.analysis import figures
from app.analysis.report import build_html, md, write_html_report
from app.analysis.saturation import saturation
from app.coding.segments import code_span
from app.articles.importing import add_document

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_every_chart_renders_in_both_formats(demo, fmt):
    (sat,) = saturation(demo)
    images = [figures.frequency_chart(demo, fmt=fmt), figures.cooccurrence_chart(demo, scope="paragraph", fmt=fmt),
              figures.cooccurrence_chart(demo, value="jaccard", fmt=fmt), figures.timeline_chart(demo, fmt=fmt),
              figures.saturation_chart(sat, fmt=fmt), figures.portrait_chart(demo, 1, fmt=fmt)]
    for image in images:
        assert len(image) > 2000
        if fmt == "png":
            assert image.startswith(PNG)
        else:
            assert b"<svg" in image[:1000] and not re.search(rb'href="(https?:)?//', image)


def test_charts_of_an_empty_project(project):
    project.activate()
    assert figures.frequency_chart(project).startswith(PNG)
    assert figures.cooccurrence_chart(project).startswith(PNG)
    assert figures.timeline_chart(project).startswith(PNG)
    (sat,) = saturation(project)
    assert sat.result.label == "not reached"
    assert figures.saturation_chart(sat).startswith(PNG)


def test_report_is_self_contained_and_complete(demo, tmp_path):
    out = tmp_path / "appendix.html"
    write_html_report(demo, out, quotes=2)
    text = out.read_text(encoding="utf-8")
    for heading in ("Codebook", "Code frequencies", "Co-occurrence", "Thematic saturation", "Agreement", "Quotes"):
        assert f"<h2>{heading}</h2>" in text
    assert text.count('src="data:image/svg+xml;base64,') == 4
    assert not re.search(r'(src|href)="(https?:)?//', text)
    assert "Passages describing the mechanisms" in text  # a code definition
    assert "Krippendorff" in text and "Cohen" in text  # two coders: agreement figures
    from app import audit
    count, head = audit.head()
    assert head in text and f"{count} entries" in text
    assert "2017-10-16" in text  # quotes carry their date
    quotes = text.split("<h2>Quotes</h2>", 1)[1]
    assert quotes.count("<blockquote>") <= 2 * quotes.count("<h3>")


def test_report_escapes_project_text(project, tmp_path):
    project.activate()
    doc = add_document(project, "<script>alert(1)</script> and **bold** | pipe", "<img src=x onerror=alert(1)>")
    code_span(project, doc, 0, 25, "<b>Bad</b>/*star*", create_missing=True)
    text = build_html(project)
    assert "<script>" not in text and "<img src=x" not in text and "<b>Bad" not in text
    assert "&lt;script&gt;" in text and "&lt;b&gt;Bad&lt;/b&gt;" in text
    assert md("a|b") == "a\\|b"


def test_report_cli(demo, tmp_path, capsys):
    from app.cli import main

    path = str(demo.path)
    demo.close()
    out = tmp_path / "r.html"
    assert main(["report", path, "html", "-o", str(out), "--quotes", "1"]) == 0
    assert out.exists() and "self-contained" in capsys.readouterr().out
    assert main(["report", path, "html"]) == 1


def test_chart_cli(demo, tmp_path, capsys):
    from app.cli import main

    path = str(demo.path)
    demo.close()
    for kind, extra, name in (("frequencies", [], "f.png"), ("cooccurrence", ["--scope", "document"], "c.svg"),
                              ("saturation", [], "s.png"), ("timeline", ["--by", "year"], "t.svg"),
                              ("portrait", ["--doc", "1"], "p.png")):
        out = tmp_path / name
        assert main(["report", path, kind, *extra, "--chart", str(out)]) == 0, kind
        data = out.read_bytes()
        assert data.startswith(PNG) if name.endswith(".png") else b"<svg" in data[:1000]
    assert main(["report", path, "portrait", "--chart", str(tmp_path / "x.png")]) == 1
    assert main(["report", path, "frequencies", "--chart", str(tmp_path / "x.gif")]) == 1
