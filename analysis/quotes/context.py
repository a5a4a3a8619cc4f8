"""What the speaker rules look up in one article: people, organisations, sentences, salient subjects."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from analysis.models import Article
from analysis.people import Mention, PeopleRules, find_people, fold, holds_the_role, named_organisations
from analysis.people import default_rules as default_people_rules
from analysis.quotes.kind import is_finite
from analysis.quotes.organisations import fullest_name, organisation_mentions
from analysis.quotes.rules import (
    CLITICS,
    INDEFINITE,
    INTRODUCTION_WINDOW,
    NOT_ROLES,
    OBJECT_PREPOSITIONS,
    SOURCE_MARKERS,
    TIME_NOUNS,
    Quote,
    QuoteRules,
    Speaker,
)


SOURCE_PHRASE_TOKENS = 14  # "selon" ... "," before a name: "selon la présidente départementale du syndicat ..."


class Context:
    """What speaker rules look up in one article: people, organisations, salient subjects."""

    def __init__(self, article: Article, doc: Doc, rules: QuoteRules, quotes: list[Quote]):
        self.doc, self.rules, self.text = doc, rules, doc.text
        self.folded_text = fold(self.text)  # for looking up names whatever their case and accents
        people = [m for p in find_people(article, doc) for m in p.mentions]
        self.quotes = quotes
        introduced = named_organisations(doc, default_people_rules())  # "les membres d'Ansar Eddine"
        organisations = {fold(n) for n in introduced}
        people_rules = default_people_rules()
        # "la région", "le lycée", not "le maire"
        places = (people_rules.seat_nouns | people_rules.fixed_name_nouns) - rules.person_roles
        unlisted = [m for m in unlisted_names(doc, people, quotes, places, people_rules)
                    if fold(m.text) not in organisations]
        self.mentions = sorted(people + unlisted, key=lambda m: m.start)
        self.bounds = sentence_bounds(self.text, quotes)
        self.orgs = organisation_mentions(doc, self.mentions, quotes, rules, introduced)
        self.org_names = list(dict.fromkeys([name for _, _, name in self.orgs] + [
            institution_phrase(doc, t) for t in doc
            if fold(t.lemma_) in rules.institution_nouns and t.is_lower and not self.inside_quote(t.idx)]))
        self.salient: list[tuple[int, Speaker]] = [
            (m.start, Speaker(m.name, "person")) for m in self.mentions if self.is_salient(m)]
        self.roles: dict[str, set[str]] = role_links(doc, self.mentions, rules)  # said in the text
        self.learned: dict[str, set[str]] = {}  # descriptions already resolved to a person
        self.descriptions = description_subjects(doc, rules, quotes)
        self.genders = person_genders(doc, self.mentions)  # "Mme De Block", "la ministre X": who "elle" can be
        for m in self.mentions:  # what the text does not say, a first name may: "Olivia Venet"
            gender = rules.name_gender(m.name)
            if m.name not in self.genders and gender:
                self.genders[m.name] = gender

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
        if after.text == "(":  # "Maggie De Block (Open VLD) ne se sent pas concernée"
            k = after.i
            while k < len(self.doc) - 1 and self.doc[k].text != ")":
                k += 1
            while k + 1 < len(self.doc) - 1 and self.doc[k + 1].lower_ in ("ne", "n'", "n’", "se", "s'", "s’"):
                k += 1
            after = self.doc[min(k + 1, len(self.doc) - 1)]
        while after.lower_ in ("ne", "n'", "n’") and after.i + 1 < len(self.doc):
            after = self.doc[after.i + 1]  # "Me Olivia Venet n'a pas été la seule": the verb after the negation
        objects = OBJECT_PREPOSITIONS - {"par"}  # "par Christian Jacob": the agent, what "il" goes on with
        if before in objects or (before in ("l'", "l’", "le", "la") and span.start > 1
                                 and self.doc[span.start - 2].lower_ in objects):
            return False
        # the agent of a passive clause ("a été défendu par X"), not of a participle on a noun ("la
        # résistance offerte par Stan Wawrinka", which the parser may hang on the verb: then another
        # "par" stands between them)
        head = span.root.head
        agent = before == "par" and head.dep_ not in ("acl", "amod") and not any(
            t.lower_ == "par" for t in self.doc[head.i + 1:span.start - 1])
        return (span.root.dep_.startswith("nsubj") or before in SOURCE_MARKERS or agent
                or self.source_phrase_name(span)
                or (after.pos_ in ("VERB", "AUX") and (span.start == 0 or self.doc[span.start - 1].pos_ != "VERB"))
                or after.lower_ in OBJECT_CLITICS  # "Pastor leur répondit": the model missed the verb
                or is_subject_apposition(span) or opens_sentence_before_apposition(span)
                or self.inverted_incise_subject(span) or (before == ":" and after.text in (".", "\n")))
        # the last: a name a sentence presents after a colon ("... une ligne politique : Maël de Calan.")

    def named_next(self, noun: Token, bare: bool = False) -> Speaker | None:
        """The person a description names in advance: the subject of the very next sentence, named
        there for the first time ("a déclaré le ministre de l'Economie. Bruno Le Maire souligne ...").
        With `bare`, only a name no noun stands before ("Le suspect, Karim Benali," is someone else)."""
        here = self.sentence_at(noun.idx)
        if here is None or here.end_char >= len(self.text) or "\n\n" in self.text[here.end_char:here.end_char + 3]:
            return None
        following = self.sentence_at(here.end_char + 1)
        if following is None:
            return None
        seen = {m.name for m in self.mentions if m.start < noun.idx}
        for start, found in self.salient:
            if following.start_char <= start < following.end_char and found.name not in seen:
                opening = self.text[following.start_char:start].strip()
                incise = INVERTED_INCISE.search(self.text[following.start_char:start]) is not None
                role = self.rules.role_of(noun)
                if bare and not incise and any(t.pos_ == "NOUN" and t.is_lower and t.idx < start and (
                        (t.nbor(1).text == "," and fold(t.text) not in TIME_NOUNS) or (self.rules.role_of(t) and not self.rules.covers(
                            self.rules.role_of(t), role or ""))) for t in following):  # "Le suspect, X,"; not "L'entraîneur X"
                    return None
                return found if len(opening.split()) <= 3 or incise else None  # "« ... », a précisé X"
        return None

    def inverted_incise_subject(self, span: Span) -> bool:
        """', a détaillé M. Pouyanné': the name after a reporting verb set off by a comma."""
        i = span.start - 1
        while i >= 0 and i >= span.start - 8 and not self.rules.is_reporting(self.doc[i]):
            if self.doc[i].is_punct or self.doc[i].pos_ in ("VERB", "AUX") or "\n" in self.doc[i].text:
                return False  # "M.", "le shérif", "en conférence de presse" may stand between, not a clause
            i -= 1
        if i < 1 or not self.rules.is_reporting(self.doc[i]):
            return False
        k = i - 1
        while k > 0 and self.doc[k].pos_ == "AUX":
            k -= 1
        return self.doc[k].text in (",", "»", "”", '"')

    def source_phrase_name(self, span: Span) -> bool:
        """'Selon le journaliste camerounais Louis Keumayou, ...', 'Pour cet autre vendeur, Saïdou Bouda,
        ...': a name at the end of a source phrase, or in apposition to it."""
        i = span.start - 1
        if i > 0 and self.doc[i].text == "," and self.doc[i - 1].is_lower and self.rules.role_of(self.doc[i - 1]):
            i -= 1
        while i >= 0 and i >= span.start - 5 and self.doc[i].is_lower and (
                self.doc[i].pos_ in ("DET", "ADJ") or self.rules.role_of(self.doc[i])):
            i -= 1
        if not (0 <= i < span.start - 1 and self.doc[i].lower_ in SOURCE_MARKERS):
            return self.after_long_source_phrase(span)
        # "pour" marks a source only opening a clause ("Pour le maire X, ..."), not "contre 37 % pour le
        # candidat socialiste David Habib"
        return self.doc[i].lower_ != "pour" or i == 0 or self.doc[i - 1].text in (",", ".", "\n") or self.doc[i].is_sent_start

    def after_long_source_phrase(self, span: Span) -> bool:
        """'selon la présidente départementale du syndicat des pharmaciens, Valérie Delécluse': a name
        in apposition to a longer description after "selon" or "d'après" (no verb, no other name,
        no sentence punctuation between); "pour" is left out, which opens many other phrases."""
        if span.start == 0 or self.doc[span.start - 1].text != ",":
            return False
        for tok in reversed(self.doc[max(0, span.start - SOURCE_PHRASE_TOKENS):span.start - 1]):
            if tok.lower_ in SOURCE_MARKERS and tok.lower_ != "pour":
                phrase = self.doc[tok.i + 1:span.start - 1]
                head = next((t for t in phrase if t.pos_ == "NOUN"), None)
                roles = [t for t in phrase if t.pos_ == "NOUN" and self.rules.role_of(t)]
                # "selon un proche du Premier ministre, François Bayrou", "selon le porte-parole du
                # Premier ministre, François Bayrou": the name may be the one the source is close to
                # or speaks for, not the source; one role and no associate noun leave no doubt
                return (head is not None and fold(head.lemma_) not in self.rules.associate_nouns
                        and len(roles) == 1)
            if (tok.pos_ in ("VERB", "AUX") or tok.text in (".", ";", ":", "«", "»", "\n") or "\n" in tok.text
                    or self.person_at(tok) or self.inside_quote(tok.idx)):
                return False
        return False

    def person_at(self, token: Token) -> Speaker | None:
        for m in self.mentions:  # any overlap: "M.Houdré" is one token, the name starts inside it
            if m.start < token.idx + len(token.text) and token.idx < m.end:
                return Speaker(m.name, "person")
        return None

    def org_name(self, name: str) -> str:
        """One organisation, one name: its fullest form in the article ("SUD" -> "SUD-PTT")."""
        return fullest_name(name, self.org_names)

    def institution_of_place(self, token: Token) -> Speaker | None:
        """A capital that speaks ("Bruxelles a salué"): the institution it stands for, by the first of
        its names the article uses ("Commission européenne"), else its usual name."""
        if not token.text[:1].isupper():
            return None
        names = self.rules.institution_of(token.text)
        if not names:
            return None
        used = next((n for n in names if fold(n) in self.folded_text), names[0])
        return Speaker(self.org_name(used), "organisation")

    def org_at(self, token: Token) -> Speaker | None:
        for start, end, name in self.orgs:
            if start <= token.idx < end:
                return Speaker(name, "organisation")
        return None

    def last_salient(self, offset: int, gender: str | None = None) -> Speaker | None:
        """The latest subject person (or resolved speaker), else the latest person, else organisation.
        With `gender` ("Masc" for "il", "Fem" for "elle"), a person known to be of the other gender
        is passed over."""
        before = [(start, s) for start, s in self.salient if start < offset]
        if gender is not None:
            agreeing = [(start, s) for start, s in before if self.genders.get(s.name) in (None, gender)]
            before = agreeing or before
        last = before[-1][0] if before else -1
        described = [t for t in self.descriptions if last < t.idx < offset
                     and (gender is None or self.description_gender(t) in (None, gender))  # not "le président" for "elle"
                     and not self.reported_by(t, last)]
        if described:  # "Une perspective séduisante pour l'ex-président, qui a félicité Musk"
            found = self.describe(described[-1], self.rules.role_of(described[-1]))
            if found and gender is not None and self.genders.get(found.name) not in (None, gender):
                found = None  # "Le président « ... », a-t-elle lancé": not him
            if found:
                self.remember(described[-1].idx, found)
                return found
        if before and gender is not None and self.rules.name_gender(before[-1][1].name) not in (None, gender):
            agreeing_named = self.last_named_by_gender(offset, gender)
            if agreeing_named:  # "Jeanine ... ", lance-t-elle. [...] Damien Pérègne ... « ... », souffle-t-il
                return agreeing_named
        if before:
            return before[-1][1]
        named = self.named_before(offset)
        return Speaker(named[-1].name, "person") if named else self.last_org(offset, outside_complements=True)

    def named_before(self, offset: int) -> list[Mention]:
        """The person mentions before `offset`, outside quotes, in text order."""
        return [m for m in self.mentions if m.start < offset and not self.inside_quote(m.start)]

    def last_person_of_gender(self, offset: int, gender: str) -> Speaker | None:
        """The person named last before `offset` whose known gender is not the other one."""
        found = next((m for m in reversed(self.named_before(offset)) if self.genders.get(m.name) in (None, gender)), None)
        return Speaker(found.name, "person") if found else None

    def last_named_by_gender(self, offset: int, gender: str) -> Speaker | None:
        """The person named last before `offset` whose first name is of `gender` (the name itself,
        not a role's article: "la star Kylian Mbappé" is a man)."""
        found = next((m for m in reversed(self.named_before(offset)) if self.rules.name_gender(m.name) == gender), None)
        return Speaker(found.name, "person") if found else None

    def reported_by(self, noun: Token, subject_start: int) -> bool:
        """'X a déclaré que son chef a fait un mauvais choix. « ... », a-t-il admis': a description in
        the clause a subject's verb reports ("que ...") is not what the next "il" goes on with."""
        sentence = self.sentence_at(noun.idx)
        if sentence is None or not sentence.start_char <= subject_start < noun.idx:
            return False
        between = self.doc.char_span(subject_start, noun.idx, alignment_mode="expand")
        return between is not None and any(t.lower_ in ("que", "qu'", "qu’") and t.pos_ == "SCONJ" for t in between)

    def last_named(self, offset: int, gender: str | None = None) -> Speaker | None:
        """The person or organisation named last before `offset`, outside quotes, outlets aside: what
        "ce dernier" / "cette dernière" points at. With `gender`, not a person or an organisation known
        to be of the other one ("Thomas Bach, reçu par la ministre X. Ce dernier" is Bach; "la Cour
        des comptes" is no "ce dernier")."""
        people = [(m.start, Speaker(m.name, "person")) for m in self.named_before(offset)
                  if gender is None or self.genders.get(m.name) in (None, gender)]
        orgs = [(start, Speaker(name, "organisation")) for start, _, name in self.orgs
                if start < offset and not self.rules.is_media(name)
                and (gender is None or self.article_gender(start) in (None, gender))]
        return max(people + orgs, key=lambda found: found[0], default=(0, None))[1]

    def article_gender(self, offset: int) -> str | None:
        """The gender the article right before a name gives it: "la Cour des comptes" -> "Fem"."""
        words = [fold(w) for w in self.text[max(0, offset - 24):offset].split()[-2:]]
        if words and words[-1] not in ARTICLE_GENDERS and words[-1].isalpha() and words[-1].islower():
            words = words[:-1]  # over a common noun: "la société Lafarge", "le groupe SEB"
        return ARTICLE_GENDERS.get(words[-1]) if words else None

    def last_institution(self, offset: int) -> Speaker | None:
        """The institution named last before `offset` by its own noun phrase ("le ministère des
        Antiquités égyptien"), outside quotes."""
        named = [t for t in self.doc if t.idx < offset and t.is_lower and fold(t.lemma_) in self.rules.institution_nouns
                 and not self.inside_quote(t.idx)]
        return Speaker(self.org_name(institution_phrase(self.doc, named[-1])), "organisation") if named else None

    def last_org(self, offset: int, outside_complements: bool = False) -> Speaker | None:
        """The organisation named last before `offset`, outlets aside ("irrité dans L'Equipe"); with
        `outside_complements`, not a court or body one appears before ("il" after "comparaître près la
        Cour d'appel" is not the court)."""
        before = [name for start, _, name in self.orgs if start < offset and not self.rules.is_media(name)
                  and not (outside_complements and self.governed_by_preposition(start))]
        return Speaker(before[-1], "organisation") if before else None

    def name_start(self, token: Token) -> Token | None:
        """The first token of the person mention `token` is in."""
        mention = next((m for m in self.mentions if m.start <= token.idx < m.end), None)
        span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand") if mention else None
        return span[0] if span is not None else None

    def modifies_noun(self, token: Token) -> bool:
        """The name `token` is in modifies the common noun before it, as "Luxleaks" in "suite aux
        révélations Luxleaks" or "Fillon" in "l'affaire Fillon": no one speaks there."""
        first = self.name_start(token)
        return first is not None and modifies_noun(first, self.rules)

    def governed_by_preposition(self, offset: int) -> bool:
        span = self.doc.char_span(offset, offset + 1, alignment_mode="expand")
        if span is None or span.start == 0:
            return False
        before = self.doc[span.start - 1]
        if before.pos_ == "DET" and span.start > 1:
            before = self.doc[span.start - 2]
        return before.lower_ in ("près", "auprès", "devant")  # "près la Cour d'appel" (tagged ADV)

    def main_org(self, offset: int) -> Speaker | None:
        """The organisation named most often before `offset` (the latest of equals): what "le groupe"
        means when the text never introduced one with that noun, rather than the last one named in
        passing ("Samsung ... commente X, analyste à Hi Investment. Un représentant du groupe")."""
        counts: dict[str, int] = {}
        for start, _, name in self.orgs:
            if start < offset:
                counts[name] = counts.get(name, 0) + 1
        if not counts:
            return None
        latest = {name: i for i, (start, _, name) in enumerate(self.orgs) if start < offset}
        return Speaker(max(counts, key=lambda name: (counts[name], latest[name])), "organisation")

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
                if (tok.text in (".", ";", ":", "«", "»", "(", ")") or "\n" in tok.text or is_finite(tok)
                        or tok.lower_ in OBJECT_PREPOSITIONS):  # "la fédération à une question de la RTBF"
                    break
                if fold(tok.lemma_) == noun_lemma or fold(tok.text) == noun_lemma:
                    return Speaker(name, "organisation")
        for start, end, name in reversed(self.orgs):
            if start < offset and noun_lemma in fold(self.text[start:end]).split():
                return Speaker(name, "organisation")
        known = self.rules.org_kinds.get(noun_lemma, frozenset())
        for start, end, name in reversed(self.orgs):  # "la CGT ... le syndicat": a union by its name
            if start < offset and (fold(name) in known or fold(self.text[start:end]) in known):
                return Speaker(name, "organisation")
        return None

    def remember(self, offset: int, speaker: Speaker) -> None:
        """A resolved speaker becomes the latest thing "il" can refer to."""
        self.salient.append((offset, speaker))
        self.salient.sort(key=lambda pair: pair[0])

    def describe(self, noun: Token, role: str, named_only: bool = False) -> Speaker | None:
        """The person a definite description stands for: 'le patron de SpaceX', 'l'ex-président'.

        First the people the article names with this role ("le président Trump", "Gérald Karsenti,
        PDG de HP"); else the people named with no other role, leaving out asides in parentheses;
        among them the latest subject (or resolved speaker) before the description, else the latest named.
        """
        named = self.apposed_person(noun)
        if named is not None:
            return named  # "Le maire, André Mellinger (PS), se déclare ...": the name said who
        offset = noun.idx
        before = [m for m in self.mentions if m.start < offset]
        if not before:  # "..., prévient un juge de la Cour supérieure. Marc Boucher estime": named next
            ahead = self.named_next(noun, bare=True)
            gender = self.description_gender(noun)
            agrees = ahead is not None and (gender is None or self.genders.get(ahead.name) in (None, gender))
            return ahead if agrees else None
        counts: dict[str, int] = {}
        for m in before:
            counts[m.name] = counts.get(m.name, 0) + 1
        named = set(counts)
        visible = {m.name for m in before if not in_parentheses(self.text, m.start)} or named
        prominent = {n for n in visible if 2 * counts[n] >= max(counts[v] for v in visible)}
        free = {n for n in named if not self.roles.get(n, set()) - {role}}
        tiers = [{n for n in named if any(self.rules.covers(role, r) for r in self.roles.get(n, set()) | self.learned.get(n, set()))},
                 free & prominent, prominent, visible]
        if named_only and not tiers[0]:
            return None  # "son avocate": someone's, not the prominent person; only one named so counts
        gender = self.description_gender(noun)
        agrees = lambda name: gender is None or self.genders.get(name) in (None, gender)  # noqa: E731
        if not tiers[0]:
            ahead = self.named_next(noun)
            if ahead is not None and agrees(ahead.name):  # "..., a déclaré le ministre de l'Economie. Bruno Le Maire souligne"
                self.learned.setdefault(ahead.name, set()).add(role)
                return ahead
            recent = self.recent_subject(offset, prominent)
            if recent is not None and agrees(recent):  # "« ... », a positivé le sélectionneur X. « ... », a ajouté le patron des Bleus"
                self.learned.setdefault(recent, set()).add(role)
                return Speaker(recent, "person")
        # "l'avocate" is none of the men named as lawyers
        tiers = [{n for n in tier if agrees(n)} for tier in tiers]
        linked = next(t for t in tiers + [named] if t)
        subjects = [s for start, s in self.salient if start < offset and s.name in linked]
        if subjects:
            found = subjects[-1]
        else:
            latest = {m.name: m.start for m in before}
            found = Speaker(max(sorted(linked), key=lambda n: (counts[n], latest[n])), "person")
        self.learned.setdefault(found.name, set()).add(role)
        return found


    def apposed_person(self, noun: Token) -> Speaker | None:
        """The person named right after a description, with or without a comma: 'le maire, André
        Mellinger,', 'la ministre Agnès Buzyn'."""
        doc, i = self.doc, noun.i + 1
        while i < len(doc) and i <= noun.i + 3 and (doc[i].text == "," or (doc[i].pos_ == "ADJ" and doc[i].is_lower)):
            i += 1
        found = self.person_at(doc[i]) if i < len(doc) and not self.inside_quote(doc[i].idx) else None
        if found is None or not any(t.text == "," for t in doc[noun.i + 1:i]):
            return found
        # with a comma, the name must be set off on both sides: "Selon le procureur, Jean Dupont est"
        # names the subject of the next clause, not the prosecutor
        end = next((m.end for m in self.mentions if m.start <= doc[i].idx < m.end), doc[i].idx)
        after = self.doc.char_span(end, min(len(self.text), end + 2), alignment_mode="expand")
        return found if after is not None and after[0].text in (",", "(", ")", ".") else None

    def description_gender(self, noun: Token) -> str | None:
        """'la ministre' -> "Fem" by its determiner; 'l'avocate' by its feminine form."""
        return noun_gender(noun) or self.rules.role_gender(noun)

    def recent_subject(self, offset: int, prominent: set[str]) -> str | None:
        """The person the text was just about (latest subject or speaker, in this sentence or the one
        before): a description no one was named with varies the way the text names them."""
        sentence = self.sentence_at(offset)
        if sentence is None:
            return None
        previous = sentence
        for _ in range(3):  # over the line breaks between paragraphs, which are sentences of their own
            found = self.sentence_at(previous.start_char - 1) if previous.start_char else None
            if found is None:
                break
            previous = found
            if found.text.strip():
                break
        floor = previous.start_char
        before = [s for start, s in self.salient if floor <= start < offset and s.type == "person"]
        if before and before[-1].name in prominent:
            return before[-1].name
        return None


