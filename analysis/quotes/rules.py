"""Shared data of the quote rules: word lists (`QuoteRules`), the `Quote` and `Speaker` records, constants."""

from __future__ import annotations

import re

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Token

from analysis.people import DATA_DIR as PEOPLE_DIR
from analysis.people import fold, read_list

DATA_DIR = Path(__file__).parent.parent / "data" / "quotes"


CLOSERS = {"«": "»", "“": "”"}


STRAIGHT = '"'


TRIM = " \t\n\u00a0\u202f\u2009"


def with_curly(words: set[str]) -> frozenset[str]:
    """Elided words with both apostrophes: outlets type "qu’il" as often as "qu'il"."""
    return frozenset(words) | {w.replace("'", "’") for w in words}


SUBJECT_PRONOUNS = with_curly({"je", "j'", "tu", "il", "elle", "on", "nous", "vous", "ils", "elles",
                              "c'", "ce", "ça", "cela", "ceci", "personne", "rien", "moi", "chacun"})


SUBJECT_ONLY_PRONOUNS = frozenset({"il", "elle", "ils", "elles"})  # never objects in French


THIRD_PERSON = frozenset({"il", "elle", "ils", "elles", "lui", "eux"})


PLURAL_PRONOUNS = frozenset({"ils", "elles", "eux"})


RELATIVES = with_curly({"qui", "que", "qu'", "dont", "lequel", "laquelle", "lesquels", "lesquelles",
                       "auquel", "auxquels", "auxquelles", "duquel", "desquels", "desquelles", "où"})


# Words that may sit between a closing mark and the verb of its incise: "», lui avait dit X".
INCISE_FILLERS = with_curly({",", "a", "avait", "aurait", "ont", "avaient", "lui", "leur", "nous", "vous",
                             "se", "s'", "l'", "en", "y", "-t", "t", "-t-il", "ne", "n'", "—", "-",
                             # adverbs between the auxiliary and the verb: "a notamment déclaré"
                             "notamment", "également", "aussi", "encore", "ensuite", "alors", "enfin", "déjà",
                             "ainsi", "même", "pourtant", "toutefois", "cependant", "néanmoins", "donc", "bien",
                             "immédiatement", "aussitôt", "simplement", "seulement", "plutôt"})
# Verbs an incise puts before its reporting infinitive ("a tenu à souligner X", "a voulu rappeler
# X"), lemma -> the preposition that links them ("" for none): the infinitive reports, the name after speaks.
INCISE_MODALS = {"tenir": "à", "vouloir": "", "souhaiter": "", "devoir": "", "pouvoir": "", "oser": "",
                 "préférer": "", "insister": "pour"}


# "Me Olivia Venet", "Maître X": a lawyer's title, the role "l'avocate" refers back to.
ROLE_SYNONYMS = {"me": "avocat", "maitre": "avocat"}
# Feminine endings of role nouns, folded, tried in this order (the bare "e" last): directrice,
# chroniqueuse, doyenne, conseillère, sportive, maîtresse, avocate.
FEMININE_ROLE_ENDINGS = (("rice", "eur"), ("euse", "eur"), ("enne", "en"), ("ere", "er"), ("ive", "if"),
                         ("esse", "e"), ("e", ""))

# Prefixes that make a role of a role: "le coprésident", "la vice-présidente", "la cofondatrice".
ROLE_PREFIXES = ("co-", "co", "vice-")

# Title words of the people list that are qualifiers, not roles ("l'ancien président").
NOT_ROLES = frozenset({"ancien", "ancienne", "feu", "saint", "sainte", "premier", "m.", "mm.", "mme", "mmes",
                       "mlle", "monsieur", "madame", "mademoiselle"})


ER_ENDINGS = ("e", "ent", "é", "ée", "a", "èrent", "ait", "aient", "ant")
# Before a mute ending, -er verbs change the last vowel of their stem: "tempérer" -> "tempère",
# "soulever" -> "soulève", "rappeler" -> "rappelle". The forms "tempère" share no stem with the
# infinitive, and the small model often tags them ADJ with a broken lemma ("tempèr").
LAST_E_OF_STEM = re.compile(r"[ée](?=(?:[bcdfgjklmnpqrstvz]|[bcdfgptv][lr]|gn)$)")  # "tempér", "célébr"
MUTE_ENDINGS = ("e", "es", "ent")


