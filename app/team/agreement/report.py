"""Result dataclasses of the agreement engine and their plain-dict forms."""
from __future__ import annotations

from dataclasses import dataclass, field

from app.team.agreement.segments import SegmentMatch

METHOD = {
    "unit_characters": (
        "Character statistics treat every character of a document as a unit: a Unicode code "
        "point of the stored text (line ends are one LF each, whitespace included; a flag or "
        "a letter with its accent may be several code points). Every code is scored "
        "separately as binary: 'this code applied' vs 'not applied'. One coder's "
        "overlapping or adjacent segments of the same code are united first."
    ),
    "scopes": (
        "Per-code rows sum over documents, per-document rows sum over codes, the pooled "
        "row sums over both. n_chars = characters of the documents in scope; "
        "n_chars_compared = characters of those documents where at least two coders are "
        "compared; n_units = character x code units in scope (n_chars x number of codes "
        "for doc/pooled rows)."
    ),
    "missing": (
        "A coder listed for a document but without segments there applied nothing (all "
        "'absent'): no segment = not coded, never missing. A coder not listed for a "
        "document is missing there: pairs use only documents both coders are listed for; "
        "alpha treats the coder's values as missing. (From a project: with done marks, a "
        "document is compared when every compared coder marked it done, and then every "
        "one of them is listed; other documents are left out.)"
    ),
    "percent_agreement": (
        "Per coder pair: 100 x (both + neither) / n over the summed 2x2 table of character "
        "counts (both coded, only A, only B, neither) - NVivo convention."
    ),
    "cohen_kappa": (
        "Per coder pair: (p_o - p_e) / (1 - p_e), p_o = (both + neither)/n, "
        "p_e = (a1 b1 + a0 b0)/n^2 with a1, b1 the characters coded by A, B and a0, b0 "
        "those not coded, from the summed 2x2 table. None when n = 0 or p_e = 1."
    ),
    "mean_pairwise": (
        "mean_pairwise_kappa / mean_pairwise_percent_agreement: convenience only, the "
        "unweighted mean of the per-pair values that are defined (None if none); not a "
        "coefficient of its own (e.g. not Fleiss' kappa)."
    ),
    "krippendorff_alpha": (
        "Krippendorff's alpha, nominal, binary per code, each character x code a unit with "
        "one value per listed coder. Coincidences: a unit with m values, k of them 1, adds "
        "k(k-1)/(m-1) to o_11, (m-k)(m-k-1)/(m-1) to o_00 and k(m-k)/(m-1) to o_01 = o_10; "
        "units with m < 2 are not pairable. alpha = 1 - (n-1) o_01 / (n_0 n_1), "
        "n_0 = o_00 + o_01, n_1 = o_11 + o_01, n = n_0 + n_1. None when n_0 n_1 = 0."
    ),
    "alpha_u": (
        "Krippendorff's unitized alpha (1995; 2004 pp. 251-256), as DKPro Statistics' "
        "KrippendorffAlphaUnitizingAgreement, each code scored separately. "
        "D_o(c) = 2/(R(R-1)L^2) x sum over coder pairs of [(begin diff)^2 + (end diff)^2 "
        "for overlapping units; length^2 for a unit lying in a gap of the other coder]. "
        "D_e(c) = 2/L x sum_u[(N_c-1) l(l-1)(2l-1)/3 + l^2 sum_{gaps g >= l}(g-l+1)] / "
        "(RL(RL-1) - sum_u l(l-1)). alpha_u(c) = 1 - D_o/D_e; over codes "
        "1 - sum D_o / sum D_e (not a mean). The continuum is one document: gaps end at "
        "document boundaries, so titles and document order never matter. Per code, D_o and "
        "D_e are pooled over documents as length-weighted means: D(c) = sum_d L_d D(c, d) / "
        "sum_d L_d, over the documents where all selected coders are listed (others are in "
        "alpha_u_excluded_docs; alpha_u has no missing values); alpha_u(c) = 1 - D_o(c) / "
        "D_e(c) and pooled 1 - sum_c D_o(c) / sum_c D_e(c). Per-document values use that "
        "document's listed coders. None when D_e = 0 or fewer than 2 coders."
    ),
    "segments": (
        "Segments (united spans) of two coders in a document match when "
        "overlap = |intersection| / |union| >= threshold. One-to-one greedy matching, "
        "same-code pairs first, then by decreasing overlap. agreed = matched, same code; "
        "code_disagreed = matched span, different codes; only_a / only_b = no matching "
        "span from the other coder."
    ),
    "undefined": "Undefined values are None (JSON null).",
}