def in_parentheses(text: str, offset: int) -> bool:
    """Inside an aside "( ... )" of the same paragraph."""
    line_start = text.rfind("\n", 0, offset)
    return text.rfind("(", line_start + 1, offset) > text.rfind(")", line_start + 1, offset)


def is_subject_apposition(span: Span) -> bool:
    """'Le maire de New York, Michael Bloomberg, appelle': a name between commas before the verb."""
    doc = span.doc
    start = span.start
    while start > 0 and fold(doc[start - 1].text) in CIVILITY_TITLES:
        start -= 1  # "le directeur de la santé publique, le Dr Alain Poirier, s'est montré"
    if start > 0 and doc[start - 1].lower_ in ("le", "la") and start < span.start:
        start -= 1
    if start == 0 or doc[start - 1].text != "," or span.end >= len(doc) or doc[span.end].text != ",":
        return False
    # the verb right after the comma, clitics and negation aside: not "avec son complice, Jean-Michel
    # Larqué, sa disparition a plongé ...", where the name sits in a prepositional phrase
    i = span.end + 1
    while i < len(doc) and doc[i].lower_ in CLITICS:
        i += 1
    return i < len(doc) and doc[i].pos_ in ("VERB", "AUX") and "Fin" in doc[i].morph.get("VerbForm")


