"""Article import: turn a .txt/.md/.html/.docx/.pdf file into text plus metadata.

No database, no Qt, no network. ``extract`` raises ``ImportRejected`` (with a one-line
``reason``) for every file it cannot import.
"""

from .document import DEFAULT_MAX_BYTES, ExtractedDocument, ImportRejected
from .encoding import decode_bytes
from .dispatch import SUPPORTED_SUFFIXES, extract, is_supported

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SUPPORTED_SUFFIXES",
    "ExtractedDocument",
    "ImportRejected",
    "decode_bytes",
    "extract",
    "is_supported",
]
