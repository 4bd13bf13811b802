"""The methods-appendix report: one self-contained HTML file (and PDF through Qt's printing).

Built as Markdown from ``TEMPLATE`` and rendered with ``markdown`` (tables extension):
the codebook with definitions, the frequency table and chart, co-occurrence, codes over
time, the saturation assessment with its sensitivity table and curve, agreement figures
when several coders coded (from ``app.team.review.agreement_data``), up to K quotes per
code with their document and date, and the audit head the report was made from.

Everything is inside the file: charts are SVG as ``data:`` URIs, the style sheet is
inline, nothing is loaded from anywhere. Every piece of project text is escaped (HTML
and Markdown) before it enters the template, so a code name or a quote cannot inject
markup. Charts are put in after rendering, in place of placeholder paragraphs.
"""
from __future__ import annotations

import base64
import html
import re
from datetime import datetime, timezone
from pathlib import Path

import markdown

from app import audit
from app.analysis import figures
from app.analysis.frequencies import frequencies
from app.analysis.cooccurrence import cooccurrence
from app.analysis.saturation import saturation
from app.analysis import data
from app.coding.queries import code_rows, document_texts
from app.errors import ChorusError
from app.exchange.exports.common import atomic_output

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>])")

TEMPLATE = """# Methods appendix: {project}

Made by Chorus on {made} from a project with {documents} documents, {codes} codes,
{segments} coded segments by {coders} coder(s). Audit head: {audit_entries} entries, last entry
`{audit_head}` (check with `chorus verify PROJECT --anchor {audit_head}`).

## Codebook

{codebook}

## Code frequencies

Segments, documents and characters per code ({coder_scope}). Characters count each coded
character once per code, however many segments cover it.

{frequency_table}

CHART:frequencies

## Co-occurrence

Pairs of codes applied to the same document (count, Jaccard = n12 / (n1 + n2 - n12))
and to overlapping passages (count of overlapping segment pairs; c-coefficient as in
ATLAS.ti, n12 / (n1 + n2 - n12) over segments).

{cooccurrence_table}

CHART:cooccurrence

## Codes over time

CHART:timeline

## Thematic saturation

Method of Guest, Namey & Chen (2020): base size {base}, run length {run}, new-information
threshold {threshold}; documents in import order. **Result: {saturation_label}**
{saturation_sentence}

{saturation_table}

Sensitivity to the parameters:

{sensitivity_table}

CHART:saturation

{agreement}

## Quotes

Up to {quotes} quotes per code, with their document and date.

{quotes_section}
"""

_STYLE = """body{font-family:Georgia,serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.45;color:#222}
h1,h2,h3{font-family:Helvetica,Arial,sans-serif}table{border-collapse:collapse;margin:1rem 0;font-size:.9rem}
th,td{border:1px solid #bbb;padding:.25rem .5rem;text-align:left;vertical-align:top}th{background:#f0f0f0}
p.chart{margin:1rem 0}p.chart img{max-width:100%}blockquote{border-left:3px solid #ccc;margin:.5rem 0;padding:.2rem .8rem;color:#333}
code{font-size:.85rem;word-break:break-all}@media print{p.chart{break-inside:avoid}}"""


def md(text) -> str:
    """Project text made safe for the template: HTML-escaped, Markdown specials escaped."""
    value = "" if text is None else str(text)
    value = html.escape(value, quote=False)
    value = _MD_SPECIAL.sub(r"\\\1", value)
    return value.replace("\r", " ").replace("\n", " ")


