"""Texts of the officials pages (es / en)."""

TEXTS: dict[str, dict[str, str]] = {}
