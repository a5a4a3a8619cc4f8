"""Stage 3: who said a quote: attribution lines, incises, reporting verbs, "selon X", continuations, descriptions."""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from analysis.models import Article
from analysis.people import default_rules as default_people_rules
from analysis.people import fold
from analysis.quotes.context import Context, institution_phrase, is_indefinite, noun_gender
from analysis.quotes.kind import is_finite, quote_tokens
from analysis.quotes.rules import (
    CLITICS,
    CONTINUATION_GAP,
    INCISE_FILLERS,
    INCISE_MODALS,
    MAX_VERB_DISTANCE,
    NOT_GOVERNING,
    NOT_ROLES,
    OBJECT_PREPOSITIONS,
    PLURAL_PRONOUNS,
    SOURCE_MARKERS,
    SUBJECT_ONLY_PRONOUNS,
    THIRD_PERSON,
    TIME_NOUNS,
    Quote,
    Speaker,
)
from analysis.quotes.spans import stands_alone


def is_third_person(token: Token) -> bool:
    """'il', 'lui', and the inverted '-il' / '-t-il' of an incise."""
    return token.lower_.split("-")[-1] in THIRD_PERSON


def is_inverted_pronoun(token: Token) -> bool:
    return token.text.startswith("-") and is_third_person(token)


def resolve_pronoun(ctx: Context, offset: int, token: Token | None = None) -> Speaker | None:
    """'il', 'elle': the latest salient subject of that gender if known; 'ils', 'eux': see
    `plural_antecedent`; an impersonal 'il' ("il y a", "il faut") stands for no one."""
    if token is not None and is_impersonal(token):
        return None
    if token is not None:
        found = dislocated_antecedent(ctx, token)
        if found:
            return found
    if token is not None and token.lower_.split("-")[-1] in PLURAL_PRONOUNS:
        return plural_antecedent(ctx, offset)
    gender = pronoun_gender(token)
    return (institution_antecedent(ctx, offset, token) if token is not None else None) or ctx.last_salient(
        offset, gender)


def unnamed_antecedent(ctx: Context, pronoun: Token) -> Speaker | None:
    """An unnamed person of the pronoun's gender ("une habitante", "ce voisin") is the subject of a
    clause in this sentence or the one before, later than the last person named: the pronoun's
    nearest antecedent is that person, whom the text does not name (`UNNAMED`), or the organisation
    it speaks for ("un porte-parole de la police ... a-t-il précisé"). None when there is no such subject."""
    subject = unnamed_subject_before(ctx, pronoun)
    if subject is None:
        return None
    found = noun_phrase_speaker(ctx, subject)
    return found if found and found is not UNNAMED and found.type == "organisation" else UNNAMED


def unnamed_subject_before(ctx: Context, pronoun: Token) -> Token | None:
    """The subject `unnamed_antecedent` looks for, or None."""
    if not pronoun.doc.has_annotation("DEP"):
        return None  # no parse, no subjects; and reading Token.children there has crashed the interpreter
    gender = pronoun_gender(pronoun)  # "il", "elle": singular
    sentence = ctx.sentence_at(pronoun.idx)
    if gender is None or sentence is None:
        return None
    previous = ctx.sentence_at(max(0, sentence.start_char - 2)) if sentence.start_char > 0 else None
    floor = previous.start if previous is not None else sentence.start
    named = [start for start, s in ctx.salient if s.type == "person" and start < pronoun.idx]
    latest = max(named, default=-1)
    for tok in ctx.doc[floor:pronoun.i]:
        if (tok.idx > latest and (tok.dep_.startswith("nsubj") or tok.dep_ == "ROOT") and tok.pos_ == "NOUN" and tok.is_lower
                and not ctx.inside_quote(tok.idx) and ctx.rules.role_of(tok) is not None and not is_plural(tok)
                and gender in tok.morph.get("Gender") and is_indefinite(tok)
                and tok.head.dep_ not in EMBEDDED_CLAUSES):  # not "X a confirmé qu'un joueur serait absent"
            return tok
    return None


def dislocated_antecedent(ctx: Context, pronoun: Token) -> Speaker | None:
    """'La CGT, elle, dénonce « un recul »': a pronoun set off by commas right after the phrase that
    opens its clause repeats that phrase (a contrast), whoever was named last before it."""
    doc, i = pronoun.doc, pronoun.i
    if not (1 < i < len(doc) - 1 and doc[i - 1].text == "," and doc[i + 1].text == ","):
        return None
    start = i - 1
    while start > pronoun.sent.start and not doc[start - 1].is_punct:
        start -= 1
    phrase = doc[start:i - 1]
    heads = [t for t in phrase if t.pos_ in ("NOUN", "PROPN") and not start <= t.head.i < i - 1
             and not any(c.dep_ == "case" for c in t.children)]  # not "Chez les Républicains, elle,"
    if not heads or ctx.inside_quote(heads[0].idx):
        return None
    found = subject_speaker(ctx, heads[0])
    return None if found is UNNAMED else found  # a pronoun resolves to someone or to nothing


def pronoun_gender(token: Token | None) -> str | None:
    """'il', '-t-il', 'lui' -> "Masc"; 'elle', '-t-elle' -> "Fem" ("-t" read with the pronoun after it)."""
    if token is None:
        return None
    word = token.lower_
    if word in ("-t", "t") and token.i + 1 < len(token.doc):
        word = token.doc[token.i + 1].lower_
    word = word.split("-")[-1]
    return {"il": "Masc", "lui": "Masc", "elle": "Fem"}.get(word)


def is_definite(noun: Token) -> bool:
    """'le gouvernement', 'la police', not 'son parti' (a person's) nor 'un ministère'."""
    return any(c.dep_ == "det" and c.lower_ in ("le", "la", "l'", "l’") for c in noun.children)


def institution_antecedent(ctx: Context, offset: int, pronoun: Token) -> Speaker | None:
    """'Le gouvernement malien a condamné les destructions. Dans un communiqué, il dénonce ...': an
    institution or organisation noun of the same gender, subject in this sentence or the one before
    and later than any person subject, is what 'il'/'elle' stands for."""
    sentence = ctx.sentence_at(offset)
    if sentence is None:
        return None
    previous = ctx.sentence_at(max(0, sentence.start_char - 2)) if sentence.start_char > 0 else None
    floor = previous.start if previous is not None else sentence.start
    gender = "Fem" if pronoun.lower_.split("-")[-1] == "elle" else "Masc"
    people_after = [start for start, s in ctx.salient
                    if s.type == "person" and ctx.doc[floor].idx <= start < pronoun.idx]
    for tok in reversed(ctx.doc[floor:pronoun.i]):
        if people_after and tok.idx < max(people_after):
            return None
        noun = fold(tok.lemma_)
        if (tok.dep_ == "nsubj" and tok.pos_ == "NOUN" and tok.is_lower and not ctx.inside_quote(tok.idx)
                and (noun in ctx.rules.institution_nouns or noun in ctx.rules.org_nouns)
                and gender in tok.morph.get("Gender") and is_definite(tok) and not interrupted_by(tok, pronoun)
                and not embedded_after_person(ctx, tok, ctx.doc[floor].idx)):
            return noun_phrase_speaker(ctx, tok)
    return None


def embedded_after_person(ctx: Context, subject: Token, floor: int) -> bool:
    """The subject opens a clause inside the sentence of a person named before it (from offset
    `floor` on): by the parse, or by a "que" between them when the parse missed the verb ("Le
    syndicaliste X juge que le gouvernement ...", "juge" tagged a noun and X no subject)."""
    named = [m.start for m in ctx.mentions if floor <= m.start < subject.idx]
    if not named:
        return False
    between = ctx.doc.char_span(max(named), subject.idx, alignment_mode="expand") or ()
    return subject.head.dep_ in EMBEDDED_CLAUSES or any(t.lower_ in ("que", "qu'", "qu’") for t in between)


# Clauses inside another: in "X estime que le gouvernement peut revenir en arrière", the government is
# what X speaks of, and a later "réclame-t-il" is X's.
EMBEDDED_CLAUSES = frozenset({"ccomp", "advcl", "acl", "acl:relcl", "csubj", "xcomp"})


def interrupted_by(subject: Token, pronoun: Token) -> bool:
    """'Le gouvernement, a-t-il insisté, « mènera le bateau à bon port »': an incise set inside the
    clause `subject` opens, before that clause has its verb, reports someone else saying it."""
    if not (is_inverted_pronoun(pronoun) or pronoun.lower_ in ("-t", "t")):
        return False
    doc = subject.doc
    commas = [t.i for t in doc[subject.i + 1:pronoun.i] if t.text == ","]
    return bool(commas) and not any(is_finite(t) for t in doc[subject.i + 1:commas[-1]])


def plural_antecedent(ctx: Context, offset: int) -> Speaker | None:
    """'Des représentants du groupe ont réagi. Selon eux, « ... »': a plural pronoun is the latest
    plural subject in its sentence or the one before when that subject is an organisation ('les
    Talibans') or speaks for one ('les représentants du groupe', 'les membres d'Ansar Eddine'); any
    other group ('les deux hommes') is no one speaker."""
    start = ctx.sentence_at(offset)
    if start is None:
        return None
    previous = ctx.sentence_at(max(0, start.start_char - 2)) if start.start_char > 0 else None
    floor = previous.start if previous is not None else start.start
    doc = ctx.doc
    for tok in reversed(doc[floor:start.end]):
        if tok.idx >= offset or ctx.inside_quote(tok.idx):
            continue
        if tok.pos_ in ("NOUN", "PROPN") and is_plural(tok) and tok.dep_.startswith("nsubj"):
            org = ctx.org_at(tok)
            if org:  # "Les Talibans ont revendiqué l'attaque. Ils affirment ..."
                return org
            speaks_for_one = (ctx.rules.role_of(tok) in ctx.rules.spokesperson_nouns
                              or fold(tok.text) in default_people_rules().group_nouns)  # "les membres d'X"
            return complement_org(ctx, tok) if speaks_for_one else None
    return None


def is_plural(noun: Token) -> bool:
    """'Les Talibans': the model marks some plural names singular; their determiner says plural."""
    return "Plur" in noun.morph.get("Number") or any(
        c.dep_ == "det" and "Plur" in c.morph.get("Number") for c in noun.children)


def complement_org(ctx: Context, noun: Token) -> Speaker | None:
    """'(le porte-parole) de la police madrilène' -> police madrilène; 'de la chaîne' -> the
    organisation introduced as 'la chaîne ... France 24'."""
    doc = ctx.doc
    i = noun.i + 1
    if i >= len(doc) or doc[i].lower_ not in ("de", "du", "des", "d'", "d’"):
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
        return ctx.main_org(head.idx)
    if head.pos_ == "NOUN" and head.is_lower:
        words = [head.text] + [t.text for t in doc[i + 1:i + 2] if t.pos_ == "ADJ" and t.is_lower]
        return Speaker(" ".join(words), "organisation")
    return None


def institution_name(ctx: Context, noun: Token) -> Speaker:
    """'le gouvernement malien', 'la police madrilène', 'le Sénat', 'le ministère de l'Intérieur': an
    institution is named by its phrase; a bare 'le ministère' by the fullest phrase of the article
    built on the same noun ('la police' ... 'la police madrilène')."""
    return Speaker(ctx.org_name(institution_phrase(ctx.doc, noun)), "organisation")


