"""Read uploaded bytes (CSV in any common encoding and delimiter, or XLSX) into a table of text cells.

Nothing here knows what the columns mean beyond their header aliases: values stay text, each row keeps
the row number a person sees in Excel (the header is row 1 of a CSV), and every problem found on the way
(ragged rows, unbalanced quotes, binary content, missing columns) becomes a `Problem`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
from charset_normalizer import from_bytes

from mirps_dash import shapes
from mirps_dash.codes import code_of, fold
from mirps_dash.schema import DATASETS, Dataset

DELIMITERS = (",", ";", "\t")
MAX_UPLOAD_MB = 25  # the same cap as server.maxUploadSize in .streamlit/config.toml (a test keeps them equal)
# A header naming one person's data: the dashboard holds aggregates only.
PERSONAL_DATA_HEADERS = {
    "nombre",
    "nombres",
    "name",
    "names",
    "full name",
    "first name",
    "last name",
    "nombre completo",
    "nombre del solicitante",
    "nombre de la persona",
    "e mail",
}
PERSONAL_DATA_WORDS = {
    "apellido",
    "apellidos",
    "surname",
    "curp",
    "pasaporte",
    "passport",
    "telefono",
    "phone",
    "celular",
    "mobile",
    "email",
    "correo",
    "domicilio",
    "address",
    "nacimiento",
    "birth",
    "rfc",
    "nss",
}
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls workbooks (and other Office 97 files)
# What str.strip() strips (the characters for which str.isspace() is true), for pyarrow's utf8_trim.
PYTHON_WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
# A quoted field as the csv module reads it in strict mode: it opens at the start of a field and closes before a
# delimiter, a line end or the end of the text; quotes inside are doubled. %s is the (escaped) delimiter.
QUOTED_FIELD = rb'"(?<![^%s\r\n]")[^"]*(?:""[^"]*)*"(?=[%s\r\n]|\Z)'
MAX_FAST_COLUMNS = 64  # a wider record sends the file through the csv module, which never pads rows
# Bounds that keep a hostile or careless file from holding the server (each refused with a message, quickly):
MAX_ROWS = 1_048_576  # records of a CSV: what one Excel sheet holds
MAX_COLUMNS = 1_000  # cells of one record (COMAR's widest tables: a column per month over some years)
MAX_CELL_CHARS = 131_072  # characters of one cell (the csv module's own field limit)
MAX_XLSX_ROWS = 100_000  # rows of one worksheet, empty formatted rows included (openpyxl yields each one)
MAX_XLSX_CELLS = 250_000  # cells written in one worksheet (openpyxl reads ~65,000 a second): bigger goes as CSV
MAX_XLSX_UNPACKED_MB = 400  # all of a workbook's parts, uncompressed
MAX_SHARED_STRINGS_MB = 64  # openpyxl holds every shared string in memory
MAX_XLSX_SHEET_MB = 64  # one worksheet part: MAX_XLSX_CELLS cells written with long inline text fit well within it
MAX_XLSX_SHEET_EXTRA_MB = 4  # a worksheet's XML outside <sheetData> (openpyxl keeps it: 8 MB cost 3.5 s, 140 MB)
MAX_XLSX_PART_MB = 8  # any other XML part (styles: Excel's 64,000 formats take ~5 MB; 7.6 MB cost 3.3 s, 90 MB)
MAX_XLSX_RATIO = 100  # a part larger than RATIO_FROM_MB that unpacks to more than this many times its size
RATIO_FROM_MB = 8
# Control characters other than tab, LF and CR (C0, DEL and C1): never data, and escape codes to a terminal.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# The same characters as UTF-8 bytes: C0 and DEL are single bytes; C1 (U+0080-U+009F) is 0xC2 then 0x80-0x9F.
CONTROL_BYTES = np.isin(np.arange(256), [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: Excel row (None for the whole file), template column, value, message key."""

    row: int | None
    column: str | None
    value: str
    code: str
    params: dict = field(default_factory=dict, hash=False, compare=False)
    severity: str = "error"


@dataclass
class RawTable:
    """Text cells under template column names, with the Excel row number of each row."""

    frame: pd.DataFrame
    rows: list[int]
    encoding: str = ""
    delimiter: str = ""
    sheet: str = ""
    problems: list[Problem] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)  # template column -> the header as the file spells it
    titles: list[str] = field(default_factory=list)  # the rows above the header, one line each
    notes: list[str] = field(default_factory=list)  # "Fuente: COMAR …", "Cifras preliminares": above or below the table
    shape: str = "long"  # "wide": one column per month or year, made long here


# The code column an export writes beside a labelled one ("Área de enfoque (código)", export.CODE_HEADER).
CODE_HEADER_SUFFIX = re.compile(r"\s*\((c[oó]digo|code)\)\s*$", re.IGNORECASE)
# A unit after a count's name ("Reconocidos (casos)", "Solicitudes (personas)"): the column is the count's, and
# upload.unit_from_headers reads the unit from the header as the file wrote it.
PARENTHESIS_SUFFIX = re.compile(r"\s*\(([^()]*)\)\s*$")


def header_column(cell: str, lookup: dict[str, str]) -> str | None:
    """The template column a header cell names: as spelled, else without a unit in parentheses."""
    column = lookup.get(fold(cell))
    suffix = PARENTHESIS_SUFFIX.search(cell)
    if column is None and suffix and code_of("unit", suffix.group(1)) is not None:
        column = lookup.get(fold(cell[: suffix.start()]))
    return column


def header_lookup(dataset: Dataset) -> dict[str, str]:
    """Folded header spelling -> template column, for every column, alias and Spanish template header."""
    from mirps_dash.templates import HEADERS_ES

    lookup = {fold(column): column for column in dataset.template_columns}
    for column, aliases in dataset.aliases.items():
        for alias in aliases:
            lookup.setdefault(fold(alias), column)
    for column, header in HEADERS_ES.get(dataset.name, {}).items():
        lookup.setdefault(fold(header), column)
    return lookup


