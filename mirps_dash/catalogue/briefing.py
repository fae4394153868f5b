"""Texts of the briefing PDF and of a chart's image downloads."""

TEXTS: dict[str, dict[str, str]] = {
    "download_briefing": {"es": "Descargar informe", "en": "Download briefing"},
    "download_briefing_help": {
        "es": "Un PDF de lo que muestra esta página ahora, en este idioma: cifras clave, cada gráfico con su frase y su tabla, fuentes con licencia y fecha, versiones de los datos y el enlace a esta vista. Se prepara al hacer clic.",
        "en": "A PDF of what this page shows now, in this language: key figures, each chart with its sentence and table, sources with licence and date, data versions and the link to this view. It is made when you click.",
    },
    "download_svg": {"es": "Descargar gráfico (SVG)", "en": "Download chart (SVG)"},
    "download_png": {"es": "Descargar gráfico (PNG)", "en": "Download chart (PNG)"},
    "pl_chart_images": {
        "es": "Guardar los gráficos como imagen (SVG o PNG)",
        "en": "Save the charts as images (SVG or PNG)",
    },
    "briefing_title": {
        "es": "MIRPS México: informe de la página «{page}»",
        "en": "MIRPS Mexico: briefing of the “{page}” page",
    },
    "briefing_made": {
        "es": "Preparado el {day} a las {time} UTC, con los datos y filtros de la vista.",
        "en": "Made on {day} at {time} UTC, with the view's data and filters.",
    },
    "briefing_key_figures": {"es": "Cifras clave", "en": "Key figures"},
    "briefing_figure": {"es": "Cifra", "en": "Figure"},
    "briefing_value": {"es": "Valor", "en": "Value"},
    "briefing_period": {"es": "Periodo", "en": "Period"},
    "briefing_pledges_shown": {"es": "Compromisos mostrados", "en": "Pledges shown"},
    "briefing_pledges_amounts": {"es": "Compromisos que indican un monto", "en": "Pledges that state an amount"},
    "briefing_chart": {"es": "Gráfico {number}", "en": "Chart {number}"},
    "briefing_truncated": {
        "es": "Se muestran las primeras {shown} de {total} filas; la tabla completa está en el CSV del gráfico y en «Descargar todo lo mostrado».",
        "en": "The first {shown} of {total} rows are shown; the whole table is in the chart's CSV and in “Download everything shown”.",
    },
    "briefing_footer": {"es": "mirps-dash · página {page} de {pages}", "en": "mirps-dash · page {page} of {pages}"},
    "briefing_made_with": {
        "es": "Hecho con mirps-dash en el servidor, sin conexión.",
        "en": "Made with mirps-dash on the server, offline.",
    },
    "briefing_map_credit": {
        "es": "Mapa: límites estatales de INEGI (Marco Geoestadístico); oficinas en puntos de ciudad de GeoNames (CC BY 4.0).",
        "en": "Map: INEGI state boundaries (Marco Geoestadístico); offices at GeoNames city points (CC BY 4.0).",
    },
}
