"""Texts of the regional page (es / en): the seven MIRPS states side by side, and the Overview's line on Mexico."""

TEXTS: dict[str, dict[str, str]] = {
    "page_regional": {"es": "Región MIRPS", "en": "MIRPS region"},
    "region_lead": {
        "es": "Belice, Costa Rica, El Salvador, Guatemala, Honduras, México y Panamá, año por año desde 2010, con las "
        "cifras del ACNUR: solicitudes de asilo presentadas, decisiones en primera instancia, personas refugiadas y "
        "solicitantes de asilo que cada país acoge, y de dónde vienen. Donde el ACNUR cuenta casos (expedientes) y no "
        "personas, se dice, y nunca se suman casos con personas.",
        "en": "Belize, Costa Rica, El Salvador, Guatemala, Honduras, Mexico and Panama, year by year since 2010, from "
        "UNHCR's figures: asylum claims lodged, first-instance decisions, the refugees and asylum-seekers each country "
        "hosts, and where they come from. Where UNHCR counts cases (files) rather than persons, it says so, and cases "
        "are never added to persons.",
    },
    "region_no_data": {
        "es": "No hay cifras regionales publicadas.",
        "en": "No regional figures have been published.",
    },
    "region_filters_line": {
        "es": "País destacado: {focus} · Año {year}",
        "en": "Country in focus: {focus} · Year {year}",
    },
    "region_focus": {"es": "País destacado", "en": "Country in focus"},
    "region_year": {"es": "Año", "en": "Year"},
    "region_figure": {"es": "Cifra en el mapa", "en": "Figure on the map"},
    "region_map_title": {"es": "Mapa de la región, {year}", "en": "Map of the region, {year}"},
    "region_section_claims": {"es": "Solicitudes", "en": "Claims"},
    "region_section_trend": {"es": "Año por año", "en": "Year by year"},
    "region_section_rates": {"es": "Tasas de reconocimiento", "en": "Recognition rates"},
    "region_section_population": {"es": "Población acogida", "en": "Population hosted"},
    "region_section_origins": {"es": "Orígenes", "en": "Origins"},
    "region_claims_title": {"es": "Solicitudes de asilo presentadas", "en": "Asylum claims lodged"},
    "region_trend_title": {"es": "Solicitudes año por año", "en": "Claims year by year"},
    "region_rates_title": {
        "es": "Decisiones en primera instancia: tasas de reconocimiento",
        "en": "First-instance decisions: recognition rates",
    },
    "region_population_title": {
        "es": "Personas refugiadas y solicitantes de asilo acogidas",
        "en": "Refugees and asylum-seekers hosted",
    },
    "region_origins_title": {"es": "De dónde vienen", "en": "Where they come from"},
    "region_first_instance_note": {
        "es": "Primera instancia: las apelaciones y revisiones no se cuentan, porque vuelven a ver solicitudes ya "
        "contadas. Hay tasa solo para los años en que el país informa todos sus resultados: reconocimientos y "
        "rechazos siempre; protección complementaria y cierres si los informa algún año (varios países no otorgan "
        "protección complementaria). Es la misma regla que en Tendencias.",
        "en": "First instance: appeals and reviews are not counted, since they look again at claims already counted. "
        "A rate is shown only for the years in which the country reports all its outcomes: recognitions and "
        "rejections always; complementary protection and closures if it reports them in some year (several countries "
        "grant no complementary protection). It is the same rule as on Trends.",
    },
    "region_in_unit": {"es": "{name} ({unit})", "en": "{name} ({unit})"},
    "region_amount_persons": {"es": "{value} personas", "en": "{value} persons"},
    "region_amount_cases": {"es": "{value} casos", "en": "{value} cases"},
    "region_left_out": {"es": "; sin contar {states}", "en": "; leaving out {states}"},
    "region_left_out_none": {"es": "{name} (sin cifra)", "en": "{name} (no figure)"},
    "region_left_out_unit": {"es": "{name} (cuenta casos: {amount})", "en": "{name} (counts cases: {amount})"},
    "region_rank_chart_title": {"es": "{what}, {year}", "en": "{what}, {year}"},
    "region_rank_top": {
        "es": "{what}, {year}: la cifra mayor es la de {name} ({amount}).",
        "en": "{what}, {year}: {name} has the largest figure ({amount}).",
    },
    "region_rank_focus": {
        "es": "{name}: {amount}, lugar {rank} de {count} países que cuentan personas.",
        "en": "{name}: {amount}, place {rank} of {count} countries counting persons.",
    },
    "region_rank_focus_unit": {
        "es": "{name} cuenta casos, no personas: {amount}.",
        "en": "{name} counts cases, not persons: {amount}.",
    },
    "region_rank_focus_none": {"es": "{name}: sin cifra para {year}.", "en": "{name}: no figure for {year}."},
    "region_rank_total": {
        "es": "Los {count} países que cuentan personas suman {total}",
        "en": "The {count} countries counting persons total {total}",
    },
    "region_rates_chart_title": {
        "es": "Tasas de reconocimiento en primera instancia, {year}",
        "en": "First-instance recognition rates, {year}",
    },
    "region_rate_pair": {
        "es": "{name}: {refugee} (condición de refugiado), {protection} (protección total)",
        "en": "{name}: {refugee} (refugee status), {protection} (total protection)",
    },
    "region_rates_summary": {"es": "Tasas en {year}: {rates}.", "en": "Rates in {year}: {rates}."},
    "region_trend_chart_title": {
        "es": "Solicitudes de asilo presentadas por año (personas)",
        "en": "Asylum claims lodged per year (persons)",
    },
    "region_trend_what": {"es": "Solicitudes en {name}", "en": "Claims in {name}"},
    "region_trend_cases": {
        "es": "Años contados en casos, fuera de las líneas (están en la tabla): {states}.",
        "en": "Years counted in cases, left out of the lines (they are in the table): {states}.",
    },
    "region_origins_chart_title": {
        "es": "Origen de las personas refugiadas y solicitantes de asilo en {name}, fin de {year}",
        "en": "Origin of the refugees and asylum-seekers in {name}, end of {year}",
    },
    "region_origins_summary": {
        "es": "A fin de {year}, {name} acogía a {total} personas refugiadas y solicitantes de asilo; el origen mayor "
        "es {top} ({top_value}). {region} ({region_share}) vienen de los países MIRPS y {elsewhere} de otros países.",
        "en": "At the end of {year}, {name} hosted {total} refugees and asylum-seekers; the largest origin is {top} "
        "({top_value}). {region} ({region_share}) come from the MIRPS states themselves and {elsewhere} from "
        "elsewhere.",
    },
    "region_origins_none": {
        "es": "No hay cifras por país de origen para {name} a fin de {year}.",
        "en": "There are no figures by country of origin for {name} at the end of {year}.",
    },
    "region_map_states": {"es": "Países MIRPS", "en": "MIRPS states"},
    "region_map_focus": {"es": "Destacado: {name}", "en": "In focus: {name}"},
    "region_map_not_shaded": {
        "es": "sin color: otra unidad",
        "en": "not shaded: another unit",
    },
    "region_no_figure": {"es": "sin cifra", "en": "no figure"},
    "region_map_summary": {
        "es": "{what}, {year}: los {count} países que cuentan personas suman {total}",
        "en": "{what}, {year}: the {count} countries counting persons total {total}",
    },
    "region_map_credit": {"es": "Contornos: {credit}.", "en": "Outlines: {credit}."},
    "region_mexico_line": {
        "es": "México recibió {mexico} de las {total} solicitudes de asilo presentadas en los países MIRPS en {year} "
        "({share}).",
        "en": "Mexico received {mexico} of the {total} asylum claims lodged in MIRPS states in {year} ({share}).",
    },
    "region_mexico_later": {
        "es": "{year} no se compara porque no todos los países cuentan personas{left_out}.",
        "en": "{year} is not compared, since not every state counts persons{left_out}.",
    },
    "changes_dataset_region": {"es": "Región MIRPS", "en": "MIRPS region"},
    "changes_at_asylum_country": {"es": "país de asilo {name}", "en": "country of asylum {name}"},
    "col_asylum_country": {"es": "País de asilo (código)", "en": "Country of asylum (code)"},
    "col_asylum_country_name": {"es": "País de asilo", "en": "Country of asylum"},
    "col_region_share": {"es": "Parte del total regional (personas)", "en": "Share of the regional total (persons)"},
    "col_origin": {"es": "País de origen", "en": "Country of origin"},
    "col_origin_code": {"es": "País de origen (código)", "en": "Country of origin (code)"},
    "col_hosted": {"es": "Acogidas (refugiadas + solicitantes)", "en": "Hosted (refugees + asylum-seekers)"},
    "col_from_region": {"es": "Desde un país MIRPS", "en": "From a MIRPS state"},
}