def noun_phrase_speaker(ctx: Context, noun: Token) -> Speaker | None:
    """'le syndicat SUD' -> SUD; 'le gouvernement malien' -> that phrase; 'l'ONG' -> the last
    organisation named; 'le patron de SpaceX' -> the person it describes; 'un porte-parole de la police'
    -> the police; 'l'entourage de X' -> `UNNAMED`, people close to X, not X."""
    if fold(noun.lemma_) in ctx.rules.associate_nouns or fold(noun.text) in ctx.rules.associate_nouns:
        return UNNAMED
    relayers = relaying_agents(noun.subtree)
    phrase = []
    for t in noun.subtree:  # up to an object: "des sources policières à l'AFP" is not the AFP speaking
        if t.i > noun.i and (t.lower_ in OBJECT_PREPOSITIONS or t.lower_ == "auprès"):
            break
        if t.i > noun.i and ("Part" in t.morph.get("VerbForm") or t.lower_ in ("qui", "dont")):
            break  # "l'écrivain accompagné de son éditeur Olivier Cohen" is not the publisher
        if t.i >= noun.i and not ctx.inside_quote(t.idx) and t.i not in relayers:
            phrase.append(t)
    role = ctx.rules.role_of(noun)
    complements = {t.i for t in phrase if role is not None and is_complement_name(ctx, t, noun)}
    person = next((p for p in map(ctx.person_at, (t for t in phrase if t.i not in complements)) if p), None)
    if person:
        return person
    named = name_after(ctx, noun)
    if named and not (named.type == "organisation" and is_person_role(ctx, noun)):
        return named  # "le quotidien El Punt Avui", "le syndicat SUD"; not the party of "la candidate LR"
    lemma = fold(noun.lemma_)
    if lemma in ctx.rules.document_nouns or fold(noun.text) in ctx.rules.document_nouns:
        return document_author(ctx, noun)
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
    elif role is not None and is_plural(noun):
        # "Les deux hommes ont échangé ...": a group, not one of them; "les analystes du groupe X": X
        return (complement_org(ctx, noun) or next((o for o in map(ctx.org_at, phrase) if o), None)
                or group_institution(ctx, noun) or UNNAMED)  # "les gendarmes" -> the gendarmerie named
    elif role is not None:  # "son avocate", "l'avocat de X" are someone's: only a person named with that role
        return None if is_indefinite(noun) else ctx.describe(noun, role, named_only=is_possessed(noun) or bool(complements))
    org = next((o for o in map(ctx.org_at, phrase) if o), None)
    if org:
        return org
    if lemma == "source" and is_anaphoric(noun):  # "a ajouté cette source", "selon la même source"
        return ctx.last_salient(noun.idx)
    if fold(noun.text) in ("dernier", "derniere") and is_anaphoric(noun):  # "Cette dernière se dit ..."
        return ctx.last_named(noun.idx, "Fem" if fold(noun.text) == "derniere" else "Masc")
    if lemma in ctx.rules.institution_nouns:  # "le gouvernement malien" is named by the phrase itself
        return group_institution(ctx, noun) or institution_name(ctx, noun)  # "le ministère public" -> the parquet
    if lemma in ctx.rules.org_nouns:
        return ctx.org_introduced_by(lemma, noun.idx) or ctx.main_org(noun.idx) or group_institution(ctx, noun)
    return group_institution(ctx, noun)


def is_anaphoric(noun: Token) -> bool:
    """'cette source', 'la même source', 'ces sources', 'ce dernier': a noun that points back at what
    came before."""
    before = [t.lower_ for t in noun.doc[max(0, noun.i - 2):noun.i]]
    return bool({"ce", "cette", "ces", "même", "mêmes"} & set(before))


def group_institution(ctx: Context, noun: Token) -> Speaker | None:
    """'les autorités', 'les forces de l'ordre' as speakers: the institution they stand for that the
    article names ('ajoute la police'), else None (an unnamed group)."""
    written = " ".join(re.findall(r"[\w']+", fold(ctx.text[noun.idx:noun.idx + 24]).replace("’", "'")))
    for members, institutions in ctx.rules.group_institutions:
        if not (written == members or written.startswith(members + " ")):
            continue
        for name in institutions:
            named = next((t for t in ctx.doc if fold(t.lemma_) == fold(name) and t.is_lower
                          and not ctx.inside_quote(t.idx)), None)
            if named is not None:
                return institution_name(ctx, named)
    return None


# Participles whose agent only passes words on: "une source citée par l'AFP", "des propos recueillis
# par Le Monde", "un proche joint par franceinfo" (the agency did not say them).
RELAY_VERBS = frozenset({"citer", "rapporter", "relayer", "recueillir", "interroger", "joindre", "contacter",
                         "consulter", "interviewer", "questionner"})


def relaying_agents(tokens) -> set[int]:
    """Indices of the agent phrases of the relaying participles among `tokens`."""
    return {t.i for verb in tokens if fold(verb.lemma_) in RELAY_VERBS
            for agent in verb.children if agent.dep_ == "obl:agent" for t in agent.subtree}


def is_person_role(ctx: Context, noun: Token) -> bool:
    """'candidate', 'ministre', 'shérif': a role that describes a person, not an organisation noun."""
    role = ctx.rules.role_of(noun)
    return role is not None and role not in ctx.rules.org_nouns and role not in ctx.rules.spokesperson_nouns


def document_author(ctx: Context, noun: Token) -> Speaker | None:
    """'le rapport', 'le communiqué' as a speaker: who produced it. Its complement ('un rapport de la
    Ligue arabe'); else the subject of the verb that brought it in earlier ('Human Rights Watch a
    publié mardi un rapport'); else the latest organisation named."""
    found = complement_org(ctx, noun)
    if found:
        return found
    lemma = fold(noun.lemma_)
    for earlier in reversed(ctx.doc[:noun.i]):
        if fold(earlier.lemma_) != lemma or ctx.inside_quote(earlier.idx):
            continue
        subjects = [t for t in earlier.head.children if t.dep_ == "nsubj" and t.i != earlier.i]
        for subject in subjects:
            found = subject_speaker(ctx, subject) if fold(subject.lemma_) not in ctx.rules.document_nouns else None
            if found:
                return found
    return ctx.last_org(noun.idx) or ctx.last_institution(noun.idx)  # "le ministère ... a annoncé"


def name_after(ctx: Context, noun: Token) -> Speaker | None:
    """The name right after a common noun and its adjectives: 'le quotidien français Le Figaro'."""
    doc = ctx.doc
    i = noun.i + 1
    while i < len(doc) and doc[i].pos_ == "ADJ" and doc[i].is_lower:
        i += 1
    if i < len(doc) and not ctx.inside_quote(doc[i].idx):
        return ctx.person_at(doc[i]) or ctx.org_at(doc[i])
    return None


def apposed_name(ctx: Context, noun: Token) -> Speaker | None:
    """The person named right after a role noun, with or without commas: 'Le maire, Jean Morel, est
    clair :', 'Le maire Jean Morel ne décolère pas :'."""
    if noun.pos_ != "NOUN":
        return None
    return ctx.apposed_person(noun) or opening_apposition(ctx, noun)


APPOSITION_WORDS = 12  # "Ancien joueur (en 2002) devenu entraîneur, Aliou Cissé ne boude pas son plaisir"


def opening_apposition(ctx: Context, noun: Token) -> Speaker | None:
    """A role phrase opening its sentence, then a comma and a name: the name is the subject the role
    describes ("Ancien joueur devenu entraîneur, Aliou Cissé ..."), whatever the parser hung on it."""
    doc, sentence = ctx.doc, noun.sent
    if any(t.pos_ not in ("DET", "ADJ") for t in doc[sentence.start:noun.i] if not t.is_space):
        return None
    for i in range(noun.i + 1, min(sentence.end - 1, noun.i + APPOSITION_WORDS)):
        if is_finite(doc[i]) or ctx.inside_quote(doc[i].idx):
            return None
        if doc[i].text == ",":
            return ctx.person_at(doc[i + 1])
    return None


def subject_speaker(ctx: Context, token: Token) -> Speaker | None:
    """The speaker a subject token stands for: a name, an organisation, a pronoun, a description."""
    if token.lower_ in ("qui", "que", "qu'", "qu’"):
        return None
    if is_demonym(token) and not names_outlet(ctx, token) and ctx.person_at(token) is None:
        return ctx.last_salient(token.idx, noun_gender(token))  # "Le Français explique", even tagged ORG
    org = ctx.org_at(token)
    found = (ctx.person_at(token) or (org and (affiliated_person(ctx, token) or org))
             or ctx.institution_of_place(token) or country_speaker(token))
    if found:
        return found
    if is_third_person(token):
        return resolve_pronoun(ctx, token.idx, token)
    if is_demonstrative(token):  # "Celui-ci demande à l'auditoire de « tout donner »"
        return ctx.last_named(token.idx)
    if token.pos_ in ("NOUN", "PROPN") or fold(token.text) in ("dernier", "derniere"):  # tagged ADJ
        return noun_phrase_speaker(ctx, token)
    return None


AFFILIATION_LINKS = frozenset({"de", "du", "des", "d'", "d’"})
ADDRESSEE_MARKERS = frozenset({"à", "au", "aux", "par", "de", "d'", "d’", "du", "pour", "avec", "contre", "chez"})
# "le cas de X", "pour X", "chez X (PS) :": X's own words (a review's "chez" cases, fifteenth session)
SPOKEN_TO = ADDRESSEE_MARKERS - {"de", "d'", "d’", "du", "pour", "chez"}


def affiliated_person(ctx: Context, token: Token) -> Speaker | None:
    """The person an organisation is apposed to as an affiliation: "que met en avant Nicolas
    Bouchouicha, de la CGT :" (the model makes "CGT" the subject). The person speaks, not the union."""
    doc, i = token.doc, token.i
    while i > 0 and ctx.org_at(doc[i - 1]) == ctx.org_at(token):
        i -= 1  # to the start of the organisation's name
    if i > 0 and doc[i - 1].pos_ == "DET" and doc[i - 1].lower_ in ("la", "le", "l'", "l’", "les"):
        i -= 1
    # a party in parentheses ("Zahour Loulaji (MR) :") or the group of a role ("pour Lotte Stoops, chef
    # de groupe Ecolo-Groen, « ... »"): after "le cas de X", "pour X" or "chez X", X still speaks
    if i >= 2 and doc[i - 1].text == "(":
        name_end, addressed = i - 2, SPOKEN_TO
    elif (role_comma := role_apposition_comma(ctx, i)) is not None:
        name_end, addressed = role_comma - 1, SPOKEN_TO
    elif i >= 3 and doc[i - 1].lower_ in AFFILIATION_LINKS and doc[i - 2].text == ",":  # "X, de la CGT :"
        name_end, addressed = i - 3, ADDRESSEE_MARKERS
    else:
        return None
    first = ctx.name_start(doc[name_end])
    if first is None or (first.i > 0 and doc[first.i - 1].lower_ in addressed):
        return None  # "C'est ce que reproche la direction à Jean Dupont, de la CGT :": he is spoken to
    return ctx.person_at(first)


def role_apposition_comma(ctx: Context, org_start: int) -> int | None:
    """The comma before a role an organisation's name completes, set after a name: the comma of
    "Lotte Stoops, chef de groupe Ecolo-Groen"; else None."""
    doc = ctx.doc
    k = org_start - 1
    while k > 0 and org_start - k <= 5 and doc[k].is_lower and not doc[k].is_punct:
        k -= 1
    if k >= 1 and doc[k].text == "," and any(ctx.rules.role_of(t) for t in doc[k + 1:org_start]):
        return k
    return None


