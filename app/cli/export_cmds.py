"""Export commands: ``export`` (segments, codebook, matrix, REFI-QDA) and ``import-codebook``.

Failures raise ChorusError / ProjectFileError / OSError, which ``app.cli.main`` prints
as one line with exit status 1.
"""
from __future__ import annotations

from pathlib import Path

from app.cli.common import add_project_arg, open_project
from app.exchange.codebook_import import import_codebook
from app.exchange.exports import FORMATS, ExportFilters, export


def register(sub) -> None:
    p = sub.add_parser(
        "export", help="export coded segments, the codebook or a code x document matrix",
        description="Write one export file. CSV is UTF-8 with a BOM and formula-looking cells "
                    "prefixed with ' (spreadsheet safety); --raw writes neither, for R/pandas. "
                    "In blind mode only your own segments are exported.")
    add_project_arg(p)
    p.add_argument("format", choices=FORMATS, metavar="FORMAT", help=f"one of: {', '.join(FORMATS)}")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="OUT", help="the file to write")
    p.add_argument("--code", action="append", metavar="PATH", help="only this code (id, UUID or path); repeatable")
    p.add_argument("--no-children", action="store_true", help="with --code: leave out its sub-codes")
    p.add_argument("--coder", action="append", metavar="NAME", help="only this coder's segments; repeatable")
    p.add_argument("--doc", action="append", metavar="TITLE_OR_ID", help="only this document; repeatable")
    p.add_argument("--raw", action="store_true", help="CSV for machines: no BOM, no formula prefix")
    p.add_argument("--no-attributes", action="store_true", help="segments: leave out document attribute columns")
    p.add_argument("--as", dest="as_coder", metavar="NAME",
                   help="who you are (default: your coder name); in blind mode only your own work is exported")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser(
        "import-codebook", help="merge a codebook (our CSV/XLSX, Taguette CSV/XLSX or REFI-QDA .qdc) into the project",
        description="Codes are matched by code_id (UUID), then by path: matches are updated, others "
                    "added, in the file's order. One undoable change. Prints what was added, updated and skipped.")
    add_project_arg(p)
    p.add_argument("file", type=Path, metavar="FILE", help="a codebook .csv, .xlsx or .qdc")
    p.add_argument("--coder", help="record the change under this coder name")
    p.set_defaults(func=cmd_import_codebook)


def cmd_export(args) -> int:
    me = args.as_coder  # --coder only filters; it never says who you are (blind mode)
    filters = ExportFilters(codes=args.code, include_children=not args.no_children, coders=args.coder,
                            documents=args.doc)
    with open_project(args.project, me) as project:
        result = export(project, args.format, args.output, filters=filters, raw=args.raw,
                        include_attributes=not args.no_attributes)
    print(f"wrote {result.rows} row{'s' if result.rows != 1 else ''} to {result.path}")
    for note in result.notes:
        print(f"note: {note}")
    return 0


def cmd_import_codebook(args) -> int:
    with open_project(args.project, args.coder) as project:
        report = import_codebook(project, args.file)
    for label, items in (("added", report.added), ("updated", report.updated), ("skipped", report.skipped)):
        for item in items:
            print(f"{label}: {item}")
    print(report.summary())
    return 0