@dataclass(slots=True)
class PairAgreement:
    """Character-level agreement of one coder pair over a scope."""

    coder_a: str
    coder_b: str
    both: int
    only_a: int
    only_b: int
    neither: int
    percent_agreement: float | None
    cohen_kappa: float | None

    @property
    def n_units(self) -> int:
        return self.both + self.only_a + self.only_b + self.neither

    def to_dict(self) -> dict:
        return {
            "coder_a": self.coder_a,
            "coder_b": self.coder_b,
            "n_units": self.n_units,
            "both": self.both,
            "only_a": self.only_a,
            "only_b": self.only_b,
            "neither": self.neither,
            "percent_agreement": self.percent_agreement,
            "cohen_kappa": self.cohen_kappa,
        }


@dataclass
class AgreementRow:
    """One scope: ``scope`` is "code", "doc" or "pooled"."""

    scope: str
    code: str | None
    doc: str | None
    n_chars: int
    n_units: int
    pairs: list[PairAgreement]
    n_chars_compared: int
    mean_pairwise_percent_agreement: float | None
    mean_pairwise_kappa: float | None
    krippendorff_alpha: float | None
    o_00: float
    o_01: float
    o_11: float
    alpha_u: float | None
    alpha_u_observed: float | None
    alpha_u_expected: float | None

    def to_dict(self) -> dict:
        out = {name: getattr(self, name) for name in self.__dataclass_fields__}
        out["pairs"] = [p.to_dict() for p in self.pairs]
        return out


@dataclass
class AgreementReport:
    coders: list[str]
    codes: list[str]
    docs: list[str]
    threshold: float
    per_code: list[AgreementRow]
    per_doc: list[AgreementRow]
    pooled: AgreementRow
    alpha_u_docs: list[str]
    alpha_u_excluded_docs: list[str]
    segment_matches: list[SegmentMatch]
    segment_counts: list[dict]
    merged_units: int
    ignored_units: int
    # (doc, code, length, coders, D_o, D_e, in pooled continuum) for every pairable doc x code
    unitized_cells: list[tuple] = field(default_factory=list)
    # Set by the project layer: which rule chose documents and coders, what was left out.
    scope: dict | None = None
    method: dict[str, str] = field(default_factory=lambda: dict(METHOD))
    # Selected, united input; used by coincidence_rows to recompute cell counts.
    prepared: object = field(default=None, repr=False, compare=False)

    def to_dict(self, *, include_segments: bool = True) -> dict:
        """Plain JSON-able dict; per-cell counts come from :func:`coincidence_rows`."""
        return {
            "coders": list(self.coders),
            "codes": list(self.codes),
            "docs": list(self.docs),
            "threshold": self.threshold,
            "per_code": [r.to_dict() for r in self.per_code],
            "per_doc": [r.to_dict() for r in self.per_doc],
            "pooled": self.pooled.to_dict(),
            "alpha_u_docs": list(self.alpha_u_docs),
            "alpha_u_excluded_docs": list(self.alpha_u_excluded_docs),
            "segment_counts": [dict(c) for c in self.segment_counts],
            "segment_matches": (
                [m.to_dict() for m in self.segment_matches] if include_segments else None
            ),
            "merged_units": self.merged_units,
            "ignored_units": self.ignored_units,
            "alpha_u_cells": [
                {"doc": d, "code": c, "length": n, "coders": r, "D_o": o, "D_e": e, "pooled": p}
                for d, c, n, r, o, e, p in self.unitized_cells
            ],
            "scope": self.scope,
            "method": dict(self.method),
        }
