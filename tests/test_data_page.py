"""The Data page through AppTest: who sees it, sign-in, upload, report, preview, publish, conflict, history, rollback."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from mirps_dash import auth
from mirps_dash.service import ensure_seeded, publish_file
from mirps_dash.store import Store, make_engine
from tests.identity import with_identity_provider

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "correct horse battery"
UPDATE = b'Periodo,Oficina,Solicitudes,Fuente\n2026-01,Tapachula,"1,234",unhcr-stats\n'


@pytest.fixture
def store(sqlite_env: Path) -> Store:
    """The app's own store (the same SQLite file), seeded, with one local staff account."""
    store = Store(make_engine())
    ensure_seeded(store)
    auth.add_staff(store.engine, "ana@example.org", PASSWORD)
    yield store
    store.engine.dispose()


def open_data_page(user: dict | None = None, lang: str = "en", identity_provider: bool = True) -> AppTest:
    """The app, then the Data page's URL, as a visitor would open it; a `user` signed in through the identity
    provider (or, with `identity_provider=False`, only claimed in st.user, st.login not configured)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = lang
    if user is not None and identity_provider:
        with_identity_provider(at, user)
    elif user is not None:
        at.user = user
    at.run()
    # Streamlit internal: AppTest lists no pages that st.navigation was given (_registered_pages)
    at.navigation_titles = {info.get("page_name") for info in at._registered_pages.values()}
    at.switch_page("pages/data.py")
    at.run()
    assert not at.exception, at.exception
    return at


def navigation_titles(at: AppTest) -> set[str]:
    """Titles in the sidebar navigation on the first page this session opened."""
    return at.navigation_titles


def sign_in(at: AppTest, email: str = "ana@example.org", password: str = PASSWORD) -> AppTest:
    at.text_input(key="data_email").input(email)
    at.text_input(key="data_password").input(password)
    at.button(key="data_sign_in").click()
    return at.run()


def texts(elements) -> list[str]:
    return [element.value for element in elements]


def assert_no_upload_controls(at: AppTest) -> None:
    assert len(at.file_uploader) == 0
    assert not [b for b in at.button if b.key and b.key.startswith(("data_publish", "data_rollback", "data_template"))]
    assert len(at.selectbox) == 0 and len(at.dataframe) == 0


def test_no_user_sees_a_sign_in_entry_and_only_a_sign_in_prompt(store: Store) -> None:
    at = open_data_page()
    assert texts(at.info) == ["This page is for the staff who update the data. Sign in to continue."]
    assert [t.label for t in at.text_input] == ["E-mail", "Password"]
    assert_no_upload_controls(at)
    titles = navigation_titles(at)
    assert "Staff sign-in" in titles and "Data (staff)" not in titles


def test_a_signed_in_user_who_is_not_staff_gets_no_uploader(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MIRPS_STAFF_EMAILS", "luis@example.org")
    at = open_data_page({"email": "visitor@example.org", "name": "Visitor"})
    assert texts(at.warning) == [
        "You are signed in as visitor@example\\.org, but that account is not on the staff list."
    ]
    assert_no_upload_controls(at)
    assert "Data (staff)" not in navigation_titles(at)


def test_a_signed_in_claim_without_an_identity_provider_configured_is_nobodys(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MIRPS_STAFF_EMAILS", "luis@example.org")
    at = open_data_page({"is_logged_in": True, "email": "luis@example.org"}, identity_provider=False)
    assert_no_upload_controls(at)
    assert at.text_input  # the password form, as for any visitor


def test_an_allowlisted_identity_provider_user_is_staff(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MIRPS_STAFF_EMAILS", "luis@example.org")
    at = open_data_page({"email": "Luis@example.org"})
    assert len(at.file_uploader) == 1 and not at.text_input
    assert "Data (staff)" in navigation_titles(at)


def test_a_local_account_signs_in_and_sees_the_controls(store: Store) -> None:
    at = sign_in(open_data_page())
    assert not at.exception
    assert len(at.file_uploader) == 1
    assert "Signed in: ana@example.org" in texts(at.sidebar.text)


def test_wrong_passwords_are_answered_with_a_growing_wait_never_a_lock(store: Store) -> None:
    at = open_data_page()
    sign_in(at, password="not the password")
    assert texts(at.error) == ["Wrong e-mail or password, or too many attempts. You can try again in 1 s."]
    assert_no_upload_controls(at)  # the whole story, with a clock the test moves: tests/test_sign_in_abuse.py


def test_removing_the_account_signs_the_session_out_at_the_next_rerun(store: Store) -> None:
    at = sign_in(open_data_page())
    assert len(at.file_uploader) == 1
    auth.remove_staff(store.engine, "ana@example.org")
    at.run()
    assert_no_upload_controls(at)


def upload(at: AppTest, data: bytes, name: str = "update.csv") -> AppTest:
    at.file_uploader[0].upload(name, data, "text/csv")
    return at.run()


def table(at: AppTest, first_column: str):
    """The dataframe on screen whose first column is `first_column`."""
    return next(frame.value for frame in at.dataframe if frame.value.columns[0] == first_column)


def metrics(at: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def test_upload_preview_publish_and_history(store: Store) -> None:
    before = store.current_version("claims")
    rows = len(store.load("claims"))  # the shipped data's rows
    now, after = f"{rows:,}", f"{rows + 1:,}"
    at = upload(sign_in(open_data_page()), UPDATE)
    assert not at.exception
    assert metrics(at) == {
        "Rows now": now,
        "Rows after": after,
        "Rows added": "1",
        "Rows removed": "0",
        "Rows changed": "0",
    }
    assert store.current_version("claims") == before  # nothing is published by a preview
    at.radio(key="data_mode").set_value("replace").run()
    assert metrics(at) == {
        "Rows now": now,
        "Rows after": "1",
        "Rows added": "1",
        "Rows removed": now,
        "Rows changed": "0",
    }
    at.radio(key="data_mode").set_value("update").run()
    at.button(key="data_publish").click().run()
    assert not at.exception
    version = store.current_version("claims")
    assert version != before
    assert texts(at.success) == [
        f"Version {version} published by ana@example\\.org: {after} rows. Every page shows it from now on; "
        "the previous version is kept."
    ]
    history = table(at, "version")
    assert history.iloc[0][["version", "who", "file", "rows", "mode", "current"]].tolist() == [
        version,
        "ana@example.org",
        "update.csv",
        rows + 1,
        "update",
        True,
    ]
    assert store.audit("claims").iloc[0][["actor", "action"]].tolist() == ["ana@example.org", "publish"]
    assert len(store.load("claims", before)) == rows  # the previous version stays


def test_a_bad_file_shows_its_problems_in_the_users_language_and_cannot_be_published(store: Store) -> None:
    bad = b"Periodo,Entidad federativa,Solicitudes,Fuente\n2026-01,Atlantis,-3,unhcr-stats\n"
    at = upload(sign_in(open_data_page(lang="es")), bad)
    assert texts(at.error)[0].startswith("2 errores y 0 avisos")
    problems = table(at, "fila")
    assert problems.iloc[:, :3].values.tolist() == [["2", "Entidad federativa", "Atlantis"], ["2", "Solicitudes", "-3"]]
    assert problems["mensaje"].iloc[0].startswith("Estado «Atlantis» desconocido.")
    assert problems["mensaje"].iloc[1].startswith("«-3» es negativo")
    assert not [b for b in at.button if b.key == "data_publish"]


def test_only_the_first_200_problems_are_on_screen(store: Store) -> None:
    body = "".join(f"{2000 + i % 20}-{i % 12 + 1:02d},Atlantis{i},1,unhcr-stats\n" for i in range(450))
    at = upload(sign_in(open_data_page()), ("period,state,claims,source\n" + body).encode())
    assert len(table(at, "row")) == 200
    assert "The first 200 of 450 problems are shown; download the full list." in texts(at.caption)


def test_a_publish_in_between_gives_a_clear_conflict_and_publishes_nothing(store: Store) -> None:
    at = upload(sign_in(open_data_page()), UPDATE)
    other = publish_file(store, "claims", b"period,claims,source\n2027,5,unhcr-stats\n", file_name="x.csv", by="luis")
    at.button(key="data_publish").click().run()
    assert texts(at.error) == [
        "Someone published or rolled back “Asylum claims” while you were reviewing: the preview is out "
        "of date and nothing was published. Review the preview again."
    ]
    assert store.current_version("claims") == other.version


def test_roll_back_to_any_version_is_audited(store: Store) -> None:
    seeded = store.current_version("claims")
    publish_file(store, "claims", UPDATE, file_name="update.csv", by="luis")
    at = sign_in(open_data_page())
    at.selectbox(key="data_version").set_value(seeded).run()
    at.button(key="data_rollback").click().run()
    assert not at.exception
    assert store.current_version("claims") == seeded
    assert texts(at.success) == [f"“Asylum claims” is back at version {seeded} (rolled back by ana@example\\.org)."]
    assert store.audit("claims").iloc[0][["actor", "action", "version_id"]].tolist() == [
        "ana@example.org",
        "rollback",
        seeded,
    ]


def test_templates_are_offered_in_both_languages(store: Store) -> None:
    at = sign_in(open_data_page())
    keys = {b.key for b in at.get("download_button")}
    assert {"data_template_es_xlsx", "data_template_es_csv", "data_template_en_xlsx", "data_template_en_csv"} <= keys


def test_an_excel_workbook_with_several_sheets_asks_which_one(store: Store) -> None:
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.title = "Notas"
    workbook.active.append(["Cifras de la COMAR"])
    data = workbook.create_sheet("Datos")
    for row in (
        ["Solicitudes de asilo, enero de 2026"],
        [],
        ["Mes", "Oficina", "Solicitudes", "Fuente"],
        ["2026-01", "Tapachula", 4321, "unhcr-stats"],
    ):
        data.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    at = sign_in(open_data_page())
    at.file_uploader[0].upload(
        "comar.xlsx", buffer.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    at.run()
    assert at.selectbox(key="data_sheet").options == ["Notas", "Datos"]
    assert "errors and" in texts(at.error)[0]  # the first sheet has no header: missing columns
    at.selectbox(key="data_sheet").set_value("Datos").run()
    assert "Read as Excel «Datos»: 1 rows." in [c.value.replace("\\", "") for c in at.caption]
    assert metrics(at)["Rows added"] == "1"


def test_with_an_identity_provider_the_prompt_offers_its_sign_in_and_no_password_form(store: Store) -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    with_identity_provider(at)
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("pages/data.py")
    at.run()
    assert not at.exception
    assert [b.label for b in at.button] == ["Sign in"] and at.button(key="data_oidc")
    assert not at.text_input and len(at.file_uploader) == 0


COMAR_NO_SOURCE = (
    "Mes;Entidad federativa;Nacionalidad;Solicitudes\n2026-10;Chiapas;Honduras;1,234\n2026-10;Tabasco;Cuba;55\n"
)


def plain(elements) -> list[str]:
    """Texts as the staff member reads them (escape_markdown's backslashes removed)."""
    import re

    return [re.sub(r"\\(.)", r"\1", element.value) for element in elements]


def describe_new_source(at: AppTest, **values: str) -> AppTest:
    """Fill the new-source form and press 'Use this source'."""
    for name, value in values.items():
        (at.text_area if name == "note" else at.text_input)(key=f"data_new_{name}").input(value)
    at.button(key="data_new_submit").click()
    return at.run()


def test_a_file_without_sources_asks_for_one_then_publishes_it_with_a_new_source(store: Store) -> None:
    import datetime as dt

    claims_before, sources_before = store.current_version("claims"), store.current_version("sources")
    at = upload(sign_in(open_data_page()), COMAR_NO_SOURCE.encode("cp1252"), "comar-2026-10.csv")
    assert not at.exception
    assert texts(at.info)[0].startswith("Some rows of this file do not say which source they come from.")
    assert not at.metric and not [b for b in at.button if b.key == "data_publish"]  # the source first, then the preview
    at.radio(key="data_source_kind").set_value("new").run()
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    describe_new_source(
        at, publisher="COMAR", title="Solicitudes por entidad federativa", url="www.gob.mx/comar", as_of=tomorrow
    )
    assert plain(at.error) == [
        "“www.gob.mx/comar” is not a web address: it must start with http:// or https:// (for example https://www.gob.mx/comar).",
        f"The date “{tomorrow}” is after today ({dt.date.today().isoformat()}): the as-of date cannot be in the future.",
    ]
    assert not at.metric
    describe_new_source(at, url="https://www.gob.mx/comar", as_of="2026-11-05", note="Cifras preliminares")
    assert not at.exception
    source_id = "comar-solicitudes-por-entidad-federativa-2026-11-05"
    assert metrics(at)["Rows added"] == "2"
    assert (
        "Source of the rows without one: COMAR — Solicitudes por entidad federativa (2026-11-05)  \nUnit: persons"
        in plain(at.info)
    )
    assert store.current_version("sources") == sources_before  # nothing is created before Publish
    at.button(key="data_publish").click().run()
    assert not at.exception
    version = store.current_version("claims")
    assert version != claims_before and store.current_version("sources") != sources_before
    assert source_id in set(store.load("sources")["source_id"])
    history = table(at, "version")
    assert history.iloc[0][["version", "source(s)", "unit"]].tolist() == [version, source_id, "persons"]
    at.selectbox(key="data_version").set_value(claims_before).run()
    at.button(key="data_rollback").click().run()
    assert store.current_version("claims") == claims_before
    assert source_id in set(store.load("sources")["source_id"])  # rolling the claims back keeps the source


def test_a_new_source_whose_id_someone_created_meanwhile_is_forgotten_and_asked_for_again(store: Store) -> None:
    from mirps_dash.service import add_source
    from mirps_dash.upload import check_new_source

    claims_before = store.current_version("claims")
    at = upload(sign_in(open_data_page()), COMAR_NO_SOURCE.encode(), "comar-2026-10.csv")
    at.radio(key="data_source_kind").set_value("new").run()
    described = {"publisher": "COMAR", "title": "Boletín", "url": "https://www.gob.mx/comar", "as_of": "2026-11-05"}
    describe_new_source(at, **described)
    source_id = "comar-boletin-2026-11-05"
    assert metrics(at)["Rows added"] == "2"
    meanwhile, _ = check_new_source({**described, "licence": "", "note": ""}, set())
    assert meanwhile is not None and meanwhile.source_id == source_id
    sources_meanwhile = add_source(store, meanwhile, by="luis")  # a colleague creates the same source first
    at.button(key="data_publish").click().run()
    assert not at.exception
    assert plain(at.error) == [
        f"A source with this id ({source_id}) was created meanwhile and nothing was published: pick it from the "
        "list or describe yours again."
    ]
    assert store.current_version("claims") == claims_before
    assert store.current_version("sources") == sources_meanwhile
    # The stale description is gone: no preview and no Publish until the source is chosen again.
    assert not at.metric and not [b for b in at.button if b.key == "data_publish"]
    assert at.button(key="data_new_submit")
    at.radio(key="data_source_kind").set_value("existing").run()
    at.selectbox(key="data_source_pick").set_value(source_id).run()
    at.button(key="data_publish").click().run()
    assert not at.exception and not at.error
    published = store.load("claims")
    assert published.loc[published["period_start"] == "2026-10-01", "source"].tolist() == [source_id, source_id]


def test_rolling_back_the_sources_that_published_claims_cite_is_refused(store: Store) -> None:
    from mirps_dash.upload import NewSource, UploadChoice

    sources_before = store.current_version("sources")
    new = NewSource("comar-boletin-2026-11", "COMAR", "Boletín", "https://www.gob.mx/comar", "2026-11")
    publish_file(
        store, "claims", COMAR_NO_SOURCE.encode(), file_name="c.csv", by="luis", choice=UploadChoice(new_source=new)
    )
    sources_now, audit_rows = store.current_version("sources"), len(store.audit())
    at = sign_in(open_data_page(lang="es"))
    at.selectbox(key="data_dataset").set_value("sources").run()
    at.selectbox(key="data_version").set_value(sources_before).run()
    at.button(key="data_rollback").click().run()
    assert not at.exception and not at.success
    assert plain(at.error) == [
        "No se cambió nada: las fuentes nunca se pierden, y esta versión de «Fuentes» quitaría fuentes que las "
        "versiones actuales de otros datos todavía citan («Solicitudes de asilo»: comar-boletin-2026-11). Publique "
        "antes versiones de esos datos que ya no las citen, o elija una versión de las fuentes que las conserve."
    ]
    assert (store.current_version("sources"), len(store.audit())) == (sources_now, audit_rows)


def test_staff_pick_an_existing_source_newest_first_and_say_the_figures_are_cases(store: Store) -> None:
    at = upload(sign_in(open_data_page(lang="es")), COMAR_NO_SOURCE.encode(), "comar.csv")
    picker = at.selectbox(key="data_source_pick")
    sources = store.load("sources")
    newest = sources.sort_values(["as_of", "source_id"], ascending=[False, True])["source_id"].tolist()
    labels = sources.set_index("source_id")
    assert picker.options[:3] == [
        f"{labels.at[s, 'publisher']} — {labels.at[s, 'title']} ({labels.at[s, 'as_of']})" for s in newest[:3]
    ]
    assert picker.value is None and not at.metric
    picker.set_value("unhcr-stats").run()
    at.radio(key="data_unit").set_value("cases").run()
    assert not at.exception
    assert metrics(at)["Filas nuevas"] == "2"
    assert any(
        text.startswith("Fuente de las filas sin fuente: UNHCR — ") and text.endswith("\nUnidad: casos")
        for text in plain(at.info)
    )
    at.button(key="data_publish").click().run()
    published = store.load("claims")
    october = published[published["period_start"] == "2026-10-01"]
    assert october[["claims", "unit", "source"]].values.tolist() == [
        [1234, "cases", "unhcr-stats"],
        [55, "cases", "unhcr-stats"],
    ]
    assert table(at, "versión").iloc[0][["fuente(s)", "unidad"]].tolist() == ["unhcr-stats", "casos"]


def test_a_wide_table_whose_columns_name_no_year_asks_for_it(store: Store) -> None:
    body = "Entidad federativa,Ene,Feb,Fuente\nChiapas,1201,1302,unhcr-stats\n"
    at = upload(sign_in(open_data_page()), body.encode(), "sin-año.csv")
    assert not at.exception
    assert any("do not say which year they are" in message for message in table(at, "row")["message"])
    assert not at.metric
    at.number_input(key="data_year").set_value(2025).run()
    assert not at.exception and not at.error
    assert metrics(at)["Rows added"] == "2"
    at.button(key="data_publish").click().run()
    claims = store.load("claims")
    assert claims.loc[claims["claims"].isin([1201, 1302]), "period_start"].tolist() == ["2025-01-01", "2025-02-01"]


def test_the_preview_names_the_one_figure_a_revision_moves_never_a_sum_of_levels(store: Store) -> None:
    """Revising La Razón's 2022 Tapachula cell: the preview lists that figure, 76,239 → 76,300, and nothing else."""
    revision = b"Periodo,Entidad federativa,Oficina,Solicitudes,Unidad,Fuente\n2022,Chiapas,Tapachula,76300,persons,comar-press-006\n"
    at = upload(sign_in(open_data_page()), revision)
    assert not at.exception
    assert metrics(at)["Rows changed"] == "1"
    words = [m.value for m in at.markdown if "→" in m.value]
    assert len(words) == 1 and "76,239" in words[0] and "76,300" in words[0]
    assert "268,042" not in words[0] and words[0].count("→") == 1
    moved = next(frame.value for frame in at.dataframe if len(frame.value) and "76,300" in frame.value.to_string())
    assert len(moved) == 1


def test_a_pledges_file_uploaded_as_claims_offers_to_check_it_as_pledges(store: Store) -> None:
    pledges = (
        "Identificador;Área de enfoque;Estatus;Foro;Año;Fuente\nMX-9;Salud;Cumplido;GRF 2019;2019;compiled-pledges\n"
    )
    at = upload(sign_in(open_data_page()), pledges.encode(), "pledges.csv")
    assert at.selectbox(key="data_dataset").value == "claims"
    at.button(key="data_switch_pledges").click().run()
    assert not at.exception
    assert at.selectbox(key="data_dataset").value == "pledges"
    assert not [b for b in at.button if b.key == "data_switch_pledges"]
    assert metrics(at)["Rows added"] == "1"  # the same file, now checked as pledges
