"""Code suggestions from the team's own coding, computed on this machine only.

- units: the sentences and paragraphs a suggestion can cover come from
  ``app.analysis.units``, the same segmentation as auto-coding's widening.
- ``lexical``: the always-there engine (TF-IDF over stemmed words, no stop words).
- ``semantic``: an optional engine (a small embedding model shipped inside a package).
- ``suggest``: rank passages for a code, or codes for a passage; accept and dismiss.
- ``evaluate``: hide part of a code's segments and measure how well they are found.
Nothing here opens a socket; ``tests/suggest`` checks that under a guard.
"""
