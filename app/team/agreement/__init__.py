"""Inter-coder agreement statistics on coded text spans (pure Python).

Entry point: :func:`compute_agreement`. Inputs are :class:`Unit` segments in an
:class:`AgreementInput`; the :class:`AgreementReport` converts to plain dicts
with ``to_dict()``; :func:`per_code_table_rows` and :func:`coincidence_rows`
give flat rows for CSV export and recomputation. Formulas: ``report.method``.
"""
from app.team.agreement.engine import compute_agreement
from app.team.agreement.export import coincidence_rows, per_code_table_rows
from app.team.agreement.model import AgreementInput, Unit
from app.team.agreement.report import METHOD, AgreementReport, AgreementRow, PairAgreement
from app.team.agreement.segments import SegmentMatch

__all__ = [
    "METHOD",
    "AgreementInput",
    "AgreementReport",
    "AgreementRow",
    "PairAgreement",
    "SegmentMatch",
    "Unit",
    "coincidence_rows",
    "compute_agreement",
    "per_code_table_rows",
]