def country_speaker(token: Token) -> Speaker | None:
    """'La Russie a dénoncé ...': a country (a place the model tags LOC, with an article before its name)
    as the subject of a saying verb speaks for its government; named without the article. A region
    with an article passes too ("la Wallonie"): it speaks for its government as well."""
    if token.ent_type_ != "LOC" or not token.text[:1].isupper() or not token.dep_.startswith("nsubj"):
        return None
    if is_demonym(token):
        return None  # "Le Français âgé de 20 ans a expliqué": a man, not France
    doc = token.doc
    start, end = token.i, token.i + 1
    while start > 0 and token.doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    # a country takes its article outside the name ("la France", "l'Iran"); a city whose article is
    # part of its name ("Le Havre", "La Haye") or a word with none ("Installée depuis ...") is not one
    if start == 0 or fold(doc[start - 1].text) not in ("la", "le", "l'", "les") or doc[start].pos_ == "DET":
        return None
    return Speaker(doc[start:end].text, "organisation")


def names_outlet(ctx: Context, token: Token) -> bool:
    """'Le Parisien rapporte', 'Le Républicain lorrain a révélé': the article and the word, or with the
    adjective after it, are the title of a newspaper."""
    doc = token.doc
    start = max(token.i - 1, 0)
    phrases = [token.text] + [doc[start:end].text for end in (token.i + 1, token.i + 2) if end <= len(doc)]
    return any(ctx.rules.is_media(phrase) for phrase in phrases)


def is_demonym(token: Token) -> bool:
    """'le Français', 'la Belge', 'l'Américain': one inhabitant, a person (its lower case is a common
    word, and it is no country: "la Chine" is)."""
    doc = token.doc
    det = doc[token.i - 1] if token.i else None
    if det is None or det.text[:1].isupper() and not det.is_sent_start:
        return False  # "a révélé Le Républicain lorrain": an article written capital inside a sentence opens a title
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    rules = default_people_rules()
    return (token.text[:1].isupper() and det.lower_ in ("le", "la", "l'", "l’")  # singular ("Français" is both)
            and (fold(token.text).endswith(DEMONYM_ENDINGS) or fold(token.text) in DEMONYMS)
            and (token.lower_ in rules.common_words or token.lower_ + "e" in rules.common_words)  # "neuchâteloise" only
            and fold(token.text) not in rules.stop_names
            and not (after is not None and (after.text[:1].isupper() or after.lower_ in ("de", "d'", "d’", "du"))))


# How most demonyms end ("Français", "Marocaine", "Italien", "Européen", "Américain", "Espagnol"), and
# those that end otherwise; "la Confédération", "la Ville de Dakar" are none, and "corse" is left out
# because "la Corse" is the island far more often than a woman from it.
DEMONYM_ENDINGS = ("ais", "aise", "ois", "oise", "ain", "aine", "ien", "ienne", "een", "eenne", "ol", "ole")
DEMONYMS = frozenset({"belge", "suisse", "russe", "grec", "grecque", "turc", "turque", "tcheque", "slovaque",
                      "basque", "arabe", "kurde", "serbe", "croate", "slovene", "britannique",
                      "allemand", "allemande", "argentin", "argentine"})


def is_demonstrative(token: Token) -> bool:
    """'celui-ci', 'celle-ci', as one token or as 'Celui' '-' 'ci' (fr_core_news_md)."""
    doc = token.doc
    word = fold(token.text)
    if word in ("celui-ci", "celle-ci"):
        return True
    return word in ("celui", "celle") and "".join(t.text for t in doc[token.i + 1:token.i + 3]).lower() == "-ci"


# Adverbial phrases between an incise verb and its subject, as folded words.
INCISE_ADVERBIALS = (("d'", "abord"), ("d’", "abord"), ("de", "son", "cote"), ("de", "leur", "cote"),
                     ("a", "son", "tour"), ("pour", "sa", "part"), ("pour", "leur", "part"), ("quant", "a", "lui"),
                     ("quant", "a", "elle"), ("lui", "aussi"), ("elle", "aussi"), ("en", "substance"),
                     ("d'", "emblee"), ("d’", "emblee"), ("d'", "ailleurs"), ("d’", "ailleurs"), ("par", "ailleurs"),
                     ("en", "outre"), ("en", "revanche"), ("de", "nouveau"), ("a", "nouveau"))


def adverbial_length(doc, start: int) -> int:
    """How many tokens of an adverbial phrase open the window at `start` (0 if none)."""
    words = [fold(t.text) for t in doc[start:start + 3]]
    return next((len(phrase) for phrase in INCISE_ADVERBIALS if tuple(words[:len(phrase)]) == phrase), 0)


def incise_subject(ctx: Context, start: int) -> Speaker | None:
    """The subject after an incise verb: '«...», a expliqué à l'AFP Gilles-Éric Séralini, professeur',
    'affirme un jeune manifestant, Abdel Nasser', 'ajoute Hassan, un autre manifestant',
    'a ajouté le porte-parole de la police madrilène'. Names after "à", "pour" ... are objects."""
    doc = ctx.doc
    if start < len(doc) and doc[start].text == "," and adverbial_length(doc, start + 1):
        start += 1  # "crie, pour sa part Benghebrit"
    start += adverbial_length(doc, start)  # "rappelle d'abord le coach", "ajoute de son côté X"
    window = []
    for tok in doc[start:start + 14]:
        if tok.text in (".", ";", ":", "!", "?", "«", "»", "“", "”", '"') or "\n" in tok.text:
            break
        window.append(tok)
    if not window:
        return None

    def is_object(tok: Token) -> bool:
        if tok.dep_ == "nsubj" and tok.head.i < tok.i and ctx.rules.is_reporting(tok.head):
            return False  # "a lancé avec le sourire Didier Decoin": the parser's subject of the incise verb
        name = ctx.person_at(tok) or ctx.org_at(tok)
        i = tok.i - 1
        # to the start of this name only: in "insiste auprès de l'AFP Yannick Jadot" the preposition
        # governs the agency, not the name after it
        while i >= start and name is not None and (ctx.person_at(doc[i]) or ctx.org_at(doc[i])) == name:
            i -= 1
        # over a description in apposition: "à la demande de sa veuve Sandrine Diouf", but one noun
        # phrase only: in "a déclaré dans un communiqué la rédaction du JDD" the "dans" is not its
        while i >= start and (doc[i].pos_ == "DET" or (doc[i].pos_ in ("NOUN", "ADJ") and doc[i].is_lower)
                              or is_party_label(doc, i)):  # "de la députée PLR Sandra Nobs"
            if doc[i].pos_ == "DET" and i - 1 >= start and doc[i - 1].pos_ in ("NOUN", "ADJ") and doc[i - 1].is_lower:
                return False
            i -= 1
        phrase = doc[i + 1:tok.i]
        if (i >= start and doc[i].lower_ in SETTING_PREPOSITIONS and name is not None
                and any(t.pos_ == "NOUN" for t in phrase) and not any(names_a_person(ctx, t) for t in phrase)):
            return False  # "a lancé sous les applaudissements Emmanuel Macron": no one is applause
        return i >= start and (doc[i].lower_ in OBJECT_PREPOSITIONS or doc[i].pos_ == "ADP")

    for tok in window:
        found = ctx.person_at(tok)
        if found and not is_object(tok):
            return found
    first = window[0]
    if is_third_person(first) and first.pos_ == "PRON":
        return unnamed_antecedent(ctx, first) or resolve_pronoun(ctx, first.idx, first)
    if fold(first.text) in ("celui", "celle") and len(window) > 1 and window[1].lower_ == "qui":
        # "sourit celui qui sera candidat": the person the text is about
        return ctx.last_person_of_gender(first.idx, "Masc" if fold(first.text) == "celui" else "Fem")
    named_org = org_named_by_its_words(ctx, window) or outlet_title(ctx, window)
    if named_org:
        return named_org
    if (first.text[:1].isupper() and first.is_alpha and len(window) > 1 and window[1].text == ","
            and not ctx.org_at(first) and (any(ctx.rules.role_of(t) for t in window[2:5]) or (
                any(t.lower_ in ("un", "une") for t in window[2:4]) and any(t.lower_ in ("des", "de") for t in window[3:5])))):
        return Speaker(first.text, "person")  # "Hassan, un autre manifestant", "Nordine, l'un des habitants": a name the model missed
    if is_name_with_party(ctx, window):
        return Speaker(f"{window[0].text} {window[1].text}", "person")  # "espère Gusty Graas (DP)"
    # The subject is the first noun phrase no preposition governs: "a répondu la porte-parole de la
    # fédération à une question de la RTBF" is the federation's, not the RTBF's.
    for tok in window:
        if is_object(tok) or tok.pos_ not in ("NOUN", "PROPN") or fold(tok.lemma_) in TIME_NOUNS:
            continue  # "a déclaré ce lundi matin le ministre": the time is no subject
        found = ctx.org_at(tok) or ctx.institution_of_place(tok)  # "ont annoncé l'Elysée et le ministre"
        if found:
            return found
        if tok.is_lower:
            found = noun_phrase_speaker(ctx, tok)
            return found or (UNNAMED if is_unnamed_person(ctx, tok) or is_unnamed_group(tok) else None)
    nominal = next((t for t in window if t.pos_ == "ADJ" and t.is_lower and t.i > 0 and doc[t.i - 1].pos_ == "DET"), None)
    if nominal is not None and is_indefinite(nominal):
        return UNNAMED  # "plaisante même un intime": an adjective made a noun, someone unnamed
    return None


# Prepositions of a circumstance between an incise verb and its subject ("sous la pluie", "dans un
# communiqué"): a name after their noun phrase is apposed to it only if that phrase names a person.
SETTING_PREPOSITIONS = frozenset({"sous", "dans"})


def names_a_person(ctx: Context, token: Token) -> bool:
    """'sa veuve', 'le ministre', 'son fils': a noun for a person, by the role and people lists."""
    person_nouns = default_people_rules().person_nouns
    return bool(ctx.rules.role_of(token)) or fold(token.text) in person_nouns or fold(token.lemma_) in person_nouns


def is_party_label(doc: Doc, i: int) -> bool:
    """An acronym right after a role noun, the role's party: "la députée PLR", "le sénateur LR", also
    with the role's adjective between ("la conseillère nationale UDC")."""
    if not (doc[i].is_upper and doc[i].is_alpha and i > 0):
        return False
    k = i - 1
    if k > 0 and doc[k].pos_ == "ADJ" and doc[k].is_lower:
        k -= 1
    return doc[k].pos_ == "NOUN" and doc[k].is_lower


def is_name_with_party(ctx: Context, window: list[Token]) -> bool:
    """'Gusty Graas (DP)': two capitalised words then an acronym in parentheses, the way Belgian,
    Luxembourg and Swiss papers give a politician's party, is a person the model missed."""
    if len(window) < 5 or not (window[2].text == "(" and window[4].text == ")"):
        return False
    first, last, party = window[0], window[1], window[3]
    return (first.is_alpha and last.is_alpha and first.text[:1].isupper() and last.text[:1].isupper()
            and not first.is_upper and not last.is_upper and party.is_upper and party.is_alpha
            and ctx.org_at(first) is None and ctx.org_at(last) is None
            and fold(first.text) not in default_people_rules().org_words
            and fold(last.text) not in default_people_rules().org_words)


def outlet_title(ctx: Context, window: list[Token]) -> Speaker | None:
    """'a révélé Le Républicain lorrain': a newspaper's title, article included, which the model tags
    as an adjective; the subject of the incise verb, so the outlet is the source."""
    for end in (3, 2):
        phrase = window[:end]
        if (len(phrase) == end and phrase[0].pos_ == "DET" and phrase[0].text[:1].isupper()
                and ctx.rules.is_media(" ".join(t.text for t in phrase))):
            return Speaker(" ".join(t.text for t in phrase), "organisation")
    return None


