"""Team work: blind coding, merging teammates' projects, review and adjudication, agreement."""