CIVILITY_TITLES = frozenset({"dr", "dr.", "pr", "pr.", "me", "mgr", "m.", "mme", "docteur", "professeur", "maitre"})
FEMININE_DETERMINERS = frozenset({"la", "une", "cette", "sa"})
MASCULINE_DETERMINERS = frozenset({"le", "un", "ce", "cet", "son", "du", "au"})
FEMININE_TITLES = frozenset({"mme", "mme.", "mlle", "madame", "mademoiselle"})
MASCULINE_TITLES = frozenset({"m.", "monsieur"})


INVERTED_INCISE = re.compile(r"[,»”\"]\s*(?:a|avait)?\s*\w+\s*$")  # "« ... », a précisé " before a name


def person_genders(doc: Doc, mentions: list[Mention]) -> dict[str, str]:
    """Person -> "Masc" or "Fem" when the text says it and never says otherwise: a civility title
    ("Mme De Block"), the determiner of a role right before the name ("la ministre Maggie De
    Block", "le président X"), or a participle agreeing with the name as subject ("X est arrivée")."""
    votes: dict[str, set[str]] = {}
    for m in mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        found = votes.setdefault(m.name, set())
        i = span.start - 1
        if i >= 0 and doc[i].lower_ in FEMININE_TITLES | MASCULINE_TITLES:
            found.add("Fem" if doc[i].lower_ in FEMININE_TITLES else "Masc")
            continue
        while i >= 0 and doc[i].is_lower and doc[i].pos_ in ("ADJ", "NOUN") and i >= span.start - 3:
            i -= 1  # over the role and its adjectives right before the name: "la libérale flamande X"
        if i >= 0 and i < span.start - 1 and doc[i].lower_ in FEMININE_DETERMINERS | MASCULINE_DETERMINERS:
            found.add("Fem" if doc[i].lower_ in FEMININE_DETERMINERS else "Masc")
        if span.root.dep_.startswith("nsubj"):
            found.update(agreement_gender(span.root.head))
    return {name: next(iter(g)) for name, g in votes.items() if len(g) == 1}


