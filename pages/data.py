"""Data (staff only): sign in, upload a file, read its problems, preview the change, publish, history, rollback."""

import streamlit as st

from mirps_dash import auth, service
from mirps_dash.export import to_csv_bytes
from mirps_dash.i18n import format_number, t
from mirps_dash.ingest import MAX_UPLOAD_MB, is_xlsx, xlsx_sheet_names
from mirps_dash.safe import escape_markdown
from mirps_dash.schema import SEED_ORDER
from mirps_dash.store import PublishConflict, SourceIdTaken, SourcesInUse, Store
from mirps_dash.templates import template_csv, template_xlsx
from mirps_dash.ui import (
    client_address,
    current_language,
    current_staff,
    get_store,
    load_dataset,
    oidc_configured,
    require_frame,
    session_secret,
    write_staff_cookie,
)
from mirps_dash.upload import (
    NEW_SOURCE_FIELDS,
    UNITS,
    UploadChoice,
    check_new_source,
    field_problem_message,
    source_label,
    sources_newest_first,
)
from mirps_dash.validate import problems_frame
from mirps_dash.views import describe_figure_changes, version_history_table

MAX_SHOWN = 200


def sign_in_prompt(store: Store, lang: str) -> None:
    """The only thing a non-staff visitor sees here: a sign-in prompt (no upload code runs for them)."""
    st.info(t("data_sign_in_needed", lang))
    if email := auth.oidc_email(st.user):
        st.warning(t("data_not_staff", lang, email=escape_markdown(email)))
    if oidc_configured():
        st.button(
            t("data_sign_out" if auth.oidc_email(st.user) else "data_sign_in_provider", lang),
            key="data_oidc",
            on_click=st.logout if auth.oidc_email(st.user) else st.login,
        )
        return
    with st.form("data_sign_in_form"):
        email = st.text_input(t("data_email", lang), key="data_email")
        password = st.text_input(t("data_password", lang), type="password", key="data_password")
        submitted = st.form_submit_button(t("data_sign_in", lang), key="data_sign_in")
    if st.session_state.pop("data_cookie_clear", False):
        write_staff_cookie(None)  # signed out: this browser forgets the token (it stopped working everywhere)
    if submitted:
        result = auth.sign_in(store.engine, email, password, address=client_address())
        if result.outcome == "ok":
            token = auth.issue_token(store.engine, result.email, session_secret())
            st.session_state[auth.SESSION_KEY] = token
            st.session_state["data_cookie_write"] = token
            st.session_state["data_failures"] = auth.format_failures(result.failures)
            st.rerun()
        st.error(t("data_refused", lang, seconds=result.wait_s))  # the same words for every refusal


def sign_out(store: Store) -> None:
    """End a local sign-in everywhere (every tab, browser and replica), or sign out of the identity provider."""
    token = st.session_state.pop(auth.SESSION_KEY, None)
    if token is None:
        st.logout()
        return
    if email := auth.verify_token(store.engine, token, session_secret()):
        auth.end_sessions(store.engine, email)
    for key in ("data_failures", "data_noted_upload", auth.RESTORED_KEY):
        st.session_state.pop(key, None)
    st.session_state["data_cookie_clear"] = True


def session_notes(store: Store, staff: str, lang: str) -> None:
    """After sign-in: keep the token in the browser, show the failed attempts since the last sign-in, and after a
    reload name the file that was waiting for Publish (an upload does not survive a reload: Streamlit keeps it
    in the session that received it)."""
    if token := st.session_state.pop("data_cookie_write", None):
        write_staff_cookie(token)
    if failures := st.session_state.get("data_failures"):
        st.warning(t("data_failures_title", lang, count=len(failures)))
        st.dataframe(
            [
                {t("data_failures_when", lang): row["when"], t("data_failures_address", lang): row["address"]}
                for row in failures
            ],
            hide_index=True,
            key="data_failures_table",
        )
        st.button(
            t("data_failures_hide", lang),
            key="data_failures_hide",
            on_click=lambda: st.session_state.pop("data_failures", None),
        )
    if st.session_state.pop(auth.RESTORED_KEY, False) and (name := auth.take_pending_upload(store.engine, staff)):
        st.warning(t("data_upload_lost", lang, name=name))


def note_pending_upload(store: Store, staff: str) -> None:
    """Remember (in the database) the file waiting for Publish in this session, for `session_notes` after a reload."""
    cached = st.session_state.get("data_preview")
    name = cached[1].file_name if cached is not None else None
    if name != st.session_state.get("data_noted_upload"):
        auth.note_pending_upload(store.engine, staff, name)
        st.session_state["data_noted_upload"] = name