def ir_re_forms(verb: str) -> set[str]:
    """Forms of the -ir and -re verbs the small model mislemmatises in an incise ("a réagi" ADJ,
    lemma "réagi"): "réagi", "réagit", "répondu", "répond", "reconnu"."""
    if verb.endswith("aître"):
        return {verb[:-5] + end for end in ("u", "ue", "aît")}  # "reconnaître" -> "reconnu"
    if verb.endswith("enir"):  # "prévenir" -> "prévenu", "prévient"
        return {verb[:-4] + end for end in ("enu", "ient", "iennent")}
    if verb.endswith("ir"):
        return {verb[:-2] + end for end in ("i", "it", "is", "issent")}
    if verb.endswith("dre"):
        return {verb[:-2] + end for end in ("u", "", "ent")}  # "répondre" -> "répondu", "répond"
    return set()


def grave_forms(verb: str) -> set[str]:
    stem = verb[:-2]
    forms = {LAST_E_OF_STEM.sub("è", stem) + end for end in MUTE_ENDINGS} if LAST_E_OF_STEM.search(stem) else set()
    if stem.endswith(("el", "et")) and not stem.endswith(("ell", "ett")):  # "appeler" -> "appelle"
        forms |= {stem + stem[-1] + end for end in MUTE_ENDINGS}
    return forms - {stem + end for end in MUTE_ENDINGS}
VERB_ENDINGS = ("é", "ée", "és", "ées", "e", "es", "ent", "ait", "a")


# Determiners of someone the text does not name: "un porte-parole", "De nombreux habitants", "certains
# wikipédiens" (an adjective may sit between: "un jeune manifestant").
INDEFINITE = with_curly({"un", "une", "des", "d'", "de", "certains", "certaines", "plusieurs", "quelques",
                        "nombreux", "nombreuses", "divers", "diverses"})


# Prepositions that make the following noun phrase an object, not the subject of an incise.
OBJECT_PREPOSITIONS = frozenset({"à", "au", "aux", "pour", "avec", "contre", "chez", "sur", "par", "envers", "sous"})
# Words of time, folded: "Lundi matin, X", "a déclaré ce lundi matin le ministre" name no one.
TIME_NOUNS = frozenset({"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "matin", "soir",
                        "midi", "apres-midi", "nuit", "jour", "journee", "semaine", "mois", "an", "annee", "hier",
                        "veille", "lendemain", "week-end", "janvier", "fevrier", "mars", "avril", "mai", "juin",
                        "juillet", "aout", "septembre", "octobre", "novembre", "decembre"})


CLITICS = with_curly({"ne", "n'", "se", "s'", "lui", "leur", "y", "en", "l'", "le", "la", "les", "me", "m'", "nous", "vous"})


