"""What the Review window draws for one document: a lane per coder (consensus first)."""
from __future__ import annotations

from dataclasses import dataclass

from app.coding.codebook import code_paths
from app.articles.documents import resolve_document
from app.team.review.items import CONSENSUS, document_coders
from db.models import Code, Coder, Document, Segment


@dataclass(frozen=True)
class LaneSegment:
    start: int
    end: int
    code_path: str
    colour: str


@dataclass(frozen=True)
class Lane:
    coder: str
    colour: str
    segments: list[LaneSegment]


@dataclass(frozen=True)
class DocumentView:
    id: int
    title: str
    text: str
    lanes: list[Lane]  # consensus first, then the coders under review by name


def document_view(document: Document | str | int) -> DocumentView:
    doc = resolve_document(document)
    names = [CONSENSUS, *document_coders(doc.id)]
    coders = {c.name: c for c in Coder.select().where(Coder.name.in_(names))}
    paths = code_paths()
    colours = dict(Code.select(Code.id, Code.colour).tuples())
    by_coder: dict[int, list[LaneSegment]] = {}
    query = (Segment.select(Segment.coder, Segment.start, Segment.end, Segment.code)
             .where(Segment.document == doc.id).order_by(Segment.start, Segment.end).tuples())
    for coder_id, start, end, code_id in query:
        by_coder.setdefault(coder_id, []).append(LaneSegment(start, end, paths[code_id], colours[code_id]))
    lanes = [Lane(n, coders[n].colour if n in coders else "#222222",
                  by_coder.get(coders[n].id, []) if n in coders else []) for n in names]
    return DocumentView(doc.id, doc.title, doc.text, lanes)


def document_choices() -> list[tuple[int, str]]:
    """(id, title) of the documents that at least one coder coded."""
    coded = {d for (d,) in Segment.select(Segment.document).distinct().tuples()}
    return [(i, t) for i, t in Document.select(Document.id, Document.title).order_by(Document.id).tuples()
            if i in coded]


def code_choices() -> list[str]:
    return sorted(code_paths().values())
