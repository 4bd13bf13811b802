"""Row counts of every tracked table (and the audit log): 'the project left exactly as it was'."""
from __future__ import annotations

from db.models import TRACKED_MODELS, AuditEntry


def row_counts() -> dict[str, int]:
    counts = {t: m.select().count() for t, m in TRACKED_MODELS.items()}
    counts["audit_entry"] = AuditEntry.select().count()
    return counts