def noun_gender(noun: Token) -> str | None:
    """'le président' -> "Masc", 'la ministre' -> "Fem", by its determiner ('l'' tells nothing)."""
    for child in noun.children:
        if child.dep_ == "det":
            if child.lower_ in FEMININE_DETERMINERS:
                return "Fem"
            if child.lower_ in MASCULINE_DETERMINERS:
                return "Masc"
    return None


def agreement_gender(head: Token) -> list[str]:
    """The gender of what agrees with a subject: a participle or adjective after "être" ("est
    arrivée", "est concernée") or an attribute ("se sent concernée"); a participle after "avoir"
    agrees with nothing."""
    with_etre = any(c.dep_ in ("aux", "aux:pass", "aux:tense", "cop") and c.lemma_ == "être" for c in head.children)
    words = ([head] if with_etre and head.pos_ in ("VERB", "ADJ") else []) + [
        c for c in head.children if c.dep_ == "xcomp" and c.pos_ in ("ADJ", "VERB")]
    return [g for w in words for g in w.morph.get("Gender")[:1]]


def opens_sentence_before_apposition(span: Span) -> bool:
    """'M. Denis, très au fait de l'affaire, avait relaté ...': a name that opens its sentence (a
    civility title aside) followed by a comma is the subject the apposition describes."""
    doc = span.doc
    if span.end >= len(doc) or doc[span.end].text != ",":
        return False
    i = span.start - 1
    while i >= 0 and fold(doc[i].text) in NOT_ROLES:  # "M.", "Me"
        i -= 1
    return i < 0 or doc[i].text in (".", "!", "?") or "\n" in doc[i].text or "\n" in doc[i].whitespace_


