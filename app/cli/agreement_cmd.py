"""``chorus agreement``: inter-coder agreement tables, JSON and CSV exports."""
from __future__ import annotations

from pathlib import Path

from app.team.agreement import coincidence_rows, per_code_table_rows
from app.cli.common import add_project_arg, open_project, print_json, print_table
from app.exchange.exports.tabular import write_csv
from app.team.review.agreement_data import project_agreement
from app.team.review.agreement_text import UNITS_NOTE, tables


def _list(value: str | None) -> list[str] | None:
    return None if value is None else [v.strip() for v in value.split(",") if v.strip()]


def register(sub) -> None:
    p = sub.add_parser(
        "agreement", help="inter-coder agreement per code, per document and pooled",
        description="Percent agreement and Cohen's kappa (per coder pair), Krippendorff's alpha and unitized "
                    "alpha_u (all coders), on characters x codes; plus segment-level match counts.")
    add_project_arg(p)
    p.add_argument("--coders", metavar="A,B,...", help="only these coders (default: all but consensus)")
    p.add_argument("--codes", metavar="PATH,...", help="only these codes (each with its sub-codes)")
    p.add_argument("--docs", metavar="TITLE_OR_ID,...", help="only these documents")
    p.add_argument("--threshold", type=float, default=0.9, help="segment match overlap (default 0.9)")
    p.add_argument("--json", action="store_true", help="print the full report as JSON")
    p.add_argument("--csv-table", type=Path, metavar="FILE", help="write the per-code table as CSV")
    p.add_argument("--csv-coincidences", type=Path, metavar="FILE", help="write the counts behind every number")
    p.set_defaults(func=cmd_agreement)


def _write(path: Path, rows: list[dict]) -> None:
    header: list[str] = []
    for row in rows:
        header += [k for k in row if k not in header]
    write_csv(path, header, [[row.get(k) for k in header] for row in rows], raw=False)


def cmd_agreement(args) -> int:
    with open_project(args.project) as project:
        report = project_agreement(_list(args.coders), _list(args.codes), _list(args.docs), args.threshold,
                                   project=project)
        if args.csv_table:
            _write(args.csv_table, per_code_table_rows(report))
        if args.csv_coincidences:
            _write(args.csv_coincidences, coincidence_rows(report))
        if args.json:
            print_json(report.to_dict())
            return 0
        scope = report.scope or {}
        compared = len(scope.get("documents_compared", report.docs))
        print(f"Coders: {', '.join(report.coders)}; {compared} of {len(report.docs)} documents compared, "
              f"{len(report.codes)} codes")
        for line in scope.get("lines", []):
            print(line)
        for title, headers, rows in tables(report):
            print(f"\n{title}")
            print_table(headers, rows)
        print()
        print("\n".join(UNITS_NOTE))
        if report.alpha_u_excluded_docs:
            print(f"  alpha_u leaves out documents not compared for every coder: "
                  f"{', '.join(report.alpha_u_excluded_docs)}")
    return 0
