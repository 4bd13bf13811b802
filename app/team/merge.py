"""Merging a teammate's project file into the open project.

Rules (see the README, "Merging a teammate's project"):
- documents are matched by their text's SHA-256, never by title; a document with the
  same UUID but a different text is reported and its segments are skipped (never
  re-anchored); other new documents come in with their attributes;
- codes are matched by UUID, then by path; missing codes are created under their
  (matched) parent; a UUID whose path differs here is reported (ours is kept);
- coders are matched by UUID; a new coder whose name is taken here is a clash: it is
  reported and comes in as "name (2)";
- segments are matched by UUID (already present: skipped), and a segment identical in
  document, code, coder and bounds to one here is skipped too. Merging the same file
  twice adds nothing.
The whole merge is one change (one undo). The other file is only ever read.
"""
from __future__ import annotations

import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from app.exchange import refi
from app.changes import ChangeRecorder
from app.coding.codebook import code_paths
from app.coding.codepaths import join_path
from app.errors import InvalidOperation
from app.project import Project
from app.team.assignments import merge_assignments
from app.team.review.merge_source import OtherProject, read_project
from db.models import Code, Coder, Document, DocumentAttribute, Segment

CODE_FIELDS = ("name", "colour", "description", "definition", "when_to_use", "when_not_to_use", "example",
               "sort_order", "created_at", "modified_at")
DOC_FIELDS = ("title", "source", "author", "published", "url", "import_path", "text", "text_sha256",
              "char_count", "imported_at", "memo")


@dataclass
class MergeReport:
    source: str
    documents_added: list[str] = field(default_factory=list)
    documents_matched: int = 0
    codes_added: list[str] = field(default_factory=list)
    codes_by_path: list[str] = field(default_factory=list)  # another UUID, same path: merged into ours
    coders_added: list[str] = field(default_factory=list)
    segments_added: Counter = field(default_factory=Counter)  # by coder name (as stored here)
    segments_present: int = 0  # same UUID already here
    segments_duplicate: int = 0  # same document, code, coder and bounds under another UUID
    clashes: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # segments not merged, with the reason
    done_marks_added: int = 0  # coding assignments and done marks taken over (app.team.assignments)
    source_head: tuple[int, str] | None = None  # the other project's audit head, as merged (SAFETY)

    @property
    def added(self) -> int:
        return sum(self.segments_added.values())

    def summary(self) -> str:
        parts = [f"{self.added} segment{'s' if self.added != 1 else ''} added",
                 f"{len(self.documents_added)} documents added", f"{len(self.codes_added)} codes added",
                 f"{len(self.coders_added)} coders added", f"{self.segments_present} already present"]
        if self.segments_duplicate:
            parts.append(f"{self.segments_duplicate} duplicates skipped")
        if self.clashes:
            parts.append(f"{len(self.clashes)} clashes")
        if self.skipped:
            parts.append(f"{len(self.skipped)} segments skipped")
        return f"Merged {self.source}: " + ", ".join(parts)

    def lines(self) -> list[str]:
        out = [self.summary()]
        out += [f"document added: {t}" for t in self.documents_added]
        out += [f"code added: {p}" for p in self.codes_added]
        out += [f"code matched by path (another UUID here): {p}" for p in self.codes_by_path]
        out += [f"coder added: {c}" for c in self.coders_added]
        out += [f"segments added for {c}: {n}" for c, n in sorted(self.segments_added.items())]
        if self.done_marks_added:
            out.append(f"done marks and assignments added: {self.done_marks_added}")
        out += [f"clash: {c}" for c in self.clashes]
        out += [f"skipped: {s}" for s in self.skipped]
        if self.source_head is not None:
            out.append(f"merged from audit head: {self.source_head[0]} entries, last {self.source_head[1]}")
        return out

    def to_dict(self) -> dict:
        return {"source": self.source, "documents_added": self.documents_added,
                "documents_matched": self.documents_matched, "codes_added": self.codes_added,
                "codes_by_path": self.codes_by_path,
                "coders_added": self.coders_added, "segments_added": dict(self.segments_added),
                "segments_present": self.segments_present, "segments_duplicate": self.segments_duplicate,
                "clashes": self.clashes, "skipped": self.skipped, "done_marks_added": self.done_marks_added,
                "source_head": None if self.source_head is None else
                {"audit_entries": self.source_head[0], "audit_head": self.source_head[1]}}


