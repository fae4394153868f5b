"""Texts of the staff Data page and its extra validation messages (es / en)."""

from mirps_dash.schema import DATASETS

TEXTS: dict[str, dict[str, str]] = {
    # validation messages added for uploads (see validate.problem_message)
    "msg_unknown_sheet": {"es": "El libro no tiene una hoja «{value}».", "en": "The workbook has no sheet “{value}”."},
    "msg_damaged_workbook": {
        "es": "El libro de Excel está dañado y no se puede leer ({value}).",
        "en": "The Excel workbook is damaged and cannot be read ({value}).",
    },
    "msg_old_excel": {
        "es": "Es un libro de Excel antiguo (.xls): guárdelo como .xlsx o CSV y vuelva a subirlo.",
        "en": "This is an old Excel workbook (.xls): save it as .xlsx or CSV and upload it again.",
    },
    # the shapes of COMAR's tables (see shapes.py)
    "msg_total_mismatch": {
        "es": "El total de «{label}» en «{column}» es {total}, pero sus partes suman {parts}. Se guarda {total} como el total publicado; revise la fila si no es así en la fuente.",
        "en": "The total of “{label}” in “{column}” is {total}, but its parts add up to {parts}. {total} is kept as the published total; check the row if the source says otherwise.",
    },
    "msg_wide_year_missing": {
        "es": "Las columnas «{value}» no dicen de qué año son, y el archivo no tiene una columna Año ni un título con el año. Indique el año de las cifras o escríbalo en las columnas (por ejemplo «Ene 2024»).",
        "en": "The columns “{value}” do not say which year they are, and the file has no Year column and no title with the year. Give the year of the figures, or write it in the columns (for example “Jan 2024”).",
    },
    "msg_wide_too_large": {
        "es": "La tabla tiene {value} cifras, más de las {limit} que se leen de una tabla con una columna por mes o por año. Divídala en varios archivos.",
        "en": "The table holds {value} figures, more than the {limit} read from a table with a column per month or year. Split it into several files.",
    },
    "data_switch_dataset": {"es": "Revisar el archivo como «{name}»", "en": "Check the file as “{name}”"},
    "msg_looks_like_dataset": {
        "es": "Los encabezados parecen de «{name}», no de este conjunto de datos. Elija «{name}» como conjunto de datos y vuelva a revisar el archivo.",
        "en": "The headers look like “{name}”, not this dataset. Choose “{name}” as the dataset and check the file again.",
    },
    # hostile or careless files: bounds checked before and while reading (see ingest.py, validate.py)
    "msg_count_too_large": {
        "es": "«{value}» es demasiado grande para una cifra: se espera un número entero de 0 a {max}.",
        "en": "“{value}” is too large for a figure: a whole number from 0 to {max} is expected.",
    },
    "msg_number_too_large": {
        "es": "«{value}» no es una cifra posible: escriba un número finito de {max} o menos.",
        "en": "“{value}” is not a possible figure: write a finite number of at most {max}.",
    },
    "msg_period_out_of_range": {
        "es": "El periodo «{value}» está fuera de lo admitido: escriba un periodo entre {min} y {max} (un número de cinco cifras se lee como una fecha de Excel).",
        "en": "The period “{value}” is out of range: write a period from {min} to {max} (a five-digit number reads as an Excel date).",
    },
    "msg_bad_url": {
        "es": "«{value}» no es una dirección web: cada enlace debe empezar por http:// o https:// (varios, separados por « ; »).",
        "en": "“{value}” is not a web address: each link must start with http:// or https:// (several, separated by “ ; ”).",
    },
    "msg_cell_too_long": {
        "es": "La celda tiene {value} caracteres; una celda admite hasta {limit}: acórtela o divídala.",
        "en": "The cell holds {value} characters; a cell holds at most {limit}: shorten or split it.",
    },
    "msg_control_character": {
        "es": "La celda «{value}» contiene un carácter de control ({char}) que no se admite: bórrelo (solo se admiten tabuladores y saltos de línea).",
        "en": "The cell “{value}” holds a control character ({char}), which is not accepted: delete it (only tabs and line breaks are).",
    },
    "msg_too_many_rows": {
        "es": "El archivo tiene {value} filas; se leen hasta {limit}. Divídalo en varios archivos.",
        "en": "The file has {value} rows; at most {limit} are read. Split it into several files.",
    },
    "msg_too_many_columns": {
        "es": "La fila tiene {value} columnas; se leen hasta {limit}. Borre las columnas vacías a la derecha de la tabla.",
        "en": "The row has {value} columns; at most {limit} are read. Delete the empty columns right of the table.",
    },
    "msg_xlsx_too_many_rows": {
        "es": "La hoja tiene {value} filas (las filas vacías con formato también cuentan); de un libro de Excel se leen hasta {limit}. Borre las filas vacías bajo la tabla o guarde la hoja como CSV.",
        "en": "The sheet has {value} rows (empty formatted rows count too); at most {limit} are read from an Excel workbook. Delete the empty rows below the table or save the sheet as CSV.",
    },
    "msg_xlsx_too_many_cells": {
        "es": "La hoja tiene {value} celdas; de un libro de Excel se leen hasta {limit}. Guarde la hoja como CSV.",
        "en": "The sheet has {value} cells; at most {limit} are read from an Excel workbook. Save the sheet as CSV.",
    },
    "msg_xlsx_unpacked_too_large": {
        "es": "El libro ocupa {value} MB descomprimido; se leen hasta {limit} MB. Guarde la hoja como CSV o divida el libro.",
        "en": "The workbook takes {value} MB unpacked; at most {limit} MB are read. Save the sheet as CSV or split the workbook.",
    },
    "msg_xlsx_part_too_large": {
        "es": "La parte «{part}» del libro ocupa {value} MB descomprimida; se leen hasta {limit} MB. Guarde la hoja como CSV, o cópiela a un libro nuevo.",
        "en": "The part “{part}” of the workbook takes {value} MB unpacked; at most {limit} MB are read. Save the sheet as CSV, or copy it to a new workbook.",
    },
    "msg_xlsx_sheet_extra_too_large": {
        "es": "La hoja «{part}» del libro tiene {value} MB fuera de sus celdas (formatos condicionales, extensiones u otros elementos); se leen hasta {limit} MB. Copie la tabla a un libro nuevo o guarde la hoja como CSV.",
        "en": "The sheet “{part}” of the workbook holds {value} MB outside its cells (conditional formats, extensions or other elements); at most {limit} MB are read. Copy the table to a new workbook or save the sheet as CSV.",
    },
    "msg_xlsx_compression_ratio": {
        "es": "La parte «{part}» del libro se descomprime a {value} veces su tamaño: no es un libro de Excel normal y no se lee. Ábralo en Excel y guárdelo de nuevo, o guarde la hoja como CSV.",
        "en": "The part “{part}” of the workbook unpacks to {value} times its size: not a normal Excel workbook, so it is not read. Open it in Excel and save it again, or save the sheet as CSV.",
    },
    "msg_xlsx_text_too_long": {
        "es": "El libro tiene un texto de {value} caracteres; una celda admite hasta {limit}: acórtelo o divídalo.",
        "en": "The workbook holds a text of {value} characters; a cell holds at most {limit}: shorten or split it.",
    },
    "msg_more_problems": {
        "es": "No se muestran {value} problemas más de este tipo: corrija los anteriores y vuelva a revisar el archivo.",
        "en": "{value} more problems of this kind are not listed: correct the ones above and check the file again.",
    },
    "msg_formula_without_value": {
        "es": "La celda {value} tiene una fórmula sin resultado guardado: abra el archivo en Excel y guárdelo antes de subirlo (o escriba el valor en la celda).",
        "en": "Cell {value} holds a formula with no saved result: open the file in Excel and save it before uploading (or type the value into the cell).",
    },
    "personal_kind_curp": {"es": "CURP", "en": "CURP"},
    "personal_kind_email": {"es": "correo electrónico", "en": "e-mail address"},
    "personal_kind_phone": {"es": "número de teléfono", "en": "phone number"},
    "personal_kind_passport": {"es": "número de pasaporte", "en": "passport number"},
    # sign-in
    "page_sign_in": {"es": "Acceso del personal", "en": "Staff sign-in"},
    "data_sign_in_needed": {
        "es": "Esta página es solo para el personal que actualiza los datos. Inicie sesión para continuar.",
        "en": "This page is for the staff who update the data. Sign in to continue.",
    },
    "data_sign_in_provider": {"es": "Iniciar sesión", "en": "Sign in"},
    "data_email": {"es": "Correo electrónico", "en": "E-mail"},
    "data_password": {"es": "Contraseña", "en": "Password"},
    "data_sign_in": {"es": "Entrar", "en": "Sign in"},
    "data_refused": {
        "es": "Correo o contraseña incorrectos, o demasiados intentos. Podrá volver a intentarlo en {seconds} s.",
        "en": "Wrong e-mail or password, or too many attempts. You can try again in {seconds} s.",
    },
    "data_failures_title": {
        "es": "Intentos fallidos de entrar con su cuenta desde su último acceso: {count}. Si no fue usted, avise a quien administra las cuentas.",
        "en": "Failed attempts to sign in to your account since your last sign-in: {count}. If it was not you, tell whoever runs the accounts.",
    },
    "data_failures_when": {"es": "Cuándo (UTC)", "en": "When (UTC)"},
    "data_failures_address": {"es": "Desde la dirección", "en": "From address"},
    "data_failures_hide": {"es": "Entendido", "en": "Got it"},
    "data_upload_lost": {
        "es": "El archivo «{name}» se estaba revisando antes de recargar la página (o en otra pestaña) y no se ha publicado. Un archivo subido no pasa de una página a otra: súbalo de nuevo aquí para publicarlo.",
        "en": "The file “{name}” was being checked before the page was reloaded (or in another tab) and has not been published. An uploaded file does not carry over to another page: upload it again here to publish it.",
    },
    "data_not_staff": {
        "es": "Ha iniciado sesión como {email}, pero esa cuenta no está en la lista del personal.",
        "en": "You are signed in as {email}, but that account is not on the staff list.",
    },
    "data_signed_in_as": {"es": "Sesión: {email}", "en": "Signed in: {email}"},
    "data_sign_out": {"es": "Cerrar sesión", "en": "Sign out"},
    # upload
    "data_dataset": {"es": "Conjunto de datos", "en": "Dataset"},
    # each dataset's name comes from its declaration (schema.DATASETS[name].title)
    **{f"dataset_{name}": dict(dataset.title) for name, dataset in DATASETS.items()},
    "data_tab_upload": {"es": "Subir y publicar", "en": "Upload and publish"},
    "data_tab_history": {"es": "Historial y reversión", "en": "History and rollback"},
    "data_templates": {
        "es": "Plantillas: descargue una, llénela y súbala.",
        "en": "Templates: download one, fill it in and upload it.",
    },
    "data_template_button": {"es": "Plantilla {code} ({fmt})", "en": "Template {code} ({fmt})"},
    "data_file": {
        "es": "Archivo CSV o Excel (.xlsx), hasta {limit} MB",
        "en": "CSV or Excel (.xlsx) file, up to {limit} MB",
    },
    "data_sheet": {"es": "Hoja del libro", "en": "Worksheet"},
    "data_step_reading": {"es": "Leyendo el archivo…", "en": "Reading the file…"},
    "data_step_checking": {"es": "Revisando cada valor…", "en": "Checking every value…"},
    "data_step_comparing": {
        "es": "Comparando con la versión publicada…",
        "en": "Comparing with the published version…",
    },
    "data_step_done": {"es": "Revisión terminada", "en": "Check finished"},
    "data_read_as": {"es": "Leído como {how}: {rows} filas.", "en": "Read as {how}: {rows} rows."},
    "data_problems": {
        "es": "{errors} errores y {warnings} avisos. El archivo no se puede publicar hasta corregir los errores.",
        "en": "{errors} errors and {warnings} warnings. The file cannot be published until the errors are fixed.",
    },
    "data_warnings_only": {"es": "Sin errores; {warnings} avisos.", "en": "No errors; {warnings} warnings."},
    "data_problems_shown": {
        "es": "Se muestran los primeros {shown} de {total} problemas; descargue la lista completa.",
        "en": "The first {shown} of {total} problems are shown; download the full list.",
    },
    "data_problems_download": {"es": "Descargar todos los problemas (CSV)", "en": "Download every problem (CSV)"},
    # preview and publish
    "data_mode": {"es": "¿Cómo publicar?", "en": "How to publish?"},
    "data_mode_update": {
        "es": "Actualizar: reemplazar o agregar las filas del archivo; las demás se quedan",
        "en": "Update: replace or add the file's rows; every other row stays",
    },
    "data_mode_replace": {
        "es": "Reemplazar todo el conjunto por el archivo",
        "en": "Replace the whole dataset with the file",
    },
    "data_preview": {
        "es": "Vista previa: qué cambia frente a la versión {base}",
        "en": "Preview: what changes against version {base}",
    },
    "data_rows_before": {"es": "Filas ahora", "en": "Rows now"},
    "data_rows_after": {"es": "Filas después", "en": "Rows after"},
    "data_added": {"es": "Filas nuevas", "en": "Rows added"},
    "data_removed": {"es": "Filas eliminadas", "en": "Rows removed"},
    "data_changed": {"es": "Filas modificadas", "en": "Rows changed"},
    "data_yearly": {
        "es": "Cifras que cambian, cada una de una publicación, periodo y desglose: antes y después (nunca una suma de niveles)",
        "en": "Figures that change, each of one release, period and breakdown: before and after (never a sum of levels)",
    },
    "data_no_changes": {
        "es": "Publicar este archivo no cambiaría nada.",
        "en": "Publishing this file would change nothing.",
    },
    "data_publish": {"es": "Publicar como nueva versión", "en": "Publish as a new version"},
    "data_published": {
        "es": "Versión {version} publicada por {by}: {rows} filas. Todas las páginas la muestran desde ahora; la versión anterior se conserva.",
        "en": "Version {version} published by {by}: {rows} rows. Every page shows it from now on; the previous version is kept.",
    },
    "data_conflict": {
        "es": "Alguien publicó o revirtió «{dataset}» mientras usted revisaba: la vista previa ya no vale y no se publicó nada. Revise de nuevo la vista previa.",
        "en": "Someone published or rolled back “{dataset}” while you were reviewing: the preview is out of date and nothing was published. Review the preview again.",
    },
    "data_source_taken": {
        "es": "Se creó entretanto una fuente con este id ({source_id}) y no se publicó nada: elíjala de la lista o describa la suya de nuevo.",
        "en": "A source with this id ({source_id}) was created meanwhile and nothing was published: pick it from the list or describe yours again.",
    },
    "data_sources_in_use": {
        "es": "No se cambió nada: las fuentes nunca se pierden, y esta versión de «{sources}» quitaría fuentes que las versiones actuales de otros datos todavía citan ({uses}). Publique antes versiones de esos datos que ya no las citen, o elija una versión de las fuentes que las conserve.",
        "en": "Nothing changed: sources are never lost, and this version of “{sources}” would drop sources that the current versions of other datasets still cite ({uses}). First publish versions of those datasets that no longer cite them, or pick a version of the sources that keeps them.",
    },
    "data_sources_in_use_by": {"es": "«{dataset}»: {ids}", "en": "“{dataset}”: {ids}"},
    # history
    "data_history": {"es": "Versiones de «{dataset}»", "en": "Versions of “{dataset}”"},
    "col_version": {"es": "versión", "en": "version"},
    "col_when": {"es": "cuándo (UTC)", "en": "when (UTC)"},
    "col_by": {"es": "quién", "en": "who"},
    "col_file": {"es": "archivo", "en": "file"},
    "col_rows": {"es": "filas", "en": "rows"},
    "col_mode": {"es": "modo", "en": "mode"},
    "col_current": {"es": "actual", "en": "current"},
    "col_action": {"es": "acción", "en": "action"},
    "col_from": {"es": "desde versión", "en": "from version"},
    "data_pick_version": {"es": "Versión", "en": "Version"},
    "data_download_version": {"es": "Descargar la versión {version} (CSV)", "en": "Download version {version} (CSV)"},
    "data_rollback": {"es": "Volver a la versión {version}", "en": "Roll back to version {version}"},
    "data_rollback_current": {
        "es": "La versión {version} ya es la actual.",
        "en": "Version {version} is already the current one.",
    },
    "data_rolled_back": {
        "es": "«{dataset}» vuelve a la versión {version} (revertido por {by}).",
        "en": "“{dataset}” is back at version {version} (rolled back by {by}).",
    },
    "data_audit": {"es": "Registro de auditoría", "en": "Audit log"},
    # templates
    "template_sheet_data": {"es": "datos", "en": "data"},
    "template_sheet_help": {"es": "ayuda", "en": "help"},
    "template_help_column": {"es": "columna", "en": "column"},
    "template_help_required": {"es": "obligatoria", "en": "required"},
    "template_help_format": {"es": "qué escribir", "en": "what to write"},
    "template_help_meaning": {"es": "significado (inglés)", "en": "meaning"},
    "template_one_of": {"es": "uno de: {values} (o su código)", "en": "one of: {values} (or its code)"},
    "template_or_other": {"es": "; u otro texto", "en": "; or other text"},
    "template_empty_is": {"es": "; vacío = {value}", "en": "; empty = {value}"},
    "template_source_optional": {
        "es": "no, si elige la fuente al subir el archivo",
        "en": "no, when you choose the source at upload",
    },
    "template_source_format": {
        "es": "id de una fuente de la lista «{sources}» (p. ej. unhcr-stats; la lista: mirps-dash sources list, o descargue «{sources}» en la página Datos); vacío o sin esta columna = la fuente elegida al subir",
        "en": "id of a source in the “{sources}” list (e.g. unhcr-stats; the list: mirps-dash sources list, or download “{sources}” on the Data page); empty or no such column = the source chosen at upload",
    },
    "yes": {"es": "sí", "en": "yes"},
    "no": {"es": "no", "en": "no"},
    # source and unit, chosen once per upload (mirps_dash/upload.py)
    "msg_source_needed": {
        "es": "Las filas no dicen de qué fuente son sus cifras: elija la fuente del archivo (en la terminal, --source ID; una fuente nueva se crea con «sources add»).",
        "en": "The rows do not say which source their figures come from: choose the file's source (in the terminal, --source ID; create a new source with “sources add”).",
    },
    "msg_unknown_chosen_source": {
        "es": "No hay ninguna fuente con el id «{value}»: elija una de la lista o describa una nueva.",
        "en": "There is no source with the id “{value}”: choose one from the list or describe a new one.",
    },
    "msg_source_required": {
        "es": "Falta «{field}»: es obligatorio para una fuente nueva.",
        "en": "“{field}” is missing: a new source needs it.",
    },
    "msg_source_bad_url": {
        "es": "«{value}» no es una dirección web: debe empezar por http:// o https:// (por ejemplo https://www.gob.mx/comar).",
        "en": "“{value}” is not a web address: it must start with http:// or https:// (for example https://www.gob.mx/comar).",
    },
    "msg_source_bad_date": {
        "es": "«{value}» no es una fecha real: escriba AAAA-MM-DD (por ejemplo 2024-08-31), AAAA-MM o AAAA.",
        "en": "“{value}” is not a real date: write YYYY-MM-DD (for example 2024-08-31), YYYY-MM or YYYY.",
    },
    "msg_source_future_date": {
        "es": "La fecha «{value}» es posterior a hoy ({today}): la fecha de corte no puede estar en el futuro.",
        "en": "The date “{value}” is after today ({today}): the as-of date cannot be in the future.",
    },
    "data_source_ask": {
        "es": "Algunas filas de este archivo no dicen de qué fuente son. Elija la fuente del archivo: las filas que sí la dicen conservan la suya.",
        "en": "Some rows of this file do not say which source they come from. Choose the file's source: rows that name one keep theirs.",
    },
    "data_source_kind": {"es": "Fuente del archivo", "en": "The file's source"},
    "data_source_kind_existing": {"es": "Una fuente ya registrada", "en": "A source already listed"},
    "data_source_kind_new": {"es": "Una fuente nueva", "en": "A new source"},
    "data_source_pick": {
        "es": "Fuente (escriba para buscar por editor o título; las más recientes primero)",
        "en": "Source (type to search by publisher or title; newest first)",
    },
    "data_source_pick_placeholder": {"es": "Elija una fuente", "en": "Choose a source"},
    "data_new_publisher": {"es": "Editor o institución", "en": "Publisher"},
    "data_new_title": {"es": "Título", "en": "Title"},
    "data_new_url": {"es": "Dirección web (URL)", "en": "Web address (URL)"},
    "data_new_as_of": {"es": "Fecha de corte (AAAA-MM-DD)", "en": "As-of date (YYYY-MM-DD)"},
    "data_new_licence": {"es": "Licencia o términos de uso", "en": "Licence or terms of use"},
    "data_new_note": {"es": "Nota", "en": "Note"},
    "data_new_submit": {"es": "Usar esta fuente", "en": "Use this source"},
    "data_new_help": {
        "es": "La fuente nueva se crea al publicar, en la misma operación que la versión: ambas o ninguna.",
        "en": "The new source is created when you publish, together with the version: both or neither.",
    },
    "data_new_ready": {
        "es": "Fuente nueva, se crea al publicar: {label} (id «{source_id}»).",
        "en": "New source, created when you publish: {label} (id “{source_id}”).",
    },
    "data_new_change": {"es": "Cambiar la fuente nueva", "en": "Change the new source"},
    "data_unit": {"es": "Unidad de las cifras que no dicen la suya", "en": "Unit of the figures that do not name one"},
    "data_unit_help": {
        "es": "Personas, salvo que las cifras cuenten casos (expedientes; un caso puede cubrir a una familia). Nunca se suman personas y casos.",
        "en": "Persons, unless the figures count cases (files; a case can cover a family). Persons and cases are never added together.",
    },
    "unit_persons": {"es": "personas", "en": "persons"},
    "unit_cases": {"es": "casos", "en": "cases"},
    "data_choice_source": {
        "es": "Fuente de las filas sin fuente: {label}",
        "en": "Source of the rows without one: {label}",
    },
    "data_choice_source_file": {
        "es": "Fuente: la que dice cada fila ({sources})",
        "en": "Source: the one each row names ({sources})",
    },
    "data_choice_unit": {"es": "Unidad: {unit}", "en": "Unit: {unit}"},
    "data_year": {
        "es": "Año de las cifras (las columnas y el título no lo dicen)",
        "en": "Year of the figures (the columns and the title do not say)",
    },
    "data_year_placeholder": {"es": "p. ej. 2024", "en": "e.g. 2024"},
    "col_sources": {"es": "fuente(s)", "en": "source(s)"},
    "col_unit": {"es": "unidad", "en": "unit"},
}
