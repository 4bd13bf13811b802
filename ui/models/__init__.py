"""Item models over app.coding.queries (one per file), usable and testable without widgets."""
from ui.models.roles import ID_ROLE, SORT_ROLE, COLOUR_ROLE, CODE_MIME

__all__ = ["ID_ROLE", "SORT_ROLE", "COLOUR_ROLE", "CODE_MIME"]