def show_changes(preview: service.Preview, mode: str, lang: str) -> None:
    """What publishing in `mode` would do: row counts, rows added/removed/changed, yearly totals."""
    changes = preview.changes[mode]
    st.subheader(t("data_preview", lang, base=preview.base if preview.base is not None else "—"))
    show_choice(preview, lang)
    counts = {
        "data_rows_before": preview.base_rows,
        "data_rows_after": len(preview.frames[mode]),
        "data_added": len(changes.added),
        "data_removed": len(changes.removed),
        "data_changed": len(changes.changed),
    }
    for column, (label, value) in zip(st.columns(len(counts)), counts.items(), strict=True):
        column.metric(t(label, lang), format_number(value, lang))
    if changes.is_empty:
        st.info(t("data_no_changes", lang))
    if not changes.figures.empty:
        words, table = describe_figure_changes(changes.figures, load_dataset("sources"), load_dataset("offices"), lang)
        st.caption(t("data_yearly", lang))
        st.markdown(words)
        st.dataframe(table, hide_index=True, width="stretch", key=f"data_yearly_{mode}")
    for label, frame in (
        ("data_added", changes.added),
        ("data_removed", changes.removed),
        ("data_changed", changes.changed),
    ):
        if not frame.empty:
            with st.expander(f"{t(label, lang)}: {format_number(len(frame), lang)}"):
                st.dataframe(frame.head(MAX_SHOWN), hide_index=True, width="stretch", key=f"data_{label}_{mode}")


def show_choice(preview: service.Preview, lang: str) -> None:
    """The source and unit of the file's rows, named beside the changes."""
    if lines := service.choice_lines(preview, load_dataset("sources"), lang):
        st.info("  \n".join(escape_markdown(line) for line in lines))


def upload_choice() -> UploadChoice:
    """The staff's source and unit for rows without one, as the widgets of `choose_source_and_unit` hold them
    (read before those widgets draw, so that the preview above them already uses the choice)."""
    if st.session_state.get("data_source_kind", "existing") == "new":
        return UploadChoice(new_source=st.session_state.get("data_new_source"), unit=st.session_state.get("data_unit"))
    return UploadChoice(source=st.session_state.get("data_source_pick"), unit=st.session_state.get("data_unit"))


def new_source_form(store: Store, notes: tuple[str, ...], lang: str) -> None:
    """Describe a new source (the file's notes offered as its note); once it checks out it waits in the session
    until Publish creates it."""
    if (new := st.session_state.get("data_new_source")) is not None:
        st.success(escape_markdown(t("data_new_ready", lang, label=source_label(new), source_id=new.source_id)))
        st.button(
            t("data_new_change", lang),
            key="data_new_change",
            on_click=lambda: st.session_state.pop("data_new_source", None),
        )
        return
    st.caption(t("data_new_help", lang))
    with st.form("data_new_source_form"):
        values = {
            name: st.text_input(t(f"data_new_{name}", lang), key=f"data_new_{name}")
            for name in NEW_SOURCE_FIELDS
            if name != "note"
        }
        values["note"] = st.text_area(t("data_new_note", lang), " ".join(notes), key="data_new_note")
        submitted = st.form_submit_button(t("data_new_submit", lang), key="data_new_submit")
    if submitted:
        source, problems = check_new_source(values, service.source_ids(store))
        for problem in problems:
            st.error(escape_markdown(field_problem_message(problem, lang)))
        if source is not None:
            st.session_state["data_new_source"] = source
            st.rerun()


def choose_source_and_unit(store: Store, preview: service.Preview, lang: str) -> None:
    """Before the preview: the file's source (an existing one, newest first, or a new one) and the unit of rows without one."""
    checked = preview.checked
    if st.session_state.get("data_year") is not None or any(
        p.code == "wide_year_missing" for p in preview.report.problems
    ):
        st.number_input(
            t("data_year", lang),
            min_value=1990,
            max_value=2100,
            value=None,
            step=1,
            key="data_year",
            placeholder=t("data_year_placeholder", lang),
        )
    if checked.needs_source:
        st.info(t("data_source_ask", lang))
        kind = st.radio(
            t("data_source_kind", lang),
            ("existing", "new"),
            format_func=lambda k: t(f"data_source_kind_{k}", lang),
            key="data_source_kind",
            horizontal=True,
        )
        if kind == "existing":
            sources = sources_newest_first(load_dataset("sources"))
            labels = dict(zip(sources["source_id"], [source_label(row) for row in sources.itertuples()], strict=True))
            st.selectbox(
                t("data_source_pick", lang),
                list(labels),
                index=None,
                format_func=labels.get,
                placeholder=t("data_source_pick_placeholder", lang),
                key="data_source_pick",
            )
        else:
            new_source_form(store, checked.notes, lang)
    if checked.unit is not None:
        st.radio(
            t("data_unit", lang),
            UNITS,
            index=UNITS.index(checked.unit),
            format_func=lambda u: t(f"unit_{u}", lang),
            key="data_unit",
            horizontal=True,
            help=t("data_unit_help", lang),
        )


