"""Code x document and code x attribute matrices, every cell with its segments.

``value``: ``count`` (segments) or ``share`` (of the column's documents, the share that
has the code at least once; for code x document a cell's share is 1 or 0).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from app.analysis import data
from app.errors import InvalidOperation

VALUES = ("count", "share")


@dataclass
class Matrix:
    by: str  # "document" or an attribute name
    value: str
    codes: list[str]
    columns: list[str]
    cells: dict[tuple[str, str], float] = field(default_factory=dict)
    segments: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    column_documents: dict[str, int] = field(default_factory=dict)

    def table(self) -> list[list]:
        rows = [["code", *self.columns]]
        for code in self.codes:
            rows.append([code, *[self.cells.get((code, col), 0) for col in self.columns]])
        return rows

    def as_json(self) -> dict:
        return {"kind": "matrix", "by": self.by, "value": self.value, "codes": self.codes, "columns": self.columns,
                "column_documents": self.column_documents,
                "cells": [{"code": code, "column": col, "value": self.cells.get((code, col), 0),
                           "segment_ids": self.segments.get((code, col), [])}
                          for code in self.codes for col in self.columns if (code, col) in self.segments]}


def matrix(project=None, by: str = "document", value: str = "count", coders: list[str] | None = None) -> Matrix:
    if value not in VALUES:
        raise InvalidOperation(f"unknown matrix value {value!r} (count or share)")
    tree = data.codes_in_tree_order()
    path = dict(tree)
    docs = data.documents()
    if by == "document":
        column_of = {d: f"{info.title} #{d}" for d, info in docs.items()}
        columns = [column_of[d] for d in docs]
    else:
        column_of = data.attribute_values(by)
        columns = sorted(set(column_of.values()), key=lambda v: (v.startswith("("), v))
    docs_per_column: dict[str, int] = defaultdict(int)
    for d in docs:
        docs_per_column[column_of[d]] += 1
    seg_ids: dict[tuple[str, str], list[int]] = defaultdict(list)
    docs_with: dict[tuple[str, str], set[int]] = defaultdict(set)
    for s in data.segments(data.scope_coders(project, coders)):
        key = (path[s.code], column_of[s.document])
        seg_ids[key].append(s.id)
        docs_with[key].add(s.document)
    result = Matrix(by, value, [p for _, p in tree], columns, column_documents=dict(docs_per_column))
    for key, ids in seg_ids.items():
        result.segments[key] = ids
        if value == "count":
            result.cells[key] = len(ids)
        else:
            result.cells[key] = round(len(docs_with[key]) / docs_per_column[key[1]], 4)
    return result
