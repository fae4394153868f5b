"""Overview: the latest key figures, the June 2020 panel, small trend lines, what changed, and context."""

import streamlit as st

from mirps_dash.charts import make_line_chart
from mirps_dash.i18n import format_number, format_share, t
from mirps_dash.queries import (
    UNHCR_SOURCE,
    change_counts,
    describe_series,
    june_2020_figures,
    label_columns,
    latest_key_figures,
    national_claims_by_year,
    period_label,
    refugee_figures_by_year,
    to_long,
)
from mirps_dash.safe import escape_markdown
from mirps_dash.ui import (
    chart_block,
    current_language,
    latest_changes,
    load_dataset,
    require_frame,
    share_link,
    source_caption,
)

require_frame()
lang = current_language()
st.title(t("app_title", lang))
st.markdown(t("overview_lead", lang))

claims, refugees = load_dataset("claims"), load_dataset("refugees")
yearly_claims = national_claims_by_year(claims)
yearly_figures = refugee_figures_by_year(refugees)
recent = {"claims": yearly_claims.tail(10)["claims"].tolist(),
          **{name: yearly_figures[name].dropna().tail(10).astype(int).tolist() for name in ("refugees", "asylum_seekers", "recognized")}}

figures = latest_key_figures(claims, refugees)
labels = {"claims": "kpi_claims", "refugees": "kpi_refugees", "asylum_seekers": "kpi_asylum_seekers", "recognized": "kpi_recognized"}
for column, (name, label) in zip([*st.columns(2), *st.columns(2)], labels.items(), strict=True):
    if name in figures:
        year, value = figures[name]
        column.metric(t(label, lang, year=year), format_number(value, lang), chart_data=recent[name], border=True)
source_caption(UNHCR_SOURCE, lang, ["claims", "refugees"])

st.subheader(t("overview_trends", lang))
# year | claims  +  year | refugees | asylum_seekers   ->   year | figure | persons
trend = yearly_claims[["year", "claims"]].merge(yearly_figures[["year", "refugees", "asylum_seekers"]], on="year", how="outer")
trend = to_long(trend[trend["year"] >= 2013], "year", ["claims", "refugees", "asylum_seekers"], "figure", "persons")
names = {name: t(f"figure_{name}", lang) for name in ("claims", "refugees", "asylum_seekers")}
figure = make_line_chart(trend, "year", "persons", "figure", names, title=t("overview_trends_title", lang), height=320)
claims_trend = trend[trend["figure"] == "claims"]
chart_block(figure, label_columns(trend.assign(figure=trend["figure"].map(names)), lang),
            describe_series(claims_trend, "year", "persons", lang, names["claims"]), UNHCR_SOURCE, lang,
            "overview_trend", ["claims", "refugees"])

st.subheader(t("june2020_title", lang))
with st.container(border=True):
    june = june_2020_figures(refugees, load_dataset("indicators"))
    cells = [("refugees", "june2020_refugees"), ("asylum_seekers", "june2020_asylum_seekers"),
             ("tapachula_share_of_claims", "june2020_share"), ("released_to_shelters", "june2020_released"),
             ("labour_relocations", "june2020_relocations")]
    lines = []
    for name, label in cells:
        if name in june:
            value, start, end = june[name]
            shown = format_share(value / 100, lang) if name.endswith("share_of_claims") else format_number(value, lang)
            lines.append(f"- **{shown}** {t(label, lang, period=period_label(start, end, lang))}")
    st.markdown("\n".join(lines))
    st.caption(t("june2020_note", lang))
    source_caption("unhcr-gcr-mexico-2020", lang, ["refugees", "indicators"])

st.subheader(t("changes_title", lang))
for dataset in ("claims", "refugees"):
    changes = latest_changes(dataset)
    if changes is None:
        st.markdown(t("changes_none", lang, dataset=t(f"changes_dataset_{dataset}", lang)))
        continue
    counts = change_counts(changes, lang)
    st.markdown(t("changes_summary", lang, dataset=t(f"changes_dataset_{dataset}", lang), **{k: format_number(v, lang) for k, v in counts.items() if k != "periods"},
                  periods=escape_markdown(", ".join(counts["periods"]) or "—")))
    if not changes.changed.empty:
        st.dataframe(label_columns(changes.changed, lang), hide_index=True, width="stretch", key=f"overview_changed_{dataset}")
    if not changes.yearly.empty:
        st.dataframe(label_columns(changes.yearly, lang), hide_index=True, width="stretch", key=f"overview_yearly_{dataset}")

st.subheader(t("context_title", lang))
since_2016 = yearly_claims[yearly_claims["year"] >= 2016]
peak = since_2016.loc[since_2016["claims"].idxmax()] if not since_2016.empty else None
st.markdown(t("context_text", lang, first=format_number(since_2016["claims"].iloc[0], lang), first_year=int(since_2016["year"].iloc[0]),
              peak=format_number(peak["claims"], lang), peak_year=int(peak["year"])) if peak is not None else t("context_text_short", lang))
share_link(lang)
