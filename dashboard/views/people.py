"""Personnes: one or several people followed through the filtered corpus (mentioned against quoted,
coverage over time, who appears with them, their quotes and articles), and two people or two
outlets compared side by side. The picks live in the URL (?who=, ?cmp=, ?left=, ?right=, ?qq=)."""
from __future__ import annotations

from dataclasses import replace
from urllib.parse import quote_plus, urlencode

import pandas as pd
import streamlit as st

from dashboard import charts, data
from dashboard.filters import Filters
from dashboard.i18n import t
from dashboard.views import _ui

TOP = 10  # people shown in "mentioned or quoted" when none is picked
WHO = "who"
QUOTES_SHOWN = 500  # the newest quotes listed; the CSV holds them all (a person can have thousands)


def article_links(frame: pd.DataFrame, filters: Filters) -> pd.Series:
    """Relative links that open each article in the drill-down with the current filters (the
    filters' part of the link is encoded once: lists of thousands of rows are common)."""
    params = urlencode(filters.without_article().to_query_params(), doseq=True)
    prefix = "articles?" + (params + "&" if params else "") + "article="
    return prefix + frame["article_id" if "article_id" in frame else "id"].map(lambda i: quote_plus(str(i)))


def kind_labels(kinds: pd.Series) -> pd.Series:
    """Quote kinds in words; an unknown kind as stored."""
    labels = {k: t(f"kind_{k}") for k in ("speech", "partial", "other")}
    return kinds.map(lambda k: labels.get(k, k))


def add_to_who(points: list[dict]) -> None:
    _ui.add_person(points, key=WHO)


filters = _ui.current_filters()
options = data.filter_options()
counts = data.corpus_counts(filters)
context = charts.context_line(filters.describe(), counts)

st.title(t("people_title"))
st.caption(context)
_ui.reading_tables_notice()
st.markdown(t("people_intro"))

picked = tuple(st.multiselect(t("people_pick"), options.people + options.speakers, key=WHO,
                              bind="query-params", placeholder=t("people_pick_placeholder"),
                              help=t("people_pick_help")))
if not counts["articles"]:
    _ui.empty_notice(filters)

shown = picked or tuple(data.top_speakers(filters, TOP)["person"])
frame = data.people_voice(filters, shown)
_ui.show_chart(charts.mentioned_vs_quoted(frame, context), frame, "mentionnes-ou-cites", on_click=add_to_who)

if not picked:
    st.info(t("people_none"), icon=":material/person_search:")
else:
    # full width: these titles hold the people's names and would be cut in half a page
    period = st.segmented_control(t("group_by_period"), list(data.PERIODS),
                                  format_func=lambda p: t(f"period_{p}"), default="week",
                                  required=True, key="period", bind="query-params")
    frame = data.people_coverage(filters, picked, period)
    _ui.show_chart(charts.people_coverage(frame, picked, period, context), frame, "couverture",
                   on_click=_ui.set_period(period))
    frame = data.co_mentions(filters, picked)
    _ui.show_chart(charts.co_mentions(frame, picked, context), frame, "co-mentions", on_click=add_to_who)

    st.subheader(t("people_quotes_header"), anchor=False)
    search = st.text_input(t("people_quotes_search"), key="qq", bind="query-params", icon=":material/search:") or ""
    total = data.people_quote_count(filters, picked, search)
    quotes = data.people_quotes(filters, picked, search, QUOTES_SHOWN)
    st.caption(t("people_quotes_count", n=total) if total <= len(quotes)
               else t("people_quotes_newest", n=total, shown=len(quotes)))
    if quotes.empty:
        st.info(t("people_no_quotes"))
    else:
        st.dataframe(quotes.assign(link=article_links(quotes, filters), kind=kind_labels(quotes["kind"])),
                     hide_index=True, column_order=["speaker", "text", "kind", "published", "outlet", "title", "link"],
                     column_config={
                         "speaker": t("col_speaker"), "text": st.column_config.TextColumn(t("col_quote"), width="large"),
                         "kind": t("col_kind"), "outlet": t("col_outlet"), "title": t("col_title"),
                         "published": st.column_config.DatetimeColumn(t("col_published"), format="DD.MM.YYYY"),
                         "link": st.column_config.LinkColumn(t("col_open"), display_text=t("col_open_link"))})
        # deferred: every quote, read when the reader clicks
        st.download_button("CSV", lambda: data.people_quotes_csv(filters, picked, search), "presslens-citations.csv",
                           mime="text/csv", on_click="ignore", icon=":material/download:", type="tertiary",
                           key="csv-citations")

    st.subheader(t("people_articles_header"), anchor=False)
    table = data.article_table(filters, picked)
    st.dataframe(table.assign(link=article_links(table, filters)), hide_index=True,
                 column_order=["published", "outlet", "title", "people", "quotes", "tone_net", "link"],
                 column_config={
                     "published": st.column_config.DatetimeColumn(t("col_published"), format="DD.MM.YYYY"),
                     "outlet": t("col_outlet"), "title": st.column_config.TextColumn(t("col_title"), width="large"),
                     "people": t("col_people"), "quotes": t("col_quotes"),
                     "tone_net": st.column_config.NumberColumn(t("col_tone_net"), format="%.2f"),
                     "link": st.column_config.LinkColumn(t("col_open"), display_text=t("col_open_link"))})

# ------------------------------------------------------------------ side by side
st.subheader(t("compare_header"), anchor=False)
what = st.segmented_control(t("compare_what"), ["people", "outlets"], format_func=lambda w: t(f"compare_{w}"),
                            default="people", required=True, key="cmp", bind="query-params")
choices = options.people if what == "people" else options.outlets
if len(choices) < 2:
    st.info(t("compare_need_two"))
else:
    pick = st.columns(2)
    chosen = [pick[0].selectbox(t("compare_a"), choices, index=0, key=f"left-{what}", bind="query-params"),
              pick[1].selectbox(t("compare_b"), choices, index=1, key=f"right-{what}", bind="query-params")]
    columns = st.columns(2, gap="large")
    for side, (column, value) in enumerate(zip(columns, chosen)):
        narrowed = (replace(filters, people=(value,), people_mode="any") if what == "people"
                    else replace(filters, outlets=(value,)))
        side_counts = data.corpus_counts(narrowed)
        side_context = charts.context_line(narrowed.describe(), side_counts)
        with column:
            st.markdown(f"#### {value}")
            cards = st.columns(3)
            if what == "people":
                voice = data.people_voice(filters, (value,)).iloc[0]
                cards[0].metric(t("card_mentioned_in"), int(voice["articles_mentioned"]), border=True)
                cards[1].metric(t("card_quoted_in"), int(voice["articles_quoted"]), border=True)
                share = voice["share"]
                cards[2].metric(t("card_share"), t("percent", p=round(100 * share)) if pd.notna(share) else "–",
                                help=t("card_share_help"), border=True)
            else:
                cards[0].metric(t("card_articles"), side_counts["articles"], border=True)
                cards[1].metric(t("card_people"), side_counts["people"], border=True)
                cards[2].metric(t("card_quotes"), side_counts["quotes"], border=True)
            frame = data.top_people_mentioned(narrowed, 8)
            _ui.show_chart(charts.people_mentioned(frame, side_context), frame, f"cmp-{side}-mentionnees")
            frame = data.top_people_quoted(narrowed, 8)
            _ui.show_chart(charts.people_quoted(frame, side_context), frame, f"cmp-{side}-citees")
