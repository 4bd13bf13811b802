"""Team review commands: blind, merge, agreement, review/resolve, log and verify."""
from __future__ import annotations

from pathlib import Path

from app import audit
from app.team import blind
from app.cli import adjudicate_cmds, agreement_cmd
from app.cli.common import add_project_arg, open_project, print_json, print_table
from app.team.merge import merge_project
from app.team.review.history import history
from db.sqlite_specific import integrity_errors


def register(sub) -> None:
    """Add this group's subcommands to the ``chorus`` parser."""
    p = sub.add_parser("blind", help="blind coding: on, off (lead only) or status")
    add_project_arg(p)
    p.add_argument("action", choices=["on", "off", "status"])
    p.add_argument("--coder", help="who switches it (on: becomes the lead; default: your login name)")
    p.add_argument("--json", action="store_true", help="status as JSON")
    p.set_defaults(func=cmd_blind)

    p = sub.add_parser("merge", help="merge a teammate's project (.chorus or .qdpx) into this one",
                       description="Documents match by text, codes by UUID then path, coders and segments by "
                                   "UUID. The other file is only read. One undoable change.")
    add_project_arg(p)
    p.add_argument("other", type=Path, metavar="OTHER", help="the teammate's .chorus (or .qdpx) file")
    p.add_argument("--coder", help="record the merge under this coder name")
    p.add_argument("--json", action="store_true", help="print the merge report as JSON")
    p.set_defaults(func=cmd_merge)

    agreement_cmd.register(sub)
    adjudicate_cmds.register(sub)

    p = sub.add_parser("log", help="the audit trail (per document and/or code)")
    add_project_arg(p)
    p.add_argument("--doc", metavar="TITLE_OR_ID")
    p.add_argument("--code", metavar="PATH")
    p.add_argument("--limit", type=int, default=None, metavar="N", help="only the last N changes")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_log)

    p = sub.add_parser("verify", help="check the audit chain and the file's integrity (exit 1 on problems)")
    add_project_arg(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_verify)


def cmd_blind(args) -> int:
    with open_project(args.project, args.coder) as project:
        if args.action == "on":
            blind.start_blind(project, args.coder)
        elif args.action == "off":
            blind.end_blind(project, args.coder)
        state = {"blind": blind.is_blind(project), "lead": blind.lead(project),
                 "events": [e.__dict__ for e in blind.blind_events()]}
        if args.json:
            print_json(state)
        elif state["blind"]:
            print(f"blind mode is on (lead: {state['lead']})")
        else:
            print("blind mode is off")
    return 0


def cmd_merge(args) -> int:
    with open_project(args.project, args.coder) as project:
        report = merge_project(project, args.other)
        if args.json:
            print_json(report.to_dict())
        else:
            print("\n".join(report.lines()))
    return 0


def cmd_log(args) -> int:
    with open_project(args.project) as project:
        entries = history(args.doc, args.code, args.limit)
        if args.json:
            print_json([e.to_dict() for e in entries])
            return 0
        rows = []
        for e in entries:
            tables = sorted({t for t, _, _ in e.rows})
            rows.append([e.at.isoformat(sep=" ", timespec="seconds"), e.coder or "", e.label,
                         f"{len(e.rows)} rows ({', '.join(tables)})"])
        print_table(["when (UTC)", "coder", "change", "rows"], rows)
    return 0


def cmd_verify(args) -> int:
    with open_project(args.project) as project:
        result = audit.verify()
        problems = list(result.problems) + [f"sqlite: {p}" for p in integrity_errors(project.db)]
        if args.json:
            print_json({"ok": not problems, "entries": result.entries, "problems": problems})
        elif problems:
            print(f"{project.path.name}: {len(problems)} problem(s) in {result.entries} audit entries")
            for problem in problems:
                print(f"  {problem}")
        else:
            print(f"{project.path.name}: intact ({result.entries} audit entries, chain and rows match)")
    return 0 if not problems else 1
