"""Texts shared by every page and the validation messages (row, column and value are filled in)."""

TEXTS: dict[str, dict[str, str]] = {
    "app_title": {"es": "MIRPS México: asilo y refugio", "en": "MIRPS Mexico: asylum and refugees"},
    "language": {"es": "Idioma", "en": "Language"},
    "filters": {"es": "Filtros", "en": "Filters"},
    "page_overview": {"es": "Resumen", "en": "Overview"},
    "page_arrivals": {"es": "Llegadas", "en": "Arrivals"},
    "page_trends": {"es": "Tendencias", "en": "Trends"},
    "page_pledges": {"es": "Compromisos", "en": "Pledges"},
    "page_data": {"es": "Datos (personal)", "en": "Data (staff)"},
    "page_about": {"es": "Acerca de", "en": "About"},
    "source_line": {
        "es": "Fuente: {publisher}, {title}. Al {as_of}.",
        "en": "Source: {publisher}, {title}. As of {as_of}.",
    },
    "attribution_via": {"es": "{producer}, vía {publisher} ({as_of})", "en": "{producer}, via {publisher} ({as_of})"},
    "attribution_own": {"es": "{publisher} ({as_of})", "en": "{publisher} ({as_of})"},
    "body_unhcr": {"es": "ACNUR", "en": "UNHCR"},
    "body_comar_and_unhcr": {"es": "COMAR y ACNUR", "en": "COMAR and UNHCR"},
    "body_government_of_mexico": {"es": "Gobierno de México", "en": "Government of Mexico"},
    "body_government_and_partners": {"es": "Gobierno y socios", "en": "Government and partners"},
    "approx_about": {"es": "cerca de {value}", "en": "about {value}"},
    "approx_over": {"es": "más de {value}", "en": "over {value}"},
    "approx_under": {"es": "casi {value}", "en": "nearly {value}"},
    "col_producer": {"es": "Quién produjo la cifra", "en": "Produced by"},
    "col_attribution": {"es": "Cifras de", "en": "Figures from"},
    "mixed_sources": {"es": "Esta cifra combina {count} fuentes:", "en": "This figure combines {count} sources:"},
    "uploaded_version_line": {
        "es": "Datos subidos: {dataset}, versión {version} del {day} (archivo {file}).",
        "en": "Uploaded data: {dataset}, version {version} of {day} (file {file}).",
    },
    "copy_link": {"es": "Copiar enlace a esta vista", "en": "Copy a link to this view"},
    "table_view": {"es": "Ver como tabla y descargar", "en": "View as a table and download"},
    "download_csv": {"es": "Descargar CSV", "en": "Download CSV"},
    "version_line": {"es": "Versión de datos {version}", "en": "Data version {version}"},
    "kpi_claims": {"es": "Solicitudes de asilo registradas en {year}", "en": "Asylum claims lodged in {year}"},
    "kpi_refugees": {"es": "Personas refugiadas a fines de {year}", "en": "Refugees at the end of {year}"},
    "kpi_asylum_seekers": {
        "es": "Solicitantes de asilo a fines de {year}",
        "en": "Asylum-seekers at the end of {year}",
    },
    "kpi_recognized": {
        "es": "Reconocimientos de la condición de refugiado en {year}",
        "en": "Refugee status recognitions in {year}",
    },
    "kpi_sparkline_alt": {
        "es": "{figure}: línea de {first_year} a {last_year}, de {first} a {last}.",
        "en": "{figure}: line from {first_year} to {last_year}, from {first} to {last}.",
    },
    # validation messages
    "problem_row": {"es": "Fila {row}", "en": "Row {row}"},
    "problem_file": {"es": "Archivo", "en": "File"},
    "msg_empty_file": {"es": "El archivo está vacío.", "en": "The file is empty."},
    "msg_binary_file": {
        "es": "El archivo no es texto CSV ni un libro de Excel (.xlsx).",
        "en": "The file is neither CSV text nor an Excel workbook (.xlsx).",
    },
    "msg_unbalanced_quotes": {
        "es": "Hay comillas sin cerrar a partir de esta fila.",
        "en": "A quote is not closed from this row on.",
    },
    "msg_no_rows": {
        "es": "El archivo solo tiene encabezado, sin filas de datos.",
        "en": "The file has a header but no data rows.",
    },
    "msg_missing_column": {
        "es": "Falta la columna obligatoria «{column}»: agréguela con ese encabezado (vea la plantilla).",
        "en": "The required column “{column}” is missing: add it with that header (see the template).",
    },
    "msg_duplicate_column": {
        "es": "La columna «{column}» aparece dos veces: borre o renombre una.",
        "en": "The column “{column}” appears twice: delete or rename one.",
    },
    "msg_unknown_column": {
        "es": "Columna «{value}» desconocida: se ignora.",
        "en": "Unknown column “{value}”: ignored.",
    },
    "msg_personal_data_column": {
        "es": "La columna «{value}» contiene datos personales; el tablero solo admite cifras agregadas.",
        "en": "The column “{value}” holds personal data; the dashboard accepts aggregate figures only.",
    },
    "msg_personal_data": {
        "es": "«{value}» parece un dato personal ({kind}); el tablero solo admite cifras agregadas: bórrelo de la celda.",
        "en": "“{value}” looks like personal data ({kind}); the dashboard accepts aggregate figures only: delete it from the cell.",
    },
    "msg_ragged_row": {
        "es": "La fila tiene {value} celdas y el encabezado {expected}.",
        "en": "The row has {value} cells and the header {expected}.",
    },
    "msg_impossible_date": {
        "es": "«{value}» no es una fecha posible: revise el día y el mes (DD/MM/AAAA o AAAA-MM).",
        "en": "“{value}” is not a possible date: check the day and month (DD/MM/YYYY or YYYY-MM).",
    },
    "msg_bad_period": {
        "es": "«{value}» no es un periodo (AAAA, AAAA-MM o una fecha DD/MM/AAAA).",
        "en": "“{value}” is not a period (YYYY, YYYY-MM or a date DD/MM/YYYY).",
    },
    "msg_negative_count": {
        "es": "«{value}» es negativo; se espera un número entero de cero o más.",
        "en": "“{value}” is negative; a whole number of zero or more is expected.",
    },
    "msg_not_a_count": {
        "es": "«{value}» no es un número entero: escriba solo cifras, p. ej. 12345 o 12,345.",
        "en": "“{value}” is not a whole number: write digits only, e.g. 12345 or 12,345.",
    },
    "msg_not_a_number": {
        "es": "«{value}» no es un número: escriba cifras con punto decimal, p. ej. 16.75.",
        "en": "“{value}” is not a number: write digits with a decimal point, e.g. 16.75.",
    },
    "msg_not_a_year": {
        "es": "«{value}» no es un año: escriba cuatro cifras, p. ej. 2023.",
        "en": "“{value}” is not a year: write four digits, e.g. 2023.",
    },
    "msg_unknown_state": {
        "es": "Estado «{value}» desconocido. Escriba el nombre o la clave INEGI de un estado (p. ej. Chiapas, 07, CDMX).",
        "en": "Unknown state “{value}”. Write a state's name or INEGI code (e.g. Chiapas, 07, CDMX).",
    },
    "msg_unknown_country": {
        "es": "País «{value}» desconocido. Escriba el nombre en español o inglés o el código ISO de tres letras (p. ej. Haití, HND).",
        "en": "Unknown country “{value}”. Write its name in Spanish or English or its three-letter ISO code (e.g. Haiti, HND).",
    },
    "msg_unknown_office": {
        "es": "Oficina «{value}» desconocida. Escriba el nombre, la ciudad o la clave de una oficina de la COMAR (p. ej. Tapachula), o agréguela antes a las oficinas.",
        "en": "Unknown office “{value}”. Write the name, city or id of a COMAR office (e.g. Tapachula), or add it to the offices first.",
    },
    "msg_unknown_code": {
        "es": "«{value}» no es un valor admitido en «{column}». Escriba uno de estos: {accepted}.",
        "en": "“{value}” is not an accepted value of “{column}”. Write one of: {accepted}.",
    },
    "msg_unknown_source": {
        "es": "Fuente «{value}» desconocida: agréguela antes a las fuentes.",
        "en": "Unknown source “{value}”: add it to the sources first.",
    },
    "msg_required_value": {
        "es": "Falta el valor obligatorio de «{column}»: escríbalo en esta fila.",
        "en": "The required value of “{column}” is missing: write it in this row.",
    },
    "msg_end_before_start": {
        "es": "El fin del periodo «{value}» es anterior a su inicio: corrija el inicio o el fin.",
        "en": "The period end “{value}” is before its start: correct the start or the end.",
    },
    "msg_office_state_mismatch": {
        "es": "La oficina {office} está en {expected}, no en «{value}»: corrija el estado o déjelo vacío.",
        "en": "Office {office} is in {expected}, not “{value}”: correct the state or leave it empty.",
    },
    "msg_check_isin": {
        "es": "«{value}» no es un valor admitido en «{column}». Escriba uno de estos: {accepted}.",
        "en": "“{value}” is not an accepted value of “{column}”. Write one of: {accepted}.",
    },
    "msg_check_between": {
        "es": "«{value}» está fuera de lo admitido en «{column}»: escriba un valor entre {min} y {max}.",
        "en": "“{value}” is out of range for “{column}”: write a value between {min} and {max}.",
    },
    "msg_check_at_least": {
        "es": "«{value}» es menor de lo admitido en «{column}»: escriba un valor de {min} o más.",
        "en": "“{value}” is too small for “{column}”: write a value of {min} or more.",
    },
    "msg_check_at_most": {
        "es": "«{value}» es mayor de lo admitido en «{column}»: escriba un valor de {max} o menos.",
        "en": "“{value}” is too large for “{column}”: write a value of {max} or less.",
    },
    "msg_check_pattern": {
        "es": "«{value}» no tiene la forma que pide «{column}»: {hint}.",
        "en": "“{value}” is not in the form “{column}” needs: {hint}.",
    },
    "pattern_office_id": {
        "es": "use solo minúsculas sin acentos, cifras y guiones, p. ej. tapachula o ciudad-de-mexico",
        "en": "use lower-case letters without accents, digits and dashes only, e.g. tapachula or ciudad-de-mexico",
    },
    "pattern_indicator": {
        "es": "use solo minúsculas sin acentos, cifras y guiones bajos, p. ej. labour_relocations",
        "en": "use lower-case letters without accents, digits and underscores only, e.g. labour_relocations",
    },
    "msg_check_type": {
        "es": "«{value}» no se puede leer en «{column}»: escriba {hint}.",
        "en": "“{value}” cannot be read in “{column}”: write {hint}.",
    },
    "msg_check_other": {
        "es": "«{value}» no es válido en «{column}»: vea en la hoja «ayuda» de la plantilla qué escribir.",
        "en": "“{value}” is not valid in “{column}”: see the template's “help” sheet for what to write.",
    },
    "accepted_state": {
        "es": "el nombre o la clave INEGI de un estado (p. ej. Chiapas, 07, CDMX); vacío o «total» = todo el país",
        "en": "a state's name or INEGI code (e.g. Chiapas, 07, CDMX); empty or “total” = whole country",
    },
    "accepted_country": {
        "es": "el nombre de un país en español o inglés, o su código ISO de tres letras (p. ej. Haití, HND)",
        "en": "a country's name in Spanish or English, or its three-letter ISO code (e.g. Haiti, HND)",
    },
    "accepted_office": {
        "es": "el nombre, la ciudad o la clave de una oficina de la COMAR (p. ej. Tapachula)",
        "en": "the name, city or id of a COMAR office (e.g. Tapachula)",
    },
    "accepted_template_help": {"es": "vea la hoja «ayuda» de la plantilla", "en": "see the template's “help” sheet"},
    "column_key": {"es": "Clave", "en": "Key"},
    "msg_duplicate_key": {
        "es": "Fila repetida: la misma clave ({value}) ya está en la fila {first_row}: borre una de las dos o corrija su periodo o desglose.",
        "en": "Repeated row: the same key ({value}) is already in row {first_row}: delete one of them or correct its period or breakdown.",
    },
    "msg_no_figure": {
        "es": "La fila no da ninguna cifra: escriba al menos una en {figures}, o borre la fila.",
        "en": "The row gives no figure: write at least one in {figures}, or delete the row.",
    },
    "msg_file_too_large": {
        "es": "El archivo pesa {value} MB; el límite es {limit} MB.",
        "en": "The file is {value} MB; the limit is {limit} MB.",
    },
}
