"""`mirps-dash` (or `python -m mirps_dash`): the staff's ingest, validate, publish, history and rollback from a terminal.

Exit codes: 0 done, 1 invalid file or refused operation, 2 usage error.
"""

from __future__ import annotations

import argparse
import getpass
import re
import sys
from pathlib import Path
from typing import TextIO

from mirps_dash import auth
from mirps_dash.ingest import MAX_UPLOAD_MB, Problem
from mirps_dash.schema import DATASETS, UNITS
from mirps_dash.service import (
    add_source,
    ensure_seeded,
    publish_file,
    rollback,
    source_ids,
    sources_in_use_message,
    version_file,
    version_history,
)
from mirps_dash.service import check_file as check
from mirps_dash.store import NewerStore, PublishConflict, SourcesInUse, Store, UnknownVersion, make_engine
from mirps_dash.upload import UploadChoice, check_new_source, field_problem_message, source_label, sources_newest_first
from mirps_dash.validate import problems_frame

# C0 and C1 control characters (ESC, CSI, BEL, ...) and DEL; tab and line breaks too, as a table cell holds one line.
TERMINAL_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def build_parser() -> argparse.ArgumentParser:
    """The command line's grammar."""
    parser = argparse.ArgumentParser(prog="mirps-dash", description="mirps-dash data store")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("init", help="create and seed the store from data/")
    datasets = sorted(DATASETS)

    validate = commands.add_parser("validate", help="check a CSV or XLSX file")
    validate.add_argument("dataset", choices=datasets)
    validate.add_argument("file", type=Path)
    validate.add_argument("--lang", choices=("es", "en"), default="es")
    validate.add_argument("--sheet")
    add_upload_choice(validate)

    publish = commands.add_parser("publish", help="validate, then publish as a new version")
    publish.add_argument("dataset", choices=datasets)
    publish.add_argument("file", type=Path)
    publish.add_argument("--by", required=True)
    publish.add_argument(
        "--replace", action="store_true", help="replace the dataset whole instead of updating rows by key"
    )
    publish.add_argument("--lang", choices=("es", "en"), default="es")
    publish.add_argument("--sheet")
    add_upload_choice(publish)

    versions = commands.add_parser("versions", help="list versions, newest first")
    versions.add_argument("dataset", choices=datasets)

    rollback = commands.add_parser("rollback", help="make an earlier version current")
    rollback.add_argument("dataset", choices=datasets)
    rollback.add_argument("version", nargs="?", type=int)
    rollback.add_argument("--by", required=True)
    rollback.add_argument("--lang", choices=("es", "en"), default="es")

    export = commands.add_parser("export", help="write a version in its template columns")
    export.add_argument("dataset", choices=datasets)
    export.add_argument("--version", type=int)
    export.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    export.add_argument("--output", type=Path)

    sources = commands.add_parser("sources", help="the sources that figures name")
    sources_commands = sources.add_subparsers(dest="sources_command", required=True)
    add_source_parser = sources_commands.add_parser("add", help="describe a new source; prints its id")
    add_source_parser.add_argument("--publisher", required=True)
    add_source_parser.add_argument("--title", required=True)
    add_source_parser.add_argument("--url", required=True, help="http(s) address where it can be read")
    add_source_parser.add_argument(
        "--as-of", required=True, help="date the figures refer to: YYYY-MM-DD, YYYY-MM or YYYY"
    )
    add_source_parser.add_argument("--licence", default="")
    add_source_parser.add_argument("--note", default="")
    add_source_parser.add_argument("--by", default=getpass.getuser())
    add_source_parser.add_argument("--lang", choices=("es", "en"), default="es")
    sources_commands.add_parser("list", help="list sources, newest first")

    staff = commands.add_parser("staff", help="staff accounts that may sign in on the Data page")
    staff_commands = staff.add_subparsers(dest="staff_command", required=True)
    add = staff_commands.add_parser(
        "add",
        help=f"create an account or set a new password of at least {auth.MIN_PASSWORD_LENGTH} characters "
        "(clears a lockout)",
        description=f"The password needs at least {auth.MIN_PASSWORD_LENGTH} characters. In a terminal it is asked "
        "for twice; piped in (echo ... | mirps-dash staff add EMAIL) its first line is read, no flag needed.",
    )
    add.add_argument("email")
    add.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of stdin (the default when stdin is not a terminal)",
    )
    add.add_argument("--no-password", action="store_true", help="allow this e-mail through the identity provider only")
    staff_commands.add_parser("remove", help="delete an account").add_argument("email")
    staff_commands.add_parser("list", help="list accounts")
    return parser


