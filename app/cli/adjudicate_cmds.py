"""``chorus review``, ``resolve`` and ``accept-unanimous``: adjudication from scripts."""
from __future__ import annotations

from app.cli.common import add_project_arg, open_project, print_json, print_table
from app.articles.documents import resolve_document
from app.errors import InvalidOperation
from app.team import blind
from app.team.review import adjudicate
from app.team.review.items import get_item, review_items

CODER_HELP = "the adjudicator: must be the lead (default: your coder name)"


def register(sub) -> None:
    p = sub.add_parser("review", help="list a document's review items (agreements and disagreements)",
                       description="Items are numbered from 1 in text order; resolved ones show their decision.")
    add_project_arg(p)
    p.add_argument("--doc", required=True, metavar="TITLE_OR_ID")
    p.add_argument("--threshold", type=float, default=0.9, help="segment match overlap (default 0.9)")
    p.add_argument("--open", action="store_true", help="only items without a decision")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_review)

    p = sub.add_parser("resolve", help="decide one review item (one undoable change)")
    add_project_arg(p)
    p.add_argument("--doc", required=True, metavar="TITLE_OR_ID")
    p.add_argument("--item", required=True, type=int, metavar="N")
    how = p.add_mutually_exclusive_group(required=True)
    how.add_argument("--accept", metavar="CODER", help="accept this coder's segment")
    how.add_argument("--merge", action="store_true", help="a consensus segment over the union of the bounds")
    how.add_argument("--new", nargs=3, metavar=("START", "END", "CODE"), help="write a consensus segment")
    how.add_argument("--reject", action="store_true", help="no consensus segment")
    p.add_argument("--code", metavar="PATH", help="with --merge when codes differ: the code to keep")
    p.add_argument("--rationale", default="", metavar="TEXT", help="why (markdown)")
    p.add_argument("--threshold", type=float, default=0.9)
    p.add_argument("--coder", help=CODER_HELP)
    p.set_defaults(func=cmd_resolve)

    p = sub.add_parser("accept-unanimous", help="accept every unanimous item (same code, same bounds)")
    add_project_arg(p)
    p.add_argument("--doc", metavar="TITLE_OR_ID", help="only this document (default: all)")
    p.add_argument("--threshold", type=float, default=0.9)
    p.add_argument("--coder", help=CODER_HELP)
    p.set_defaults(func=cmd_accept_unanimous)


def _describe(item) -> str:
    return "; ".join(f"{s.coder}: {s.code_path} [{s.start}:{s.end}]" for s in item.segments)


def cmd_review(args) -> int:
    with open_project(args.project) as project:
        blind.require_not_blind(project, "review")
        doc = resolve_document(args.doc)
        items = review_items(doc, args.threshold)
        if args.open:
            items = [i for i in items if not i.resolved]
        if args.json:
            print_json({"document": doc.title, "document_uuid": doc.uuid, "threshold": args.threshold,
                        "items": [i.to_dict() for i in items]})
            return 0
        status = {"agreed": "agreed", "code_disagreed": "code differs", "missing": "missing"}
        rows = []
        for i in items:
            kind = status[i.status] + ("" if i.status != "agreed" or i.same_bounds else " (bounds differ)")
            if i.missing_coders:
                kind += f": no {', '.join(i.missing_coders)}"
            done = i.decision.outcome if i.decision else ""
            rows.append([i.number, kind, _describe(i), done])
        print(f"{doc.title}: {len(items)} items, {sum(1 for i in items if not i.resolved)} open")
        print_table(["item", "status", "segments", "decision"], rows)
    return 0


def cmd_resolve(args) -> int:
    with open_project(args.project, args.coder) as project:
        item = get_item(args.doc, args.item, args.threshold)
        if args.accept:
            decision = adjudicate.accept(project, item, args.accept, args.rationale)
        elif args.merge:
            decision = adjudicate.merge_bounds(project, item, args.rationale, args.code)
        elif args.new:
            start, end, code = args.new
            try:
                start_n, end_n = int(start), int(end)
            except ValueError as exc:
                raise InvalidOperation(f"--new needs START END CODE with whole numbers, got {start} {end}") from exc
            decision = adjudicate.write_new(project, item, start_n, end_n, code, args.rationale)
        else:
            decision = adjudicate.reject(project, item, args.rationale, args.code)
        print(f"item {item.number}: {decision.outcome}"
              + (f", consensus segment {decision.consensus_segment_uuid}" if decision.consensus_segment_uuid else ""))
    return 0


def cmd_accept_unanimous(args) -> int:
    with open_project(args.project, args.coder) as project:
        n = adjudicate.accept_unanimous(project, args.doc, args.threshold)
        print(f"accepted {n} unanimous item{'s' if n != 1 else ''}")
    return 0
