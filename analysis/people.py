"""People named in an article: person names found, cleaned and merged to one canonical name each.

Stages (each a function below):
1. candidates: PER entities, plus name-shaped runs the model misses or mislabels (a known first
   name followed by capitalised words, a name next to a role, "le gouvernement Ayrault");
2. cleaning: titles stripped, line breaks and glued credits cut, organisations and places dropped;
3. merging: full names, initials, spelling variants, surnames and first names grouped per person;
4. mentions: every occurrence of any form of a person's name in the text, longest form first.

`find_people` is pure and memoised on `doc.user_data`, so quotes.py can reuse it without a second walk.

v6 (fourth session, from the fresh news set): party labels between a role and a name are stripped
("la députée Renaissance Maud Bregeon"); outlets (`../quotes/media_names.txt`), seats of power
("Matignon"), compound place names ("Boulogne-sur-Mer"), ships, a word standing as a sentence
("Focus.") and names opening on an acronym ("CGT Renault") are not persons; a first name alone as a
subject or with an age ("Hélène a 68 ans"), a name before a speech verb ("Galthié a indiqué") and a
name set off by commas after a role ("au ministre des Affaires étrangères, Sidiki Kaba,") are.

v7 (fifth session): the workers, shareholders or strikers of a name make it a firm ("les travailleurs
d'Audi Brussels"); an indefinite article and an adjective make a demonym ("un jeune Russe"); an
adverb in -ment opening a sentence is no person ("Heureusement qu'ils ..."); nor a word the text
writes after "en" ("En Guinée"), even tagged as a person elsewhere; nor a name next to a company's
legal form ("la SA Marcel Picot", data `legal_forms.txt`); an institution word on the next line no
longer makes a byline part of an institution's name ("Philippe Dupont" above "La Presse"); "les" before
a given name and a surname is "people like" them ("les François Remetter, Paul Sauvage"); an
organisation noun after a bare "de" names a kind, not the name after it ("président de parti Benoît
Lutgen"); a first name with its age ("à Bernard, 73 ans") outweighs the place that "à" suggests; a
known given name and capitalised words, never after a place preposition, is a person even tagged as
a place ("Kamala Harris" as LOC under fr_core_news_md), unlike "Caroline du Nord".

v8 (sixth and seventh sessions, fr_core_news_md the default): the seat of an office is a place ("le
maire de Trois-Rivières", data `seat_nouns.txt`); "M.Durand" glued; a surname tagged ADJ inside a
PER name; a word opening a sentence, a heading or a quote that the text also writes in lower case is
no name ("Avare de commentaires", "« Vigilant, très vigilant »"); two particles stay in the name
("Jean de la Fontaine"); a text or policy named after its author is no mention ("la circulaire
Lebranchu", `fixed_name_nouns.txt`); publishers named after a founder ("Robert Laffont",
`stop_names.txt`); a name glued to another by a slash is a place or a team ("Villeneuve/Lot").

v10 (ninth session, read off the development halves of batches S–Z): a name written with and without
its hyphen is one person ("Michel-Edouard Leclerc", "Michel Edouard Leclerc"), so is the end of a full
name that is a compound surname with a particle ("Villeroy de Galhau"; never a bare "Le Pen", nor
"Carlos Silva" beside "Luis Carlos Silva"); a capitalised role glued after a name by a caption,
before an adjective or "de", is cut off ("Monica De Jonghe Directrice générale"). v11 (the same
session, later): a candidate that is exactly a country's name is no person ("En Côte d'Ivoire,
l'ancien ministre ...", `country_names.txt`).

v12 (tenth session): nor is a one-word name that is a town of a French-speaking country ("mardi à
Rabat", `city_names.txt` from GeoNames), unless a mention outside a place's position reads as a
person's ("Pétain et Laval engagent", "a déclaré Hamilton": a review's counter-examples to the bare
list); a name starts after a civility title inside an entity ("Paperjam Me François Prum"); after a
first name and a surname, a particle before an acronym or "du"/"de la" before a common noun opens an
affiliation ("Sara Seager du MIT", "Samia Abbou du Courant démocratique"), not a surname. Tried and
dropped that session: a name after a capitalised fixed-name noun as part of that name ("la Fondation
Jean Jaurès"; it lost "le haut-commissaire au Plan François Bayrou"); a one-word name that is no given
name and that nothing shows to be a person, where it opens a sentence or a quote (+0.005 people F1 on
the development halves, -0.004 on blind batches gu-gx, HIPE recall 0.807 -> 0.759).

v13 (eleventh session): sports venues named after a person and written with a hyphen are no persons
(`stop_names.txt`: "à Roland-Garros", "le parking de Geoffroy-Guichard"). Tried first and dropped
after a review: any first name and surname joined by a hyphen after a place preposition or a common
noun (it dropped "hommage à Robert-Houdin", "les mémoires de Paul-Boncour", "la mère de Jean-Eudes",
"la fille de Marie-Ange"; a first version had dropped HIPE's double surnames "Olivier-Clottu",
"née Robert-Nicoud").

Tried and dropped in the ninth session after a review: "Emmanuel et Brigitte Macron" naming Emmanuel Macron (it made "Harry Markle" of "le
prince Harry et Meghan Markle" and "Charlotte Trump" of "à Charlotte et Donald Trump").

v14 (twelfth session): "de" before a hyphenated compound opened by an acronym ends a name too ("Fabien
Villedieu de SUD-Rail", "Carole Couvert de la CFE-CGC"), not a surname in capitals ("Jean Marie de
SAINT-JUST": a review's counter-example).

Fifteenth session: a one-word name after a bare kind of group that is no first name is the group's
("chef de groupe Ecolo-Groen"; "président de parti Benoît Lutgen" and "Conner Rousseau" stay
persons); "NDLR" is no person; the Swiss "syndic" and prefects are roles ("bourgmestre" and "échevin"
were tried: "le bourgmestre" then went to the wrong person more often than the right one); a common
word opening a sentence is found under a capital E without its accent and as the feminine of a
participle in -ue ("Emue, elle a déclaré", "Eleveur depuis vingt ans"). A review then undid four
rules of the session, each for real names it lost: "de" before a town ending a full name ("Sophie
Martin de Strasbourg" became "Martin de Strasbourg"), a riding after "député" with adjectives before
"de" ("le maire proche de Wauquiez" lost Wauquiez), an imperative in -ez ("Martinez, lui, ..."), a
feminine in -ie ("Lorie").
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from analysis.fingerprint import source_digest
from analysis.models import AnalyzerResult, Article
from analysis.settings import Settings

DATA_DIR = Path(__file__).parent / "data" / "people"
MEMO_KEY = "presslens.people"
ORGANISATIONS_MEMO_KEY = "presslens.named_organisations"
# Surname particles: "Marine Le Pen" has surname "Le Pen", "Charles de Gaulle" has "de Gaulle".
PARTICLES = frozenset({"de", "du", "des", "la", "le", "d'", "van", "von", "der", "den", "da", "di",
                       "del", "dos", "ben", "bin", "al", "el", "ag", "ould", "abou", "abu"})
PLURAL_DETERMINERS = frozenset({"les", "des", "aux", "ces"})
# Articles and possessives: French puts none in front of a person's name ("dans le Massachusetts",
# "les droits de l'Homme", "ces Flight Directors"), so a name right after one is not a person.
ARTICLES = frozenset({"le", "la", "l'", "les", "un", "une", "ce", "cet", "cette", "ces", "son", "sa",
                      "ses", "leur", "leurs", "mon", "ma", "mes", "notre", "nos", "votre", "vos"})
INDEFINITE_ARTICLES = frozenset({"un", "une", "des"})
# Word classes that are never a name on their own ("Le", "Notre", "Hier", "Quatre").
CLOSED_CLASSES = frozenset({"DET", "PRON", "ADP", "ADV", "AUX", "CCONJ", "SCONJ", "NUM", "PART"})
# Word classes of common words: capitalised only because they open a sentence ("Rappelons qu'...").
COMMON_CLASSES = frozenset({"NOUN", "VERB", "ADJ"})
SENTENCE_END = frozenset({".", "!", "?", ":", "»", "…", ";"})
OPENING_MARKS = frozenset({"«", "“", '"'})
# A bare name after these prepositions is more often a place ("à Charlotte", "en Virginie").
PLACE_PREPOSITIONS = frozenset({"à", "en", "au", "aux"})
# Words before a role that are not the role: "l'ancien président", "feu le roi".
QUALIFIERS = frozenset({"ancien", "ancienne", "ex", "feu", "actuel", "actuelle", "nouveau", "nouvelle"})
# Separators of an enumeration: "Bonnard, Corot, Degas et Manet".
LIST_SEPARATORS = frozenset({",", "et", "ou"})
# Title words that do not announce the name right after them ("l'ancien Premier ministre", "Saint Louis").
NOT_BEFORE_A_NAME = QUALIFIERS | {"premier", "saint", "sainte", "responsable", "leader", "chef", "expert",
                                  "experte", "spécialiste", "artiste", "sir", "lord", "lady"}
NAME_CHARS = re.compile(r"^[A-ZÀ-ÖØ-Þ][\w'’.-]*$")
# Capitalised words that open a sentence or a heading and are never the start of a name:
# "Pour Bernard Thibault, ...", "Selon Radio-New-York", "Vis-à-vis des Soviets".
LEADING_WORDS = frozenset({
    "selon", "pour", "par", "avec", "sans", "chez", "contre", "apres", "avant", "depuis", "pendant",
    "au", "aux", "et", "mais", "ou", "donc", "or", "car", "quand", "lorsque", "comme", "entre", "vers",
    "sur", "sous", "dans", "en", "a", "malgre", "d'apres", "vis-a-vis", "ainsi", "alors", "puis",
    "enfin", "cependant", "pourtant", "toutefois", "neanmoins", "hier", "aujourd'hui", "demain",
    "lorsqu'", "puisque", "si", "ni", "voici", "voila", "merci", "bravo"})
# Words between a noun and the name of its fixed name: "le boson de Higgs", "la maladie d'Alzheimer".
EPONYM_LINKS = frozenset({"de", "d'", "du"})
# Seat nouns whose "de" may also name the holder ("la circonscription de Ruffin"), unlike "le maire de".
HOLDER_SEATS = frozenset({"depute", "deputee", "circonscription"})
# A glued civility title: "M.Houdré" (the tokenizer keeps it as one word).
GLUED_TITLE = re.compile(r"^(?:M|Mme|Mlle|Me|Mgr|Dr|Pr)\.(?=[A-ZÀ-ÖØ-Þ])")


@dataclass(frozen=True)
class PeopleRules:
    """Word lists the people rules read (all folded to lower case)."""

    first_names: frozenset[str]
    stop_names: frozenset[str]
    titles: frozenset[str]
    org_words: frozenset[str]
    genitive_nouns: frozenset[str]
    group_nouns: frozenset[str]
    org_nouns: frozenset[str] = frozenset()
    speech_verbs: frozenset[str] = frozenset()
    family_nouns: frozenset[str] = frozenset()
    fixed_name_nouns: frozenset[str] = frozenset()
    eponym_nouns: frozenset[str] = frozenset()
    party_labels: frozenset[str] = frozenset()
    legal_forms: frozenset[str] = frozenset()  # as written: "SA", "GmbH"
    seat_nouns: frozenset[str] = frozenset()  # "le maire de X": X is a place
    towns: frozenset[str] = frozenset()  # city_names.txt: a one-word name that is a town, see `is_town`
    common_words: frozenset[str] = frozenset()  # common_words.txt, lower case with accents: "debout", "poète"
    person_nouns: frozenset[str] = frozenset()  # nouns for a person ("habitante", "propriétaire"), with the titles
    capital_metonyms: frozenset[str] = frozenset()  # capitals that speak for a government ("Bruxelles", "Pékin")
    feminine_names: frozenset[str] = frozenset()  # first_name_genders.txt, F: "La directrice ... Jules" clashes
    masculine_names: frozenset[str] = frozenset()

    @classmethod
    def from_dir(cls, folder: Path = DATA_DIR) -> "PeopleRules":
        def words(name: str) -> frozenset[str]:
            return frozenset(fold(w) for w in read_list(folder / name))
        parties = words("party_labels.txt")  # never a person alone
        media = frozenset(fold(w) for w in read_list(folder.parent / "quotes" / "media_names.txt"))  # outlets
        # every given name the project knows: the list made for people and the gendered one made for
        # pronouns ("Aliou", "Abiy" are in the second only)
        genders = {fold(line.split("\t")[0].strip()): line.split("\t")[-1].strip()
                   for line in read_list(folder / "first_name_genders.txt")}
        gendered = frozenset(genders)
        given = words("first_names.txt") | gendered
        countries = words("country_names.txt") - given  # "Côte d'Ivoire" is no person, "Maurice" may be
        towns = words("city_names.txt") - given  # "Rabat" is no person, "Nancy" may be
        return cls(given, words("stop_names.txt") | parties | media | countries, words("titles.txt"),
                   words("org_words.txt"), words("genitive_nouns.txt"), words("group_nouns.txt"),
                   words("org_nouns.txt"), words("speech_verbs.txt"), words("family_nouns.txt"),
                   words("fixed_name_nouns.txt"), words("eponym_nouns.txt"), parties,
                   frozenset(read_list(folder / "legal_forms.txt")), words("seat_nouns.txt"), towns,
                   frozenset(read_list(folder / "common_words.txt")),
                   words("titles.txt") | words("family_nouns.txt") | frozenset(
                       fold(w) for w in read_list(folder.parent / "quotes" / "person_nouns.txt")),
                   frozenset(fold(line.split("|")[0].strip())
                             for line in read_list(folder.parent / "quotes" / "capital_metonyms.txt")),
                   frozenset(name for name, gender in genders.items() if gender == "F"),
                   frozenset(name for name, gender in genders.items() if gender == "M"))


@dataclass(frozen=True)
class Mention:
    name: str  # canonical name of the person
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Person:
    name: str
    mentions: tuple[Mention, ...]

    @property
    def first_start(self) -> int:
        return self.mentions[0].start


def read_list(path: Path) -> list[str]:
    """Non-empty, non-comment lines of a plain-text word list."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


