"""Texts of the pledges pages (es / en)."""

from mirps_dash.codes import CODE_LISTS

# Labels of coded values come from the one registry (codes.CODE_LISTS), the same list uploads are read with.
_VALUE_KINDS = {
    "area": "area",
    "status": "pledge_status",
    "entity_type": "entity_type",
    "pledge_type": "pledge_type",
    "forum": "forum",
}
_VALUES: dict[str, tuple[str, str]] = {
    f"{prefix}:{label.code}": (label.es, label.en)
    for prefix, kind in _VALUE_KINDS.items()
    for label in CODE_LISTS[kind]
}

_FIELDS: dict[str, tuple[str, str]] = {
    "pledge_id": ("Clave", "Id"),
    "title_es": ("Título (es)", "Title (es)"),
    "title_en": ("Título (en)", "Title (en)"),
    "title": ("Título", "Title"),
    "description_en": ("Descripción (en inglés)", "Description (English)"),
    "submitting_entity": ("Entidad", "Submitting entity"),
    "entity_type": ("Tipo de entidad", "Entity type"),
    "area_of_focus": ("Área de enfoque", "Area of focus"),
    "pledge_type": ("Tipo de compromiso", "Pledge type"),
    "forum": ("Foro", "Forum"),
    "year": ("Año", "Year"),
    "status": ("Estatus", "Status"),
    "amount_usd": ("Monto (USD)", "Amount (USD)"),
    "beneficiary_location": ("Lugar", "Location"),
    "source_title": ("Fuente", "Source"),
    "source_url": ("Enlace de la fuente", "Source link"),
    "source_date": ("Fecha de la fuente", "Source date"),
    "source": ("Id de la fuente", "Source id"),
}

_FILTERS: dict[str, tuple[str, str]] = {
    "area": ("Área de enfoque", "Area of focus"),
    "entity_type": ("Tipo de entidad", "Entity type"),
    "entity": ("Entidad", "Submitting entity"),
    "pledge_type": ("Tipo de compromiso", "Pledge type"),
    "forum": ("Foro", "Forum"),
    "year": ("Año", "Year"),
    "status": ("Estatus", "Status"),
    "location": ("Lugar", "Location"),
}