def org_named_by_its_words(ctx: Context, window: list[Token]) -> Speaker | None:
    """'indique Lagardère News': a capitalised name the model missed that an organisation word
    ("News", "Institut", "Fondation") makes an organisation."""
    run = []
    for tok in window:
        if not (tok.text[:1].isupper() or (run and tok.lower_ in ("de", "du", "des", "d'", "d’"))):
            break
        run.append(tok)
    org_words = default_people_rules().org_words
    if len(run) > 1 and run[-1].text[:1].isupper() and any(fold(t.text) in org_words for t in run):
        return Speaker(ctx.org_name("".join(t.text_with_ws for t in run).strip()), "organisation")
    return None


def is_unnamed_person(ctx: Context, noun: Token) -> bool:
    """'un porte-parole', 'son avocate', 'un proche', 'l'avocat de X': a person the text does not name
    (and whom no organisation or description resolved)."""
    if noun.pos_ != "NOUN" or not noun.is_lower or ctx.rules.role_of(noun) is None:
        return False
    return is_indefinite(noun) or is_possessed(noun) or any(  # "l'avocat de Jean Dupont"
        is_complement_name(ctx, t, noun) for t in noun.doc[noun.i + 2:min(len(noun.doc), noun.i + 5)])


def is_complement_name(ctx: Context, tok: Token, noun: Token) -> bool:
    """A person's name after "de" in a role's complement: in "l'avocat de Jean Dupont" the lawyer is
    not Jean Dupont (the name right after the role is the role's holder: "le président Trump")."""
    if ctx.person_at(tok) is None or tok.i <= noun.i + 1:
        return False
    k = tok.i - 1
    while k > noun.i and ctx.person_at(ctx.doc[k]) == ctx.person_at(tok):
        k -= 1  # to the start of the name
    while k > noun.i and ctx.doc[k].pos_ == "DET":
        k -= 1
    return fold(ctx.doc[k].text) in ("de", "d'", "du", "des")


def is_possessed(noun: Token) -> bool:
    """'son avocate', 'sa veuve', 'leur porte-parole'."""
    return any(c.dep_ == "det" and "Yes" in c.morph.get("Poss") for c in noun.children) or (
        noun.i > 0 and noun.doc[noun.i - 1].lower_ in POSSESSIVES)


def after_incise(ctx: Context, quote: Quote) -> Speaker | None:
    """'«...», a-t-il promis', '«...» indique le quotidien', '«...», a abondé Elon Musk'."""
    doc = ctx.doc
    close = doc.char_span(quote.close_mark, quote.close_mark + 1, alignment_mode="expand")
    if close is None:
        return None
    start = close.end + completion_length(ctx, close.end)  # "» en France, a déclaré": from the comma
    i, inverted, indefinite = start, None, False
    while i < len(doc) and i - start < 8:
        adverbial = adverbial_length(doc, i) if i > start else 0  # "a pour sa part déclaré X"
        if adverbial:
            i += adverbial
            continue
        modal = modal_length(ctx, i) if i > start else 0  # "a tenu à souligner X"
        if modal:
            i += modal
            break
        if not (doc[i].lower_ in INCISE_FILLERS or is_inverted_pronoun(doc[i]) or doc[i].lower_ == "-on"
                or (doc[i].pos_ == "AUX" and not ctx.rules.is_reporting(doc[i]))):  # "affirme" tagged AUX
            break
        inverted = doc[i] if is_inverted_pronoun(doc[i]) else inverted
        indefinite |= doc[i].lower_ == "-on"  # "a-t-on indiqué"
        i += 1
    if i >= len(doc):
        return None
    if indefinite or any(t.lower_ == "-on" for t in doc[i + 1:i + 3]):
        return speaking_organisation(ctx, i)  # "on" names no one itself
    if not (ctx.rules.is_reporting(doc[i]) or doc[i].lower_ in ctx.rules.reporting_forms
            or unlisted_incise_verb(ctx, start, i, inverted)):
        return None
    pronoun = incise_pronoun(doc[i], inverted)
    if pronoun is not None and pronoun.lower_.split("-")[-1] not in PLURAL_PRONOUNS:
        introduced = introduced_before_paragraph(ctx, quote, pronoun_gender(pronoun))
        if introduced:
            return replace(introduced, cue=doc[i].lemma_)
    return incise_speaker(ctx, doc[i], inverted)


def modal_length(ctx: Context, i: int) -> int:
    """How many tokens a verb of `INCISE_MODALS` and its preposition take before the reporting
    infinitive they lead to ("tenu à" in "a tenu à souligner"); 0 if `i` is not one."""
    doc = ctx.doc
    link = INCISE_MODALS.get(doc[i].lemma_.lower())
    if link is None or doc[i].pos_ not in ("VERB", "AUX"):
        return 0
    k = i + 1 + (1 if link else 0)
    if k >= len(doc) or (link and doc[i + 1].lower_ != link):
        return 0
    return k - i if ctx.rules.is_reporting(doc[k]) and "Inf" in doc[k].morph.get("VerbForm") else 0


def speaking_organisation(ctx: Context, i: int) -> Speaker | None:
    """'« ... », explique-t-on chez Renault': the organisation after "chez" speaks. Anything else
    decides nothing: in "a-t-on indiqué à l'AFP" the outlet is told, in "souligne-t-on au sein de la
    direction" the context says who (a review found both; ninth session)."""
    doc = ctx.doc
    for k in range(i + 1, min(len(doc) - 1, i + 5)):
        if doc[k].is_punct:
            break
        if doc[k].lower_ == "chez":
            found = ctx.org_at(doc[k + 1])
            return replace(found, cue=doc[i].lemma_) if found else None
    return None


# what may follow the name that ends a paragraph: "se pose Dominique Bussereau sur BFMTV."
PARAGRAPH_END = re.compile(r"(?:\s+(?:sur|à|au|dans|en|chez)\s+[^\s.,;:«»]+(?:\s+[^\s.,;:«»]+)?)?\s*\.?")


def introduced_before_paragraph(ctx: Context, quote: Quote, gender: str | None) -> Speaker | None:
    """'... comme les Engagés et son président Maxime Prévot.' then a paragraph '« ... », notait-il':
    the person whose name ends the paragraph before was named to be quoted next."""
    text = ctx.text
    line_start = text.rfind("\n", 0, quote.open_mark) + 1
    if text[line_start:quote.open_mark].strip() or line_start == 0:
        return None  # the quote does not open its paragraph
    before = text[:line_start].rstrip()
    if not before.endswith("."):
        return None
    last = next((m for m in reversed(ctx.mentions) if m.end <= len(before)), None)
    if last is None or not PARAGRAPH_END.fullmatch(before[last.end:]):
        return None  # the paragraph does not end on the name ("..., Dominique Bussereau sur BFMTV." does)
    if gender is not None and ctx.genders.get(last.name) not in (None, gender):
        return None
    return Speaker(last.name, "person")


def completion_length(ctx: Context, after_close: int) -> int:
    """'« ... décision déterminante pour l'avenir de la chimie » en France, a déclaré X': a few words
    that end the quoted sentence outside the marks, then a comma and the incise (0 if none)."""
    doc = ctx.doc
    for k in range(after_close, min(len(doc), after_close + 5)):
        if doc[k].text == ",":
            following = doc[k + 1] if k + 1 < len(doc) else None
            return k - after_close if k > after_close and following is not None and following.pos_ == "AUX" else 0
        if doc[k].is_punct or doc[k].pos_ in ("VERB", "AUX", "PRON") or ctx.inside_quote(doc[k].idx):
            return 0
    return 0


def unlisted_incise_verb(ctx: Context, comma: int, i: int, inverted: Token | None) -> bool:
    """'« ... », a positivé le sélectionneur', '« ... », a-t-il tempêté', '« ... », se désespère
    Laurence', '« ... », grince Paul Durand': after a quote and a comma, a verb followed by its subject
    (inverted) is an incise whatever the verb; no list holds every verb journalists use."""
    doc = ctx.doc
    verb = doc[i]
    if verb.pos_ != "VERB" or verb.lemma_ in ("être", "avoir"):
        return False
    if doc[comma].text != ",":
        return comma == i and right_after_mark(ctx, verb)
    between = doc[comma + 1:i]
    after = i + 1
    while after < min(len(doc), i + 3) and doc[after].pos_ == "ADV" and doc[after].is_lower:
        after += 1  # "plaisante même un intime"
    follows = doc[after] if after < len(doc) else None
    if any(t.pos_ == "AUX" for t in between) and "Part" in verb.morph.get("VerbForm"):
        return inverted is not None or (follows is not None and follows.pos_ in ("DET", "PROPN"))
    if "Fin" not in verb.morph.get("VerbForm") or follows is None:
        return False
    reflexive = any(t.lower_ in ("se", "s'", "s’") for t in between)
    return (reflexive and follows.pos_ in ("DET", "PROPN")) or ctx.person_at(follows) is not None


def right_after_mark(ctx: Context, verb: Token) -> bool:
    """'« on est soixante dans l'association » dévoile Alain Bonsignore': with no comma, a finite verb
    right after the closing mark is an incise only when a person or a role follows it (not "« woke »
    désigne la ...")."""
    doc = ctx.doc
    if "Fin" not in verb.morph.get("VerbForm") or verb.i + 1 >= len(doc):
        return False
    mark = verb.i - 1  # the closing mark; the opening one must not follow a determiner: "Le « wokisme » obsède"
    opening = next((q for q in ctx.quotes if q.close_mark == doc[mark].idx), None)
    opener = doc.char_span(opening.open_mark, opening.open_mark + 1, alignment_mode="expand") if opening else None
    if opener is None or (opener.start > 0 and doc[opener.start - 1].pos_ == "DET"):
        return False
    follows = doc[verb.i + 1]
    if ctx.person_at(follows):
        return True
    return (ctx.rules.is_reporting(verb) and follows.pos_ == "DET" and verb.i + 2 < len(doc)
            and ctx.rules.role_of(doc[verb.i + 2]) is not None)


def incise_pronoun(verb: Token, inverted: Token | None = None) -> Token | None:
    """The inverted subject pronoun of an incise verb: the one found before it ("a-t-il dit"), right
    after it ("déclare -t-il"), or glued to it ("déclare-t-il" as one token); None for a noun subject."""
    doc = verb.doc
    after = verb.i + 2 if verb.i + 2 < len(doc) and doc[verb.i + 1].lower_ == "-t" else verb.i + 1
    if inverted is None and after < len(doc) and is_inverted_pronoun(doc[after]):
        inverted = doc[after]  # "ajoute -t -elle", split in three by the model
    if inverted is None and "-" in verb.text and is_third_person(verb):
        inverted = verb
    return inverted


def incise_speaker(ctx: Context, verb: Token, inverted: Token | None = None) -> Speaker | None:
    doc = ctx.doc
    inverted = incise_pronoun(verb, inverted)
    if inverted is not None:  # "a-t-il complimenté": the pronoun comes before the participle
        unnamed = unnamed_antecedent(ctx, inverted)
        if unnamed is not None:  # "une habitante s'inquiète. « ... », explique-t-elle": not the man named before
            return unnamed if unnamed is UNNAMED else replace(unnamed, cue=verb.lemma_)
        found = resolve_pronoun(ctx, inverted.idx, inverted)
        return replace(found, cue=verb.lemma_) if found else None
    j = verb.i + 1
    while j < len(doc) and doc[j].lower_ in ("-t", "t"):
        j += 1
    found = incise_subject(ctx, j)
    return replace(found, cue=verb.lemma_) if found and found is not UNNAMED else found


INNER_INCISE_WORDS = 12  # "a déclaré Serge Gumy dans les colonnes de son quotidien." inside the marks


