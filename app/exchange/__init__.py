"""Exchange with other programs: exports (CSV, XLSX, Markdown, HTML), REFI-QDA, codebook import."""