@lru_cache(maxsize=1)
def default_rules() -> PeopleRules:
    return PeopleRules.from_dir()


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower case, no accents, typographic apostrophe made straight: for comparing names."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'").casefold())
    return "".join(c for c in text if not unicodedata.combining(c))


# ---------------------------------------------------------------- 1. candidates

def is_capitalised(token) -> bool:
    return bool(NAME_CHARS.match(token.text))


def is_glued_hyphen(token) -> bool:
    """A hyphen the tokenizer cut out of a compound name ("Ruiz-Gallardón", "al-Rahman")."""
    doc = token.doc
    return (token.text == "-" and 0 < token.i < len(doc) - 1 and not doc[token.i - 1].whitespace_
            and not token.whitespace_ and is_capitalised(doc[token.i + 1]))


def is_elision_tail(token) -> bool:
    """The end of a name the tokenizer cut after its apostrophe: "h" in "Cléac'h"."""
    doc = token.doc
    if token.i == 0 or not token.is_alpha:
        return False
    head = doc[token.i - 1]
    return (not head.whitespace_ and head.text[-1:] in "'’" and len(head.text) > 2
            and is_capitalised(head))


def is_name_token(token, rules: PeopleRules) -> bool:
    """A token that can sit inside a person name: capitalised word, initial, particle, glued hyphen."""
    if is_capitalised(token) or is_glued_hyphen(token) or is_elision_tail(token):
        return True
    if fold(token.text) in PARTICLES and token.i + 1 < len(token.doc):
        after = token.doc[token.i + 1]
        if fold(after.text) in PARTICLES and token.i + 2 < len(token.doc) and not is_capitalised(after):
            after = token.doc[token.i + 2]  # "Jean de la Fontaine", "Pierre de l'Estoile"
        return is_capitalised(after) or is_glued_hyphen(after)
    return False


def name_run(doc: Doc, start: int, rules: PeopleRules) -> int:
    """End (exclusive) of the run of name tokens starting at `start`, on one line."""
    end = start
    while end < len(doc) and is_name_token(doc[end], rules) and "\n" not in doc[end].text:
        end += 1
        if "\n" in doc[end - 1].whitespace_:
            break
    while end > start and fold(doc[end - 1].text) in PARTICLES:
        end -= 1
    return end


def entity_candidates(doc: Doc, rules: PeopleRules) -> list[Span]:
    """PER entities, and other entities that start with a known first name or a glued civility
    title ("M.Durand" tagged ORG), cut into name runs."""
    spans = []
    for ent in doc.ents:
        first = fold(ent[0].text)
        if ent.label_ == "PER" or (len(ent) > 1 and first in rules.first_names) or GLUED_TITLE.match(ent[0].text):
            spans.extend(name_pieces(ent, rules))
    return spans


def glued_title_candidates(doc: Doc, rules: PeopleRules) -> list[Span]:
    """A glued civility title and the name it holds ("selon M.Durand."), whatever the model made of
    the word (fr_core_news_md tags "M.Durand" a number, outside any entity)."""
    spans = []
    for tok in doc:
        rest = GLUED_TITLE.sub("", tok.text).rstrip(".")
        if GLUED_TITLE.match(tok.text) and len(rest) >= 2 and rest.replace("-", "").isalpha():
            end = name_run(doc, tok.i + 1, rules) if tok.i + 1 < len(doc) and "\n" not in tok.whitespace_ else tok.i + 1
            spans.append(doc[tok.i:max(end, tok.i + 1)])
    return spans


def name_pieces(span: Span, rules: PeopleRules) -> list[Span]:
    """The runs of name tokens inside an entity: "Homme de l'ONU" -> "Homme", "ONU";
    "Rappelons qu'" -> "Rappelons". Line breaks are left to `split_lines`."""
    pieces, start = [], None
    for tok in span:
        inside = is_name_token(tok, rules) or "\n" in tok.text or tok.text == "."
        if inside and start is None:
            start = tok.i
        elif not inside and start is not None:
            pieces.append(span.doc[start:tok.i])
            start = None
    if start is not None:
        pieces.append(span.doc[start:span.end])
    return pieces


def first_name_candidates(doc: Doc, rules: PeopleRules) -> list[Span]:
    """A known first name followed by capitalised words ("Keir Starmer", "Marine Le Pen")."""
    spans = []
    for tok in doc:
        if fold(tok.text) in rules.first_names and is_capitalised(tok):
            end = name_run(doc, tok.i, rules)
            if end - tok.i >= 2:
                spans.append(doc[tok.i:end])
    return spans


def speaker_subject_candidates(doc: Doc, rules: PeopleRules) -> list[Span]:
    """A capitalised name right before a speech verb, the auxiliary between: "Galthié a indiqué que",
    "Ibanez explique" (surnames the model does not tag). Organisations and places are left to the
    filters; a name the model calls an organisation is not one."""
    spans = []
    for tok in doc[1:]:
        verb_at = tok.i
        while verb_at > 0 and doc[verb_at - 1].lower_ in INCISE_AUXILIARIES:
            verb_at -= 1
        if fold(tok.text) not in rules.speech_verbs or verb_at == 0:
            continue
        end, start = verb_at, verb_at
        while (start > 0 and is_name_token(doc[start - 1], rules) and not doc[start - 1].is_punct
               and fold(doc[start - 1].text) not in ARTICLES):  # "Le CERN a annoncé": an organisation
            start -= 1
        if (start < end and is_capitalised(doc[start]) and doc[start].ent_type_ not in ("ORG", "LOC")
                and doc[start].pos_ != "INTJ"  # "Oh, a dit ..."
                and not (start > 0 and fold(doc[start - 1].text) in ARTICLES)):
            spans.append(doc[start:end])
    return spans


