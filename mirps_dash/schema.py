"""The seven datasets: their columns (meaning and unit), keys, header aliases, Spanish template headers, defaults,
figures (count columns, or declared measures), wide layout and pandera models, in one place. A coded column names its kind; the kind's codes and labels are in codes.CODE_LISTS.

A frame that passed `validate` (see validate.py) is in *canonical* form: codes, not names; ISO dates
(YYYY-MM-DD text) for period starts and ends; "_T" where a dimension is a total. Files that staff
upload and export are in *template* form: the same columns, except that a period is written
`period` (YYYY, YYYY-MM or a date) plus an optional `period_end` for cumulative figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from mirps_dash.codes import MIRPS_STATES, STATES, TOTAL, codes_of

ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
PARTIAL_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
# Coded values and their labels live in one registry (codes.CODE_LISTS); the models check against its codes.
UNITS = codes_of("unit")
SEXES = codes_of("sex")
AGE_GROUPS = codes_of("age_group")
STATE_CODES = (TOTAL, *STATES)
AREAS_OF_FOCUS = codes_of("area")
PLEDGE_STATUSES = codes_of("pledge_status")

_period_start = pa.Field(str_matches=ISO_DATE, description="First day of the period the figure covers (ISO date)")
_period_end = pa.Field(
    str_matches=ISO_DATE,
    description="Last day of the period (ISO date); a start before January of the end year marks a cumulative figure",
)
_source = pa.Field(str_length={"min_value": 1}, description="Id of the row in `sources` that published the figure")
_note = pa.Field(description="Free text from the source or the compiler: revisions, rounding, caveats (text)")
_nationality = pa.Field(
    str_matches=r"^([A-Z]{3}|_T|_O)$",
    description="Country of origin, ISO 3166 alpha-3; _T for all nationalities, _O for the others not listed",
)
_unit = pa.Field(isin=UNITS, description="What is counted: persons, or cases (files; a case can cover a family)")
APPROXIMATIONS = ("", "about", "over", "under")
_approx = pa.Field(
    isin=APPROXIMATIONS,
    description="How the source rounds the row's figures: empty = exact; about ('cerca de'), over ('más de'), under ('casi')",
)


class SourceModel(pa.DataFrameModel):
    """Who published a figure: every row of the other datasets names one of these."""

    source_id: Series[str] = pa.Field(unique=True, str_length={"min_value": 1}, description="Stable id (text)")
    publisher: Series[str] = pa.Field(
        str_length={"min_value": 1}, description="Organisation or outlet that published the figures (text)"
    )
    producer: Series[str] = pa.Field(
        description="Body that produced the figures (COMAR, INM, UNHCR, CNDH...); empty = the publisher itself (text)"
    )
    title: Series[str] = pa.Field(description="Title of the publication or page (text)")
    url: Series[str] = pa.Field(description="Where it can be read (http(s) URL text; empty when not online)")
    licence: Series[str] = pa.Field(description="Licence or terms of use (text)")
    as_of: Series[str] = pa.Field(
        str_matches=PARTIAL_DATE,
        description="Date the figures refer to or were published (YYYY, YYYY-MM or YYYY-MM-DD)",
    )
    note: Series[str] = _note

    class Config:
        strict = True
        coerce = True


class ClaimModel(pa.DataFrameModel):
    """Asylum claims registered, each figure at the breakdown and period it was published at."""

    period_start: Series[str] = _period_start
    period_end: Series[str] = _period_end
    state: Series[str] = pa.Field(
        isin=STATE_CODES, description="INEGI state code CVE_ENT '01'-'32', or _T for all states"
    )
    office: Series[str] = pa.Field(description="COMAR office id from `offices`, or _T for all offices")
    nationality: Series[str] = _nationality
    sex: Series[str] = pa.Field(isin=SEXES, description="F, M, or _T for both")
    age_group: Series[str] = pa.Field(isin=AGE_GROUPS, description="Age band in years, or _T for all ages")
    claims: Series[pd.Int64Dtype] = pa.Field(
        ge=0, description="Asylum claims registered in the period (count of the unit)"
    )
    approx: Series[str] = _approx
    unit: Series[str] = _unit
    source: Series[str] = _source
    note: Series[str] = _note

    class Config:
        strict = True
        coerce = True


class RefugeeModel(pa.DataFrameModel):
    """Decisions on claims in a period and the population at its end, by country of origin."""

    period_start: Series[str] = _period_start
    period_end: Series[str] = _period_end
    nationality: Series[str] = _nationality
    recognized: Series[pd.Int64Dtype] = pa.Field(
        ge=0, nullable=True, description="Granted refugee status in the period (count)"
    )
    complementary: Series[pd.Int64Dtype] = pa.Field(
        ge=0, nullable=True, description="Granted complementary protection (count)"
    )
    positive: Series[pd.Int64Dtype] = pa.Field(
        ge=0,
        nullable=True,
        description="Positive decisions where the source does not split refugee status from complementary protection (count)",
    )
    rejected: Series[pd.Int64Dtype] = pa.Field(ge=0, nullable=True, description="Rejected on the merits (count)")
    closed: Series[pd.Int64Dtype] = pa.Field(
        ge=0, nullable=True, description="Closed or abandoned without a decision on the merits (count)"
    )
    decisions_total: Series[pd.Int64Dtype] = pa.Field(
        ge=0, nullable=True, description="All decisions, closed included (count)"
    )
    refugees: Series[pd.Int64Dtype] = pa.Field(
        ge=0, nullable=True, description="Refugees at the end of the period (persons, stock)"
    )
    asylum_seekers: Series[pd.Int64Dtype] = pa.Field(
        ge=0, nullable=True, description="Asylum-seekers with a pending claim at the end of the period (persons, stock)"
    )
    oip: Series[pd.Int64Dtype] = pa.Field(
        ge=0,
        nullable=True,
        description="Other people in need of international protection at the end of the period (persons, stock)",
    )
    approx: Series[str] = _approx
    unit: Series[str] = _unit
    source: Series[str] = _source
    note: Series[str] = _note

    class Config:
        strict = True
        coerce = True


class OfficeModel(pa.DataFrameModel):
    """COMAR registration offices; coordinates are city points, not office addresses."""

    office_id: Series[str] = pa.Field(
        unique=True, str_matches=r"^[a-z0-9-]+$", description="Stable id (lower-case text)"
    )
    name: Series[str] = pa.Field(
        str_length={"min_value": 1}, description="Office name as COMAR or the press gives it (text)"
    )
    city: Series[str] = pa.Field(description="City (text)")
    state: Series[str] = pa.Field(isin=tuple(STATES), description="INEGI state code CVE_ENT '01'-'32'")
    latitude: Series[float] = pa.Field(ge=14.0, le=33.0, description="Latitude of the city point (degrees, WGS84)")
    longitude: Series[float] = pa.Field(ge=-118.5, le=-86.0, description="Longitude of the city point (degrees, WGS84)")
    status: Series[str] = pa.Field(description="Opening status as reported (text)")
    year_opened: Series[pd.Int64Dtype] = pa.Field(
        ge=1990, le=2100, nullable=True, description="Year the office opened, where a source gives one (calendar year)"
    )
    note: Series[str] = _note
    source: Series[str] = _source

    class Config:
        strict = True
        coerce = True


class PledgeModel(pa.DataFrameModel):
    """Pledges, commitments and measures for refugees and host communities in Mexico."""

    pledge_id: Series[str] = pa.Field(unique=True, str_length={"min_value": 1}, description="Stable id (text)")
    title_en: Series[str] = pa.Field(description="Title in English (text)")
    title_es: Series[str] = pa.Field(description="Title in Spanish (text)")
    description_en: Series[str] = pa.Field(description="Short description in English (text)")
    submitting_entity: Series[str] = pa.Field(description="Who pledged (text)")
    entity_type: Series[str] = pa.Field(description="State, NGO, Private sector, UN agency, ... (text)")
    area_of_focus: Series[str] = pa.Field(isin=AREAS_OF_FOCUS, description="Global Compact on Refugees area of focus")
    pledge_type: Series[str] = pa.Field(description="Financial, Policy, Technical, or empty when not plain (text)")
    forum: Series[str] = pa.Field(description="GRF 2019, GRF 2023, MIRPS NAP or measure (text)")
    year: Series[pd.Int64Dtype] = pa.Field(
        ge=1990, le=2100, nullable=True, description="Year of the pledge or start of the measure (calendar year)"
    )
    status: Series[str] = pa.Field(isin=PLEDGE_STATUSES, description="As the source states it at its date")
    amount_usd: Series[float] = pa.Field(
        ge=0,
        nullable=True,
        description="Amount where the source gives one (US dollars); kinds differ, never add them up",
    )
    beneficiary_location: Series[str] = pa.Field(description="Where it applies (text)")
    source_title: Series[str] = pa.Field(description="Title of the page that reports the pledge (text)")
    source_url: Series[str] = pa.Field(description="http(s) URL of that page (text; several separated by ' ; ')")
    source_date: Series[str] = pa.Field(
        description="Publication date of that page (YYYY, YYYY-MM or YYYY-MM-DD; empty when not shown)"
    )
    source: Series[str] = _source

    class Config:
        strict = True
        coerce = True


class IndicatorModel(pa.DataFrameModel):
    """Single published figures that are not claims or decisions (relocations, shares, releases)."""

    indicator: Series[str] = pa.Field(str_matches=r"^[a-z0-9_]+$", description="Indicator id (lower-case text)")
    period_start: Series[str] = _period_start
    period_end: Series[str] = _period_end
    value: Series[float] = pa.Field(ge=0, description="The figure, in `unit`")
    approx: Series[str] = _approx
    unit: Series[str] = pa.Field(isin=codes_of("indicator_unit"), description="persons, or percent (0-100)")
    source: Series[str] = _source
    note: Series[str] = _note

    class Config:
        strict = True
        coerce = True


class RegionModel(pa.DataFrameModel):
    """UNHCR's yearly figures for the seven MIRPS states as countries of asylum, by country of origin, from 2010.

    Claims and decisions are first instance only (appeals and reviews left out; scripts/build_data.py says how),
    in the unit UNHCR gives for the state and year: persons, or cases where a state reports cases. A row holds one
    unit, so persons and cases are never in one row and never summed.
    """

    period_start: Series[str] = _period_start
    period_end: Series[str] = _period_end
    asylum_country: Series[str] = pa.Field(
        isin=MIRPS_STATES,
        description="Country of asylum: one of the seven MIRPS states, ISO 3166 alpha-3 (BLZ CRI SLV GTM HND MEX PAN)",
    )
    nationality: Series[str] = _nationality
    claims: Series[pd.Int64Dtype] = pa.Field(
        ge=0, nullable=True, description="Asylum claims lodged at first instance in the year (count of the unit)"
    )
    recognized: Series[pd.Int64Dtype] = pa.Field(
        ge=0,
        nullable=True,
        description="First-instance decisions granting refugee status in the year (count of the unit)",
    )
    complementary: Series[pd.Int64Dtype] = pa.Field(
        ge=0,
        nullable=True,
        description="First-instance decisions granting complementary protection (count of the unit)",
    )
    rejected: Series[pd.Int64Dtype] = pa.Field(
        ge=0,
        nullable=True,
        description="First-instance decisions rejecting the claim on the merits (count of the unit)",
    )
    closed: Series[pd.Int64Dtype] = pa.Field(
        ge=0,
        nullable=True,
        description="Claims closed or abandoned without a decision on the merits (count of the unit)",
    )
    decisions_total: Series[pd.Int64Dtype] = pa.Field(
        ge=0, nullable=True, description="All first-instance decisions, closed included (count of the unit)"
    )
    refugees: Series[pd.Int64Dtype] = pa.Field(
        ge=0, nullable=True, description="Refugees hosted at the end of the year (persons, stock)"
    )
    asylum_seekers: Series[pd.Int64Dtype] = pa.Field(
        ge=0, nullable=True, description="Asylum-seekers with a pending claim at the end of the year (persons, stock)"
    )
    oip: Series[pd.Int64Dtype] = pa.Field(
        ge=0,
        nullable=True,
        description="Other people in need of international protection at the end of the year (persons, stock)",
    )
    unit: Series[str] = _unit
    source: Series[str] = _source
    note: Series[str] = _note

    class Config:
        strict = True
        coerce = True


COUNT_KINDS = ("count", "optional_count")  # parser kinds of a column that counts (see validate.py)


@dataclass(frozen=True)
class Wide:
    """How a table may spread a dataset's figures over a column per month or year (COMAR's tables; shapes.py)."""

    value: str  # the column the figures go to once the table is long
    dimensions: tuple[str, ...]  # the columns that may label a row (one row per state, office, nationality, ...)


@dataclass(frozen=True)
class Dataset:
    """One dataset: its pandera model, key columns, kinds of column for parsing, header aliases, template headers,
    and what its figures are (count columns unless `measures` says otherwise) and how a wide table spreads them.

    A coded column's kind names its list in the registry (codes.CODE_LISTS): labels shown and spellings accepted.
    """

    name: str
    model: type[pa.DataFrameModel]
    key: tuple[str, ...]
    kinds: dict[str, str]  # canonical column -> parser kind (see validate.py)
    required: tuple[str, ...]  # template columns that must be present
    aliases: dict[str, tuple[str, ...]]  # template column -> other header spellings (es/en)
    defaults: dict[str, str]  # template column -> value when missing or empty
    headers_es: dict[str, str] = field(default_factory=dict)  # template column -> header of the Spanish template
    title: dict[str, str] = field(default_factory=dict)  # language -> the dataset's name as pages and messages show it
    wide: Wide | None = None  # None: a file of this dataset is read long only
    # Columns holding published figures ("what changed" lists each one that moved); None: its count columns.
    measures: tuple[str, ...] | None = None

    @property
    def columns(self) -> list[str]:
        """Canonical columns, in order."""
        return list(self.model.to_schema().columns)

    @property
    def template_columns(self) -> list[str]:
        """Columns of an upload or export file, in order."""
        return ["period" if c == "period_start" else c for c in self.columns]

    @property
    def template_key(self) -> tuple[str, ...]:
        """The key in template columns (`period` for `period_start`)."""
        return tuple("period" if c == "period_start" else c for c in self.key)

    @property
    def counts(self) -> tuple[str, ...]:
        """Columns that count (kind count or optional_count), in the model's order."""
        return tuple(c for c in self.columns if self.kinds.get(c) in COUNT_KINDS)

    @property
    def figures(self) -> tuple[str, ...]:
        """Columns whose values are published figures: the declared measures, else the count columns."""
        return self.counts if self.measures is None else self.measures

    @property
    def has_unit(self) -> bool:
        """Counted in persons or in cases (a `unit` column of kind unit): staff choose one at upload."""
        return self.kinds.get("unit") == "unit"

    def label(self, lang: str) -> str:
        """The dataset's name in `lang` (its id when none is declared)."""
        return self.title.get(lang, self.name)


