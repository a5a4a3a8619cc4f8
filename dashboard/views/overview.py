"""Vue d'ensemble: corpus counts, articles over time, who is named and who speaks, tone, readability."""
from __future__ import annotations

import streamlit as st

from dashboard import charts, data
from dashboard.views import _ui

filters = _ui.current_filters()
counts = data.corpus_counts(filters)
context = charts.context_line(filters.describe(), counts)

st.title("Vue d'ensemble")
st.caption(context)

cards = st.columns(5)
corpus_help = f"sur {counts['corpus_articles']} dans la base"
cards[0].metric("Articles", counts["articles"], help=corpus_help, border=True)
cards[1].metric("Médias", counts["outlets"], border=True)
cards[2].metric("Personnes", counts["people"], help="Personnes distinctes nommées", border=True)
cards[3].metric("Mentions", counts["mentions"], help="Mentions de ces personnes", border=True)
cards[4].metric("Citations", counts["quotes"], help="Passages entre guillemets repérés", border=True)

period = st.segmented_control("Regrouper par", list(data.PERIODS), format_func=data.PERIODS.get,
                              default="week", required=True, key="period", bind="query-params")

frame = data.articles_over_time(filters, period)
_ui.show_chart(charts.articles_over_time(frame, period, context), frame, "articles-par-periode")

left, right = st.columns(2, gap="large")
with left:
    frame = data.top_people_mentioned(filters)
    _ui.show_chart(charts.people_mentioned(frame, context), frame, "personnes-mentionnees")
with right:
    frame = data.top_people_quoted(filters)
    _ui.show_chart(charts.people_quoted(frame, context), frame, "personnes-citees")

left, right = st.columns(2, gap="large")
with left:
    frame = data.tone_over_time(filters, period)
    _ui.show_chart(charts.tone_over_time(frame, period, context), frame, "ton")
with right:
    frame = data.readability_over_time(filters, period)
    _ui.show_chart(charts.readability_over_time(frame, period, context), frame, "lisibilite")