TEXTS: dict[str, dict[str, str]] = {
    "pl_title": {
        "es": "Compromisos y medidas para personas refugiadas en México",
        "en": "Pledges and measures for refugees in Mexico",
    },
    "pl_compiled_notice": {
        "es": "Esta es una lista compilada a mano de fuentes públicas (compromisos del FMR 2019 y 2023, compromisos del MIRPS, medidas), no la exportación oficial del tablero de compromisos del Pacto Mundial sobre los Refugiados. Cada compromiso enlaza a su propia fuente.",
        "en": "This is a list compiled by hand from public sources (GRF 2019 and 2023 pledges, MIRPS commitments, measures), not the official export of the Global Compact on Refugees pledges dashboard. Each pledge links to its own source.",
    },
    "pl_search": {"es": "Buscar", "en": "Search"},
    "pl_search_placeholder": {
        "es": "título, descripción o entidad; p. ej. salud, educacion, ACNUR",
        "en": "title, description or entity; e.g. health, education, UNHCR",
    },
    "pl_filters": {"es": "Filtros", "en": "Filters"},
    "pl_choose": {"es": "Todos", "en": "All"},
    "pl_clear": {"es": "Quitar filtros", "en": "Clear filters"},
    "pl_count": {"es": "{shown} de {total} compromisos", "en": "{shown} of {total} pledges"},
    "pl_empty": {
        "es": "Ningún compromiso coincide con estos filtros y esta búsqueda.",
        "en": "No pledge matches these filters and this search.",
    },
    "pl_chart_area": {"es": "Compromisos por área de enfoque", "en": "Pledges by area of focus"},
    "pl_chart_status": {"es": "Compromisos por estatus", "en": "Pledges by status"},
    "pl_chart_entity_type": {"es": "Compromisos por tipo de entidad", "en": "Pledges by entity type"},
    "pl_chart_hint": {
        "es": "Haga clic en una barra para filtrar por ella. Cada gráfica cuenta los compromisos que cumplen los demás filtros; lo elegido se resalta.",
        "en": "Click a bar to filter by it. Each chart counts the pledges that meet the other filters; what is chosen stands out.",
    },
    "pl_section_list": {"es": "Lista", "en": "List"},
    "pl_section_charts": {"es": "Gráficas", "en": "Charts"},
    "pl_section_amounts": {"es": "Montos", "en": "Amounts"},
    "pl_amounts_line": {
        "es": "{with_amount} de {shown} compromisos indican un monto; {without} no lo indican.",
        "en": "{with_amount} of {shown} pledges state an amount; {without} do not.",
    },
    "pl_amounts_caveat": {
        "es": "Los montos son de distinto tipo (presupuestos, contribuciones, montos regionales) y no se suman: se muestran por compromiso.",
        "en": "Amounts are of different kinds (budgets, contributions, regional totals) and are not added up: they are shown per pledge.",
    },
    "pl_table_title": {"es": "Compromisos", "en": "Pledges"},
    "pl_table_hint": {
        "es": "Haga clic en un título para ver el compromiso. En la tabla, haga clic en un encabezado para ordenar; seleccione una fila para ver el compromiso.",
        "en": "Click a title to open the pledge. In the table, click a header to sort; select a row to open the pledge.",
    },
    "pl_list_range": {"es": "{first}–{last} de {shown}", "en": "{first}–{last} of {shown}"},
    "pl_list_previous": {"es": "Anteriores", "en": "Previous"},
    "pl_list_next": {"es": "Siguientes", "en": "Next"},
    "pl_detail_close": {"es": "Cerrar", "en": "Close"},
    "pl_not_found": {
        "es": "No hay ningún compromiso con la clave «{pledge_id}».",
        "en": "There is no pledge with the id “{pledge_id}”.",
    },
    "pl_source_link": {"es": "Fuente", "en": "Source"},
    "pl_no_link": {"es": "Sin enlace en línea.", "en": "No online link."},
    "pl_no_amount": {"es": "Sin monto", "en": "No amount"},
    "pl_none": {"es": "Sin especificar", "en": "Not specified"},
    "pl_indicator": {"es": "Indicador que debería mover", "en": "The indicator it should move"},
    "pl_no_indicator": {
        "es": "El tablero aún no tiene un indicador para esta área de enfoque.",
        "en": "The dashboard has no indicator for this area of focus yet.",
    },
    "pl_ind_claims_decisions": {
        "es": "Solicitudes de asilo y resoluciones por año (México)",
        "en": "Asylum claims and decisions per year (Mexico)",
    },
    "pl_ind_refugees": {
        "es": "Personas refugiadas en México a fin de año",
        "en": "Refugees in Mexico at the end of each year",
    },
    "pl_ind_population": {
        "es": "Personas refugiadas y solicitantes de asilo en México a fin de año",
        "en": "Refugees and asylum-seekers in Mexico at the end of each year",
    },
    "pl_ind_labour_relocations": {
        "es": "Personas reubicadas por el programa de integración laboral",
        "en": "People relocated by the labour integration programme",
    },
    "pl_ind_period": {"es": "Del {start} al {end}", "en": "From {start} to {end}"},
    "pl_series_claims": {"es": "Solicitudes", "en": "Claims"},
    "pl_series_decisions_total": {"es": "Resoluciones", "en": "Decisions"},
    "pl_series_refugees": {"es": "Refugiados", "en": "Refugees"},
    "pl_series_asylum_seekers": {"es": "Solicitantes de asilo", "en": "Asylum-seekers"},
    "pl_pledge_year": {"es": "compromiso {year}", "en": "pledge {year}"},
    "pl_export_csv": {"es": "Descargar CSV", "en": "Download CSV"},
    "pl_export_xlsx": {"es": "Descargar Excel", "en": "Download Excel"},
    "pl_export_hint": {
        "es": "Descarga los {shown} compromisos filtrados con todos sus campos; el archivo nombra la fuente y los filtros.",
        "en": "Downloads the {shown} filtered pledges with every field; the file names the source and the filters.",
    },
    "pl_export_filters": {"es": "Filtros: {filters}", "en": "Filters: {filters}"},
    "pl_export_count": {
        "es": "{shown} de {total} compromisos; versión de datos {version}; exportado el {when}.",
        "en": "{shown} of {total} pledges; data version {version}; exported {when}.",
    },
    "pl_no_filters": {"es": "ninguno (todos los compromisos)", "en": "none (every pledge)"},
    **{f"pl_value_{key}": {"es": es, "en": en} for key, (es, en) in _VALUES.items()},
    **{f"pl_field_{key}": {"es": es, "en": en} for key, (es, en) in _FIELDS.items()},
    **{f"pl_filter_{key}": {"es": es, "en": en} for key, (es, en) in _FILTERS.items()},
}
