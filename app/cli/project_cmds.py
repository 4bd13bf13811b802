"""Project commands: ``new``, ``import``, ``code``, ``docs``, ``codes``, ``segments``, ``stats``.

Every handler opens the project, does one thing, closes it and returns an exit code.
Failures raise ChorusError / ProjectFileError, which ``app.cli.main`` prints as one
line (``chorus: error: ...``) with exit status 1. ``--json`` shapes are documented in
the README ("Command line") and kept stable: fields may be added, never renamed.
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from pathlib import Path

from app.team import blind
from app.coding import queries
from app.exchange import refi
from app.cli.common import add_project_arg, clean, clean_lines, open_project, print_json, print_table
from app.coding.codebook import descendants, resolve_code
from app.coding.graphemes import split_warning, splits_grapheme
from app.coding.segments import code_span
from app.articles.documents import resolve_document
from app.errors import ChorusError, InvalidOperation, NotFound
from app.articles.importing import ImportOptions, import_paths
from app.project import Project
from db.connection import PROJECT_SUFFIX
from db.models import Coder, Document, Segment

CODER_HELP = ("act as this coder (default: the 'coder' preference the window sets, else your login name); "
              "in blind mode only their segments are shown")


def find_document(ref):
    """--doc: an id, UUID or exact title; close titles suggested when nothing matches."""
    from app.cli.document_cmds import find_document as find  # lazy: document_cmds registers after us

    return find(ref)


def register(sub) -> None:
    p = sub.add_parser("new", help="create an empty project file",
                       description="Create an empty project. A name without a suffix gets '.chorus'.")
    p.add_argument("project", type=Path, help="the new project file (refused if it exists)")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser(
        "import", help="import articles (.txt .md .html .docx .pdf, folders) or REFI-QDA files",
        description="Import files and folders (recursively). Each file gets one line: imported, "
                    "duplicate (same text already in the project) or rejected with the reason. "
                    "REFI-QDA files (.qdpx, .qde, .qdc) named on the command line are imported "
                    "as one change each. "
                    "Exit status: 0 when nothing was rejected, 1 when any file was rejected "
                    "(the good files are imported all the same).")
    add_project_arg(p)
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders to import")
    p.add_argument("--coder", help="record the import under this coder name")
    p.add_argument("--max-mb", type=float, default=None, metavar="N",
                   help="reject files larger than N megabytes (default 50)")
    p.add_argument("--whole-page", action="store_true",
                   help="HTML: keep every visible word of the page, not only the article's text")
    p.add_argument("--format", dest="batch_format", default="auto",
                   choices=["auto", "lexisnexis", "nexisuni", "factiva", "none"],
                   help="news-database exports (one file, many articles): detect them (auto, the "
                        "default), read every file as one layout, or never split (none)")
    p.add_argument("--follow-links", action="store_true",
                   help="in folders, follow symbolic links that point outside the folder")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser(
        "code", help="code a span of a document",
        description="Code characters [START, END) of a document (positions in Unicode code points, "
                    "end exclusive). Codes of the path that do not exist are created, in the same "
                    "undoable change.")
    add_project_arg(p)
    p.add_argument("--doc", required=True, metavar="TITLE_OR_ID", help="document id, UUID or exact title")
    p.add_argument("--start", required=True, type=int, metavar="N",
                   help="the first character to code, counted from 0 in Unicode code points "
                        "(an emoji or an accented letter is one; 'chorus segments' prints positions)")
    p.add_argument("--end", required=True, type=int, metavar="M",
                   help="one past the last character (end exclusive): --start 0 --end 5 codes 5 characters")
    p.add_argument("--code", required=True, metavar="PATH", help="code path, e.g. 'Backlash/Witch-hunt claim'")
    p.add_argument("--coder", "--as", dest="coder",
                   help="the coder (default: the 'coder' preference the window sets, else your login name)")
    p.add_argument("--memo", default="", metavar="TEXT", help="a memo on the segment")
    p.set_defaults(func=cmd_code)

    p = sub.add_parser("docs", help="list documents")
    _listing_args(p)
    p.set_defaults(func=cmd_docs)

    p = sub.add_parser("codes", help="list the codebook (tree order) with counts")
    _listing_args(p)
    p.set_defaults(func=cmd_codes)

    p = sub.add_parser(
        "segments", help="list coded segments with their exact text",
        description="List segments, by document and position. --code selects exactly that code; "
                    "add --with-children to include its sub-codes. --coder shows only that coder's "
                    "segments; it never says who you are (--as does): in blind mode naming another "
                    "coder is refused.")
    add_project_arg(p)
    p.add_argument("--json", action="store_true", help="print JSON (a list of objects)")
    p.add_argument("--coder", help="only this coder's segments")
    p.add_argument("--code", metavar="PATH", help="only segments of this code (id, UUID or path)")
    p.add_argument("--with-children", action="store_true", help="with --code: include its sub-codes")
    p.add_argument("--doc", metavar="TITLE_OR_ID", help="only segments of this document")
    p.add_argument("--as", dest="as_coder", metavar="NAME", help="who you are (default: your coder name)")
    p.set_defaults(func=cmd_segments)

    p = sub.add_parser("stats", help="counts of documents, codes, coders and segments")
    _listing_args(p)
    p.set_defaults(func=cmd_stats)


def _listing_args(p: argparse.ArgumentParser) -> None:
    add_project_arg(p)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--coder", help=CODER_HELP)


# -- new ---------------------------------------------------------------------------
def cmd_new(args) -> int:
    path: Path = args.project
    if not path.suffix:
        path = path.with_suffix(PROJECT_SUFFIX)
        print(clean(f"note: no suffix given, using {path}"))
    project = Project.create(path)
    project.close()
    print(clean(f"created {path}"))
    return 0


# -- import ------------------------------------------------------------------------
def cmd_import(args) -> int:
    max_bytes = None
    if args.max_mb is not None:
        if args.max_mb <= 0:
            raise InvalidOperation("--max-mb must be more than 0")
        max_bytes = int(args.max_mb * 1024 * 1024)
    with open_project(args.project, args.coder) as project:
        rejected = 0
        ordinary: list[Path] = []
        for path in args.paths:
            kind = refi.sniff(path) if path.is_file() else None
            if kind is None:
                ordinary.append(path)
                continue
            try:
                report = refi.import_exchange_file(project, path)
            except ChorusError as exc:
                rejected += 1
                print(clean(f"rejected   {exc}"))
                continue
            print(clean(f"imported   {path.name} ({kind}): {report.summary()}"))
            for note in report.lines()[1:] + report.skipped:  # how positions were read, warnings, skipped
                print(clean(f"           {note}"))
        if ordinary:
            options = ImportOptions(whole_page=args.whole_page, batch_format=args.batch_format,
                                    follow_links=args.follow_links,
                                    **({} if max_bytes is None else {"max_bytes": max_bytes}))
            report = import_paths(project, ordinary, options=options)
            for outcome in report.outcomes:
                print(clean(f"{outcome.status:<10} {outcome.message}"))
            rejected += len(report.rejected)
            print(report.summary())
    return 1 if rejected else 0


# -- code --------------------------------------------------------------------------
def cmd_code(args) -> int:
    with open_project(args.project, args.coder) as project:
        document = find_document(args.doc)
        segment = code_span(project, document, args.start, args.end, args.code, memo=args.memo,
                            create_missing=True)
        row = queries.segment_rows(document_ids=[document.id], code_ids=[segment.code_id],
                                   coder_ids=[segment.coder_id])
        row = next(r for r in row if r.id == segment.id)
        print(clean(f"segment {row.id}: {row.code_path} [{row.start}:{row.end}] by {row.coder} "
              f"in '{row.document_title}'"))
        print(clean_lines(row.text))
        if splits_grapheme(document.text, row.start, row.end):  # AGREEMENT: positions are code points
            print(f"chorus: warning: {split_warning(row.start, row.end)}", file=sys.stderr)
    return 0


# -- listings ------------------------------------------------------------------------
def cmd_docs(args) -> int:
    with open_project(args.project, args.coder) as project:
        rows = queries.document_rows(blind.visible_coder_ids(project))
    if args.json:
        print_json([asdict(r) for r in rows])
    else:
        print_table(["id", "title", "source", "published", "chars", "segments"],
                    [[r.id, r.title, r.source, r.published, r.char_count, r.segments] for r in rows])
    return 0


def cmd_codes(args) -> int:
    with open_project(args.project, args.coder) as project:
        rows = queries.code_rows(blind.visible_coder_ids(project))
    if args.json:
        print_json([asdict(r) for r in rows])
    else:
        print_table(["id", "path", "segments", "documents", "coders"],
                    [[r.id, r.path, r.segments, r.documents, r.coders] for r in rows])
    return 0


def cmd_segments(args) -> int:
    with open_project(args.project, args.as_coder) as project:
        coder_ids = blind.visible_coder_ids(project)
        if args.coder is not None:
            blind.require_visible(project, [args.coder])
            coder = Coder.get_or_none(Coder.name == args.coder.strip())
            if coder is None:
                raise NotFound(f"no coder {args.coder!r} in this project")
            coder_ids = [coder.id] if coder_ids is None or coder.id in coder_ids else []
        code_ids = None
        if args.code is not None:
            code = resolve_code(args.code)
            code_ids = [code.id] + ([c.id for c in descendants(code)] if args.with_children else [])
        elif args.with_children:
            raise InvalidOperation("--with-children needs --code")
        document_ids = [find_document(args.doc).id] if args.doc is not None else None
        rows = queries.segment_rows(code_ids=code_ids, coder_ids=coder_ids, document_ids=document_ids)
    if args.json:
        print_json([asdict(r) for r in rows])
        return 0
    for r in rows:
        print(clean(f"[{r.id}] {r.document_title} [{r.start}:{r.end}]  {r.code_path}  ({r.coder})"))
        print("\n".join("    " + line for line in clean_lines(r.text).split("\n")))
    print(f"{len(rows)} segment{'s' if len(rows) != 1 else ''}")
    return 0


def cmd_stats(args) -> int:
    with open_project(args.project, args.coder) as project:
        visible = blind.visible_coder_ids(project)
        segments = Segment.select()
        if visible is not None:
            segments = segments.where(Segment.coder.in_(visible))
        data = queries.stats()
        data["segments"] = segments.count()
        data["coded_documents"] = segments.select(Segment.document).distinct().count()
        data["characters"] = sum(c for (c,) in Document.select(Document.char_count).tuples())
        data["blind"] = visible is not None
    if args.json:
        print_json(data)
    else:
        print_table(["what", "count"], [[k, v] for k, v in data.items()])
    return 0
