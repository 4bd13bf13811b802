"""Agreement input from the project: documents, coders and segments as engine units.

Documents are named by title (``title #id`` when two share a title), codes by path,
coders by name. The consensus coder is left out unless asked for.

Which documents count for which coder (the missing-data rule), stated in every report:

* **done rule** (some compared coder marked a document done, ``chorus done``): a
  document is compared when every compared coder marked it done; there every one of
  them is listed, so a coder with no segment of a code there did not apply it (all
  characters "absent"): *no segment = not coded*, never missing. Documents not done by
  every compared coder are left out (listed, with who has not marked them done).
* **segment rule** (nobody compared marked anything done: older projects): a coder
  counts in a document only when they have a segment there, and is *missing*
  elsewhere, which can inflate agreement; the report says so.

By default the codes are those some compared coder applied in a compared document;
codebook codes nobody applied there are listed as unused (``--codes`` can include them).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from app.articles.documents import resolve_document
from app.coding.codebook import code_paths, descendants, resolve_code
from app.errors import InvalidOperation, NotFound
from app.team import assignments
from app.team.agreement import AgreementInput, AgreementReport, Unit, compute_agreement
from app.team.review.items import CONSENSUS
from db.models import Coder, Document, Segment

DONE_RULE = "done"
SEGMENT_RULE = "segments"


def _doc_names() -> dict[int, str]:
    rows = list(Document.select(Document.id, Document.title).order_by(Document.id).tuples())
    counts = Counter(title for _, title in rows)
    return {i: (t if counts[t] == 1 else f"{t} #{i}") for i, t in rows}


def selected_codes(paths: list[str] | None) -> list[str] | None:
    """Code paths (each with its sub-codes) as the engine's code names; None = all."""
    if paths is None:
        return None
    all_paths = code_paths()
    out: list[str] = []
    for ref in paths:
        code = resolve_code(ref)
        for c in [code, *descendants(code)]:
            if all_paths[c.id] not in out:
                out.append(all_paths[c.id])
    return out


@dataclass
class AgreementScope:
    """What was compared and why: the rule, the documents left out, the unused codes."""

    rule: str
    coders: list[str]
    documents: list[str]  # compared
    left_out: dict[str, list[str]] = field(default_factory=dict)  # document -> coders not done
    coders_not_compared: list[str] = field(default_factory=list)  # segments, nothing marked done
    unused_codes: list[str] = field(default_factory=list)
    pooled_codes: list[str] = field(default_factory=list)
    codes_chosen: bool = False
    segments_left_out: int = 0  # compared coders' segments in documents left out

    def to_dict(self) -> dict:
        return {"rule": self.rule, "rule_text": self.rule_lines(), "coders": list(self.coders),
                "documents_compared": list(self.documents),
                "documents_left_out": [{"document": d, "not_done_by": c} for d, c in self.left_out.items()],
                "coders_not_compared": list(self.coders_not_compared), "unused_codes": list(self.unused_codes),
                "pooled_codes": list(self.pooled_codes), "segments_left_out": self.segments_left_out}

    def rule_lines(self) -> list[str]:
        if self.rule == DONE_RULE:
            return [
                "Documents compared: those every compared coder marked done (chorus done). In a compared "
                "document a coder without a segment of a code did not apply it (every character 'absent'): "
                "no segment = not coded, never missing.",
            ]
        return [
            "No compared coder marked any document done, so the older rule applies: a coder counts in a "
            "document only when they have a segment there and is MISSING elsewhere, which can inflate "
            "agreement. Mark documents done (chorus done PROJECT --doc D --coder NAME, or Ctrl+D in the "
            "window) so that 'no segment' counts as 'not coded'.",
        ]

    def lines(self) -> list[str]:
        out = list(self.rule_lines())
        if self.left_out:
            parts = [f"{d} (not done by {', '.join(c)})" for d, c in self.left_out.items()]
            out.append(f"Left out, not done by every compared coder ({len(parts)}): " + "; ".join(parts))
            if self.segments_left_out:
                out.append(f"  ({self.segments_left_out} segments of the compared coders are in those documents)")
        if self.coders_not_compared:
            out.append("Not compared (segments but no document marked done): "
                       + ", ".join(self.coders_not_compared))
        pooled = ", ".join(self.pooled_codes) or "none"
        if self.codes_chosen:
            out.append(f"Pooled over the chosen codes ({len(self.pooled_codes)}): {pooled}")
        else:
            out.append(f"Pooled over the codes used by a compared coder ({len(self.pooled_codes)}): {pooled}")
        if self.unused_codes:
            tail = (" (pooled: they were chosen with --codes)" if self.codes_chosen
                    else " (not pooled; --codes PATH,... includes them)")
            out.append(f"Not used by any compared coder: {', '.join(self.unused_codes)}{tail}")
        return out


