"""Variables and Cases (and TextSource VariableValues) -> typed document attributes."""
from __future__ import annotations

import uuid as uuid_module

from app.articles.documents import check_attribute_value
from app.errors import InvalidOperation
from app.exchange.refi.ids import ref_key
from db.models import DocumentAttribute

TYPE_OF_VARIABLE = {"text": "text", "integer": "number", "float": "number", "date": "date",
                    "boolean": "boolean", "datetime": "text"}
TYPE_OF_ELEMENT = {"TextValue": "text", "IntegerValue": "number", "FloatValue": "number", "DateValue": "date",
                   "BooleanValue": "boolean", "DateTimeValue": "text"}


def import_attributes(imp, sources) -> None:
    variables = {ref_key(v.key): v for v in imp.parsed.variables if v.key}
    by_source: dict[str, list] = {}
    for case in imp.parsed.cases:
        for ref in case.source_refs:
            by_source.setdefault(ref_key(ref), []).extend(case.values)
    doc_ids = [s.document_id for s in sources]
    existing = {(d, n): v for d, n, v in DocumentAttribute.select(
        DocumentAttribute.document, DocumentAttribute.name, DocumentAttribute.value)
        .where(DocumentAttribute.document.in_(doc_ids)).tuples()} if doc_ids else {}
    rows = []
    for source in sources:
        values = list(source.parsed.values) + by_source.get(ref_key(source.parsed.key), [])
        for value in values:
            variable = variables.get(ref_key(value.variable_ref))
            if variable is None:
                imp.report.skipped.append(f"a value of an unknown variable {value.variable_ref} "
                                          f"on '{source.parsed.name}'")
                continue
            name = variable.name or "(unnamed variable)"
            kind = TYPE_OF_VARIABLE.get(variable.kind.lower(), TYPE_OF_ELEMENT.get(value.element, "text"))
            text = value.value.strip()
            try:
                checked = check_attribute_value(kind, text)
            except InvalidOperation:
                imp.report.warnings.append(f"'{text}' is not a valid {kind} ({name} of '{source.parsed.name}'): "
                                           "kept as text")
                kind, checked = "text", text or None
            if checked is None:
                continue
            key = (source.document_id, name)
            if key in existing:
                if existing[key] != checked:
                    imp.report.warnings.append(f"'{source.parsed.name}' already has {name} = '{existing[key]}': "
                                               f"kept (the file says '{checked}')")
                continue
            existing[key] = checked
            rows.append({"uuid": str(uuid_module.uuid4()), "document": source.document_id, "name": name,
                         "value_type": kind, "value": checked})
    imp.rec.bulk_insert(DocumentAttribute, rows)