def looks_binary(data: bytes) -> bool:
    """True for bytes that are not text: NUL bytes or many control characters in the first 4 KB."""
    head = data[:4096]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 13))
    return controls > len(head) * 0.01


def is_personal_data_header(cell: str) -> bool:
    """True for a header that names personal data (names, CURP, passport, phone, e-mail, address)."""
    folded = fold(cell)
    return folded in PERSONAL_DATA_HEADERS or bool(set(folded.split()) & PERSONAL_DATA_WORDS)


def utf16_text(data: bytes) -> tuple[str, str] | None:
    """Text of a UTF-16 file with a byte-order mark (Excel's "Unicode text"), else None."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            return None
    return None


def decode_text(data: bytes) -> tuple[str, str]:
    """Text and encoding name: UTF-8 (with or without BOM) when it decodes, else charset-normalizer's guess."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_isolation=["cp1252", "latin_1"]).best()
    encoding = best.encoding if best is not None else "cp1252"
    return data.decode(encoding, errors="replace"), encoding


def head_lines(text: str, count: int, width: int = 65_536) -> list[str]:
    """`text.splitlines()[:count]`, each cut at `width` characters, without splitting the whole of a big text
    (a line of 20 million delimiters would otherwise become a 20-million-cell record per delimiter tried)."""
    size = 4096
    while True:
        lines = text[:size].splitlines()
        if len(lines) > count or size >= len(text):
            return [line[:width] for line in lines[:count]]
        size *= 4


def header_score(record: list[str], lookup: dict[str, str]) -> int:
    """How much a record looks like a header: cells that name a known column, a month or a year (of its first 256)."""
    return sum(header_column(cell, lookup) is not None or shapes.header_span(cell) is not None for cell in record[:256])


def choose_delimiter(text: str, lookup: dict[str, str]) -> str:
    """The delimiter under which the file's header names the most known columns; the sniffer breaks ties."""
    lines = head_lines(text, 30)
    scores = {}
    for delimiter in DELIMITERS:
        try:
            records = list(csv.reader(lines, delimiter=delimiter))
        except csv.Error:
            continue
        scores[delimiter] = max((header_score(record, lookup) for record in records), default=0)
    best = max(scores.values(), default=0)
    if best == 0:
        return sniff_delimiter(text)
    leaders = [d for d, score in scores.items() if score == best]
    return (
        leaders[0] if len(leaders) == 1 else (sniffed if (sniffed := sniff_delimiter(text)) in leaders else leaders[0])
    )


def sniff_delimiter(text: str) -> str:
    """The delimiter of a CSV text among comma, semicolon and tab."""
    sample = "\n".join(head_lines(text, 50))
    try:
        return csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        first = head_lines(text, 1)[0] if text else ""
        return max(DELIMITERS, key=first.count)


@dataclass
class Cells:
    """Every record of a file as text cells: column i holds each record's i-th cell ("" past its end).

    `counts` is each record's own number of cells; `extra` marks records with a non-blank cell beyond the
    columns kept here (records are cut at the header's width when they come from the csv module).
    """

    columns: list[Any]  # pyarrow arrays (untyped); build_table sets each to None once read, to free it
    counts: np.ndarray
    extra: np.ndarray

    def __len__(self) -> int:
        return len(self.counts)

    def record(self, index: int) -> list[str]:
        """One record's cells, as many as it has (up to the columns kept)."""
        return [column[index].as_py() for column in self.columns[: self.counts[index]]]

    def head(self, count: int) -> list[list[str]]:
        """The first `count` records."""
        return [self.record(index) for index in range(min(count, len(self)))]

    def cut(self, stop: int) -> Cells:
        """The records before `stop` (what lies below a table is not part of it)."""
        return Cells([column[:stop] for column in self.columns], self.counts[:stop], self.extra[:stop])

    def rows_as_lists(self, start: int, width: int) -> list[list[str]]:
        """Records from `start` on, each exactly `width` cells ("" past its end)."""
        size = max(len(self) - start, 0)
        values = [
            [cell or "" for cell in self.columns[p][start:].to_pylist()] if p < len(self.columns) else [""] * size
            for p in range(width)
        ]
        return [list(cells) for cells in zip(*values, strict=True)] if width else [[] for _ in range(size)]


def too_wide(data: bytes, delimiter: str) -> Problem | None:
    """The first record with more than MAX_COLUMNS cells, told before any parser builds it; None when none has.

    Only a line longer than MAX_COLUMNS bytes can have that many cells, so a normal file costs one scan of its
    line ends. A file with quotes is left to the parsers (a delimiter inside quotes is no cell). Lines are cut at
    LF only: a CR-only line is within its LF-cut line, never longer (a file of CR ends alone, one long "line"
    here, is counted exactly), and one comparison is a tenth of the time of two at 1M rows (0.03 s, not 0.3 s).
    """
    buffer = np.frombuffer(data, dtype=np.uint8)
    ends = np.flatnonzero(buffer == 10)
    if not len(buffer) or np.diff(ends, prepend=-1, append=len(buffer)).max() <= MAX_COLUMNS or b'"' in data:
        return None
    counts = field_counts(data, delimiter)
    line = int(np.argmax(counts))
    if counts[line] <= MAX_COLUMNS:
        return None
    return Problem(line + 1, None, f"{int(counts[line]):,}", "too_many_columns", {"limit": f"{MAX_COLUMNS:,}"})


def read_csv_records(text: str, delimiter: str) -> tuple[list[list[str]], list[Problem]]:
    """Records of a CSV text; an unbalanced quote, a cell over MAX_CELL_CHARS or a record over MAX_COLUMNS stops
    reading with a problem naming its row."""
    records: list[list[str]] = []
    if '"' not in text:  # every delimiter separates two cells: a record too wide is refused before it is built
        widest = field_counts(text.encode("utf-8"), delimiter)
        if len(widest) and widest.max() > MAX_COLUMNS:
            line = int(np.argmax(widest))
            return records, [
                Problem(line + 1, None, f"{int(widest[line]):,}", "too_many_columns", {"limit": f"{MAX_COLUMNS:,}"})
            ]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        for record in reader:
            records.append(record)
            if len(record) > MAX_COLUMNS:
                return records[:-1], [
                    Problem(len(records), None, f"{len(record):,}", "too_many_columns", {"limit": f"{MAX_COLUMNS:,}"})
                ]
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            return records, [
                Problem(
                    len(records) + 1, None, f"> {MAX_CELL_CHARS:,}", "cell_too_long", {"limit": f"{MAX_CELL_CHARS:,}"}
                )
            ]
        return records, [Problem(len(records) + 1, None, str(error), "unbalanced_quotes")]
    if text.count('"') % 2:
        return records, [Problem(len(records), None, "", "unbalanced_quotes")]
    return records, []


