"""Analysis commands: ``search``, ``autocode`` and ``report``.

``--json`` shapes are documented in README.md ("Analysis"). Failures raise ChorusError,
printed by ``app.cli.main`` as one line with exit status 1.
"""
from __future__ import annotations

from pathlib import Path

from app.analysis.search import SearchFilters, search
from app.cli.common import add_project_arg, open_project, print_json, print_table
from app.errors import InvalidOperation


def _filter_args(p) -> None:
    p.add_argument("--regex", action="store_true", help="QUERY is a regular expression (Python 'regex' syntax)")
    p.add_argument("--code", dest="in_code", metavar="PATH",
                   help="only hits inside segments of this code (or its sub-codes)")
    p.add_argument("--uncoded", action="store_true", help="only hits in text no segment covers")
    p.add_argument("--coder", action="append", metavar="NAME",
                   help="--code/--uncoded look at this coder's segments only; repeatable")
    p.add_argument("--source", action="append", metavar="OUTLET", help="only documents from this outlet; repeatable")
    p.add_argument("--from", dest="date_from", metavar="DATE", help="only documents published on or after DATE")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="only documents published on or before DATE")
    p.add_argument("--attr", action="append", metavar="NAME=VALUE", help="only documents with this attribute")


def _filters(args, code_filter: str | None) -> SearchFilters:
    attributes = []
    for item in args.attr or ():
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise InvalidOperation(f"--attr {item!r}: write NAME=VALUE")
        attributes.append((name.strip(), value.strip()))
    return SearchFilters(
        sources=tuple(args.source) if args.source else None, date_from=args.date_from, date_to=args.date_to,
        attributes=tuple(attributes), code=code_filter, uncoded=args.uncoded,
        coders=tuple(args.coder) if args.coder else None)


def register(sub) -> None:
    p = sub.add_parser(
        "search", help="full-text search with keyword in context",
        description="Find words, \"phrases\", prefix* and AND / OR / NOT (upper case) combinations, "
                    "ignoring case and accents; or a regular expression with --regex. Positions are "
                    "code points into the stored text, end exclusive.")
    add_project_arg(p)
    p.add_argument("query", metavar="QUERY")
    _filter_args(p)
    p.add_argument("--context", type=int, default=40, metavar="N", help="characters of context each side (40)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser(
        "autocode", help="code every hit of a search (one undoable change)",
        description="Code the hits of QUERY with --code (created if missing), optionally widened to the "
                    "sentence or paragraph around each hit. Overlapping passages are merged; passages "
                    "already coded so are skipped. --dry-run lists what would be coded.")
    add_project_arg(p)
    p.add_argument("query", metavar="QUERY")
    p.add_argument("--code", required=True, metavar="PATH", help="the code to apply")
    p.add_argument("--in-code", dest="in_code", metavar="PATH", help="only hits inside segments of this code")
    p.add_argument("--uncoded", action="store_true", help="only hits in text no segment covers")
    p.add_argument("--regex", action="store_true", help="QUERY is a regular expression")
    p.add_argument("--widen", choices=("sentence", "paragraph"), help="code the whole sentence or paragraph")
    p.add_argument("--dry-run", action="store_true", help="show what would be coded, change nothing")
    p.add_argument("--as", dest="as_coder", metavar="NAME", help="code as this coder (default: your login name)")
    p.add_argument("--coder", action="append", metavar="NAME", help="--in-code/--uncoded see this coder's segments")
    p.add_argument("--source", action="append", metavar="OUTLET", help="only documents from this outlet")
    p.add_argument("--from", dest="date_from", metavar="DATE")
    p.add_argument("--to", dest="date_to", metavar="DATE")
    p.add_argument("--attr", action="append", metavar="NAME=VALUE")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_autocode)

    _register_report(sub)


def cmd_search(args) -> int:
    if args.context < 0:
        raise InvalidOperation("--context must be 0 or more")
    with open_project(args.project) as project:
        result = search(project, args.query, regex=args.regex, filters=_filters(args, args.in_code),
                        context=args.context)
    if args.json:
        print_json(result.as_json())
        return 0
    rows = [[h.document_id, h.document_title[:30], h.start, h.end, f"{h.before}[{h.text}]{h.after}"]
            for h in result.hits]
    if rows:
        print_table(["doc", "title", "start", "end", "in context"], rows)
    print(f"{len(result.hits)} hit{'s' if len(result.hits) != 1 else ''} in {result.documents} "
          f"document{'s' if result.documents != 1 else ''}")
    return 0


