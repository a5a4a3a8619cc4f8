"""The seed page (a raw copy of a watson.ch article) and other copied pages."""
from __future__ import annotations

from pathlib import Path

import pytest

from analysis.ingest import read_file
from analysis.models import Article

SEED = Path("seeds") / "000_2040835600123645.txt"

# (kind, start of the segment's text) for every segment of the seed, in order.
SEED_SEGMENTS = [
    ("title", "Musk à Trump: «Je pense que vous êtes le bon chemin»"),
    ("lead", "Le candidat républicain à la Maison Blanche"),
    ("body", "Donald Trump a pu compter"),
    ("body", "Le patron du réseau social"),
    ("body", "L'ex-président républicain a une nouvelle fois"),
    ("pullquote", "«Nous avons des gens qui affluent"),
    ("attribution", "Elon Musk"),
    ("body", "L'«absolutiste de la liberté d'expression»"),
    ("body", "Le géant de la tech"),
    ("body", "A la peine pour contrer"),
    ("subhead", "40 minutes de retard"),
    ("body", "La discussion a été écoutée"),
    ("body", "Elle a débuté avec plus de 40 minutes"),
    ("body", "Et quand l'échange a démarré:"),
    ("body", "«Cette attaque massive"),
    ("body", "Embarrassant, l'épisode"),
    ("body", "Depuis le rachat de Twitter"),
    ("body", "Musk «gazouillait»"),
    ("body", "Quelques heures avant l'échange"),
    ("subhead", "Des camarades au troquet du coin"),
    ("body", "Pendant deux heures"),
    ("body", "Trump a par exemple ironisé"),
    ("body", "Trump en a profité pour vanter"),
    ("pullquote", "«Je pense que les gens sous-estiment"),
    ("attribution", "Elon Musk"),
    ("body", "Le patron de SpaceX"),
    ("body", "Une perspective séduisante"),
    ("body", "Trump, une fois réintroduit"),
    ("body", "A moins de trois mois"),
    ("body", "«Je pense que nous sommes à un tournant"),
    ("body", "Et de confier à Donald Trump:"),
    ("body", "«Et je pense que vous êtes le bon chemin»"),
]


@pytest.fixture(scope="module")
def seed() -> Article:
    items = read_file(Path(__file__).resolve().parent.parent / SEED)
    assert len(items) == 1 and isinstance(items[0], Article), items
    return items[0]


def test_seed_metadata(seed: Article) -> None:
    assert seed.title == "Musk à Trump: «Je pense que vous êtes le bon chemin»"
    assert seed.published == "2024-08-13T08:40:00"
    assert seed.updated == "2024-08-13T08:55:00"
    assert seed.sections == ("International", "Etats-Unis")
    assert seed.section == "International"
    assert seed.outlet == "watson"
    assert seed.agency == "ats"
    assert seed.language == "fr"
    assert seed.source_id == "000_2040835600123645"


def test_seed_lead_is_the_whole_standfirst(seed: Article) -> None:
    assert seed.segment_text("lead") == (
        "Le candidat républicain à la Maison Blanche et le milliardaire de la Silicon Valley ont "
        "échangé sur X. Une cyberattaque a retardé la discussion entre les deux hommes.")


def test_seed_segments_in_reading_order(seed: Article) -> None:
    found = [(s.kind, seed.text[s.start:s.end]) for s in seed.segments]
    assert [kind for kind, _ in found] == [kind for kind, _ in SEED_SEGMENTS]
    for (kind, text), (_, expected_start) in zip(found, SEED_SEGMENTS):
        assert text.startswith(expected_start), (kind, text)
    assert found[-1][1] == "«Et je pense que vous êtes le bon chemin»"


def test_seed_segments_tile_the_text(seed: Article) -> None:
    """Segments are exact, in order, and the text is exactly them joined by blank lines."""
    assert seed.segments[0].start == 0 and seed.segments[-1].end == len(seed.text)
    for before, after in zip(seed.segments, seed.segments[1:]):
        assert seed.text[before.end:after.start] == "\n\n"
    for segment in seed.segments:
        piece = seed.text[segment.start:segment.end]
        assert piece == piece.strip() and "\n" not in piece


@pytest.mark.parametrize("noise", [
    "Donald Trump et Elon Musk ont échangé sur X", "meilleurs potes", "Keystone",
    "Plus de «International»", "Elong Musk", "Video: watson", "Ceci pourrait",
    "Commentaire", "modérer personnellement", "On a pisté", "vrai Américain", "L’article",
    "(ats/svp)", "13.08.2024",
])
def test_seed_text_has_no_page_noise(seed: Article, noise: str) -> None:
    assert noise not in seed.text


def test_seed_breadcrumbs_are_sections_not_text(seed: Article) -> None:
    assert seed.text.startswith("Musk à Trump")
    assert "International" not in seed.text
    assert not any(seed.text[s.start:s.end] == "Etats-Unis" for s in seed.segments)


def test_seed_ends_before_agency_signature(seed: Article) -> None:
    assert seed.text.endswith("«Et je pense que vous êtes le bon chemin»")


OTHER_PAGE = """Suisse
Economie

Le siège de la banque à Zurich
Le siège de la banque à Zurich.Keystone

Nouvelle amende pour une grande banque

La banque devra payer 10 millions de francs. Le régulateur dénonce des manquements graves.
02.03.2023, 17:1203.03.2023, 09:05
Plus de «Suisse»

Le régulateur a annoncé jeudi une amende de 10 millions de francs contre la banque.

Des contrôles renforcés

La banque a indiqué qu'elle ne ferait pas recours contre cette décision.

«Nous prenons acte de la décision»
Un porte-parole

(afp/mbr)

Le sujet d'un autre article sans rapport
Ceci pourrait également vous intéresser:
"""


def test_other_copied_page_generalises(tmp_path: Path) -> None:
    page = tmp_path / "banque.txt"
    page.write_text(OTHER_PAGE, encoding="utf-8")
    (article,) = read_file(page)
    assert isinstance(article, Article)
    assert article.sections == ("Suisse", "Economie")
    assert article.title == "Nouvelle amende pour une grande banque"
    assert (article.published, article.updated) == ("2023-03-02T17:12:00", "2023-03-03T09:05:00")
    assert article.agency == "afp"
    assert [s.kind for s in article.segments] == [
        "title", "lead", "body", "subhead", "body", "pullquote", "attribution"]
    assert "Zurich" not in article.text and "autre article" not in article.text


def test_text_without_page_cues_is_plain_text(tmp_path: Path) -> None:
    plain = tmp_path / "note.txt"
    plain.write_text("Un titre simple\n\nPremier paragraphe du texte,\ncoupé à la ligne.\n\n"
                     "Un intertitre\n\nDernier paragraphe.\n", encoding="utf-8")
    (article,) = read_file(plain)
    assert article.title == "Un titre simple"
    assert article.published is None and article.sections == ()
    assert [(s.kind, article.text[s.start:s.end]) for s in article.segments] == [
        ("title", "Un titre simple"),
        ("body", "Premier paragraphe du texte, coupé à la ligne."),
        ("subhead", "Un intertitre"),
        ("body", "Dernier paragraphe."),
    ]
