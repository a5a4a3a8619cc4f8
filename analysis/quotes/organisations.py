"""Organisations named in an article, with one canonical name each (speakers of communiqués, reports)."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from analysis.people import Mention, fold, named_organisations
from analysis.people import default_rules as default_people_rules
from analysis.quotes.rules import Quote, QuoteRules


def organisation_mentions(doc: Doc, people: list[Mention], quotes: list[Quote], rules: QuoteRules | None = None,
                          introduced: set[str] | None = None) -> list[tuple[int, int, str]]:
    """Organisations named outside quotes, as (start, end, canonical name).

    ORG entities and proper-noun MISC entities, cut at word ends ("Moody'" -> "Moody's"), leaving out
    role phrases the model tags ORG ("le ministre du Redressement productif" is a person); then every
    other occurrence of those names and of the names the text introduces as organisations ("le groupe
    islamiste Ansar Eddine", whatever the model tagged it); then names that abbreviate one
    another ("EELV", "Febelfin" = "Fédération belge du secteur financier") are one organisation,
    named by the form the article uses first."""
    text = doc.text
    person_chars = {i for m in people for i in range(m.start, m.end)}

    def free(start: int, end: int) -> bool:
        return (not person_chars.intersection(range(start, end))
                and not any(q.open_mark < start < q.close_mark for q in quotes))

    spans: dict[int, tuple[int, str]] = {}
    for ent in doc.ents:
        capitalised = any(t.text[:1].isupper() for t in ent)  # not "qu’on", "puisqu’" tagged MISC or ORG
        proper = all(t.pos_ == "PROPN" or t.is_upper or not t.is_alpha or t.is_stop for t in ent)
        if not capitalised or not (ent.label_ == "ORG" or (ent.label_ == "MISC" and proper and len(ent.text) > 2)):
            continue
        words = [t for t in ent if not (t.pos_ == "DET" and t.is_lower)]
        if not words or (rules is not None and rules.role_of(words[0]) and (words[0].is_lower or len(words) == 1)):
            continue  # "le ministre du Redressement productif"; "Porte-parole" opening a sentence
        start, end = words[0].idx, word_end(text, completed_end(doc, ent))
        if free(start, end):
            spans[start] = (end, text[start:end])
    if introduced is None:  # the caller may have found them already
        introduced = named_organisations(doc, default_people_rules())
    named = {n for n in introduced if len(n) > 1}
    names = {n for _, n in spans.values() if n[:1].isupper() and len(n) > 1} | named
    for name in sorted(names, key=lambda n: (-len(n), n)):  # the longest claims its span: "Human Rights Watch"
        for m in re.finditer(rf"(?<![\w-])(?<!\w\w['’]){re.escape(name)}(?![\w-])", text):
            if m.start() not in spans and free(m.start(), m.end()) and not any(
                    s <= m.start() < e or m.start() <= s < m.end() for s, (e, _) in spans.items()):
                spans[m.start()] = (m.end(), name)
    found = sorted((s, e, n) for s, (e, n) in spans.items())
    spelled = spelled_out(text)
    canonical = org_canonical_names([n for _, _, n in found], capitalised_runs(text) + spelled, text,
                                    tuple({m.text for m in people}), frozenset(spelled))
    return [(s, e, canonical.get(n, n)) for s, e, n in found]


def completed_end(doc: Doc, ent) -> int:
    """An entity the model stopped on a preposition ends after the capitalised words that follow:
    "Association des leaders religieux du" + "Mali"."""
    if ent[-1].lower_ not in ("de", "du", "des", "d'", "d’"):
        return ent.end_char
    i = ent.end
    while i < len(doc) and doc[i].text[:1].isupper() and doc[i].is_alpha:
        i += 1
    return doc[i - 1].idx + len(doc[i - 1].text) if i > ent.end else ent.end_char


def fullest_name(name: str, names: list[str]) -> str:
    """The longest of `names` that holds `name` as a run of whole words: "SUD" -> "SUD-PTT", "Les
    Verts" -> "Europe Écologie Les Verts", "police" -> "police madrilène" (GUIDELINES: one
    organisation, one name; the official gold names it by its fullest form)."""
    short = name_words(name)
    fuller = [n for n in names if len(name_words(n)) > len(short) and contains_run(name_words(n), short)]
    return max(fuller, key=lambda n: len(name_words(n)), default=name)


def name_words(name: str) -> list[str]:
    return [w for w in re.split(r"[\s'’-]+", fold(name)) if w]


def contains_run(words: list[str], run: list[str]) -> bool:
    return any(words[i:i + len(run)] == run for i in range(len(words) - len(run) + 1))


def word_end(text: str, end: int) -> int:
    """An entity that stops inside a word ends at the word's end: "Moody'" + "s"."""
    while end < len(text) and (text[end].isalnum() or (text[end] in "'’" and end + 1 < len(text)
                                                       and text[end + 1].isalnum() and text[end - 1].isalnum())):
        end += 1
    return end


