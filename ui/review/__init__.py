"""The Review window: adjudicate the coders' disagreements in one document."""
