"""Completeness: every text in both languages with the same placeholders; every text a page asks for exists;
every schema column has a description with its meaning."""

from __future__ import annotations

import re
import string
from pathlib import Path

import numpy as np
import pytest
from babel.numbers import format_decimal

from mirps_dash.i18n import (
    BABEL_LOCALES,
    CATALOGUE,
    LANGUAGES,
    format_day,
    format_number,
    format_share,
    language_from_locale,
)
from mirps_dash.schema import DATASETS

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [*sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "mirps_dash").glob("*.py"))]


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_key_exists_in_both_languages_with_the_same_placeholders(key: str) -> None:
    texts = CATALOGUE[key]
    assert set(texts) == set(LANGUAGES)
    assert all(texts[lang].strip() for lang in LANGUAGES)
    assert fields(texts["es"]) == fields(texts["en"])


def test_no_key_is_defined_in_two_catalogue_modules() -> None:
    from mirps_dash.i18n import CATALOGUE_MODULES

    assert sum(len(module.TEXTS) for module in CATALOGUE_MODULES) == len(CATALOGUE)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_every_literal_key_a_module_asks_for_exists(path: Path) -> None:
    wanted = set(re.findall(r"\bt\(\s*\"([a-z0-9_]+)\"\s*[,)]", path.read_text()))
    assert wanted - set(CATALOGUE) == set()


@pytest.mark.parametrize(("dataset", "column"), [(d, c) for d, spec in DATASETS.items() for c in spec.columns])
def test_every_schema_column_has_a_description(dataset: str, column: str) -> None:
    description = DATASETS[dataset].model.to_schema().columns[column].description
    assert description and len(description) > 10


@pytest.mark.parametrize(
    ("locale", "lang"), [("es-MX", "es"), ("en-US", "en"), ("fr-FR", "es"), (None, "es"), ("en_GB", "en")]
)
def test_language_follows_the_browser_locale_else_spanish(locale: str | None, lang: str) -> None:
    assert language_from_locale(locale) == lang


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda: format_number(140979, "es"), "140,979"),
        (lambda: format_number(140979, "en"), "140,979"),
        (lambda: format_number(None, "en"), "—"),
        (lambda: format_day("2025-12-31", "es"), "31 de diciembre de 2025"),
        (lambda: format_day("2025-12-31", "en"), "December 31, 2025"),
        (lambda: format_share(0.65, "en"), "65.0 %"),
    ],
)
def test_numbers_and_dates_follow_the_language(call, expected: str) -> None:
    assert call().replace("\xa0", " ") == expected


@pytest.mark.parametrize(
    "value",
    [0, 7, -5, 1234, -1234, 1234567, 12.0, -0.0, 0.0, 2.5, 3.5, 1234.4999, 1e15, np.int64(70482), np.float64(9.0)],
)
@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_whole_number_reads_as_babel_writes_it(value: object, lang: str) -> None:
    assert format_number(value, lang) == format_decimal(value, format="#,##0", locale=BABEL_LOCALES[lang])