def org_canonical_names(names: list[str], runs: list[str], text: str, people: tuple[str, ...] = (),
                        spelled: frozenset[str] = frozenset()) -> dict[str, str]:
    """Name -> the form of its organisation that the text uses first, or the full name the text
    spells an acronym out with, wherever it does (`spelled`: "prévient la CSQ. … la Centrale des
    syndicats du Québec (CSQ)"). Two names are one organisation when they fold to the same, or one
    abbreviates the other (`abbreviates`); a one-word name may also abbreviate a capitalised run of
    the text that is not an entity ("ONG Human Rights Watch")."""
    longs = list(dict.fromkeys(names + [r for whole in runs for r in word_suffixes(whole)]))
    longs = [o for o in longs if not any(fold(p) in fold(o) for p in people)]  # "AFP Jean-Philippe Magnen"
    canonical: dict[str, str] = {}
    for name in dict.fromkeys(names):
        same = [o for o in longs if o != name and (fold(o) == fold(name) or abbreviates(name, o)
                                                  or abbreviates(o, name))]
        if not same:
            continue
        forms = [name] + same
        first = min(forms, key=lambda f: (f not in spelled, first_offset(text, f), -len(f)))
        if first != name:
            canonical[name] = canonical.get(first, first)
    return canonical


def first_offset(text: str, name: str) -> int:
    m = re.search(rf"(?<![\w'’-]){re.escape(name)}(?![\w-])", text)
    return m.start() if m else len(text)


def abbreviates(short: str, long: str) -> bool:
    """'HRW' / 'Human Rights Watch', 'EELV' / 'Europe Écologie Les Verts', 'Febelfin' / 'Fédération
    belge du secteur financier': the one-word short form is the start of the long form's first word,
    then starts of some of its following words, in order, to the end of the short form."""
    if " " in short.strip() or len(short) < 2 or not short[:1].isupper():
        return False
    s = re.sub(r"[^\w]", "", fold(short))
    words = [w for w in re.split(r"[\s'’-]+", fold(long)) if w]
    if len(words) < 2 or len(s) < 2 or words[0].startswith(s) or s == "".join(words):
        return False  # "AFP" does not abbreviate "AFP Jean-Philippe Magnen"

    def match(i: int, k: int, used: int) -> bool:
        if i == len(s):
            return used >= 2
        for j in range(k, len(words)):
            w = words[j]
            for n in range(min(len(w), len(s) - i), 0, -1):
                if s[i:i + n] == w[:n] and match(i + n, j + 1, used + 1):
                    return True
            if j == 0:
                return False  # the first word is never skipped
        return False

    return match(0, 0, 0)


def capitalised_runs(text: str) -> list[str]:
    """Runs of 2+ capitalised words ("Human Rights Watch"), candidates for spelling out an acronym."""
    return [m.group(0) for m in re.finditer(r"[A-ZÀ-Þ][\w-]+(?:\s+[A-ZÀ-Þ][\w-]+)+", text)]


def spelled_out(text: str) -> list[str]:
    """'la Fédération autonome de l’enseignement (FAE)': the words before an acronym in parentheses
    that it abbreviates, fewest first, capitalised or not after their first word."""
    found = []
    for m in re.finditer(r"\(([A-ZÀ-Þ][A-ZÀ-Þ0-9&-]{1,9})\)", text):
        words = text[max(0, m.start() - 150):m.start()].split()
        for n in range(2, min(len(words), 9) + 1):
            candidate = " ".join(words[-n:]).strip(",;:")
            if candidate[:1].isupper() and abbreviates(m.group(1), candidate):
                found.append(candidate)
                break
    return found


def word_suffixes(run: str) -> list[str]:
    """'ONG Human Rights Watch' -> itself, 'Human Rights Watch', 'Rights Watch'."""
    words = run.split()
    return [" ".join(words[i:]) for i in range(len(words) - 1)]
