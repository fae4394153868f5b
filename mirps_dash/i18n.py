"""Spanish and English texts, and numbers and dates formatted by Babel for es-MX or en."""

from __future__ import annotations

import datetime as dt
import math
import operator

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

from mirps_dash.catalogue import briefing, core, exports, officials, pledges, regional, staff

LANGUAGES = ("es", "en")
DEFAULT_LANGUAGE = "es"
BABEL_LOCALES = {"es": "es_MX", "en": "en"}
CATALOGUE_MODULES = (core, officials, pledges, staff, exports, briefing, regional)  # one module per area of the app
CATALOGUE: dict[str, dict[str, str]] = {
    key: texts for module in CATALOGUE_MODULES for key, texts in module.TEXTS.items()
}


def language_from_locale(locale: str | None) -> str:
    """es or en from a browser locale such as 'en-US'; Spanish when unknown."""
    prefix = (locale or "").split("-")[0].split("_")[0].lower()
    return prefix if prefix in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, lang: str, **values: object) -> str:
    """The text for key in lang, with {placeholders} filled in."""
    text = CATALOGUE[key][lang]
    return text.format(**values) if values else text


def _whole_number(value: object) -> int | None:
    """The value as an int when it is a whole number (an int, a numpy integer, 12.0), else None (also for -0.0,
    which babel writes '-0')."""
    try:
        return operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        number = float(value)  # type: ignore[arg-type]
    if not number.is_integer() or (number == 0 and math.copysign(1.0, number) < 0):
        return None
    return int(number)


def format_number(value: float | int | None, lang: str, decimals: int = 0) -> str:
    """12,345 (es-MX and en both group by comma); '—' for a missing figure."""
    if value is None or value != value:
        return "—"
    if decimals == 0 and (whole := _whole_number(value)) is not None:
        return f"{whole:,}"  # what babel writes for a whole number in both locales, without parsing its pattern
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=BABEL_LOCALES[lang])


def format_count(value: float | int | None, approx: str | None, lang: str) -> str:
    """A count as the source gives it: 'about 14,418' / 'cerca de 14,418' where it rounds, else the number alone."""
    number = format_number(value, lang)
    if not approx or approx != approx or number == "—":
        return number
    return t(f"approx_{approx}", lang, value=number)


def format_share(share: float | None, lang: str) -> str:
    """A fraction (0-1) as a percentage with one decimal."""
    if share is None or share != share:
        return "—"
    return format_percent(share, format="#,##0.0 %", locale=BABEL_LOCALES[lang])


def format_day(day: dt.date | str, lang: str) -> str:
    """A date as '3 de marzo de 2024' / 'March 3, 2024'."""
    value = dt.date.fromisoformat(day) if isinstance(day, str) else day
    return format_date(value, format="long", locale=BABEL_LOCALES[lang])
