"""Texts that exported files write about themselves: README of "download everything shown", about-sheet lines."""

TEXTS: dict[str, dict[str, str]] = {
    "download_everything": {"es": "Descargar todo lo mostrado", "en": "Download everything shown"},
    "download_everything_help": {
        "es": "Un ZIP con cada tabla de esta página en CSV y un README con fuentes, licencias, filtros, versiones de datos y el enlace a esta vista.",
        "en": "A ZIP with every table of this page as CSV and a README with sources, licences, filters, data versions and the link to this view.",
    },
    "export_readme_title": {
        "es": "MIRPS México: datos descargados de la página «{page}»",
        "en": "MIRPS Mexico: data downloaded from the “{page}” page",
    },
    "export_when": {"es": "Descargado el {when}.", "en": "Downloaded {when}."},
    "export_permalink": {"es": "Enlace a esta vista: {url}", "en": "Link to this view: {url}"},
    "export_files": {"es": "Archivos:", "en": "Files:"},
    "export_filters": {"es": "Filtros:", "en": "Filters:"},
    "export_no_filters": {"es": "ninguno", "en": "none"},
    "export_sources": {"es": "Fuentes:", "en": "Sources:"},
    "export_no_sources": {"es": "ninguna registrada", "en": "none recorded"},
    "export_source": {
        "es": "{publisher}, {title}. Licencia: {licence}. Datos al {as_of}. {url}",
        "en": "{publisher}, {title}. Licence: {licence}. Figures as of {as_of}. {url}",
    },
    "export_no_licence": {"es": "no indicada", "en": "not stated"},
    "export_versions": {"es": "Versiones de los datos:", "en": "Data versions:"},
    "export_version": {
        "es": "{dataset}: versión {version} del {day} (archivo {file})",
        "en": "{dataset}: version {version} of {day} (file {file})",
    },
    "export_csv_note": {
        "es": "Cada CSV está en UTF-8, separado por comas, con el encabezado en la primera línea. Un texto que empieza con = + - @ lleva un apóstrofo delante para que una hoja de cálculo no lo ejecute como fórmula.",
        "en": "Each CSV is UTF-8, comma-separated, with its header on the first line. Text starting with = + - @ has an apostrophe in front so that a spreadsheet does not run it as a formula.",
    },
    "export_code_column": {"es": "Código", "en": "Code"},
    "pl_export_hint_files": {
        "es": "Descarga los {shown} compromisos filtrados con todos sus campos. El CSV empieza con su encabezado; la fuente, la licencia, los filtros, la versión de datos y el enlace a esta vista van en la hoja «about» del Excel y en el README del ZIP.",
        "en": "Downloads the {shown} filtered pledges with every field. The CSV starts with its header; the source, licence, filters, data version and link to this view are in the Excel file's “about” sheet and in the ZIP's README.",
    },
    "export_licence_line": {"es": "Licencia: {licence}", "en": "Licence: {licence}"},
    "export_version_line": {"es": "Versión de datos: {version}", "en": "Data version: {version}"},
    "export_permalink_line": {"es": "Enlace a esta vista: {url}", "en": "Link to this view: {url}"},
    "export_codes_line": {
        "es": "Las columnas «(código)» repiten cada valor como código; al subir el archivo se leen las columnas con nombre y se ignoran las de código.",
        "en": "The “(code)” columns repeat each value as its code; an upload reads the named columns and ignores the code columns.",
    },
    # citations of a figure (mirps_dash/cite.py) and pinned data versions in a link (`?v=`)
    "cite": {"es": "Citar", "en": "Cite"},
    "cite_help": {
        "es": "Cita lista para copiar: fuentes originales y un enlace que fija la versión de los datos.",
        "en": "A ready citation to copy: the original sources and a link that pins the data version.",
    },
    "cite_intro": {
        "es": "Seleccione el texto y cópielo. El enlace muestra estas mismas cifras aunque luego se suban datos nuevos.",
        "en": "Select the text and copy it. The link shows these same figures even after newer data is uploaded.",
    },
    "cite_title": {"es": "«{title}»", "en": "“{title}”"},
    "cite_as_of": {"es": "fecha de corte: {as_of}", "en": "data as of {as_of}"},
    "cite_version": {"es": "versión de datos {version}", "en": "data version {version}"},
    "cite_versions": {"es": "versiones de datos {versions}", "en": "data versions {versions}"},
    "cite_via": {
        "es": "Vía mirps-dash, {versions}, consultado el {day}, {url}",
        "en": "Via mirps-dash, {versions}, consulted on {day}, {url}",
    },
    "export_citation": {"es": "Cómo citar:", "en": "How to cite:"},
    "export_definitions": {"es": "Definiciones:", "en": "Definitions:"},
    "pin_older": {
        "es": "Está viendo una versión anterior de los datos ({versions}); [ver la actual]({url}).",
        "en": "You are viewing an older version of the data ({versions}); [see the current one]({url}).",
    },
    "pin_unknown": {
        "es": "El enlace pide versiones de datos que no existen ({items}); se muestran los datos actuales.",
        "en": "The link asks for data versions that do not exist ({items}); the current data is shown.",
    },
    # data freshness (mirps_dash/freshness.py)
    "fresh_line": {
        "es": "{dataset}: datos de {producer} hasta {newest}; publicados aquí el {day}",
        "en": "{dataset}: {producer} data up to {newest}; published here on {day}",
    },
    "fresh_overdue": {
        "es": "; más antiguos que su intervalo de actualización ({months} meses)",
        "en": "; older than its update interval ({months} months)",
    },
}
