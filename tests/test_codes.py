"""Names, accents and aliases map to INEGI state codes and ISO alpha-3 countries."""

import pytest

from mirps_dash.codes import code_label, code_of, country_code, country_name, state_code


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("CDMX", "09"),
        ("Distrito Federal", "09"),
        ("Ciudad de México", "09"),
        ("ciudad de mexico", "09"),
        ("Edo. Méx.", "15"),
        ("Estado de México", "15"),
        ("Nuevo Leon", "19"),
        ("Veracruz de Ignacio de la Llave", "30"),
        ("7", "07"),
        ("07", "07"),
        ("Chiapas", "07"),
        ("Yucatan", "31"),
        ("Atlantis", None),
    ],
)
def test_state_names_and_aliases_map_to_inegi_codes(name: str, expected: str | None) -> None:
    assert state_code(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Haití", "HTI"),
        ("Haiti", "HTI"),
        ("HTI", "HTI"),
        ("hti", "HTI"),
        ("Honduras", "HND"),
        ("El Salvador", "SLV"),
        ("Venezuela", "VEN"),
        ("Venezuela (Bolivarian Republic of)", "VEN"),
        ("Estados Unidos", "USA"),
        ("Brasil", "BRA"),
        ("Brazil", "BRA"),
        ("Other countries", "_O"),
        ("Otros países", "_O"),
        ("Narnia", None),
    ],
)
def test_country_names_in_both_languages_map_to_iso3(name: str, expected: str | None) -> None:
    assert country_code(name) == expected


@pytest.mark.parametrize(
    ("code", "lang", "expected"), [("HTI", "es", "Haití"), ("HTI", "en", "Haiti"), ("_O", "es", "Otros países")]
)
def test_country_names_are_shown_in_the_chosen_language(code: str, lang: str, expected: str) -> None:
    assert country_name(code, lang) == expected


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        ("state", "Todo el país", "_T"),
        ("state", "nacional", "_T"),
        ("state", "Chiapas", "07"),
        ("country", "Todas las nacionalidades", "_T"),
        ("country", "All nationalities", "_T"),
        ("country", "Otros países", "_O"),
        ("unit", "personas", "persons"),
        ("unit", "gente", None),
    ],
)
def test_totals_and_registry_labels_map_to_codes(kind: str, text: str, expected: str | None) -> None:
    assert code_of(kind, text) == expected


@pytest.mark.parametrize(
    ("kind", "code", "lang", "expected"),
    [
        ("area", "Burden and responsibility sharing", "es", "Reparto de cargas y responsabilidades"),
        ("pledge_status", "In progress", "es", "En curso"),
        ("unit", "cases", "en", "Cases"),
        ("country", "HTI", "es", "Haití"),
        ("state", "_T", "en", "Whole country"),
        ("area", "Something new", "es", "Something new"),
    ],
)
def test_each_code_has_one_label_per_language(kind: str, code: str, lang: str, expected: str) -> None:
    assert code_label(kind, code, lang) == expected