def _check_coders(coders: list[str]) -> None:
    known = {n for (n,) in Coder.select(Coder.name).tuples()}
    unknown = [c for c in coders if c not in known]
    if unknown:
        raise NotFound(f"no coder {', '.join(unknown)}")


def build_input(coders: list[str] | None = None, docs: list[str] | None = None,
                codes: list[str] | None = None) -> tuple[AgreementInput, AgreementScope]:
    """The engine's input for the documents in scope, and the scope that explains it."""
    names = _doc_names()
    lengths = dict(Document.select(Document.id, Document.char_count).order_by(Document.id).tuples())
    doc_ids = list(lengths) if docs is None else list(dict.fromkeys(resolve_document(d).id for d in docs))
    if coders is not None:
        _check_coders(coders)
    seg_query = (Segment.select(Segment.document, Coder.name, Segment.code, Segment.start, Segment.end)
                 .join(Coder, on=(Segment.coder == Coder.id)).where(Segment.document.in_(doc_ids)))
    if coders is not None:
        seg_query = seg_query.where(Coder.name.in_(coders))
    else:
        seg_query = seg_query.where(Coder.name != CONSENSUS)
    segments = list(seg_query.tuples().iterator())
    with_segments = sorted({c for _, c, *_ in segments})
    candidates = list(coders) if coders is not None else sorted(
        set(with_segments) | (set(assignments.coders_with_done()) - {CONSENSUS}))
    done = assignments.done_by_coder(candidates)
    in_scope = set(doc_ids)
    any_done = any(done[c] & in_scope for c in candidates)
    paths = code_paths()
    left_out: dict[str, list[str]] = {}
    not_compared: list[str] = []
    if any_done:
        rule = DONE_RULE
        compared_coders = candidates if coders is not None else [c for c in candidates if done[c] & in_scope]
        not_compared = [c for c in candidates if c not in compared_coders]
        listed: dict[int, list[str]] = {}
        for d in doc_ids:
            missing = [c for c in compared_coders if d not in done[c]]
            if missing:
                left_out[names[d]] = missing
                listed[d] = []
            else:
                listed[d] = sorted(compared_coders)
    else:
        rule = SEGMENT_RULE
        compared_coders = with_segments
        by_doc: dict[int, set[str]] = {}
        for doc_id, coder, *_ in segments:
            by_doc.setdefault(doc_id, set()).add(coder)
        listed = {d: sorted(by_doc.get(d, ())) for d in doc_ids}
    compared_set = set(compared_coders)
    units = []
    skipped = 0
    used: set[str] = set()
    for doc_id, coder, code_id, start, end in segments:
        if coder not in compared_set:
            continue
        if coder not in listed[doc_id]:
            skipped += 1
            continue
        units.append(Unit(names[doc_id], coder, paths[code_id], start, end))
        used.add(paths[code_id])
    chosen = selected_codes(codes)
    all_codes = sorted(paths.values())
    pooled = sorted(chosen) if chosen is not None else sorted(used)
    scope = AgreementScope(
        rule=rule, coders=sorted(compared_coders), documents=[names[d] for d in doc_ids if len(listed[d]) >= 2],
        left_out=left_out, coders_not_compared=not_compared,
        unused_codes=[c for c in (chosen if chosen is not None else all_codes) if c not in used],
        pooled_codes=pooled, codes_chosen=chosen is not None, segments_left_out=skipped)
    inp = AgreementInput(
        doc_lengths={names[d]: lengths[d] for d in doc_ids},
        coders_by_doc={names[d]: listed[d] for d in doc_ids},
        units=units,
    )
    return inp, scope


def project_agreement(coders: list[str] | None = None, codes: list[str] | None = None,
                      docs: list[str] | None = None, threshold: float = 0.9, *,
                      project=None) -> AgreementReport:
    """Agreement of the project's coding with the filters applied (paths include sub-codes).

    With ``project`` given, refused while blind mode is on (it compares everyone's coding).
    """
    if project is not None:
        from app.team import blind
        blind.require_not_blind(project, "agreement")
    inp, scope = build_input(coders, docs, codes)
    if len(scope.coders) < 2:
        found = ", ".join(scope.coders) or "none"
        raise InvalidOperation(f"agreement needs at least two coders with segments or done documents "
                               f"(found: {found})")
    if not scope.documents:
        if scope.rule == DONE_RULE:
            raise InvalidOperation(f"no document is marked done by every compared coder "
                                   f"({', '.join(scope.coders)}); see chorus assignments PROJECT")
    try:
        report = compute_agreement(inp, codes=selected_codes(codes), threshold=threshold)
    except ValueError as exc:
        raise InvalidOperation(str(exc)) from exc
    report.scope = {**scope.to_dict(), "lines": scope.lines()}
    return report
