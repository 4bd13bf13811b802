"""Team review commands: blind, merge, agreement, review/resolve, log and verify."""
from __future__ import annotations

from pathlib import Path

from app import audit
from app.cli import server_cmds
from app.team import server
from app.team import assignments, blind
from app.cli import adjudicate_cmds, agreement_cmd
from app.cli.common import add_project_arg, clean, open_project, print_json, print_table
from app.team.merge import merge_project
from app.team.review.history import history
from db.backend import STORE_ERRORS
from db.connection import describe_store_error
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

    p = sub.add_parser("lead", help="name the team lead (who adjudicates), or show who it is",
                       description="Adjudication (resolve, accept-unanimous) is the lead's. Starting blind mode "
                                   "names its lead too. Once there is a lead, only the lead can name another.")
    add_project_arg(p)
    p.add_argument("name", nargs="?", metavar="NAME", help="the new lead (omit to show the current one)")
    p.add_argument("--coder", help="who names them (default: your coder name)")
    p.set_defaults(func=cmd_lead)

    p = sub.add_parser("done", help="mark a document done for a coder (read, coded what applies)",
                       description="Agreement compares the documents every compared coder marked done; there a "
                                   "coder without a segment counts as 'not coded' (never missing).")
    add_project_arg(p)
    p.add_argument("--doc", required=True, action="append", metavar="TITLE_OR_ID", help="repeatable")
    p.add_argument("--coder", help="whose mark (default: your coder name)")
    p.add_argument("--undo", "--not-done", dest="undo", action="store_true", help="take the done mark off")
    p.set_defaults(func=cmd_done)

    p = sub.add_parser("assign", help="assign documents to a coder (default: every document)")
    add_project_arg(p)
    p.add_argument("--coder", required=True, help="the coder")
    p.add_argument("--doc", action="append", metavar="TITLE_OR_ID", help="repeatable")
    how = p.add_mutually_exclusive_group()
    how.add_argument("--remove", action="store_true", help="take these documents off the coder's set")
    how.add_argument("--all", dest="everything", action="store_true", help="back to every document")
    p.add_argument("--as", dest="as_coder", metavar="NAME", help="who you are (recorded in the audit log)")
    p.set_defaults(func=cmd_assign)

    p = sub.add_parser("assignments", help="who is assigned which documents and which are done")
    add_project_arg(p)
    p.add_argument("--coder", action="append", metavar="NAME", help="only this coder; repeatable")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_assignments)

    agreement_cmd.register(sub)
    adjudicate_cmds.register(sub)

    p = sub.add_parser("log", help="the audit trail (per document and/or code)")
    add_project_arg(p)
    p.add_argument("--doc", metavar="TITLE_OR_ID")
    p.add_argument("--code", metavar="PATH")
    p.add_argument("--limit", type=int, default=None, metavar="N", help="only the last N changes")
    p.add_argument("--as", dest="as_coder", metavar="NAME", help="who you are (blind mode: only your own work)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_log)

    p = sub.add_parser(
        "verify", help="check the audit chain and the file's integrity (exit 1 on problems)",
        description="Check SQLite's integrity, the audit log's hash chain, and that replaying the log "
                    "gives exactly the live rows and settings. Prints the head (entry count and the last "
                    "entry's hash): keep it, and pass it back with --anchor to detect a log cut short or "
                    "re-hashed since. Exit 0 intact, 1 problems found, 4 the file is damaged.")
    add_project_arg(p)
    p.add_argument("--json", action="store_true")
    p.add_argument("--anchor", metavar="HASH",
                   help="fail unless the chain still contains this entry (a head printed earlier; 12+ characters)")
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


def cmd_lead(args) -> int:
    with open_project(args.project, args.coder) as project:
        if args.name:
            blind.name_lead(project, args.name, args.coder)
        current = blind.project_lead()
        print(f"lead: {current}" if current else "no lead is named (chorus lead PROJECT NAME)")
    return 0


def cmd_done(args) -> int:
    with open_project(args.project, args.coder) as project:
        who = args.coder or project.coder_name
        n = assignments.mark_done(project, args.doc, args.coder, done=not args.undo)
        state = "not done" if args.undo else "done"
        print(f"{who}: {len(args.doc)} document{'s' if len(args.doc) != 1 else ''} {state} "
              f"({n} changed)")
    return 0


def cmd_assign(args) -> int:
    with open_project(args.project, args.as_coder) as project:
        n = assignments.assign(project, args.coder, args.doc, remove=args.remove, everything=args.everything)
        rows = [r for r in assignments.status([args.coder])]
        print(f"{args.coder}: {len(rows)} documents assigned, {sum(r.done for r in rows)} done ({n} changed)")
    return 0


def cmd_assignments(args) -> int:
    with open_project(args.project) as project:
        rows = assignments.status(args.coder)
        if args.json:
            print_json([r.to_dict() for r in rows])
            return 0
        print_table(["coder", "id", "document", "done"],
                    [[r.coder, r.document_id, r.document_title,
                      r.done_at.isoformat(sep=" ", timespec="seconds") if r.done else ""] for r in rows])
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
    with open_project(args.project, getattr(args, "as_coder", None)) as project:
        # blind mode: only your own work is shown (AGREEMENT)
        entries = history(args.doc, args.code, args.limit, blind.visible_coder_ids(project))
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
        if server.is_server(project):  # SERVER: what this login can check (app/team/server.py)
            return server_cmds.print_verify(project, args)
        damaged = list(project.damage)
        try:
            damaged += integrity_errors(project.db)
        except STORE_ERRORS as exc:
            damaged.append(str(exc))
        problems = [f"sqlite: {p}" for p in dict.fromkeys(damaged)]
        try:
            result = audit.verify(anchor=args.anchor)
        except STORE_ERRORS as exc:
            result = audit.VerifyResult()
            problems.append(f"the audit log cannot be read: {describe_store_error(exc)}")
        problems = list(result.problems) + problems
        count, head = result.entries, result.head
        if args.json:
            print_json({"ok": not problems, "entries": count, "head": head, "anchor_found": result.anchor_found,
                        "damaged": bool(damaged), "problems": problems})
        elif problems:
            print(f"{clean(project.name)}: {len(problems)} problem(s) in {count} audit entries")
            for problem in problems:
                print(f"  {clean(problem)}")
            print(f"head: {count} entries, last {head}")
        else:
            anchored = " and the anchor is in the chain" if result.anchor_found else ""
            print(f"{clean(project.name)}: intact ({count} audit entries, chain and rows match{anchored})")
            print(f"head: {count} entries, last {head}")
    if damaged:
        return 4
    return 0 if not problems else 1