def inner_incise(ctx: Context, quote: Quote) -> Speaker | None:
    """'« Il s'est mis à insulter les policiers, notent les autorités. Il a dû ... »', '« Ce projet,
    dit-il, est une erreur »', '« Que vaut une voiture ? réagit-il. »': an incise set off by a comma (or
    after a question or exclamation mark) inside the marks (some outlets keep it in)."""
    span = quote_tokens(ctx.doc, quote)
    if span is None:
        return None
    doc = ctx.doc
    for tok in span[1:]:
        k = tok.i - 1
        while k > span.start and doc[k].lower_ in INCISE_FILLERS - {","}:  # ", a déclaré Nicolas R.,"
            k -= 1
        # "« Que vaut une voiture ? réagit Sébastien. Nous ... »": after "?" or "!", the verb in lower case
        mark = doc[k].text == "," or (doc[k].text in ("?", "!", "…") and tok.is_lower)
        if not mark or not (ctx.rules.is_reporting(tok) or tok.lower_ in ctx.rules.reporting_forms):
            continue
        closing = [t for t in doc[tok.i + 1:min(span.end, tok.i + 1 + INNER_INCISE_WORDS)]
                   if t.text in (",", ".", ";", "!", "?")]
        if not closing and span.end - tok.i > 1 + INNER_INCISE_WORDS:
            continue  # a clause goes on after the verb: not an incise
        found = incise_speaker(ctx, tok)
        if found and found is not UNNAMED:
            return found
    return None


def final_incise(ctx: Context, quote: Quote, sentence: Span, after_quote: bool = False) -> Speaker | None:
    """'«quand nous avons reçu des appels...» qui peut contenir ..., a indiqué un porte-parole de la
    police.': a reporting verb after a comma that ends the sentence holding the quote; with
    `after_quote`, also after a later quote of the sentence ('«A», la question est de savoir «B»
    affirme-t-il.'), a weaker cue tried after the quote's own attributions."""
    marks = (",", "»", "”", '"') if after_quote else (",",)
    doc = ctx.doc
    for tok in sentence:
        if tok.idx <= quote.close_mark or ctx.inside_quote(tok.idx):
            continue
        if not ctx.rules.is_reporting(tok) or tok.lower_.endswith("ant"):
            continue
        k = incise_mark(doc, tok, sentence)
        if doc[k].text not in marks or not ends_sentence_incise(doc, tok, sentence):
            continue
        found = incise_speaker(ctx, tok)
        if found:
            return found
    return None


def incise_mark(doc: Doc, verb: Token, sentence: Span) -> int:
    """The token before an incise verb, over its auxiliary and fillers: the comma or quote mark that
    opens the incise, if it is one."""
    k = verb.i - 1
    while k > sentence.start and (doc[k].pos_ == "AUX" or doc[k].lower_ in INCISE_FILLERS - {","}):
        k -= 1
    return k


def ends_sentence_incise(doc: Doc, verb: Token, sentence: Span) -> bool:
    """Nothing but commas and dashes between the incise verb and the end of its sentence."""
    return not any(t.is_punct and t.text not in (",", "-") and not t.text.startswith("-")
                   for t in doc[verb.i + 1:sentence.end - 1])


def parenthetical_incise(ctx: Context, quote: Quote, sentence: Span) -> Speaker | None:
    """'Au contraire, dit-il, sa décision s'est « raffermie »', 'même si, a-t-elle ajouté, elle a
    toujours « énormément d'estime »': an incise between commas earlier in the quote's sentence, its
    subject an inverted pronoun, says whose words the sentence reports."""
    doc = ctx.doc
    for tok in sentence:
        if tok.idx >= quote.open_mark:
            break
        if ctx.inside_quote(tok.idx) or (not is_inverted_pronoun(tok) and not ("-" in tok.text and is_third_person(tok))):
            continue
        k = tok.i if not tok.text.startswith("-") else tok.i - 1  # "dit-il" as one token, or "dit" "-il"
        if k < tok.i and doc[k].lower_ in ("-t", "t"):
            k -= 1
        verb, first, last = doc[k], k, tok.i
        if verb.pos_ == "AUX" and tok.i + 1 < len(doc):
            verb, last = doc[tok.i + 1], tok.i + 1  # "a-t-elle ajouté"
        if not (ctx.rules.is_reporting(verb) or verb.lower_.split("-")[0] in ctx.rules.reporting_forms):
            continue
        if first < 1 or doc[first - 1].text != "," or last + 1 >= len(doc) or doc[last + 1].text != ",":
            continue
        return incise_speaker(ctx, verb, tok)
    return None


# What `verb_before` and the incise rules find when the reporting verb's subject is an unnamed person or group.
UNNAMED = Speaker("", "unnamed")
POSSESSIVES = frozenset({"son", "sa", "ses", "leur", "leurs"})
def is_unnamed_group(noun: Token) -> bool:
    """'De nombreux habitants', 'certains wikipédiens', 'un ancien guide touristique': a common noun
    with an indefinite determiner, standing for no one the text names."""
    return noun.pos_ == "NOUN" and noun.is_lower and is_indefinite(noun)


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
        if ctx.rules.introduces(doc[i]):
            found = verb_subject(ctx, doc[i], sentence)
            if found is UNNAMED:
                return UNNAMED
            if found:
                return replace(found, cue=doc[i].lemma_, verb=i)
    return None


def phrase_before(ctx: Context, verb: Token, sentence: Span) -> Speaker | None:
    """'un représentant du groupe admet que': when the model did not see the verb ("admet" tagged an
    adjective of "groupe"), the subject is the noun phrase right before it, climbed from its last word
    to its head."""
    parsed = verb.pos_ in ("VERB", "AUX")
    if verb.i <= sentence.start or (parsed and any(
            c.dep_.startswith("nsubj") and c.pos_ in ("NOUN", "PROPN", "PRON") for c in verb.children)):
        return None
    tok = verb.doc[verb.i - 1]
    if tok.pos_ == "AUX" and tok.i > sentence.start:
        tok = verb.doc[tok.i - 1]  # "Bruxelles a salué": md parses "Bruxelles" as a root of its own
    while tok.dep_ in ("nmod", "amod", "flat:name", "appos") and sentence.start <= tok.head.i < tok.i:
        tok = tok.head
    if tok.pos_ not in ("NOUN", "PROPN") or ctx.inside_quote(tok.idx):
        return None
    # a verb the model saw, but with no noun subject ("Respectant le vote, la cheffe du gouvernement
    # assure": "Respectant" taken for the subject): the noun phrase right before it, if no preposition
    # governs it
    if not (tok.dep_.startswith("nsubj") or (parsed and not governed(ctx, tok, sentence.start))):
        return None
    return subject_speaker(ctx, tok) or (UNNAMED if is_unnamed_group(tok) else None)


def apposition_owner(ctx: Context, tok: Token, found: Speaker) -> Speaker | None:
    """'X, candidat Debout la France, a affirmé', 'X, vice-président du conseil présidé par Y, a salué':
    a name inside what is apposed to a subject name is not the subject; that name is."""
    head = tok
    while head.head.i != head.i and head.sent.start <= head.head.i:
        head = head.head
        owner = ctx.person_at(head)
        if owner is not None and owner.name != found.name:
            # (not only a subject: the parser takes one for an object when the sentence before is glued to it)
            return owner if (head.i < tok.i and apposed_between(ctx, head, tok) and opens_phrase(ctx, head)
                             and not governed(ctx, head, head.sent.start)) else None
    return None


def opens_phrase(ctx: Context, tok: Token) -> bool:
    """The name `tok` is in opens its noun phrase (after a punctuation mark, a determiner or a role:
    "Brice Hortefeux", "le ministre Jean Dupont"), not "l'équipe Fortuneo Vital-Concept"."""
    first = ctx.name_start(tok) or tok
    if first.i == 0:
        return True
    before = ctx.doc[first.i - 1]
    return before.is_punct or before.is_space or before.pos_ == "DET" or ctx.rules.role_of(before) is not None


def apposed_between(ctx: Context, subject: Token, tok: Token) -> bool:
    """Between a subject name and a later name, an apposition: a comma right after the subject's name,
    no line break and no finite verb ("X, candidat Y,", not "X a accusé Y")."""
    end = next((m.end for m in ctx.mentions if m.start <= subject.idx < m.end), subject.idx + len(subject.text))
    between = ctx.doc.char_span(end, tok.idx, alignment_mode="expand")
    return (between is not None and len(between) > 0 and between[0].text == "," and "\n" not in between.text
            and not any(is_finite(t) for t in between))


def is_participle_clause(verb: Token) -> bool:
    """'en évoquant', 'Estimant que': the speaker is the subject of the main clause."""
    before = verb.doc[verb.i - 1].lower_ if verb.i > 0 else ""
    return verb.lower_.endswith("ant") and (before == "en" or "Part" in verb.morph.get("VerbForm")
                                            or verb.is_sent_start or before in (",", "\n"))


def verb_subject(ctx: Context, verb: Token, sentence: Span) -> Speaker | None:
    """The agent of a participle, else the nearest name before the verb in its sentence, else the
    parser's subject, else a pronoun."""
    agent = passive_agent(ctx, verb)
    if agent:
        return agent  # "Une orientation souhaitée par Bernard Lafraise : « ... »"
    verb = stray_auxiliary(verb) or verb
    if is_participle_clause(verb):
        if sentence.root == verb:  # md makes the opening participle the root
            found = name_after_participle_clause(ctx, verb, sentence)
            if found:
                return found
        head = verb.head
        if head != verb and head.i + 1 < len(head.doc) and is_inverted_pronoun(head.doc[head.i + 1]):
            # "« ... », poursuit-il, décrivant une « fille méritante »": the incise's subject
            found = incise_speaker(ctx, head)
            if found:
                return found
        verb = clause_verb(verb) or sentence.root
    if verb.i >= 2 and verb.doc[verb.i - 2].lower_ == "comme" and verb.i + 1 < len(verb.doc):
        # "comme le rappelle HRW", "comme le précise l'ambassadeur de France, Bernard Bajolet": the
        # subject follows the verb, as in an incise
        found = incise_speaker(ctx, verb)
        if found:
            return found
    found = relative_subject(ctx, verb, sentence)
    if found:
        return found
    for i in range(verb.i - 1, sentence.start - 1, -1):
        tok = ctx.doc[i]
        if ctx.inside_quote(tok.idx):
            continue
        found = ctx.person_at(tok)
        if found and (governed(ctx, tok, sentence.start) or ctx.modifies_noun(tok)):
            found = None  # "son soutien à A. Montebourg", "suite aux révélations Luxleaks, le ministre"
        if found:
            found = apposition_owner(ctx, tok, found) or found
        if not found and tok.lower_ in SUBJECT_ONLY_PRONOUNS:
            found = resolve_pronoun(ctx, tok.idx, tok)
        if found:
            return found
    for child in list(verb.children) + list(verb.head.children):
        if (child.dep_ in ("nsubj", "nsubj:pass") and sentence.start <= child.i < sentence.end
                and not ctx.inside_quote(child.idx)):
            found = subject_speaker(ctx, child)
            if found:
                return found
            if is_unnamed_group(child) or is_indefinite_pronoun(child):
                # "De nombreux habitants ... ont déclaré :", "un de ses confidents lui a répliqué :": no one to name
                return UNNAMED
    for i in range(verb.i - 1, sentence.start - 1, -1):
        tok = ctx.doc[i]
        if ctx.inside_quote(tok.idx):
            continue
        if is_third_person(tok) and tok.pos_ == "PRON":
            return resolve_pronoun(ctx, tok.idx, tok)
    found = phrase_before(ctx, verb, sentence)
    if found:
        return found
    found = clause_opening_subject(ctx, verb, sentence)
    if found:
        return found
    for i in range(verb.i - 1, sentence.start - 1, -1):
        found = ctx.org_at(ctx.doc[i])
        if found:
            return found
    return None


