"""The Suggestions tab: passages like the selected code's segments, to accept or dismiss."""