def cmd_autocode(args) -> int:
    from app.analysis.autocode import apply, preview

    with open_project(args.project, args.as_coder) as project:
        plan = preview(project, args.query, args.code, regex=args.regex, widen_to=args.widen,
                       filters=_filters(args, args.in_code))
        result = None if args.dry_run else apply(project, plan)
    if args.json:
        data = plan.as_json()
        data["dry_run"] = bool(args.dry_run)
        data["coded"] = 0 if result is None else result.segments
        print_json(data)
        return 0
    for p in plan.passages:
        mark = "=" if p.already else ("+" if not args.dry_run else "?")
        print(f"{mark} doc {p.document_id} [{p.start}:{p.end}] {p.text[:70].replace(chr(10), ' ')}")
    skipped = sum(p.already for p in plan.passages)
    if args.dry_run:
        print(f"would code {len(plan.to_code)} passage(s) as {plan.code_path} ({skipped} already coded); "
              "nothing changed")
    else:
        print(f"coded {result.segments} passage(s) as {plan.code_path} ({skipped} already coded): {result.label}")
    return 0


REPORT_KINDS = ("frequencies", "cooccurrence", "matrix", "saturation", "timeline", "portrait", "html")


def _register_report(sub) -> None:
    p = sub.add_parser(
        "report", help="frequencies, co-occurrence, matrices, saturation, or the HTML methods report",
        description="KIND is one of: frequencies (segments, documents, characters per code; --by "
                    "document|coder|outlet|year|month|ATTRIBUTE), cooccurrence (code x code at --scope "
                    "overlap|paragraph|document; counts, c-coefficient, Jaccard), matrix (code x document, "
                    "or code x --by ATTRIBUTE; --value count|share), saturation (Guest, Namey & Chen 2020; "
                    "--base, --run, --threshold), html (the methods appendix, -o FILE.html). "
                    "--json prints every number with the passages behind it; -o FILE.csv writes a "
                    "spreadsheet-safe CSV.")
    add_project_arg(p)
    p.add_argument("kind", choices=REPORT_KINDS, metavar="KIND", help=", ".join(REPORT_KINDS))
    p.add_argument("--scope", choices=("overlap", "paragraph", "document"), default="overlap",
                   help="cooccurrence: what counts as together (default overlap)")
    p.add_argument("--window", type=int, default=0, metavar="N",
                   help="cooccurrence --scope paragraph: within N paragraphs (default 0: the same one)")
    p.add_argument("--by", metavar="ATTR", help="frequencies / matrix: group by document, coder, outlet, year, "
                                                "month or a document attribute")
    p.add_argument("--value", choices=("count", "share"), default="count", help="matrix cells (default count)")
    p.add_argument("--coder", action="append", metavar="NAME", help="only this coder's segments; repeatable")
    p.add_argument("--per-coder", action="store_true", help="saturation: one assessment per coder")
    p.add_argument("--order", default="import", metavar="ORDER",
                   help="saturation: document order: import, date, or ids like 3,1,2")
    p.add_argument("--base", type=int, default=4, help="saturation base size (default 4)")
    p.add_argument("--run", type=int, default=2, help="saturation run length (default 2)")
    p.add_argument("--threshold", type=float, default=0.05,
                   help="saturation new-information threshold, a fraction (default 0.05 = 5%%)")
    p.add_argument("--quotes", type=int, default=3, metavar="K", help="html: quotes per code (default 3)")
    p.add_argument("--doc", metavar="TITLE_OR_ID", help="portrait: the document to draw")
    p.add_argument("--chart", type=Path, metavar="FILE",
                   help="also draw the chart: FILE.png or FILE.svg (frequency bars, co-occurrence heatmap, "
                        "saturation curve; timeline: codes over time by --by month|year; portrait: --doc)")
    p.add_argument("--json", action="store_true", help="print JSON (every cell with its passages)")
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="write a CSV (or, for html, the report)")
    p.set_defaults(func=cmd_report)


def _order(value: str):
    if value in ("import", "date"):
        return value
    try:
        return [int(v) for v in value.split(",") if v.strip()]
    except ValueError:
        raise InvalidOperation(f"--order {value!r}: import, date, or document ids like 3,1,2") from None