def lone_first_name_candidates(doc: Doc, rules: PeopleRules, aged_only: bool = False) -> list[Span]:
    """A known first name alone as the subject of a verb or with an age: "Valentin est un fidèle
    supporter", "Hélène a 68 ans", "Sophie, 42 ans" (people the press names by first name only).
    `aged_only`: those with an age in apposition, which no place label outweighs ("à Bernard, 73 ans")."""
    spans = []
    for tok in doc[:-1]:
        if fold(tok.text) not in rules.first_names or not is_capitalised(tok) or "-" in tok.text:
            continue
        before, after = (doc[tok.i - 1] if tok.i else None), doc[tok.i + 1]
        opener = before is not None and before.pos_ in CLOSED_CLASSES and starts_sentence(before)  # "Mais", "Pour"
        if (before is not None and (is_capitalised(before) and not opener or before.text in ("-", "'"))) or is_capitalised(after):
            continue  # part of a longer name: "Jean Valentin", "Saint-Valentin"
        aged = with_age(doc, tok.i, rules) or pseudonym(doc, tok.i)
        with_others = after.lower_ == "et" and tok.i + 2 < len(doc) and doc[tok.i + 2].is_lower  # "Alice et ses enfants"
        # negation and clitics before the verb, not after a given name that is also a word: "Rose s'est fanée"
        verb = after if is_dictionary_word_form(tok.text, rules) else doc[next_verb_at(doc, tok.i + 1)]
        subject = tok.dep_.startswith("nsubj") and after.is_lower and (verb.pos_ in ("AUX", "VERB") or with_others)
        if aged or ((subject or described(doc, tok.i, rules) or a_persons_view_or_home(doc, tok.i)) and not aged_only):
            spans.append(doc[tok.i:tok.i + 1])
    return spans


def with_age(doc: Doc, i: int, rules: PeopleRules) -> bool:
    """'Sophie, 42 ans', 'Amar et Lucie, 59 et 60 ans', and the first of a pair: 'Jean et Lucie, 59
    et 60 ans'."""
    def age_at(j: int) -> bool:  # ", 42 ans" or ", 59 et 60 ans" from token j
        return (j + 1 < len(doc) and doc[j].text == "," and doc[j + 1].like_num
                and any(t.lower_ == "ans" for t in doc[j + 2:j + 5]))
    if age_at(i + 1):
        return True
    partner = doc[i + 2] if i + 2 < len(doc) else None
    return (doc[i + 1].lower_ == "et" and partner is not None and fold(partner.text) in rules.first_names
            and is_capitalised(partner) and age_at(i + 3))


def pseudonym(doc: Doc, i: int) -> bool:
    """'Léa (le prénom a été modifié)', 'Eva (les prénoms ont été changés)', 'Paul (prénom
    d'emprunt)': the press's note on a first name it changed, which only a person gets."""
    if i + 1 >= len(doc) or doc[i + 1].text != "(":
        return False
    inside = list(doc[i + 2:i + 10])
    closing = next((k for k, t in enumerate(inside) if t.text == ")"), len(inside))
    return any(fold(t.text).startswith("prenom") for t in inside[:closing])


# Negation and clitic pronouns between a subject and its verb: "Virginie ne sourit pas", "Anne s'en va".
PREVERBAL_CLITICS = frozenset({"ne", "n'", "n’", "se", "s'", "s’", "en", "y", "lui", "leur", "le", "la", "l'",
                               "l’", "les", "me", "m'", "m’", "te", "t'", "t’", "nous", "vous"})


def next_verb_at(doc: Doc, i: int) -> int:
    """The index of the word after the negation and clitics that open a verb group at `i`."""
    while i < len(doc) - 1 and doc[i].lower_ in PREVERBAL_CLITICS:
        i += 1
    return i


def a_persons_view_or_home(doc: Doc, i: int) -> bool:
    """'Pour Mamadou, la situation s'aggrave' (whose view it is), 'à quelques mètres de chez Hassan':
    a given name after "pour" and before a comma, or after "chez", stands for a person."""
    if i == 0:
        return False
    before = doc[i - 1].lower_
    return (before == "pour" and i + 1 < len(doc) and doc[i + 1].text == ",") or before == "chez"


def described(doc: Doc, i: int, rules: PeopleRules) -> bool:
    """A first name opening a sentence, described in apposition by a noun for a person: "Christine,
    propriétaire de l'appartement", "Mégane, la vendeuse", "Nordine, l'un des habitants"; not
    "Mercedes, le constructeur allemand", "Aurore, la navette autonome" (a review's cases)."""
    if not starts_sentence(doc[i]) or i + 3 >= len(doc) or doc[i + 1].text != ",":
        return False
    j = i + 2
    if doc[j].lower_ in ("un", "une", "le", "la", "l'", "l’"):
        j += 1
    if j + 2 < len(doc) and doc[j].lower_ in ("un", "une") and doc[j + 1].lower_ in ("des", "de", "d'", "d’"):
        j += 2  # "l'un des habitants"
    noun = doc[j]
    return noun.is_lower and bool((noun_forms(noun.text) | {fold(noun.lemma_)}) & rules.person_nouns)


def role_candidates(doc: Doc, rules: PeopleRules) -> list[Span]:
    """A name next to a role: "Barroso, le président de ...", "Nock Ag Attia, député touareg"."""
    spans = []
    for tok in doc:
        if tok.text != "," or tok.i == 0 or tok.i + 1 >= len(doc):
            continue
        role = doc[tok.i + 1]
        while role.i + 1 < len(doc) and (role.pos_ == "DET" or fold(role.text) in QUALIFIERS):
            role = doc[role.i + 1]
        if fold(role.text) not in rules.titles or role.i + 1 >= len(doc) or doc[role.i + 1].is_punct:
            continue
        if titled_name_end(doc, role.i, rules) is not None:
            continue  # "dans le Massachusetts, le sénateur Scott Brown": the role is Brown's
        start = tok.i
        while start > 0 and is_name_token(doc[start - 1], rules) and "\n" not in doc[start - 1].whitespace_:
            start -= 1
        if start < tok.i:
            spans.append(doc[start:tok.i])
    return spans + name_after_role_candidates(doc, rules)


def name_after_role_candidates(doc: Doc, rules: PeopleRules) -> list[Span]:
    """A name of two capitalised words or more set off by commas after a role and its complement:
    "au ministre des Affaires étrangères, Sidiki Kaba, de convoquer" (the model tagged it ORG)."""
    spans = []
    for tok in doc[:-2]:
        if tok.text != "," or not is_capitalised(doc[tok.i + 1]):
            continue
        end = name_run(doc, tok.i + 1, rules)
        if end - tok.i - 1 < 2 or end >= len(doc) or doc[end].text not in (",", "."):
            continue
        window = doc[max(0, tok.i - 6):tok.i]
        roles = [t for t in window if t.is_lower and fold(t.text) in rules.titles and t.i > 0
                 and doc[t.i - 1].lower_ in ARTICLES | {"au", "du"}]
        if roles and not any(t.text in (",", ".", ";") for t in doc[roles[-1].i:tok.i]):
            spans.append(doc[tok.i + 1:end])
    return spans


def titled_name_end(doc: Doc, title_i: int, rules: PeopleRules) -> tuple[int, int] | None:
    """(start, end) of the name right after a title, lower-case adjectives and acronyms allowed in
    between: "le sénateur démocrate Sherrod Brown", "M. Ayrault", "le député UMP Jean Dupont"."""
    i = title_i + 1
    skipped = 0
    while i < len(doc) and skipped < 2 and "\n\n" not in doc[i - 1].whitespace_ and (
            (doc[i].pos_ == "ADJ" and doc[i].is_lower) or fold(doc[i].text) in rules.party_labels
            or (doc[i].is_upper and len(doc[i]) > 1 and fold(doc[i].text) not in rules.titles)):
        i += 1
        skipped += 1
    if i >= len(doc) or not is_capitalised(doc[i]) or fold(doc[i].text) in rules.titles:
        return None
    if "\n\n" in doc[i - 1].whitespace_ or "\n" in doc[i - 1].text:
        return None
    end = name_run(doc, i, rules)
    return (person_entity_start(doc, i, end), end) if end > i else None


def person_entity_start(doc: Doc, start: int, end: int) -> int:
    """Where a person entity starts inside a run of names that opens on another entity: the party
    label in "la députée Renaissance Maud Bregeon" (the model tags "Renaissance" apart)."""
    if doc[start].ent_type_ not in ("ORG", "MISC", "LOC"):
        return start
    for k in range(start + 1, end):
        if doc[k].ent_iob_ == "B" and doc[k].ent_type_ == "PER":
            return k
    return start


def title_candidates(doc: Doc, rules: PeopleRules) -> list[Span]:
    """A name right after a civility title or a role: "M. Kellogg", "le sénateur démocrate Sherrod
    Brown", "la chancelière Angela Merkel". Capitalised titles count only inside a sentence."""
    spans = []
    for tok in doc:
        if fold(tok.text) not in rules.titles or fold(tok.text) in NOT_BEFORE_A_NAME:
            continue
        found = titled_name_end(doc, tok.i, rules)
        if found is not None:
            spans.append(doc[found[0]:found[1]])
    return spans


INCISE_AUXILIARIES = frozenset({"a", "avait", "aurait", "ont", "avaient", "auraient"})
# Adverbs between an incise's verb and its subject: "», assure ainsi Nicolas", "», ajoute encore X".
INCISE_ADVERBS = frozenset({"ainsi", "encore", "aussi", "alors", "également", "enfin", "pourtant", "toutefois",
                            "cependant", "néanmoins", "lui", "elle"})


def incise_candidates(doc: Doc, rules: PeopleRules) -> list[Span]:
    """The inverted subject of a speech verb: "», ajoute Hassan, un manifestant". Places do not
    speak; a name the model calls an organisation is left to it."""
    spans = []
    for tok in doc[1:]:
        verb, before = fold(tok.text), tok.i - 1
        if fold(doc[before].text) in {"s'", "se"} and before > 0:  # "s'exclame", "se félicite"
            verb = fold(doc[before].text_with_ws) + verb
            before -= 1
        while before > 0 and doc[before].lower_ in INCISE_AUXILIARIES:  # "», a déclaré Sidiki Kaba"
            before -= 1
        if verb not in rules.speech_verbs or doc[before].text not in {",", "»", "”", '"'}:
            continue
        start = tok.i + 1
        adverb = start < len(doc) - 1 and doc[start].lower_ in INCISE_ADVERBS
        start += adverb  # "», assure ainsi Nicolas"
        if start >= len(doc) or not is_capitalised(doc[start]):
            continue
        if adverb and doc[start].ent_type_ != "PER" and fold(doc[start].text) not in rules.first_names:
            continue  # "», indique ainsi Confessions d'une catho branchée, son autobiographie"
        end = name_run(doc, start, rules)
        if end == start + 1 and fold(doc[start].text) in rules.capital_metonyms:
            continue  # "», affirme encore Bruxelles": a government speaking, not a person
        # the model calls some given names organisations: "», poursuit Marine."
        if end > start and (doc[start].ent_type_ != "ORG" or fold(doc[start].text) in rules.first_names):
            spans.append(doc[start:end])
    return spans