def add_upload_choice(parser: argparse.ArgumentParser) -> None:
    """`--source` and `--unit`: what rows of the file that name none take (a source or unit cell still wins)."""
    parser.add_argument("--source", help="source id for rows without one (see `sources list`, `sources add`)")
    parser.add_argument(
        "--unit", choices=UNITS, help="unit of claims or decisions without one (default: from the header, else persons)"
    )
    parser.add_argument("--year", type=int, help="year of a wide table whose month columns and title name none")


def upload_choice(store: Store, arguments: argparse.Namespace) -> UploadChoice | None:
    """The choice the arguments give; raises LookupError for a --source id that is not a source."""
    if arguments.source is not None and arguments.source not in source_ids(store):
        raise LookupError(arguments.source)
    if arguments.source is None and arguments.unit is None:
        return None
    return UploadChoice(source=arguments.source, unit=arguments.unit)


def run_sources(store: Store, arguments: argparse.Namespace) -> int:
    """`sources add|list`: a new source is published as a new version of `sources` and its id printed."""
    if arguments.sources_command == "list":
        if store.current_version("sources") is not None:
            for row in sources_newest_first(store.load("sources")).itertuples():
                print(f"{terminal_text(row.source_id)}\t{terminal_text(source_label(row))}")
        return 0
    values = {
        "publisher": arguments.publisher,
        "title": arguments.title,
        "url": arguments.url,
        "as_of": arguments.as_of,
        "licence": arguments.licence,
        "note": arguments.note,
    }
    source, problems = check_new_source(values, source_ids(store))
    if source is None:
        for problem in problems:
            print(
                f"--{problem.field.replace('_', '-')}: {field_problem_message(problem, arguments.lang)}",
                file=sys.stderr,
            )
        return 1
    try:
        add_source(store, source, by=arguments.by)
    except PublishConflict as conflict:
        print(f"conflict: {conflict}", file=sys.stderr)
        return 1
    print(source.source_id)
    return 0


def read_password(from_stdin: bool, stdin: TextIO | None = None) -> str:
    """The new password: the first line of standard input when asked to or when it is not a terminal (a pipe, a
    script), else typed twice at a prompt that first says the minimum length. Raises ValueError with what to do."""
    stdin = stdin or sys.stdin
    minimum = auth.MIN_PASSWORD_LENGTH
    if from_stdin or not stdin.isatty():
        line = stdin.readline()
        if not line.strip("\r\n"):
            raise ValueError(
                f"no password on standard input: pipe one line of at least {minimum} characters, "
                "or run the command in a terminal to be asked for it"
            )
        return line.rstrip("\r\n")
    print(f"The password needs at least {minimum} characters.", file=sys.stderr)
    first = getpass.getpass("Password: ")
    if len(first) < minimum:
        raise ValueError(f"the password needs at least {minimum} characters ({len(first)} typed)")
    if getpass.getpass("Password again: ") != first:
        raise ValueError("the two passwords differ")
    return first


def run_staff(store: Store, arguments: argparse.Namespace) -> int:
    """`staff add|remove|list`: accounts live in the store's database, passwords as argon2 hashes."""
    engine = store.engine
    if arguments.staff_command == "list":
        for account in auth.list_staff(engine):
            login = "password" if account["has_password"] else "identity provider only"
            print(f"{account['email']}\t{login}\tactive\tfailed attempts (24 h): {account['recent_failures']}")
        return 0
    if arguments.staff_command == "remove":
        if not auth.remove_staff(engine, arguments.email):
            print(f"no such account: {arguments.email}", file=sys.stderr)
            return 1
        print(f"removed {auth.normalise_email(arguments.email)}")
        return 0
    try:
        password = None if arguments.no_password else read_password(arguments.password_stdin)
        auth.add_staff(engine, arguments.email, password)
    except ValueError as error:
        print(str(error), file=sys.stderr)
        return 1
    print(f"saved {auth.normalise_email(arguments.email)}")
    return 0