def unlisted_names(doc: Doc, people: list[Mention], quotes: list[Quote],
                   places: frozenset[str] = frozenset(), people_rules: PeopleRules | None = None) -> list[Mention]:
    """Person entities of two words or more that the people rules left out ("Alberto Ruiz-Gallardón");
    not the name a place noun is apposed to ("le président de la région Auvergne-Rhône-Alpes", "au
    stade Pierre Mauroy") unless it opens with a first name and holds the role that governs the place
    ("la directrice de l'hôpital Sophie Lambert")."""
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
        if doc[i].lower_ in ("de", "du", "des", "d'", "d’"):  # one-word complement: "de la Justice"
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
                and (fold(doc[i - 1].lemma_) not in places or (people_rules is not None and fold(name[0].text) in
                                                                 people_rules.first_names and holds_the_role(doc, i - 1, i, people_rules)))
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


ARTICLE_GENDERS = {"la": "Fem", "une": "Fem", "cette": "Fem", "le": "Masc", "du": "Masc", "au": "Masc",
                   "un": "Masc", "ce": "Masc"}


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
        k = i - 1 if comma else i
        if i >= 0 and fold(doc[i].text) in ("de", "du", "des", "d'", "d’"):
            k = -1  # "l'avocat de Jean Dupont": the name is the role's complement, not its holder
        found = False
        while k > max(-1, i - 12):
            tok = doc[k]
            if tok.text == ")":  # over an aside: "le maire de Carhaix (Finistère) Christian Troadec"
                while k > 0 and doc[k].text != "(":
                    k -= 1
                k -= 1
                continue
            if tok.is_punct or tok.pos_ in ("VERB", "AUX", "PRON") or "\n" in tok.text or (
                    found and (tok.pos_ == "DET" or fold(tok.text) in ("de", "du", "des", "d'"))):
                # a role found, its noun phrase ends at its determiner ("le rédacteur en chef de X"), and
                # the role it depends on is another's ("l'avocat du ministre X": X is the minister)
                break
            role = rules.role_of(tok)
            if role:
                links.setdefault(m.name, set()).add(role)
                found = True
            k -= 1
        opening = opening_role(doc, span.start, rules)
        if opening:  # "Porte-parole des « bonnets rouges », le maire de Carhaix Christian Troadec a ..."
            links.setdefault(m.name, set()).add(opening)
        if span.end + 1 < len(doc) and doc[span.end].text == "," and not modifies_noun(span[0], rules):
            # not "suite aux révélations Luxleaks, le ministre n'a de cesse": the role opens the clause
            for tok in doc[span.end + 1:span.end + 4]:
                role = rules.role_of(tok)
                if role:
                    links.setdefault(m.name, set()).add(role)
                    break
                if tok.pos_ not in ("DET", "ADJ"):
                    break
    return links