INDEFINITE_PRONOUNS = frozenset({"un", "une", "l'un", "l’un", "l'une", "l’une", "aucun", "aucune", "certains",
                                 "certaines", "plusieurs", "quelqu'un", "quelqu’un"})


def is_indefinite_pronoun(tok: Token) -> bool:
    """'un de ses confidents', 'l'un d'eux', 'quelqu'un': a subject the text does not name."""
    return tok.pos_ == "PRON" and tok.lower_ in INDEFINITE_PRONOUNS


def stray_auxiliary(participle: Token) -> Token | None:
    """'L'ex-président a une nouvelle fois promis « ... »': fr_core_news_md sometimes parses "a" as
    the main verb (with the subject) and hangs the participle on "fois". The auxiliary a few words
    before a participle with no subject of its own, if it holds the subject, stands for the verb."""
    if "Part" not in participle.morph.get("VerbForm") or any(c.dep_.startswith("nsubj") for c in participle.children):
        return None
    for tok in reversed(participle.doc[max(0, participle.i - 5):participle.i]):
        if tok.is_punct or tok.pos_ in ("VERB", "AUX") and tok.lemma_ not in ("avoir", "être"):
            return None
        if tok.lemma_ in ("avoir", "être"):
            return tok if any(c.dep_.startswith("nsubj") for c in tok.children) else None
    return None


def clause_verb(participle: Token) -> Token | None:
    """The verb whose subject a gerund shares: in "l'ambassadeur, qui avait refusé de commenter ..., tout
    en précisant que « ... »" it is "refusé" (its subject "qui", the ambassador), not the sentence's
    main verb. None when the parser hung the participle on no verb with a subject."""
    head = participle.head
    if head == participle or head.pos_ not in ("VERB", "AUX"):
        return None
    return head if any(c.dep_.startswith("nsubj") for c in head.children) else None


def name_after_participle_clause(ctx: Context, participle: Token, sentence: Span) -> Speaker | None:
    """'Revendiquant la « victoire », Mahamane Ousmane a avancé ...': the first name after the comma
    that closes the participle clause, if no preposition governs it."""
    comma = next((t for t in ctx.doc[participle.i + 1:sentence.end] if t.text == "," and not ctx.inside_quote(t.idx)), None)
    if comma is None or comma.i + 1 >= sentence.end:
        return None
    first = ctx.doc[comma.i + 1]
    found = ctx.person_at(first) or ctx.org_at(first)
    return found if found and not governed(ctx, first, comma.i + 1) else None


def governed(ctx: Context, tok: Token, floor: int = 0) -> bool:
    """A name or noun inside a prepositional phrase ("à A. Montebourg", "du procès d'Yvan Colonna"):
    not a subject. "selon", "d'après", "par" (the agent) and "comme" do not count."""
    doc = ctx.doc
    i = tok.i - 1
    while i >= floor and (ctx.person_at(doc[i]) or ctx.org_at(doc[i])) and (
            ctx.person_at(doc[i]) == ctx.person_at(tok) and ctx.org_at(doc[i]) == ctx.org_at(tok)):
        i -= 1  # to the start of the name
    # over a determiner and a role: "l'avocat du général Rondot", "à l'ancien président Sarkozy"
    while i >= floor and (doc[i].pos_ == "DET" or fold(doc[i].text) in NOT_ROLES or (doc[i].is_lower and (
            doc[i].pos_ == "ADJ" or ctx.rules.role_of(doc[i])))):
        i -= 1
    if i >= floor and doc[i].lower_ == "pour" and (i == floor or doc[i - 1].text in (",", "\n") or doc[i].is_sent_start):
        return False  # "Pour Sidiki Kaba, ...": a source opening the clause, not an object
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
    while k > sentence.start and doc[k].pos_ == "ADJ" and doc[k].is_lower:  # "l'organisation islamique, qui"
        k -= 1
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
    """'selon X', 'pour X,', 'selon le nouveau directeur du site, David Quentin' earlier in the
    sentence, or '« ... » selon X' right after the quote."""
    doc = ctx.doc
    for tok in sentence:
        if tok.idx >= quote.open_mark:
            break
        if tok.lower_ not in SOURCE_MARKERS or tok.i + 1 >= len(doc) or is_purpose_clause(tok):
            continue
        if tok.lower_ == "pour" and tok.i > sentence.start and doc[tok.i - 1].pos_ in ("NOUN", "VERB", "ADJ"):
            continue  # "un mot pour son gardien, X, ... :": whom it is for, not who says it
        if follows_another_quote(ctx, tok, quote):
            continue  # "« Une bande de fous », selon X, ... un « scénario fou »": X's is the first quote
        found = source_phrase_speaker(ctx, tok, quote.open_mark)
        if found:
            return found
    close = doc.char_span(quote.close_mark, quote.close_mark + 1, alignment_mode="expand")
    i = close.end if close is not None else len(doc)
    while i < sentence.end and doc[i].text == ",":
        i += 1
    if i < sentence.end and doc[i].lower_ in ("selon", "d'après", "d’après", "dixit"):  # "« ... » dixit X"
        return source_phrase_speaker(ctx, doc[i], sentence.end_char)
    words = [fold(t.text).replace("’", "'") for t in doc[i:min(i + 5, sentence.end)]]
    length = next((len(p) for p in SOURCE_PHRASES_AFTER if tuple(words[:len(p)]) == p), 0)
    if length:  # "« ... », de l'aveu d'Onesta", "aux dires de l'entraîneur"
        return marked_source(ctx, doc[i + length - 1])
    return as_clause_after(ctx, quote, sentence) or closing_source(ctx, quote, sentence, i)


def follows_another_quote(ctx: Context, marker: Token, quote: Quote) -> bool:
    """A source marker right after an earlier quote of the sentence (its comma aside) is that quote's."""
    doc = marker.doc
    k = marker.i - 1
    while k >= 0 and doc[k].text == ",":
        k -= 1
    return k >= 0 and any(q.close_mark == doc[k].idx and q.close_mark < quote.open_mark for q in ctx.quotes)


def closing_source(ctx: Context, quote: Quote, sentence: Span, start: int) -> Speaker | None:
    """'X s'éloigne du « gros bon sens » en laissant planer le doute, selon le maire de Gatineau': a
    "selon" phrase closing the sentence, with no other quote between, says whose the sentence is."""
    doc = ctx.doc
    for tok in doc[start:sentence.end]:
        if ctx.inside_quote(tok.idx) or any(q.open_mark == tok.idx for q in ctx.quotes):
            return None
        if tok.lower_ == "selon" and tok.i > start and doc[tok.i - 1].text == ",":
            found = source_phrase_speaker(ctx, tok, sentence.end_char)
            return None if found is UNNAMED else found
    return None


def marked_source(ctx: Context, marker: Token) -> Speaker | None:
    """The source right after a marker: a name, a pronoun, or a description resolved as a subject's
    ("aux dires de l'entraîneur"); not a name further in its complement ("de l'aveu de l'avocat de la
    famille de X" is the lawyer's, unnamed)."""
    head = next((t for t in marker.doc[marker.i + 1:marker.i + 4] if t.pos_ != "DET"), None)
    if head is None:
        return None
    found = subject_speaker(ctx, head)
    return None if found is UNNAMED else found


# Multi-word source markers after a quote; the last word comes right before the source's name.
SOURCE_PHRASES_AFTER = tuple((*head, de) for head in (("aux", "dires"), ("de", "l'", "aveu"), ("de", "l'", "aveu", "meme"))
                             for de in ("de", "d'", "du", "des"))


def is_purpose_clause(marker: Token) -> bool:
    """'pour cataloguer Kamala Harris ... comme une candidate « d'extrême gauche »': "pour" and an
    infinitive says why, not who. Read off the word itself, since fr_core_news_md tags some
    infinitives as nouns."""
    if marker.lower_ != "pour" or marker.i + 1 >= len(marker.doc):
        return False
    after = marker.doc[marker.i + 1]
    return after.is_lower and (after.pos_ in ("VERB", "AUX") or re.search(r"(er|ir|re)$", after.lower_) is not None)


def as_clause_after(ctx: Context, quote: Quote, sentence: Span) -> Speaker | None:
    """'qui sera « très court », comme l'a relevé le sélectionneur': a "comme" clause after the quote
    whose reporting verb has its subject after it."""
    doc = ctx.doc
    for tok in sentence:
        if tok.idx <= quote.close_mark or tok.lower_ != "comme" or ctx.inside_quote(tok.idx):
            continue
        k = tok.i + 1
        while k < sentence.end and (doc[k].lower_ in CLITICS or doc[k].pos_ == "AUX"):
            k += 1  # "l'a", "le soulignait"
        if k < sentence.end and ctx.rules.is_reporting(doc[k]) and k > tok.i + 1:
            found = incise_speaker(ctx, doc[k])
            if found and found is not UNNAMED:
                return found
    return None


def source_phrase_speaker(ctx: Context, marker: Token, limit: int) -> Speaker | None:
    """Who the phrase after 'selon' / 'pour' / 'd'après' names, the phrase ending before `limit`."""
    doc = ctx.doc
    if marker.i + 1 >= len(doc):
        return None
    phrase, last_comma = [], None
    for t in doc[marker.i + 1:min(len(doc), marker.i + 18)]:
        if t.pos_ in ("VERB", "AUX") and last_comma is not None:
            # "Selon le rédacteur en chef, La Liberté a pour mission": after the comma, the clause's subject
            phrase = phrase[:last_comma]
            break
        if t.idx >= limit or t.text in (";", ":", ".") or t.pos_ in ("VERB", "AUX") or (
                phrase and t.pos_ == "PRON") or ctx.inside_quote(t.idx):
            break
        last_comma = len(phrase) if t.text == "," else last_comma
        phrase.append(t)  # with an apposition: "pour la principale association ..., l'April"
    if not phrase or phrase[0].text == ",":
        return None
    found = (next((f for f in map(ctx.person_at, phrase) if f), None)
             or next((f for f in map(ctx.org_at, phrase) if f and not ctx.rules.is_media(f.name)), None))
    head = next((t for t in phrase if t.pos_ not in ("DET", "ADJ")), phrase[0])
    if not found and is_third_person(head):
        found = resolve_pronoun(ctx, head.idx, head)
    if not found and fold(head.lemma_) in ctx.rules.org_nouns:
        found = ctx.org_introduced_by(fold(head.lemma_), head.idx) or ctx.last_org(head.idx)
    if not found and head.pos_ == "NOUN" and head.is_lower:
        found = noun_phrase_speaker(ctx, head)
    return found


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


# Conjunctions that open a clause with a subject of its own: "Kateri Tekakwitha a été reconnue ...
# lorsque le pape Jean-Paul II l'a nommée « patronne de ... »" is the pope's wording.
CLAUSE_OPENERS = frozenset({"lorsque", "lorsqu'", "lorsqu’", "quand", "car", "puisque", "tandis", "parce"})


def sentence_subject(ctx: Context, quote: Quote, sentence: Span) -> Speaker | None:
    """The first name, or a subject pronoun or role, before the quote in the clause that holds it,
    else in its sentence."""
    opener = max((t.i for t in sentence if t.idx < quote.open_mark and t.lower_ in CLAUSE_OPENERS
                  and not ctx.inside_quote(t.idx)), default=None)
    if opener is not None:
        found = first_subject(ctx, quote, sentence, ctx.doc[opener + 1:sentence.end])
        if found:
            return found
    return first_subject(ctx, quote, sentence, sentence)