# Reporting verbs only in an incise ("« ... », fait-il"): before a quote, "faire" is any doing ("a dû
# faire demi-tour après avoir entendu deux « bangs »").
INCISE_ONLY_VERBS = frozenset({"faire"})

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
    # "Bruxelles a salué": capital city (folded) -> names of the institution it stands for
    metonyms: tuple[tuple[str, tuple[str, ...]], ...] = ()
    document_nouns: frozenset[str] = frozenset()  # "le rapport dénonce": whoever produced it speaks
    irregular_forms: frozenset[str] = frozenset()  # "admet", "promis": see `build`
    # "les autorités" -> ("police", "gendarmerie", ...): the institution a group of members speaks for
    group_institutions: tuple[tuple[str, tuple[str, ...]], ...] = ()
    media: frozenset[str] = frozenset()  # outlets and agencies (folded): they carry words, see `is_media`
    # folded given name -> "Fem" / "Masc", unambiguous names only: who "elle" and "l'avocate" can be
    first_name_genders: Mapping[str, str] = field(default_factory=dict, compare=False)
    # "magistrat" -> {"procureur", "juge", ...}: a general description covers the roles named (folded)
    role_families: Mapping[str, frozenset[str]] = field(default_factory=dict, compare=False)
    associate_nouns: frozenset[str] = frozenset()  # "l'entourage de X": unnamed people close to X
    acting_verbs: frozenset[str] = frozenset()  # reporting verbs that mostly act outside an incise ("lancer")
    # "syndicat" -> folded names of well-known unions: what "le syndicat" can refer back to
    org_kinds: Mapping[str, frozenset[str]] = field(default_factory=dict, compare=False)

    @classmethod
    def build(cls, verbs, org_nouns, person_roles, spokesperson_nouns=(), title_nouns=(), label_nouns=(),
              term_nouns=(), naming_verbs=(), institution_nouns=(), metonyms=(), document_nouns=(),
              group_institutions=(), media=(), first_name_genders=(), role_families=(), associate_nouns=(),
              acting_verbs=(), org_kinds=()) -> QuoteRules:
        stems = {v[:-2] if v.endswith(("er", "ir", "re")) else v for v in verbs}
        forms = {v[:-2] + end for v in verbs if v.endswith("er") for end in ER_ENDINGS}
        forms |= {form for v in verbs if v.endswith("er") for form in grave_forms(v)}
        forms |= {form for v in verbs for form in ir_re_forms(v)}
        # "admet", "promet", "admis": forms of the -ettre verbs share no stem with the infinitive, and
        # the small model tags and lemmatises them badly ("admet" ADJ, lemma "admet")
        irregular = {v[:-5] + end for v in verbs if v.endswith("ettre") for end in ("et", "ettent", "is", "ise")}
        folded = lambda words: frozenset(fold(w) for w in words)
        families = {general: frozenset(fold(r) for r in roles) for general, roles in role_families}
        return cls(frozenset(verbs), folded(org_nouns), (folded(person_roles) | set(families)) - NOT_ROLES,
                   tuple(sorted(s for s in stems if len(s) >= 5)), folded(spokesperson_nouns),
                   frozenset(forms), folded(title_nouns), folded(label_nouns), folded(term_nouns),
                   frozenset(naming_verbs), folded(institution_nouns), tuple(metonyms), folded(document_nouns),
                   frozenset(irregular), tuple(group_institutions), folded(media),
                   {fold(name): gender for name, gender in first_name_genders}, families, folded(associate_nouns),
                   frozenset(acting_verbs), {noun: frozenset(map(fold, names)) for noun, names in org_kinds})

    @classmethod
    def from_dir(cls, folder: Path = DATA_DIR) -> QuoteRules:
        return cls.build(read_list(folder / "reporting_verbs.txt"), read_list(folder / "org_nouns.txt"),
                         read_list(PEOPLE_DIR / "titles.txt") + read_list(folder / "person_nouns.txt"),
                         read_list(folder / "spokesperson_nouns.txt"), read_list(folder / "title_nouns.txt"),
                         read_list(folder / "label_nouns.txt"), read_list(folder / "term_nouns.txt"),
                         read_list(folder / "naming_verbs.txt"), read_list(folder / "institution_nouns.txt"),
                         read_metonyms(folder / "capital_metonyms.txt"), read_list(folder / "document_nouns.txt"),
                         tuple(read_metonyms(folder / "group_institutions.txt")), read_list(folder / "media_names.txt"),
                         read_genders(PEOPLE_DIR / "first_name_genders.txt"), read_metonyms(folder / "role_families.txt"),
                         read_list(folder / "associate_nouns.txt"), read_list(folder / "acting_verbs.txt"),
                         read_metonyms(folder / "org_kinds.txt"))

    def institution_of(self, place: str) -> tuple[str, ...]:
        """'Bruxelles' -> ('Commission européenne', 'Union européenne', 'UE'); () for other places."""
        folded = fold(place)
        return next((names for city, names in self.metonyms if city == folded), ())

    def role_of(self, token: Token) -> str | None:
        """'président', 'ex-présidente', 'milliardaire' -> the role noun it names, in its masculine
        form so that "l'avocate" and "Me Olivia Venet" share a role ("avocat"), else None."""
        if token.pos_ not in ("NOUN", "PROPN", "ADJ"):
            return None
        for word in (fold(token.text), fold(token.lemma_)):
            word = ROLE_SYNONYMS.get(word.removeprefix("ex-"), word.removeprefix("ex-"))
            if word in self.person_roles or word in self.spokesperson_nouns:
                return self.masculine_role(word)
            for prefix in ROLE_PREFIXES:  # "coprésident", "co-fondatrice", "vice-présidente": roles of their own
                rest = word.removeprefix(prefix)
                if rest != word and (rest in self.person_roles or rest in self.spokesperson_nouns):
                    return prefix + self.masculine_role(rest)
        return None

    def masculine_role(self, word: str) -> str:
        """'avocate' -> 'avocat', 'directrice' -> 'directeur'; 'ministre' stays (no 'ministr')."""
        for feminine, masculine in FEMININE_ROLE_ENDINGS:
            base = word[:-len(feminine)] + masculine
            if word.endswith(feminine) and (base in self.person_roles or base in self.spokesperson_nouns):
                return base
        return word

    def role_gender(self, token: Token) -> str | None:
        """"Fem" for a feminine form of a role ('avocate', 'présidente'); None otherwise: a masculine
        form says little ("Mme X, avocat au barreau"), its determiner says more (`noun_gender`)."""
        word = fold(token.text).removeprefix("ex-")
        if word in self.person_roles and self.masculine_role(word) != word:
            return "Fem"
        return None

    def covers(self, description: str, role: str) -> bool:
        """'magistrat' covers 'procureur'; every role covers itself."""
        return role == description or role in self.role_families.get(description, ())

    def name_gender(self, name: str) -> str | None:
        """'Olivia Venet' -> "Fem" by its first name, None when the list does not know it."""
        return self.first_name_genders.get(fold(name.split()[0])) if name.split() else None

    def is_media(self, name: str) -> bool:
        """'L'Equipe', 'CNN', "l'AFP": an outlet or agency, which carries words rather than says them."""
        folded = fold(name)
        return folded in self.media or folded.removeprefix("l'").removeprefix("l’") in self.media

    def introduces(self, token: Token) -> bool:
        """A reporting verb that can stand before the quote it reports: not "faire"
        (`INCISE_ONLY_VERBS`), nor a passive without its agent ("les prisonniers sont maintenus dans
        « ... »": kept, not said; "le vœu qui a été formulé par la procureure X :" is hers)."""
        if not self.is_reporting(token) or token.lemma_.lower() in INCISE_ONLY_VERBS:
            return False
        # no parse, no children to read: on a Doc without one (spacy.blank + sentencizer, as in the fuzz
        # tests) reading Token.children has crashed the interpreter
        deps = {c.dep_ for c in token.children} if token.doc.has_annotation("DEP") else set()
        return "aux:pass" not in deps or "obl:agent" in deps  # "qui a été formulé par la procureure X :"

    def is_reporting(self, token: Token) -> bool:
        """Lemma in the list, or a lower-case verb-like form on a listed stem. A capitalised word
        inside a sentence is a name ("sur Twitter"), not the verb "twitter"."""
        if token.text[:1].isupper() and token.i > 0 and not token.is_sent_start:
            return False
        if token.lemma_.lower() in self.reporting_verbs or (token.is_lower and token.lower_ in self.irregular_forms):
            return True
        if token.pos_ not in ("VERB", "NOUN", "ADJ") or not token.is_lower:
            return False
        if token.pos_ == "NOUN" and token.i > 0 and token.doc[token.i - 1].pos_ == "DET":
            return False  # "de cette demande": a noun, whatever its stem
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


