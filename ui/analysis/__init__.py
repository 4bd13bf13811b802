"""The Analysis window: search and auto-coding, frequencies, co-occurrence, matrices,
saturation, charts and the methods report (all computed by app.analysis)."""