def merge_project(project: Project, other_path: Path | str) -> MergeReport:
    """Merge the project file (or REFI-QDA .qdpx project) at ``other_path`` into ``project``."""
    other_path = Path(other_path)
    if other_path.exists() and other_path.resolve() == project.path.resolve():
        raise InvalidOperation(f"{other_path.name}: cannot merge a project into itself")
    if other_path.is_file() and refi.sniff(other_path) == "qdpx":
        return _merge_qdpx(project, other_path)
    project.activate()
    other = read_project(other_path)
    project.activate()
    return merge_rows(project, other, other_path.name)


def _merge_qdpx(project: Project, path: Path) -> MergeReport:
    importer = getattr(refi, "import_exchange_file", None)
    if importer is None:
        raise InvalidOperation(f"{path.name}: REFI-QDA import is not available in this Chorus")
    with tempfile.TemporaryDirectory(prefix="chorus-merge-") as folder:
        temp = Project.create(Path(folder) / "import.chorus", coder_name=project.coder_name)
        try:
            importer(temp, path)
        finally:
            temp.close()
            project.activate()
        other = read_project(Path(folder) / "import.chorus")
    project.activate()
    return merge_rows(project, other, path.name)


def merge_rows(project: Project, other: OtherProject, source: str) -> MergeReport:
    report = MergeReport(source, source_head=other.head)
    head = f" (its audit head {other.head[1][:16]}, {other.head[0]} entries)" if other.head else ""
    with project.change(f"Merge {source}{head}") as rec:
        doc_map, differs = _merge_documents(rec, other, report)
        code_map = _merge_codes(rec, other, report)
        rows = _segment_rows(other, doc_map, differs, code_map, report)
        coder_map = _merge_coders(rec, other, {r["coder"] for r in rows} | {a["coder"] for a in other.assignments},
                                  report)
        names = dict(Coder.select(Coder.id, Coder.name).tuples())
        keys = set(Segment.select(Segment.document, Segment.code, Segment.coder, Segment.start, Segment.end)
                   .where(Segment.coder.in_(list(set(coder_map.values())))).tuples()) if rows else set()
        new_rows = []
        for row in rows:
            row["coder"] = coder_map[row["coder"]]
            key = (row["document"], row["code"], row["coder"], row["start"], row["end"])
            if key in keys:
                report.segments_duplicate += 1
                continue
            keys.add(key)
            new_rows.append(row)
            report.segments_added[names[row["coder"]]] += 1
        rec.bulk_insert(Segment, new_rows)
        report.done_marks_added = merge_assignments(rec, other.assignments, doc_map, coder_map)
    return report


def _merge_documents(rec: ChangeRecorder, other: OtherProject, report: MergeReport):
    by_hash: dict[str, list[tuple[int, str]]] = {}
    by_uuid: dict[str, int] = {}
    for doc_id, uuid, sha in Document.select(Document.id, Document.uuid, Document.text_sha256).tuples():
        by_hash.setdefault(sha, []).append((doc_id, uuid))
        by_uuid[uuid] = doc_id
    attributes: dict[int, list[dict]] = {}
    for attr in other.attributes:
        attributes.setdefault(attr["document"], []).append(attr)
    doc_map: dict[int, int] = {}
    differs: dict[int, str] = {}
    for doc in other.documents:
        if not doc["text_ok"]:
            differs[doc["id"]] = f"document '{doc['title']}': its text does not match its hash in {report.source}"
            report.clashes.append(differs[doc["id"]])
            continue
        here = by_hash.get(doc["text_sha256"])
        if here:
            same = [d for d, u in here if u == doc["uuid"]]
            doc_map[doc["id"]] = same[0] if same else here[0][0]
            report.documents_matched += 1
        elif doc["uuid"] in by_uuid:
            differs[doc["id"]] = f"document '{doc['title']}' ({doc['uuid']}) has a different text here"
            report.clashes.append(differs[doc["id"]])
        else:
            new = rec.insert(Document, uuid=doc["uuid"], **{f: doc[f] for f in DOC_FIELDS})
            doc_map[doc["id"]] = new.id
            by_hash.setdefault(new.text_sha256, []).append((new.id, new.uuid))
            by_uuid[new.uuid] = new.id
            report.documents_added.append(doc["title"])
            for attr in attributes.get(doc["id"], []):
                extra = {} if DocumentAttribute.get_or_none(DocumentAttribute.uuid == attr["uuid"]) else {
                    "uuid": attr["uuid"]}
                rec.insert(DocumentAttribute, document=new.id, name=attr["name"], value_type=attr["value_type"],
                           value=attr["value"], **extra)
    return doc_map, differs


