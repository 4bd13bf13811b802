"""Team review: merging teammates' projects, agreement data, adjudication and history."""