def _report_data(project, args):
    from app.analysis.cooccurrence import cooccurrence
    from app.analysis.frequencies import frequencies
    from app.analysis.matrices import matrix
    from app.analysis.saturation import saturation

    if args.kind == "frequencies":
        table = frequencies(project, by=args.by, coders=args.coder)
        return table.as_json(), table.header(), table.table()
    if args.kind == "cooccurrence":
        result = cooccurrence(project, scope=args.scope, window=args.window, coders=args.coder)
        header = ["code_a", "code_b", "count", "c_coefficient", "jaccard", "passages"]
        rows = [[c.code_a, c.code_b, c.count, "" if c.c_coefficient is None else round(c.c_coefficient, 4),
                 "" if c.jaccard is None else round(c.jaccard, 4),
                 "; ".join(f"{p.document_id}:{p.start}-{p.end}" for p in c.passages)] for c in result.cells]
        return result.as_json(), header, rows
    if args.kind == "matrix":
        result = matrix(project, by=args.by or "document", value=args.value, coders=args.coder)
        table = result.table()
        return result.as_json(), table[0], table[1:]
    results = saturation(project, order=_order(args.order), base=args.base, run=args.run,
                         threshold=args.threshold, coders=args.coder, per_coder=args.per_coder)
    header = ["coder", "position", "document_id", "document", "published", "new_count", "new_subcodes",
              "cumulative", "new_codes"]
    rows = [[s.coder or "(pooled)", r.position, r.document_id, r.document_title, r.published or "", r.new_count,
             r.new_subcodes, r.cumulative, "; ".join(r.new_codes)] for s in results for r in s.rows]
    data = results[0].as_json() if len(results) == 1 and not args.per_coder else {
        "kind": "saturation", "per_coder": [s.as_json() for s in results]}
    return data, header, rows


def _draw(project, args) -> None:
    from app.analysis import figures
    from app.analysis.saturation import saturation
    from app.exchange.exports.common import atomic_output

    fmt = args.chart.suffix.lower().lstrip(".")
    if fmt not in ("png", "svg"):
        raise InvalidOperation(f"{args.chart.name}: --chart writes .png or .svg")
    if args.kind == "frequencies":
        image = figures.frequency_chart(project, coders=args.coder, fmt=fmt)
    elif args.kind == "cooccurrence":
        image = figures.cooccurrence_chart(project, scope=args.scope, window=args.window, coders=args.coder, fmt=fmt)
    elif args.kind == "saturation":
        (result, *_) = saturation(project, order=_order(args.order), base=args.base, run=args.run,
                                  threshold=args.threshold, coders=args.coder)
        image = figures.saturation_chart(result, fmt=fmt)
    elif args.kind == "portrait":
        if not args.doc:
            raise InvalidOperation("report portrait needs --doc TITLE_OR_ID")
        image = figures.portrait_chart(project, args.doc, coders=args.coder, fmt=fmt)
    else:  # matrix and timeline: codes over time
        image = figures.timeline_chart(project, by="year" if args.by == "year" else "month", coders=args.coder,
                                       fmt=fmt)
    with atomic_output(args.chart) as tmp:
        tmp.write_bytes(image)
    print(f"wrote {args.chart}")


def cmd_report(args) -> int:
    if args.kind == "html":
        return _cmd_html(args)
    if args.kind in ("timeline", "portrait"):
        if args.chart is None:
            raise InvalidOperation(f"report {args.kind} is a chart: give --chart FILE.png or FILE.svg")
        with open_project(args.project) as project:
            _draw(project, args)
        return 0
    if args.output is not None and args.output.suffix.lower() != ".csv":
        raise InvalidOperation(f"{args.output.name}: -o writes CSV, name it .csv")
    with open_project(args.project) as project:
        data, header, rows = _report_data(project, args)
        if args.chart is not None:
            _draw(project, args)
    if args.output is not None:
        from app.exchange.exports.common import atomic_output
        from app.exchange.exports.tabular import write_csv

        with atomic_output(args.output) as tmp:
            write_csv(tmp, header, rows, raw=False)
        print(f"wrote {len(rows)} row{'s' if len(rows) != 1 else ''} to {args.output}")
    if args.json:
        print_json(data)
    elif args.output is None:
        if args.kind == "saturation":
            _print_saturation(data)
        else:
            print_table(header, rows)
    return 0


def _print_saturation(data: dict) -> None:
    for item in data.get("per_coder", [data]):
        who = item["coder"] or "all coders (pooled)"
        print(f"{who}: saturation {item['label']} (base {item['base']}, run {item['run']}, "
              f"threshold {item['threshold']:.0%})")
        print_table(["#", "document", "new", "sub", "cumulative"],
                    [[r["position"], r["document_title"][:40], r["new_count"], r["new_subcodes"], r["cumulative"]]
                     for r in item["rows"]])


def _cmd_html(args) -> int:
    from app.analysis.report import write_html_report

    if args.output is None or args.output.suffix.lower() not in (".html", ".htm"):
        raise InvalidOperation("report html needs -o FILE.html")
    with open_project(args.project) as project:
        summary = write_html_report(project, args.output, quotes=args.quotes, base=args.base, run=args.run,
                                    threshold=args.threshold, coders=args.coder)
    print(f"wrote {args.output} ({summary})")
    return 0
