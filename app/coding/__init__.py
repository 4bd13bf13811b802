"""Coding: segments, the codebook and its paths, queries that read coding back, recent codes."""