# The speaker rules that read the quote's own sentence (an attribution line, an incise, a reporting
# verb, "selon X", its subject), as opposed to those that carry a speaker over from the context.
STATED_RULES = frozenset({"line", "incise", "final", "inner", "verb", "source", "subject"})


@lru_cache(maxsize=1)
def default_rules() -> QuoteRules:
    return QuoteRules.from_dir()


@dataclass(frozen=True)
class Speaker:
    name: str
    type: str  # "person" | "organisation"
    cue: str | None = None
    verb: int | None = None  # the reporting verb's token index, for `verb_before`
    stated: bool = False  # an attribution in the quote's own sentence that governs it
    rule: str | None = None


def read_genders(path: Path) -> list[tuple[str, str]]:
    """'Olivia<TAB>F' lines -> [('Olivia', 'Fem')]; no file, no genders."""
    if not path.exists():
        return []
    pairs = []
    for line in read_list(path):
        name, _, letter = line.partition("\t")
        if letter.strip() in ("F", "M"):
            pairs.append((name.strip(), "Fem" if letter.strip() == "F" else "Masc"))
    return pairs


def read_metonyms(path: Path) -> list[tuple[str, tuple[str, ...]]]:
    """'Bruxelles | Commission européenne, Union européenne' lines -> [(folded city, names)]."""
    pairs = []
    for line in read_list(path):
        city, _, names = line.partition("|")
        pairs.append((fold(city.strip()), tuple(n.strip() for n in names.split(",") if n.strip())))
    return pairs
