"""GUIDs of the exchange format and our UUIDs.

QDA-XML GUIDs may be upper-case or wrapped in braces; we store lower-case dashed
UUIDs. Ids that are not GUIDs (seen in hand-made files) get a fresh UUID; the mapping
lives in an ``IdMap`` for the duration of one import.
"""
from __future__ import annotations

import hashlib
import re
import uuid

GUID_RE = re.compile(
    r"^(?:([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})"
    r"|\{([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\})$"
)

_CANONICAL = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z")

# Namespaces for ids we derive deterministically (stable exports, exact round trips).
NS_CODING = uuid.UUID("6f1c2a4e-0d3b-4e59-9a57-1c1f3f1e8a01")
NS_CASE = uuid.UUID("6f1c2a4e-0d3b-4e59-9a57-1c1f3f1e8a02")
NS_VARIABLE = uuid.UUID("6f1c2a4e-0d3b-4e59-9a57-1c1f3f1e8a03")
NS_DOC_MEMO = uuid.UUID("6f1c2a4e-0d3b-4e59-9a57-1c1f3f1e8a04")
NS_EXTRA_CODING = uuid.UUID("6f1c2a4e-0d3b-4e59-9a57-1c1f3f1e8a05")


def normalise_guid(value: str | None) -> str | None:
    """The lower-case dashed form of a GUID, or None when ``value`` is not one."""
    if not value:
        return None
    if _CANONICAL.match(value):
        return value  # the usual case: already lower-case and dashed
    match = GUID_RE.match(value.strip())
    if match is None:
        return None
    return (match.group(1) or match.group(2)).lower()


def ref_key(value: str | None) -> str | None:
    """How a file id is compared with references to it (GUIDs case-insensitively)."""
    if value is None:
        return None
    return normalise_guid(value) or value.strip()


_NS_BYTES: dict[uuid.UUID, bytes] = {}


def derived(namespace: uuid.UUID, *parts: str) -> str:
    """``str(uuid.uuid5(namespace, "\\x1f".join(parts)))``, computed faster (hot in exports)."""
    prefix = _NS_BYTES.get(namespace)
    if prefix is None:
        prefix = _NS_BYTES[namespace] = namespace.bytes
    digest = bytearray(hashlib.sha1(prefix + "\x1f".join(parts).encode("utf-8")).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50
    digest[8] = (digest[8] & 0x3F) | 0x80
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def doc_memo_guid(doc_uuid: str) -> str:
    return derived(NS_DOC_MEMO, doc_uuid)


class IdMap:
    """File ids -> our UUIDs for one kind of object; counts ids that were not GUIDs."""

    def __init__(self):
        self.by_key: dict[str, str] = {}
        self.not_guids = 0
        self.duplicates = 0

    def assign(self, file_id: str | None) -> str:
        """A UUID for a newly read object (fresh when the id is not a GUID or repeats)."""
        key = ref_key(file_id)
        guid = normalise_guid(file_id)
        if guid is None:
            self.not_guids += 1
            guid = str(uuid.uuid4())
        elif key in self.by_key:
            self.duplicates += 1
            return str(uuid.uuid4())
        if key is not None and key not in self.by_key:
            self.by_key[key] = guid
        return guid

    def get(self, file_id: str | None) -> str | None:
        key = ref_key(file_id)
        return None if key is None else self.by_key.get(key)