def cells_from_records(records: list[list[str]], width: int, *, padded: bool = False) -> Cells:
    """Records (from the csv module or a workbook) cut or padded to `width` columns.

    `padded`: a worksheet's row that ends early is not short (its last cells are empty, and a sheet without a
    `<dimension>` writes no empty cells), so it counts as `width` cells.
    """
    columns = [
        pa.array([record[position] if position < len(record) else "" for record in records], pa.large_string())
        for position in range(width)
    ]
    counts = np.array([max(len(record), width) if padded else len(record) for record in records], dtype=np.int64)
    extra = np.array([any(cell.strip() for cell in record[width:]) for record in records], dtype=bool)
    return Cells(columns, counts, extra)


def count_records(data: bytes) -> int:
    """Records in CSV bytes in which no quote is left: lines ended by LF, CRLF or CR, and a last unended one."""
    ends = data.count(b"\n")
    if b"\r" in data:  # one fast scan spares two slow counts in a file of LF line ends
        ends += data.count(b"\r") - data.count(b"\r\n")
    return ends + (not data.endswith((b"\n", b"\r")) if data else 0)


def field_counts(data: bytes, delimiter: str, block: int = 1 << 23) -> np.ndarray:
    """Cells per record of CSV bytes in which no quote is left: delimiters + 1 per line (LF, CRLF or CR)."""
    buffer = np.frombuffer(data, dtype=np.uint8)
    line_ends = buffer == 10
    returns = np.flatnonzero(buffer == 13)
    line_ends[returns[(returns + 1 == len(buffer)) | (buffer[np.minimum(returns + 1, len(buffer) - 1)] != 10)]] = True
    stops = np.flatnonzero(line_ends)  # a CR ends a line unless an LF follows it
    del line_ends
    if len(buffer) and (not len(stops) or stops[-1] != len(buffer) - 1):
        stops = np.append(stops, len(buffer))  # the last line has no line end
    # Delimiters seen up to each line end, block by block (a running count of the whole file would be large).
    seen = np.zeros(len(stops), dtype=np.int64)
    carry = 0
    for start in range(0, len(buffer), block):
        running = np.cumsum(buffer[start : start + block] == ord(delimiter), dtype=np.int64) + carry
        inside = (stops >= start) & (stops < min(start + block, len(buffer)))
        seen[inside] = running[stops[inside] - start]
        carry = int(running[-1])
    seen[stops >= len(buffer)] = carry
    return np.diff(seen, prepend=0) + 1


def read_uniform_csv(data: bytes, delimiter: str, width: int) -> list[pa.ChunkedArray] | None:
    """Columns of CSV bytes whose every record has `width` cells, by pyarrow's parser; None at the first that has not."""

    def refuse(_row: object) -> str:
        return "error"

    names = [str(position) for position in range(width)]
    try:
        table = pa_csv.read_csv(
            io.BytesIO(data),
            read_options=pa_csv.ReadOptions(column_names=names, block_size=1 << 24),
            parse_options=pa_csv.ParseOptions(
                delimiter=delimiter,
                quote_char='"',
                double_quote=True,
                escape_char=False,
                newlines_in_values=True,
                ignore_empty_lines=False,
                invalid_row_handler=refuse,
            ),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.large_string()),
                null_values=[],
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, ValueError):
        return None
    return table.columns


def read_csv_cells(text: str, delimiter: str, data: bytes | None = None) -> Cells | None:
    """Cells of a CSV text through a C parser (pyarrow's, else pandas'), or None when the csv module must read it.

    `data`: the text's UTF-8 bytes when the caller has them (the file itself, when it is UTF-8), else encoded here.

    Both read a text as the csv module (strict) does when every quote belongs to a well-formed quoted field;
    anything else (a stray quote, an unclosed one, a very wide or very long cell) returns None, so that
    read_csv_records names the problem exactly as before.
    """
    if text.startswith("\ufeff"):
        return None  # a second byte-order mark: the C parsers drop it, the csv module keeps it
    data = text.encode("utf-8") if data is None else data
    unquoted = data  # the same records with each quoted field replaced by Q: its lines and delimiters are the records'
    if b'"' in data:
        escaped = re.escape(delimiter).encode()
        unquoted = re.sub(QUOTED_FIELD % (escaped, escaped), b"Q", data)
        if b'"' in unquoted:
            return None
    records = count_records(unquoted)
    line_end = re.search(rb"[\r\n]", unquoted)  # not re.split: it would copy all the lines after the first
    first_line = unquoted[: line_end.start()] if line_end else unquoted
    width = first_line.count(delimiter.encode()) + 1
    columns = read_uniform_csv(data, delimiter, width) if 0 < width <= MAX_FAST_COLUMNS else None
    if columns is not None and len(columns[0]) == records:
        counts = np.full(records, width, dtype=np.int64)
    else:  # records of several widths: pandas pads the short ones, the line ends and delimiters count their cells
        counts = field_counts(unquoted, delimiter)
        if not len(counts) or counts.max() > MAX_FAST_COLUMNS:
            return None
        try:
            frame = pd.read_csv(
                io.BytesIO(data),
                sep=delimiter,
                header=None,
                names=range(int(counts.max())),
                dtype="str",
                na_filter=False,
                skip_blank_lines=False,
                quoting=csv.QUOTE_MINIMAL,
                doublequote=True,
                engine="c",
                encoding="utf-8",
            )
        except (pd.errors.ParserError, ValueError):
            return None
        if len(frame) != len(counts):
            return None
        columns = [arrow_strings(frame[column]) for column in frame.columns]
    del unquoted, data
    return Cells(columns, counts, np.zeros(len(counts), dtype=bool))  # a cell over MAX_CELL_CHARS: build_table says