def fronted_phrase_subject(ctx: Context, quote: Quote, sentence: Span) -> Speaker | None:
    """'Très « préoccupée » par la question, elle pense que ...', 'affichant toute sa « fierté », Macky
    Sall pousse les Lions': a quote in a phrase set before the main clause (no finite verb before it)
    is in the words of that clause's subject."""
    doc = ctx.doc
    before = [t for t in sentence if t.idx < quote.open_mark and not ctx.inside_quote(t.idx)]
    if any(is_finite(t) for t in before):
        return None
    span = quote_tokens(doc, quote)
    words = [t for t in span or () if not t.is_punct]
    participle = any(t.pos_ == "VERB" and "Part" in t.morph.get("VerbForm") for t in before)
    adjectival = bool(words) and all(t.pos_ in ("ADJ", "ADV") or "Part" in t.morph.get("VerbForm") for t in words)
    if not (participle or adjectival):
        return None  # "Face à cette « trahison », X reste silencieux": a scare quote, not X's word
    comma = False
    for tok in sentence:
        if tok.idx <= quote.close_mark or ctx.inside_quote(tok.idx):
            continue
        comma = comma or tok.text == ","
        if is_finite(tok):
            return None  # the clause after the phrase has its verb and no subject we know
        if comma and tok.dep_ == "nsubj" and tok.head.dep_ == "ROOT" and (is_finite(tok.head) or tok.pos_ == "PRON"):
            return subject_speaker(ctx, tok)
    return None


def first_subject(ctx: Context, quote: Quote, sentence: Span, tokens: Span) -> Speaker | None:
    for tok in tokens:
        if tok.idx >= quote.open_mark:
            break
        if ctx.inside_quote(tok.idx):
            continue
        found = ctx.person_at(tok)
        if found and not governed(ctx, tok, sentence.start) and not is_direct_object(tok):
            return found  # not "Lors du procès d'Yvan Colonna", not "Prenant le président Sarkozy par la main"
        if "Plur" in tok.morph.get("Number"):  # "Les deux hommes": a group, not one speaker
            continue
        if is_impersonal(tok):
            continue  # "Il y a « fort longtemps », cette Franco-Américaine ...": no one
        if (tok.dep_.startswith("nsubj") or tok.dep_ == "expl:subj") and is_third_person(tok):
            return apposed_name(ctx, tok) or resolve_pronoun(ctx, tok.idx, tok)
        if (tok.dep_.startswith("nsubj") or tok.dep_ == "expl:subj") and fold(tok.lemma_) in ctx.rules.person_roles:
            return apposed_name(ctx, tok) or named_in_phrase(ctx, tok) or resolve_pronoun(ctx, tok.idx, tok)
        if tok.dep_.startswith("nsubj") and tok.is_lower and fold(tok.lemma_) in ctx.rules.org_nouns:
            found = noun_phrase_speaker(ctx, tok)  # "Le groupe souhaite ... que « 750 millions »"
            if found:
                return found
    relayers = relaying_agents(tokens)
    for tok in tokens:
        if tok.idx >= quote.open_mark:
            break
        found = ctx.org_at(tok) if tok.i not in relayers else None  # not "joint par téléphone par RTL"
        if found and not ctx.rules.is_media(found.name):  # "Saintes (AFP) - « ... »", "dans L'Equipe"
            return affiliated_person(ctx, tok) or found
    return None


IMPERSONAL_VERBS = frozenset({"y", "faut", "fallait", "faudra", "faudrait", "s'agit", "s’agit", "s'agissait", "s’agissait"})


def named_in_phrase(ctx: Context, noun: Token) -> Speaker | None:
    """'la présidente de la FAE Mélanie Hubert': the person a role's own phrase names."""
    found = noun_phrase_speaker(ctx, noun)
    if found is None or found is UNNAMED or found.type != "person":
        return None
    span = noun.doc[noun.left_edge.i:noun.right_edge.i + 1]
    inside = [t for t in span if t.i > noun.i and any(
        m.name == found.name and m.start <= t.idx < m.end for m in ctx.mentions)]
    if not inside or is_complement_name(ctx, inside[0], noun):
        return None  # "Le fils de Jean Dupont a déclaré": not Jean Dupont
    return found


def is_impersonal(tok: Token) -> bool:
    """'Il y a', 'il faut', 'il s'agit de': an 'il' that stands for no one."""
    doc = tok.doc
    if tok.lower_ != "il":
        return False
    words = [t.lower_ for t in doc[tok.i + 1:tok.i + 4] if t.lower_ not in ("ne", "n'", "n’")]  # "il n'y a"
    if not words:
        return False
    if words[0] == "y":  # "il y a", not "il y croit"
        return len(words) > 1 and words[1] in ("a", "avait", "aura", "aurait", "eut", "ait")
    if words[0] in ("s'", "s’") and len(words) > 1:
        return words[0] + words[1] in IMPERSONAL_VERBS
    return words[0] in IMPERSONAL_VERBS


def group_subject(ctx: Context, quote: Quote, sentence: Span) -> bool:
    """A plural subject before the quote in its sentence, no name: "Les deux hommes", "ils"."""
    return any(tok.dep_.startswith("nsubj") and "Plur" in tok.morph.get("Number") and tok.pos_ in ("NOUN", "PRON")
               and not ctx.inside_quote(tok.idx) and not ctx.person_at(tok) and not ctx.org_at(tok)
               for tok in sentence if tok.idx < quote.open_mark)


def is_direct_object(tok: Token) -> bool:
    """A name that is (in apposition to) the object of a verb: 'Prenant le président Sarkozy par la main'."""
    while (tok.dep_ in ("flat:name", "flat", "appos") or (tok.dep_ == "nmod" and tok.head.i == tok.i - 1
                                                         and tok.head.pos_ == "NOUN")) and tok.head.i != tok.i:
        tok = tok.head  # md hangs "Sarkozy" on "le président" as nmod
    return tok.dep_ in ("obj", "iobj")


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


def trailing_attribution(ctx: Context, quote: Quote) -> Speaker | None:
    """A quote that opens its line, followed on that line by a name and its description and no verb:
    '« ... » Didier Calame, conseiller national (UDC/NE)', '"..." Olga, habitante de Kiev à franceinfo'."""
    text = ctx.text
    if text[text.rfind("\n", 0, quote.open_mark) + 1:quote.open_mark].strip():
        return None
    end = text.find("\n", quote.close_mark)
    end = len(text) if end == -1 else end
    offset = quote.close_mark + 1
    while offset < end and text[offset] in " \u00a0\u2013\u2014-":
        offset += 1
    tail = ctx.doc.char_span(offset, end, alignment_mode="expand")
    if tail is None or not 0 < end - offset <= 150 or any(is_finite(t) for t in tail):
        return None
    found = next((m for m in ctx.mentions if m.start == offset), None)
    rest = text[found.end:end].lstrip() if found is not None else None
    return Speaker(found.name, "person") if rest is not None and (not rest or rest[0] in ",(") else None


# an adverbial may follow the infinitive: "Avant d'indiquer, en conférence de presse : « ... »"
NARRATIVE_INFINITIVE = re.compile(r"(?:(?:^|[\s.,;»”\"])[Ee]t|^\s*Avant) d(?:e\s+|['’])(?:s['’]|se\s+)?(\w+)"
                                  r"(?:\s*(?::|qu(?:e\s|['’]))|(?P<adverbial>\s*,[^:«»“”\".;]{1,80}?)\s*(?::|qu(?:e\s|['’])))?\s*$")


LATER_INFINITIVE = re.compile(r",\s*(?:avant|puis) d(?:e\s+|['’])(?:s['’]|se\s+)?(\w+)\s*(?::|qu(?:e\s|['’]))?\s*$")


def narrative_infinitive(ctx: Context, quote: Quote, sentence: Span, done: list[Quote]) -> Speaker | None:
    """'Et de poursuivre : « ... »', 'Avant d'ajouter : « ... »', 'Avant de dire que « ... »' opening a
    sentence: the infinitive goes on with the last speaker ("..., avant d'ajouter" inside a sentence has its own subject)."""
    before = ctx.text[sentence.start_char:quote.open_mark]
    match = NARRATIVE_INFINITIVE.search(before)
    if match is None and done and done[-1].open_mark >= sentence.start_char:
        # "« A », a ajouté l'écrivain, avant d'ajouter : « B »": the sentence's speaker goes on
        match = LATER_INFINITIVE.search(before)
    if match is None or not done or done[-1].speaker is None:
        return None
    if match.groupdict().get("adverbial"):  # an adverbial, not a clause: no verb, no name of its own
        start = sentence.start_char + match.start("adverbial")
        words = ctx.doc.char_span(start, start + len(match.group("adverbial")), alignment_mode="expand") or ()
        if any(is_finite(t) or ctx.person_at(t) for t in words):
            return None
    verb = next((t for t in ctx.doc.char_span(sentence.start_char, quote.open_mark, alignment_mode="expand") or ()
                 if t.text == match.group(1)), None)
    if verb is None or verb.lower_ not in ctx.rules.reporting_verbs:  # an infinitive: the lemma itself
        return None
    named = previous_named_subject(ctx, sentence, done[-1])
    if named is not None:  # "X a dit « A ». Y ne partage pas ce diagnostic. Et de s'interroger : « B »"
        return replace(named, cue=verb.lower_)
    return Speaker(done[-1].speaker, done[-1].speaker_type or "person", cue=verb.lower_)


def previous_named_subject(ctx: Context, sentence: Span, last: Quote) -> Speaker | None:
    """The person named as the subject of the sentence right before `sentence`, when that sentence
    comes after the last quote and holds none: the one an opening "Et de ..." goes on with."""
    if sentence.start_char == 0:
        return None
    prev = ctx.sentence_at(len(ctx.text[:sentence.start_char].rstrip()) - 1)
    if prev is None or prev.start_char <= last.close_mark or any(ctx.inside_quote(t.idx) for t in prev):
        return None
    subject = next((t for t in prev if ctx.person_at(t) and not governed(ctx, t, prev.start)
                    and not is_direct_object(t)), None)  # "Son homologue, Carlos Tavares, ne partage pas"
    found = ctx.person_at(subject) if subject is not None else None
    return found if found is not None and found.name != last.speaker else None


