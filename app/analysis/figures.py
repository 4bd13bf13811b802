"""The analyses' charts from a project: data from the analysis modules, drawing in charts.py."""
from __future__ import annotations

from collections import defaultdict

from app.analysis import charts, data
from app.analysis.cooccurrence import cooccurrence
from app.analysis.frequencies import frequencies
from app.analysis.saturation import Saturation
from app.articles.documents import resolve_document
from db.models import Code


def _colours() -> dict[str, str]:
    paths = data.paths()
    return {paths[i]: c for i, c in Code.select(Code.id, Code.colour).tuples()}


def frequency_chart(project=None, coders=None, fmt: str = "png", leaves_only: bool = True) -> bytes:
    table = frequencies(project, coders=coders)
    rows = [r for r in table.rows if r.segments or not leaves_only]
    colours = _colours()
    return charts.frequency_bars([r.code for r in rows], [r.segments for r in rows],
                                 [colours.get(r.code) for r in rows], fmt=fmt)


def cooccurrence_chart(project=None, scope: str = "overlap", window: int = 0, coders=None, value: str = "count",
                       fmt: str = "png") -> bytes:
    result = cooccurrence(project, scope=scope, window=window, coders=coders)
    used = [c for c in result.codes if result.occurrences.get(c)]
    lookup = {}
    for cell in result.cells:
        v = getattr(cell, value) or 0
        lookup[(cell.code_a, cell.code_b)] = lookup[(cell.code_b, cell.code_a)] = v
    values = [[(result.occurrences.get(a, 0) if a == b and value == "count" else lookup.get((a, b), 0))
               for b in used] for a in used]
    scope_name = scope if scope != "paragraph" or not window else f"within {window} paragraph(s)"
    return charts.heatmap(used, used, values, title=f"Code co-occurrence ({scope_name}, {value})", fmt=fmt,
                          value_format="{:g}" if value == "count" else "{:.2f}")


def timeline_chart(project=None, by: str = "month", coders=None, top: int = 8, fmt: str = "png") -> bytes:
    """Segments per code per period of publication (the ``top`` most frequent codes)."""
    period = data.attribute_values("month" if by == "month" else "year")
    paths = data.paths()
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for s in data.segments(data.scope_coders(project, coders)):
        counts[paths[s.code]][period[s.document]] += 1
    periods = sorted({p for per in counts.values() for p in per if not p.startswith("(")})
    ranked = sorted(counts, key=lambda c: -sum(counts[c].values()))[:top]
    series = {c: [counts[c].get(p, 0) for p in periods] for c in ranked}
    return charts.codes_over_time(periods, series, _colours(), title=f"Codes over time (by {by} of publication)",
                                  fmt=fmt)


def saturation_chart(result: Saturation, fmt: str = "png") -> bytes:
    who = result.coder or "all coders"
    return charts.saturation_curve([r.cumulative for r in result.rows], [r.new_count for r in result.rows],
                                   point=result.result.point, label=result.result.label,
                                   title=f"Saturation, {who}", fmt=fmt)


def portrait_chart(project, document, coders=None, fmt: str = "png") -> bytes:
    doc = resolve_document(document)
    paths = data.paths()
    colours = dict(Code.select(Code.id, Code.colour).tuples())
    segs = data.segments(data.scope_coders(project, coders), document_ids=[doc.id])
    return charts.document_portrait(doc.char_count, [(s.start, s.end, paths[s.code], colours[s.code]) for s in segs],
                                    title=doc.title, fmt=fmt)
