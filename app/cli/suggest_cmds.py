"""Code suggestions: ``suggest``, ``suggest-accept``, ``suggest-dismiss``, ``suggest-eval``.

Everything is computed on this machine from the project's own coding; nothing is sent
anywhere. ``--json`` shapes are documented in the README ("Code suggestions").
"""
from __future__ import annotations

from app.cli.common import add_project_arg, open_project, print_json, print_table
from app.errors import InvalidOperation
from app.suggest.engines import ENGINES
from app.analysis.units import UNITS

CODER_HELP = "act as this coder (default: the shared coder setting, else your login name)"
SPAN_HELP = "positions in Unicode code points of the document's text, end exclusive"


def _engine_args(p) -> None:
    p.add_argument("--engine", choices=ENGINES, default="lexical",
                   help="lexical (always there) or semantic (the optional [semantic] extra)")
    p.add_argument("--unit", choices=UNITS, default="sentence", help="what a suggestion covers")


def register(sub) -> None:
    p = sub.add_parser(
        "suggest", help="suggest passages for a code, or codes for a passage (offline)",
        description="With --code: rank the corpus's sentences (or paragraphs) that this code does not "
                    "cover yet by how much they resemble its coded segments and its codebook entry. "
                    "With --doc/--start/--end: rank the codes that fit that passage. Dismissed "
                    "passages are never suggested again. Nothing leaves this machine.")
    add_project_arg(p)
    p.add_argument("--code", metavar="PATH", help="the code to find more passages for")
    p.add_argument("--doc", metavar="TITLE_OR_ID", help="with --start/--end: the passage's document")
    p.add_argument("--start", type=int, metavar="N", help=SPAN_HELP)
    p.add_argument("--end", type=int, metavar="M", help=SPAN_HELP)
    _engine_args(p)
    p.add_argument("--top", type=int, default=10, metavar="K", help="how many suggestions (default 10)")
    p.add_argument("--no-subcodes", action="store_true", help="use only the code's own segments")
    p.add_argument("--coder", help=CODER_HELP)
    p.add_argument("--json", action="store_true", help="print JSON (a list of objects)")
    p.set_defaults(func=cmd_suggest)

    for name, verb, func in (("suggest-accept", "code a suggested passage (logged as an accepted suggestion)",
                              cmd_accept),
                             ("suggest-dismiss", "never suggest this passage for this code again", cmd_dismiss)):
        p = sub.add_parser(name, help=verb, description=verb[0].upper() + verb[1:] + ". One undoable change.")
        add_project_arg(p)
        p.add_argument("--code", required=True, metavar="PATH")
        p.add_argument("--doc", required=True, metavar="TITLE_OR_ID")
        p.add_argument("--start", required=True, type=int, metavar="N", help=SPAN_HELP)
        p.add_argument("--end", required=True, type=int, metavar="M", help=SPAN_HELP)
        p.add_argument("--engine", choices=ENGINES, default="lexical", help="the engine that suggested it")
        if func is cmd_accept:
            p.add_argument("--score", type=float, help="the suggestion's score (recorded in the log)")
        p.add_argument("--coder", help=CODER_HELP)
        p.set_defaults(func=func)

    p = sub.add_parser(
        "suggest-eval", help="measure the suggestions against a code's own segments",
        description="Hide one part of the code's coded passages at a time (k folds), rank, and report "
                    "precision@k, recall@k and average precision against the hidden ones, beside a "
                    "random and a keyword baseline; and character-level kappa/alpha of the top "
                    "suggestions against the human coding (the inter-coder agreement engine).")
    add_project_arg(p)
    p.add_argument("--code", required=True, metavar="PATH")
    p.add_argument("--folds", type=int, default=5, metavar="N", help="number of folds (default 5)")
    _engine_args(p)
    p.add_argument("--no-subcodes", action="store_true", help="use only the code's own segments")
    p.add_argument("--coder", help=CODER_HELP)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_eval)


def cmd_suggest(args) -> int:
    from app.suggest import suggest  # numpy and scikit-learn load only for these commands

    by_code = args.code is not None
    by_passage = args.doc is not None or args.start is not None or args.end is not None
    if by_code == by_passage:
        raise InvalidOperation("give either --code PATH, or --doc D --start S --end E")
    if by_passage and None in (args.doc, args.start, args.end):
        raise InvalidOperation("a passage needs all of --doc, --start and --end")
    with open_project(args.project, args.coder) as project:
        if by_code:
            found = suggest.suggest_for_code(project, args.code, engine=args.engine, unit=args.unit,
                                             top=args.top, include_subcodes=not args.no_subcodes)
            if args.json:
                print_json([s.to_dict() for s in found])
            else:
                print_table(["doc", "title", "start", "end", "score", "text"],
                            [[s.document_id, s.document_title, s.start, s.end, f"{s.score:.3f}", s.text]
                             for s in found])
        else:
            found = suggest.codes_for_passage(project, args.doc, args.start, args.end, engine=args.engine,
                                              unit=args.unit, top=args.top)
            if args.json:
                print_json([c.to_dict() for c in found])
            else:
                print_table(["code", "score"], [[c.code_path, f"{c.score:.3f}"] for c in found])
    return 0


def cmd_accept(args) -> int:
    from app.suggest import suggest

    with open_project(args.project, args.coder) as project:
        seg = suggest.accept(project, args.code, args.doc, args.start, args.end, engine=args.engine,
                             score=args.score)
        print(f"coded segment {seg.id} [{seg.start}:{seg.end}] (accepted suggestion)")
    return 0


def cmd_dismiss(args) -> int:
    from app.suggest import suggest

    with open_project(args.project, args.coder) as project:
        suggest.dismiss(project, args.code, args.doc, args.start, args.end, engine=args.engine)
        print(f"dismissed [{args.start}:{args.end}]: it will not be suggested for this code again")
    return 0


def _fmt(value) -> str:
    return "-" if value is None else f"{value:.3f}"


def cmd_eval(args) -> int:
    from app.suggest import evaluate

    with open_project(args.project, args.coder) as project:
        result = evaluate.evaluate(project, args.code, engine=args.engine, unit=args.unit, folds=args.folds,
                                   include_subcodes=not args.no_subcodes)
    if args.json:
        print_json(result.to_dict())
        return 0
    print(f"code '{result.code_path}': {result.segments} segments in {result.passages} passages; "
          f"{result.folds_scored} of {result.folds} folds scored; per fold about {result.candidates} "
          f"candidate {result.unit}s, {result.relevant} relevant")
    headers = ["ranking"] + [f"P@{k}" for k in result.ks] + [f"R@{k}" for k in result.ks] + ["AP", "kappa", "alpha"]
    rows = [[r.name] + [_fmt(r.precision_at[k]) for k in result.ks] + [_fmt(r.recall_at[k]) for k in result.ks]
            + [_fmt(r.average_precision), _fmt(r.kappa), _fmt(r.alpha)] for r in result.results]
    print_table(headers, rows)
    return 0