def _table(header: list[str], rows: list[list]) -> str:
    if not rows:
        return "_(none)_"
    lines = ["| " + " | ".join(md(h) for h in header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        lines.append("| " + " | ".join(md(_fmt(v)) for v in row) + " |")
    return "\n".join(lines)


def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    return "" if value is None else str(value)


def _codebook() -> str:
    rows = [[row.path, row.definition or row.description, row.when_to_use, row.when_not_to_use, row.example,
             row.segments] for row in code_rows()]
    return _table(["code", "definition", "when to use", "when not to use", "example", "segments"], rows)


def _agreement() -> str:
    from app.team.review.agreement_data import project_agreement

    coders = [n for n in data.coder_names().values()]
    if len(coders) < 2:
        return ""
    try:
        report = project_agreement()
    except ChorusError as exc:
        return f"## Agreement\n\nNot computed: {md(exc)}"
    pooled = report.pooled
    rows = [[p.coder_a, p.coder_b, p.percent_agreement, p.cohen_kappa] for p in pooled.pairs]
    per_code = [[r.code, r.krippendorff_alpha, r.alpha_u, r.mean_pairwise_kappa] for r in report.per_code]
    return ("## Agreement\n\nCharacter-level agreement of " + md(", ".join(report.coders)) +
            f" over {len(report.docs)} document(s). Pooled Krippendorff's alpha: {_fmt(pooled.krippendorff_alpha)}; "
            f"unitized alpha_u: {_fmt(pooled.alpha_u)}.\n\n"
            + _table(["coder A", "coder B", "percent agreement", "Cohen's kappa"], rows) + "\n\n"
            + _table(["code", "alpha", "alpha_u", "mean pairwise kappa"], per_code))


def _quotes(k: int, coder_ids) -> str:
    segs = data.segments(coder_ids)
    docs = data.documents()
    by_code: dict[int, list] = {}
    for s in segs:
        by_code.setdefault(s.code, []).append(s)
    chosen = {c: sorted(v, key=lambda s: (s.document, s.start))[:k] for c, v in by_code.items()}
    texts = document_texts({s.document for v in chosen.values() for s in v})
    out = []
    for code_id, path in data.codes_in_tree_order():
        if code_id not in chosen:
            continue
        out.append(f"### {md(path)}\n")
        for s in chosen[code_id]:
            info = docs[s.document]
            quote = texts[s.document][s.start:s.end]
            if len(quote) > 600:
                quote = quote[:600] + "\u2026"
            out.append(f"> {md(quote)}\n\n\u2014 _{md(info.title)}_, {md(info.published or 'no date')}\n")
    return "\n".join(out) or "_(no coded passages)_"


def _figure(svg: bytes, alt: str) -> str:
    uri = "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
    return f'<p class="chart"><img alt="{html.escape(alt)}" src="{uri}"></p>'


def build_html(project, *, quotes: int = 3, base: int = 4, run: int = 2, threshold: float = 0.05,
               coders: list[str] | None = None) -> str:
    coder_ids = data.scope_coders(project, coders)
    freq = frequencies(project, coders=coders)
    doc_co = cooccurrence(project, "document", coders=coders)
    overlap = cooccurrence(project, "overlap", coders=coders)
    over = {(c.code_a, c.code_b): c for c in overlap.cells}
    co_rows = [[c.code_a, c.code_b, c.count, c.jaccard, getattr(over.get((c.code_a, c.code_b)), "count", 0),
                getattr(over.get((c.code_a, c.code_b)), "c_coefficient", None)]
               for c in sorted(doc_co.cells, key=lambda c: -c.count)[:25]]
    (sat, *_) = saturation(project, base=base, run=run, threshold=threshold, coders=coders)
    entries, head = audit.head()
    counts = {"documents": len(data.documents()), "codes": len(freq.rows),
              "segments": sum(r.segments for r in freq.rows)}
    sentence = (f"(the first {sat.result.point} documents held all but at most {threshold:.0%} of the codes the "
                f"next {run} added)." if sat.result.reached else
                "(the documents so far keep bringing new codes, or there are too few for the test).")
    text = TEMPLATE.format(
        project=md(project.setting("project_name") or project.path.stem),
        made=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        coders=len(data.coder_names()) if coder_ids is None else len(coder_ids),
        audit_entries=entries, audit_head=head,
        codebook=_codebook(),
        coder_scope="all coders" if not coders else "coders: " + md(", ".join(coders)),
        frequency_table=_table(freq.header(), freq.table()),
        cooccurrence_table=_table(["code A", "code B", "documents with both", "Jaccard", "overlapping pairs",
                                   "c-coefficient"], co_rows),
        base=base, run=run, threshold=f"{threshold:.0%}", saturation_label=md(sat.result.label),
        saturation_sentence=sentence,
        saturation_table=_table(*(lambda t: (t[0], t[1:]))(sat.table())),
        sensitivity_table=_table(["base", "run", "threshold", "result"],
                                 [[s.base, s.run, f"{s.threshold:.0%}", s.label] for s in sat.sensitivity]),
        agreement=_agreement(), quotes=quotes, quotes_section=_quotes(quotes, coder_ids),
        **counts,
    )
    body = markdown.markdown(text, extensions=["tables"], output_format="html")
    charts = {
        "frequencies": lambda: figures.frequency_chart(project, coders=coders, fmt="svg"),
        "cooccurrence": lambda: figures.cooccurrence_chart(project, scope="document", coders=coders, fmt="svg"),
        "timeline": lambda: figures.timeline_chart(project, coders=coders, fmt="svg"),
        "saturation": lambda: figures.saturation_chart(sat, fmt="svg"),
    }
    for name, draw in charts.items():
        body = body.replace(f"<p>CHART:{name}</p>", _figure(draw(), f"{name} chart"))
    title = html.escape(project.setting("project_name") or project.path.stem)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; img-src data:; '
            f'style-src \'unsafe-inline\'">'
            f"<title>Methods appendix: {title}</title><style>{_STYLE}</style></head>\n<body>\n{body}\n</body></html>\n")


def write_html_report(project, path: Path, **options) -> str:
    """Write the report atomically; returns a one-line summary."""
    if options.get("quotes", 3) < 0:
        raise ChorusError("the number of quotes per code must be 0 or more")
    text = build_html(project, **options)
    with atomic_output(Path(path)) as tmp:
        tmp.write_text(text, encoding="utf-8")
    from app import audit  # the audit head the report was made from, beside it (SAFETY)
    audit.write_head_sidecar(Path(path), project.name, None, "report-html")
    return f"{len(text) // 1024} KB, self-contained"