def modifies_noun(first: Token, rules: QuoteRules) -> bool:
    """A name (its first token) set right after a common noun that governs it and is neither a role
    nor a subject: "les révélations Luxleaks", "l'affaire Fillon"; not "le ministre Gramegna", not
    "le chanteur Johnny Hallyday a dit" (the noun is the subject)."""
    if first.i == 0:
        return False
    noun = first.doc[first.i - 1]
    # nor the complement of a role ("le président de l'association Jean Martin": the name is his)
    return (noun.pos_ == "NOUN" and noun.is_lower and first.head == noun and not rules.role_of(noun)
            and not noun.dep_.startswith("nsubj") and not rules.role_of(noun.head))


def opening_role(doc: Doc, name_start: int, rules: QuoteRules) -> str | None:
    """The role that opens the sentence as an appositive to the name that is its subject: 'Ancien
    ministre, Jean Dupont ...', 'Porte-parole du mouvement, le maire X ...' (a comma before the name)."""
    i = name_start - 1
    while i >= 0 and not (doc[i].text in (".", "!", "?") or "\n" in doc[i].text or (
            doc[i].text in ("»", "”") and i > 0 and doc[i - 1].text in (".", "!", "?"))):  # «... là.» Porte-parole
        if i < name_start - 16:
            return None  # too far from the start of the sentence
        i -= 1
    first = doc[i + 1]
    if first.i >= name_start or not first.text[:1].isupper():
        return None
    if not any(t.text == "," for t in doc[first.i:name_start]):
        return None
    return rules.role_of(first)


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


