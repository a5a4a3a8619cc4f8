"""Dashboard pages (run by st.navigation) and their shared helpers (modules starting with _).

Why `views/` and not `pages/`: Streamlit 1.67 still treats a `pages/` folder beside the entry script
as a v1 multipage app until the first `st.navigation` call of the process. The first visitor of a
fresh server who opens a deep link (`/articles?article=ID`) then gets `pages/articles.py` run on its
own: no sidebar, no filters, and a navigation listing every helper module. A folder with another
name is never run that way.
"""
