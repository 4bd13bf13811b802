"""Window parts: one widget per file."""
