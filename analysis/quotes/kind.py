"""Stage 2: the kind of a quote (speech, partial, other) from its tokens and the words before it."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from analysis.people import PREVERBAL_CLITICS, fold
from analysis.quotes.rules import (
    RELATIVES,
    SUBJECT_PRONOUNS,
    Quote,
    QuoteRules,
    default_rules,
)
from analysis.quotes.spans import opens_sentence, stands_alone


def quote_tokens(doc: Doc, quote: Quote) -> Span | None:
    return doc.char_span(quote.start, quote.end, alignment_mode="expand")


# Conjunctions whose clause is subordinate up to the next comma: "« mauvaise habitude, même si ce
# n'est pas ... »" has no clause of its own; "« Si on change, je pense que ... »" has one after the comma.
SUBORDINATORS = frozenset({"si", "s'", "s’", "lorsque", "lorsqu'", "lorsqu’", "quand", "puisque", "puisqu'",
                           "puisqu’", "car", "quoique"})
SUBORDINATORS_WITH_QUE = frozenset({"parce", "bien"})  # "parce que", "bien que"; not the adverb "bien"


def has_own_clause(span: Span, clitics: bool = True) -> bool:
    """A finite verb whose subject is inside the quote, not in a relative, "que" or subordinate
    clause, nor after a verb whose subject is outside the marks (« éprouvent ..., car ils ... »).
    `clitics`: whether a subject clitic and the word after it are enough (`opens_verb_group`)."""
    doc = span.doc
    # "Qu'ils disent ce qu'ils disent… je sais qu'ils ...": a new sentence starts over
    in_relative = opens_on_outside_subject_verb(span)
    in_subordinate = False
    for i, tok in enumerate(span):
        if tok.text in (".", "!", "?", "…", ";", ":") or tok.text.startswith("..."):
            in_relative = in_subordinate = False
            continue
        if tok.text == "," and i + 2 < len(span) and span[i + 1].lower_ in ("c'", "c’", "ce") and span[i + 2].pos_ in ("AUX", "VERB"):
            in_relative = False  # "Ce que l'on remarque ici, ce sont des déchets": the cleft's main clause
        if tok.text == ",":
            in_subordinate = False
        if tok.lower_ in RELATIVES:
            in_relative = True
        if tok.lower_ in SUBORDINATORS or (
                tok.lower_ in SUBORDINATORS_WITH_QUE and i + 1 < len(span) and span[i + 1].lower_.startswith("qu")):
            in_subordinate = True
        if in_relative or in_subordinate:
            continue
        if clitics and opens_verb_group(tok, span):
            return True
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else tok
        if is_subject(tok) and nxt.lower_ not in RELATIVES and (
                any(is_finite(v) for v in doc[tok.i + 1:min(tok.i + 6, span.end)])
                or (is_finite(tok.head) and tok.i < tok.head.i < span.end)
                or (tok.head.i < span.end and any(is_finite(c) and c.dep_ in ("cop", "aux", "aux:pass", "aux:tense")
                                                  for c in tok.head.children))):
            return True
    return False


# Subject pronouns that are never anything else: a verb follows them, whatever the tagger made of it
# ("j'y penserais" with "penserais" tagged ADJ). Not "nous", "vous", "elle": objects and stressed too.
SUBJECT_CLITICS = frozenset({"je", "j'", "j’", "tu", "il", "ils", "on"})


def opens_verb_group(tok: Token, span: Span) -> bool:
    """'j'y penserais', 'on ne sait pas': a subject clitic, object clitics or a negation, then a word
    that can only be its verb, all inside the quote."""
    if tok.lower_ not in SUBJECT_CLITICS:
        return False
    i = tok.i + 1
    while i < span.end and span.doc[i].lower_ in PREVERBAL_CLITICS:
        i += 1
    verb = span.doc[i] if i < span.end else None
    return (verb is not None and verb.is_alpha and verb.pos_ not in ("DET", "ADP", "CCONJ", "SCONJ", "NOUN", "PROPN")
            and (i + 1 < span.end or verb.pos_ in ("VERB", "AUX")))  # not the magazine « On mag »


def opens_on_outside_subject_verb(span: Span) -> bool:
    """'qui « éprouvent un sentiment de culpabilité, car ... »', 'Marine Le Pen « est une femme »': a
    lower-case finite verb opens the quote and its subject is before the marks."""
    first = span[0]
    if not (is_finite(first) and first.is_lower):
        return False
    subjects = [c for c in first.children if is_subject(c)]
    return not subjects or all(c.i < span.start for c in subjects)


def is_imperative(span: Span, after_ne: bool = True) -> bool:
    """'Imaginez un monde sans connaissance libre': a clause with no subject, opening on a verb in the
    imperative (or a second-person form the model did not mark); `after_ne`: also after "Ne"."""
    first = span[0]
    if first.lower_ in ("ne", "n'", "n’") and len(span) > 1 and first.text[:1].isupper():
        if not after_ne:
            return False
        first = span[1]  # "Ne réécrivez pas l'histoire"
    elif not first.text[:1].isupper():
        return False
    if first.pos_ not in ("VERB", "AUX"):
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


def subject_opens_quote(span: Span) -> bool:
    """'« les produits qui viennent de Chine ont une mauvaise image »': the noun opening the quote is,
    for the parser, the subject of a finite verb later in the quote, a relative clause between them."""
    first = next((t for t in span if t.pos_ in ("NOUN", "PROPN")), None)
    if first is None or any(t.pos_ not in ("DET", "ADJ", "NUM") for t in span[:first.i - span.start]):
        return False
    after = first.i + 1
    while after < span.end and span.doc[after].pos_ == "ADJ":
        after += 1
    if after >= span.end or span.doc[after].lower_ not in RELATIVES:
        return False
    # the relative's verb, then the main verb with nothing opening another clause between them (the
    # parser often loses the link between the noun and that verb)
    verbs = [t for t in span.doc[after + 1:span.end] if is_finite(t)]
    if len(verbs) < 2:
        return False
    between = span.doc[verbs[0].i + 1:verbs[1].i]
    return not any(t.lower_ in RELATIVES or t.lower_ in CLAUSE_LINKS or t.is_punct for t in between)


CLAUSE_LINKS = frozenset({"et", "ou", "mais", "que", "qu'", "qu’", "si", "quand", "lorsque", "car"})


def is_question_or_exclamation(span: Span) -> bool:
    """'« Où sont les preuves ? »', '« Cadrez ! Action ! »', '« Pourquoi avoir attendu ? »': a
    capitalised utterance ending on "?" or "!" with a verb in it is said as it stands, even when the
    parser finds no subject; "« Dissolution ! Dissolution ! »", "« Prêt ! »" have no verb: slogans and
    words (partial or other)."""
    words = [t for t in span if not t.is_punct]
    last = next((t for t in reversed(span) if t.text not in ("»", "”", '"', "…", ".", " ")), None)
    return (bool(words) and span[0].text[:1].isupper() and last is not None and last.text[-1:] in ("?", "!")
            and any(t.pos_ in ("VERB", "AUX") for t in words))


def said_where_it_stands(doc: Doc, span: Span, text: str, quote: Quote) -> bool:
    """Where a question or exclamation is said rather than named: opening a sentence, after a colon
    or right after a verb ("ont tagué « Qui a tué Rémi ? »"); not after a noun, a preposition or an
    apposition's comma ("Son livre, « Où va la France ? »", "Dans « Qui a peur ... ? »")."""
    if opens_sentence(text, quote) or introduced_by_colon(text, quote):
        return True
    before = doc[span.start - 2] if span.start >= 2 else None  # span.start - 1 is the opening mark
    return before is not None and before.pos_ in ("VERB", "AUX")