def check_upload(
    store: Store, dataset: str, uploaded, sheet: str | None, choice: UploadChoice, lang: str
) -> service.Preview:
    """Validate and preview the upload once per (file, sheet, source chosen, unit); progress shows meanwhile."""
    data = uploaded.getvalue()
    year = st.session_state.get("data_year")  # for a wide table whose columns and title name no year
    cache_key = (
        dataset,
        uploaded.file_id,
        sheet,
        choice.source,
        choice.new_source,
        year,
    )  # kept until publish: Publish acts on the preview on screen
    cached = st.session_state.get("data_preview")
    if cached is not None and cached[0] == cache_key and choice.unit in (None, cached[1].checked.unit or choice.unit):
        return cached[1]
    with st.status(t("data_step_reading", lang), expanded=False) as status:
        bar = st.progress(0.0)

        def on_step(step: str, fraction: float) -> None:
            status.update(label=t(f"data_step_{step}", lang))
            bar.progress(fraction, text=t(f"data_step_{step}", lang))

        preview = service.preview_file(
            store, dataset, data, file_name=uploaded.name, sheet=sheet, on_step=on_step, choice=choice, year=year
        )
        status.update(state="complete" if preview.report.ok else "error")
    st.session_state["data_preview"] = (cache_key, preview)
    return preview


def show_report(dataset: str, preview: service.Preview, lang: str) -> None:
    """How the file was read, then its problems: the first 200 on screen, all of them as CSV."""
    report = preview.report
    st.caption(
        escape_markdown(t("data_read_as", lang, how=report.reading, rows=format_number(len(report.frame), lang)))
    )
    if not report.problems:
        return
    warnings = len(report.problems) - len(report.errors)
    (st.error if report.errors else st.warning)(
        t("data_problems", lang, errors=len(report.errors), warnings=warnings)
        if report.errors
        else t("data_warnings_only", lang, warnings=warnings)
    )
    for other in dict.fromkeys(p.params["dataset"] for p in report.problems if p.code == "looks_like_dataset"):
        st.button(
            t("data_switch_dataset", lang, name=t(f"dataset_{other}", lang)),
            key=f"data_switch_{other}",
            on_click=st.session_state.update,
            kwargs={"data_dataset": other},
        )
    table = problems_frame(report.problems, lang, report.headers)
    if len(table) > MAX_SHOWN:
        st.caption(t("data_problems_shown", lang, shown=MAX_SHOWN, total=len(table)))
    st.dataframe(table.head(MAX_SHOWN), hide_index=True, width="stretch", key="data_problems")
    st.download_button(
        t("data_problems_download", lang),
        lambda: to_csv_bytes(table),
        file_name=f"{dataset}-problems.csv",
        mime="text/csv",
        key="data_problems_csv",
        on_click="ignore",
    )


def upload_section(store: Store, dataset: str, staff: str, lang: str) -> None:
    """Templates, the uploader, the report, the preview of either mode, and Publish."""
    st.caption(t("data_templates", lang))
    for column, (code, fmt) in zip(
        st.columns(4), [("es", "xlsx"), ("es", "csv"), ("en", "xlsx"), ("en", "csv")], strict=True
    ):
        make = template_xlsx if fmt == "xlsx" else template_csv
        column.download_button(
            t("data_template_button", lang, code=code, fmt=fmt),
            make(dataset, code),
            file_name=f"{dataset}-{code}.{fmt}",
            key=f"data_template_{code}_{fmt}",
            on_click="ignore",
        )
    upload_key = f"data_file_{st.session_state.get('data_upload_round', 0)}"
    uploaded = st.file_uploader(
        t("data_file", lang, limit=MAX_UPLOAD_MB),
        type=["csv", "txt", "tsv", "xlsx"],
        key=upload_key,
        max_upload_size=MAX_UPLOAD_MB,
    )
    if uploaded is not None:
        data = uploaded.getvalue()
        sheets = xlsx_sheet_names(data) if is_xlsx(data) else []
        sheet = st.selectbox(t("data_sheet", lang), sheets, key="data_sheet") if len(sheets) > 1 else None
        preview = check_upload(store, dataset, uploaded, sheet, upload_choice(), lang)
        choose_source_and_unit(store, preview, lang)
        if preview.needs_source and all(problem.code == "source_needed" for problem in preview.report.errors):
            return  # the file's source first, then its report and preview
        show_report(dataset, preview, lang)
        if preview.report.ok:
            mode = st.radio(
                t("data_mode", lang), service.MODES, format_func=lambda m: t(f"data_mode_{m}", lang), key="data_mode"
            )
            show_changes(preview, mode, lang)
            if st.button(t("data_publish", lang), type="primary", key="data_publish"):
                try:
                    version = service.publish_preview(store, preview, mode, by=staff)
                except SourceIdTaken as taken:
                    # The described source is stale: forget it, so that the next try picks it or describes anew.
                    st.session_state.pop("data_new_source", None)
                    st.session_state["data_flash"] = (
                        "error",
                        t("data_source_taken", lang, source_id=escape_markdown(", ".join(taken.ids))),
                    )
                except PublishConflict:
                    st.session_state["data_flash"] = (
                        "error",
                        t("data_conflict", lang, dataset=t(f"dataset_{dataset}", lang)),
                    )
                except SourcesInUse as refused:
                    st.session_state["data_flash"] = (
                        "error",
                        escape_markdown(service.sources_in_use_message(refused, lang)),
                    )
                else:
                    st.session_state["data_flash"] = (
                        "success",
                        t(
                            "data_published",
                            lang,
                            version=version,
                            by=escape_markdown(staff),
                            rows=format_number(len(preview.frames[mode]), lang),
                        ),
                    )
                    st.session_state["data_upload_round"] = st.session_state.get("data_upload_round", 0) + 1
                    for key in ("data_new_source", "data_source_pick", "data_unit", "data_year"):
                        st.session_state.pop(key, None)
                st.session_state.pop("data_preview", None)
                st.rerun()


