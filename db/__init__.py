"""Chorus db package."""
