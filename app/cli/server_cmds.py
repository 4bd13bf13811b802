"""Team-server commands: ``chorus server init | add-coder | push | pull``.

A server project is a PostgreSQL database; every other command takes its address,
``postgresql://NAME:PASSWORD@HOST[:PORT]/DATABASE``, where a file would go, and the
login is the coder (``--coder`` naming anyone else is refused). ``init`` and
``add-coder`` need an administrator's address (a superuser, or a role with CREATEDB
and CREATEROLE); see the README, "Team server".
"""
from __future__ import annotations

from pathlib import Path

from app.cli.common import clean, print_json
from app.team import server


def register(sub) -> None:
    p = sub.add_parser("server", help="a project on a PostgreSQL team server (init, add-coder, push, pull)",
                       description="Run a project on a PostgreSQL server, coded by the whole team at once. "
                                   "Roles and blind coding are enforced by the database.")
    cmds = p.add_subparsers(dest="server_command", metavar="SUBCOMMAND")

    q = cmds.add_parser("init", help="create the project database, its schema and roles, and the lead's login",
                        description="URL is an administrator's connection to the server, naming the project's "
                                    "database (created if missing). Safe to run again (upgrades the schema).")
    q.add_argument("url", metavar="URL", help="postgresql://ADMIN:PW@HOST[:PORT]/DATABASE")
    q.add_argument("--lead", required=True, metavar="NAME", help="the lead's login (created if missing)")
    q.add_argument("--password", metavar="PW", help="the lead's password (default: generated, printed once)")
    q.set_defaults(func=cmd_init)

    q = cmds.add_parser("add-coder", help="give a teammate a login in one of the project's roles",
                        description="Roles: lead (everything, ends blind mode, adjudicates), editor (codes and "
                                    "edits the codebook), coder (codes: own segments and memos only), viewer "
                                    "(reads). Run again to change a login's role.")
    q.add_argument("url", metavar="URL", help="an administrator's postgresql:// address of the project")
    q.add_argument("name", metavar="NAME", help="the login, which is the coder's name in the project")
    q.add_argument("--role", choices=server.ROLES, default="coder")
    q.add_argument("--password", metavar="PW", help="their password (default: generated, printed once)")
    q.set_defaults(func=cmd_add_coder)

    q = cmds.add_parser("push", help="upload a project file into a new server project",
                        description="Copies every row and the audit log (the chain stays the file's). The "
                                    "server database must be empty or new. Then add the file's coders "
                                    "with add-coder, under the same names.")
    q.add_argument("project", type=Path, metavar="PROJECT.chorus")
    q.add_argument("url", metavar="URL", help="an administrator's postgresql:// address")
    q.set_defaults(func=cmd_push)

    q = cmds.add_parser("pull", help="copy a server project (or some documents) to a new file",
                        description="For archiving, offline work and exchange. What your login may read is "
                                    "copied (in blind mode: your own segments). Bring offline coding back "
                                    "with 'chorus merge URL OUT.chorus'.")
    q.add_argument("url", metavar="URL", help="postgresql://NAME:PW@HOST/DATABASE")
    q.add_argument("out", type=Path, metavar="OUT.chorus")
    q.add_argument("--doc", action="append", metavar="TITLE_OR_ID",
                   help="only this document, with its coding (repeat for a document set)")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_pull)
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])


def cmd_init(args) -> int:
    report = server.init_server(args.url, args.lead, args.password)
    for line in report.lines():
        print(clean(line))
    print(f"the lead opens: {clean(server.coder_url(args.url, args.lead, None))} "
          f"(with ':PASSWORD' after the name)")
    return 0


def cmd_add_coder(args) -> int:
    created, generated = server.add_coder(args.url, args.name, args.role, args.password)
    state = "created" if created else "updated"
    print(f"{state} login {clean(args.name)} as {args.role}")
    if generated:
        print(f"password for {clean(args.name)}: {generated}   (shown once; keep it safe)")
    print(f"they open: {clean(server.coder_url(args.url, args.name, None))} (with ':PASSWORD' after the name)")
    return 0


def cmd_push(args) -> int:
    counts = server.push(args.project, args.url)
    what = ", ".join(f"{n} {t}" for t, n in counts.items() if n)
    print(f"pushed {clean(args.project.name)}: {clean(what) or 'an empty project'}")
    return 0


def cmd_pull(args) -> int:
    report = server.pull(args.url, args.out, args.doc)
    if args.json:
        print_json({"source": report.source, "file": str(report.target), "complete": report.complete,
                    "counts": report.counts})
    else:
        for line in report.lines():
            print(clean(line))
    return 0


def print_verify(project, args) -> int:
    """``chorus verify URL``: the login's view of the chain (see server.verify)."""
    checked = server.verify(project, anchor=args.anchor)
    result = checked.result
    problems = list(result.problems)
    if args.json:
        print_json({"ok": not problems, "entries": result.entries, "head": result.head,
                    "anchor_found": result.anchor_found, "damaged": False, "problems": problems,
                    "scope": checked.scope, "hidden_entries": checked.hidden})
        return 0 if not problems else 1
    name = clean(project.name)
    if problems:
        print(f"{name}: {len(problems)} problem(s) in {result.entries} audit entries")
        for problem in problems:
            print(f"  {clean(problem)}")
    else:
        anchored = " and the anchor is in the chain" if result.anchor_found else ""
        what = "chain and rows match" if checked.scope == "complete" else "chain links and your rows match"
        print(f"{name}: intact ({result.entries} audit entries, {what}{anchored})")
    for line in checked.lines(name):
        print(clean(line))
    print(f"head: {result.entries} entries, last {result.head}")
    return 0 if not problems else 1
