"""Hostile files (issue 15): each bomb and bound through the CLI's own process, with its time and peak memory,
beside a normal file of about the same size read the same way in the same run.

    python -m bench.hostile_bench <json out>      (also step (8) of `make bench`)

The files are synthetic, built here in code (tests/test_hostile.py builds the same ones): XML parts written with
zipfile directly, so a 4M-row workbook takes a second to make and no fixture is stored.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

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


def workbook(sheet: Iterable[bytes], shared: Iterable[bytes] = (), level: int = 6, styles: bytes = STYLES) -> bytes:
    """An XLSX file from its parts, the sheet (and shared strings) streamed into the zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, part in (
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", ROOT_RELS),
            ("xl/workbook.xml", WORKBOOK),
            ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
            ("xl/styles.xml", styles),
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


def data_rows(count: int, source: str = "s") -> list[tuple[str, ...]]:
    return [HEADER, *[(f"{2000 + (i % 25)}-{i % 12 + 1:02d}", str(i % 997), source) for i in range(count)]]


def unique_rows(count: int) -> list[tuple[str, ...]]:
    """A valid claims table of `count` rows (one per month and nationality), for a baseline workbook."""
    text = csv_claims(count).decode().splitlines()
    return [tuple(line.split(",")) for line in text]


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


def bomb_outside_cells(megabytes: float, level: int = 6) -> bytes:
    """The audit's junk sheet (16.9 MB, 315 MB unpacked, ratio 18.7): a small table, then `megabytes` of <ext/>
    elements in the sheet's <extLst>, outside its cells, varied enough that no ratio flags it."""
    import random

    draw = random.Random(1)
    tokens = ["".join(draw.choice("abcdefghijklmnop") for _ in range(24)).encode() for _ in range(64)]

    def sheet() -> Iterator[bytes]:
        yield b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="' + MAIN + b'"><sheetData>'
        yield b"".join(table_rows(data_rows(5)))
        yield b"</sheetData><extLst>"
        written = 0
        while written < megabytes * 1024 * 1024:
            chunk = b"".join(b'<ext uri="' + draw.choice(tokens) + b'"/>' for _ in range(20_000))
            written += len(chunk)
            yield chunk
        yield b"</extLst></worksheet>"

    return workbook(sheet(), level=level)


def bomb_long_cells(megabytes: float) -> bytes:
    """A sheet of `megabytes` in a few hundred inline cells of 120,000 characters each (under the cell's cap), words
    drawn at random so that no ratio flags it and the file stays under the upload cap."""
    import random

    draw = random.Random(1)
    words = ["".join(draw.choice("abcdefghijklmnop") for _ in range(23)) + " " for _ in range(64)]
    count = int(megabytes * 1024 * 1024 // 120_000) + 1
    notes = ["".join(draw.choices(words, k=5_000)) for _ in range(count)]
    rows = [*table_rows([(*HEADER, "note")]), *table_rows([("2024", "1", "s", n) for n in notes], first=2)]
    return workbook(sheet_xml(rows), level=1)


def bomb_styles(formats: int = 150_000) -> bytes:
    """A styles part of `formats` cell formats (~12 MB; Excel itself stops at 64,000), parsed whole by openpyxl."""
    import random

    draw = random.Random(1)
    xfs = b"".join(
        b'<xf numFmtId="%d" fontId="0" fillId="%d" borderId="0" xfId="0" applyFill="1"/>'
        % (draw.randrange(1_000_000), draw.randrange(2))
        for _ in range(formats)
    )
    styles = STYLES.replace(b'<cellXfs count="2">', b'<cellXfs count="%d">' % (formats + 2) + xfs)
    return workbook(sheet_xml(table_rows(data_rows(5))), styles=styles)


# ---- the bench: each file through the CLI's own process ----------------------------------------------------------

BOUND_SECONDS = 5.0
BOUND_MB = 300.0
# What the issue measured before this work (same files, same CLI): accepted or crashed, not refused.
BEFORE = {
    "xlsx: 4M styled empty rows, no row numbers": "accepted after 106 s, 1.25 GB",
    "xlsx: 1,048,575 styled rows (dimension)": "38 s, 480 MB",
    "xlsx: one 60 MiB shared string in 40 cells": "88 s to 3.2 GB, ArrowMemoryError",
    "xlsx: 300 MB of extLst elements outside the cells": "accepted after 98 s, 5.2 GB (audit of issue 15)",
    "csv: a 2 GB file": "read whole before the size check",
}


def csv_claims(rows: int) -> bytes:
    """A normal claims CSV (synthetic, unique keys: month x nationality x sex x age group), for the baselines."""
    from itertools import islice, product

    from bench.synthetic import AGE_GROUPS, NATIONALITIES, SEXES

    months = [f"{year}-{month:02d}" for year in range(1990, 2026) for month in range(1, 13)]
    keys = islice(product(months, NATIONALITIES, SEXES, AGE_GROUPS), rows)
    body = "".join(f"{m},{n},{s},{a},{i % 997},unhcr-stats\n" for i, (m, n, s, a) in enumerate(keys))
    return ("period,nationality,sex,age_group,claims,source\n" + body).encode()


def csv_cases() -> list[tuple[str, str, bytes]]:
    header = "period,claims,source,note\n"
    return [
        ("csv: a cell of 131,073 characters", "claims", (header + "2024,1,s," + "x" * 131_073 + "\n").encode()),
        ("csv: a record of 20,000,001 cells", "claims", b"period,claims,source\n2024,1,s" + b"," * 20_000_000 + b"\n"),
        ("csv: 1,048,577 rows", "claims", b"period,claims,source\n" + b"2024,1,s\n" * 1_048_577),
        (
            "csv: counts 2^63-1, 10^30, 2^63",
            "claims",
            f"period,claims,source\n2019,{2**63 - 1},s\n2020,{10**30},s\n2021,{2**63},s\n".encode(),
        ),
        (
            "csv: amounts inf, 1e309, 10^30",
            "pledges",
            f"pledge_id,area_of_focus,status,amount_usd,source\np1,education,fulfilled,inf,s\n"
            f"p2,education,fulfilled,1e309,s\np3,education,fulfilled,{10**30},s\n".encode(),
        ),
        (
            "csv: terminal escape codes in cells",
            "claims",
            ("period,claims,source,note\n" + "2023,1,s,ok\n" * 40 + "2024,1,s,\x1b[2J\x1b]0;pwned\x07\n").encode(),
        ),
    ]


def xlsx_cases() -> list[tuple[str, str, bytes]]:
    formula = [*table_rows([HEADER]), b'<row r="2">' + inline("A2", "2024") + b'<c r="B2"><f>SUM(1,2)</f></c></row>']
    return [
        ("xlsx: 4M styled empty rows, no row numbers", "claims", bomb_empty_rows()),
        ("xlsx: 1,048,575 styled rows (dimension)", "claims", bomb_styled_rows(dimension=True)),
        ("xlsx: 1,048,575 styled rows, no dimension", "claims", bomb_styled_rows(dimension=False)),
        ("xlsx: one 60 MiB shared string in 40 cells", "claims", bomb_shared_string()),
        ("xlsx: a shared string of 200,000 characters", "claims", bomb_shared_string(200_000, 40)),
        (
            "xlsx: dimension A1:XFD3 (16,384 columns)",
            "claims",
            workbook(sheet_xml(table_rows(data_rows(2)), "A1:XFD3")),
        ),
        ("xlsx: a formula with no saved result", "claims", workbook(sheet_xml(formula))),
        ("xlsx: 300 MB of extLst elements outside the cells", "claims", bomb_outside_cells(300)),
        ("xlsx: 6 MB of extLst elements outside the cells", "claims", bomb_outside_cells(6)),
        ("xlsx: a 70 MB sheet of 612 long cells", "claims", bomb_long_cells(70)),
        ("xlsx: a styles part of 150,000 formats", "claims", bomb_styles()),
    ]


def baselines() -> list[tuple[str, str, bytes]]:
    """Normal files read the same way: the floor (a tiny file), a workbook near the caps, CSVs of the bombs' sizes."""
    return [
        ("baseline: a 2-row CSV (process floor)", "claims", csv_claims(2)),
        (
            "baseline: a normal workbook, 5,000 rows",
            "claims",
            workbook(sheet_xml(table_rows(unique_rows(5_000)))),
        ),
        ("baseline: a normal CSV, 200,000 rows", "claims", csv_claims(200_000)),
    ]


def child(dataset: str, path: str) -> None:
    """In a fresh process: import the CLI, note the idle RSS, run `validate`, print time, peak and the first message."""
    import contextlib

    from bench.ingest_bench import peak_rss_mb
    from mirps_dash.cli import main

    idle = current_rss_mb()
    peak_before = peak_rss_mb()
    errors = io.StringIO()
    started = time.perf_counter()
    with contextlib.redirect_stderr(errors), contextlib.redirect_stdout(io.StringIO()):
        code = main(["validate", dataset, path, "--lang", "en", "--source", "unhcr-stats"])
    seconds = time.perf_counter() - started
    lines = errors.getvalue().splitlines()
    print(
        json.dumps(
            {
                "code": code,
                "seconds": seconds,
                "idle_rss_mb": idle,
                "peak_rss_mb": peak_rss_mb(),
                "import_peak_mb": peak_before,
                "message": lines[1].strip() if len(lines) > 1 else "",
                "raw_escape_printed": "\x1b" in errors.getvalue(),
            }
        )
    )


def current_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure(cases: list[tuple[str, str, bytes]], work: Path, env: dict[str, str]) -> list[dict]:
    results = []
    for number, (name, dataset, data) in enumerate(cases):
        path = work / f"case-{number}.{'xlsx' if data.startswith(b'PK') else 'csv'}"
        path.write_bytes(data)
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "bench.hostile_bench", "child", dataset, str(path)],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        wall = time.perf_counter() - started
        figures = (
            json.loads(done.stdout.strip().splitlines()[-1]) if done.returncode == 0 else {"error": done.stderr[-500:]}
        )
        results.append({"case": name, "file_mb": len(data) / 1e6, "wall_s": wall, **figures})
        path.unlink()
        print(
            f"    {name:<48} {len(data) / 1e6:8.2f} MB  {figures.get('seconds', float('nan')):6.2f} s  "
            f"+{figures.get('peak_rss_mb', 0) - figures.get('idle_rss_mb', 0):6.0f} MB  {figures.get('message', '')[:90]}",
            flush=True,
        )
    return results


def run(out: Path) -> list[dict]:
    """Every case and baseline in this run, each in its own CLI process on one seeded SQLite store."""
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        env = {**os.environ, "MIRPS_SQLITE_PATH": str(work / "store.sqlite3"), "MIRPS_DATABASE_URL": ""}
        env.pop("MIRPS_DATABASE_URL")
        subprocess.run([sys.executable, "-m", "mirps_dash", "init"], env=env, check=True, capture_output=True)
        results = measure(baselines(), work, env)
        results += measure(xlsx_cases(), work, env)
        results += measure(csv_cases(), work, env)
        huge = work / "huge.csv"
        with huge.open("wb") as stream:
            stream.truncate(2 * 1024**3)  # sparse: 2 GB on paper, nothing written
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "bench.hostile_bench", "child", "claims", str(huge)],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        results.append(
            {
                "case": "csv: a 2 GB file",
                "file_mb": 2 * 1024**3 / 1e6,
                "wall_s": time.perf_counter() - started,
                **figures,
            }
        )
    out.write_text(json.dumps(results, indent=1))
    return results


