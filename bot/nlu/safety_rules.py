"""The deterministic safety layer: red-flag and crisis patterns over lemmas, with precision filters.

Patterns live in lexicon/safety.yml in a small phrase syntax (documented there) and compile to spaCy
Matcher patterns on LEMMA, lemmatised by the same pipeline that reads the messages. A match is
dropped when it sits inside an idiom ("that workout killed me"), when a negation comes before it
in its clause ("no fever"; never applied to crisis), or, for kinds where the event can be over,
when its clause or the next one says so ("years ago I fell, it healed"), or, for a loss the person
can mean, when the message says they meant it ("lost a stone on my diet").
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

WILDCARD_LENGTH = 4
# How many clauses back a clause that names no one looks for whose it is (`someone_named_before`),
# and the words that make a clause the person's own.
LOOK_BACK = 3
SELF = frozenset({"i", "me", "myself", "im", "ive", "id"})
# A clause with a subject of its own is not a bare one: "she had bowel cancer" after "My mum's 70" is
# a red flag for her, which the person is told to get checked.
SUBJECTS = SELF | {"he", "she", "they", "his", "her", "their", "him", "them", "my", "your", "you"}
EXACT = "="  # "=kms": this exact word form, not its lemma (spaCy reads "kms" as the plural of "km")
NUMBER = "#"  # any number ("38.9", "ten")
CRISIS = "crisis"
# When several kinds match, the most urgent response wins.
PRIORITY = (CRISIS, "cauda_equina", "neuro_deficit", "infection", "cancer", "fracture")
FILTERS = (
    "idioms",
    "resolved_cues",
    "hypothetical_cues",
    "other_person_cues",
    "topic_cues",
    "deliberate_cues",
    "unexplained_cues",
    "fear_cues",
)


@dataclass(frozen=True)
class Detection:
    """One pattern match; `suppressed_by` names the filter that dropped it, if one did."""

    kind: str
    start_char: int
    end_char: int
    text: str
    suppressed_by: str | None = None


@dataclass(frozen=True)
class Analysis:
    """What the patterns found in one message: matches that count, and matches filtered out."""

    detections: list[Detection]
    suppressed: list[Detection]
    cues: frozenset[str]  # filters that fired anywhere ("negation" too): benign context


def _alternatives(element: str, lemmatize: Callable[[str], list[str]]) -> list[list[dict[str, Any]]]:
    """Token-pattern choices for one phrase element: an IN-slot for one-token alternatives (on
    lemmas; "=word" on the exact form; "#" any number), and one sequence per alternative that spans
    several tokens ("don't")."""
    optional = element.endswith("?") and len(element) > 1
    words = element.rstrip("?").split("|")
    singles: list[list[str]] = []
    sequences: list[list[str]] = []
    exact: list[str] = []
    number = False
    for word in words:
        if word == NUMBER:
            number = True
            continue
        if word.startswith(EXACT) and len(word) > 1:
            exact.append(word[1:].lower())
            continue
        lemmas = lemmatize(word)
        (singles if len(lemmas) == 1 else sequences).append(lemmas)
    slots: list[dict[str, Any]] = []
    if singles:
        slots.append({"LEMMA": {"IN": sorted({lemma for [lemma] in singles})}})
    if exact:
        slots.append({"LOWER": {"IN": sorted(set(exact))}})
    if number:
        slots.append({"LIKE_NUM": True})
    choices: list[list[dict[str, Any]]] = []
    for slot in slots:
        if optional:
            slot["OP"] = "?"
        choices.append([slot])
    choices.extend([{"LEMMA": lemma} for lemma in lemmas] for lemmas in sequences)
    return choices


def compile_phrase(
    phrase: str, lemmatize: Callable[[str], list[str]], wildcard: list[dict[str, Any]]
) -> list[list[dict[str, Any]]]:
    """All Matcher patterns one phrase stands for."""
    per_element = [[wildcard] if element == "~" else _alternatives(element, lemmatize) for element in phrase.split()]
    return [list(itertools.chain.from_iterable(combo)) for combo in itertools.product(*per_element)]


class SafetyRules:
    """Compiled safety patterns for one spaCy pipeline."""

    def __init__(self, config: dict[str, Any], nlp: Language) -> None:
        def lemmatize(text: str) -> list[str]:
            return [token.lemma_ or token.lower_ for token in nlp(text.lower())]

        # Negations are single words ("n't" is how spaCy splits "don't"); contractions would drag
        # "have"/"do"/"be" in with them.
        self._negations = {lemma for word in config["negations"] for lemma in lemmatize(word)}
        self._breaks = {word.lower() for word in config["clause_breaks"]}
        self._resolvable = set(config["resolvable"])
        self._named_before = set(config["someone_named_before"])
        self._deliberate = set(config["deliberate"])
        self._report_as: dict[str, str] = config["report_as"]
        # "~" never reaches across a negation or a clause: "legs feel normal, no weakness" is safe.
        wildcard = [
            {
                "LOWER": {"NOT_IN": sorted(self._breaks)},
                "LEMMA": {"NOT_IN": sorted(self._negations)},
                "OP": "?",
            }
        ] * WILDCARD_LENGTH

        def compiled(phrases: Iterable[str]) -> list[list[dict[str, Any]]]:
            return [p for phrase in phrases for p in compile_phrase(phrase, lemmatize, wildcard)]

        self._matcher = Matcher(nlp.vocab)
        for kind, phrases in config["kinds"].items():
            self._matcher.add(kind, compiled(phrases))
        self._filters = Matcher(nlp.vocab)
        for name in FILTERS:
            self._filters.add(name, compiled(config[name]))

    def analyse(self, doc: Doc) -> Analysis:
        """Every match, split into those that count (most urgent kind first) and those filtered.

        Red flags (not crisis) are also dropped in a clause that asks about them hypothetically
        ("should I worry if I get a fever?") or that is about someone else ("my dad had cancer").
        """
        filters: dict[str, list[Span]] = {name: [] for name in FILTERS}
        for match_id, start, end in self._filters(doc):
            filters[doc.vocab.strings[match_id]].append(doc[start:end])
        clauses = self._clauses(doc)
        kept: set[Detection] = set()
        dropped: set[Detection] = set()
        for match_id, start, end in self._matcher(doc):
            kind, span = doc.vocab.strings[match_id], doc[start:end]
            reason = self._suppression(kind, span, clauses, filters, doc)
            reported = self._report_as.get(kind, kind)
            detection = Detection(reported, span.start_char, span.end_char, span.text, reason)
            (dropped if reason else kept).add(detection)
        order = lambda d: (PRIORITY.index(d.kind), d.start_char)  # noqa: E731
        cues = {name for name, spans in filters.items() if spans}
        if any(token.lemma_ in self._negations or token.lower_ in self._negations for token in doc):
            cues.add("negation")
        return Analysis(sorted(kept, key=order), sorted(dropped, key=order), frozenset(cues))

    def detect(self, doc: Doc) -> list[Detection]:
        """Matches that count, most urgent kind first."""
        return self.analyse(doc).detections

    def _suppression(
        self,
        kind: str,
        span: Span,
        clauses: list[tuple[int, int]],
        filters: dict[str, list[Span]],
        doc: Doc,
    ) -> str | None:
        """The name of the first filter that drops this match, or None if it counts."""
        if any(_overlap(span, idiom) for idiom in filters["idioms"]):
            return "idiom"
        if kind == CRISIS:
            return None
        clause = _clause_of(clauses, span.start)
        if self._negated(doc, clauses[clause][0], span.start):
            return "negation"
        if _within(clauses[clause], filters["hypothetical_cues"]):
            return "hypothetical"
        if _within(clauses[clause], filters["other_person_cues"]):
            return "other_person"
        if kind in self._named_before and _someone_else_before(doc, clauses, clause, filters["other_person_cues"]):
            return "other_person"
        if kind in self._resolvable and _resolved(clauses, clause, filters["resolved_cues"]):
            return "resolved"
        if kind in self._deliberate and self._meant(doc, clauses, filters):
            return "deliberate"
        return None

    def _meant(self, doc: Doc, clauses: list[tuple[int, int]], filters: dict[str, list[Span]]) -> bool:
        """The message says the loss was meant ("on my diet", "trying to lose"), anywhere, with no
        negation before the cue in its clause ("I'm not dieting"), and never says it is unexplained."""
        if filters["unexplained_cues"]:
            return False
        return any(
            not self._negated(doc, clauses[_clause_of(clauses, cue.start)][0], cue.start)
            for cue in filters["deliberate_cues"]
        )

    def _clauses(self, doc: Doc) -> list[tuple[int, int]]:
        """(start, end) token ranges split at punctuation and contrastive words."""
        bounds, start = [], 0
        for token in doc:
            if token.lower_ in self._breaks:
                bounds.append((start, token.i))
                start = token.i + 1
        bounds.append((start, len(doc)))
        return bounds

    def _negated(self, doc: Doc, clause_start: int, match_start: int) -> bool:
        return any(
            token.lemma_ in self._negations or token.lower_ in self._negations
            for token in doc[clause_start:match_start]
        )


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _clause_of(clauses: list[tuple[int, int]], token: int) -> int:
    return next(i for i, (start, end) in enumerate(clauses) if start <= token < max(end, start + 1))


def _within(clause: tuple[int, int], cues: Iterable[Span]) -> bool:
    return any(clause[0] <= cue.start < clause[1] for cue in cues)


def _someone_else_before(doc: Doc, clauses: list[tuple[int, int]], clause: int, cues: Iterable[Span]) -> bool:
    """Whether a clause that names no one ("Cancer, pancreas.": no subject of its own) follows one
    about someone else ("My husband Erik died in March."), up to LOOK_BACK clauses before it, with
    none between that speaks of the person themself ("I", "me"). Suite AB: a husband's, a mother's and a father-in-law's
    cancer had each been asked about or escalated as the person's own history."""
    start, end = clauses[clause]
    if any(token.lower_ in SUBJECTS for token in doc[start:end]):
        return False
    for index in range(clause - 1, max(clause - LOOK_BACK - 1, -1), -1):
        if _within(clauses[index], cues):
            return True
        start, end = clauses[index]
        if any(token.lower_ in SELF for token in doc[start:end]):
            return False
    return False


def _resolved(clauses: list[tuple[int, int]], clause: int, cues: Iterable[Span]) -> bool:
    """A resolved cue in the match's clause or the one right after it."""
    first, last = clauses[clause][0], clauses[min(clause + 1, len(clauses) - 1)][1]
    return any(first <= cue.start < last for cue in cues)


@lru_cache(maxsize=4)
def load_config(path: str) -> dict[str, Any]:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))
