"""People named in an article: person names found, cleaned and merged to one canonical name each.

Stages (each a function below):
1. candidates: PER entities, plus name-shaped runs the model misses or mislabels (a known first
   name followed by capitalised words, a name next to a role, "le gouvernement Ayrault");
2. cleaning: titles stripped, line breaks and glued credits cut, organisations and places dropped;
3. merging: full names, initials, spelling variants, surnames and first names grouped per person;
4. mentions: every occurrence of any form of a person's name in the text, longest form first.

`find_people` is pure and memoised on `doc.user_data`, so quotes.py can reuse it without a second walk.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Span

from analysis.models import AnalyzerResult, Article
from analysis.settings import Settings

DATA_DIR = Path(__file__).parent / "data" / "people"
MEMO_KEY = "presslens.people"
# Surname particles: "Marine Le Pen" has surname "Le Pen", "Charles de Gaulle" has "de Gaulle".
PARTICLES = frozenset({"de", "du", "des", "la", "le", "d'", "van", "von", "der", "den", "da", "di",
                       "del", "dos", "ben", "bin", "al", "el", "ag", "ould", "abou", "abu"})
PLURAL_DETERMINERS = frozenset({"les", "des", "aux"})
# A bare name after these prepositions is more often a place ("à Charlotte", "en Virginie").
PLACE_PREPOSITIONS = frozenset({"à", "en", "au", "aux"})
# Words before a role that are not the role: "l'ancien président", "feu le roi".
QUALIFIERS = frozenset({"ancien", "ancienne", "ex", "feu", "actuel", "actuelle", "nouveau", "nouvelle"})
# Separators of an enumeration: "Bonnard, Corot, Degas et Manet".
LIST_SEPARATORS = frozenset({",", "et", "ou"})
NAME_CHARS = re.compile(r"^[A-ZÀ-ÖØ-Þ][\w'’.-]*$")


@dataclass(frozen=True)
class PeopleRules:
    """Word lists the people rules read (all folded to lower case)."""

    first_names: frozenset[str]
    stop_names: frozenset[str]
    titles: frozenset[str]
    org_words: frozenset[str]
    genitive_nouns: frozenset[str]
    group_nouns: frozenset[str]

    @classmethod
    def from_dir(cls, folder: Path = DATA_DIR) -> "PeopleRules":
        def words(name: str) -> frozenset[str]:
            return frozenset(fold(w) for w in read_list(folder / name))
        return cls(words("first_names.txt"), words("stop_names.txt"), words("titles.txt"),
                   words("org_words.txt"), words("genitive_nouns.txt"), words("group_nouns.txt"))


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


def fold(text: str) -> str:
    """Lower case, no accents, typographic apostrophe made straight: for comparing names."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'").casefold())
    return "".join(c for c in text if not unicodedata.combining(c))


# ---------------------------------------------------------------- 1. candidates

def is_capitalised(token) -> bool:
    return bool(NAME_CHARS.match(token.text))


def is_name_token(token, rules: PeopleRules) -> bool:
    """A token that can sit inside a person name: capitalised word, initial, or particle."""
    return is_capitalised(token) or (fold(token.text) in PARTICLES and token.i + 1 < len(token.doc)
                                     and is_capitalised(token.doc[token.i + 1]))


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
    """PER entities, and other entities that start with a known first name."""
    spans = []
    for ent in doc.ents:
        first = fold(ent[0].text)
        if ent.label_ == "PER" or (len(ent) > 1 and first in rules.first_names):
            spans.append(ent)
    return spans


