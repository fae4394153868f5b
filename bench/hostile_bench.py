"""Hostile files (issue 15): each bomb and bound through the CLI's own process, with its time and peak memory,
beside a normal file of about the same size read the same way in the same run.

    python -m bench.hostile_bench <json out>      (also step (8) of `make bench`)

The files are synthetic, built here in code (tests/test_hostile.py builds the same ones): XML parts written with
zipfile directly, so a 4M-row workbook takes a second to make and no fixture is stored.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator

MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
    b'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="'
    b'application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/'
    b'sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
    b'sharedStrings+xml"/></Types>'
)
ROOT_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="' + MAIN + b'" xmlns:r="http://schemas.openxmlformats'
    b'.org/officeDocument/2006/relationships"><sheets><sheet name="Hoja1" sheetId="1" r:id="rId1"/></sheets>'
    b"</workbook>"
)
WORKBOOK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
    b'2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
    b'2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://'
    b'schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    b'<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    b'sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)
STYLES = (
    b'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="' + MAIN + b'"><fonts count="1"><font><sz val="11"/>'
    b'<name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill>'
    b'<patternFill patternType="solid"><fgColor rgb="FFFFFF00"/></patternFill></fill></fills><borders count="1">'
    b'<border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" '
    b'fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" '
    b'borderId="0" xfId="0"/><xf numFmtId="0" fontId="0" fillId="1" borderId="0" xfId="0" applyFill="1"/></cellXfs>'
    b'<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
)
HEADER = ("period", "claims", "source")


def inline(reference: str, text: str) -> bytes:
    """One cell holding text written inline (no shared strings)."""
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()


def table_rows(rows: Iterable[tuple[str, ...]], numbered: bool = True, first: int = 1) -> Iterator[bytes]:
    """<row> elements of text cells, numbered as Excel numbers them (or with no r= at all)."""
    for number, values in enumerate(rows, start=first):
        cells = b"".join(
            inline(f"{chr(65 + i)}{number}", value)
            if numbered
            else f'<c t="inlineStr"><is><t>{value}</t></is></c>'.encode()
            for i, value in enumerate(values)
        )
        yield (f'<row r="{number}">'.encode() if numbered else b"<row>") + cells + b"</row>"


def sheet_xml(rows: Iterable[bytes], dimension: str | None = None) -> Iterator[bytes]:
    """A worksheet part in pieces: the optional <dimension>, then the rows given."""
    yield b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="' + MAIN + b'">'
    if dimension:
        yield f'<dimension ref="{dimension}"/>'.encode()
    yield b"<sheetData>"
    buffer = []
    for row in rows:
        buffer.append(row)
        if len(buffer) >= 4096:
            yield b"".join(buffer)
            buffer = []
    yield b"".join(buffer) + b"</sheetData></worksheet>"


def workbook(sheet: Iterable[bytes], shared: Iterable[bytes] = (), level: int = 6) -> bytes:
    """An XLSX file from its parts, the sheet (and shared strings) streamed into the zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, part in (
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", ROOT_RELS),
            ("xl/workbook.xml", WORKBOOK),
            ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
            ("xl/styles.xml", STYLES),
        ):
            archive.writestr(name, part)
        for name, pieces in (("xl/worksheets/sheet1.xml", sheet), ("xl/sharedStrings.xml", shared)):
            pieces = iter(pieces)
            first = next(pieces, None)
            if first is None and name.endswith("sharedStrings.xml"):
                first = b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="' + MAIN + b'" count="0" uniqueCount="0"/>'
            with archive.open(name, "w", force_zip64=True) as stream:
                stream.write(first)
                for piece in pieces:
                    stream.write(piece)
    return buffer.getvalue()


def data_rows(count: int) -> list[tuple[str, ...]]:
    return [HEADER, *[(f"{2000 + (i % 25)}-{i % 12 + 1:02d}", str(i % 997), "s") for i in range(count)]]


def empty_styled_rows(count: int) -> Iterator[bytes]:
    """The issue's first bomb: styled empty rows with no row numbers (openpyxl yields each one)."""
    row = b'<row s="1" customFormat="1"><c s="1"/></row>'
    for _ in range(count // 10_000):
        yield row * 10_000
    yield row * (count % 10_000)


def styled_numbered_rows(first: int, last: int, columns: int = 1) -> Iterator[bytes]:
    """The issue's second bomb: rows numbered up to Excel's last, each with formatted empty cells."""
    letters = [chr(65 + i) for i in range(columns)]
    for number in range(first, last + 1):
        yield (
            f'<row r="{number}" s="1" customFormat="1">'
            + "".join(f'<c r="{c}{number}" s="1"/>' for c in letters)
            + "</row>"
        ).encode()


def long_shared_string(chars: int, cells: int) -> tuple[Iterator[bytes], Iterator[bytes]]:
    """The issue's third bomb: one shared string of `chars` characters, used by `cells` cells."""

    def shared() -> Iterator[bytes]:
        yield b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="' + MAIN + b'" count="1" uniqueCount="1"><si><t>'
        for _ in range(chars // (1 << 20)):
            yield b"A" * (1 << 20)
        yield b"A" * (chars % (1 << 20)) + b"</t></si></sst>"

    header = b"".join(
        inline(f"{chr(65 + i)}1", value) for i, value in enumerate(("period", "claims", "source", "note"))
    )
    rows = [b'<row r="1">' + header + b"</row>"] + [
        f'<row r="{n}">'.encode()
        + inline(f"A{n}", "2024")
        + inline(f"B{n}", "1")
        + inline(f"C{n}", "s")
        + f'<c r="D{n}" t="s"><v>0</v></c></row>'.encode()
        for n in range(2, cells + 2)
    ]
    return sheet_xml(rows), shared()


def bomb_empty_rows(count: int = 4_000_000) -> bytes:
    """0.97 MB in the issue: a header, one row, then `count` styled empty rows with no row numbers, no dimension."""
    return workbook(sheet_xml([*table_rows(data_rows(1), numbered=False), *empty_styled_rows(count)]), level=9)


def bomb_styled_rows(dimension: bool = True, columns: int = 8) -> bytes:
    """19.4 MB in the issue: a table, then formatted rows down to row 1,048,575, the dimension saying so."""
    rows = [*table_rows(data_rows(2)), *styled_numbered_rows(4, 1_048_575, columns)]
    return workbook(sheet_xml(rows, f"A1:{chr(64 + columns)}1048575" if dimension else None), level=1)


def bomb_shared_string(chars: int = 60 * 1024 * 1024, cells: int = 40) -> bytes:
    """64 KB in the issue: one 60 MiB shared string in 40 cells."""
    sheet, shared = long_shared_string(chars, cells)
    return workbook(sheet, shared, level=9)