def holds_sentences(span: Span) -> bool:
    """A quote opening on a capital that holds a sentence end and at least one finite verb: a
    statement of two sentences or more, not a fragment."""
    ends = [t for t in span[:-1] if t.text in (".", "!", "?") and t.nbor(1).text[:1].isupper()]
    return bool(ends) and span[0].text[:1].isupper() and any(is_finite(t) for t in span)


def is_subject(tok: Token) -> bool:
    if tok.is_punct or tok.lower_ in RELATIVES:
        return False
    return (tok.lower_ in SUBJECT_PRONOUNS or tok.dep_ in ("nsubj", "nsubj:pass", "expl:subj")
            or (tok.lower_ == "tout" and verb_follows(tok)))


def verb_follows(tok: Token) -> bool:
    """'« tout est sous contrôle »': the model takes 'tout' for an adverb; a finite verb right after it
    (or after 'ne') makes it the clause's subject. Not '« tout à fait normal »', '« tout ce qui est »'."""
    doc = tok.doc
    nxt = tok.i + 1
    if nxt < len(doc) and doc[nxt].lower_ in ("ne", "n'", "n’"):
        nxt += 1
    return nxt < len(doc) and is_finite(doc[nxt])


def is_finite(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX") and "Fin" in tok.morph.get("VerbForm") and tok.is_alpha


def looks_like_name_or_code(text: str, capitals: bool = True) -> bool:
    """'La Petite danseuse de quatorze ans', 'Quantal Quetzal', 'A3': short titles, names and codes.
    `capitals`: whether a capital first letter means something (not where the quote opens a sentence)."""
    words = text.split()
    # a code mixes letters and digits in one word ("A3", "3DS"); "750 millions" is a quantity someone gave
    code = any(any(c.isdigit() for c in w) and any(c.isalpha() for c in w) for w in words)
    return len(words) <= 8 and ((capitals and text[:1].isupper()) or (len(words) <= 3 and code))


def quote_kind(doc: Doc, quote: Quote, has_speaker: bool, stated: bool | None = None,
               rules: QuoteRules | None = None, cue: str | None = None, text: str | None = None,
               in_report: bool = False) -> str:
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
       a named person as its subject, unless the word is a lone verb or "oui"/"non" in use, what
       the subject heard or saw, or the subject is passive;
       an incise, a reporting verb governing it, "selon X", a quote it continues, or a term noun with a
       named user: "l'étiquette de « communiste »"), or when the sentence reports someone's words
       (`in_report`: a reporting verb outside the marks) and the fragment stands on its own
       (`borrowed_in_report`); else it is a term or a scare quote (other).

    `has_speaker`: some speaker was found; `stated`: an attribution of the quote itself (defaults to
    `has_speaker`); `cue`: what `naming_cue` found, if the caller already looked; `text`: doc.text,
    if the caller has it (spaCy joins the tokens again on every call); `in_report`: the quote's
    sentence has a reporting verb outside quote marks."""
    text = doc.text if text is None else text
    span = quote_tokens(doc, quote)
    if span is None or not quote.text:
        return "other"
    cue = naming_cue(doc, span, rules or default_rules()) if cue is None else cue
    titled = cue == "name"  # "son roman « Ne tirez pas sur l'oiseau moqueur »", "le magazine « On mag »"
    if (has_own_clause(span, clitics=not titled) or starts_with_clause(span) or is_imperative(span, after_ne=not titled)
            or subject_opens_quote(span)):
        return "speech"
    if holds_sentences(span):
        return "speech"  # "« A peu près 15% ... seront des Chinois. Le reste ... seront des Français »"
    if introduced_by_colon(text, quote) and quote.text[:1].isupper() and len(quote.text.split()) >= 3:
        return "speech"  # "il avait lâché : « Eh oui, mon petit Jean-Mimi ! »": an utterance of its own
    if stands_alone(text, quote) and quote.text[:1].isupper() and len(quote.text.split()) >= 4:
        return "speech"  # a quoted paragraph or pull quote is a statement of its own
    said = is_question_or_exclamation(span) and said_where_it_stands(doc, span, text, quote)
    if cue in ("name", "negated") or looks_like_name_or_code(quote.text, capitals=not opens_sentence(text, quote)):
        if cue is None and said:
            return "speech"  # "« Où sont les preuves ? »": capitalised, so it looked like a title
        return "other"
    if said:
        return "speech"
    stated = has_speaker if stated is None else stated
    if cue == "term":
        stated = has_speaker
    if len(quote.text.split()) >= 3 or stated or is_evaluation(span) or (in_report and borrowed_in_report(span)):
        return "partial"
    return "other"


def borrowed_in_report(span: Span) -> bool:
    """A word or two in a sentence that reports someone's words is their wording ("Il a dénoncé des
    décisions « insurrectionnelles »", "le ministre a évoqué la « gravité » du moment"), unless it is
    "oui"/"non" talked about or it modifies the noun right after it: a scare quote ("les « vraies »
    couleurs"). Measured on the fresh news set (bench/FRESH.md, thirteenth session): about 8 of 10 such
    fragments are partial in the gold, against 1 in 4 on Wikinews, where this rule costs one. Not a
    lone pronoun, article, preposition or letter: a word talked about."""
    words = [t for t in span if not t.is_punct]
    if len(words) == 1 and (fold(words[0].text) in ("oui", "non") or len(words[0].text) == 1
                            or words[0].pos_ in ("PRON", "DET", "ADP", "CCONJ", "SCONJ")):
        return False  # words talked about: "ce « il »", "« a » et « à »"
    after = next((t for t in span.doc[span.end:span.end + 3] if not t.is_punct), None)
    return not (after is not None and after.pos_ == "NOUN")


DEGREE_ADVERBS = frozenset({"très", "si", "trop", "souvent", "assez", "plutôt", "bien", "peu", "tout",
                            "vraiment", "particulièrement", "extrêmement", "totalement", "parfaitement",
                            "absolument", "complètement", "plus", "moins", "pas", "toujours", "parfois"})


def is_evaluation(span: Span) -> bool:
    """'une unité « historique »', 'a été « catastrophique »', 'des lectures « souvent drôles »': a word
    or two that judge (adjectives, with an adverb) are someone's wording even unattributed; a noun or
    a verb in quotes is a term ("« frondeurs »", "« gazouillait »"), and an adjective before its noun
    keeps the noun at a distance, a scare quote ("les « vraies » couleurs")."""
    words = [t for t in span if not t.is_punct]
    if not words or words[-1].pos_ != "ADJ" or not all(
            t.pos_ == "ADJ" or t.lower_ in DEGREE_ADVERBS for t in words):
        return False  # "en « isolement total »": md tags "isolement" ADV; a noun phrase, a term
    doc = span.doc
    before = next((t for t in reversed(doc[max(0, span.start - 3):span.start]) if not t.is_punct), None)
    if before is not None and (before.pos_ == "DET" or before.lower_ in ("de", "d'", "d’")):
        return False  # "des « mules »", "servaient de « mules »": a noun, whatever the tagger said
    after = next((t for t in doc[span.end:span.end + 3] if not t.is_punct), None)
    return not (after is not None and after.pos_ == "NOUN" and words[-1].head == after)


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
    if words & rules.title_nouns and not (span[0].pos_ == "ADJ" and span[0].is_lower) and not opens_on_outside_subject_verb(span):
        return "name"  # "la loi « Sur l'information »", but not "un accord « historique »" nor "ce projet « a sa place »"
    if words & rules.term_nouns:
        return "term"
    said = "dire" if fold(tok.text) in ("dit", "dite", "dits", "dites") and "dire" in rules.naming_verbs else None
    verb = said or next((w for w in words if w in rules.naming_verbs), None) or next(
        (v for v in rules.naming_verbs if v.endswith("er") and tok.pos_ != "NOUN" and fold(tok.text).startswith(
            fold(v[:-2])) and len(tok.text) - len(v) <= 2), None)  # "baptisée", "appelle"; lemmas may be off
    if verb == "dire":  # "la loi dite « ... »", "le troisième degré, dit « marqué »", not "il a dit « ... »"
        named = prev if prev is None or prev.text != "," or i < 2 else doc[i - 2]
        verb = verb if tok.lower_ in ("dit", "dite", "dits", "dites") and named is not None and named.pos_ in (
            "NOUN", "PROPN") else None
    elif verb in ("appeler", "nommer"):  # "un code appelé « X »", "ce qu'on appelle « X »", not "il l'a
        # appelée la « ... »" nor "le pape l'a nommée « patronne de ... »" (someone's words for a role)
        verb = verb if prev is None or prev.lower_ == "on" or prev.pos_ in ("NOUN", "PROPN", "PUNCT") else None
    if verb:
        return "name"
    if tok.lower_ in ("que", "qu'", "qu’") and prev is not None and fold(prev.text) in ("tel", "telle", "tels", "telles"):
        return "name"  # "des pages telles que « suicide »": examples named, not words said
    return None


def is_negated(verb: Token) -> bool:
    """'n'a jamais dit', 'ne pouvait pas prononcer', 'sans dire': a saying that did not happen."""
    doc = verb.doc
    negations = ("pas", "jamais", "plus", "guère", "point", "aucunement", "nullement")

    def has_ne(tok: Token) -> bool:  # "plus" or "pas" alone is no negation: "c'est 1,4 % de plus comparé à"
        return any(c.lower_ in ("ne", "n'", "n’") for c in tok.children) or any(
            t.lower_ in ("ne", "n'", "n’") for t in doc[max(0, tok.i - 4):tok.i])

    def negated(tok: Token) -> bool:
        return (any(c.lower_ in negations for c in tok.children) or (
            tok.i > 0 and doc[tok.i - 1].lower_ in negations)) and has_ne(tok)

    def after_sans(tok: Token) -> bool:
        return tok.i > 0 and doc[tok.i - 1].lower_ == "sans"

    if negated(verb) or after_sans(verb):
        return True
    head = verb.head  # "ne pouvait pas dire", "sans pouvoir dire": the negation sits on the modal
    return ("Inf" in verb.morph.get("VerbForm") and head is not verb
            and head.lemma_ in ("pouvoir", "vouloir", "devoir", "oser", "savoir", "interdire", "refuser")
            and (negated(head) or after_sans(head) or head.lemma_ in ("interdire", "refuser")))