def first_name_candidates(doc: Doc, rules: PeopleRules) -> list[Span]:
    """A known first name followed by capitalised words ("Keir Starmer", "Marine Le Pen")."""
    spans = []
    for tok in doc:
        if fold(tok.text) in rules.first_names and is_capitalised(tok):
            end = name_run(doc, tok.i, rules)
            if end - tok.i >= 2:
                spans.append(doc[tok.i:end])
    return spans


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
        start = tok.i
        while start > 0 and is_name_token(doc[start - 1], rules) and "\n" not in doc[start - 1].whitespace_:
            start -= 1
        if start < tok.i:
            spans.append(doc[start:tok.i])
    return spans


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
    """Drop leading titles, determiners and lower-case words, and trailing punctuation."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (fold(doc[start].text) in rules.titles or not is_capitalised(doc[start])
                           or fold(doc[start].text).split("-")[0] in rules.titles):
        start += 1
    while end > start and (doc[end - 1].is_punct or not is_capitalised(doc[end - 1])):
        end -= 1
    return doc[start:end] if end > start else None


def name_text(span: Span) -> str:
    """The name as written, with a glued trailing full stop removed ("X." -> "X")."""
    return span.text.rstrip(".").strip()


def is_group_or_org(span: Span, rules: PeopleRules) -> bool:
    """'des Fabius', 'les membres d'Ansar Eddine', 'Clark Art Institute': not one person."""
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    if before is not None and fold(before.text) in PLURAL_DETERMINERS and len(span) == 1:
        return True
    if before is not None and fold(before.text) in {"du", "au"}:  # "du Times", "au Figaro"
        return True
    if before is not None and fold(before.text) in {"d'", "de", "du"} and span.start > 1:
        if fold(doc[span.start - 2].text) in rules.group_nouns:
            return True
    end = name_run(doc, span.start, rules)
    return any(fold(t.text) in rules.org_words for t in doc[span.start:max(end, span.end)])


def is_rejected(span: Span, rules: PeopleRules) -> bool:
    text = name_text(span)
    words = text.split()
    return (not text or fold(text) in rules.stop_names or any(c.isdigit() for c in text)
            or (len(words) == 1 and text.isupper() and len(text) > 1)
            or len(words) > 5 or is_group_or_org(span, rules))


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
    """A name with no known first name listed among places is a place."""
    labels = list_neighbours(span.doc, span)
    return fold(span[0].text) not in rules.first_names and "LOC" in labels and "PER" not in labels


def place_names(doc: Doc) -> set[str]:
    """Single words the text uses as places: LOC entities and words after "à"/"en"."""
    places = {fold(e.text) for e in doc.ents if e.label_ == "LOC"}
    for tok in doc[1:]:
        if doc[tok.i - 1].lower_ in PLACE_PREPOSITIONS and is_capitalised(tok):
            places.add(fold(tok.text))
    return places


# ---------------------------------------------------------------- 3. merging

def split_name(name: str) -> tuple[list[str], list[str]]:
    """(given names, surname with its particles), folded: "Marine Le Pen" -> (["marine"], ["le", "pen"])."""
    words = fold(name).replace("'", "' ").split()
    i = len(words) - 1
    while i > 0 and words[i - 1] in PARTICLES:
        i -= 1
    return words[:i], words[i:]


def same_person(full_a: str, full_b: str) -> bool:
    """Two multi-word names of one person: same surname and compatible first names, or a typo."""
    given_a, surname_a = split_name(full_a)
    given_b, surname_b = split_name(full_b)
    if surname_a == surname_b and given_a and given_b:
        a, b = given_a[0].rstrip("."), given_b[0].rstrip(".")
        if a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b)):
            return True
    if given_a and given_b and given_a[0] == given_b[0]:
        ratio = difflib.SequenceMatcher(None, " ".join(surname_a), " ".join(surname_b)).ratio()
        return ratio >= 0.8
    if surname_a == surname_b and given_a and given_b:
        return difflib.SequenceMatcher(None, given_a[0], given_b[0]).ratio() >= 0.85
    return False


def group_full_names(counts: dict[str, int]) -> list[list[str]]:
    """Multi-word names grouped per person, most frequent (then longest) form first."""
    groups: list[list[str]] = []
    for name in sorted(counts, key=lambda n: (-len(n.split()), -counts[n], n)):
        for group in groups:
            if any(same_person(name, other) for other in group):
                group.append(name)
                break
        else:
            groups.append([name])
    return groups


def canonical_of(group: list[str], counts: dict[str, int]) -> str:
    """The fullest form, then the most used ("Miguel Neiva" over the typo "Miguel Nerva")."""
    full = [n for n in group if "." not in n]
    return max(full or group, key=lambda n: (len(n.split()), counts[n], -group.index(n)))


