"""Texts of the staff pages (es / en)."""

TEXTS: dict[str, dict[str, str]] = {}