def hostile_rows(results: list[dict]) -> list[tuple[str, str, str, str, str, str]]:
    """Rows for BENCHMARKS.md's table: each case's time and memory above idle, beside the baseline closest in kind."""
    by_name = {entry["case"]: entry for entry in results}
    floor = by_name.get("baseline: a 2-row CSV (process floor)", {})
    rows = []
    for entry in results:
        if "seconds" not in entry:
            rows.append((f"8 {entry['case']}", "error", "", "", "", str(entry.get("error", ""))[:80]))
            continue
        extra = entry["peak_rss_mb"] - entry["idle_rss_mb"]
        figure = f"{entry['seconds']:.2f} s, +{extra:.0f} MB ({entry['file_mb']:.2f} MB file)"
        if entry["case"].startswith("baseline"):
            rows.append((f"8 {entry['case']}", figure, "", "", "", ""))
            continue
        base = by_name.get(
            "baseline: a normal workbook, 5,000 rows"
            if entry["case"].startswith("xlsx")
            else "baseline: a normal CSV, 200,000 rows",
            floor,
        )
        base_extra = base.get("peak_rss_mb", 0) - base.get("idle_rss_mb", 0)
        baseline = (
            f"{base.get('seconds', float('nan')):.2f} s, +{base_extra:.0f} MB; before: {BEFORE.get(entry['case'], '—')}"
        )
        met = (
            entry["code"] == 1
            and entry["seconds"] <= BOUND_SECONDS
            and extra <= BOUND_MB
            and not entry["raw_escape_printed"]
        )
        ratio = f"{entry['seconds'] / base['seconds']:.2f}x" if base.get("seconds") else "n/a"
        rows.append(
            (
                f"8 {entry['case']}",
                figure,
                baseline,
                ratio,
                f"refused, <= {BOUND_SECONDS:.0f} s, <= +{BOUND_MB:.0f} MB",
                "**met**" if met else "**not met**",
            )
        )
    return rows


def hostile_section(results: list[dict]) -> list[str]:
    """BENCHMARKS.md's section on hostile files: what each case answered, its time and memory."""
    if not results:
        return []
    lines = [
        "## Hostile files (issue 15)",
        "",
        "Each file through `mirps-dash validate` in its own process (bench/hostile_bench.py, files built in code); "
        "time is the CLI's own work, memory is the peak above the process's idle RSS after its imports. Goal: "
        f"refused with a message within {BOUND_SECONDS:.0f} s and {BOUND_MB:.0f} MB.",
        "",
        "| case | file | time | memory above idle | message (en) |",
        "|---|---|---|---|---|",
    ]
    for entry in results:
        if "seconds" in entry:
            lines.append(
                f"| {entry['case']} | {entry['file_mb']:.2f} MB | {entry['seconds']:.2f} s | "
                f"+{entry['peak_rss_mb'] - entry['idle_rss_mb']:.0f} MB | "
                f"{' '.join(entry['message'].split())[:140].replace('|', '/')} |"
            )
    return [*lines, ""]


if __name__ == "__main__":
    if sys.argv[1] == "child":
        child(sys.argv[2], sys.argv[3])
    else:
        run(Path(sys.argv[1]))