def _merge_codes(rec: ChangeRecorder, other: OtherProject, report: MergeReport) -> dict[int, int]:
    paths = code_paths()
    by_uuid = dict(Code.select(Code.uuid, Code.id).tuples())
    by_path = {p: cid for cid, p in paths.items()}
    other_names = {c["id"]: c for c in other.codes}

    def other_path(code: dict) -> str:
        chain, seen = [], set()
        while code is not None and code["id"] not in seen:
            seen.add(code["id"])
            chain.append(code["name"])
            code = other_names.get(code["parent"])
        return join_path(list(reversed(chain)))

    code_map: dict[int, int] = {}
    for code in other.codes:
        theirs = other_path(code)
        if code["uuid"] in by_uuid:
            cid = by_uuid[code["uuid"]]
            if paths[cid] != theirs:
                report.clashes.append(f"code '{theirs}' in {report.source} is '{paths[cid]}' here (same UUID): "
                                      f"kept '{paths[cid]}'")
            code_map[code["id"]] = cid
            continue
        parent_id = code_map.get(code["parent"]) if code["parent"] is not None else None
        own_name = join_path([code["name"]])
        ours = f"{paths[parent_id]}/{own_name}" if parent_id is not None else own_name
        if ours in by_path:
            code_map[code["id"]] = by_path[ours]
            report.codes_by_path.append(ours)
            continue
        new = rec.insert(Code, uuid=code["uuid"], parent=parent_id, **{f: code[f] for f in CODE_FIELDS})
        code_map[code["id"]] = new.id
        paths[new.id] = ours
        by_path[ours] = new.id
        by_uuid[new.uuid] = new.id
        report.codes_added.append(ours)
    return code_map


def _segment_rows(other: OtherProject, doc_map, differs, code_map, report: MergeReport) -> list[dict]:
    present = {u for (u,) in Segment.select(Segment.uuid).tuples().iterator()}
    lengths = dict(Document.select(Document.id, Document.char_count).tuples())
    titles = {d["id"]: d["title"] for d in other.documents}
    rows = []
    for seg in other.segments:
        if seg["uuid"] in present:
            report.segments_present += 1
            continue
        where = f"segment {seg['uuid']} in '{titles.get(seg['document'], '?')}' [{seg['start']}:{seg['end']}]"
        doc_id = doc_map.get(seg["document"])
        if doc_id is None:
            reason = "the document's text differs" if seg["document"] in differs else "its document is missing"
            report.skipped.append(f"{where}: {reason}")
            continue
        if not (0 <= seg["start"] < seg["end"] <= lengths[doc_id]):
            report.skipped.append(f"{where}: outside the document")
            continue
        rows.append({"uuid": seg["uuid"], "document": doc_id, "code": code_map[seg["code"]],
                     "coder": seg["coder"], "start": seg["start"], "end": seg["end"], "memo": seg["memo"] or "",
                     "created_at": seg["created_at"], "modified_at": seg["modified_at"]})
    return rows


def _merge_coders(rec: ChangeRecorder, other: OtherProject, needed: set[int], report: MergeReport) -> dict[int, int]:
    by_uuid = dict(Coder.select(Coder.uuid, Coder.id).tuples())
    names = {n for (n,) in Coder.select(Coder.name).tuples()}
    coder_map: dict[int, int] = {}
    for coder in other.coders:
        if coder["id"] not in needed:
            continue
        if coder["uuid"] in by_uuid:
            coder_map[coder["id"]] = by_uuid[coder["uuid"]]
            continue
        name = coder["name"]
        if name in names:
            n = 2
            while f"{name} ({n})" in names:
                n += 1
            report.clashes.append(f"coder '{name}' in {report.source} is another person than '{name}' here "
                                  f"(different UUID): merged as '{name} ({n})'")
            name = f"{name} ({n})"
        new = rec.insert(Coder, uuid=coder["uuid"], name=name, colour=coder["colour"],
                         created_at=coder["created_at"])
        names.add(name)
        coder_map[coder["id"]] = new.id
        report.coders_added.append(name)
    return coder_map