def terminal_text(text: object) -> str:
    """A value from a file as the terminal may print it: control characters (escape codes) and line breaks written
    out, so a cell can neither colour, move, retitle nor clear the staff's terminal."""
    return TERMINAL_UNSAFE.sub(lambda match: match[0].encode("unicode_escape").decode(), str(text))


def print_problems(problems: list, lang: str, headers: dict[str, str] | None = None) -> None:
    """The validation report on stderr: row, column (as the file names it), value, message."""
    table = problems_frame(problems, lang, headers).map(terminal_text)
    print(table.to_string(index=False), file=sys.stderr)


def too_large(path: Path) -> Problem | None:
    """The file-size problem of a file past the upload cap, told from its size on disk before a byte is read."""
    size_mb = path.stat().st_size / 1024 / 1024
    return (
        Problem(None, None, f"{size_mb:.1f}", "file_too_large", {"limit": MAX_UPLOAD_MB})
        if size_mb > MAX_UPLOAD_MB
        else None
    )


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns the exit code."""
    arguments = build_parser().parse_args(argv)
    store = Store(make_engine())
    try:
        seeded = ensure_seeded(store)
    except NewerStore as newer:  # a newer release's store: change nothing in it
        print(newer, file=sys.stderr)
        return 2
    if arguments.command == "staff":
        return run_staff(store, arguments)
    if arguments.command == "sources":
        return run_sources(store, arguments)
    if arguments.command == "init":
        print("seeded: " + (", ".join(seeded) if seeded else "nothing (already seeded)"))
        return 0
    if arguments.command in ("validate", "publish") and not arguments.file.is_file():
        print(f"no such file: {arguments.file}", file=sys.stderr)
        return 2
    try:
        choice = upload_choice(store, arguments) if arguments.command in ("validate", "publish") else None
    except LookupError as unknown:
        print(f"no such source: {unknown.args[0]} (see `python -m mirps_dash sources list`)", file=sys.stderr)
        return 2
    if arguments.command in ("validate", "publish") and (refusal := too_large(arguments.file)):
        print_problems([refusal], arguments.lang)
        return 1
    if arguments.command == "validate":
        report = check(
            store, arguments.dataset, arguments.file.read_bytes(), arguments.sheet, choice=choice, year=arguments.year
        )
        if report.problems:
            print_problems(report.problems, arguments.lang, report.headers)
        print(f"{len(report.frame)} rows, {len(report.errors)} errors")
        return 0 if report.ok else 1
    if arguments.command == "publish":
        try:
            result = publish_file(
                store,
                arguments.dataset,
                arguments.file.read_bytes(),
                file_name=arguments.file.name,
                by=arguments.by,
                mode="replace" if arguments.replace else "update",
                sheet=arguments.sheet,
                choice=choice,
                year=arguments.year,
            )
        except PublishConflict as conflict:
            print(f"conflict: {conflict}", file=sys.stderr)
            return 1
        except SourcesInUse as refused:
            print(terminal_text(sources_in_use_message(refused, arguments.lang)), file=sys.stderr)
            return 1
        if result.version is None:
            print_problems(result.report.problems, arguments.lang, result.report.headers)
            return 1
        print(result.version)
        return 0
    if arguments.command == "versions":
        table = version_history(store, arguments.dataset)
        for row in table.itertuples():
            mark = "*" if row.is_current else " "
            print(
                f"{mark} {row.version_id}\t{row.created_at:%Y-%m-%d %H:%M}\t{terminal_text(row.created_by)}\t{row.row_count} rows\t"
                f"{row.mode}\t{terminal_text(row.file_name)}\tsource: {terminal_text(row.sources or '—')}\t"
                f"unit: {terminal_text(row.units or '—')}"
            )
        return 0
    if arguments.command == "rollback":
        try:
            version = rollback(store, arguments.dataset, arguments.version, by=arguments.by)
        except (UnknownVersion, PublishConflict) as error:
            print(str(error), file=sys.stderr)
            return 1
        except SourcesInUse as refused:
            print(terminal_text(sources_in_use_message(refused, arguments.lang)), file=sys.stderr)
            return 1
        print(version)
        return 0
    try:
        data = version_file(store, arguments.dataset, arguments.version, arguments.format)
    except UnknownVersion as error:
        print(str(error), file=sys.stderr)
        return 1
    if arguments.output:
        arguments.output.write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
    return 0
