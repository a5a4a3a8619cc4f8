"""Direct quotes: spans between quote marks, their kind, their speaker and cue verb.

Stages:
1. `find_quote_spans`: pairs of « », “ ” and straight quotes (outermost only), trimmed as
   GUIDELINES.md says; offsets are in `article.text` (== doc.text);
2. `quote_kind`: speech (a top-level clause with its own subject), partial (a fragment that is
   someone's words) or other (titles, names, terms);
3. `find_speaker`: pull-quote attribution lines, incises ("», a-t-il promis", "affirme un manifestant,
   Abdel Nasser", "a ajouté le porte-parole de la police"), a reporting verb ending the sentence, the
   reporting verb before the quote, "selon X", continuation of the previous quote, the subject of the
   sentence. Descriptions ("le milliardaire", "l'ex-président") resolve through `Context.describe`: people
   named with that role in the article first, then prominent people with no other role, latest subject first;
   an unnamed spokesperson ("un porte-parole de la police") gives the organisation.

v3 (rules that generalise beyond the articles they were tuned on):
- organisations: entities cut at word ends ("Moody'" -> "Moody's"), every occurrence of a known name
  counted whatever the model tagged it, role phrases tagged ORG ("le ministre du Redressement
  productif") treated as descriptions of a person, names that abbreviate one another ("Febelfin" /
  "Fédération belge du secteur financier", "EELV") merged under the form the article uses first;
- subjects: the subject of an incise is the first noun phrase no preposition governs ("a répondu la
  porte-parole de la fédération à une question de la RTBF"); names inside a prepositional phrase
  are no subject ("son soutien à A. Montebourg"); "qui" stands for the name before its apposition;
  a period after an initial ("A. Montebourg") ends no sentence;
- context: a quote continues the previous speaker within the next paragraph if no one else is named
  in between; a quote that is a whole sentence with no attribution goes to the previous sentence's
  subject;
- kind: a quantity is a fragment, not a code; an imperative or an utterance after a colon is speech;
  a new sentence inside a quote resets the relative-clause guard; a lone word needs a source stated
  in its own sentence (else it is a term: « changement »).

v4 (kind between partial and other by a stated procedure, organisations, no over-assignment):
- kind (`quote_kind`): speech first; then other when the words before the quote present it as a name
  (`naming_cue`: naming verbs "baptisé", "intitulé", "la loi dite", passive "appelé"; title nouns "la loi",
  "le film"; label and rating nouns "le thème du", "la vigilance", "niveau"; "telles que") or it looks
  like a name or code; other when its only saying verb is negated ("n'a jamais parlé de « ... »"); else
  three words or more are borrowed wording (partial, with or without a source), and a word or two is
  partial only when its own sentence attributes it through a saying act (`saying_verb`, an incise,
  "selon", a continued quote; the subject of a verb that says nothing, "sont mis en examen pour
  « homicide involontaire »", does not); a fragment coordinated with the previous one shares its kind;
- organisations: institutions named by their noun phrase ("le fisc", "le Sénat", "le ministère de
  l'Intérieur"); "un représentant du groupe" -> the group introduced or last named; "selon eux" after
  "des représentants du groupe" -> that group; other plural pronouns are a group, no speaker;
- no over-assignment: a quote whose own sentence gives an unnamed source ("certains wikipédiens estiment
  que", "Pour le collectif de défense des femmes,") does not continue the previous speaker.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from analysis.models import AnalyzerResult, Article
from analysis.people import DATA_DIR as PEOPLE_DIR
from analysis.people import Mention, find_people, fold, read_list
from analysis.settings import Settings

DATA_DIR = Path(__file__).parent / "data" / "quotes"
CLOSERS = {"«": "»", "“": "”"}
STRAIGHT = '"'
TRIM = " \t\n\u00a0\u202f\u2009"
SUBJECT_PRONOUNS = frozenset({"je", "j'", "tu", "il", "elle", "on", "nous", "vous", "ils", "elles",
                              "c'", "ce", "ça", "cela", "ceci", "personne", "rien", "moi", "chacun"})
SUBJECT_ONLY_PRONOUNS = frozenset({"il", "elle", "ils", "elles"})  # never objects in French
THIRD_PERSON = frozenset({"il", "elle", "ils", "elles", "lui", "eux"})
PLURAL_PRONOUNS = frozenset({"ils", "elles", "eux"})
RELATIVES = frozenset({"qui", "que", "qu'", "dont", "lequel", "laquelle", "lesquels", "lesquelles",
                       "auquel", "auxquels", "auxquelles", "duquel", "desquels", "desquelles", "où"})
# Words that may sit between a closing mark and the verb of its incise: "», lui avait dit X".
INCISE_FILLERS = frozenset({",", "a", "avait", "aurait", "ont", "avaient", "lui", "leur", "nous", "vous",
                            "se", "s'", "l'", "en", "y", "-t", "t", "-t-il", "ne", "n'", "—", "-"})
# Title words of the people list that are qualifiers, not roles ("l'ancien président").
NOT_ROLES = frozenset({"ancien", "ancienne", "feu", "saint", "sainte", "premier", "m.", "mm.", "mme", "mmes",
                       "mlle", "monsieur", "madame", "mademoiselle"})
ER_ENDINGS = ("e", "ent", "é", "ée", "a", "èrent", "ait", "aient", "ant")
VERB_ENDINGS = ("é", "ée", "és", "ées", "e", "es", "ent", "ait", "a")
INDEFINITE = frozenset({"un", "une", "des", "d'"})
# Prepositions that make the following noun phrase an object, not the subject of an incise.
OBJECT_PREPOSITIONS = frozenset({"à", "au", "aux", "pour", "avec", "contre", "chez", "sur", "par", "envers"})
CLITICS = frozenset({"ne", "n'", "se", "s'", "lui", "leur", "y", "en", "l'", "le", "la", "les", "me", "m'", "nous", "vous"})
NOT_GOVERNING = frozenset({"selon", "après", "d'après", "d’après", "par", "comme"})
SOURCE_MARKERS = ("selon", "pour", "d'après", "d’après")
INTRODUCTION_WINDOW = 10  # tokens between 'la fédération' and the name it introduces
MAX_VERB_DISTANCE = 12  # tokens between a reporting verb and the quote it introduces
CONTINUATION_GAP = 80  # characters between two quotes of one speaker with no new attribution


@dataclass(frozen=True)
class QuoteRules:
    reporting_verbs: frozenset[str]  # lemmas
    org_nouns: frozenset[str]
    person_roles: frozenset[str]  # role words: "le président", "le milliardaire" is a person
    # Stems of 5+ letters: the small model mislemmatises some participles ("complimenté").
    reporting_stems: tuple[str, ...] = ()
    spokesperson_nouns: frozenset[str] = frozenset()  # "un porte-parole de la police" -> the police
    # Inflected forms of the -er verbs ("juge", "nota", "lâchèrent"), trusted only where the syntax
    # wants a verb (an incise right after the closing mark): the model tags "juge" a noun there.
    reporting_forms: frozenset[str] = frozenset()
    # Kind: what the words right before the opening mark say the quote is (`naming_cue`).
    title_nouns: frozenset[str] = frozenset()  # "la loi « ... »", "le film « ... »": a title
    label_nouns: frozenset[str] = frozenset()  # "la vigilance « orange »", "le thème du « ... »": a label
    term_nouns: frozenset[str] = frozenset()  # "le mot « ... »": a word in use, someone's if named
    naming_verbs: frozenset[str] = frozenset()  # "baptisé « ... »", "la loi dite « ... »": a name
    # Organisations named by the noun phrase itself: "le gouvernement malien", "le Sénat", "le fisc".
    institution_nouns: frozenset[str] = frozenset()

    @classmethod
    def build(cls, verbs, org_nouns, person_roles, spokesperson_nouns=(), title_nouns=(), label_nouns=(),
              term_nouns=(), naming_verbs=(), institution_nouns=()) -> QuoteRules:
        stems = {v[:-2] if v.endswith(("er", "ir", "re")) else v for v in verbs}
        forms = {v[:-2] + end for v in verbs if v.endswith("er") for end in ER_ENDINGS}
        folded = lambda words: frozenset(fold(w) for w in words)
        return cls(frozenset(verbs), folded(org_nouns), folded(person_roles) - NOT_ROLES,
                   tuple(sorted(s for s in stems if len(s) >= 5)), folded(spokesperson_nouns),
                   frozenset(forms), folded(title_nouns), folded(label_nouns), folded(term_nouns),
                   frozenset(naming_verbs), folded(institution_nouns))

    @classmethod
    def from_dir(cls, folder: Path = DATA_DIR) -> QuoteRules:
        return cls.build(read_list(folder / "reporting_verbs.txt"), read_list(folder / "org_nouns.txt"),
                         read_list(PEOPLE_DIR / "titles.txt") + read_list(folder / "person_nouns.txt"),
                         read_list(folder / "spokesperson_nouns.txt"), read_list(folder / "title_nouns.txt"),
                         read_list(folder / "label_nouns.txt"), read_list(folder / "term_nouns.txt"),
                         read_list(folder / "naming_verbs.txt"), read_list(folder / "institution_nouns.txt"))

    def role_of(self, token: Token) -> str | None:
        """'président', 'ex-président', 'milliardaire' -> the role noun it names, else None."""
        if token.pos_ not in ("NOUN", "PROPN", "ADJ"):
            return None
        for word in (fold(token.text), fold(token.lemma_)):
            word = word.removeprefix("ex-")
            if word in self.person_roles or word in self.spokesperson_nouns:
                return word
        return None

    def is_reporting(self, token: Token) -> bool:
        """Lemma in the list, or a lower-case verb-like form on a listed stem."""
        if token.lemma_.lower() in self.reporting_verbs:
            return True
        if token.pos_ not in ("VERB", "NOUN", "ADJ") or not token.is_lower:
            return False
        stem = next((s for s in self.reporting_stems if token.lower_.startswith(s)), None)
        # a short verb ending only: "complimenté", "ajoute", but not the noun "répétition"
        return stem is not None and (token.pos_ == "VERB" or (
            len(token.lower_) - len(stem) <= 3 and token.lower_.endswith(VERB_ENDINGS)))


@dataclass(frozen=True)
class Quote:
    start: int  # first character of the text between the marks (trimmed)
    end: int
    text: str
    kind: str = "other"
    speaker: str | None = None
    speaker_type: str | None = None
    cue: str | None = None
    open_mark: int = 0  # offset of the opening mark
    close_mark: int = 0
    rule: str | None = None  # which speaker rule decided (for error analysis; not exported)


# ---------------------------------------------------------------- 1. spans

def find_quote_spans(text: str) -> list[tuple[int, int]]:
    """(opening mark, closing mark) offsets of every outermost pair of quote marks.

    A closing mark with no opener is ignored; an opener never closed inside a pair is content.
    """
    stack: list[tuple[str, int]] = []
    pairs = []
    for i, ch in enumerate(text):
        if ch in CLOSERS:
            stack.append((ch, i))
        elif ch in CLOSERS.values() or (ch == STRAIGHT and any(m == STRAIGHT for m, _ in stack)):
            opener = STRAIGHT if ch == STRAIGHT else next(o for o, c in CLOSERS.items() if c == ch)
            depth = next((k for k in range(len(stack) - 1, -1, -1) if stack[k][0] == opener), None)
            if depth is not None:
                pairs.append((stack[depth][1], i))
                del stack[depth:]
        elif ch == STRAIGHT:
            stack.append((ch, i))
    pairs.sort()
    outermost = []
    for a, b in pairs:
        if not outermost or a > outermost[-1][1]:
            outermost.append((a, b))
    return outermost


def trimmed(text: str, open_mark: int, close_mark: int) -> tuple[int, int]:
    start, end = open_mark + 1, close_mark
    while start < end and text[start] in TRIM:
        start += 1
    while end > start and text[end - 1] in TRIM:
        end -= 1
    return start, end


# ---------------------------------------------------------------- 2. kind

@lru_cache(maxsize=1)
def default_rules() -> QuoteRules:
    return QuoteRules.from_dir()


def quote_tokens(doc: Doc, quote: Quote) -> Span | None:
    return doc.char_span(quote.start, quote.end, alignment_mode="expand")


def has_own_clause(span: Span) -> bool:
    """A finite verb whose subject is inside the quote, not in a relative or "que" clause."""
    doc = span.doc
    in_relative = False  # "Qu'ils disent ce qu'ils disent… je sais qu'ils ...": a new sentence starts over
    for tok in span:
        if tok.text in (".", "!", "?", "…", ";", ":") or tok.text.startswith("..."):
            in_relative = False
            continue
        if tok.lower_ in RELATIVES:
            in_relative = True
        if in_relative:
            continue
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else tok
        if is_subject(tok) and nxt.lower_ not in RELATIVES and (
                any(is_finite(v) for v in doc[tok.i + 1:min(tok.i + 6, span.end)])
                or (is_finite(tok.head) and tok.i < tok.head.i < span.end)
                or (tok.head.i < span.end and any(is_finite(c) and c.dep_ in ("cop", "aux", "aux:pass", "aux:tense")
                                                  for c in tok.head.children))):
            return True
    return False


def is_imperative(span: Span) -> bool:
    """'Imaginez un monde sans connaissance libre': a clause with no subject, opening on a verb in the
    imperative (or a second-person form the model did not mark)."""
    first = span[0]
    if first.pos_ not in ("VERB", "AUX") or not first.text[:1].isupper():
        return False
    return "Imp" in first.morph.get("Mood") or first.lower_.endswith(("ez", "ons"))


def introduced_by_colon(text: str, quote: Quote) -> bool:
    return text[:quote.open_mark].rstrip().endswith(":")


def starts_with_clause(span: Span) -> bool:
    """'le nombre de centres ... est élevé': a noun phrase, then a finite verb before any relative.

    The parser often hangs a quote's first noun on the quote mark, so its subject link is lost.
    """
    if span[0].pos_ not in ("DET", "NOUN", "PROPN"):
        return False
    for tok in span[1:]:
        if tok.lower_ in RELATIVES or tok.text in (",", ":", ";"):
            return False
        if is_finite(tok):
            return True
    return False


def is_subject(tok: Token) -> bool:
    if tok.is_punct or tok.lower_ in RELATIVES:
        return False
    return tok.lower_ in SUBJECT_PRONOUNS or tok.dep_ in ("nsubj", "nsubj:pass", "expl:subj")


def is_finite(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX") and "Fin" in tok.morph.get("VerbForm") and tok.is_alpha


def looks_like_name_or_code(text: str) -> bool:
    """'La Petite danseuse de quatorze ans', 'Quantal Quetzal', 'A3': short titles, names and codes."""
    words = text.split()
    # a code mixes letters and digits in one word ("A3", "3DS"); "750 millions" is a quantity someone gave
    code = any(any(c.isdigit() for c in w) and any(c.isalpha() for c in w) for w in words)
    return len(words) <= 8 and (text[:1].isupper() or (len(words) <= 3 and code))


def quote_kind(doc: Doc, quote: Quote, has_speaker: bool, stated: bool | None = None,
               rules: QuoteRules | None = None, cue: str | None = None) -> str:
    """The kind decision, in order (GUIDELINES.md "Kind"):

    1. speech: a top-level clause with its own subject, an imperative, an utterance after a colon,
       a quoted paragraph;
    2. other, whatever the speaker, when the words before the quote present it as a name rather than
       as someone's words (`naming_cue`): a naming verb ("baptisé", "intitulé", "la loi dite"), a title
       noun ("la loi", "le film"), a label or rating noun ("le thème du", "la vigilance", "niveau"), an
       enumeration of examples ("des pages telles que"); or when the text looks like a name or code
       (capitalised, "A3");
    3. other when the only saying verb is negated ("n'a jamais prononcé le mot « ... »"): words no
       one said are not reported speech (`cue` == "negated");
    4. partial: a fragment of three words or more is borrowed wording, with or without a source;
    5. a word or two is someone's words (partial) only when its own sentence attributes it (`stated`:
       an incise, a reporting verb governing it, "selon X", a quote it continues, or a term noun with a
       named user: "l'étiquette de « communiste »"); else it is a term or a scare quote (other).

    `has_speaker`: some speaker was found; `stated`: an attribution of the quote itself (defaults to
    `has_speaker`); `cue`: what `naming_cue` found, if the caller already looked."""
    span = quote_tokens(doc, quote)
    if span is None or not quote.text:
        return "other"
    if has_own_clause(span) or starts_with_clause(span) or is_imperative(span):
        return "speech"
    if introduced_by_colon(doc.text, quote) and quote.text[:1].isupper() and len(quote.text.split()) >= 3:
        return "speech"  # "il avait lâché : « Eh oui, mon petit Jean-Mimi ! »": an utterance of its own
    if stands_alone(doc.text, quote) and quote.text[:1].isupper() and len(quote.text.split()) >= 4:
        return "speech"  # a quoted paragraph or pull quote is a statement of its own
    cue = naming_cue(doc, span, rules or default_rules()) if cue is None else cue
    if cue in ("name", "negated") or looks_like_name_or_code(quote.text):
        return "other"
    stated = has_speaker if stated is None else stated
    if cue == "term":
        stated = has_speaker
    if len(quote.text.split()) >= 3 or stated:
        return "partial"
    return "other"


def naming_cue(doc: Doc, span: Span, rules: QuoteRules) -> str | None:
    """What the words right before the quote make of it: "name" (a title, name, label or rating),
    "term" (a word in use: "le mot", "l'étiquette de"), or None.

    Articles, "de"/"du"/"d'" and adjectives between the cue and the mark are skipped ("le thème du
    « changement »", "sous le nom de « ... »", "la prochaine version « ... »")."""
    i = span.start - 2  # span.start - 1 is the opening mark
    while i >= 0 and (doc[i].pos_ == "DET" or doc[i].lower_ in ("de", "du", "des", "d'", "d’", "l'", "l’",
                                                                  "le", "la", "les", "un", "une")
                      or (doc[i].pos_ == "ADJ" and doc[i].is_lower and i < span.start - 2)):
        i -= 1
    if i < 0:
        return None
    tok = doc[i]
    words = {fold(tok.text), fold(tok.lemma_)}
    prev = doc[i - 1] if i > 0 else None
    if words & rules.label_nouns:
        return "name"
    if words & rules.title_nouns and not (span[0].pos_ == "ADJ" and span[0].is_lower):
        return "name"  # "la loi « Sur l'information »", but not "un accord « historique »"
    if words & rules.term_nouns:
        return "term"
    said = "dire" if fold(tok.text) in ("dit", "dite", "dits", "dites") and "dire" in rules.naming_verbs else None
    verb = said or next((w for w in words if w in rules.naming_verbs), None) or next(
        (v for v in rules.naming_verbs if v.endswith("er") and tok.pos_ != "NOUN" and fold(tok.text).startswith(
            fold(v[:-2])) and len(tok.text) - len(v) <= 2), None)  # "baptisée", "appelle"; lemmas may be off
    if verb == "dire":  # "la loi dite « ... »", not "il a dit « ... »"
        verb = verb if tok.lower_ in ("dit", "dite", "dits", "dites") and prev is not None and prev.pos_ in (
            "NOUN", "PROPN") else None
    elif verb == "appeler":  # "un code appelé « X »", "ce qu'on appelle « X »", not "il l'a appelée la « ... »"
        verb = verb if prev is None or prev.lower_ == "on" or prev.pos_ in ("NOUN", "PROPN", "PUNCT") else None
    if verb:
        return "name"
    if tok.lower_ in ("que", "qu'") and prev is not None and fold(prev.text) in ("tel", "telle", "tels", "telles"):
        return "name"  # "des pages telles que « suicide »": examples named, not words said
    return None


def is_negated(verb: Token) -> bool:
    """'n'a jamais dit', 'ne pouvait pas prononcer', 'sans dire': a saying that did not happen."""
    doc = verb.doc
    negations = ("pas", "jamais", "plus", "guère", "point", "aucunement", "nullement")

    def negated(tok: Token) -> bool:
        return any(c.lower_ in negations for c in tok.children) or (
            tok.i > 0 and doc[tok.i - 1].lower_ in negations and any(
                t.lower_ in ("ne", "n'", "n’") for t in doc[max(0, tok.i - 4):tok.i]))

    if negated(verb) or (verb.i > 0 and doc[verb.i - 1].lower_ == "sans"):
        return True
    head = verb.head  # "ne pouvait pas dire": the negation sits on the modal governing the infinitive
    return ("Inf" in verb.morph.get("VerbForm") and head is not verb
            and head.lemma_ in ("pouvoir", "vouloir", "devoir", "oser", "savoir", "interdire", "refuser")
            and (negated(head) or head.lemma_ in ("interdire", "refuser")))


# ---------------------------------------------------------------- 3. speaker

@dataclass(frozen=True)
class Speaker:
    name: str
    type: str  # "person" | "organisation"
    cue: str | None = None
    verb: int | None = None  # the reporting verb's token index, for `verb_before`
    stated: bool = False  # an attribution in the quote's own sentence that governs it
    rule: str | None = None


class Context:
    """What speaker rules look up in one article: people, organisations, salient subjects."""

    def __init__(self, article: Article, doc: Doc, rules: QuoteRules, quotes: list[Quote]):
        self.doc, self.rules, self.text = doc, rules, doc.text
        people = [m for p in find_people(article, doc) for m in p.mentions]
        self.quotes = quotes
        self.mentions = sorted(people + unlisted_names(doc, people, quotes), key=lambda m: m.start)
        self.bounds = sentence_bounds(self.text, quotes)
        self.orgs = organisation_mentions(doc, self.mentions, quotes, rules)
        self.salient: list[tuple[int, Speaker]] = [
            (m.start, Speaker(m.name, "person")) for m in self.mentions if self.is_salient(m)]
        self.roles: dict[str, set[str]] = role_links(doc, self.mentions, rules)  # said in the text
        self.learned: dict[str, set[str]] = {}  # descriptions already resolved to a person
        self.descriptions = description_subjects(doc, rules, quotes)

    def sentence_at(self, offset: int) -> Span | None:
        """The sentence holding this character, as a token span."""
        start = max([b for b in self.bounds if b <= offset], default=0)
        end = min(b for b in self.bounds if b > offset)
        return self.doc.char_span(start, end, alignment_mode="expand")

    def inside_quote(self, offset: int) -> bool:
        return any(q.open_mark < offset < q.close_mark for q in self.quotes)

    def is_salient(self, mention: Mention) -> bool:
        """A name that is a clause subject or a stated source: what "il" refers back to."""
        span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None or self.inside_quote(mention.start):
            return False
        if in_parentheses(self.text, mention.start):  # an aside is not what the text goes on about
            return False
        before = self.doc[span.start - 1].lower_ if span.start > 0 else ""
        after = self.doc[span.end] if span.end < len(self.doc) else span[-1]
        objects = OBJECT_PREPOSITIONS - {"par"}  # "par Christian Jacob": the agent, what "il" goes on with
        if before in objects or (before in ("l'", "le", "la") and span.start > 1
                                 and self.doc[span.start - 2].lower_ in objects):
            return False
        return (span.root.dep_.startswith("nsubj") or before in SOURCE_MARKERS
                or (after.pos_ in ("VERB", "AUX") and span.start > 0 and self.doc[span.start - 1].pos_ != "VERB")
                or is_subject_apposition(span))

    def person_at(self, token: Token) -> Speaker | None:
        for m in self.mentions:
            if m.start <= token.idx < m.end:
                return Speaker(m.name, "person")
        return None

    def org_at(self, token: Token) -> Speaker | None:
        for start, end, name in self.orgs:
            if start <= token.idx < end:
                return Speaker(name, "organisation")
        return None

    def last_salient(self, offset: int) -> Speaker | None:
        """The latest subject person (or resolved speaker), else the latest person, else organisation."""
        before = [(start, s) for start, s in self.salient if start < offset]
        last = before[-1][0] if before else -1
        described = [t for t in self.descriptions if last < t.idx < offset]
        if described:  # "Une perspective séduisante pour l'ex-président, qui a félicité Musk"
            found = self.describe(described[-1], self.rules.role_of(described[-1]))
            if found:
                self.remember(described[-1].idx, found)
                return found
        if before:
            return before[-1][1]
        named = [m for m in self.mentions if m.start < offset and not self.inside_quote(m.start)]
        return Speaker(named[-1].name, "person") if named else self.last_org(offset)

    def last_org(self, offset: int) -> Speaker | None:
        before = [name for start, _, name in self.orgs if start < offset]
        return Speaker(before[-1], "organisation") if before else None

    def org_introduced_by(self, noun_lemma: str, offset: int) -> Speaker | None:
        """'le quotidien' -> the organisation the text introduced with that noun: 'le quotidien français
        Le Figaro', 'la fédération des banques, Febelfin' (the noun phrase right before the name, in
        the same clause), else the latest organisation whose own name holds the noun ('la Fédération
        belge du secteur financier')."""
        for start, end, name in reversed(self.orgs):
            if start >= offset:
                continue
            span = self.doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            for tok in reversed(self.doc[max(0, span.start - INTRODUCTION_WINDOW):span.start]):
                if tok.text in (".", ";", ":", "«", "»", "(", ")") or "\n" in tok.text or is_finite(tok):
                    break
                if fold(tok.lemma_) == noun_lemma or fold(tok.text) == noun_lemma:
                    return Speaker(name, "organisation")
        for start, end, name in reversed(self.orgs):
            if start < offset and noun_lemma in fold(self.text[start:end]).split():
                return Speaker(name, "organisation")
        return None

    def remember(self, offset: int, speaker: Speaker) -> None:
        """A resolved speaker becomes the latest thing "il" can refer to."""
        self.salient.append((offset, speaker))
        self.salient.sort(key=lambda pair: pair[0])

    def describe(self, noun: Token, role: str) -> Speaker | None:
        """The person a definite description stands for: 'le patron de SpaceX', 'l'ex-président'.

        First the people the article names with this role ("le président Trump", "Gérald Karsenti,
        PDG de HP"); else the people named with no other role, leaving out asides in parentheses;
        among them the latest subject (or resolved speaker) before the description, else the latest named.
        """
        offset = noun.idx
        before = [m for m in self.mentions if m.start < offset]
        if not before:
            return None
        counts: dict[str, int] = {}
        for m in before:
            counts[m.name] = counts.get(m.name, 0) + 1
        named = set(counts)
        visible = {m.name for m in before if not in_parentheses(self.text, m.start)} or named
        prominent = {n for n in visible if 2 * counts[n] >= max(counts[v] for v in visible)}
        free = {n for n in named if not self.roles.get(n, set()) - {role}}
        tiers = [{n for n in named if role in self.roles.get(n, set()) | self.learned.get(n, set())},
                 free & prominent, prominent, visible]
        linked = next(t for t in tiers + [named] if t)
        subjects = [s for start, s in self.salient if start < offset and s.name in linked]
        if subjects:
            found = subjects[-1]
        else:
            latest = {m.name: m.start for m in before}
            found = Speaker(max(linked, key=lambda n: (counts[n], latest[n])), "person")
        self.learned.setdefault(found.name, set()).add(role)
        return found


def organisation_mentions(doc: Doc, people: list[Mention], quotes: list[Quote],
                          rules: QuoteRules | None = None) -> list[tuple[int, int, str]]:
    """Organisations named outside quotes, as (start, end, canonical name).

    ORG entities and proper-noun MISC entities, cut at word ends ("Moody'" -> "Moody's"), leaving out
    role phrases the model tags ORG ("le ministre du Redressement productif" is a person); then every
    other occurrence of those names, whatever the model tagged it; then names that abbreviate one
    another ("EELV", "Febelfin" = "Fédération belge du secteur financier") are one organisation,
    named by the form the article uses first."""
    text = doc.text
    person_chars = {i for m in people for i in range(m.start, m.end)}

    def free(start: int, end: int) -> bool:
        return (not person_chars.intersection(range(start, end))
                and not any(q.open_mark < start < q.close_mark for q in quotes))

    spans: dict[int, tuple[int, str]] = {}
    for ent in doc.ents:
        proper = all(t.pos_ == "PROPN" or t.is_upper or not t.is_alpha or t.is_stop for t in ent)
        if not (ent.label_ == "ORG" or (ent.label_ == "MISC" and proper and len(ent.text) > 2)):
            continue
        words = [t for t in ent if not (t.pos_ == "DET" and t.is_lower)]
        if not words or (rules is not None and words[0].is_lower and rules.role_of(words[0])):
            continue
        start, end = words[0].idx, word_end(text, ent.end_char)
        if free(start, end):
            spans[start] = (end, text[start:end])
    for name in {n for _, n in spans.values() if n[:1].isupper() and len(n) > 1}:
        for m in re.finditer(rf"(?<![\w'’-]){re.escape(name)}(?![\w-])", text):
            if m.start() not in spans and free(m.start(), m.end()) and not any(
                    s <= m.start() < e or m.start() <= s < m.end() for s, (e, _) in spans.items()):
                spans[m.start()] = (m.end(), name)
    found = sorted((s, e, n) for s, (e, n) in spans.items())
    canonical = org_canonical_names([n for _, _, n in found], capitalised_runs(text), text,
                                    tuple({m.text for m in people}))
    return [(s, e, canonical.get(n, n)) for s, e, n in found]


def word_end(text: str, end: int) -> int:
    """An entity that stops inside a word ends at the word's end: "Moody'" + "s"."""
    while end < len(text) and (text[end].isalnum() or (text[end] in "'’" and end + 1 < len(text)
                                                       and text[end + 1].isalnum() and text[end - 1].isalnum())):
        end += 1
    return end


def org_canonical_names(names: list[str], runs: list[str], text: str, people: tuple[str, ...] = ()) -> dict[str, str]:
    """Name -> the form of its organisation that the text uses first. Two names are one organisation
    when they fold to the same, or one abbreviates the other (`abbreviates`); a one-word name may
    also abbreviate a capitalised run of the text that is not an entity ("ONG Human Rights Watch")."""
    longs = list(dict.fromkeys(names + [r for whole in runs for r in word_suffixes(whole)]))
    longs = [o for o in longs if not any(fold(p) in fold(o) for p in people)]  # "AFP Jean-Philippe Magnen"
    canonical: dict[str, str] = {}
    for name in dict.fromkeys(names):
        same = [o for o in longs if o != name and (fold(o) == fold(name) or abbreviates(name, o)
                                                  or abbreviates(o, name))]
        if not same:
            continue
        forms = [name] + same
        first = min(forms, key=lambda f: (first_offset(text, f), -len(f)))
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


def in_parentheses(text: str, offset: int) -> bool:
    """Inside an aside "( ... )" of the same paragraph."""
    line_start = text.rfind("\n", 0, offset)
    return text.rfind("(", line_start + 1, offset) > text.rfind(")", line_start + 1, offset)


def is_subject_apposition(span: Span) -> bool:
    """'Le maire de New York, Michael Bloomberg, appelle': a name between commas before the verb."""
    doc = span.doc
    if span.start == 0 or doc[span.start - 1].text != "," or span.end >= len(doc) or doc[span.end].text != ",":
        return False
    # the verb right after the comma, clitics and negation aside: not "avec son complice, Jean-Michel
    # Larqué, sa disparition a plongé ...", where the name sits in a prepositional phrase
    i = span.end + 1
    while i < len(doc) and doc[i].lower_ in CLITICS:
        i += 1
    return i < len(doc) and doc[i].pos_ in ("VERB", "AUX") and "Fin" in doc[i].morph.get("VerbForm")


def unlisted_names(doc: Doc, people: list[Mention], quotes: list[Quote]) -> list[Mention]:
    """Person entities of two words or more that the people rules left out ("Alberto Ruiz-Gallardón")."""
    taken = {i for m in people for i in range(m.start, m.end)}
    found = []
    for ent in doc.ents:
        words = [t for t in ent if t.is_alpha or "-" in t.text]
        if (ent.label_ == "PER" and len(ent.text.split()) >= 2 and all(t.text[:1].isupper() for t in words)
                and "\n" not in ent.text and not taken.intersection(range(ent.start_char, ent.end_char))
                and not any(q.open_mark < ent.start_char < q.close_mark for q in quotes)):
            found.append(Mention(ent.text, ent.start_char, ent.end_char, ent.text))
    for tok in doc:  # "le ministre de la Justice Alberto Ruiz-Gallardón": a name after a role
        if tok.pos_ != "NOUN" or not tok.is_lower or tok.i + 2 >= len(doc):
            continue
        i = tok.i + 1
        if doc[i].lower_ in ("de", "du", "des", "d'"):  # one-word complement: "de la Justice"
            i += 1
            while i < len(doc) and doc[i].pos_ == "DET":
                i += 1
            i += 1
        j = i
        while j < len(doc) and (doc[j].text[:1].isupper() and doc[j].is_alpha or doc[j].text == "-"):
            j += 1
        name = doc[i:j] if j - i >= 2 else None
        if (name is not None and name[0].is_alpha and name[-1].is_alpha and name[0].pos_ == "PROPN"
                and not taken.intersection(range(name.start_char, name.end_char))
                and not any(m.start <= name.start_char < m.end for m in found)
                and not any(q.open_mark < name.start_char < q.close_mark for q in quotes)
                and j < len(doc) and (doc[j].pos_ in ("VERB", "AUX") or doc[j].text == ",")):
            found.append(Mention(name.text, name.start_char, name.end_char, name.text))
    return found


def description_subjects(doc: Doc, rules: QuoteRules, quotes: list[Quote]) -> list[Token]:
    """Definite singular role nouns that are clause subjects, or antecedents of "qui", outside
    quotes: 'Le milliardaire a évoqué', 'pour l'ex-président, qui a félicité Musk'."""
    found = []
    for tok in doc:
        if (rules.role_of(tok) is None or not tok.is_lower or "Plur" in tok.morph.get("Number")
                or any(q.open_mark < tok.idx < q.close_mark for q in quotes)):
            continue
        nxt = [t.lower_ for t in doc[tok.i + 1:tok.i + 3]]
        if is_indefinite(tok) or not (tok.dep_.startswith("nsubj") or nxt[:1] == ["qui"] or nxt == [",", "qui"]):
            continue
        found.append(tok)
    return found


def role_links(doc: Doc, mentions: list[Mention], rules: QuoteRules) -> dict[str, set[str]]:
    """Person -> role nouns the article names them with, in apposition or right before the name:
    'le président américain Joe Biden', 'Le maire de New York, Michael Bloomberg,',
    'Gérald Karsenti, PDG de HP France', 'Hassan, un autre manifestant'."""
    links: dict[str, set[str]] = {}
    for m in mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        i = span.start - 1
        while i >= 0 and fold(doc[i].text) in NOT_ROLES:  # "M. Ayrault"
            i -= 1
        comma = i >= 0 and doc[i].text == ","
        for k in range(i - 1 if comma else i, max(-1, i - 8), -1):
            tok = doc[k]
            if tok.is_punct or tok.pos_ in ("VERB", "AUX", "PRON") or "\n" in tok.text:
                break
            role = rules.role_of(tok)
            if role:
                links.setdefault(m.name, set()).add(role)
                break
        if span.end + 1 < len(doc) and doc[span.end].text == ",":
            for tok in doc[span.end + 1:span.end + 4]:
                role = rules.role_of(tok)
                if role:
                    links.setdefault(m.name, set()).add(role)
                    break
                if tok.pos_ not in ("DET", "ADJ"):
                    break
    return links


def capitalised_runs(text: str) -> list[str]:
    """Runs of 2+ capitalised words ("Human Rights Watch"), candidates for spelling out an acronym."""
    return [m.group(0) for m in re.finditer(r"[A-ZÀ-Þ][\w-]+(?:\s+[A-ZÀ-Þ][\w-]+)+", text)]


def word_suffixes(run: str) -> list[str]:
    """'ONG Human Rights Watch' -> itself, 'Human Rights Watch', 'Rights Watch'."""
    words = run.split()
    return [" ".join(words[i:]) for i in range(len(words) - 1)]


SENTENCE_END = re.compile(r"[.!?…](?=\s)|(?<=[»”])\.(?=[A-ZÀ-Þ])|\n")  # "».Pour le collectif": a missing space


def sentence_bounds(text: str, quotes: list[Quote]) -> list[int]:
    """Offsets where sentences end: final punctuation or a line break, never inside a quote.

    The small model's sentence splitter breaks at commas and names too often to be relied on.
    """
    inside = [False] * (len(text) + 1)
    for q in quotes:
        inside[q.open_mark:q.close_mark] = [True] * (q.close_mark - q.open_mark)
    return [m.end() for m in SENTENCE_END.finditer(text)
            if not inside[m.start()] and not is_initial(text, m.start())] + [len(text)]


def is_initial(text: str, dot: int) -> bool:
    """'A. Montebourg', 'M. Baupin': a period after one capital letter ends no sentence."""
    return (text[dot] == "." and dot >= 1 and text[dot - 1].isupper()
            and (dot < 2 or not text[dot - 2].isalpha()))


def is_third_person(token: Token) -> bool:
    """'il', 'lui', and the inverted '-il' / '-t-il' of an incise."""
    return token.lower_.split("-")[-1] in THIRD_PERSON


def is_inverted_pronoun(token: Token) -> bool:
    return token.text.startswith("-") and is_third_person(token)


def resolve_pronoun(ctx: Context, offset: int, token: Token | None = None) -> Speaker | None:
    """'il', 'elle': the latest salient subject; 'ils', 'eux': see `plural_antecedent`."""
    if token is not None and token.lower_.split("-")[-1] in PLURAL_PRONOUNS:
        return plural_antecedent(ctx, offset)
    return ctx.last_salient(offset)


def plural_antecedent(ctx: Context, offset: int) -> Speaker | None:
    """'Des représentants du groupe ont réagi. Selon eux, « ... »': a plural pronoun is the
    organisation of the latest plural subject that speaks for one (représentants, dirigeants ...),
    in its sentence or the one before; any other group ('les deux hommes') is no one speaker."""
    start = ctx.sentence_at(offset)
    if start is None:
        return None
    previous = ctx.sentence_at(max(0, start.start_char - 2)) if start.start_char > 0 else None
    floor = previous.start if previous is not None else start.start
    doc = ctx.doc
    for tok in reversed(doc[floor:start.end]):
        if tok.idx >= offset or ctx.inside_quote(tok.idx):
            continue
        if tok.pos_ in ("NOUN", "PROPN") and "Plur" in tok.morph.get("Number") and tok.dep_.startswith("nsubj"):
            role = ctx.rules.role_of(tok)
            return complement_org(ctx, tok) if role in ctx.rules.spokesperson_nouns else None
    return None


def is_indefinite(noun: Token) -> bool:
    """'un porte-parole', 'un jeune manifestant': someone the text does not name."""
    doc = noun.doc
    i = noun.i - 1
    while i >= 0 and doc[i].pos_ == "ADJ":
        i -= 1
    return i >= 0 and doc[i].lower_ in INDEFINITE


def complement_org(ctx: Context, noun: Token) -> Speaker | None:
    """'(le porte-parole) de la police madrilène' -> police madrilène; 'de la chaîne' -> the
    organisation introduced as 'la chaîne ... France 24'."""
    doc = ctx.doc
    i = noun.i + 1
    if i >= len(doc) or doc[i].lower_ not in ("de", "du", "des", "d'"):
        return None
    i += 1
    while i < len(doc) and doc[i].pos_ == "DET":
        i += 1
    if i >= len(doc):
        return None
    head = doc[i]
    found = ctx.org_at(head)
    if found:
        return found
    lemma = fold(head.lemma_)
    if lemma in ctx.rules.institution_nouns:
        return institution_name(ctx, head)
    if lemma in ctx.rules.org_nouns:  # "un représentant du groupe": the group the article is about
        introduced = ctx.org_introduced_by(lemma, head.idx)
        after = doc[i + 1] if i + 1 < len(doc) else head
        if introduced or after.text[:1].isupper() or after.pos_ == "DET":
            return introduced  # "du collectif la Quadrature du Net": a name the model missed, not the last one
        return ctx.last_org(head.idx)
    if head.pos_ == "NOUN" and head.is_lower:
        words = [head.text] + [t.text for t in doc[i + 1:i + 2] if t.pos_ == "ADJ" and t.is_lower]
        return Speaker(" ".join(words), "organisation")
    return None


def institution_name(ctx: Context, noun: Token) -> Speaker:
    """'le gouvernement malien', 'la police madrilène', 'le Sénat', 'l'Assemblée nationale', 'le
    ministère de l'Intérieur': an institution is named by its noun, one adjective or a capitalised
    complement."""
    doc = ctx.doc
    words = [noun.text]
    nxt = doc[noun.i + 1] if noun.i + 1 < len(doc) else None
    if nxt is not None and nxt.pos_ == "ADJ" and not ctx.inside_quote(nxt.idx):
        words.append(nxt.text)
    elif nxt is not None and nxt.lower_ in ("de", "du", "des", "d'", "d’"):
        j = noun.i + 2
        article = [t.text_with_ws for t in doc[noun.i + 1:j]]
        while j < len(doc) and doc[j].pos_ == "DET" or (j < len(doc) and doc[j].lower_ in ("l'", "l’", "la", "le")):
            article.append(doc[j].text_with_ws)
            j += 1
        if j < len(doc) and doc[j].text[:1].isupper() and doc[j].is_alpha:
            return Speaker(doc[noun.i:j + 1].text, "organisation")
    return Speaker(" ".join(words), "organisation")


def noun_phrase_speaker(ctx: Context, noun: Token) -> Speaker | None:
    """'le syndicat SUD' -> SUD; 'le gouvernement malien' -> that phrase; 'l'ONG' -> the last
    organisation named; 'le patron de SpaceX' -> the person it describes; 'un porte-parole de la police'
    -> the police."""
    phrase = [t for t in noun.subtree if t.i >= noun.i and not ctx.inside_quote(t.idx)]
    person = next((p for p in map(ctx.person_at, phrase) if p), None)
    if person:
        return person
    named = name_after(ctx, noun)
    if named:  # "le quotidien El Punt Avui", "le syndicat SUD": the parser may not attach the name
        return named
    lemma = fold(noun.lemma_)
    role = ctx.rules.role_of(noun)
    if role in ctx.rules.spokesperson_nouns:
        # a spokesperson the article named with that role ("Jean-Philippe Magnen, le porte-parole du
        # parti"): that person; an unnamed one: the organisation of its complement ("la porte-parole
        # de la fédération")
        named_with_role = {m.name for m in ctx.mentions if m.start < noun.idx and role in ctx.roles.get(m.name, ())}
        if named_with_role and not is_indefinite(noun):
            return ctx.describe(noun, role)
        found = complement_org(ctx, noun)
        if found or role not in ctx.rules.org_nouns:
            return found
    elif role is not None:
        return None if is_indefinite(noun) else ctx.describe(noun, role)
    org = next((o for o in map(ctx.org_at, phrase) if o), None)
    if org:
        return org
    if lemma in ctx.rules.institution_nouns:  # "le gouvernement malien" is named by the phrase itself
        return institution_name(ctx, noun)
    if lemma in ctx.rules.org_nouns:
        return ctx.org_introduced_by(lemma, noun.idx) or ctx.last_org(noun.idx)
    return None


def name_after(ctx: Context, noun: Token) -> Speaker | None:
    """The name right after a common noun and its adjectives: 'le quotidien français Le Figaro'."""
    doc = ctx.doc
    i = noun.i + 1
    while i < len(doc) and doc[i].pos_ == "ADJ" and doc[i].is_lower:
        i += 1
    if i < len(doc) and not ctx.inside_quote(doc[i].idx):
        return ctx.person_at(doc[i]) or ctx.org_at(doc[i])
    return None


def subject_speaker(ctx: Context, token: Token) -> Speaker | None:
    """The speaker a subject token stands for: a name, an organisation, a pronoun, a description."""
    if token.lower_ in ("qui", "que", "qu'"):
        return None
    found = ctx.person_at(token) or ctx.org_at(token)
    if found:
        return found
    if is_third_person(token):
        return resolve_pronoun(ctx, token.idx, token)
    if token.pos_ in ("NOUN", "PROPN"):
        return noun_phrase_speaker(ctx, token)
    return None


def incise_subject(ctx: Context, start: int) -> Speaker | None:
    """The subject after an incise verb: '«...», a expliqué à l'AFP Gilles-Éric Séralini, professeur',
    'affirme un jeune manifestant, Abdel Nasser', 'ajoute Hassan, un autre manifestant',
    'a ajouté le porte-parole de la police madrilène'. Names after "à", "pour" ... are objects."""
    doc = ctx.doc
    window = []
    for tok in doc[start:start + 14]:
        if tok.text in (".", ";", ":", "!", "?", "«", "»", "“", "”", '"') or "\n" in tok.text:
            break
        window.append(tok)
    if not window:
        return None

    def is_object(tok: Token) -> bool:
        i = tok.i - 1
        while i >= start and (ctx.person_at(doc[i]) or ctx.org_at(doc[i])):  # to the start of the name
            i -= 1
        while i >= start and doc[i].pos_ == "DET":
            i -= 1
        return i >= start and (doc[i].lower_ in OBJECT_PREPOSITIONS or doc[i].pos_ == "ADP")

    for tok in window:
        found = ctx.person_at(tok)
        if found and not is_object(tok):
            return found
    first = window[0]
    if is_third_person(first) and first.pos_ == "PRON":
        return resolve_pronoun(ctx, first.idx, first)
    if (first.text[:1].isupper() and first.is_alpha and len(window) > 1 and window[1].text == ","
            and not ctx.org_at(first) and any(ctx.rules.role_of(t) for t in window[2:5])):
        return Speaker(first.text, "person")  # "Hassan, un autre manifestant": a name the model missed
    # The subject is the first noun phrase no preposition governs: "a répondu la porte-parole de la
    # fédération à une question de la RTBF" is the federation's, not the RTBF's.
    for tok in window:
        if is_object(tok) or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        found = ctx.org_at(tok)
        if found:
            return found
        if tok.is_lower:
            return noun_phrase_speaker(ctx, tok)
    return None


def after_incise(ctx: Context, quote: Quote) -> Speaker | None:
    """'«...», a-t-il promis', '«...» indique le quotidien', '«...», a abondé Elon Musk'."""
    doc = ctx.doc
    close = doc.char_span(quote.close_mark, quote.close_mark + 1, alignment_mode="expand")
    if close is None:
        return None
    i, inverted = close.end, None
    while i < len(doc) and i - close.end < 5 and (
            doc[i].lower_ in INCISE_FILLERS or is_inverted_pronoun(doc[i])
            or (doc[i].pos_ == "AUX" and not ctx.rules.is_reporting(doc[i]))):  # "affirme" tagged AUX
        inverted = doc[i] if is_inverted_pronoun(doc[i]) else inverted
        i += 1
    if i >= len(doc) or not (ctx.rules.is_reporting(doc[i]) or doc[i].lower_ in ctx.rules.reporting_forms):
        return None
    return incise_speaker(ctx, doc[i], inverted)


def incise_speaker(ctx: Context, verb: Token, inverted: Token | None = None) -> Speaker | None:
    doc = ctx.doc
    if inverted is None and verb.i + 1 < len(doc) and is_inverted_pronoun(doc[verb.i + 1]):
        inverted = doc[verb.i + 1]  # "déclare -t-il"
    if inverted is None and "-" in verb.text and is_third_person(verb):
        inverted = verb  # "déclare-t-il" as one token
    if inverted is not None:  # "a-t-il complimenté": the pronoun comes before the participle
        found = resolve_pronoun(ctx, inverted.idx, inverted)
        return replace(found, cue=verb.lemma_) if found else None
    j = verb.i + 1
    while j < len(doc) and doc[j].lower_ in ("-t", "t"):
        j += 1
    found = incise_subject(ctx, j)
    return replace(found, cue=verb.lemma_) if found else None


def final_incise(ctx: Context, quote: Quote, sentence: Span) -> Speaker | None:
    """'«quand nous avons reçu des appels...» qui peut contenir ..., a indiqué un porte-parole de la
    police.': a reporting verb after a comma that ends the sentence holding the quote."""
    doc = ctx.doc
    for tok in sentence:
        if tok.idx <= quote.close_mark or ctx.inside_quote(tok.idx):
            continue
        if not ctx.rules.is_reporting(tok) or tok.lower_.endswith("ant"):
            continue
        k = tok.i - 1
        while k > sentence.start and (doc[k].pos_ == "AUX" or doc[k].lower_ in INCISE_FILLERS - {","}):
            k -= 1
        if doc[k].text != "," or any(t.is_punct and t.text != "," and t.text != "-" and not t.text.startswith("-")
                                     for t in doc[tok.i + 1:sentence.end - 1]):
            continue
        found = incise_speaker(ctx, tok)
        if found:
            return found
    return None


def verb_before(ctx: Context, quote: Quote, sentence: Span, max_distance: int) -> Speaker | None:
    """'X a déclaré : «...»', 'le syndicat estime que «...»': the subject of the nearest reporting verb."""
    doc = ctx.doc
    open_tok = doc.char_span(quote.open_mark, quote.open_mark + 1, alignment_mode="expand")
    if open_tok is None:
        return None
    first = max(sentence.start, open_tok.start - max_distance)
    for i in range(open_tok.start - 1, first - 1, -1):
        if ctx.inside_quote(doc[i].idx):
            break
        if ctx.rules.is_reporting(doc[i]):
            found = verb_subject(ctx, doc[i], sentence)
            if found:
                return replace(found, cue=doc[i].lemma_, verb=i)
    return None


def is_participle_clause(verb: Token) -> bool:
    """'en évoquant', 'Estimant que': the speaker is the subject of the main clause."""
    before = verb.doc[verb.i - 1].lower_ if verb.i > 0 else ""
    return verb.lower_.endswith("ant") and (before == "en" or "Part" in verb.morph.get("VerbForm")
                                            or verb.is_sent_start or before in (",", "\n"))


def verb_subject(ctx: Context, verb: Token, sentence: Span) -> Speaker | None:
    """The nearest name before the verb in its sentence, else the parser's subject, else a pronoun."""
    if is_participle_clause(verb):
        verb = sentence.root
    if verb.i >= 2 and verb.doc[verb.i - 2].lower_ == "comme" and verb.i + 1 < len(verb.doc):
        found = ctx.person_at(verb.doc[verb.i + 1]) or ctx.org_at(verb.doc[verb.i + 1])
        if found:  # "comme le rappelle HRW": the subject follows the verb
            return found
    found = relative_subject(ctx, verb, sentence)
    if found:
        return found
    for i in range(verb.i - 1, sentence.start - 1, -1):
        tok = ctx.doc[i]
        if ctx.inside_quote(tok.idx):
            continue
        found = ctx.person_at(tok)
        if found and governed(ctx, tok, sentence.start):  # "son soutien à A. Montebourg"
            found = None
        if not found and tok.lower_ in SUBJECT_ONLY_PRONOUNS:
            found = resolve_pronoun(ctx, tok.idx, tok)
        if found:
            return found
    for child in list(verb.children) + list(verb.head.children):
        if child.dep_ in ("nsubj", "nsubj:pass") and sentence.start <= child.i < sentence.end:
            found = subject_speaker(ctx, child)
            if found:
                return found
    for i in range(verb.i - 1, sentence.start - 1, -1):
        tok = ctx.doc[i]
        if ctx.inside_quote(tok.idx):
            continue
        if is_third_person(tok) and tok.pos_ == "PRON":
            return resolve_pronoun(ctx, tok.idx, tok)
    found = clause_opening_subject(ctx, verb, sentence)
    if found:
        return found
    for i in range(verb.i - 1, sentence.start - 1, -1):
        found = ctx.org_at(ctx.doc[i])
        if found:
            return found
    return None


def governed(ctx: Context, tok: Token, floor: int = 0) -> bool:
    """A name or noun inside a prepositional phrase ("à A. Montebourg", "du procès d'Yvan Colonna"):
    not a subject. "selon", "d'après", "par" (the agent) and "comme" do not count."""
    doc = ctx.doc
    i = tok.i - 1
    while i >= floor and (ctx.person_at(doc[i]) or ctx.org_at(doc[i])) and (
            ctx.person_at(doc[i]) == ctx.person_at(tok) and ctx.org_at(doc[i]) == ctx.org_at(tok)):
        i -= 1  # to the start of the name
    while i >= floor and (doc[i].pos_ == "DET" or fold(doc[i].text) in NOT_ROLES):
        i -= 1
    return i >= floor and doc[i].pos_ == "ADP" and doc[i].lower_ not in NOT_GOVERNING


def relative_subject(ctx: Context, verb: Token, sentence: Span) -> Speaker | None:
    """'avec Bernard Bonnet, le successeur de Claude Erignac, qui lui avait rétorqué': the subject
    "qui" stands for the name before the relative, over one apposition between commas."""
    doc = ctx.doc
    i = verb.i - 1
    while i > sentence.start and (doc[i].pos_ in ("AUX", "ADV") or doc[i].lower_ in CLITICS):
        i -= 1
    if doc[i].lower_ != "qui" or i <= sentence.start:
        return None
    k = i - 1
    if doc[k].text == ",":
        j = k - 1
        while j > max(sentence.start, k - 12) and doc[j].text != "," and doc[j].pos_ not in ("VERB", "AUX"):
            j -= 1
        if doc[j].text == "," and j > sentence.start:
            found = ctx.person_at(doc[j - 1]) or ctx.org_at(doc[j - 1])
            if found:
                return found
        k -= 1
    found = ctx.person_at(doc[k]) or ctx.org_at(doc[k])
    if found:
        return found
    return noun_phrase_speaker(ctx, doc[k]) if doc[k].pos_ == "NOUN" and doc[k].is_lower else None


def clause_opening_subject(ctx: Context, verb: Token, sentence: Span) -> Speaker | None:
    """'Mais le premier ministre, malgré cette division, avait affirmé': the parser missed the
    subject; take the first role or organisation noun of the clause that no preposition governs."""
    doc = ctx.doc
    for tok in doc[sentence.start:verb.i]:
        if ctx.inside_quote(tok.idx) or tok.pos_ not in ("NOUN", "PROPN") or not tok.is_lower:
            continue
        i = tok.i - 1
        while i >= sentence.start and doc[i].pos_ in ("DET", "ADJ"):
            i -= 1
        governed = i >= sentence.start and doc[i].pos_ == "ADP"
        if not governed and (ctx.rules.role_of(tok) or fold(tok.lemma_) in ctx.rules.org_nouns):
            return noun_phrase_speaker(ctx, tok)
        if not governed:
            return None
    return None


def distance_limit(text: str, quote: Quote, sentence: Span) -> int:
    """A quote introduced by ':' or 'que' belongs to the reporting verb of its whole sentence."""
    before = text[:quote.open_mark].rstrip()
    introduced = before.endswith(":") or re.search(r"\bqu(e|')\s*$", before) is not None
    return len(sentence) + 1 if introduced else MAX_VERB_DISTANCE


def named_source(ctx: Context, quote: Quote, sentence: Span) -> Speaker | None:
    """'selon X', 'pour X,', 'selon le nouveau directeur du site, David Quentin' earlier in the sentence."""
    doc = ctx.doc
    for tok in sentence:
        if tok.idx >= quote.open_mark:
            break
        if tok.lower_ not in SOURCE_MARKERS or tok.i + 1 >= len(doc):
            continue
        phrase = []
        for t in doc[tok.i + 1:min(len(doc), tok.i + 18)]:
            if t.idx >= quote.open_mark or t.text in (";", ":", ".") or t.pos_ in ("VERB", "AUX") or (
                    phrase and t.pos_ == "PRON"):
                break
            phrase.append(t)  # with an apposition: "pour la principale association ..., l'April"
        if not phrase or phrase[0].text == ",":
            continue
        found = (next((f for f in map(ctx.person_at, phrase) if f), None)
                 or next((f for f in map(ctx.org_at, phrase) if f), None))
        head = next((t for t in phrase if t.pos_ not in ("DET", "ADJ")), phrase[0])
        if not found and is_third_person(head):
            found = resolve_pronoun(ctx, head.idx, head)
        if not found and fold(head.lemma_) in ctx.rules.org_nouns:
            found = ctx.org_introduced_by(fold(head.lemma_), head.idx) or ctx.last_org(head.idx)
        if not found and head.pos_ == "NOUN" and head.is_lower:
            found = noun_phrase_speaker(ctx, head)
        if found:
            return found
    return None


def source_marker(ctx: Context, quote: Quote, sentence: Span) -> bool:
    """'selon ...' or 'd'après ...' before the quote in its sentence, or 'Pour ... ,' opening a
    clause: the sentence states a source, named or not."""
    doc = ctx.doc
    for tok in sentence:
        if tok.idx >= quote.open_mark:
            return False
        if ctx.inside_quote(tok.idx) or tok.i + 1 >= len(doc):
            continue
        if tok.lower_ in ("selon", "d'après", "d’après"):
            return True
        if tok.lower_.lstrip(".") == "pour" and (tok.i == sentence.start or doc[tok.i - 1].text in (",", ".", "\n")) \
                and doc[tok.i + 1].pos_ in ("DET", "PROPN", "PRON") \
                and any(t.text == "," for t in doc[tok.i + 2:tok.i + 12] if t.idx < quote.open_mark):
            return True
    return False


def sentence_subject(ctx: Context, quote: Quote, sentence: Span) -> Speaker | None:
    """The first name, or a subject pronoun or role, before the quote in its sentence."""
    for tok in sentence:
        if tok.idx >= quote.open_mark:
            break
        if ctx.inside_quote(tok.idx):
            continue
        found = ctx.person_at(tok)
        if found and not governed(ctx, tok, sentence.start):  # not "Lors du procès d'Yvan Colonna"
            return found
        if "Plur" in tok.morph.get("Number"):  # "Les deux hommes": a group, not one speaker
            continue
        if tok.dep_.startswith("nsubj") and (is_third_person(tok) or fold(tok.lemma_) in ctx.rules.person_roles):
            return resolve_pronoun(ctx, tok.idx, tok)
        if tok.dep_.startswith("nsubj") and tok.is_lower and fold(tok.lemma_) in ctx.rules.org_nouns:
            found = noun_phrase_speaker(ctx, tok)  # "Le groupe souhaite ... que « 750 millions »"
            if found:
                return found
    for tok in sentence:
        if tok.idx >= quote.open_mark:
            break
        found = ctx.org_at(tok)
        if found:
            return found
    return None


def stands_alone(text: str, quote: Quote) -> bool:
    """A quote that is a whole line (a pull quote or a quoted paragraph)."""
    line_start = text.rfind("\n", 0, quote.open_mark) + 1
    line_end = text.find("\n", quote.close_mark)
    line_end = len(text) if line_end == -1 else line_end
    return not text[line_start:quote.open_mark].strip() and not text[quote.close_mark + 1:line_end].strip()


def attribution_line(ctx: Context, article: Article, quote: Quote) -> Speaker | None:
    """The line right after a pull quote that holds only a name: 'Elon Musk'."""
    text = ctx.text
    spans = article.spans_of("attribution") if article.segments else []
    if article.segments:
        after = [s for s in spans if 0 <= s[0] - quote.close_mark <= 3]
        line = text[after[0][0]:after[0][1]] if after else ""
        offset = after[0][0] if after else -1
    elif stands_alone(text, quote):
        offset = text.find("\n", quote.close_mark) + 1
        end = text.find("\n", offset)
        line = text[offset:end if end != -1 else len(text)] if offset > 0 else ""
    else:
        return None
    for m in ctx.mentions:
        if m.start == offset and m.end - m.start == len(line.strip()):
            return Speaker(m.name, "person")
    return None


def previous_paragraph_sentence(ctx: Context, quote: Quote) -> Span | None:
    """For a quote that is its own paragraph: the sentence that introduces it."""
    if not stands_alone(ctx.text, quote):
        return None
    before = ctx.text[:quote.open_mark].rstrip()
    if not before:
        return None
    return ctx.sentence_at(len(before) - 1)


def continuation(ctx: Context, quote: Quote, done: list[Quote]) -> Speaker | None:
    """A quote after an attributed one keeps its speaker: right after it, in the same sentence, or
    within the next paragraph when the text between names no one else (no person, organisation or
    described subject): the communiqué's quotes that follow it."""
    if not done or done[-1].speaker is None:
        return None
    prev = done[-1]
    gap = ctx.text[prev.close_mark:quote.open_mark]
    if len(gap) <= CONTINUATION_GAP or ctx.sentence_at(prev.open_mark) == ctx.sentence_at(quote.open_mark):
        return Speaker(prev.speaker, prev.speaker_type or "person", stated=True)  # it goes on directly
    if (gap.count("\n\n") + gap.count("\n") - 2 * gap.count("\n\n") <= 1
            and not any(prev.close_mark < m.start < quote.open_mark for m in ctx.mentions)
            and not any(prev.close_mark < start < quote.open_mark for start, _, _ in ctx.orgs)
            and not any(prev.close_mark < t.idx < quote.open_mark for t in ctx.descriptions)
            and not any(t.dep_.startswith("nsubj") and t.is_lower and fold(t.lemma_) in ctx.rules.org_nouns
                        for t in ctx.doc.char_span(prev.close_mark, quote.open_mark, alignment_mode="expand") or ())):
        return Speaker(prev.speaker, prev.speaker_type or "person")
    return None


def previous_sentence_subject(ctx: Context, quote: Quote, sentence: Span) -> Speaker | None:
    """A quote that is a whole sentence with no attribution of its own ('Il a souhaité faire un rappel au
    règlement. « On ne peut pas accepter ... »') is the words of the previous sentence's subject, in
    the same paragraph."""
    before = ctx.text[sentence.start_char:quote.open_mark]
    if before.strip() or sentence.start_char == 0:
        return None
    prev = ctx.sentence_at(len(ctx.text[:sentence.start_char].rstrip()) - 1)
    if prev is None or "\n" in ctx.text[prev.start_char:quote.open_mark].strip():
        return None
    for tok in prev:
        if ctx.inside_quote(tok.idx) or tok.is_punct:
            continue
        found = ctx.person_at(tok) or ctx.org_at(tok)
        if found and not governed(ctx, tok, prev.start):
            return found
        if tok.dep_.startswith("nsubj") or (tok.pos_ in ("NOUN", "PRON") and not governed(ctx, tok, prev.start)):
            if "Plur" in tok.morph.get("Number"):
                return None  # "Les agresseurs": a group
            return subject_speaker(ctx, tok)
    return None


def find_speaker(ctx: Context, article: Article, quote: Quote, done: list[Quote]) -> Speaker | None:
    """The first rule that finds a speaker; `stated` tells whether it comes from the quote's own
    sentence (a pull-quote line, an incise, a governing reporting verb, "selon X", the subject) rather
    than from context (a continued quote, the previous sentence's subject)."""
    sentence = ctx.sentence_at(quote.open_mark)
    if sentence is None:
        return None
    intro = previous_paragraph_sentence(ctx, quote)
    for name, rule in (("line", lambda: attribution_line(ctx, article, quote)),
                       ("incise", lambda: after_incise(ctx, quote)),
                       ("final", lambda: final_incise(ctx, quote, sentence))):
        found = rule()
        if found:
            return replace(found, stated=True, rule=name)
    found = verb_before(ctx, quote, sentence, distance_limit(ctx.text, quote, sentence))
    if found:
        verb, span = ctx.doc[found.verb], quote_tokens(ctx.doc, quote)
        same_clause = span is not None and not any(is_finite(t) for t in ctx.doc[verb.i + 1:span.start])
        return replace(found, stated=same_clause or governs(verb, span), rule="verb")
    found = named_source(ctx, quote, sentence) or (
        intro is not None and verb_before(ctx, quote, intro, len(intro) + 2))
    if found:
        return replace(found, stated=True, rule="source")
    verb = saying_verb(ctx, quote, sentence)
    framed = verb is not None and re.search(r"\bqu(e\b|'|’)|:", ctx.text[verb.idx:quote.open_mark]) is not None
    if framed or source_marker(ctx, quote, sentence):
        return None  # its own source, unnamed: "certains wikipédiens estiment que", "Pour le collectif ..., "
    found = continuation(ctx, quote, done)
    if found:
        return replace(found, rule="continuation")
    found = sentence_subject(ctx, quote, sentence)  # "il lui avait accolé l'étiquette de «communiste»"
    if found:
        return replace(found, stated=True, rule="subject")
    found = previous_sentence_subject(ctx, quote, sentence)
    if found:
        return replace(found, rule="previous")
    found = resolve_pronoun(ctx, quote.open_mark) if intro is not None else None
    return replace(found, rule="intro") if found else None


def governs(verb: Token, span: Span | None) -> bool:
    """The reporting verb is an ancestor of the quote in the parse ('regrette le « moment »'), not a
    verb of another clause ('Tout en insistant sur ..., il s'est approprié le thème du « changement »').
    With no finite verb between them (`find_speaker`), the quote is in the verb's clause anyway."""
    if span is None:
        return False
    doc = span.doc
    marks = doc[max(0, span.start - 1):min(len(doc), span.end + 1)]  # the parser often hangs a quote on its marks
    return any(verb == tok or verb in tok.ancestors for tok in marks)


# ---------------------------------------------------------------- the pipeline

def raw_quotes(text: str) -> list[Quote]:
    quotes = []
    for open_mark, close_mark in find_quote_spans(text):
        start, end = trimmed(text, open_mark, close_mark)
        if end > start:
            quotes.append(Quote(start, end, text[start:end], open_mark=open_mark, close_mark=close_mark))
    return quotes


def find_quotes(article: Article, doc: Doc, rules: QuoteRules) -> list[Quote]:
    quotes = raw_quotes(doc.text)
    ctx = Context(article, doc, rules, quotes)
    done: list[Quote] = []
    for quote in quotes:
        speaker = find_speaker(ctx, article, quote, done)
        kind = decide_kind(ctx, quote, speaker, done)
        if kind == "other":
            speaker = None
        elif speaker is not None and not stands_alone(doc.text, quote):
            ctx.remember(quote.open_mark, speaker)
        done.append(replace(quote, kind=kind, speaker=speaker and speaker.name,
                            speaker_type=speaker and speaker.type, cue=speaker and speaker.cue,
                            rule=speaker and speaker.rule))
    return done


COORDINATED = re.compile(r"\s*(?:,|et|ou|ni|voire)\s*(?:(?:à|de|d'|d’|du|des|en|par|pour|sur|un|une|le|la|les|l'|l’)\s*)*$")


def decide_kind(ctx: Context, quote: Quote, speaker: Speaker | None, done: list[Quote]) -> str:
    """`quote_kind` with what the speaker rules found: whether the quote's own sentence attributes it
    (the subject of a verb that says nothing, "Nintendo a présenté une version « grand format »", does
    not), and whether its saying verb is negated. A fragment coordinated with the previous one
    ("« grossier » et « inquiétant »", "telles que « suicide » ou « permanganate de potassium »")
    is of the same kind."""
    doc = ctx.doc
    span = quote_tokens(doc, quote)
    if span is None:
        return "other"
    sentence = ctx.sentence_at(quote.open_mark)
    verb = saying_verb(ctx, quote, sentence) if sentence is not None else None
    cue = naming_cue(doc, span, ctx.rules)
    if cue is None and verb is not None and is_negated(verb):
        cue = "negated"
    if speaker is not None and speaker.rule != "subject":
        stated = speaker.stated
    else:
        stated = verb is not None
    kind = quote_kind(doc, quote, speaker is not None, stated, ctx.rules, cue)
    prev = done[-1] if done else None
    if (kind != "speech" and prev is not None and prev.kind != "speech"
            and COORDINATED.match(ctx.text[prev.close_mark + 1:quote.open_mark])):
        return prev.kind
    return kind


def saying_verb(ctx: Context, quote: Quote, sentence: Span) -> Token | None:
    """The reporting verb that introduces the quote in its own clause, whoever its subject: the
    nearest one before it in its sentence, with no other finite verb in between and close to it, an
    aside between commas aside ("en parlant de « coup d'Etat »", "cataloguer Kamala Harris, nouvelle
    concurrente de Trump ..., comme une candidate « d'extrême gauche »")."""
    doc = ctx.doc
    span = quote_tokens(doc, quote)
    if span is None:
        return None
    limit = distance_limit(ctx.text, quote, sentence)
    for i in range(span.start - 2, sentence.start - 1, -1):
        tok = doc[i]
        if ctx.inside_quote(tok.idx) or tok.text in (".", ";", "!", "?"):
            return None
        if ctx.rules.is_reporting(tok):
            gap = doc[i + 1:span.start - 1]
            commas = [t.i for t in gap if t.text == ","]
            aside = commas[-1] - commas[0] + 1 if len(commas) >= 2 else 0  # "X, nouvelle concurrente ...,"
            in_clause = len(gap) - aside <= limit and not any(is_finite(t) for t in gap)
            return tok if in_clause else None
    return None


class QuotesAnalyzer:
    name = "quotes"
    version = "4"
    components = ("ner", "parser", "morphologizer", "lemmatizer")

    def __init__(self, rules: QuoteRules) -> None:
        self.rules = rules

    def analyze(self, article: Article, doc: Doc) -> AnalyzerResult:
        quotes = find_quotes(article, doc, self.rules)
        rows = [{"text": q.text, "kind": q.kind, "speaker": q.speaker, "speaker_type": q.speaker_type,
                 "start": q.start, "end": q.end, "cue": q.cue} for q in quotes]
        kinds = [q.kind for q in quotes]
        return AnalyzerResult(
            metrics={"count": len(quotes), "speech": kinds.count("speech"), "partial": kinds.count("partial"),
                     "other": kinds.count("other"), "attributed": sum(q.speaker is not None for q in quotes)},
            tables={"quotes": rows})


def create(settings: Settings) -> QuotesAnalyzer:
    return QuotesAnalyzer(QuoteRules.from_dir())
