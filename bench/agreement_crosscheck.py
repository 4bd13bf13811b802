"""Random cross-check of every agreement figure (see tests/agreement/test_crosscheck.py).

    .venv/bin/python bench/agreement_crosscheck.py [N_PROJECTS] [FIRST_SEED]

Builds N random project files (2-4 coders, overlaps, astral characters, CRLF, unused
codes, done marks or the segment rule), computes agreement through the project layer and
compares every figure (percent agreement, kappa per pair, alpha, alpha_u per code, per
document and pooled) with scikit-learn, the krippendorff package and a brute-force
alpha_u per document. Prints the number of projects and figures and the largest deviation.
"""
from __future__ import annotations

import importlib.util
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    first = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    spec = importlib.util.spec_from_file_location("crosscheck", ROOT / "tests" / "agreement" / "test_crosscheck.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    worst, figures, skipped = 0.0, 0, 0
    kinds: Counter = Counter()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="chorus-crosscheck-") as folder:
        os.environ.setdefault("CHORUS_CONFIG", str(Path(folder) / "chorus.ini"))
        for seed in range(first, first + n):
            diffs, facts = module.check_project(Path(folder), seed)
            if facts.get("skipped"):
                skipped += 1
                continue
            kinds[(facts["coders"], facts["rule"])] += 1
            kinds["with unused codes"] += facts["unused"] > 0
            figures += len(diffs)
            worst = max(worst, max(diffs, default=0.0))
    print(f"projects compared: {n - skipped} of {n} (skipped: {skipped} where agreement is refused: fewer than two coders, or no document done by all)")
    for key, count in sorted(kinds.items(), key=str):
        print(f"  {key}: {count}")
    print(f"figures compared: {figures}; largest absolute deviation: {worst:.3g}")
    print(f"time: {time.perf_counter() - started:.1f} s")
    return 0 if worst < 1e-9 else 1


if __name__ == "__main__":
    sys.exit(main())