def merge_across_corpus(names: dict[str, int]) -> dict[str, str]:
    """Name -> canonical name over a corpus, given each name's mention count.

    Multi-word variants of one person merge (initials, typos); a single word goes to the one
    person whose surname it is, and stays as it is when it fits two ("Le Pen" with Jean-Marie
    and Marine). Every input name is a key; canonical names map to themselves.
    """
    full = {n: c for n, c in names.items() if len(n.split()) > 1}
    mapping = {n: n for n in names}
    canon_by_surname: dict[str, set[str]] = {}
    for group in group_full_names(full):
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


def name_forms(found: list[str]) -> list[Form]:
    """Every form to search for: full names, surnames, and first names used by one person only."""
    counts = {n: 1 for n in found}
    groups = group_full_names({n: 1 for n in found if len(split_name(n)[0]) > 0})
    forms: dict[str, set[str]] = {}
    canonicals = []
    for group in groups:
        canonical = canonical_of(group, counts)
        canonicals.append(canonical)
        for name in group:
            forms.setdefault(name, set()).add(canonical)
    for canonical in canonicals:
        surname = surname_as_written(canonical)
        forms.setdefault(surname, set()).add(canonical)
    given: dict[str, set[str]] = {}
    for canonical in canonicals:
        given.setdefault(canonical.split()[0], set()).add(canonical)
    result = [Form(t, tuple(sorted(p))) for t, p in forms.items()]
    result += [Form(t, tuple(p), True) for t, p in given.items() if len(p) == 1 and t not in forms]
    for name in found:
        if name not in forms and name not in given:
            result.append(Form(name, (name,)))
    return sorted(result, key=lambda f: -len(f.text))


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
    """'Clark' in 'Francine Clark Art Institute' names an institution."""
    tail = re.match(r"((?:\s+[A-ZÀ-Þ][\w'-]*)+)", text[end:])
    return bool(tail) and any(fold(w) in rules.org_words for w in tail.group(1).split())


def scan_mentions(text: str, forms: list[Form], rules: PeopleRules) -> list[tuple[int, int, Form]]:
    taken = [False] * (len(text) + 1)
    hits = []
    for form in forms:
        for m in form_pattern(form).finditer(text):
            if any(taken[m.start():m.end()]):
                continue
            if form.is_given_name and not given_name_stands_alone(text, m.end()):
                continue
            if inside_org_name(text, m.start(), m.end(), rules):
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
                              + enumeration_candidates(doc, rules), rules)
    weak = clean_candidates(entity_candidates(doc, rules) + first_name_candidates(doc, rules), rules)
    strong_names = {name_text(s) for s in strong}
    weak = [s for s in weak if name_text(s) in strong_names or not in_place_list(s, rules)]
    names = [name_text(s) for s in sorted(strong + weak, key=lambda s: s.start)]
    surnames = {split_name(n)[1][-1] for n in names if len(n.split()) > 1}
    places = place_names(doc)
    person_ents = {fold(e.text) for e in doc.ents if e.label_ == "PER"}
    return [n for n in dict.fromkeys(names) if n in strong_names or is_person_name(
        n, surnames, places, person_ents)]


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
    hits = scan_mentions(doc.text, name_forms(names), rules)
    by_person: dict[str, list[Mention]] = {}
    for mention in resolve_mentions(hits, doc.text):
        by_person.setdefault(mention.name, []).append(mention)
    people = [Person(name, tuple(ms)) for name, ms in by_person.items()]
    people.sort(key=lambda p: (-len(p.mentions), p.first_start))
    doc.user_data[MEMO_KEY] = people
    return people


def segment_kind(article: Article, offset: int) -> str:
    for seg in article.segments:
        if seg.start <= offset < seg.end:
            return seg.kind
    return "body"


class PeopleAnalyzer:
    name = "people"
    version = "1"
    components = ("ner", "morphologizer")

    def __init__(self, rules: PeopleRules) -> None:
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