def history_section(store: Store, dataset: str, staff: str, lang: str) -> None:
    """Every version with who, when, file and rows; download any; roll back to any (audited)."""
    st.subheader(t("data_history", lang, dataset=t(f"dataset_{dataset}", lang)))
    history = service.version_history(store, dataset)
    st.dataframe(version_history_table(history, lang), hide_index=True, width="stretch", key="data_versions")
    if not history.empty:
        version = st.selectbox(t("data_pick_version", lang), history["version_id"].tolist(), key="data_version")
        current = int(history.loc[history["is_current"], "version_id"].iloc[0])
        left, right = st.columns(2)
        left.download_button(
            t("data_download_version", lang, version=version),
            lambda: service.version_file(store, dataset, version),
            file_name=f"{dataset}-v{version}.csv",
            mime="text/csv",
            key="data_download",
            on_click="ignore",
        )
        if version == current:
            right.caption(t("data_rollback_current", lang, version=version))
        elif right.button(t("data_rollback", lang, version=version), key="data_rollback"):
            try:
                service.rollback(store, dataset, version, by=staff)
            except SourcesInUse as refused:
                st.session_state["data_flash"] = (
                    "error",
                    escape_markdown(service.sources_in_use_message(refused, lang)),
                )
            else:
                st.session_state["data_flash"] = (
                    "success",
                    t(
                        "data_rolled_back",
                        lang,
                        dataset=t(f"dataset_{dataset}", lang),
                        version=version,
                        by=escape_markdown(staff),
                    ),
                )
            st.rerun()
    with st.expander(t("data_audit", lang)):
        st.dataframe(store.audit(dataset), hide_index=True, width="stretch", key="data_audit")


def staff_page(store: Store, staff: str, lang: str) -> None:
    """The page itself, for staff only."""
    st.title(t("page_data", lang))
    st.sidebar.text(t("data_signed_in_as", lang, email=staff))
    if st.session_state.get(auth.SESSION_KEY) or auth.oidc_email(st.user):  # behind a proxy, the proxy signs out
        st.sidebar.button(t("data_sign_out", lang), key="data_sign_out", on_click=sign_out, args=(store,))
    session_notes(store, staff, lang)
    if flash := st.session_state.pop("data_flash", None):
        (st.error if flash[0] == "error" else st.success)(flash[1])
    dataset = st.selectbox(
        t("data_dataset", lang),
        SEED_ORDER,
        index=SEED_ORDER.index("claims"),
        format_func=lambda name: t(f"dataset_{name}", lang),
        key="data_dataset",
    )
    upload_tab, history_tab = st.tabs([t("data_tab_upload", lang), t("data_tab_history", lang)])
    with upload_tab:
        upload_section(store, dataset, staff, lang)
    with history_tab:
        history_section(store, dataset, staff, lang)
    note_pending_upload(store, staff)


require_frame()
lang = current_language()
store = get_store()
if (staff := current_staff()) is None:
    st.title(t("page_sign_in", lang))
    sign_in_prompt(store, lang)  # and nothing else: no upload code runs for a visitor
else:
    staff_page(store, staff, lang)
