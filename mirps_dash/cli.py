"""`python -m mirps_dash`: the staff's ingest, validate, publish, history and rollback from a terminal.

Exit codes: 0 done, 1 invalid file or refused operation, 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mirps_dash.export import to_csv_bytes, to_template, to_xlsx_bytes
from mirps_dash.schema import DATASETS
from mirps_dash.service import check_file as check
from mirps_dash.service import ensure_seeded, publish_file
from mirps_dash.store import PublishConflict, Store, UnknownVersion, make_engine
from mirps_dash.validate import problems_frame


def build_parser() -> argparse.ArgumentParser:
    """The command line's grammar."""
    parser = argparse.ArgumentParser(prog="python -m mirps_dash", description="mirps-dash data store")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("init", help="create and seed the store from data/")
    datasets = sorted(DATASETS)

    validate = commands.add_parser("validate", help="check a CSV or XLSX file")
    validate.add_argument("dataset", choices=datasets)
    validate.add_argument("file", type=Path)
    validate.add_argument("--lang", choices=("es", "en"), default="es")
    validate.add_argument("--sheet")

    publish = commands.add_parser("publish", help="validate, then publish as a new version")
    publish.add_argument("dataset", choices=datasets)
    publish.add_argument("file", type=Path)
    publish.add_argument("--by", required=True)
    publish.add_argument("--replace", action="store_true", help="replace the dataset whole instead of updating rows by key")
    publish.add_argument("--lang", choices=("es", "en"), default="es")
    publish.add_argument("--sheet")

    versions = commands.add_parser("versions", help="list versions, newest first")
    versions.add_argument("dataset", choices=datasets)

    rollback = commands.add_parser("rollback", help="make an earlier version current")
    rollback.add_argument("dataset", choices=datasets)
    rollback.add_argument("version", nargs="?", type=int)
    rollback.add_argument("--by", required=True)

    export = commands.add_parser("export", help="write a version in its template columns")
    export.add_argument("dataset", choices=datasets)
    export.add_argument("--version", type=int)
    export.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    export.add_argument("--output", type=Path)
    return parser


def print_problems(problems: list, lang: str) -> None:
    """The validation report on stderr: row, column, value, message."""
    table = problems_frame(problems, lang)
    print(table.to_string(index=False), file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns the exit code."""
    arguments = build_parser().parse_args(argv)
    store = Store(make_engine())
    seeded = ensure_seeded(store)
    if arguments.command == "init":
        print("seeded: " + (", ".join(seeded) if seeded else "nothing (already seeded)"))
        return 0
    if arguments.command in ("validate", "publish") and not arguments.file.is_file():
        print(f"no such file: {arguments.file}", file=sys.stderr)
        return 2
    if arguments.command == "validate":
        report = check(store, arguments.dataset, arguments.file.read_bytes(), arguments.sheet)
        if report.problems:
            print_problems(report.problems, arguments.lang)
        print(f"{len(report.frame)} rows, {len(report.errors)} errors")
        return 0 if report.ok else 1
    if arguments.command == "publish":
        try:
            result = publish_file(store, arguments.dataset, arguments.file.read_bytes(), file_name=arguments.file.name,
                                  by=arguments.by, mode="replace" if arguments.replace else "update", sheet=arguments.sheet)
        except PublishConflict as conflict:
            print(f"conflict: {conflict}", file=sys.stderr)
            return 1
        if result.version is None:
            print_problems(result.report.problems, arguments.lang)
            return 1
        print(result.version)
        return 0
    if arguments.command == "versions":
        table = store.versions(arguments.dataset)
        for row in table.itertuples():
            mark = "*" if row.is_current else " "
            print(f"{mark} {row.version_id}\t{row.created_at:%Y-%m-%d %H:%M}\t{row.created_by}\t{row.row_count} rows\t{row.mode}\t{row.file_name}")
        return 0
    if arguments.command == "rollback":
        try:
            version = store.rollback(arguments.dataset, arguments.version, by=arguments.by)
        except (UnknownVersion, PublishConflict) as error:
            print(str(error), file=sys.stderr)
            return 1
        print(version)
        return 0
    try:
        frame = to_template(arguments.dataset, store.load(arguments.dataset, arguments.version))
    except UnknownVersion as error:
        print(str(error), file=sys.stderr)
        return 1
    data = to_xlsx_bytes(frame) if arguments.format == "xlsx" else to_csv_bytes(frame)
    if arguments.output:
        arguments.output.write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
    return 0
