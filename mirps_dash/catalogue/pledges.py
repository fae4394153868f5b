"""Texts of the pledges pages (es / en)."""

TEXTS: dict[str, dict[str, str]] = {}
