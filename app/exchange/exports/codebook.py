"""The codebook table: one row per code in tree order, with counts."""
from __future__ import annotations

from peewee import fn

from app.exchange.exports.common import Selection
from app.coding.queries import CodeRow, code_rows
from db.models import Segment

COLUMNS = ["code_id", "path", "parent", "name", "colour", "definition", "when_to_use", "when_not_to_use",
           "example", "description", "segments", "documents", "coders"]


def codebook_entries(selection: Selection) -> list[tuple[CodeRow, str, tuple[int, int, int]]]:
    """(code, parent path, (segments, documents, coders)) in tree order.

    Counts respect the coder and document filters (and blind mode); the code filter
    selects which codes are listed.
    """
    codes = code_rows()
    stats_query = Segment.select(
        Segment.code, fn.COUNT(Segment.id), fn.COUNT(Segment.document.distinct()),
        fn.COUNT(Segment.coder.distinct()),
    ).group_by(Segment.code)
    if selection.coder_ids is not None:
        stats_query = stats_query.where(Segment.coder.in_(selection.coder_ids))
    if selection.document_ids is not None:
        stats_query = stats_query.where(Segment.document.in_(selection.document_ids))
    stats = {row[0]: tuple(row[1:]) for row in stats_query.tuples()}
    paths = {c.id: c.path for c in codes}
    if selection.code_ids is not None:
        wanted = set(selection.code_ids)
        codes = [c for c in codes if c.id in wanted]
    return [(c, paths.get(c.parent_id, "") if c.parent_id else "", stats.get(c.id, (0, 0, 0))) for c in codes]


def codebook_table(selection: Selection) -> tuple[list[str], list[list]]:
    rows = [
        [c.uuid, c.path, parent, c.name, c.colour, c.definition, c.when_to_use, c.when_not_to_use,
         c.example, c.description, *counts]
        for c, parent, counts in codebook_entries(selection)
    ]
    return list(COLUMNS), rows
