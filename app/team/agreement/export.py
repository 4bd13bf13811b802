"""Flat rows for CSV export and for recomputing every statistic by hand."""
from __future__ import annotations

from app.team.agreement.engine import cell_tables
from app.team.agreement.intervals import coverage_histogram
from app.team.agreement.model import code_spans
from app.team.agreement.report import AgreementReport, AgreementRow


def _flat(row: AgreementRow, label: str) -> dict:
    out = {
        "code": label,
        "n_chars": row.n_chars,
        "n_chars_compared": row.n_chars_compared,
        "n_units": row.n_units,
        "krippendorff_alpha": row.krippendorff_alpha,
        "alpha_u": row.alpha_u,
        "mean_pairwise_kappa": row.mean_pairwise_kappa,
        "mean_pairwise_percent_agreement": row.mean_pairwise_percent_agreement,
    }
    for p in row.pairs:
        key = f"{p.coder_a}|{p.coder_b}"
        out[f"kappa[{key}]"] = p.cohen_kappa
        out[f"percent_agreement[{key}]"] = p.percent_agreement
    return out


def per_code_table_rows(report: AgreementReport) -> list[dict]:
    """One flat dict per code plus a final pooled row (code = "(all codes)").

    Pair columns are named ``kappa[A|B]`` and ``percent_agreement[A|B]``.
    """
    rows = [_flat(r, r.code) for r in report.per_code]
    rows.append(_flat(report.pooled, "(all codes)"))
    return rows


def coincidence_rows(report: AgreementReport) -> list[dict]:
    """The counts behind every statistic, as flat dicts with a ``kind`` field.

    * ``pair_2x2``: per doc x code x coder pair, character counts both / only_a /
      only_b / neither (sum them to get any kappa or percent agreement);
    * ``coverage``: per doc x code, ``m`` listed coders and ``k0..k<m>`` = the
      characters where exactly k of them applied the code (alpha's raw data);
    * ``alpha_coincidence``: per code (pooled over docs) o_00, o_01, o_11;
    * ``alpha_u``: per code D_o and D_e pooled over documents (length-weighted means);
    * ``alpha_u_doc``: per doc x code (documents with two or more coders) the document's
      length L, coders R, D_o, D_e, alpha_u and ``pooled`` (1: in the per-code pool);
    * ``segment_match``: every segment-level outcome (doc, coders, status, both sides);
    * ``document``: every document in scope with its length, whether it is compared and
      the coders listed for it (``|``-separated);
    * ``coder``: every coder compared.
    """
    prep = report.prepared
    rows: list[dict] = []
    coverage: list[dict] = []
    for doc in prep.docs:
        length = prep.doc_lengths[doc]
        doc_coders = prep.coders_by_doc[doc]
        for code in prep.codes:
            spans = code_spans(prep, doc, code)
            lists = [spans[c] for c in doc_coders]
            for (a, b), t in cell_tables(lists, doc_coders, length).items():
                rows.append({
                    "kind": "pair_2x2", "doc": doc, "code": code, "coder_a": a,
                    "coder_b": b, "both": t[0], "only_a": t[1], "only_b": t[2],
                    "neither": t[3],
                })
            hist = coverage_histogram(lists, length)
            row = {"kind": "coverage", "doc": doc, "code": code, "m": len(doc_coders)}
            row.update({f"k{k}": n for k, n in enumerate(hist)})
            coverage.append(row)
    rows.extend(coverage)
    for r in report.per_code:
        rows.append({
            "kind": "alpha_coincidence", "code": r.code, "o_00": r.o_00, "o_01": r.o_01,
            "o_10": r.o_01, "o_11": r.o_11, "krippendorff_alpha": r.krippendorff_alpha,
        })
    for r in report.per_code:
        rows.append({
            "kind": "alpha_u", "code": r.code, "D_o": r.alpha_u_observed,
            "D_e": r.alpha_u_expected, "alpha_u": r.alpha_u,
        })
    for doc, code, length, coders, d_o, d_e, pooled in report.unitized_cells:
        rows.append({
            "kind": "alpha_u_doc", "doc": doc, "code": code, "length": length, "m": coders,
            "D_o": d_o, "D_e": d_e, "alpha_u": (1.0 - d_o / d_e) if d_e else None,
            "pooled": int(pooled),
        })
    for m in report.segment_matches:
        rows.append({"kind": "segment_match", **m.to_dict()})
    for doc in prep.docs:
        listed = prep.coders_by_doc[doc]
        rows.append({
            "kind": "document", "doc": doc, "length": prep.doc_lengths[doc],
            "compared": int(len(listed) >= 2), "coders": "|".join(listed),
        })
    for coder in report.coders:
        rows.append({"kind": "coder", "coder": coder})
    return rows