def heading_line(ctx: Context, quote: Quote) -> Speaker | None:
    """A quote on its own line after a line that names its speaker and ends with a colon, as in a
    roundup of reactions: 'Arnaud Démare (FRA - Groupama-FDJ), 3e :' then '« J'y ai cru... »'; or on
    the same line after such a label, with no verb in it: 'Guy Cotret (Auxerre) : « ... »'."""
    text = ctx.text
    alone = stands_alone(text, quote)
    before = text[:quote.open_mark].rstrip()
    if not before.endswith(":"):
        return None
    line_start = before.rfind("\n") + 1
    if len(before) - line_start > 120:
        return None  # a paragraph ending on a colon, not a heading line
    first = next((m for m in ctx.mentions if line_start <= m.start < len(before)), None)
    if first is None or text[line_start:first.start].strip():
        return None  # the line must open on the name: not 'Il a déclaré à Paul Durand :'
    label = ctx.doc.char_span(first.end, len(before), alignment_mode="expand")
    if not alone and (label is None or any(t.pos_ in ("VERB", "AUX") for t in label)):
        return None  # 'Marie Dupont a cité son père : « ... »' is for the verb rules
    return Speaker(first.name, "person")


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
    new_subject = any(prev.close_mark < start < quote.open_mark for start, _ in ctx.salient)
    if ctx.sentence_at(prev.open_mark) == ctx.sentence_at(quote.open_mark) or (
            len(gap) <= CONTINUATION_GAP and not new_subject):  # "\n\nDenis Baupin a défendu sa décision :"
        return Speaker(prev.speaker, prev.speaker_type or "person")  # it goes on directly
    if (gap.count("\n\n") + gap.count("\n") - 2 * gap.count("\n\n") <= 1
            and not any(prev.close_mark < start < quote.open_mark for start, _ in ctx.salient)  # not "avec X"
            and not any(prev.close_mark < m.start < quote.open_mark and m.name != prev.speaker
                        and not ctx.inside_quote(m.start) for m in ctx.mentions)  # "Même son de cloche chez X"
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
    if prev is None or "\n" in ctx.text[prev.start_char:quote.open_mark].lstrip():  # a break before the quote too
        return None
    found = closing_incise(ctx, prev)
    if found:
        return found
    for tok in prev:
        if ctx.inside_quote(tok.idx) or tok.is_punct:
            continue
        found = ctx.person_at(tok) or ctx.org_at(tok)
        if found and not governed(ctx, tok, prev.start):
            return found
        if tok.dep_.startswith("nsubj") or (tok.pos_ in ("NOUN", "PRON") and not governed(ctx, tok, prev.start)):
            if "Plur" in tok.morph.get("Number"):
                return UNNAMED  # "Les agresseurs": a group
            return subject_speaker(ctx, tok)
    return None


def closing_incise(ctx: Context, sentence: Span) -> Speaker | None:
    """The speaker of an incise that closes a sentence with no quote of its own: 'Ce n'est pas un
    problème, a estimé jeudi Pierre Maudet.' The quote that follows goes on with their words."""
    doc = ctx.doc
    if any(ctx.inside_quote(t.idx) or t.text in ("«", "»", "“", "”", '"') for t in sentence):
        return None
    for tok in sentence:
        if not ctx.rules.is_reporting(tok) or tok.lower_.endswith("ant") or tok.dep_ == "conj":
            continue  # not "X a visité l'usine, a salué les salariés": a coordinated main verb
        k = incise_mark(doc, tok, sentence)
        if k <= sentence.start or doc[k].text != "," or not ends_sentence_incise(doc, tok, sentence):
            continue
        if not any(is_finite(t) and clause_dep(t) != "acl:relcl" for t in doc[sentence.start:k]) and (
                any(t.pos_ in ("VERB", "AUX") or ctx.person_at(t) or ctx.org_at(t) for t in doc[sentence.start:k])):
            continue  # a subject and an aside, then the main verb: "X, qui avait requis ..., a rappelé que"
            # (a phrase with no verb and no name is what the incise says: "Une pression plus palpable, confirme X.")
        if any(is_finite(t) for t in doc[tok.i + 1:sentence.end]):
            continue  # a clause goes on: "..., a salué les salariés et a rencontré le maire, X."
        found = incise_speaker(ctx, tok)
        if found and found.type == "person":
            return found  # not "..., rapporte Le Monde.": an outlet relays, the quote after is someone else's
    return None


def clause_dep(verb: Token) -> str:
    """The dependency of the clause a verb or its auxiliary or copula belongs to."""
    return verb.head.dep_ if verb.dep_.startswith("aux") or verb.dep_ == "cop" else verb.dep_


def next_sentence_subject(ctx: Context, quote: Quote, sentence: Span) -> Speaker | None:
    """A quote that opens its paragraph as a sentence of its own, with the speaker named as the
    subject of the next sentence: '« L'intensité était là. » À l'issue du match, Roberto Martinez
    s'est montré satisfait.'"""
    text = ctx.text
    if text[sentence.start_char:quote.open_mark].strip() or "\n" not in "\n" + text[:sentence.start_char][-3:]:
        return None
    if text[quote.start:quote.end].rstrip()[-1:] in ".!?…":
        end = sentence.end_char  # the quote's own final stop: our sentence runs on past the mark
    elif text[quote.close_mark + 1:sentence.end_char].strip(" \u00a0") == "." and sentence.end_char < len(text):
        following = ctx.sentence_at(sentence.end_char)
        end = following.end_char if following is not None else sentence.end_char
    else:
        return None
    rest = ctx.doc.char_span(quote.close_mark + 1, end, alignment_mode="expand")
    if rest is None or "\n" in text[quote.close_mark:end].rstrip():
        return None
    words = [t for t in rest if not t.is_space]
    if not words or words[0].text in ("«", "“", '"'):
        return None  # the next sentence is another quote
    for tok in words:
        if ctx.inside_quote(tok.idx) or tok.text in ("«", "»", "“", "”", '"'):
            continue  # a term on the way: "Porte-parole des « bonnets rouges », le maire X"
        found = ctx.person_at(tok)
        if found and not governed(ctx, tok, rest.start):
            return found
        if tok.dep_.startswith("nsubj") and not ctx.rules.role_of(tok) and not governed(ctx, tok, rest.start):
            return None  # another subject comes first (md takes "l'issue" of "À l'issue du match" for one)
    return None


def find_speaker(ctx: Context, article: Article, quote: Quote, done: list[Quote]) -> Speaker | None:
    """The first rule that finds a speaker; `stated` tells whether it comes from the quote's own
    sentence (a pull-quote line, an incise, a governing reporting verb, "selon X", the subject) rather
    than from context (a continued quote, the previous sentence's subject). `UNNAMED` when the text
    gives the quote a source it does not name ("a révélé son avocate", "selon des sources")."""
    sentence = ctx.sentence_at(quote.open_mark)
    if sentence is None:
        return None
    intro = previous_paragraph_sentence(ctx, quote)
    for name, rule in (("line", lambda: attribution_line(ctx, article, quote) or heading_line(ctx, quote)
                        or trailing_attribution(ctx, quote)),
                       ("continuation", lambda: narrative_infinitive(ctx, quote, sentence, done)),
                       ("incise", lambda: after_incise(ctx, quote)),
                       ("final", lambda: final_incise(ctx, quote, sentence)),
                       ("inner", lambda: inner_incise(ctx, quote)),
                       ("incise", lambda: parenthetical_incise(ctx, quote, sentence))):
        found = rule()
        if found is UNNAMED:
            return UNNAMED  # "«...», a révélé son avocate": said by someone the text does not name
        if found:
            return replace(found, stated=True, rule=name)
    found = verb_before(ctx, quote, sentence, distance_limit(ctx.text, quote, sentence))
    if found is UNNAMED:
        return UNNAMED  # GUIDELINES: an unnamed person or group tied to no organisation gets no speaker
    if found:
        verb, span = ctx.doc[found.verb], quote_tokens(ctx.doc, quote)
        same_clause = span is not None and not any(is_finite(t) for t in ctx.doc[verb.i + 1:span.start])
        return replace(found, stated=same_clause or governs(verb, span), rule="verb")
    found = named_source(ctx, quote, sentence) or (
        intro is not None and verb_before(ctx, quote, intro, len(intro) + 2))
    if found and found is not UNNAMED:
        return replace(found, stated=True, rule="source")
    found = final_incise(ctx, quote, sentence, after_quote=True)
    if found and found is not UNNAMED:  # the incise governs the later quote: a word or two here is not attributed by it
        return replace(found, stated=False, rule="final")
    verb = saying_verb(ctx, quote, sentence)
    framed = verb is not None and re.search(r"\bqu(e\b|'|’)|:", ctx.text[verb.idx:quote.open_mark]) is not None
    if framed or source_marker(ctx, quote, sentence):
        return UNNAMED  # its own source, unnamed: "certains wikipédiens estiment que", "Pour le collectif ..., "
    found = fronted_phrase_subject(ctx, quote, sentence)  # its own sentence's subject before a quote it continues
    if found is UNNAMED:
        return UNNAMED
    if found:
        return replace(found, stated=True, rule="subject")
    if introduces_by_colon(ctx, quote, sentence):  # "Elle est assurée, mais sans illusion : « ... »"
        found = sentence_subject(ctx, quote, sentence)
        if found and found is not UNNAMED and found.type == "person":  # not "les salariés de Conforama"
            return replace(found, stated=True, rule="subject")
    found = continuation(ctx, quote, done)
    if found:
        return replace(found, rule="continuation")
    found = sentence_subject(ctx, quote, sentence)  # "il lui avait accolé l'étiquette de «communiste»"
    if found is UNNAMED:
        return UNNAMED
    if found:
        return replace(found, stated=True, rule="subject")
    if group_subject(ctx, quote, sentence):
        return UNNAMED  # "Les deux hommes ont échangé ..., en comparant ... à des « zombies »": a group's words
    found = previous_sentence_subject(ctx, quote, sentence) or next_sentence_subject(ctx, quote, sentence)
    if found is UNNAMED:
        return UNNAMED
    if found:
        return replace(found, rule="previous")
    introduced = intro is not None and not any(intro.start_char <= q.open_mark < intro.end_char for q in ctx.quotes)
    found = introduced and introduced_before_paragraph(ctx, quote, None)  # a quote paragraph after "... se pose X."
    if found:  # (not after "« ... », estime X.": X's quote is over)
        return replace(found, rule="intro")
    found = resolve_pronoun(ctx, quote.open_mark) if intro is not None else None
    return replace(found, rule="intro") if found else None


def introduces_by_colon(ctx: Context, quote: Quote, sentence: Span) -> bool:
    """The quote's own sentence leads up to it with a colon: "Quant à Philippe Delbeck, voilà 30 ans
    qu'il siège : « ... »". Whoever that clause is about says the quote, not the previous speaker."""
    before = ctx.text[sentence.start_char:quote.open_mark].rstrip()
    if not before.endswith(":") or len(before) < 2:
        return False
    # not after another quote of the sentence ("X évoque « une faute » commise par Y : « ... »"): the
    # sentence is that quote's, and the continuation rule keeps its speaker
    return not any(sentence.start_char <= q.open_mark < quote.open_mark for q in ctx.quotes)


# Verbs whose agent asks rather than speaks (folded lemmas).
ASKING_VERBS = frozenset({"interroger", "questionner", "interviewer", "solliciter", "contacter", "joindre",
                          "relancer", "consulter", "sonder", "inviter"})


def passive_agent(ctx: Context, verb: Token) -> Speaker | None:
    """The agent right after a saying participle: 'Une orientation souhaitée par Bernard Lafraise :',
    'un message posté par la mairie :'. Not after a verb of asking: in "Interrogé par Marca, il a
    confié :" the outlet asked, he answers."""
    if "Part" not in verb.morph.get("VerbForm") or fold(verb.lemma_) in ASKING_VERBS:
        return None
    for k, tok in enumerate(ctx.doc[verb.i + 1:verb.i + 4]):
        if tok.is_punct or tok.text in ("«", "“", '"'):
            return None
        if tok.lower_ == "par":
            for after in ctx.doc[tok.i + 1:tok.i + 4]:
                found = ctx.person_at(after) or ctx.org_at(after)
                if found:
                    return found
            return None
    return None


def governs(verb: Token, span: Span | None) -> bool:
    """The reporting verb is an ancestor of the quote in the parse ('regrette le « moment »'), not a
    verb of another clause ('Tout en insistant sur ..., il s'est approprié le thème du « changement »').
    With no finite verb between them (`find_speaker`), the quote is in the verb's clause anyway."""
    if span is None:
        return False
    doc = span.doc
    marks = doc[max(0, span.start - 1):min(len(doc), span.end + 1)]  # the parser often hangs a quote on its marks
    return any(verb == tok or verb in tok.ancestors for tok in marks)


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
        if ctx.rules.introduces(tok) or (i == span.start - 2 and i > sentence.start and tok.lower_ in ctx.rules.reporting_forms
                                         and doc[i - 1].pos_ in ("NOUN", "PROPN")):  # "La ministre juge « dramatique »"
            gap = doc[i + 1:span.start - 1]
            commas = [t.i for t in gap if t.text == ","]
            aside = commas[-1] - commas[0] + 1 if len(commas) >= 2 else 0  # "X, nouvelle concurrente ...,"
            in_clause = len(gap) - aside <= limit and not any(is_finite(t) for t in gap)
            return tok if in_clause else None
    return None
