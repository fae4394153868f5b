"""Texts of the officials pages (es / en): Overview, Arrivals, Trends, About."""

TEXTS: dict[str, dict[str, str]] = {
    # ---- shared by the officials' pages
    "claims_word": {"es": "solicitudes", "en": "claims"},
    "persons": {"es": "Personas", "en": "Persons"},
    "cumulative": {"es": "acumulado", "en": "cumulative"},
    "kind_year": {"es": "año", "en": "year"},
    "kind_month": {"es": "mes", "en": "month"},
    "kind_cumulative": {"es": "acumulado", "en": "cumulative"},
    "level_office": {"es": "oficina", "en": "office"},
    "level_state": {"es": "estado", "en": "state"},
    "figure_claims": {"es": "Solicitudes de asilo", "en": "Asylum claims"},
    "figure_refugees": {"es": "Personas refugiadas", "en": "Refugees"},
    "figure_asylum_seekers": {
        "es": "Solicitantes de asilo (personas en espera de decisión)",
        "en": "Asylum-seekers (persons awaiting a decision)",
    },
    "figure_oip": {
        "es": "Otras personas con necesidad de protección internacional",
        "en": "Other people in need of international protection",
    },
    "figure_recognized": {"es": "Condición de refugiado", "en": "Refugee status"},
    "figure_complementary": {"es": "Protección complementaria", "en": "Complementary protection"},
    "figure_rejected": {"es": "Rechazadas", "en": "Rejected"},
    "figure_closed": {"es": "Cerradas sin decisión de fondo", "en": "Closed without a decision on the merits"},
    "figure_refugee_rate": {
        "es": "Tasa de reconocimiento de la condición de refugiado",
        "en": "Refugee recognition rate",
    },
    "figure_protection_rate": {"es": "Tasa de protección total", "en": "Total protection rate"},
    "summary_empty": {"es": "No hay cifras para esta selección.", "en": "There are no figures for this selection."},
    "summary_series": {
        "es": "{what}: {first} en {first_x} y {last} en {last_x}; el máximo fue {peak} en {peak_x}.",
        "en": "{what}: {first} in {first_x} and {last} in {last_x}; the highest was {peak} in {peak_x}.",
    },
    "summary_largest": {
        "es": "En {x}, el grupo mayor fue {name}, con {value} de {total}.",
        "en": "In {x}, the largest group was {name}, with {value} of {total}.",
    },
    "changes_dataset_claims": {"es": "Solicitudes", "en": "Claims"},
    "changes_dataset_refugees": {"es": "Decisiones y población", "en": "Decisions and population"},
    # table headers
    "col_year": {"es": "Año", "en": "Year"},
    "col_claims": {"es": "Solicitudes", "en": "Claims"},
    "col_nationality": {"es": "Nacionalidad", "en": "Nationality"},
    "col_figure": {"es": "Cifra", "en": "Figure"},
    "col_persons": {"es": "Personas", "en": "Persons"},
    "col_area": {"es": "Oficina o estado", "en": "Office or state"},
    "col_state": {"es": "Estado", "en": "State"},
    "col_office": {"es": "Oficina", "en": "Office"},
    "col_level": {"es": "Nivel", "en": "Level"},
    "col_source": {"es": "Fuente", "en": "Source"},
    "col_source_id": {"es": "Id de fuente", "en": "Source id"},
    "col_as_of": {"es": "Al", "en": "As of"},
    "col_other_releases": {"es": "Otras publicaciones de la misma cifra", "en": "Other releases of the same figure"},
    "col_month": {"es": "Mes", "en": "Month"},
    "col_period": {"es": "Periodo", "en": "Period"},
    "col_period_start": {"es": "Inicio del periodo", "en": "Period start"},
    "col_period_end": {"es": "Fin del periodo", "en": "Period end"},
    "col_kind": {"es": "Tipo de periodo", "en": "Kind of period"},
    "col_note": {"es": "Nota", "en": "Note"},
    "col_recognized": {"es": "Condición de refugiado", "en": "Refugee status"},
    "col_complementary": {"es": "Protección complementaria", "en": "Complementary protection"},
    "col_rejected": {"es": "Rechazadas", "en": "Rejected"},
    "col_closed": {"es": "Cerradas", "en": "Closed"},
    "col_refugee_rate": {"es": "Tasa de reconocimiento", "en": "Refugee recognition rate"},
    "col_protection_rate": {"es": "Tasa de protección total", "en": "Total protection rate"},
    "col_refugees": {"es": "Personas refugiadas", "en": "Refugees"},
    "col_asylum_seekers": {"es": "Solicitantes de asilo", "en": "Asylum-seekers"},
    "col_oip": {"es": "Otras con necesidad de protección", "en": "Other in need of protection"},
    "col_publisher": {"es": "Quién publica", "en": "Publisher"},
    "col_title": {"es": "Título", "en": "Title"},
    "col_url": {"es": "Dirección", "en": "URL"},
    "col_licence": {"es": "Licencia", "en": "Licence"},
    "col_dataset": {"es": "Conjunto de datos", "en": "Dataset"},
    "col_version_id": {"es": "Versión", "en": "Version"},
    "col_created_at": {"es": "Publicada el", "en": "Published at"},
    "col_created_by": {"es": "Publicada por", "en": "Published by"},
    "col_file_name": {"es": "Archivo", "en": "File"},
    "col_row_count": {"es": "Filas", "en": "Rows"},
    "col_meaning": {"es": "Significado", "en": "Meaning"},
    "col_before": {"es": "Antes", "en": "Before"},
    "col_after": {"es": "Después", "en": "After"},
    # ---- Overview
    "overview_lead": {
        "es": "Asilo y refugio en México en cifras publicadas: cada dato con su fuente y su fecha de corte.",
        "en": "Asylum and refugees in Mexico in published figures: each one with its source and as-of date.",
    },
    "overview_trends": {"es": "Tendencia desde 2013", "en": "Trend since 2013"},
    "overview_trends_title": {
        "es": "Solicitudes por año y población a fin de año",
        "en": "Claims per year and population at the end of the year",
    },
    "june2020_title": {
        "es": "Cifras a junio de 2020 (página de ACNUR sobre el Pacto Mundial en México)",
        "en": "Figures as of June 2020 (UNHCR page on the Global Compact in Mexico)",
    },
    "june2020_refugees": {"es": "personas refugiadas (a {date})", "en": "refugees (as of {date})"},
    "june2020_asylum_seekers": {"es": "solicitudes de asilo (a {date})", "en": "asylum claims (as of {date})"},
    "june2020_share": {
        "es": "parte de las solicitudes recibidas en Chiapas ({period})",
        "en": "share of claims received in Chiapas ({period})",
    },
    "june2020_released": {
        "es": "solicitantes liberados de estaciones migratorias ({period})",
        "en": "asylum-seekers released from migration stations ({period})",
    },
    "june2020_relocations": {
        "es": "personas reubicadas por el programa de integración laboral ({period})",
        "en": "people relocated by the labour integration programme ({period})",
    },
    "june2020_note": {
        "es": "Panel fechado: son las cifras que la página daba en 2020, no cifras actuales. La página llama a 78,619 «solicitudes de asilo a junio de 2020» bajo el título «Solicitantes de asilo»; la parte de Chiapas no tiene periodo en la página (se supone 2019).",
        "en": "A dated panel: these are the figures the page gave in 2020, not current ones. The page calls 78,619 “the number of asylum claims as of June 2020” under the heading “Asylum seekers”; the Chiapas share has no period on the page (2019 is assumed).",
    },
    "changes_title": {"es": "Qué cambió en los datos más recientes", "en": "What changed in the latest data"},
    "changes_none": {
        "es": "{dataset}: se muestran los datos con que se instaló el tablero; aún no hay una versión anterior con qué comparar.",
        "en": "{dataset}: the dashboard shows the data it was installed with; there is no earlier version to compare with yet.",
    },
    "changes_summary": {
        "es": "{dataset}, frente a la versión anterior: filas nuevas {added}, retiradas {removed}, cifras revisadas {revised}. Periodos nuevos: {periods}.",
        "en": "{dataset}, against the previous version: new rows {added}, removed {removed}, revised figures {revised}. New periods: {periods}.",
    },
    "changes_figures_lead": {
        "es": "Cifras que cambiaron (cada una de una sola publicación y periodo, en el desglose en que se publicó):",
        "en": "Figures that changed (each from one release and period, at the breakdown it was published at):",
    },
    "changes_figure": {
        "es": "{release}, {period}, {figure}, {breakdown}: {before} → {after}",
        "en": "{release}, {period}, {figure}, {breakdown}: {before} → {after}",
    },
    "changes_more": {"es": "… y {count} cifras más en la tabla.", "en": "… and {count} more figures in the table."},
    "changes_more_one": {"es": "… y 1 cifra más en la tabla.", "en": "… and 1 more figure in the table."},
    "changes_at_national": {"es": "total nacional", "en": "national total"},
    "changes_at_state": {"es": "estado {name}", "en": "state {name}"},
    "changes_at_office": {"es": "oficina {name}", "en": "office {name}"},
    "changes_at_nationality": {"es": "nacionalidad {name}", "en": "nationality {name}"},
    "changes_at_sex": {"es": "sexo {name}", "en": "sex {name}"},
    "changes_at_age_group": {"es": "edad {name}", "en": "age {name}"},
    "figure_positive": {"es": "Decisiones positivas (sin desglose)", "en": "Positive decisions (not split)"},
    "figure_decisions_total": {"es": "Todas las decisiones", "en": "All decisions"},
    "col_release": {"es": "Publicación", "en": "Release"},
    "col_breakdown": {"es": "Desglose", "en": "Breakdown"},
    "context_title": {"es": "Contexto", "en": "Context"},
    "context_text": {
        "es": "México es uno de los siete países del Marco Integral Regional para la Protección y Soluciones (MIRPS) desde su adopción en octubre de 2017, como aporte regional al Pacto Mundial sobre los Refugiados. "
        "La Comisión Mexicana de Ayuda a Refugiados (COMAR), parte de la Secretaría de Gobernación, recibe las solicitudes de asilo y decide si reconoce la condición de refugiado o, si no procede, concede protección complementaria; coordina además mesas interinstitucionales con otras dependencias, organismos internacionales y sociedad civil. "
        "Las solicitudes han crecido con fuerza desde 2016: según ACNUR pasaron de {first} en {first_year} a {peak} en {peak_year}, y la mayoría se presenta en el sur del país, sobre todo en Tapachula (Chiapas).",
        "en": "Mexico is one of the seven countries of the Comprehensive Regional Protection and Solutions Framework (MIRPS), taking part since it was adopted in October 2017 as a regional contribution to the Global Compact on Refugees. "
        "The Mexican Commission for Refugee Assistance (COMAR), part of the Ministry of the Interior, receives asylum claims and decides whether to recognise refugee status or, where that does not apply, to grant complementary protection; it also convenes inter-institutional roundtables with other ministries, international organisations and civil society. "
        "Claims have risen steeply since 2016: by UNHCR's count from {first} in {first_year} to {peak} in {peak_year}, most of them lodged in the south, above all in Tapachula (Chiapas).",
    },
    "context_text_short": {
        "es": "México es uno de los siete países del Marco Integral Regional para la Protección y Soluciones (MIRPS) desde su adopción en octubre de 2017. La Comisión Mexicana de Ayuda a Refugiados (COMAR), parte de la Secretaría de Gobernación, recibe las solicitudes de asilo y decide sobre ellas.",
        "en": "Mexico is one of the seven countries of the Comprehensive Regional Protection and Solutions Framework (MIRPS) since its adoption in October 2017. The Mexican Commission for Refugee Assistance (COMAR), part of the Ministry of the Interior, receives and decides asylum claims.",
    },
    # ---- Arrivals
    "arrivals_no_periods": {
        "es": "Los datos de solicitudes en uso no tienen cifras por oficina ni por estado: no hay nada que dibujar en el mapa.",
        "en": "The claims data in use has no figures by office or by state: there is nothing to draw on the map.",
    },
    "arrivals_lead": {
        "es": "Solicitudes de asilo registradas por oficina de la COMAR y por estado, según las cifras de la COMAR publicadas en prensa. Elija un periodo; los periodos acumulados se indican como tales.",
        "en": "Asylum claims registered per COMAR office and per state, from COMAR figures published in the press. Pick a period; cumulative periods are labelled as such.",
    },
    "arrivals_year": {
        "es": "Año (solo años con cifras por oficina o estado)",
        "en": "Year (only years with figures by office or state)",
    },
    "arrivals_period": {
        "es": "Periodo dentro del año: un mes, o de enero a la fecha",
        "en": "Period within the year: a month, or January to date",
    },
    "arrivals_next": {"es": "Siguiente", "en": "Next"},
    "arrivals_play": {"es": "Reproducir", "en": "Play"},
    "arrivals_map_title": {
        "es": "Solicitudes por oficina y estado: {period}",
        "en": "Claims by office and state: {period}",
    },
    "arrivals_no_figures": {
        "es": "Para {period} no hay cifras por oficina ni por estado en personas que se puedan mostrar.",
        "en": "For {period} there are no figures by office or state, in persons, that can be shown.",
    },
    "arrivals_no_office_breakdown": {
        "es": "Para {period} no se publicó un desglose por oficina: solo se sombrean los estados con cifra; las oficinas se marcan sin tamaño, no con cero.",
        "en": "No breakdown by office was published for {period}: only states with a figure are shaded; offices are marked without a size, not as zero.",
    },
    "arrivals_cumulative_note": {
        "es": "{period} es un periodo acumulado: cada cifra cuenta todas las solicitudes desde el inicio del periodo.",
        "en": "{period} is a cumulative period: each figure counts every claim since the start of the period.",
    },
    "arrivals_summary": {
        "es": "En {period} hay {count} cifras por oficina o estado; la mayor es {area}, con {claims} solicitudes.",
        "en": "For {period} there are {count} figures by office or state; the largest is {area}, with {claims} claims.",
    },
    "arrivals_summary_one": {
        "es": "En {period} hay 1 cifra por oficina o estado: {area}, con {claims} solicitudes.",
        "en": "For {period} there is 1 figure by office or state: {area}, with {claims} claims.",
    },
    "arrivals_points_note": {
        "es": "Los puntos son las ciudades de las oficinas (GeoNames), no sus direcciones. Tamaño: solicitudes de la oficina; rojo: cifra propia de la oficina; azul: solo hay cifra de su estado; gris: sin cifra; gris claro: aún no abría. Un estado sin cifra propia suma las de sus oficinas.",
        "en": "Points are the offices' cities (GeoNames), not their addresses. Size: the office's claims; red: the office's own figure; blue: only its state has a figure; grey: no figure; light grey: not yet open. A state without its own figure adds up its offices' figures.",
    },
    "arrivals_not_open": {"es": "Aún no abrían en {year}: {names}.", "en": "Not yet open in {year}: {names}."},
    "arrivals_disagree": {
        "es": "{area}: esta publicación da {claims}; otras publicaciones dan {others}.",
        "en": "{area}: this release gives {claims}; other releases give {others}.",
    },
    "arrivals_section_map": {"es": "Mapa por periodo", "en": "Map by period"},
    "arrivals_section_office": {"es": "Por oficina", "en": "By office"},
    "arrivals_office_title": {"es": "Una oficina a lo largo del tiempo", "en": "One office over time"},
    "arrivals_office": {"es": "Oficina", "en": "Office"},
    "arrivals_office_placeholder": {"es": "Elija una oficina", "en": "Choose an office"},
    "arrivals_office_none": {
        "es": "No hay cifras publicadas para {office} ni para su estado.",
        "en": "No figures have been published for {office} or its state.",
    },
    "arrivals_office_by_state": {
        "es": "No hay cifras propias de {office}; se muestran las de su estado, que la COMAR publica por estado.",
        "en": "{office} has no figures of its own; its state's figures are shown, which COMAR publishes by state.",
    },
    "map_states": {"es": "Estados", "en": "States"},
    "map_states_with_figures": {"es": "Estados con cifra", "en": "States with a figure"},
    "map_basis_state": {"es": "cifra del estado", "en": "state figure"},
    "map_basis_offices": {"es": "suma de sus oficinas", "en": "sum of its offices"},
    "office_status_office": {"es": "Oficina con cifra propia", "en": "Office with its own figure"},
    "office_status_state": {"es": "Cifra solo por estado", "en": "Figure by state only"},
    "office_status_none": {"es": "Sin cifra en el periodo", "en": "No figure in the period"},
    "office_status_not_open": {"es": "Aún no abría", "en": "Not yet open"},
    # ---- issue 11: one release per map, how each figure is made, rates only for complete years
    "summary_one_point": {"es": "{what}: {value} en {x}.", "en": "{what}: {value} in {x}."},
    "summary_one_year": {
        "es": "En {x}: {total} solicitudes; el grupo mayor fue {name}, con {value}.",
        "en": "In {x}: {total} claims; the largest group was {name}, with {value}.",
    },
    "rate_gaps": {
        "es": "Sin tasa donde las decisiones están incompletas: {gaps}.",
        "en": "No rate where the decisions are incomplete: {gaps}.",
    },
    "rate_gap_no_decisions": {"es": "no se publicaron decisiones", "en": "no decisions published"},
    "rate_gap_not_reported": {"es": "sin cifras de {outcomes}", "en": "no {outcomes} reported"},
    "outcome_recognized": {"es": "reconocimientos", "en": "recognitions"},
    "outcome_complementary": {"es": "protección complementaria", "en": "complementary protection"},
    "outcome_rejected": {"es": "rechazos", "en": "rejections"},
    "outcome_closed": {"es": "casos cerrados", "en": "closed cases"},
    "col_share": {"es": "Parte del total nacional", "en": "Share of the national total"},
    "col_basis": {"es": "Cómo se obtiene la cifra", "en": "How the figure is made"},
    "col_rate_note": {"es": "Nota sobre la tasa", "en": "Note on the rate"},
    "level_nationality": {"es": "nacionalidad", "en": "nationality"},
    "level_sex": {"es": "sexo", "en": "sex"},
    "level_age_group": {"es": "edad", "en": "age"},
    "basis_total": {"es": "cifra publicada", "en": "published figure"},
    "basis_sum_offices": {
        "es": "suma de las oficinas del estado: {parts}",
        "en": "sum of the state's offices: {parts}",
    },
    "basis_partial_offices": {
        "es": "solo {parts}; sin cifra de {missing}",
        "en": "{parts} only; no figure for {missing}",
    },
    "basis_only_offices": {"es": "solo {parts}", "en": "{parts} only"},
    "basis_sum_nationalities": {
        "es": "suma de las nacionalidades de la publicación ({parts})",
        "en": "sum of the nationalities in the release ({parts})",
    },
    "basis_partial_nationalities": {
        "es": "suma de las nacionalidades de la publicación ({parts}); no incluye otras nacionalidades",
        "en": "sum of the nationalities in the release ({parts}); other nationalities not included",
    },
    "basis_sum_level": {
        "es": "suma de las filas por {level} de la publicación ({parts})",
        "en": "sum of the release's rows by {level} ({parts})",
    },
    "map_share": {
        "es": "({share} del total nacional de la publicación)",
        "en": "({share} of the release's national total)",
    },
    "arrivals_summary_share": {
        "es": " Es el {share} del total nacional de esa publicación, {national}.",
        "en": " That is {share} of that release's national total of {national}.",
    },
    "arrivals_release": {"es": "Publicación", "en": "Release"},
    "arrivals_release_no_offices": {
        "es": "Esta publicación no da cifras por oficina para {period} (otra publicación sí): solo se sombrean los estados con cifra.",
        "en": "This release gives no figures by office for {period} (another release does): only states with a figure are shaded.",
    },
    "arrivals_release_shown": {
        "es": "Cifras de una sola publicación: {release}.",
        "en": "Figures from one release: {release}.",
    },
    "arrivals_release_national": {
        "es": "Total nacional en esa publicación: {national}.",
        "en": "National total in that release: {national}.",
    },
    "arrivals_release_no_national": {
        "es": "Esa publicación no da un total nacional: no se calcula la parte de cada oficina.",
        "en": "That release gives no national total: no office's share is computed.",
    },
    "arrivals_release_others": {
        "es": "Otras publicaciones de este periodo: {count}; puede elegirlas arriba. Nunca se mezclan en un mapa.",
        "en": "Other releases of this period: {count}; choose one above. They are never mixed into one map.",
    },
    # ---- Trends
    "trends_no_unhcr": {
        "es": "Los datos de solicitudes en uso no tienen las cifras anuales de ACNUR por nacionalidad.",
        "en": "The claims data in use has no UNHCR yearly figures by nationality.",
    },
    "trends_years": {"es": "Años", "en": "Years"},
    "trends_top": {"es": "Nacionalidades principales", "en": "Top nationalities"},
    "trends_nations": {"es": "Nacionalidades", "en": "Nationalities"},
    "trends_nations_placeholder": {"es": "Las principales", "en": "The top ones"},
    "trends_filters_top": {
        "es": "Años {years} · las {top} nacionalidades con más solicitudes",
        "en": "Years {years} · the {top} nationalities with the most claims",
    },
    "trends_filters_top_one": {
        "es": "Años {years} · la nacionalidad con más solicitudes",
        "en": "Years {years} · the nationality with the most claims",
    },
    "trends_filters_nations": {"es": "Años {years} · {nations}", "en": "Years {years} · {nations}"},
    "trends_section_claims": {"es": "Solicitudes", "en": "Claims"},
    "trends_section_monthly": {"es": "Por mes y publicación", "en": "By month and release"},
    "trends_section_decisions": {"es": "Decisiones", "en": "Decisions"},
    "trends_section_rates": {"es": "Tasas de reconocimiento", "en": "Recognition rates"},
    "trends_section_population": {"es": "Población", "en": "Population"},
    "trends_section_office": {"es": "Por oficina", "en": "By office"},
    "trends_claims_title": {
        "es": "Solicitudes de asilo por año y nacionalidad",
        "en": "Asylum claims per year by nationality",
    },
    "trends_monthly_title": {
        "es": "Solicitudes por mes (cifras de la COMAR en prensa)",
        "en": "Claims per month (COMAR figures in the press)",
    },
    "trends_monthly_summary": {
        "es": "Hay cifras nacionales de {count} meses en los años elegidos; faltan los demás meses.",
        "en": "There are national figures for {count} months in the chosen years; the other months are missing.",
    },
    "trends_monthly_summary_one": {
        "es": "Hay cifras nacionales de 1 mes en los años elegidos; faltan los demás meses.",
        "en": "There are national figures for 1 month in the chosen years; the other months are missing.",
    },
    "unhcr_national_sum": {
        "es": "El ACNUR no publica un total nacional: cada cifra nacional del ACNUR es la suma de las nacionalidades"
        " de su publicación, que enumera todos los países de origen (incluidos los desconocidos).",
        "en": "UNHCR publishes no national total: each UNHCR national figure is the sum of the nationalities in"
        " UNHCR's release, which lists every country of origin (unknown included).",
    },
    "unhcr_national_partial": {
        "es": "En {years} la publicación no incluye todas las nacionalidades: la cifra es parcial.",
        "en": "In {years} the release does not list every nationality: the figure is partial.",
    },
    "trends_national_title": {
        "es": "Cifras nacionales publicadas (COMAR y otros organismos), publicación por publicación",
        "en": "National figures as published (COMAR and other bodies), release by release",
    },
    "trends_national_summary": {
        "es": "{count} cifras nacionales de {releases} publicaciones en los años elegidos, cada una con su periodo"
        " (mes, año o acumulado) tal como se publicó; nunca se suman publicaciones ni periodos.",
        "en": "{count} national figures from {releases} releases in the chosen years, each for its period (month,"
        " year or cumulative) as published; releases and periods are never added together.",
    },
    "trends_national_summary_one": {
        "es": "1 cifra nacional en los años elegidos, para su periodo tal como se publicó.",
        "en": "1 national figure in the chosen years, for its period as published.",
    },
    "trends_nationalities_title": {
        "es": "Solicitudes por nacionalidad publicadas (COMAR y otros organismos), publicación por publicación",
        "en": "Claims by nationality as published (COMAR and other bodies), release by release",
    },
    "trends_nationalities_summary": {
        "es": "{count} cifras por nacionalidad de {releases} publicaciones en los años elegidos; cada fila es de"
        " una publicación y un periodo, nunca sumada con otra ni con las cifras del ACNUR.",
        "en": "{count} figures by nationality from {releases} releases in the chosen years; each row is one release"
        " and one period, never added to another or to UNHCR's figures.",
    },
    "trends_nationalities_summary_one": {
        "es": "1 cifra por nacionalidad en los años elegidos, de una publicación, nunca sumada con las del ACNUR.",
        "en": "1 figure by nationality in the chosen years, from one release, never added to UNHCR's.",
    },
    "release_tied": {
        "es": "{release} (misma fecha que {others}; se muestra la primera por identificador)",
        "en": "{release} (same date as {others}; the first by id is shown)",
    },
    "col_approx": {"es": "Redondeo de la fuente", "en": "Source's rounding"},
    "col_nationality_code": {"es": "Código de nacionalidad", "en": "Nationality code"},
    "col_state_code": {"es": "Código de estado (INEGI)", "en": "State code (INEGI)"},
    "col_office_code": {"es": "Código de oficina", "en": "Office code"},
    "trends_decisions_title": {"es": "Decisiones por resultado", "en": "Decisions by outcome"},
    "trends_rates_title": {"es": "Tasas de reconocimiento", "en": "Recognition rates"},
    "trends_rate": {"es": "Tasa", "en": "Rate"},
    "definition_refugee_rate": {
        "es": "Tasa de reconocimiento de la condición de refugiado = reconocidas ÷ (reconocidas + protección complementaria + rechazadas). Las cerradas sin decisión de fondo no cuentan.",
        "en": "Refugee recognition rate = recognised ÷ (recognised + complementary protection + rejected). Cases closed without a decision on the merits are left out.",
    },
    "definition_protection_rate": {
        "es": "Tasa de protección total = (reconocidas + protección complementaria) ÷ (reconocidas + protección complementaria + rechazadas). Las cerradas sin decisión de fondo no cuentan.",
        "en": "Total protection rate = (recognised + complementary protection) ÷ (recognised + complementary protection + rejected). Cases closed without a decision on the merits are left out.",
    },
    "trends_population_title": {"es": "Población a fin de año", "en": "Population at the end of the year"},
    "trends_pending": {
        "es": "Solicitantes de asilo: a fines de {year}, {count} personas esperaban una decisión sobre su solicitud.",
        "en": "Asylum-seekers: at the end of {year}, {count} people were waiting for a decision on their claim.",
    },
    "trends_office_title": {"es": "Por oficina (donde hay cifras)", "en": "By office (where figures exist)"},
    "trends_office": {"es": "Oficina", "en": "Office"},
    "trends_office_summary": {
        "es": "{office}: {count} cifras publicadas.",
        "en": "{office}: {count} published figures.",
    },
    "trends_office_ties": {
        "es": "Dos publicaciones de la misma fecha dan {periods}: la barra muestra la primera por identificador y la"
        " tabla ambas.",
        "en": "Two releases of the same date give {periods}: the bar shows the first by id and the table both.",
    },
    "trends_office_summary_one": {"es": "{office}: 1 cifra publicada.", "en": "{office}: 1 published figure."},
    "trends_office_caveat": {
        "es": "Los periodos acumulados se solapan: no se suman; la gráfica muestra la publicación más reciente de cada periodo y la tabla todas.",
        "en": "Cumulative periods overlap: they are not added up; the chart shows the latest release of each period and the table all of them.",
    },
    # ---- About
    "about_lead": {
        "es": "De dónde vienen las cifras, qué significan y qué versión de los datos se muestra.",
        "en": "Where the figures come from, what they mean, and which version of the data is shown.",
    },
    "about_sources_title": {"es": "Fuentes y licencias", "en": "Sources and licences"},
    "about_press_sources": {
        "es": "Además, {count} notas de prensa que citan cifras de la COMAR o de otro organismo (INM, ACNUR, CNDH, Segob…); cada nota nombra quién produjo sus cifras y cada cifra su nota.",
        "en": "Also {count} press reports quoting figures of COMAR or of another body (INM, UNHCR, CNDH, Segob…); each report names who produced its figures, and each figure its report.",
    },
    "about_press_sources_all": {"es": "Ver las notas de prensa", "en": "See the press reports"},
    "about_definitions_title": {"es": "Definiciones", "en": "Definitions"},
    "about_glossary_title": {"es": "Glosario (español / inglés)", "en": "Glossary (Spanish / English)"},
    "about_versions_title": {"es": "Versiones de los datos en uso", "en": "Data versions in use"},
    "about_versions_note": {
        "es": "«seed» es la carga inicial desde data/; las demás versiones las publica el personal.",
        "en": "“seed” is the initial load from data/; other versions are published by staff.",
    },
    # terms and their definitions (Definitions section and glossary)
    "term_claim": {"es": "Solicitud de asilo", "en": "Asylum claim"},
    "define_claim": {
        "es": "Petición de reconocimiento de la condición de refugiado presentada ante la COMAR; se cuenta en personas (o en casos, que pueden cubrir a una familia).",
        "en": "A request for refugee status lodged with COMAR; counted in persons (or in cases, which can cover a family).",
    },
    "term_asylum_seeker": {"es": "Solicitante de asilo", "en": "Asylum-seeker"},
    "define_asylum_seeker": {
        "es": "Persona cuya solicitud aún no tiene decisión; la cifra de fin de año equivale a los casos pendientes.",
        "en": "A person whose claim has not yet been decided; the end-of-year figure is the number of pending cases.",
    },
    "term_refugee": {"es": "Persona refugiada", "en": "Refugee"},
    "define_refugee": {
        "es": "Persona reconocida como refugiada según la ley mexicana, que incluye la definición ampliada de la Declaración de Cartagena.",
        "en": "A person recognised as a refugee under Mexican law, which includes the broader definition of the Cartagena Declaration.",
    },
    "term_complementary": {"es": "Protección complementaria", "en": "Complementary protection"},
    "define_complementary": {
        "es": "Protección que la COMAR concede a quien no cumple la definición de refugiado pero cuya vida correría peligro si regresara.",
        "en": "Protection COMAR grants to someone who does not meet the refugee definition but whose life would be in danger if returned.",
    },
    "term_refugee_rate": {"es": "Tasa de reconocimiento", "en": "Refugee recognition rate"},
    "define_refugee_rate": {
        "es": "Reconocidas ÷ decisiones de fondo (reconocidas + protección complementaria + rechazadas), como la calcula ACNUR.",
        "en": "Recognised ÷ substantive decisions (recognised + complementary protection + rejected), as UNHCR computes it.",
    },
    "term_protection_rate": {"es": "Tasa de protección total", "en": "Total protection rate"},
    "define_protection_rate": {
        "es": "(Reconocidas + protección complementaria) ÷ decisiones de fondo.",
        "en": "(Recognised + complementary protection) ÷ substantive decisions.",
    },
    "term_closed": {"es": "Caso cerrado", "en": "Closed case"},
    "define_closed": {
        "es": "Solicitud abandonada o desistida, cerrada sin decisión de fondo; no entra en las tasas.",
        "en": "A claim abandoned or withdrawn, closed without a decision on the merits; left out of the rates.",
    },
    "term_cumulative": {"es": "Periodo acumulado", "en": "Cumulative period"},
    "define_cumulative": {
        "es": "Cifra que cubre varios meses o años (p. ej. ene–may 2024); no se suma a las de periodos que se solapan.",
        "en": "A figure covering several months or years (e.g. Jan–May 2024); never added to figures of overlapping periods.",
    },
    "term_total_marker": {"es": "Total (_T)", "en": "Total (_T)"},
    "define_total_marker": {
        "es": "Marca de una dimensión sin desglose (todas las nacionalidades, todas las oficinas); un total nunca se suma con sus partes.",
        "en": "Marks a dimension that is not broken down (all nationalities, all offices); a total is never added to its parts.",
    },
    "term_comar": {"es": "COMAR", "en": "COMAR"},
    "define_comar": {
        "es": "Comisión Mexicana de Ayuda a Refugiados (Secretaría de Gobernación).",
        "en": "Mexican Commission for Refugee Assistance (Ministry of the Interior).",
    },
    "term_mirps": {"es": "MIRPS", "en": "MIRPS"},
    "define_mirps": {
        "es": "Marco Integral Regional para la Protección y Soluciones, adoptado en octubre de 2017.",
        "en": "Comprehensive Regional Protection and Solutions Framework, adopted in October 2017.",
    },
    "term_gcr": {"es": "Pacto Mundial sobre los Refugiados", "en": "Global Compact on Refugees"},
    "define_gcr": {
        "es": "Marco de la ONU (2018) para repartir la responsabilidad de proteger a las personas refugiadas.",
        "en": "UN framework (2018) for sharing responsibility for protecting refugees.",
    },
    "term_grf": {"es": "Foro Mundial sobre los Refugiados", "en": "Global Refugee Forum"},
    "define_grf": {
        "es": "Reunión (2019, 2023) donde Estados y otros actores anuncian compromisos.",
        "en": "Meeting (2019, 2023) where States and others announce pledges.",
    },
    "term_unhcr": {"es": "ACNUR", "en": "UNHCR"},
    "define_unhcr": {
        "es": "Alto Comisionado de las Naciones Unidas para los Refugiados.",
        "en": "United Nations High Commissioner for Refugees.",
    },
    "term_inm": {"es": "INM", "en": "INM"},
    "define_inm": {"es": "Instituto Nacional de Migración.", "en": "National Migration Institute."},
    "term_curp": {"es": "CURP temporal", "en": "Temporary CURP"},
    "define_curp": {
        "es": "Clave Única de Registro de Población provisional para solicitantes de asilo.",
        "en": "Provisional Unique Population Registry Code for asylum-seekers.",
    },
}
