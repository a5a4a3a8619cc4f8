"""Vue d'ensemble: counts, articles over time, who is named beside who speaks, tone and readability
over time and by outlet or section. Clicking a period's bar sets the date range, a person's bar
adds them to the filter, an outlet's or section's bar filters to it."""
from __future__ import annotations

import streamlit as st

from dashboard import charts, data
from dashboard.i18n import t
from dashboard.views import _ui

filters = _ui.current_filters()
counts = data.corpus_counts(filters)
context = charts.context_line(filters.describe(), counts)

st.title(t("page_overview"))
st.caption(context)
_ui.reading_tables_notice()

cards = st.columns(5)
cards[0].metric(t("card_articles"), counts["articles"], help=t("card_articles_help", n=counts["corpus_articles"]),
                border=True)
cards[1].metric(t("card_outlets"), counts["outlets"], border=True)
cards[2].metric(t("card_people"), counts["people"], help=t("card_people_help"), border=True)
cards[3].metric(t("card_mentions"), counts["mentions"], help=t("card_mentions_help"), border=True)
cards[4].metric(t("card_quotes"), counts["quotes"], help=t("card_quotes_help"), border=True)

if not counts["articles"]:
    _ui.empty_notice(filters)

period = st.segmented_control(t("group_by_period"), list(data.PERIODS), format_func=lambda p: t(f"period_{p}"),
                              default="week", required=True, key="period", bind="query-params")

frame = data.articles_over_time(filters, period)
_ui.show_chart(charts.articles_over_time(frame, period, context), frame, "articles-par-periode",
               on_click=_ui.set_period(period))
st.caption(t("hint_click_period"))

st.subheader(t("overview_who"), anchor=False)
left, right = st.columns(2, gap="large")
with left:
    frame = data.top_people_mentioned(filters)
    _ui.show_chart(charts.people_mentioned(frame, context), frame, "personnes-mentionnees", on_click=_ui.add_person)
with right:
    frame = data.top_people_quoted(filters)
    _ui.show_chart(charts.people_quoted(frame, context), frame, "personnes-citees", on_click=_ui.add_person)
st.caption(t("hint_click_person"))

st.subheader(t("overview_tone"), anchor=False)
left, right = st.columns(2, gap="large")
with left:
    frame = data.tone_over_time(filters, period)
    _ui.show_chart(charts.tone_over_time(frame, period, context), frame, "ton",
                   on_click=_ui.set_period(period))
with right:
    frame = data.readability_over_time(filters, period)
    _ui.show_chart(charts.readability_over_time(frame, period, context), frame, "lisibilite",
                   on_click=_ui.set_period(period))

by = st.segmented_control(t("break_down_by"), list(data.GROUPS), format_func=lambda g: t(f"group_{g}"),
                          default="outlet", required=True, key="by", bind="query-params")
frame = data.metrics_by_group(filters, by)
left, right = st.columns(2, gap="large")
with left:
    _ui.show_chart(charts.tone_by_group(frame, by, context), frame, f"ton-par-{by}", on_click=_ui.set_group(by))
with right:
    _ui.show_chart(charts.readability_by_group(frame, by, context), frame, f"lisibilite-par-{by}",
                   on_click=_ui.set_group(by))
st.caption(t("hint_click_group"))
