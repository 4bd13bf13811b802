"""REFI-QDA exchange (QDA-XML 1.0): .qdc codebooks and .qdpx projects.

- ``sniff(path) -> 'qdpx' | 'qde' | 'qdc' | None``: recognise a file by content, then extension.
- ``import_exchange_file(project, path, progress=None) -> ExchangeReport``: one undoable change.
- ``export_qdpx(project, out, progress=None)``, ``export_qdc(project, out)``: strict QDA-XML 1.0.
- ``read_qdc(path) -> list[dict]``: the codes of a codebook for codebook import elsewhere.
- ``validate(path) -> list[str]``: what makes a file invalid per QDA-XML 1.0 (ids, colours, ...).

``progress(done, total, label)`` is called now and then when given.
"""
from __future__ import annotations

from app.exchange.refi.errors import ExchangeError, ExchangeReport
from app.exchange.refi.export import export_qdc, export_qdpx
from app.exchange.refi.package import sniff
from app.exchange.refi.reading import import_exchange_file, read_qdc
from app.exchange.refi.validate import validate

__all__ = ["ExchangeError", "ExchangeReport", "export_qdc", "export_qdpx", "import_exchange_file", "read_qdc",
           "sniff", "validate"]