# Object pronouns that stand between a subject and its verb ("Pastor leur répondit", "Musk lui a
# répondu", "Trump l'a dit"): a name right before one is the subject.
OBJECT_CLITICS = frozenset({"lui", "leur", "l'", "l’", "se", "s'", "s’", "m'", "m’", "y"})


def is_indefinite(noun: Token) -> bool:
    """'un porte-parole', 'un jeune manifestant': someone the text does not name."""
    doc = noun.doc
    i = noun.i - 1
    while i >= 0 and doc[i].pos_ == "ADJ":
        i -= 1
    return i >= 0 and doc[i].lower_ in INDEFINITE


def institution_phrase(doc: Doc, noun: Token) -> str:
    """An institution named by its noun, one adjective or a capitalised complement: 'gouvernement
    malien', 'ministère de l'Intérieur', 'Sénat'."""
    words = [noun.text]
    nxt = doc[noun.i + 1] if noun.i + 1 < len(doc) else None
    if nxt is not None and nxt.pos_ == "ADJ" and nxt.text[:1] not in "«»\"":
        words.append(nxt.text)
    elif nxt is not None and nxt.lower_ in ("de", "du", "des", "d'", "d’"):
        j = noun.i + 2
        while j < len(doc) and (doc[j].pos_ == "DET" or doc[j].lower_ in ("l'", "l’", "la", "le")):
            j += 1
        if j < len(doc) and doc[j].text[:1].isupper() and doc[j].is_alpha:
            return doc[noun.i:j + 1].text
    return " ".join(words)