def starts_sentence(token) -> bool:
    """First word of a sentence or a line, whatever the parser said."""
    doc = token.doc
    i = token.i - 1
    while i >= 0 and doc[i].is_space:
        if "\n" in doc[i].text:
            return True
        i -= 1
    return i < 0 or doc[i].text in SENTENCE_END or "\n" in doc[i].whitespace_ or doc[i].text.endswith(".")


def genitive_candidates(doc: Doc, rules: PeopleRules) -> list[Span]:
    """A bare name after "gouvernement", "régime", "administration": "le gouvernement Papadimos"."""
    spans = []
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if fold(prev.text) in rules.genitive_nouns and is_capitalised(tok) and not tok.is_upper:
            spans.append(doc[tok.i:name_run(doc, tok.i, rules)])
    return spans


# ---------------------------------------------------------------- 2. cleaning

def split_lines(span: Span) -> list[Span]:
    """An entity that swallowed a line break ("Keystone\\n\\nMusk") becomes one span per line."""
    pieces, start = [], span.start
    for tok in span:
        if "\n" in tok.text:
            pieces.append(span.doc[start:tok.i])
            start = tok.i + 1
        elif "\n" in tok.whitespace_:
            pieces.append(span.doc[start:tok.i + 1])
            start = tok.i + 1
    pieces.append(span.doc[start:span.end])
    return [p for p in pieces if len(p)]


