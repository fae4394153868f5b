"""`python -m mirps_dash`: exit codes, the publish/rollback path, and export -> validate -> publish round trips."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from mirps_dash.cli import main

ROOT = Path(__file__).resolve().parents[1]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_init_seeds_once(sqlite_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "init")[1].startswith("seeded: sources, offices, claims")
    assert run(capsys, "init")[1].strip() == "seeded: nothing (already seeded)"


def test_export_claims_reproduces_unhcr_national_totals(sqlite_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "export", "claims")
    assert code == 0
    claims = pd.read_csv(io.StringIO(out), dtype=str)
    unhcr = claims[claims["source"] == "unhcr-stats"].astype({"claims": int})
    totals = unhcr.groupby("period")["claims"].sum()
    assert (totals["2018"], totals["2019"], totals["2023"]) == (29_609, 70_363, 140_979)


def test_export_offices_lists_every_office(sqlite_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys, "export", "offices")[1]
    names = set(pd.read_csv(io.StringIO(out))["city"])
    assert {
        "Tapachula",
        "Palenque",
        "Tenosique",
        "Acayucan",
        "Mexico City",
        "Monterrey",
        "Tijuana",
        "Saltillo",
        "Guadalajara",
    } <= names


def test_sources_name_unhcr_licence_and_each_comar_publisher(
    sqlite_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sources = pd.read_csv(io.StringIO(run(capsys, "export", "sources")[1]), dtype=str).fillna("")
    unhcr = sources.set_index("source_id").loc["unhcr-stats"]
    assert (unhcr["publisher"], unhcr["licence"]) == ("UNHCR", "CC BY 4.0")
    press = sources[sources["source_id"].str.startswith("comar-press-")]
    assert len(press) > 50 and (press["publisher"] != "").all() and (press["as_of"] != "").all()


@pytest.mark.parametrize(
    ("body", "lang", "expected"),
    [
        ("period,state,claims,source\n2019,Atlantis,5,unhcr-stats\n", "es", "Estado «Atlantis» desconocido."),
        ("period,state,claims,source\n2019,Atlantis,5,unhcr-stats\n", "en", "Unknown state “Atlantis”."),
    ],
)
def test_validate_exits_1_with_the_report(
    sqlite_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], body: str, lang: str, expected: str
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(body)
    code, _, err = run(capsys, "validate", "claims", str(bad), "--lang", lang)
    assert code == 1
    assert expected in err and "Atlantis" in err


def test_usage_errors_exit_2(sqlite_env: Path, tmp_path: Path) -> None:
    for args in (
        ["validate"],
        ["validate", "nosuchdataset", "x.csv"],
        ["publish", "claims", str(tmp_path / "missing.csv"), "--by", "a"],
    ):
        result = subprocess.run([sys.executable, "-m", "mirps_dash", *args], cwd=ROOT, capture_output=True, check=False)
        assert result.returncode == 2, args


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_validate_publish_round_trips_to_the_same_rows(
    sqlite_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    for dataset in ("claims", "refugees", "offices", "pledges", "sources", "indicators"):
        exported = tmp_path / f"{dataset}.{fmt}"
        assert run(capsys, "export", dataset, "--format", fmt, "--output", str(exported))[0] == 0
        assert run(capsys, "validate", dataset, str(exported))[0] == 0
        code, _out, _ = run(capsys, "publish", dataset, str(exported), "--by", "ana", "--replace")
        assert code == 0
        again = tmp_path / f"again.{fmt}"
        run(capsys, "export", dataset, "--format", fmt, "--output", str(again))
        if fmt == "csv":
            assert again.read_bytes() == exported.read_bytes(), dataset
        else:
            first = [row for row in load_workbook(exported).active.iter_rows(values_only=True)]
            assert [row for row in load_workbook(again).active.iter_rows(values_only=True)] == first, dataset


def test_publish_versions_rollback(sqlite_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    update = tmp_path / "update.csv"
    update.write_text("Periodo,Oficina,Solicitudes,Fuente\n2025-01,Tapachula,1234,unhcr-stats\n")
    shipped_rows = int(run(capsys, "versions", "claims")[1].split("\t")[3].split()[0])
    code, out, _ = run(capsys, "publish", "claims", str(update), "--by", "ana")
    assert code == 0
    version = int(out)
    listing = run(capsys, "versions", "claims")[1].splitlines()
    assert (
        listing[0].startswith(f"* {version}\t") and "ana" in listing[0] and f"\t{shipped_rows + 1} rows" in listing[0]
    )
    assert run(capsys, "rollback", "claims", "--by", "luis")[0] == 0
    listing = run(capsys, "versions", "claims")[1].splitlines()
    assert listing[0].startswith(f"  {version}\t") and listing[1].startswith("* ")
    assert run(capsys, "rollback", "claims", "999", "--by", "luis")[0] == 1


def test_formula_cells_are_exported_as_text(
    sqlite_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    evil = tmp_path / "evil.csv"
    evil.write_text('period,claims,source,note\n2025,1,unhcr-stats,=HYPERLINK("http://x")\n')
    assert run(capsys, "publish", "claims", str(evil), "--by", "ana")[0] == 0
    csv_text = run(capsys, "export", "claims")[1]
    assert "'=HYPERLINK" in csv_text
    xlsx = tmp_path / "out.xlsx"
    run(capsys, "export", "claims", "--format", "xlsx", "--output", str(xlsx))
    cells = [c for row in load_workbook(xlsx).active.iter_rows() for c in row]
    assert not [c for c in cells if c.data_type == "f"]
    assert any(c.value == '\'=HYPERLINK("http://x")' for c in cells)


def test_a_monthly_update_keeps_the_years_around_it_and_replace_swaps_the_whole_dataset(
    sqlite_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = pd.read_csv(io.StringIO(run(capsys, "export", "claims")[1]), dtype=str)
    monthly = tmp_path / "comar-2026-01.csv"
    monthly.write_text("Mes;Oficina;Solicitudes;Fuente\n01/2026;Tapachula;4,321;unhcr-stats\n", encoding="cp1252")
    assert run(capsys, "publish", "claims", str(monthly), "--by", "ana")[0] == 0
    after = pd.read_csv(io.StringIO(run(capsys, "export", "claims")[1]), dtype=str)
    assert len(after) == len(before) + 1
    assert set(before["period"]) < set(after["period"])  # every earlier period is still there
    assert run(capsys, "publish", "claims", str(monthly), "--by", "ana", "--replace")[0] == 0
    replaced = pd.read_csv(io.StringIO(run(capsys, "export", "claims")[1]), dtype=str)
    assert replaced[["period", "office", "claims"]].values.tolist() == [["2026-01", "tapachula", "4321"]]
    listing = run(capsys, "versions", "claims")[1].splitlines()
    assert "\treplace\tcomar-2026-01.csv" in listing[0] and "\tupdate\tcomar-2026-01.csv" in listing[1]


def test_rollback_records_who_did_it_and_export_reads_any_version(
    sqlite_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from mirps_dash.store import Store, make_engine

    first = int(run(capsys, "versions", "claims")[1].split()[1])
    update = tmp_path / "u.csv"
    update.write_text("period,claims,source\n2026,5,unhcr-stats\n")
    assert run(capsys, "publish", "claims", str(update), "--by", "ana")[0] == 0
    assert run(capsys, "rollback", "claims", str(first), "--by", "luis")[0] == 0
    store = Store(make_engine())
    assert store.audit("claims").iloc[0][["actor", "action", "version_id"]].tolist() == ["luis", "rollback", first]
    assert store.versions("claims").iloc[0]["created_by"] == "ana"
    store.engine.dispose()
    newest = run(capsys, "versions", "claims")[1].splitlines()[0].split()[0]  # not current any more: no "*"
    exported = pd.read_csv(io.StringIO(run(capsys, "export", "claims", "--version", newest)[1]), dtype=str)
    assert exported.loc[exported["period"] == "2026", "claims"].tolist() == ["5"]
    current = pd.read_csv(io.StringIO(run(capsys, "export", "claims")[1]), dtype=str)
    assert "2026" not in set(current["period"])


def test_publish_reports_problems_in_the_chosen_language_and_publishes_nothing(
    sqlite_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = run(capsys, "versions", "claims")[1]
    bad = tmp_path / "bad.csv"
    bad.write_text("period,claims,source,Teléfono\n2026,5,unhcr-stats,55 1234 5678\n")
    code, _, err = run(capsys, "publish", "claims", str(bad), "--by", "ana", "--lang", "en")
    assert code == 1 and "holds personal data" in err
    assert run(capsys, "versions", "claims")[1] == before


COMAR_NO_SOURCE = (
    "Mes;Entidad federativa;Nacionalidad;Solicitudes\n2026-10;Chiapas;Honduras;1,234\n2026-10;Tabasco;Cuba;55\n"
)


def test_sources_add_then_validate_and_publish_a_file_without_a_source_column(
    sqlite_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    comar = tmp_path / "comar-2026-10.csv"
    comar.write_text(COMAR_NO_SOURCE, encoding="cp1252")
    code, _, err = run(capsys, "validate", "claims", str(comar), "--lang", "en")
    assert code == 1 and "choose the file's source (in the terminal, --source ID" in err
    code, out, _ = run(
        capsys,
        "sources",
        "add",
        "--publisher",
        "COMAR",
        "--title",
        "Solicitudes por entidad federativa",
        "--url",
        "https://www.gob.mx/comar",
        "--as-of",
        "2026-11-05",
        "--note",
        "Cifras preliminares",
    )
    assert code == 0
    source_id = out.strip()
    assert source_id == "comar-solicitudes-por-entidad-federativa-2026-11-05"
    assert (
        run(
            capsys,
            "sources",
            "add",
            "--publisher",
            "COMAR",
            "--title",
            "Solicitudes por entidad federativa",
            "--url",
            "https://www.gob.mx/comar",
            "--as-of",
            "2026-11-05",
        )[1].strip()
        == source_id + "-2"
    )  # unique
    listed = [line.split("\t") for line in run(capsys, "sources", "list")[1].splitlines()]
    ids = [line[0] for line in listed]
    assert ids.index(source_id) < ids.index("unhcr-stats")  # newest as-of first: 2026-11-05 before 2025-12-31
    assert listed[ids.index(source_id)][1] == "COMAR — Solicitudes por entidad federativa (2026-11-05)"
    assert run(capsys, "validate", "claims", str(comar), "--source", source_id)[0] == 0
    code, out, _ = run(capsys, "publish", "claims", str(comar), "--by", "ana", "--source", source_id, "--unit", "cases")
    assert code == 0
    listing = run(capsys, "versions", "claims")[1].splitlines()
    assert listing[0].startswith(f"* {out.strip()}\t") and listing[0].endswith(f"source: {source_id}\tunit: cases")
    exported = pd.read_csv(io.StringIO(run(capsys, "export", "claims")[1]), dtype=str)
    october = exported[exported["period"] == "2026-10"]
    assert october[["state", "claims", "unit", "source"]].values.tolist() == [
        ["07", "1234", "cases", source_id],
        ["27", "55", "cases", source_id],
    ]


def test_rolling_back_sources_that_published_claims_cite_is_refused_and_changes_nothing(
    sqlite_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    comar = tmp_path / "comar-2026-10.csv"
    comar.write_text(COMAR_NO_SOURCE, encoding="cp1252")
    args = ["--publisher", "COMAR", "--title", "Boletín", "--url", "https://www.gob.mx/comar", "--as-of", "2026-11"]
    source_id = run(capsys, "sources", "add", *args)[1].strip()
    assert run(capsys, "publish", "claims", str(comar), "--by", "ana", "--source", source_id)[0] == 0
    before = run(capsys, "versions", "sources")[1]
    code, out, err = run(capsys, "rollback", "sources", "--by", "luis", "--lang", "en")
    assert code == 1 and out == ""
    assert "Nothing changed: sources are never lost" in err and f"“Asylum claims”: {source_id}" in err
    code, _, err = run(capsys, "rollback", "sources", "--by", "luis")
    assert code == 1 and f"«Solicitudes de asilo»: {source_id}" in err
    assert run(capsys, "versions", "sources")[1] == before


@pytest.mark.parametrize(
    ("args", "lang", "expected"),
    [
        (
            ["--url", "www.gob.mx"],
            "es",
            "--url: «www.gob.mx» no es una dirección web: debe empezar por http:// o https://",
        ),
        (["--as-of", "2024-02-30"], "en", "--as-of: “2024-02-30” is not a real date: write YYYY-MM-DD"),
        (["--as-of", "2999-01-01"], "en", "--as-of: The date “2999-01-01” is after today"),
    ],
)
def test_sources_add_refuses_a_bad_url_or_date_in_the_chosen_language(
    sqlite_env: Path, capsys: pytest.CaptureFixture[str], args: list[str], lang: str, expected: str
) -> None:
    before = run(capsys, "versions", "sources")[1]
    values = {"--publisher": "COMAR", "--title": "Boletín", "--url": "https://www.gob.mx/comar", "--as-of": "2026-10"}
    values.update(dict(zip(args[::2], args[1::2], strict=True)))
    code, out, err = run(capsys, "sources", "add", *[part for pair in values.items() for part in pair], "--lang", lang)
    assert code == 1 and out == "" and expected in err
    assert run(capsys, "versions", "sources")[1] == before


def test_an_unknown_source_id_or_unit_is_a_usage_error(
    sqlite_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    comar = tmp_path / "comar.csv"
    comar.write_text(COMAR_NO_SOURCE)
    code, _, err = run(capsys, "publish", "claims", str(comar), "--by", "ana", "--source", "nope")
    assert code == 2 and "no such source: nope" in err
    result = subprocess.run(
        [sys.executable, "-m", "mirps_dash", "validate", "claims", str(comar), "--unit", "families"],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    assert result.returncode == 2


def test_a_wide_table_without_a_year_takes_the_year_argument(
    sqlite_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wide = tmp_path / "entidades.csv"
    wide.write_text("Entidad federativa;Ene;Feb\nChiapas;1201;1302\n")
    code, _, err = run(capsys, "validate", "claims", str(wide), "--source", "unhcr-stats", "--lang", "en")
    assert code == 1 and "do not say which year they are" in err
    assert (
        run(capsys, "publish", "claims", str(wide), "--by", "ana", "--source", "unhcr-stats", "--year", "2025")[0] == 0
    )
    exported = pd.read_csv(io.StringIO(run(capsys, "export", "claims")[1]), dtype=str)
    assert exported.loc[exported["claims"].isin(["1201", "1302"]), "period"].tolist() == ["2025-01", "2025-02"]


# ---- the command line anywhere: the mirps-dash console script, and staff add without a terminal -------------------

SCRIPT = ROOT / ".venv" / "bin" / "mirps-dash"
PASSWORD = "correct horse battery"


def outside_env(**values: str) -> dict[str, str]:
    """The environment of a shell in another folder: no store settings of the tests, no PYTHONPATH to the repo."""
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith("MIRPS_") and k != "PYTHONPATH"}
    return {**env, **values}


def test_the_console_script_runs_from_any_folder(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(SCRIPT), "--help"], cwd=tmp_path, env=outside_env(), capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: mirps-dash") and "staff" in result.stdout
    staff_help = subprocess.run(
        [str(SCRIPT), "staff", "add", "--help"],
        cwd=tmp_path,
        env=outside_env(),
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    assert "at least 10 characters" in staff_help


def test_the_default_store_is_the_repositorys_whatever_the_folder(tmp_path: Path) -> None:
    code = "from mirps_dash.store import database_url; print(database_url())"
    result = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "-c", code],
        cwd=tmp_path,
        env=outside_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == f"sqlite:///{ROOT / 'var' / 'mirps.sqlite3'}"


@pytest.mark.parametrize(
    ("typed", "code", "message"),
    [
        (PASSWORD + "\n", 0, "saved ana@example.org"),
        ("short\n", 1, "the password needs at least 10 characters"),
        ("", 1, "no password on standard input"),
    ],
)
def test_staff_add_reads_a_piped_password_without_a_flag(tmp_path: Path, typed: str, code: int, message: str) -> None:
    from mirps_dash import auth
    from mirps_dash.store import make_engine

    store = tmp_path / "staff.sqlite3"
    result = subprocess.run(
        [str(SCRIPT), "staff", "add", "ana@example.org"],
        cwd=tmp_path,
        input=typed,
        env=outside_env(MIRPS_SQLITE_PATH=str(store)),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == code and message in result.stdout + result.stderr
    engine = make_engine(f"sqlite:///{store}")
    assert (auth.sign_in(engine, "ana@example.org", PASSWORD).outcome == "ok") == (code == 0)
    engine.dispose()


class Terminal(io.StringIO):
    """Standard input that is a terminal, so the password is typed at getpass's prompt."""

    def isatty(self) -> bool:
        return True


def test_at_a_terminal_staff_add_says_the_minimum_before_asking(
    sqlite_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    prompts: list[str] = []

    def typed(prompt: str = "") -> str:
        prompts.append(prompt)
        assert "at least 10 characters" in capsys.readouterr().err  # said before the first prompt
        return "too short"

    monkeypatch.setattr(sys, "stdin", Terminal())
    monkeypatch.setattr("getpass.getpass", typed)
    code = main(["staff", "add", "ana@example.org"])
    assert code == 1 and prompts == ["Password: "]  # refused at once, not after typing it twice
    assert "needs at least 10 characters (9 typed)" in capsys.readouterr().err
