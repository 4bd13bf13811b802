"""Document commands: ``doc-set`` (correct title, outlet, author, date) and ``doc-rm``.

Both are one undoable change (``chorus undo`` reverts them). ``--doc`` takes an id,
UUID or exact title; when nothing matches, the closest titles are suggested.
"""
from __future__ import annotations

import difflib
import sys

from app.articles.documents import delete_document, edit_metadata, resolve_document
from app.cli.common import add_project_arg, open_project
from app.errors import InvalidOperation, NotFound
from db.models import Document, Segment

DOC_HELP = "document id, UUID or exact title (close titles are suggested when nothing matches)"
CODER_HELP = ("act as this coder (default: the 'coder' preference the window sets, "
              "else your login name)")


def add_coder_args(p) -> None:
    p.add_argument("--coder", "--as", dest="coder", metavar="NAME", help=CODER_HELP)


def find_document(ref: str) -> Document:
    """``resolve_document``, with "did you mean" titles when nothing matches."""
    try:
        return resolve_document(ref)
    except NotFound as exc:
        titles = [t for (t,) in Document.select(Document.title).tuples()]
        lowered = {t.lower(): t for t in titles}
        close = difflib.get_close_matches(str(ref).lower(), list(lowered), n=3, cutoff=0.5)
        contains = [t for t in titles if str(ref).lower() in t.lower() and t.lower() not in close]
        names = ([lowered[c] for c in close] + contains)[:3]
        if not names:
            raise
        hint = ", ".join(repr(_short(n)) for n in names)
        raise NotFound(f"{exc}; did you mean {hint}? (or give the id from 'chorus docs')") from None


def _short(title: str) -> str:
    title = " ".join(title.split())
    return title if len(title) <= 70 else title[:69] + "…"


def register(sub) -> None:
    p = sub.add_parser(
        "doc-set", help="correct a document's title, outlet, author or date",
        description="Change a document's title, outlet (source), author or published date, as one "
                    "undoable change (chorus undo reverts it). An empty value clears the field "
                    "(except the title).")
    add_project_arg(p)
    p.add_argument("--doc", required=True, metavar="TITLE_OR_ID", help=DOC_HELP)
    p.add_argument("--title", help="the new title")
    p.add_argument("--outlet", help="the outlet or source, e.g. 'The Ledger'")
    p.add_argument("--author", help="the author or byline")
    p.add_argument("--date", help="the published date, e.g. 2017-10-16")
    p.add_argument("--url", help="the article's address")
    add_coder_args(p)
    p.set_defaults(func=cmd_doc_set)

    p = sub.add_parser(
        "doc-rm", help="delete a document with its segments (asks first when coded)",
        description="Delete a document, its coded segments (every coder's), attributes and memos, as "
                    "one change (the window's Undo brings it back; 'chorus undo' cannot, since the audit "
                    "log keeps the text's hash, not the text). A coded document is deleted only after you "
                    "confirm at the prompt, or with --yes; the command says how many segments go with it.")
    add_project_arg(p)
    p.add_argument("--doc", required=True, metavar="TITLE_OR_ID", help=DOC_HELP)
    p.add_argument("--yes", "-y", action="store_true", help="do not ask, even when the document is coded")
    add_coder_args(p)
    p.set_defaults(func=cmd_doc_rm)


def cmd_doc_set(args) -> int:
    fields = {"title": args.title, "source": args.outlet, "author": args.author, "published": args.date,
              "url": args.url}
    changes = {k: (v.strip() or None) if k != "title" else v.strip() for k, v in fields.items() if v is not None}
    if not changes:
        raise InvalidOperation("say what to change: --title, --outlet, --author, --date or --url")
    with open_project(args.project, args.coder) as project:
        doc = find_document(args.doc)
        before = {k: getattr(doc, k) for k in changes}
        doc = edit_metadata(project, doc, **changes)
        for key, old in before.items():
            new = getattr(doc, key)
            name = {"source": "outlet", "published": "date"}.get(key, key)
            print(f"{name}: {old or '(none)'} -> {new or '(none)'}" if old != new else f"{name}: unchanged")
        print(f"document {doc.id} updated (chorus undo {args.project} reverts it)")
    return 0


def cmd_doc_rm(args) -> int:
    with open_project(args.project, args.coder) as project:
        doc = find_document(args.doc)
        count = Segment.select().where(Segment.document == doc.id).count()
        what = f"'{_short(doc.title)}' (document {doc.id})"
        goes = f"{count} coded segment{'s' if count != 1 else ''}"
        if count and not args.yes:
            if not sys.stdin.isatty():
                raise InvalidOperation(f"{what} has {goes}: add --yes to delete it with them")
            answer = input(f"Delete {what} and its {goes} (the command line cannot undo this)? [y/N] ").strip().lower()
            if answer not in ("y", "yes"):
                print("nothing deleted")
                return 1
        delete_document(project, doc)
        print(f"deleted {what}" + (f" and its {goes}" if count else ""))
    return 0