def arrow_strings(values: pd.Series) -> pa.Array:
    """A text column as a pyarrow string array (no copy for pandas' pyarrow-backed str)."""
    array = (
        pa.array(values.array)
        if isinstance(values.array, pd.arrays.ArrowStringArray)
        else pa.array(values, pa.large_string())
    )
    return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array


def strip_cells(values: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """Each cell as str.strip() leaves it, computed in pyarrow."""
    return pc.utf8_trim(values, characters=PYTHON_WHITESPACE)


def cell_text(value: object) -> str:
    """One spreadsheet cell as text: dates ISO, whole floats without '.0', None empty."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


MAX_PROBLEMS = 1_000  # problems listed per check and per file: each costs memory, and past them a list helps nobody


def listed(positions: np.ndarray) -> np.ndarray:
    """The first MAX_PROBLEMS positions a check flags (the rest are counted by `more_problems`)."""
    return positions[:MAX_PROBLEMS]


def more_problems(count: int, column: str | None = None) -> list[Problem]:
    """One problem that says how many more a check found past MAX_PROBLEMS ([] when none)."""
    return [Problem(None, column, f"{count - MAX_PROBLEMS:,}", "more_problems")] if count > MAX_PROBLEMS else []


class TooLarge(Exception):
    """A file past one of the bounds above; args[0] is the Problem that says so."""


def part_cap_mb(name: str) -> int | None:
    """The unpacked size (MB) allowed to a workbook part openpyxl parses; None for a worksheet or a part openpyxl
    does not parse (images)."""
    lowered = name.lower()
    if lowered == "xl/sharedstrings.xml":
        return MAX_SHARED_STRINGS_MB
    if lowered.startswith("xl/worksheets/"):
        return None  # the sheet read is capped while it is streamed (worksheet_problems), after its rows and cells
    return MAX_XLSX_PART_MB if lowered.endswith((".xml", ".rels")) else None


def xlsx_part_problems(archive: zipfile.ZipFile) -> list[Problem]:
    """Bounds a workbook's zip directory tells before anything is unpacked: total size, each part's ratio and size."""
    members = archive.infolist()
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_XLSX_UNPACKED_MB * 1024 * 1024:
        return [
            Problem(
                None, None, f"{unpacked / 1024 / 1024:,.0f}", "xlsx_unpacked_too_large", {"limit": MAX_XLSX_UNPACKED_MB}
            )
        ]
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_FROM_MB * 1024 * 1024 and ratio > MAX_XLSX_RATIO:
            return [Problem(None, None, f"{ratio:,.0f}", "xlsx_compression_ratio", {"part": member.filename})]
    for member in members:
        cap = part_cap_mb(member.filename)
        if cap is not None and member.file_size > cap * 1024 * 1024:
            size = f"{member.file_size / 1024 / 1024:,.0f}"
            return [Problem(None, None, size, "xlsx_part_too_large", {"part": member.filename, "limit": cap})]
    strings = next((m for m in members if m.filename.lower() == "xl/sharedstrings.xml"), None)
    if strings is not None and (longest := longest_text(archive, strings.filename)) > MAX_CELL_CHARS:
        return [Problem(None, None, f"{longest:,}", "xlsx_text_too_long", {"limit": f"{MAX_CELL_CHARS:,}"})]
    return []


UTF8_CONTINUATION = bytes(range(0x80, 0xC0))
FORMULA_WITHOUT_VALUE = re.compile(rb"<c\b([^>]*)>\s*<f\b[^>]*(?:/>|>[^<]*</f>)\s*</c>")
CELL_REFERENCE = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
ROW_NUMBER = re.compile(rb'<row\b[^>]*?\br="(\d+)"')
SHEET_DATA_TAG = re.compile(rb"<(/?)(?:[\w.-]+:)?sheetData\b[^>]*?(/?)>")
DIMENSION = re.compile(rb'<dimension\s+ref="\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?"')


def xml_chunks(archive: zipfile.ZipFile, name: str, size: int = 1 << 20):
    """A part's bytes in pieces that each end before a '<' (so no tag is split), never the whole part at once."""
    carry = b""
    with archive.open(name) as stream:
        while block := stream.read(size):
            buffer = carry + block
            cut = max(buffer.rfind(b"<c "), buffer.rfind(b"<row"))  # a cell or a row starts the next piece
            if cut <= 0 or len(buffer) - cut > 4 * size:
                cut = buffer.rfind(b"<")
            if cut <= 0:
                cut = len(buffer)
            carry = buffer[cut:]
            yield buffer[:cut]
    if carry:
        yield carry


def text_runs(chunk: bytes, run: int) -> tuple[int, int]:
    """(longest text between a '>' and the next '<' in a piece of XML, in characters; the text still open at its end).

    `run`: characters of text open at the end of the piece before. Entities count as written ('&amp;' is 5).
    """
    chars = np.frombuffer(chunk.translate(None, UTF8_CONTINUATION), dtype=np.uint8)  # one byte per character
    opens, closes = np.flatnonzero(chars == ord("<")), np.flatnonzero(chars == ord(">"))
    longest = 0
    if len(opens):
        if not len(closes) or closes[0] > opens[0]:
            longest = run + int(opens[0])  # the text carried over ends at the first '<'
        before = np.searchsorted(closes, opens) - 1  # the last '>' before each '<'
        inside = before >= 0
        if inside.any():
            longest = max(longest, int((opens[inside] - closes[before[inside]] - 1).max()))
    last_open, last_close = (int(opens[-1]) if len(opens) else -1), (int(closes[-1]) if len(closes) else -1)
    if last_open == last_close == -1:
        open_run = run + len(chars)
    else:
        open_run = len(chars) - last_close - 1 if last_close > last_open else 0
    return max(longest, open_run), open_run


def longest_text(archive: zipfile.ZipFile, name: str) -> int:
    """Characters of the longest text between two tags of a part (a shared string, an inline string), streamed."""
    longest = run = 0
    for chunk in xml_chunks(archive, name):
        found, run = text_runs(chunk, run)
        longest = max(longest, found)
    return longest


def outside_sheet_data(chunk: bytes, inside: bool) -> tuple[int, bool]:
    """(bytes of a piece of a worksheet outside its <sheetData> element, whether the piece ends inside it).

    `inside`: whether the piece before ended inside <sheetData>. Pieces end before a '<', so no tag is split."""
    outside = position = 0
    while True:
        found = chunk.find(b"sheetData", position)
        tag = SHEET_DATA_TAG.match(chunk, chunk.rfind(b"<", 0, found)) if found > 0 else None
        if found < 0:
            return outside + (0 if inside else len(chunk) - position), inside
        if tag is None or tag.end() <= found:  # the word in text, not a tag
            position = found + len(b"sheetData")
            continue
        if not inside:
            outside += tag.start() - position
        inside = not tag[1] and not tag[2]  # <sheetData> opens, </sheetData> and <sheetData/> close
        position = tag.end()


def column_number(letters: bytes) -> int:
    """'A' -> 1, 'XFD' -> 16384."""
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def worksheet_part(archive: zipfile.ZipFile, sheet: str | None) -> str | None:
    """The zip path of a worksheet (the first unless named), from workbook.xml and its relations; None if unknown."""
    from defusedxml.ElementTree import fromstring

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    relation = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    try:
        book = fromstring(archive.read("xl/workbook.xml"))
        links = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except Exception:  # a damaged or hostile workbook: openpyxl names the problem
        return None
    sheets = [(each.get("name"), each.get(relation)) for each in book.iter(f"{main}sheet")]
    chosen = next((rid for name, rid in sheets if name == sheet), None) if sheet else (sheets[0][1] if sheets else None)
    target = next((each.get("Target") for each in links if each.get("Id") == chosen), None)
    if not target:
        return None
    path = target.lstrip("/") if target.startswith("/") else "xl/" + target
    return path if path in archive.namelist() else None


def worksheet_problems(archive: zipfile.ZipFile, part: str) -> list[Problem]:
    """Bounds of one worksheet, streamed before openpyxl reads it: its dimension, rows and cells counted with a cap,
    its longest inline text, formulas saved without their result, and the XML outside its cells."""
    rows = cells = run = longest = extra = 0
    last_row = 0
    first = True
    inside = False
    streamed = 0
    for chunk in xml_chunks(archive, part):
        streamed += len(chunk)
        if streamed > MAX_XLSX_SHEET_MB * 1024 * 1024:
            size = f"{archive.getinfo(part).file_size / 1024 / 1024:,.0f}"
            return [Problem(None, None, size, "xlsx_part_too_large", {"part": part, "limit": MAX_XLSX_SHEET_MB})]
        found, inside = outside_sheet_data(chunk, inside)
        extra += found
        if extra > MAX_XLSX_SHEET_EXTRA_MB * 1024 * 1024:
            size = f"> {MAX_XLSX_SHEET_EXTRA_MB}"
            return [
                Problem(
                    None, None, size, "xlsx_sheet_extra_too_large", {"part": part, "limit": MAX_XLSX_SHEET_EXTRA_MB}
                )
            ]
        if first and (dimension := DIMENSION.search(chunk[:65536])):
            high_row = int(dimension[4] or dimension[2])
            high_column = column_number(dimension[3] or dimension[1])
            if high_row > MAX_XLSX_ROWS:
                return [Problem(None, None, f"{high_row:,}", "xlsx_too_many_rows", {"limit": f"{MAX_XLSX_ROWS:,}"})]
            if high_column > MAX_COLUMNS:
                return [Problem(1, None, f"{high_column:,}", "too_many_columns", {"limit": f"{MAX_COLUMNS:,}"})]
        first = False
        rows += chunk.count(b"<row ") + chunk.count(b"<row>") + chunk.count(b"<row/>")
        if (at := chunk.rfind(b"<row")) >= 0 and (number := ROW_NUMBER.match(chunk, at)):
            last_row = int(number[1])  # rows are written in order: openpyxl fills the gaps with empty rows
        if max(rows, last_row) > MAX_XLSX_ROWS:
            return [Problem(None, None, f"> {MAX_XLSX_ROWS:,}", "xlsx_too_many_rows", {"limit": f"{MAX_XLSX_ROWS:,}"})]
        cells += chunk.count(b"<c ") + chunk.count(b"<c>") + chunk.count(b"<c/>")
        if cells > MAX_XLSX_CELLS:
            return [
                Problem(None, None, f"> {MAX_XLSX_CELLS:,}", "xlsx_too_many_cells", {"limit": f"{MAX_XLSX_CELLS:,}"})
            ]
        if b"<f" in chunk and (formula := FORMULA_WITHOUT_VALUE.search(chunk)):
            reference = CELL_REFERENCE.search(formula[1])
            row = int(reference[2]) if reference else None
            return [
                Problem(row, None, (reference[1] + reference[2]).decode() if reference else "", "formula_without_value")
            ]
        found, run = text_runs(chunk, run)
        longest = max(longest, found)
        if longest > MAX_CELL_CHARS:
            return [
                Problem(None, None, f"> {MAX_CELL_CHARS:,}", "xlsx_text_too_long", {"limit": f"{MAX_CELL_CHARS:,}"})
            ]
    return []


def xlsx_problems(data: bytes, sheet: str | None = None) -> list[Problem]:
    """Why a workbook must not be unpacked or read (a decompression bomb, a sheet too big for openpyxl); [] if none."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        problems = xlsx_part_problems(archive)
        if problems:
            return problems
        part = worksheet_part(archive, sheet)
        parts = (
            [part] if part else [n for n in archive.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
        )
        for name in parts:
            if problems := worksheet_problems(archive, name):
                return problems
    except Exception as error:  # a damaged zip raises many kinds (BadZipFile, zlib.error, NotImplementedError, ...)
        return [Problem(None, None, type(error).__name__, "damaged_workbook")]
    return []


def read_xlsx_records(data: bytes, sheet: str | None) -> tuple[list[list[str]], str]:
    """Rows of one worksheet (the first unless named) as text cells, and the sheet's name.

    The sheet's own dimension is not trusted (openpyxl would pad every row to it, or stop at it): rows are read as
    written, each at most MAX_COLUMNS wide and MAX_XLSX_ROWS in all. Raises KeyError for a sheet the workbook does
    not have, TooLarge past a bound.
    """
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        worksheet.reset_dimensions()
        records = []
        for number, row in enumerate(worksheet.iter_rows(values_only=True), start=1):
            if number > MAX_XLSX_ROWS:
                raise TooLarge(
                    Problem(None, None, f"> {MAX_XLSX_ROWS:,}", "xlsx_too_many_rows", {"limit": f"{MAX_XLSX_ROWS:,}"})
                )
            if len(row) > MAX_COLUMNS:
                raise TooLarge(
                    Problem(number, None, f"{len(row):,}", "too_many_columns", {"limit": f"{MAX_COLUMNS:,}"})
                )
            records.append([cell_text(value) for value in row])
    finally:
        workbook.close()
    return records, worksheet.title


def find_header(records: list[list[str]], lookup: dict[str, str]) -> int:
    """Index of the record that looks most like the header (title rows above it are skipped)."""
    scores = [header_score(record, lookup) for record in records[:30]]
    return max(range(len(scores)), key=lambda i: (scores[i], -i)) if scores else 0


def xlsx_sheet_names(data: bytes) -> list[str]:
    """Names of the worksheets in an XLSX file, for a sheet picker."""
    from openpyxl import load_workbook

    if xlsx_problems(data):  # a bomb is not unpacked even for its sheet names: read_table names the problem
        return []
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True)
    except Exception:  # a damaged workbook: read_table names the problem
        return []
    names = list(workbook.sheetnames)
    workbook.close()
    return names


def is_xlsx(data: bytes) -> bool:
    """True for an Office Open XML workbook (a zip with xl/workbook.xml)."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        return "xl/workbook.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()
    except zipfile.BadZipFile:
        return False


def read_table(dataset_name: str, data: bytes, sheet: str | None = None, *, year: int | None = None) -> RawTable:
    """Bytes of a CSV or XLSX file -> text table under template column names, with file-level problems.

    Long tables and wide ones (a column per month or year, see shapes.py) give the same long table. `year`:
    the year the staff give for figures whose file names none (month columns without a year, no period
    column); the file's own year column, header or title wins over it.
    """
    dataset = DATASETS[dataset_name]
    lookup = header_lookup(dataset)
    empty = RawTable(pd.DataFrame(columns=dataset.template_columns, dtype="str"), [])
    size_mb = len(data) / 1024 / 1024
    if size_mb > MAX_UPLOAD_MB:
        empty.problems.append(Problem(None, None, f"{size_mb:.1f}", "file_too_large", {"limit": MAX_UPLOAD_MB}))
        return empty
    if not data or data.isspace():  # as `not data.strip()`, without copying the file
        empty.problems.append(Problem(None, None, "", "empty_file"))
        return empty
    utf16 = utf16_text(data)
    cells: Cells | None = None
    if is_xlsx(data):
        if refused := xlsx_problems(data, sheet):
            empty.problems.extend(refused)
            return empty
        try:
            records, sheet_name = read_xlsx_records(data, sheet)
        except TooLarge as refusal:
            empty.problems.append(refusal.args[0])
            return empty
        except KeyError:
            empty.problems.append(Problem(None, None, sheet or "", "unknown_sheet"))
            return empty
        except Exception as error:  # openpyxl raises many kinds for a damaged workbook
            empty.problems.append(Problem(None, None, type(error).__name__, "damaged_workbook"))
            return empty
        encoding, delimiter = "xlsx", ""
        problems: list[Problem] = []
    elif data.startswith(OLE2_MAGIC):
        empty.problems.append(Problem(None, None, "", "old_excel"))
        return empty
    elif utf16 is None and looks_binary(data):
        empty.problems.append(Problem(None, None, "", "binary_file"))
        return empty
    else:
        text, encoding = utf16 or decode_text(data)
        if "\x00" in text:  # a NUL past the first 4 KB: still not a text file
            empty.problems.append(Problem(None, None, "", "binary_file"))
            return empty
        if (lines := count_records(data)) > MAX_ROWS + 1:  # physical lines: a bound on the records, counted first
            empty.problems.append(Problem(None, None, f"{lines - 1:,}", "too_many_rows", {"limit": f"{MAX_ROWS:,}"}))
            return empty
        delimiter = choose_delimiter(text, lookup)
        if wide := too_wide(data if encoding == "utf-8" else text.encode("utf-8"), delimiter):
            empty.problems.append(wide)
            return empty
        cells, problems, sheet_name = read_csv_cells(text, delimiter, data if encoding == "utf-8" else None), [], ""
        if cells is None:
            records, problems = read_csv_records(text, delimiter)
        del text
    if cells is None:
        header_index = find_header(records, lookup) if records else 0
        header_record = records[header_index] if records else []
        cells = cells_from_records(records, len(header_cells(header_record)), padded=encoding == "xlsx")
        del records
    else:
        header_index = find_header(cells.head(30), lookup) if len(cells) else 0
        header_record = cells.record(header_index) if len(cells) else []
    return shape_table(
        dataset, cells, header_index, header_record, lookup, (encoding, delimiter, sheet_name), problems, year
    )


def shape_table(
    dataset: Dataset,
    cells: Cells,
    header_index: int,
    header_record: list[str],
    lookup: dict[str, str],
    reading: tuple[str, str, str],
    problems: list[Problem],
    year: int | None,
) -> RawTable:
    """Find where the table starts and ends, read it long or wide, and keep its titles and notes.

    `reading`: (encoding, delimiter, sheet) of the file.
    """
    header = header_cells(header_record)
    titles = shapes.title_texts(cells.head(header_index))
    tail_start = max(header_index + 1, len(cells) - 50)
    cut, notes = shapes.trailing_notes([cells.record(i) for i in range(tail_start, len(cells))], len(header))
    if cut:
        cells = cells.cut(len(cells) - cut)
    notes = [text for text in titles if shapes.is_note_text(text)] + notes
    title = shapes.title_span(titles)
    value_column, dimensions = (dataset.wide.value, dataset.wide.dimensions) if dataset.wide else ("", ())
    above = cells.record(header_index - 1) if header_index else None
    columns = shapes.read_columns(header, lookup, value_column, dimensions, above) if value_column else None
    if columns is not None:
        table = wide_table(dataset, cells, header_index, header, columns, lookup, reading, problems, year, title)
    else:
        fill = {}
        if "period" in dataset.template_columns and "period" not in {header_column(cell, lookup) for cell in header}:
            span = title or (shapes.Span(1, 12, year, by_year=True) if year is not None else None)
            covered = span.months(None) if span is not None else None  # both spans have a year
            if covered is not None:
                fill = dict(zip(("period", "period_end"), shapes.months_template(*covered), strict=True))
        table = build_table(dataset, cells, header_index, header_record, lookup, *reading, problems, fill=fill)
        if any(p.code == "missing_column" for p in table.problems) and (other := resembled_dataset(dataset, header)):
            table.problems.append(Problem(None, None, other, "looks_like_dataset", {"dataset": other}))
        elif value_column:
            from mirps_dash.validate import parse_count

            table.problems += shapes.long_total_problems(
                table.frame, table.rows, dataset.key, dimensions, value_column, parse_count, table.headers
            )
    table.titles, table.notes = titles, notes
    return table


def wide_table(
    dataset: Dataset,
    cells: Cells,
    header_index: int,
    header: list[str],
    columns: shapes.Columns,
    lookup: dict[str, str],
    reading: tuple[str, str, str],
    problems: list[Problem],
    year: int | None,
    title: shapes.Span | None,
) -> RawTable:
    """A table with a column per month or year, made long: one row per figure, each keeping its Excel row."""
    from mirps_dash.validate import parse_count

    width = len(header)
    first = header_index + 1
    figures = (len(cells) - first) * (len(columns.spans) + len(columns.totals))
    if figures > shapes.MAX_WIDE_CELLS:  # refused before its rows become Python lists
        problems.append(Problem(None, None, f"{figures:,}", "wide_too_large", {"limit": f"{shapes.MAX_WIDE_CELLS:,}"}))
        return RawTable(
            pd.DataFrame(columns=dataset.template_columns, dtype="str"), [], *reading, problems, shape="wide"
        )
    body = cells.rows_as_lists(first, width)
    counts = cells.counts[first:]
    extra = cells.extra[first:]
    kept, rows = [], []
    for position, record in enumerate(body):
        row = first + position + 1
        blank = not any(cell.strip() for cell in record)
        if not blank and (counts[position] < width or extra[position]):
            problems.append(Problem(row, None, str(counts[position]), "ragged_row", {"expected": width}))
        elif not blank:
            kept.append(record)
            rows.append(row)
    value_column = dataset.wide.value if dataset.wide else ""
    long = shapes.reshape_wide(header, kept, rows, columns, value_column, parse_count, year=year, title=title)
    problems += long.problems
    long_cells = cells_from_records([long.header, *long.records], len(long.header))
    table = build_table(
        dataset, long_cells, 0, long.header, lookup, *reading, problems, excel_rows=[header_index + 1, *long.rows]
    )
    table.headers.update(long.spelled)
    table.shape = "wide"
    if not long.records and any(p.code in ("wide_year_missing", "wide_too_large") for p in table.problems):
        table.problems[:] = [p for p in table.problems if p.code != "no_rows"]
    return table


def resembled_dataset(dataset: Dataset, header: list[str]) -> str | None:
    """Another dataset whose headers this file's header names clearly more of (pledge headers sent as claims)."""
    folded = [fold(cell) for cell in header if cell.strip()]
    own = sum(cell in header_lookup(dataset) for cell in folded)
    scores = {
        name: sum(cell in header_lookup(other) for cell in folded)
        for name, other in DATASETS.items()
        if name != dataset.name
    }
    best = max(scores, key=lambda name: scores[name], default=None)
    return best if best is not None and scores[best] >= max(3, own + 2) else None


def visible_text(text: str, limit: int = 80) -> str:
    """A cell as a message may quote it: control characters written out (\\x1b), long text cut with '…'."""
    shown = CONTROL_CHARACTERS.sub(lambda match: match[0].encode("unicode_escape").decode(), text)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def may_hold_control_characters(values: pa.Array | pa.ChunkedArray) -> bool:
    """False when no cell of a text column can hold one of CONTROL_CHARACTERS: none of the bytes its cells are
    stored in is one of CONTROL_BYTES or starts a C1 character. One pass over the bytes (a few ms at 1M rows), where
    the regex over every cell takes ~70 ms: the regex then runs only on a column where this is True."""
    for chunk in values.chunks if isinstance(values, pa.ChunkedArray) else [values]:
        if not (pa.types.is_string(chunk.type) or pa.types.is_large_string(chunk.type)):
            return True  # not stored as plain UTF-8: let the regex look
        stored = chunk.buffers()[2]  # every cell's bytes (a slice's neighbours too: they can only say True)
        octets = np.frombuffer(stored, dtype=np.uint8) if stored is not None else np.zeros(0, dtype=np.uint8)
        if CONTROL_BYTES[octets].any():
            return True
        follow = octets[np.flatnonzero(octets[:-1] == 0xC2) + 1]
        if ((follow >= 0x80) & (follow <= 0x9F)).any():
            return True
    return False


def cell_problems(
    values: pa.Array | pa.ChunkedArray, rows: np.ndarray, column: str, lengths: pa.Array | pa.ChunkedArray | None = None
) -> list[Problem]:
    """Cells of one column longer than MAX_CELL_CHARS, or holding a control character other than tab and line breaks.

    `lengths`: each cell's length in characters, when the caller has them (pc.utf8_length of `values`)."""
    problems = []
    lengths = pc.utf8_length(values) if lengths is None else lengths
    if (pc.max(lengths).as_py() or 0) > MAX_CELL_CHARS:
        for position in listed(np.flatnonzero(pc.greater(lengths, MAX_CELL_CHARS).to_numpy(zero_copy_only=False))):
            problems.append(
                Problem(
                    int(rows[position]),
                    column,
                    f"{lengths[int(position)].as_py():,}",
                    "cell_too_long",
                    {"limit": f"{MAX_CELL_CHARS:,}"},
                )
            )
    if not may_hold_control_characters(values):
        return problems
    controls = pc.match_substring_regex(values, CONTROL_CHARACTERS.pattern)
    if pc.any(controls).as_py():
        flagged = np.flatnonzero(controls.to_numpy(zero_copy_only=False))
        for position in listed(flagged):
            text = values[int(position)].as_py()
            char = next(CONTROL_CHARACTERS.finditer(text))[0]  # flagged: it has one
            problems.append(
                Problem(
                    int(rows[position]), column, visible_text(text), "control_character", {"char": f"U+{ord(char):04X}"}
                )
            )
        problems += more_problems(len(flagged), column)
    return problems


def header_cells(record: list[str]) -> list[str]:
    """The header record's cells, stripped, without the blank ones at its end."""
    header = [cell.strip() for cell in record]
    while header and not header[-1]:
        header.pop()
    return header


def build_table(
    dataset: Dataset,
    cells: Cells,
    header_index: int,
    header_record: list[str],
    lookup: dict[str, str],
    encoding: str,
    delimiter: str,
    sheet: str,
    problems: list[Problem],
    *,
    fill: dict[str, str] | None = None,
    excel_rows: list[int] | None = None,
) -> RawTable:
    """Map the header to template columns and keep the data rows, noting ragged and empty rows (column-wise).

    `fill`: a value for every row of a column the file lacks (the period a title names); `excel_rows`: the
    Excel row of each record, when they are not numbered from 1 (a wide table made long).
    """
    fill = fill or {}
    numbers = np.arange(1, len(cells) + 1) if excel_rows is None else np.asarray(excel_rows, dtype=np.int64)
    header = header_cells(header_record)
    header_row = int(numbers[header_index]) if len(numbers) else header_index + 1
    columns: list[str | None] = []
    code_columns: set[str] = set()  # columns read from a "… (código)" header, used only where no label column is
    for position, cell in enumerate(header, start=1):
        base = CODE_HEADER_SUFFIX.sub("", cell)
        column = header_column(base, lookup)
        if column is None and is_personal_data_header(cell):
            problems.append(Problem(header_row, cell, cell, "personal_data_column"))
            column = None
        elif column is None:
            problems.append(Problem(header_row, cell or f"#{position}", cell, "unknown_column", severity="warning"))
        elif column in columns and (base != cell) != (column in code_columns):
            # an exported file: a label column and its code column; the label is read (what a person edits)
            if base == cell:
                columns[columns.index(column)] = None
                code_columns.discard(column)
            else:
                column = None
        elif column in columns:
            problems.append(Problem(header_row, column, cell, "duplicate_column"))
            column = None
        if column is not None and base != cell:
            code_columns.add(column)
        columns.append(column)
    for column in dataset.required:
        if column not in columns and column not in fill:
            problems.append(Problem(None, column, "", "missing_column"))

    # Data records are those below the header; Excel numbers record i (from 0) as row i + 1.
    first = header_index + 1
    counts = cells.counts[first:]
    filled: dict[int, np.ndarray] = {}  # column position -> which records have a non-blank cell there
    stripped: dict[int, pa.Array | pa.ChunkedArray] = {}
    for position, column in enumerate(cells.columns):
        cells.columns[position] = None  # each raw column is freed once read, so that two copies never coexist
        body = column[first:]
        trimmed = strip_cells(body)
        trimmed = body if trimmed.equals(body) else trimmed  # nothing to strip: keep the cells, drop the copy
        name = columns[position] if position < len(header) else None
        lengths = pc.utf8_length(trimmed)
        if name is not None:
            stripped[position] = trimmed
            problems += cell_problems(trimmed, numbers[first:], name, lengths)
        filled[position] = pc.greater(lengths, 0).to_numpy(zero_copy_only=False)
        del column, body, trimmed, lengths
    nothing = np.zeros(len(counts), dtype=bool)
    extra = cells.extra[first:] | np.logical_or.reduce([filled[p] for p in filled if p >= len(header)] or [nothing])
    blank = ~extra & ~np.logical_or.reduce([filled[p] for p in filled if p < len(header)] or [nothing])
    ragged = ~blank & (extra | (counts < len(header)))
    for position in listed(np.flatnonzero(ragged)):
        problems.append(
            Problem(
                int(numbers[first + position]), None, str(counts[position]), "ragged_row", {"expected": len(header)}
            )
        )
    problems += more_problems(int(ragged.sum()))
    kept_rows = np.flatnonzero(~blank & ~ragged)
    names = [column for column in columns if column is not None]
    every_row = len(kept_rows) == len(counts)
    take = pa.array(kept_rows, type=pa.int64())
    kept = {
        column: pd.array(stripped[i] if every_row else stripped[i].take(take), dtype="str")
        for i, column in enumerate(columns)
        if column is not None
    }
    frame = (
        pd.DataFrame(kept, columns=names, index=pd.RangeIndex(len(kept_rows)))
        if len(kept_rows)
        else pd.DataFrame(columns=names, dtype="str")
    )
    for column, value in fill.items():
        if column not in frame and value:
            frame[column] = pd.array([value] * len(frame), dtype="str")
    row_numbers = numbers[kept_rows + first].tolist()
    if not row_numbers and not any(p.code in {"empty_file", "binary_file", "unbalanced_quotes"} for p in problems):
        problems.append(Problem(None, None, "", "no_rows"))
    headers = {column: header[i] for i, column in enumerate(columns) if column is not None}
    return RawTable(frame, row_numbers, encoding, delimiter, sheet, problems, headers)
