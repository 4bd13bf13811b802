"""Chorus app package."""