def strip_span(span: Span, rules: PeopleRules) -> Span | None:
    """Drop leading titles, party labels, determiners and lower-case words, and trailing punctuation."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (fold(doc[start].text) in rules.titles or fold(doc[start].text) in rules.party_labels
                           or not is_capitalised(doc[start])
                           or fold(doc[start].text).split("-")[0] in rules.titles
                           or fold(doc[start].text) in LEADING_WORDS):
        start += 1
    while end > start and (doc[end - 1].is_punct or not is_capitalised(doc[end - 1])) and not (
            is_elision_tail(doc[end - 1])):
        end -= 1
    while end - start > 2 and is_trailing_role(doc, end, rules):
        end -= 1
    start = cut_before_first_name(doc, start, end, rules)
    start = cut_before_civility(doc, start, end, rules)
    end = cut_affiliation(doc, start, end, rules)
    return doc[start:end] if end > start else None


# Words that open hyphenated surnames and place names, written in capitals in some texts ("de
# SAINT-EXUPÉRY", "de LA TOUR-D'AUVERGNE"): not an acronym.
CAPITALISED_NAME_WORDS = frozenset({"saint", "sainte", "st", "ste", "la", "le", "les", "de", "du", "des", "di",
                                    "da", "van", "von", "mac", "mc", "ben", "el", "al", "san", "santa"})


def cut_affiliation(doc: Doc, start: int, end: int, rules: PeopleRules) -> int:
    """'Sara Seager du MIT', 'Charles Ollivon du RCT', 'Samia Abbou du Courant (démocratique)': after
    a known first name and a surname, a particle before an acronym, or "du"/"de la" before a common
    noun, opens an affiliation, not a surname ("Vincent Coude du Foresto", "Jean de la Fontaine",
    "François Villeroy de Galhau", "Philippe de VILLIERS" keep theirs)."""
    if start >= end or fold(doc[start].text) not in rules.first_names:
        return end  # nothing left: "selon M." ending the text
    for k in range(start + 2, end - 1):  # a first name and a surname first: not "Philippe de VILLIERS"
        word = fold(doc[k].text)
        if word not in ("du", "des", "de", "d'"):
            continue
        with_article = word == "de" and fold(doc[k + 1].text) in ("la", "l'") and k + 2 < end
        nxt = doc[k + 2] if with_article else doc[k + 1]
        head = nxt.text.split("-")[0]  # "de SUD-Rail", "de la CFE-CGC": an acronym opens the compound,
        acronym = head.isupper() and 1 < len(head) <= 6 and head.isalpha() and (  # not a surname in capitals
            head == nxt.text or fold(head) not in CAPITALISED_NAME_WORDS)  # ("Jean Marie de SAINT-JUST")
        common_noun = (word in ("du", "des") or with_article) and nxt.pos_ == "NOUN"
        if acronym or common_noun:
            return k
    return end


# Civility titles as abbreviations: a name always starts right after one.
CIVILITIES = frozenset({"M.", "Mme", "Mlle", "Me", "Mgr", "Dr", "Pr", "MM.", "Mmes", "Dr.", "Pr."})


def cut_before_civility(doc: Doc, start: int, end: int, rules: PeopleRules) -> int:
    """'(explique à) Paperjam Me François Prum': the model glued an outlet to a lawyer's name; the name
    starts after the civility title, whatever comes before it."""
    for k in range(start + 1, end - 1):
        if (doc[k].text in CIVILITIES and is_capitalised(doc[k + 1]) and end - (k + 1) >= 2
                and fold(doc[k - 1].text) not in rules.first_names):  # "Henry M. Paulson": an initial
            return k + 1
    return start


def is_trailing_role(doc: Doc, end: int, rules: PeopleRules) -> bool:
    """'Monica De Jonghe Directrice (générale, ...)': a capitalised role word glued after a name, as a
    caption or attribution line types it, when a lower-case adjective or "de" follows it."""
    last, after = doc[end - 1], doc[end] if end < len(doc) else None
    return (fold(last.text) in rules.titles and last.text[:1].isupper() and after is not None
            and after.is_lower and (after.pos_ == "ADJ" or after.lower_ in ("de", "du", "des", "d'", "d’")))


def cut_before_first_name(doc: Doc, start: int, end: int, rules: PeopleRules) -> int:
    """Start of the name when a place, an organisation or a common word is glued in front of a
    known first name and a surname: "(le site de) Jababeka David Quentin", "(l'agence RIA) Novosti
    Valentine Sapounov", "Assassinat de Antoine Sollacaro". Nothing is cut when the words in front
    hold a first name themselves ("Jean Paul Sartre") or open with a particle ("de Villepin"), or
    when they may be an unknown given name: a proper noun after a pause or a verb ("Jaques Charles
    Gicot"), as opposed to a common word ("Américain", "Assassinat") or a proper noun after "de",
    an article, a role or another capitalised word ("site de Jababeka", "l'agence RIA Novosti", a
    party label after a role: "la députée Renaissance Maud Bregeon")."""
    if end - start < 3 or fold(doc[start].text) in PARTICLES:
        return start
    for k in range(start + 1, end - 1):  # an outlet glued in front: "raconte à Nice-Matin Michel Meiffret"
        if fold(doc[start:k].text) in rules.stop_names and fold(doc[k].text) in rules.first_names and is_capitalised(doc[k]):
            return k
    before = doc[start - 1] if start > 0 else None
    if doc[start].pos_ == "PROPN" and not (before is not None and "\n" not in before.whitespace_ and (
            (before.is_lower and fold(before.text) in EPONYM_LINKS | ARTICLES | rules.titles)
            or is_capitalised(before))):
        return start
    for k in range(start, end - 1):
        if k > start and fold(doc[k].text) in rules.first_names and is_capitalised(doc[k]):
            if is_name_token(doc[k + 1], rules) and not doc[k + 1].is_punct:
                return k
            return start
        if any(fold(part) in rules.first_names for part in doc[k].text.split("-")) or (
                len(doc[k].text.rstrip(".")) == 1):
            return start  # a given name or an initial in front: "Jean-Paul Marie Dupont", "J. David"
    return start


def name_text(span: Span) -> str:
    """The name as written, with a glued trailing full stop and a glued civility title removed
    ("X." -> "X", "M.Houdré" -> "Houdré")."""
    return GLUED_TITLE.sub("", span.text.rstrip(".").strip())


def noun_forms(word: str) -> set[str]:
    """A noun folded, and without its plural -s/-x: "fusées" -> {"fusees", "fusee"}."""
    folded = fold(word)
    return {folded, folded[:-1]} if folded[-1:] in {"s", "x"} else {folded}


def opens_fixed_name(doc: Doc, start: int, rules: PeopleRules) -> bool:
    """The name starting at token `start` is part of the fixed name of something else: right after
    a noun such as "rue", "ferry", "typhon", "série" (lower-case adjectives allowed in between:
    "le télescope spatial Kepler"), or a bare surname after "boson de", "test de", "maladie d'"."""
    i = start - 1
    if i < 0:
        return False
    first = fold(doc[start].text) in rules.first_names
    if doc[i].is_lower and fold(doc[i].text) in EPONYM_LINKS:
        return i > 0 and not first and bool(noun_forms(doc[i - 1].text) & rules.eponym_nouns)
    while i > start - 3 and i >= 0 and doc[i].is_lower and doc[i].pos_ == "ADJ" and not (
            noun_forms(doc[i].text) & rules.fixed_name_nouns):
        i -= 1
    if i < 0 or not doc[i].is_lower or not noun_forms(doc[i].text) & rules.fixed_name_nouns:
        return False
    if first and (start + 1 >= len(doc) or doc[start + 1].text != "-") and holds_the_role(doc, i, start, rules):
        return False  # "le directeur de l'hôpital Jérôme Le Brière" holds the role ("l'hôpital Georges-Pompidou" is one)
    return not (i > 0 and fold(doc[i - 1].text) in {"en", "sur"})  # "mis en place", "sur place"


def holds_the_role(doc: Doc, noun: int, start: int, rules: PeopleRules) -> bool:
    """The name at `start`, after the building noun at `noun`, may be the holder of a role the
    noun completes: "le directeur de l'hôpital Jérôme Le Brière". The role must govern the noun
    ("visité l'hôpital Jean Verdier" and "l'ancien stade Pierre Mauroy" name buildings) and agree
    with the first name ("La directrice de l'école Jules Ferry" is the school's name)."""
    link = noun - 1
    if link >= 0 and fold(doc[link].text) in {"l'", "le", "la", "les"}:
        link -= 1
    if link < 1 or fold(doc[link].text) not in EPONYM_LINKS | {"des"}:
        return False
    role = link - 1
    if doc[role].is_lower and doc[role].pos_ == "ADJ" and role > 0:
        role -= 1  # "le directeur général de l'hôpital"
    if fold(doc[role].text) not in rules.titles:
        return False
    role_gender = doc[role].morph.get("Gender")
    name = fold(doc[start].text)
    name_gender = "Fem" if name in rules.feminine_names else "Masc" if name in rules.masculine_names else None
    return not (role_gender and name_gender and name_gender not in role_gender)


def fixed_name_ranges(doc: Doc, rules: PeopleRules) -> list[tuple[int, int]]:
    """Character ranges of names inside fixed names ("ferry Napoléon Bonaparte", "boson de Higgs"):
    no mention of a person is counted there."""
    ranges = []
    for tok in doc:
        if is_capitalised(tok) and (tok.i == 0 or not is_capitalised(doc[tok.i - 1])) and (
                opens_fixed_name(doc, tok.i, rules)):
            end = name_run(doc, tok.i, rules)
            person = cut_before_first_name(doc, tok.i, end, rules)  # "le prix Nobel Barack Obama"
            end = person if person > tok.i else end
            if end > tok.i:
                last = doc[end - 1]
                ranges.append((tok.idx, last.idx + len(last.text)))
    return ranges


def has_legal_form(span: Span, rules: PeopleRules) -> bool:
    """'la SA Marcel Picot', 'Picot SA', 'Siemens AG': a company's legal form next to the name."""
    doc = span.doc
    after = doc[span.end] if span.end < len(doc) else None
    if (after is not None and after.text in rules.legal_forms) or (len(span) > 1 and span[-1].text in rules.legal_forms):
        return True
    return (span.start > 1 and doc[span.start - 1].text in rules.legal_forms
            and fold(doc[span.start - 2].text) in ARTICLES | {"de", "d'", "du"})


def is_group_or_org(span: Span, rules: PeopleRules) -> bool:
    """'des Fabius', 'les membres d'Ansar Eddine', 'Clark Art Institute': not one person."""
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    if before is not None and fold(before.text) in PLURAL_DETERMINERS and (
            len(span) == 1 or fold(span[0].text) not in rules.first_names):
        return True  # "des Fabius", "des Frères Musulmans", "ces Flight Directors"
    if before is not None and fold(before.text) in {"du", "au"}:  # "du Times", "au Figaro"
        return True
    if has_legal_form(span, rules):
        return True
    if before is not None and fold(before.text) in {"d'", "de", "du"} and span.start > 1:
        if fold(doc[span.start - 2].text) in rules.group_nouns:
            return True
    end = name_run(doc, span.start, rules)
    return any(fold(t.text) in rules.org_words or fold(t.text).split("-")[0] in rules.org_words
               for t in doc[span.start:max(end, span.end)])  # "Radio-New-York"


# Link words of compound place names: "Boulogne-sur-Mer", "Châlons-en-Champagne", "Plessis-lès-Tours".
PLACE_LINK = re.compile(r"-(?:sur|sous|en|lès|lez|aux)-", re.IGNORECASE)


def is_rejected(span: Span, rules: PeopleRules) -> bool:
    text = name_text(span)
    words = text.split()
    return (sum(c.isalpha() for c in text) < 2 or fold(text) in rules.stop_names or any(c.isdigit() for c in text)
            or PLACE_LINK.search(text) is not None
            or (len(words) == 1 and text.isupper() and len(text) > 1)
            or len(words) > 5 or is_group_or_org(span, rules) or after_article(span, rules) or opens_on_acronym(span, rules)
            or is_one_word_sentence(span)
            or is_common_word(span, rules) or is_quoted(span) or opens_fixed_name(span.doc, span.start, rules)
            or is_slash_joined(span))


def is_slash_joined(span: Span) -> bool:
    """'Villeneuve/Lot', 'Saint-Estève/Perpignan': a name glued to another by a slash is a place or a
    team, not a person."""
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    glued_before = before is not None and before.text == "/" and not before.whitespace_
    glued_after = after is not None and after.text == "/" and not span[-1].whitespace_
    return glued_before or glued_after


def is_quoted(span: Span) -> bool:
    """A name alone between quote marks is a nickname, a title or a product: « Coach », « Raring Ringtail »."""
    doc = span.doc
    return (span.start > 0 and span.end < len(doc) and doc[span.start - 1].text in {"«", "“", '"'}
            and doc[span.end].text in {"»", "”", '"'})


def after_article(span: Span, rules: PeopleRules) -> bool:
    """French puts no article before a person's name: "dans le Massachusetts", "de l'Homme"; nor an
    indefinite one before a word and its adjective: "un jeune Russe", "une célèbre Bordelaise".
    A plural before a given name and a surname is "people like": "les François Remetter, Paul Sauvage"."""
    if span.start == 0:
        return False
    doc = span.doc
    before = doc[span.start - 1]
    if fold(before.text) in PLURAL_DETERMINERS and len(span) > 1 and fold(span[0].text) in rules.first_names:
        return False
    if before.is_lower and fold(before.text) in ARTICLES:
        return True
    return (len(span) == 1 and span.start > 1 and before.is_lower and before.pos_ == "ADJ"
            and fold(doc[span.start - 2].text) in INDEFINITE_ARTICLES)


def is_one_word_sentence(span: Span) -> bool:
    """'... prêt à briller à nouveau. Focus.', 'Bluff. L'opération ...': a word standing as a sentence
    of its own is a kicker or an exclamation, not a person named."""
    doc = span.doc
    if len(span) != 1 or span.end >= len(doc) or doc[span.end].text not in (".", "!"):
        return False
    return span.start == 0 or doc[span.start - 1].text in (".", "!", "?") or "\n" in doc[span.start - 1].text


def opens_on_acronym(span: Span, rules: PeopleRules) -> bool:
    """'CGT Renault', 'PSA Douvrin', 'SNCF Réseau': a name opening on an acronym of three letters or
    more names a branch of an organisation, not a person ("DJ Snake", "MC Solaar" have two); so does
    a compound opening on one, "(La) CGT-Cheminots", "SUD-rail" (not "JEAN-PIERRE" in capitals)."""
    first = span[0].text
    if len(span) > 1 and first.isupper() and first.isalpha() and len(first) >= 3 and not span[1].text.isupper():
        return True  # not a name in capitals: "CHRISTIAN GALLEY"
    named = next((t for t in span if fold(t.text) not in ARTICLES), span[0])
    head = named.text.split("-")[0]
    glued = "-" in named.text or (named.i + 1 < span.end and span.doc[named.i + 1].text == "-" and not named.whitespace_)
    return (glued and len(head) >= 3 and head.isupper() and head.isalpha()
            and fold(head) not in rules.first_names and fold(head) not in CAPITALISED_NAME_WORDS)


def inflections_undone(word: str) -> set[str]:
    """The word in lower case and the forms a common-word list holds it under: singular, and the
    infinitive of a participle ("Scotché" -> "scotcher", "Alertées" -> "alerter"); a capital E may
    stand for É, È or Ê, French typography often dropping accents on capitals ("Emue" -> "émue")."""
    forms = {word.lower()}
    if word[:1] == "E":
        forms |= {accented + word[1:].lower() for accented in "éèê"}
    for ending in ("s", "x"):
        forms |= {f[:-1] for f in forms if f.endswith(ending)}
    # a feminine only after a participle's "é" or "u" ("Emue"): dropping any final "e" makes "Foote"
    # the noun "foot", and after "i" the singer "Lorie" a parrot
    forms |= {f[:-1] for f in forms if f.endswith(("ée", "ue"))}
    forms |= {f[:-1] + "er" for f in forms if f.endswith("é")} | {f + "r" for f in forms if f.endswith("i")}
    return forms


def is_dictionary_word_form(word: str, rules: PeopleRules) -> bool:
    """In the common-word list, in one of its inflections, whether or not it is also a given name."""
    return bool(inflections_undone(word) & rules.common_words)


def is_dictionary_word(word: str, rules: PeopleRules) -> bool:
    """A French common word, in one of its inflections, that no one is named after (a known given
    name like "Marine" or "Rose" is both, and stays a possible person)."""
    return fold(word) not in rules.first_names and is_dictionary_word_form(word, rules)


def written_as_a_name_elsewhere(token) -> bool:
    """The same capitalised word somewhere its capital is not explained by its place: "Madonna, Elton
    John ... : tous rendent hommage" as a title, then "a regretté Madonna"."""
    return any(t.text == token.text and t.i != token.i and not starts_sentence(t)
               and not (t.i > 0 and t.doc[t.i - 1].text in OPENING_MARKS | {"("}) for t in token.doc)


PARTICIPLE_ENDINGS = ("é", "ée", "és", "ées")


def reads_as_a_name(token) -> bool:
    """A capitalised common word whose surroundings make it a name: after a civility ("M. Boucher"),
    the subject of a finite verb ("Berger a rappelé", "Castex annonce"), set off by a comma before an
    article or an age when the model calls it a person ("Royal, l'ancienne candidate", "Moreau, 42
    ans"), or a headline's speaker ("Borne : « ... »"). A review found these surnames and stage names
    in the common-word list (Castex, Borne, Hidalgo, Royal, Madonna, Marchand ...)."""
    doc, i = token.doc, token.i
    if i > 0 and doc[i - 1].text in CIVILITIES:
        return True
    if token.pos_ != "PROPN" or token.lower_.endswith(PARTICIPLE_ENDINGS) or i + 2 >= len(doc):
        return False  # "Scotché devant mon écran"
    verb = doc[next_verb_at(doc, i + 1)]
    if verb.pos_ in ("AUX", "VERB") and "Fin" in verb.morph.get("VerbForm"):
        return True
    if doc[i + 1].text == "," and token.ent_type_ == "PER" and (doc[i + 2].pos_ == "DET" or doc[i + 2].like_num):
        return True
    return doc[i + 1].text == ":" and doc[i + 2].text in OPENING_MARKS


def is_common_word(span: Span, rules: PeopleRules) -> bool:
    """One word that is not a name: a closed-class word ("Le", "Notre", "Hier"), or a common word
    capitalised only because it opens a sentence ("Rappelons qu'...", "Dimanche, ...") and never
    written capitalised inside a sentence elsewhere in the text."""
    if len(span) != 1:
        return False
    token = span[0]
    if token.pos_ in CLOSED_CLASSES and (token.is_stop or token.like_num):
        return True  # the tag alone is not enough: "Kito de Pavant" gets ADV
    opens = starts_sentence(token) or (token.i > 0 and token.doc[token.i - 1].text in OPENING_MARKS)
    if opens and fold(token.text) not in rules.first_names and any(
            t.lower_ == token.lower_ and t.is_lower for t in span.doc):
        # a heading "Avare de commentaires" over "... s'est montré avare de commentaires", "« Vigilant,
        # très vigilant »": no name is written in lower case
        return True
    if ((opens or (token.i > 0 and token.doc[token.i - 1].text == "(")) and is_dictionary_word(token.text, rules)
            and not written_as_a_name_elsewhere(token) and not reads_as_a_name(token)):
        # "Debout derrière le podium", "« Aucun juge ne ...", "Adieu les cons" in brackets: a common
        # word capitalised by its position. A name that is also a word ("Berger", "Madonna") opening a
        # sentence is lost only when the text never gives it a first name nor writes it mid-sentence.
        return True
    adverb = token.pos_ == "ADV" and token.lower_.endswith("ment")  # "Heureusement qu'ils ...", "Finalement, ..."
    if (token.pos_ not in COMMON_CLASSES and not adverb) or fold(token.text) in rules.first_names or not starts_sentence(token):
        return False
    return not any(t.text == token.text and not starts_sentence(t) for t in span.doc)


def clean_candidates(spans: list[Span], rules: PeopleRules) -> list[Span]:
    """Cleaned, accepted spans; where spans overlap the longest wins."""
    cleaned = []
    for span in spans:
        for piece in split_lines(span):
            stripped = strip_span(piece, rules)
            if stripped is not None and not is_rejected(stripped, rules):
                cleaned.append(stripped)
    cleaned.sort(key=lambda s: (-(s.end - s.start), s.start))
    taken: set[int] = set()
    kept = []
    for span in cleaned:
        if not taken.intersection(range(span.start, span.end)):
            kept.append(span)
            taken.update(range(span.start, span.end))
    rejected_names = {fold(name_text(s)) for s in spans if any(
        is_group_or_org(p, rules) for p in split_lines(s))}
    return sorted((s for s in kept if fold(name_text(s)) not in rejected_names), key=lambda s: s.start)


def list_neighbours(doc: Doc, span: Span) -> list[str]:
    """Entity labels of the items next to `span` in an enumeration ("Milan, Giverny, Forth Worth et Londres")."""
    labels = []
    if span.start >= 2 and doc[span.start - 1].text in LIST_SEPARATORS:
        labels.append(doc[span.start - 2].ent_type_)
    if span.end + 1 < len(doc) and doc[span.end].text in LIST_SEPARATORS:
        labels.append(doc[span.end + 1].ent_type_)
    return labels


def enumeration_candidates(doc: Doc, rules: PeopleRules) -> list[Span]:
    """A capitalised item between two persons in a list: "Monet, Morisot, Pissarro" (Morisot tagged LOC)."""
    spans = []
    for tok in doc:
        if is_capitalised(tok) and tok.ent_type_ != "PER" and not tok.is_sent_start:
            span = doc[tok.i:name_run(doc, tok.i, rules)]
            labels = list_neighbours(doc, span)
            if len(labels) == 2 and set(labels) == {"PER"}:
                spans.append(span)
    return spans


def in_place_list(span: Span, rules: PeopleRules) -> bool:
    """A name with no known first name listed among places or organisations is one of them:
    "Milan, Giverny et Londres", "Belfius, ING, KBC et AXA". An organisation only before it is an
    apposition, not a list: "un chercheur de HRW, Ole Solvang, précise"."""
    doc = span.doc
    labels = list_neighbours(doc, span)
    next_is_org = (span.end + 1 < len(doc) and doc[span.end].text in LIST_SEPARATORS
                   and doc[span.end + 1].ent_type_ == "ORG")
    return (fold(span[0].text) not in rules.first_names and ("LOC" in labels or next_is_org)
            and "PER" not in labels)


def place_names(doc: Doc) -> set[str]:
    """Single words the text uses as places: LOC entities and words after "à"/"en"."""
    places = {fold(e.text) for e in doc.ents if e.label_ == "LOC"}
    for tok in doc[1:]:
        if doc[tok.i - 1].lower_ in PLACE_PREPOSITIONS and is_capitalised(tok):
            places.add(fold(tok.text))
    return places


def places_after_en(doc: Doc) -> set[str]:
    """Single words the text writes after "en": countries and regions ("En Guinée", "en Virginie"),
    never a person, even tagged as one ("l'Union des forces démocratiques de Guinée")."""
    return {fold(tok.text) for tok in doc[1:] if doc[tok.i - 1].lower_ == "en" and is_capitalised(tok)}


def seats_of_offices(doc: Doc, rules: PeopleRules) -> set[str]:
    """Names the text writes after a seat noun and "de": "le maire de Trois-Rivières", "le
    bourgmestre de Molenbeek", "au palais de Carthage": places, never a person, whatever the model
    tagged them."""
    seats = set()
    for tok in doc[2:]:
        before = doc[tok.i - 1]
        if before.lower_ not in ("de", "d'", "d’") or fold(doc[tok.i - 2].text) not in rules.seat_nouns:
            continue
        if is_capitalised(tok):
            end = tok.i + 1
            while end + 1 < len(doc) and doc[end].text == "-" and not doc[end].whitespace_ and is_capitalised(doc[end + 1]):
                end += 2  # "Trois-Rivières" split on its hyphen
            if not (end == tok.i + 1 and fold(doc[tok.i - 2].text) in HOLDER_SEATS and named_elsewhere(doc, tok)):
                seats.add(fold(doc[tok.i:end].text))
    return seats


def named_elsewhere(doc: Doc, name: Token) -> bool:
    """The one-word name is written elsewhere in the text, not after "de": "la circonscription de
    Ruffin ... Ruffin a refusé" is the deputy's riding."""
    return any(tok.text == name.text and tok.i != name.i and (tok.i == 0 or doc[tok.i - 1].lower_ not in ("de", "d'", "d’"))
               for tok in doc)


def places_in_apposition(doc: Doc, rules: PeopleRules) -> set[str]:
    """Names the text describes right after as a place: "Chevchenkovsky, un quartier central de
    Kiev", "Walcourt, une commune du Hainaut"."""
    places = set()
    for tok in doc[:-3]:
        if not is_capitalised(tok) or doc[tok.i + 1].text != "," or doc[tok.i + 2].lower_ not in ("un", "une"):
            continue
        noun = next((t for t in doc[tok.i + 3:tok.i + 5] if t.pos_ == "NOUN"), None)
        word = fold(noun.lemma_ or noun.text) if noun is not None else ""
        if word in rules.seat_nouns and word not in rules.titles | rules.person_nouns:  # not "Kader, un habitant"
            places.add(fold(tok.text))
    return places


def organisation_names(doc: Doc, rules: PeopleRules) -> set[str]:
    """`named_organisations`, folded."""
    return {fold(name) for name in named_organisations(doc, rules)}


def named_organisations(doc: Doc, rules: PeopleRules) -> set[str]:
    """Names the text itself marks as organisations, as written: after a noun such as "l'entreprise
    (américaine)", "la chaîne", "le groupe islamiste"; or followed by their own initials in brackets
    ("Hewlett-Packard (HP)"); or after a plural member noun ("les membres d'Ansar Eddine").
    Memoised on the doc: people and quotes both ask, and each call walks every token."""
    memo = doc.user_data.get(ORGANISATIONS_MEMO_KEY)
    if memo is not None and memo[0] is rules:
        return set(memo[1])
    names = _named_organisations(doc, rules)
    doc.user_data[ORGANISATIONS_MEMO_KEY] = (rules, frozenset(names))
    return names


def _named_organisations(doc: Doc, rules: PeopleRules) -> set[str]:
    names = set()
    for tok in doc:
        if (fold(tok.text) in rules.group_nouns and tok.is_lower and tok.i + 2 < len(doc)
                and fold(doc[tok.i + 1].text) in ("d'", "de", "du") and is_capitalised(doc[tok.i + 2])):
            names.add(doc[tok.i + 2:name_run(doc, tok.i + 2, rules)].text)
        bare = tok.i > 0 and fold(doc[tok.i - 1].text) in ("de", "d'")  # "président de parti Benoît Lutgen": a kind
        if fold(tok.text) in rules.org_nouns and (tok.is_lower or tok.is_upper):  # "l'ONG Human Rights Watch"
            i = tok.i + 1
            while i < len(doc) and doc[i].is_lower and doc[i].pos_ == "ADJ" and i - tok.i <= 2:
                i += 1
            # after a bare kind, only a one-word name that is no first name: "chef de groupe
            # Ecolo-Groen", not "président de parti Conner Rousseau"
            if i < len(doc) and is_capitalised(doc[i]):
                name = doc[i:name_run(doc, i, rules)].text
                if not (bare and (" " in name or opens_on_first_name(doc[i], rules))):
                    names.add(name)
        if tok.text == "(" and 0 < tok.i and tok.i + 2 < len(doc) and doc[tok.i + 2].text == ")":
            acronym = doc[tok.i + 1].text
            start = end = tok.i
            while start > 0 and is_name_token(doc[start - 1], rules):
                start -= 1
            initials = "".join(w[0] for w in re.split(r"[\s-]+", doc[start:end].text) if w and w[0].isupper())
            if len(acronym) > 1 and acronym.isupper() and initials == acronym:
                names.add(doc[start:end].text)
    return names


def opens_on_first_name(tok: Token, rules: PeopleRules) -> bool:
    """'Benoît', 'Jean-Marc' (each part a first name): a person's name may start here."""
    return all(fold(part) in rules.first_names for part in tok.text.split("-") if part)


def label_key(text: str) -> str:
    """Entity text folded, each word without a plural -s: "Flight Directors" ~ "Flight Director"."""
    return " ".join(w.rstrip("s") for w in fold(text).split())


def mostly_not_person(doc: Doc) -> set[str]:
    """Names (as `label_key`) the model calls an organisation or MISC at least twice and more often
    than a person: one PER among ORG labels is the model's slip ("Frères Musulmans")."""
    votes: dict[str, list[int]] = {}
    for ent in doc.ents:
        if ent.label_ in {"PER", "ORG", "MISC"}:
            counts = votes.setdefault(label_key(ent.text), [0, 0])
            counts[ent.label_ == "PER"] += 1
    return {k for k, (other, per) in votes.items() if other >= 2 and other > per}


# ---------------------------------------------------------------- 3. merging

def split_name(name: str) -> tuple[list[str], list[str]]:
    """(given names, surname with its particles), folded: "Marine Le Pen" -> (["marine"], ["le", "pen"])."""
    words = re.sub(r"(?<![\w'])([dl])'", r"\1' ", fold(name)).split()  # "d'Estaing", not "Cléac'h"
    i = len(words) - 1
    while i > 0 and words[i - 1] in PARTICLES:
        i -= 1
    return words[:i], words[i:]


def same_person(full_a: str, full_b: str, fuzzy: bool = True) -> bool:
    """Two multi-word names of one person: same surname and compatible first names, one name the
    start or the end of the other ("Ana Pastor" in "Ana Pastor García", "Villeroy de Galhau" in
    "François Villeroy de Galhau"), a compound surname written apart
    ("Greg Belobo", "Jacques Greg-Belobo"), or (when `fuzzy`) a typo."""
    if unhyphenated(full_a) == unhyphenated(full_b):  # "Michel Edouard Leclerc", "Michel-Edouard Leclerc"
        return True
    given_a, surname_a = split_name(full_a)
    given_b, surname_b = split_name(full_b)
    if surname_a == surname_b and given_a and given_b:
        a, b = given_a[0].rstrip("."), given_b[0].rstrip(".")
        if a == b or initials_of(a, b) or initials_of(b, a):
            return True
    words_a, words_b = given_a + surname_a, given_b + surname_b
    short, long = sorted((words_a, words_b), key=len)
    if len(short) >= 2 and len(long) > len(short) and long[:len(short)] == short and not (
            has_initials(" ".join(short))):
        return True
    if (len(short) >= 3 and len(long) > len(short) and long[-len(short):] == short
            and split_name(" ".join(short))[0] and any(w in PARTICLES for w in short[1:])):
        # "Villeroy de Galhau" for "François Villeroy de Galhau": a compound surname with a particle;
        # not a bare "Le Pen", nor "Carlos Silva" beside "Luis Carlos Silva" (two people, a review found)
        return True
    for one, other in ((surname_a, words_b), (surname_b, words_a)):
        if len(other) >= 2 and "-".join(other) == "-".join(one) and "-" in "".join(one):
            return True
    if not fuzzy:
        return False
    if given_a and given_b and given_a[0] == given_b[0]:
        ratio = difflib.SequenceMatcher(None, " ".join(surname_a), " ".join(surname_b)).ratio()
        return ratio >= 0.8
    if surname_a == surname_b and given_a and given_b:
        return difflib.SequenceMatcher(None, given_a[0], given_b[0]).ratio() >= 0.85
    return False


def unhyphenated(name: str) -> str:
    """The folded name with hyphens read as spaces."""
    return " ".join(re.split(r"[\s-]+", fold(name)))


def initials_of(short: str, given: str) -> bool:
    """"b" for "barack", "j-m" or "j.-m" for "jean-marc": one initial per part of the given name."""
    parts = [p.strip(".") for p in short.split("-")]
    full = given.split("-")
    return (all(len(p) == 1 for p in parts) and len(parts) in (1, len(full))
            and all(f.startswith(p) for p, f in zip(parts, full)))


def has_initials(name: str) -> bool:
    """"B. Obama", "J-M Ayrault": the given name is written as initials only."""
    given = split_name(name)[0]
    return bool(given) and all(len(p.strip(".")) <= 1 for p in given[0].split("-"))


def group_full_names(counts: dict[str, int], fuzzy: bool = True) -> list[list[str]]:
    """Multi-word names grouped per person, most frequent (then longest) form first."""
    groups: list[list[str]] = []
    for name in sorted(counts, key=lambda n: (-len(n.split()), -counts[n], n)):
        for group in groups:
            if any(same_person(name, other, fuzzy) for other in group):
                group.append(name)
                break
        else:
            groups.append([name])
    return groups


def canonical_of(group: list[str], counts: dict[str, int]) -> str:
    """The fullest form (hyphenated parts count: "Jacques Greg-Belobo" over "Greg Belobo"), then the
    most used ("Miguel Neiva" over the typo "Miguel Nerva")."""
    full = [n for n in group if "." not in n and not has_initials(n)]
    return max(full or group, key=lambda n: (len(re.split(r"[\s-]+", n)), counts[n], -group.index(n)))


def merge_across_corpus(names: dict[str, int]) -> dict[str, str]:
    """Name -> canonical name over a corpus, given each name's mention count.

    Multi-word variants of one person merge (initials, a name and its longer form); a single word
    goes to the one person whose surname it is, and stays as it is when it fits two ("Le Pen" with
    Jean-Marie and Marine). Spelling variants are merged inside an article only: across articles,
    "Claude Bertolone" and "Claude Bartolone" may be two people, and each article keeps its own
    spelling. Every input name is a key; canonical names map to themselves.
    """
    full = {n: c for n, c in names.items() if len(n.split()) > 1}
    mapping = {n: n for n in names}
    canon_by_surname: dict[str, set[str]] = {}
    for group in group_full_names(full, fuzzy=False):
        canonical = canonical_of(group, full)
        for name in group:
            mapping[name] = canonical
            canon_by_surname.setdefault(" ".join(split_name(name)[1]), set()).add(canonical)
    for name in names:
        if len(name.split()) == 1 or split_name(name)[0] == []:
            fits = canon_by_surname.get(" ".join(split_name(name)[1]), set())
            if len(fits) == 1:
                mapping[name] = next(iter(fits))
    return mapping


# ---------------------------------------------------------------- 4. mentions

@dataclass(frozen=True)
class Form:
    """One written form of a name and the people it can point to (two for a shared surname)."""

    text: str
    people: tuple[str, ...]
    is_given_name: bool = False


def name_forms(found: list[str], given_names: set[str] | None = None) -> list[Form]:
    """Every form to search for: full names, surnames, and first names used by one person only.
    With `given_names` (folded), a first word counts alone only if it is one of them: "Marine",
    not "Suisse" from a heading glued to a name ("Suisse Chirac n'a pas fait ...")."""
    counts = {n: 1 for n in found}
    groups = group_full_names({n: 1 for n in found if len(split_name(n)[0]) > 0})
    forms: dict[str, set[str]] = {}
    canonicals = []
    for group in groups:
        canonical = canonical_of(group, counts)
        canonicals.append(canonical)
        for name in group:
            forms.setdefault(name, set()).add(canonical)
    for group, canonical in zip(groups, canonicals):
        for name in dict.fromkeys([canonical] + group):  # "Pastor" for "Ana Pastor García" too
            forms.setdefault(surname_as_written(name), set()).add(canonical)
    by_surname: dict[str, set[str]] = {}
    for canonical in canonicals:
        by_surname.setdefault(" ".join(split_name(canonical)[1]), set()).add(canonical)
    for name in found:  # "De Pavant" opening a sentence is "Kito de Pavant"
        fits = by_surname.get(" ".join(split_name(name)[1]), set())
        if not split_name(name)[0] and name not in forms and len(fits) == 1:
            forms[name] = set(fits)
    for name in found:  # "mon petit Jean-Mimi" is Jean-Michel Larqué
        fits = {c for c in canonicals if is_pet_name(name, c.split()[0])}
        if name not in forms and len(fits) == 1:
            forms[name] = fits
    given: dict[str, set[str]] = {}
    for canonical in canonicals:
        if given_names is None or fold(canonical.split()[0]) in given_names:
            given.setdefault(canonical.split()[0], set()).add(canonical)
    result = [Form(t, tuple(sorted(p))) for t, p in forms.items()]
    result += [Form(t, tuple(p), True) for t, p in given.items() if len(p) == 1 and t not in forms]
    for name in found:
        if name not in forms and name not in given:
            result.append(Form(name, (name,)))
    # a form made of particles only ("La" from "La K. P") would match every article
    result = [f for f in result if any(w not in PARTICLES for w in fold(f.text).split())]
    return sorted(result, key=lambda f: -len(f.text))


def is_pet_name(name: str, given: str) -> bool:
    """"Jean-Mimi" or "Jean-Mi" for the compound given name "Jean-Michel": same first part, the
    second part shortened or doubled from the same first two letters."""
    parts, full = fold(name).split("-"), fold(given).split("-")
    return (" " not in name and len(parts) == 2 == len(full) and parts != full and parts[0] == full[0]
            and len(parts[1]) >= 2 and parts[1][:2] == full[1][:2])


def surname_as_written(name: str) -> str:
    words = name.split()
    n_surname = len(split_name(name)[1])
    return " ".join(words[len(words) - n_surname:]) if n_surname <= len(words) else name


def form_pattern(form: Form) -> re.Pattern:
    return re.compile(r"(?<![\w-])" + re.escape(form.text) + r"(?![\w-])")


def next_word(text: str, end: int) -> str:
    match = re.match(r"\s*(\S+)", text[end:])
    return match.group(1) if match else ""


def given_name_stands_alone(text: str, end: int) -> bool:
    """A first name alone counts, but not when it opens a longer name ("Sterling & Francine ...")."""
    following = next_word(text, end)
    return not (following[:1].isupper() or following in {"&", "and"})


def inside_org_name(text: str, start: int, end: int, rules: PeopleRules) -> bool:
    """'Clark' in 'Francine Clark Art Institute' names an institution; a line break ends the name
    (a byline 'Philippe Dupont' above the line 'La Presse')."""
    tail = re.match(r"((?:[ \t\u00a0]+[A-ZÀ-Þ][\w'-]*)+)", text[end:])
    return bool(tail) and any(fold(w) in rules.org_words for w in tail.group(1).split())


def names_a_family(text: str, start: int, rules: PeopleRules) -> bool:
    """'des Williams', 'les sœurs Williams', 'la famille Kennedy': the family, not the person."""
    before = re.search(r"(\S+)\s+$", text[max(0, start - 40):start])
    return bool(before) and fold(before.group(1)) in PLURAL_DETERMINERS | rules.family_nouns


def scan_mentions(text: str, forms: list[Form], rules: PeopleRules,
                  blocked: list[tuple[int, int]] = ()) -> list[tuple[int, int, Form]]:
    """Occurrences of the forms, longest first, none inside another or inside a `blocked` range
    (a fixed name such as "ferry Napoléon Bonaparte")."""
    taken = [False] * (len(text) + 1)
    for a, b in blocked:
        taken[a:b] = [True] * (b - a)
    hits = []
    for form in forms:
        for m in form_pattern(form).finditer(text):
            if any(taken[m.start():m.end()]):
                continue
            if form.is_given_name and not given_name_stands_alone(text, m.end()):
                continue
            if inside_org_name(text, m.start(), m.end(), rules) or names_a_family(text, m.start(), rules):
                continue
            hits.append((m.start(), m.end(), form))
            taken[m.start():m.end()] = [True] * (m.end() - m.start())
    return sorted(hits, key=lambda h: h[0])


def resolve_mentions(hits: list[tuple[int, int, Form]], text: str) -> list[Mention]:
    """A form shared by two people goes to whichever of them was named last before it."""
    mentions: list[Mention] = []
    totals: dict[str, int] = {}
    for _, _, form in hits:
        if len(form.people) == 1:
            totals[form.people[0]] = totals.get(form.people[0], 0) + 1
    for start, end, form in hits:
        if len(form.people) == 1:
            name = form.people[0]
        else:
            recent = [m.name for m in mentions if m.name in form.people]
            name = recent[-1] if recent else max(form.people, key=lambda p: totals.get(p, 0))
        mentions.append(Mention(name, start, end, text[start:end]))
    return mentions


# ---------------------------------------------------------------- the pipeline

def candidate_names(doc: Doc, rules: PeopleRules) -> list[str]:
    """Distinct person names as written, in text order."""
    # A role or a list of persons next to a name outweighs the model's "place" label on it.
    strong = clean_candidates(role_candidates(doc, rules) + genitive_candidates(doc, rules)
                              + enumeration_candidates(doc, rules) + title_candidates(doc, rules)
                              + incise_candidates(doc, rules) + lone_first_name_candidates(doc, rules, aged_only=True)
                              + glued_title_candidates(doc, rules), rules)
    lone_first_names = lone_first_name_candidates(doc, rules)
    weak = clean_candidates(entity_candidates(doc, rules) + first_name_candidates(doc, rules)
                            + lone_first_names + speaker_subject_candidates(doc, rules), rules)
    organisations = organisation_names(doc, rules)
    countries = places_after_en(doc)
    seats = seats_of_offices(doc, rules) | places_in_apposition(doc, rules)
    strong = [s for s in strong if fold(name_text(s)) not in organisations
              and not (len(s) == 1 and fold(name_text(s)) in countries) and not is_seat(s, seats, rules)]
    strong_names = {name_text(s) for s in strong}
    not_persons = mostly_not_person(doc)
    weak = [s for s in weak if name_text(s) in strong_names or not (
        in_place_list(s, rules) or fold(name_text(s)) in organisations or is_seat(s, seats, rules)
        or (label_key(name_text(s)) in not_persons and fold(s[0].text) not in rules.first_names))]
    names = [name_text(s) for s in sorted(strong + weak, key=lambda s: s.start)]
    strong_names |= given_name_first(weak, rules)
    surnames = {split_name(n)[1][-1] for n in names if len(n.split()) > 1}
    places = place_names(doc)
    person_ents = {fold(e.text) for e in doc.ents if e.label_ == "PER"}
    # a known first name the model calls a person once and a place once is the person where it is the
    # subject of a verb: "parmi eux, Olga est encore sonnée", then "Olga, habitante de Kiev" tagged LOC
    # (not one the text also writes after a place preposition: "Maurice est un très beau pays", "à Maurice")
    placed = {fold(tok.text) for tok in doc[1:] if doc[tok.i - 1].lower_ in PLACE_PREPOSITIONS | {"dans", "vers", "depuis"}}
    strong_names |= {name_text(s) for s in lone_first_names if fold(s.text) in person_ents and fold(s.text) not in placed}
    return [n for n in dict.fromkeys(names) if n in strong_names or is_person_name(
        n, surnames, places, person_ents)]


def is_seat(span: Span, seats: set[str], rules: PeopleRules) -> bool:
    """A candidate written elsewhere as the seat of an office, unless a known given name opens it
    as a word of its own ("Marine Le Pen"; "Camille-Laurin", a riding, is one hyphenated name)."""
    return fold(name_text(span)) in seats and not (
        len(span) > 1 and fold(span[0].text) in rules.first_names and span[1].text != "-")


def given_name_first(spans: list[Span], rules: PeopleRules) -> set[str]:
    """A known given name and capitalised words only, never after a place preposition: a person even
    when the model calls it a place ("Kamala Harris" tagged LOC); not "Caroline du Nord", "à Charlotte X"."""
    opening = {name_text(s) for s in spans if len(s) >= 2 and fold(s[0].text) in rules.first_names
               and all(is_capitalised(t) for t in s[1:])}
    placed = {name_text(s) for s in spans if s.start > 0
              and s.doc[s.start - 1].lower_ in PLACE_PREPOSITIONS | {"dans", "vers", "depuis"}}
    return opening - placed


def is_person_name(name: str, surnames: set[str], places: set[str], person_ents: set[str]) -> bool:
    """False for names the text also uses as places ("à Charlotte", "Caroline du Nord")."""
    folded = fold(name)
    if folded in places and folded not in person_ents:
        return False
    return len(name.split()) > 1 or folded in surnames or folded not in places


def find_people(article: Article, doc: Doc, rules: PeopleRules | None = None) -> list[Person]:
    """People named in the article, most mentioned first (ties: first named first). Memoised on doc."""
    if MEMO_KEY in doc.user_data:
        return doc.user_data[MEMO_KEY]
    rules = rules or default_rules()
    names = candidate_names(doc, rules)
    given_names = rules.first_names | {fold(e.text) for e in doc.ents if e.label_ == "PER" and len(e) == 1}
    text = doc.text  # spaCy joins the tokens again on every call
    hits = scan_mentions(text, name_forms(names, given_names), rules, fixed_name_ranges(doc, rules))
    by_person: dict[str, list[Mention]] = {}
    for mention in resolve_mentions(hits, text):
        by_person.setdefault(mention.name, []).append(mention)
    people = [Person(name, tuple(ms)) for name, ms in by_person.items()]
    people = [p for p in people if not is_town(p, doc, rules)]
    people.sort(key=lambda p: (-len(p.mentions), p.first_start))
    doc.user_data[MEMO_KEY] = people
    return people


# Clitics and the negation between a subject and its verb: "Laval les engage", "Mora s'est plaint".
SKIPPED_BEFORE_VERB = frozenset({"ne", "n'", "se", "s'", "me", "m'", "te", "t'", "nous", "vous", "lui",
                                 "leur", "l'", "le", "la", "les", "y", "en"})


def is_town(person: Person, doc: Doc, rules: PeopleRules) -> bool:
    """A one-word name that is a town ("les avocats de Draguignan", "mardi à Rabat") is no person
    unless one of its mentions outside a place's position reads as a person's: a title or a speech
    verb before it, a verb after it, a role after its comma ("Pétain et Laval engagent", "a déclaré
    Hamilton", "Le milieu de terrain Leduc a prolongé")."""
    if " " in person.name or fold(person.name) not in rules.towns:
        return False
    spans = [doc.char_span(m.start, m.end, alignment_mode="expand") for m in person.mentions]
    return not any(span is not None and not at_a_place(span) and acts_as_person(span, rules) for span in spans)


def at_a_place(span: Span) -> bool:
    """Right after "à", "en", "depuis", or after "de" that follows a noun: "à Rabat", "les avocats de
    Draguignan", "originaire de Ajax"."""
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    if before is None:
        return False
    if before.lower_ in ("à", "au", "en", "depuis", "vers"):
        return True
    return (before.lower_ in ("de", "d'", "d’") and span.start > 1
            and doc[span.start - 2].pos_ in ("NOUN", "PROPN", "ADJ"))


def acts_as_person(span: Span, rules: PeopleRules) -> bool:
    """A title, a speech verb or a verb before the name, a verb or a colon after it, or a role after
    its comma: what a person's name has around it and a town's does not."""
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    if before is not None and (fold(before.text) in rules.titles or fold(before.text) in rules.speech_verbs
                               or before.pos_ == "VERB"):
        return True
    k = span.end
    while k < len(doc) and fold(doc[k].text) in SKIPPED_BEFORE_VERB:
        k += 1
    if k >= len(doc):
        return False
    if doc[k].pos_ in ("VERB", "AUX") or doc[k].text == ":":
        return True
    return (doc[k].text == "," and k + 1 < len(doc)
            and (fold(doc[k + 1].text) in rules.titles or doc[k + 1].lower_ in ("le", "la", "l'", "l’", "un", "une")))


def segment_kind(article: Article, offset: int) -> str:
    for seg in article.segments:
        if seg.start <= offset < seg.end:
            return seg.kind
    return "body"


class PeopleAnalyzer:
    name = "people"
    version = "14"
    components = ("ner", "morphologizer")

    def __init__(self, rules: PeopleRules) -> None:
        self.version = f"{PeopleAnalyzer.version}-{source_digest('people.py', 'data/people')}"
        self.rules = rules

    def analyze(self, article: Article, doc: Doc) -> AnalyzerResult:
        people = find_people(article, doc, self.rules)
        rows = [{"name": p.name, "mentions": len(p.mentions), "first_start": p.first_start,
                 "first_segment": segment_kind(article, p.first_start)} for p in people]
        mentions = [{"name": m.name, "start": m.start, "end": m.end, "text": m.text}
                    for p in people for m in p.mentions]
        mentions.sort(key=lambda m: m["start"])
        return AnalyzerResult(metrics={"count": len(people), "mentions": len(mentions)},
                              tables={"people": rows, "mentions": mentions})


def create(settings: Settings) -> PeopleAnalyzer:
    return PeopleAnalyzer(PeopleRules.from_dir())
