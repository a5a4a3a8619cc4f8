"""An HTML page: main text without navigation, metadata from the page head."""
from __future__ import annotations

from pathlib import Path

from analysis.ingest import read_file
from analysis.models import Article, Rejection

PAGE = """<!doctype html>
<html lang="fr"><head>
<title>Le lac gèle pour la première fois depuis 1963 | Le Quotidien</title>
<meta name="description" content="Le Léman a gelé sur ses rives cette nuit.">
<meta property="og:site_name" content="Le Quotidien">
<meta name="author" content="Jeanne Dupont">
<meta property="article:published_time" content="2024-01-15T07:30:00+01:00">
</head><body>
<nav><a href="/">Accueil</a> <a href="/monde">Monde</a> Menu du site</nav>
<article>
<h1>Le lac gèle pour la première fois depuis 1963</h1>
<p>Le Léman a gelé sur ses rives cette nuit.</p>
<p>Les promeneurs se sont pressés dès l'aube sur les quais pour observer la glace formée pendant la nuit.</p>
<h2>Une vague de froid</h2>
<p>Les températures sont descendues à moins quinze degrés, un record pour la région depuis soixante ans.</p>
</article>
<footer>Mentions légales - Conditions d'utilisation du site</footer>
</body></html>
"""


def test_html_page(tmp_path: Path) -> None:
    path = tmp_path / "lac.html"
    path.write_text(PAGE, encoding="utf-8")
    (article,) = read_file(path)
    assert isinstance(article, Article)
    assert article.title == "Le lac gèle pour la première fois depuis 1963"
    assert article.outlet == "Le Quotidien"
    assert article.authors == ("Jeanne Dupont",)
    assert article.published == "2024-01-15T07:30:00"
    assert [(s.kind, article.text[s.start:s.end][:20]) for s in article.segments] == [
        ("title", "Le lac gèle pour la "),
        ("lead", "Le Léman a gelé sur "),
        ("body", "Les promeneurs se so"),
        ("subhead", "Une vague de froid"),
        ("body", "Les températures son"),
    ]
    for noise in ("Accueil", "Menu du site", "Mentions légales"):
        assert noise not in article.text


def test_html_detected_without_extension(tmp_path: Path) -> None:
    path = tmp_path / "lac.download"
    path.write_text(PAGE, encoding="utf-8")
    (article,) = read_file(path)
    assert article.outlet == "Le Quotidien"


def test_html_without_article_text_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "vide.html"
    path.write_text("<html><head><title>Rien</title></head><body><nav>Menu</nav></body></html>", encoding="utf-8")
    (rejection,) = read_file(path)
    assert isinstance(rejection, Rejection) and "no article text" in rejection.reason
