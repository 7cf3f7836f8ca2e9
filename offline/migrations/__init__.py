"""Numbered SQL migrations of the offline store (see offline.db)."""
