"""Who produced a figure and who published it: one caption text, 'COMAR, via La Razón (2023-01)', for every page."""

from __future__ import annotations

from collections.abc import Mapping

from mirps_dash.i18n import t

# Producer names in the data that read differently in Spanish and English (others, like COMAR or INM, do not).
BODY_KEYS = {
    "UNHCR": "body_unhcr",
    "COMAR and UNHCR": "body_comar_and_unhcr",
    "Government of Mexico": "body_government_of_mexico",
    "Government and partners": "body_government_and_partners",
}


def body_name(name: str, lang: str) -> str:
    """A producer or publisher name in the reader's language (UNHCR / ACNUR); other names as the data has them."""
    return t(BODY_KEYS[name], lang) if name in BODY_KEYS else name


def source_attribution(source: Mapping[str, object], lang: str) -> str:
    """Caption text of a source row: 'COMAR, via La Razón (2023-01)'; 'UNHCR (2025-12-31)' where the publisher
    produced the figures itself (an empty or missing producer means the same)."""
    publisher = str(source.get("publisher") or "")
    producer = source.get("producer")
    producer = "" if producer is None or producer != producer else str(producer)
    as_of = str(source.get("as_of") or "")
    if not producer or producer == publisher:
        return t("attribution_own", lang, publisher=body_name(publisher, lang), as_of=as_of)
    return t(
        "attribution_via", lang, producer=body_name(producer, lang), publisher=body_name(publisher, lang), as_of=as_of
    )
