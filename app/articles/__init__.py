"""Articles in: importers for every file kind, the import pipeline, documents and their metadata."""
