"""The agreement report as readable text tables (for ``chorus agreement``)."""
from __future__ import annotations

from app.team.agreement import AgreementReport, AgreementRow

HEADERS = ["%agree", "kappa", "alpha", "alpha_u", "chars compared/all"]

UNITS_NOTE = [
    "Units and formulas:",
    "  unit: a character = one Unicode code point of the stored text (whitespace and line ends included,",
    "    a line end is one LF); a flag or an accented letter can be several code points.",
    "  %agree, kappa: per coder pair, each character x code is a unit (code applied or not);",
    "    %agree = 100 (both + neither) / n; kappa = Cohen's (p_o - p_e) / (1 - p_e) from the pair's 2x2 table.",
    "    With more than two coders the table shows the mean over pairs (the per-pair values are in --json).",
    "  alpha: Krippendorff's alpha, nominal, binary per code, units = characters x codes, all coders at once.",
    "  alpha_u: Krippendorff's unitized alpha (bounds of the segments count); each document is its own",
    "    continuum (gaps end at its boundaries); D_o and D_e are pooled over documents as length-weighted",
    "    means, then alpha_u = 1 - D_o / D_e (over codes: 1 - sum D_o / sum D_e).",
    "  segments: matched when |intersection| / |union| >= threshold (agreed, code_disagreed, only one coder).",
    "  Rows: per code (summed over documents), per document (summed over codes), pooled (all).",
    "  chars: characters compared (documents with at least two compared coders) / all characters in scope.",
]


def _num(value: float | None, percent: bool = False) -> str:
    if value is None:
        return "-"
    return f"{value:.1f}" if percent else f"{value:.3f}"


def _cells(row: AgreementRow) -> list[str]:
    return [_num(row.mean_pairwise_percent_agreement, True), _num(row.mean_pairwise_kappa),
            _num(row.krippendorff_alpha), _num(row.alpha_u), f"{row.n_chars_compared}/{row.n_chars}"]


def tables(report: AgreementReport) -> list[tuple[str, list[str], list[list[str]]]]:
    """(title, headers, rows) for each table of the report."""
    out = [
        ("Per code", ["code", *HEADERS], [[r.code, *_cells(r)] for r in report.per_code]),
        ("Per document", ["document", *HEADERS], [[r.doc, *_cells(r)] for r in report.per_doc]),
        ("Pooled (all codes, all documents)", ["scope", *HEADERS], [["pooled", *_cells(report.pooled)]]),
    ]
    if len(report.coders) > 2:
        out.append(("Coder pairs (pooled)", ["coder A", "coder B", "%agree", "kappa", "units"],
                    [[p.coder_a, p.coder_b, _num(p.percent_agreement, True), _num(p.cohen_kappa), str(p.n_units)]
                     for p in report.pooled.pairs]))
    seg_rows = []
    for c in report.segment_counts:
        pair = "all pairs" if c["coder_a"] is None else f"{c['coder_a']} / {c['coder_b']}"
        seg_rows.append([pair, str(c["agreed"]), str(c["code_disagreed"]), str(c["only_a"]), str(c["only_b"])])
    out.append((f"Segments (overlap >= {report.threshold:g})", ["pair", "agreed", "code differs", "only A", "only B"],
                seg_rows))
    return out
