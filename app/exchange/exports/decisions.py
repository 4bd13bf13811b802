"""Adjudication decisions as exports: the decisions table, and the pieces other exports use.

* ``decisions_table(selection)``: one row per decision (CSV / XLSX): its id, document,
  code, outcome, rationale (markdown), who decided and when, the consensus segment
  (id, bounds, exact text) and its source segments (which coder's segment, bounds, code).
* ``consensus_decisions(segment_uuids)``: decision id, outcome and rationale per
  consensus segment (the segments export adds them as columns).
* ``rationales_by_code()``: the rationales per code id (the codebook document lists them
  under each code).
* ``decision_notes()``: one REFI-QDA Note per decision, keyed by the consensus segment it
  explains (the .qdpx export links them from the consensus selections).

Decisions are the lead's record after blind mode: while blind mode is on, every export
of them is refused (or left out of the .qdpx).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.coding.codebook import code_paths
from app.exchange.exports.common import ExportError, Selection, iso_utc
from db.models import Code, Decision, DecisionSource, Document, ProjectSetting, Segment

COLUMNS = ["decision_id", "document_id", "document_title", "code_path", "code_id", "outcome", "rationale",
           "decided_by", "decided_at", "consensus_segment_id", "consensus_start", "consensus_end",
           "consensus_text", "source_count", "source_segment_ids", "sources"]


@dataclass(frozen=True)
class DecisionNote:
    guid: str
    name: str
    body: str
    decided_at: datetime | None


def _decisions(selection: Selection | None):
    query = Decision.select().order_by(Decision.decided_at, Decision.id)
    if selection is not None:
        if selection.document_ids is not None:
            query = query.where(Decision.document.in_(selection.document_ids))
        if selection.code_ids is not None:
            query = query.where(Decision.code.in_(selection.code_ids))
    return list(query)


def _sources(decision_ids: list[int]) -> dict[int, list[DecisionSource]]:
    out: dict[int, list[DecisionSource]] = {}
    query = (DecisionSource.select().where(DecisionSource.decision.in_(decision_ids))
             .order_by(DecisionSource.coder_name, DecisionSource.start, DecisionSource.id))
    for src in query:
        out.setdefault(src.decision_id, []).append(src)
    return out


def _path_by_uuid() -> dict[str, str]:
    paths = code_paths()
    return {u: paths[i] for i, u in Code.select(Code.id, Code.uuid).tuples() if i in paths}


def decisions_table(selection: Selection, blind_on: bool = False) -> tuple[list[str], list[list]]:
    """The decisions (filtered by document and code; coders do not apply)."""
    if blind_on:
        raise ExportError("blind mode is on: decisions are exported after the lead ends it")
    decisions = _decisions(selection)
    sources = _sources([d.id for d in decisions])
    docs = {i: (u, t, text) for i, u, t, text in
            Document.select(Document.id, Document.uuid, Document.title, Document.text).tuples()}
    paths = code_paths()
    code_uuid = dict(Code.select(Code.id, Code.uuid).tuples())
    by_uuid = _path_by_uuid()
    consensus = {s.uuid: s for s in Segment.select().where(
        Segment.uuid.in_([d.consensus_segment_uuid for d in decisions if d.consensus_segment_uuid]))}
    rows = []
    for d in decisions:
        doc_uuid, title, text = docs.get(d.document, ("", "(deleted document)", ""))
        seg = consensus.get(d.consensus_segment_uuid) if d.consensus_segment_uuid else None
        srcs = sources.get(d.id, [])
        described = "; ".join(f"{s.coder_name} [{s.start}:{s.end}] {by_uuid.get(s.code_uuid or '', '(code gone)')}"
                              for s in srcs)
        rows.append([
            d.uuid, doc_uuid, title, paths.get(d.code, "") if d.code else "", code_uuid.get(d.code, "") if d.code else "",
            d.outcome, d.rationale, d.decided_by, iso_utc(d.decided_at), d.consensus_segment_uuid or "",
            seg.start if seg is not None else None, seg.end if seg is not None else None,
            text[seg.start:seg.end] if seg is not None else "", len(srcs),
            "|".join(s.segment_uuid for s in srcs), described,
        ])
    return list(COLUMNS), rows


def consensus_decisions(segment_uuids: list[str]) -> dict[str, tuple[str, str, str]]:
    """(decision id, outcome, rationale) per consensus segment uuid (the newest decision)."""
    out: dict[str, tuple[str, str, str]] = {}
    wanted = list(dict.fromkeys(segment_uuids))
    for i in range(0, len(wanted), 500):
        query = (Decision.select(Decision.consensus_segment_uuid, Decision.uuid, Decision.outcome, Decision.rationale)
                 .where(Decision.consensus_segment_uuid.in_(wanted[i:i + 500]))
                 .order_by(Decision.decided_at, Decision.id).tuples())
        for seg_uuid, uuid, outcome, rationale in query:
            out[seg_uuid] = (uuid, outcome, rationale)
    return out


def blind_on() -> bool:
    """Blind mode, read from the open project's settings (as app.team.blind stores it)."""
    row = ProjectSetting.get_or_none(ProjectSetting.key == "blind_mode")
    return row is not None and row.value == "on"


def rationales_by_code() -> dict[int, list[tuple[str, str, str, str]]]:
    """Per code id: (outcome, decided_by, decided_at ISO, rationale) of its decisions with a rationale.

    Empty while blind mode is on."""
    out: dict[int, list[tuple[str, str, str, str]]] = {}
    if blind_on():
        return out
    query = Decision.select().where(Decision.code.is_null(False)).order_by(Decision.decided_at, Decision.id)
    for d in query:
        if (d.rationale or "").strip():
            out.setdefault(d.code, []).append((d.outcome, d.decided_by, iso_utc(d.decided_at), d.rationale.strip()))
    return out


def decision_notes() -> dict[str, list[DecisionNote]]:
    """Per consensus segment uuid: the Notes explaining it (rationale and provenance).

    Empty while blind mode is on."""
    if blind_on():
        return {}
    decisions = [d for d in _decisions(None) if d.consensus_segment_uuid]
    sources = _sources([d.id for d in decisions])
    paths = code_paths()
    by_uuid = _path_by_uuid()
    out: dict[str, list[DecisionNote]] = {}
    for d in decisions:
        lines = [d.rationale.strip()] if (d.rationale or "").strip() else []
        lines.append(f"Decision {d.uuid}: {d.outcome} by {d.decided_by} at {iso_utc(d.decided_at)}"
                     + (f", code {paths[d.code]}" if d.code in paths else ""))
        for s in sources.get(d.id, []):
            lines.append(f"Source: {s.coder_name} [{s.start}:{s.end}] "
                         f"{by_uuid.get(s.code_uuid or '', '(code gone)')} (segment {s.segment_uuid})")
        name = f"Decision: {d.outcome}" + (f" ({paths[d.code]})" if d.code in paths else "")
        out.setdefault(d.consensus_segment_uuid, []).append(
            DecisionNote(d.uuid, name[:200], "\n".join(lines), d.decided_at))
    return out