_PERIOD_ALIASES = {
    "period": (
        "periodo",
        "período",
        "mes",
        "month",
        "fecha",
        "date",
        "año",
        "ano",
        "year",
        "desde",
        "from",
        "inicio",
        "start",
    ),
    "period_end": ("fin", "fin del periodo", "fin del período", "hasta", "to", "end", "fecha final", "end date"),
}
_COMMON_ALIASES = {
    "source": ("fuente", "source id", "id fuente", "id de fuente"),
    "note": ("nota", "notas", "notes", "observaciones", "comentario"),
    "unit": ("unidad", "unidad de medida"),
    "nationality": (
        "nacionalidad",
        "país de origen",
        "pais de origen",
        "country of origin",
        "origen",
        "origin",
        "país",
        "pais",
        "country",
    ),
}
_APPROX_ALIASES = {"approx": ("aproximación", "aproximacion", "approximation", "aprox.", "aprox")}

DATASETS: dict[str, Dataset] = {
    "sources": Dataset(
        name="sources",
        title={"es": "Fuentes", "en": "Sources"},
        model=SourceModel,
        key=("source_id",),
        kinds={"as_of": "partial_date", "url": "url"},
        required=("source_id", "publisher"),
        aliases={
            "source_id": ("id", "id fuente", "fuente"),
            "publisher": ("editor", "publicado por", "institución", "institucion", "medio"),
            "producer": ("productor", "producido por", "fuente de la cifra", "produced by", "figures by"),
            "title": ("título", "titulo"),
            "url": ("enlace", "link", "dirección", "direccion"),
            "licence": ("licencia", "license", "términos", "terminos"),
            "as_of": ("fecha", "date", "al", "fecha de corte", "as of"),
            "note": _COMMON_ALIASES["note"],
        },
        defaults={},
        headers_es={
            "source_id": "Id fuente",
            "publisher": "Publicado por",
            "title": "Título",
            "url": "Enlace",
            "licence": "Licencia",
            "as_of": "Fecha de corte",
            "note": "Nota",
            "producer": "Productor",
        },
    ),
    "claims": Dataset(
        name="claims",
        title={"es": "Solicitudes de asilo", "en": "Asylum claims"},
        wide=Wide("claims", ("state", "office", "nationality", "sex", "age_group")),
        model=ClaimModel,
        key=("period_start", "period_end", "state", "office", "nationality", "sex", "age_group", "unit", "source"),
        kinds={
            "period_start": "period",
            "period_end": "period_end",
            "state": "state",
            "office": "office",
            "nationality": "country",
            "claims": "count",
            "sex": "sex",
            "age_group": "age_group",
            "unit": "unit",
            "approx": "approx",
        },
        required=("period", "claims", "source"),
        aliases={
            **_PERIOD_ALIASES,
            "state": ("estado", "entidad", "entidad federativa", "edo", "entidad de registro"),
            "office": (
                "oficina",
                "oficina de registro",
                "oficina comar",
                "delegación",
                "delegacion",
                "representación",
                "representacion",
            ),
            "sex": ("sexo", "género", "genero", "gender"),
            "age_group": ("edad", "grupo de edad", "rango de edad", "age", "age group"),
            "claims": (
                "solicitudes",
                "solicitudes de asilo",
                "solicitudes de refugio",
                "número de solicitudes",
                "numero de solicitudes",
                "solicitantes",
                "total",
                "applications",
                "claims lodged",
                "casos",
                "número de casos",
                "numero de casos",
                "cases",
                "number of cases",
            ),
            **_COMMON_ALIASES,
            **_APPROX_ALIASES,
        },
        defaults={
            "state": TOTAL,
            "office": TOTAL,
            "nationality": TOTAL,
            "sex": TOTAL,
            "age_group": TOTAL,
            "unit": "persons",
        },
        headers_es={
            "period": "Periodo",
            "period_end": "Fin del periodo",
            "nationality": "Nacionalidad",
            "unit": "Unidad",
            "source": "Fuente",
            "note": "Nota",
            "state": "Entidad federativa",
            "office": "Oficina",
            "sex": "Sexo",
            "age_group": "Grupo de edad",
            "claims": "Solicitudes",
            "approx": "Aproximación",
        },
    ),
    "refugees": Dataset(
        name="refugees",
        title={"es": "Resoluciones y población refugiada", "en": "Decisions and refugee population"},
        model=RefugeeModel,
        key=("period_start", "period_end", "nationality", "unit", "source"),
        kinds={
            "period_start": "period",
            "period_end": "period_end",
            "nationality": "country",
            "unit": "unit",
            "approx": "approx",
            **{
                c: "optional_count"
                for c in (
                    "recognized",
                    "complementary",
                    "positive",
                    "rejected",
                    "closed",
                    "decisions_total",
                    "refugees",
                    "asylum_seekers",
                    "oip",
                )
            },
        },
        required=("period", "source"),
        aliases={
            **_PERIOD_ALIASES,
            "recognized": (
                "reconocidos",
                "reconocimientos",
                "recognised",
                "refugee status granted",
                "condición de refugiado",
                "condicion de refugiado",
            ),
            "complementary": ("protección complementaria", "proteccion complementaria", "complementary protection"),
            "positive": ("positivas", "resoluciones positivas", "positive decisions"),
            "rejected": ("negativas", "rechazados", "resoluciones negativas", "rejections"),
            "closed": ("abandonos", "cerrados", "desistimientos", "closed cases", "abandoned"),
            "decisions_total": ("resoluciones", "total de resoluciones", "decisiones", "total decisions", "decisions"),
            "refugees": ("refugiados", "personas refugiadas", "población refugiada", "poblacion refugiada"),
            "asylum_seekers": ("solicitantes de asilo", "solicitantes", "asylum-seekers", "pending"),
            "oip": (
                "otras personas con necesidad de protección internacional",
                "other people in need of international protection",
            ),
            **_COMMON_ALIASES,
            **_APPROX_ALIASES,
        },
        defaults={"nationality": TOTAL, "unit": "persons"},
        headers_es={
            "period": "Periodo",
            "period_end": "Fin del periodo",
            "nationality": "Nacionalidad",
            "unit": "Unidad",
            "source": "Fuente",
            "note": "Nota",
            "recognized": "Reconocidos",
            "complementary": "Protección complementaria",
            "positive": "Resoluciones positivas",
            "rejected": "Negativas",
            "closed": "Abandonos",
            "decisions_total": "Total de resoluciones",
            "refugees": "Personas refugiadas",
            "asylum_seekers": "Solicitantes de asilo",
            "oip": "Otras personas con necesidad de protección internacional",
            "approx": "Aproximación",
        },
    ),
    "offices": Dataset(
        name="offices",
        title={"es": "Oficinas de la COMAR", "en": "COMAR offices"},
        model=OfficeModel,
        key=("office_id",),
        kinds={"state": "state", "latitude": "number", "longitude": "number", "year_opened": "year"},
        required=("office_id", "name", "state", "latitude", "longitude"),
        aliases={
            "office_id": ("id", "id oficina", "clave"),
            "name": ("nombre", "oficina", "office"),
            "city": ("ciudad", "municipio"),
            "state": ("estado", "entidad", "entidad federativa"),
            "latitude": ("latitud", "lat"),
            "longitude": ("longitud", "lon", "lng"),
            "status": ("estatus", "estado de apertura", "situación", "situacion"),
            "year_opened": ("año de apertura", "ano de apertura", "apertura", "opened"),
            **_COMMON_ALIASES,
        },
        defaults={},
        headers_es={
            "office_id": "Clave",
            "name": "Nombre",
            "city": "Ciudad",
            "state": "Entidad federativa",
            "latitude": "Latitud",
            "longitude": "Longitud",
            "status": "Estatus",
            "year_opened": "Año de apertura",
            "note": "Nota",
            "source": "Fuente",
        },
    ),
    "pledges": Dataset(
        name="pledges",
        title={"es": "Compromisos", "en": "Pledges"},
        model=PledgeModel,
        key=("pledge_id",),
        kinds={
            "year": "year",
            "amount_usd": "optional_number",
            "area_of_focus": "area",
            "status": "pledge_status",
            "entity_type": "entity_type",
            "pledge_type": "pledge_type",
            "forum": "forum",
            "source_url": "url",
        },
        required=("pledge_id", "area_of_focus", "status"),
        aliases={
            "pledge_id": ("id", "identificador", "folio", "id del compromiso", "clave", "pledge id", "identifier"),
            "title_en": ("title", "título en inglés", "titulo en ingles", "título (en)", "title (en)", "english title"),
            "title_es": (
                "título",
                "titulo",
                "título en español",
                "titulo en espanol",
                "título (es)",
                "title (es)",
                "spanish title",
            ),
            "description_en": ("description", "descripción", "descripcion", "descripción (en inglés)"),
            "submitting_entity": (
                "entidad",
                "entidad que compromete",
                "entidad que se compromete",
                "submitting entity",
                "entity",
                "actor",
            ),
            "entity_type": ("tipo de entidad", "entity type", "tipo de actor"),
            "area_of_focus": ("área de enfoque", "area de enfoque", "área", "area", "area of focus"),
            "pledge_type": ("tipo de compromiso", "tipo", "type", "pledge type"),
            "forum": ("foro", "forum"),
            "year": ("año", "ano"),
            "status": ("estatus", "estado", "situación", "situacion"),
            "amount_usd": ("monto", "monto usd", "monto (usd)", "amount", "amount (usd)", "amount usd", "cantidad usd"),
            "beneficiary_location": ("ubicación", "ubicacion", "lugar", "location", "beneficiary location"),
            "source_title": ("título de la fuente", "titulo de la fuente", "source title"),
            # "Fuente" holding links instead of source ids goes to source_url (validate.links_in_source_column)
            "source_url": (
                "enlace",
                "enlace de la fuente",
                "link",
                "url",
                "url de la fuente",
                "source url",
                "source link",
            ),
            "source_date": ("fecha de la fuente", "fecha", "source date"),
            "source": ("fuente", "id fuente", "id de la fuente", "source id"),
        },
        defaults={},
        headers_es={
            "pledge_id": "Identificador",
            "title_en": "Título en inglés",
            "title_es": "Título",
            "description_en": "Descripción",
            "submitting_entity": "Entidad que se compromete",
            "entity_type": "Tipo de entidad",
            "area_of_focus": "Área de enfoque",
            "pledge_type": "Tipo de compromiso",
            "forum": "Foro",
            "year": "Año",
            "status": "Estatus",
            "amount_usd": "Monto (USD)",
            "beneficiary_location": "Ubicación",
            "source_title": "Título de la fuente",
            "source_url": "URL de la fuente",
            "source_date": "Fecha de la fuente",
            "source": "Fuente",
        },
    ),
    "indicators": Dataset(
        name="indicators",
        title={"es": "Otros indicadores", "en": "Other indicators"},
        wide=Wide("value", ("indicator",)),
        measures=("value",),  # persons or a percentage: a figure, though not a count
        model=IndicatorModel,
        key=("indicator", "period_start", "period_end", "source"),
        kinds={
            "period_start": "period",
            "period_end": "period_end",
            "value": "number",
            "unit": "indicator_unit",
            "approx": "approx",
        },
        required=("indicator", "period", "value", "unit", "source"),
        aliases={
            **_PERIOD_ALIASES,
            "indicator": ("indicador",),
            "value": ("valor", "cifra"),
            **_COMMON_ALIASES,
            **_APPROX_ALIASES,
        },
        defaults={},
        headers_es={
            "indicator": "Indicador",
            "period": "Periodo",
            "period_end": "Fin del periodo",
            "value": "Valor",
            "unit": "Unidad",
            "source": "Fuente",
            "note": "Nota",
            "approx": "Aproximación",
        },
    ),
    "region": Dataset(
        name="region",
        title={"es": "Región MIRPS (ACNUR)", "en": "MIRPS region (UNHCR)"},
        model=RegionModel,
        key=("period_start", "period_end", "asylum_country", "nationality", "unit", "source"),
        kinds={
            "period_start": "period",
            "period_end": "period_end",
            "asylum_country": "country",
            "nationality": "country",
            "unit": "unit",
            **{
                c: "optional_count"
                for c in (
                    "claims",
                    "recognized",
                    "complementary",
                    "rejected",
                    "closed",
                    "decisions_total",
                    "refugees",
                    "asylum_seekers",
                    "oip",
                )
            },
        },
        required=("period", "asylum_country", "source"),
        aliases={
            **_PERIOD_ALIASES,
            # No bare "país" / "country" here: a regional file has two countries, asylum and origin.
            "asylum_country": (
                "país de asilo",
                "pais de asilo",
                "país de acogida",
                "pais de acogida",
                "country of asylum",
                "asylum country",
                "estado mirps",
                "mirps state",
                "coa",
                "coa_iso",
            ),
            "nationality": (
                "nacionalidad",
                "país de origen",
                "pais de origen",
                "country of origin",
                "origen",
                "origin",
                "coo",
                "coo_iso",
            ),
            "claims": ("solicitudes", "solicitudes de asilo", "applications", "claims lodged", "applied"),
            "recognized": ("reconocidos", "condición de refugiado", "recognised", "dec_recognized"),
            "complementary": (
                "protección complementaria",
                "proteccion complementaria",
                "complementary protection",
                "dec_other",
            ),
            "rejected": ("negativas", "rechazados", "rejections", "dec_rejected"),
            "closed": ("abandonos", "cerrados", "closed cases", "dec_closed"),
            "decisions_total": ("total de resoluciones", "resoluciones", "total decisions", "decisions", "dec_total"),
            "refugees": ("refugiados", "personas refugiadas"),
            "asylum_seekers": ("solicitantes de asilo", "solicitantes", "asylum-seekers"),
            "oip": (
                "otras personas con necesidad de protección internacional",
                "other people in need of international protection",
            ),
            "source": _COMMON_ALIASES["source"],
            "note": _COMMON_ALIASES["note"],
            "unit": _COMMON_ALIASES["unit"],
        },
        defaults={"nationality": TOTAL, "unit": "persons"},
        headers_es={
            "period": "Periodo",
            "period_end": "Fin del periodo",
            "asylum_country": "País de asilo",
            "nationality": "Nacionalidad",  # one Spanish header per column across datasets; "país de origen" is an alias
            "claims": "Solicitudes",
            "recognized": "Reconocidos",
            "complementary": "Protección complementaria",
            "rejected": "Negativas",
            "closed": "Abandonos",
            "decisions_total": "Total de resoluciones",
            "refugees": "Personas refugiadas",
            "asylum_seekers": "Solicitantes de asilo",
            "oip": "Otras personas con necesidad de protección internacional",
            "unit": "Unidad",
            "source": "Fuente",
            "note": "Nota",
        },
    ),
}

# Datasets in the order they are seeded: the others refer to sources and offices.
SEED_ORDER = ("sources", "offices", *(name for name in DATASETS if name not in ("sources", "offices")))


def dataset_title(name: str, lang: str) -> str:
    """A dataset's name in `lang`, read from its declaration (the catalogue's dataset_<name> keys come from it)."""
    return DATASETS[name].label(lang)
