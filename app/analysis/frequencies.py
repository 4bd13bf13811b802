"""Code frequencies: segments, documents and coded characters per code, optionally by group.

Groups (``by``): ``document``, ``coder``, ``outlet``, ``year``, ``month`` or the name of
a document attribute. Characters are the characters a code covers in a document
(overlapping segments of one code counted once), summed over documents.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from app.analysis import data


@dataclass(frozen=True)
class FrequencyRow:
    code_id: int
    code: str  # path
    group: str | None
    segments: int
    documents: int
    characters: int
    segment_ids: tuple[int, ...] = ()

    def as_json(self) -> dict:
        out = {"code": self.code, "segments": self.segments, "documents": self.documents,
               "characters": self.characters, "segment_ids": list(self.segment_ids)}
        if self.group is not None:
            out = {"code": self.code, "group": self.group, **{k: v for k, v in out.items() if k != "code"}}
        return out


@dataclass
class FrequencyTable:
    by: str | None
    rows: list[FrequencyRow] = field(default_factory=list)

    HEADER = ("code", "segments", "documents", "characters")

    def header(self) -> list[str]:
        return ["code"] + ([self.by] if self.by else []) + ["segments", "documents", "characters"]

    def table(self) -> list[list]:
        return [[r.code] + ([r.group] if self.by else []) + [r.segments, r.documents, r.characters]
                for r in self.rows]

    def as_json(self) -> dict:
        return {"kind": "frequencies", "by": self.by, "rows": [r.as_json() for r in self.rows]}


def _group_of(by: str | None, coder_names: dict[int, str], docs: dict[int, data.DocInfo]):
    if by is None:
        return lambda seg: None
    if by == "document":
        return lambda seg: f"{docs[seg.document].title} #{seg.document}"
    if by == "coder":
        return lambda seg: coder_names[seg.coder]
    values = data.attribute_values(by)
    return lambda seg: values.get(seg.document, "(not set)")


def frequencies(project=None, by: str | None = None, coders: list[str] | None = None,
                include_empty: bool = True) -> FrequencyTable:
    """Frequencies of every code (tree order), per group when ``by`` is given."""
    coder_ids = data.scope_coders(project, coders)
    segs = data.segments(coder_ids)
    docs = data.documents()
    group_of = _group_of(by, data.coder_names(), docs)
    acc: dict[tuple[int, str | None], dict] = defaultdict(lambda: {"ids": [], "spans": defaultdict(list)})
    for seg in segs:
        entry = acc[(seg.code, group_of(seg))]
        entry["ids"].append(seg.id)
        entry["spans"][seg.document].append((seg.start, seg.end))
    table = FrequencyTable(by)
    groups_by_code: dict[int, list] = defaultdict(list)
    for (code_id, group) in acc:
        groups_by_code[code_id].append(group)
    for code_id, path in data.codes_in_tree_order():
        groups = sorted(groups_by_code.get(code_id, []), key=lambda g: (g is None, str(g)))
        if not groups and include_empty and by is None:
            table.rows.append(FrequencyRow(code_id, path, None, 0, 0, 0))
        for group in groups:
            entry = acc[(code_id, group)]
            chars = sum(data.union_length(spans) for spans in entry["spans"].values())
            table.rows.append(FrequencyRow(code_id, path, group, len(entry["ids"]), len(entry["spans"]), chars,
                                           tuple(entry["ids"])))
    return table
