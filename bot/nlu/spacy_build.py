"""Build guywire's own spaCy pipeline from files in the repository.

Published spaCy models cannot be downloaded here or by offline users, so the pipeline is
`spacy.blank("en")` plus:
- a lookup lemmatizer whose tables come from the spacy-lookups-data wheel and are saved with the
  pipeline (so later pattern matching can work on lemmas);
- an entity ruler whose phrases come from the NLU data's lookup tables and synonyms
  (data/nlu/entities.yml: one source for Rasa and spaCy), plus token patterns for wordings that a
  phrase list cannot express (lexicon/patterns.yml, e.g. "my discs are degenerating").
Rasa's SpacyNLP then loads the saved folder by path.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import spacy
import yaml
from spacy.language import Language

RULED_ENTITIES = ("diagnosis", "body_part")


def phrase_patterns(lookups: Iterable[dict[str, Any]], synonyms: dict[str, str]) -> list[dict[str, Any]]:
    """Turn Rasa lookup tables into ruler phrase patterns whose id is the canonical value."""
    patterns = []
    for table in lookups:
        if table["name"] not in RULED_ENTITIES:
            continue
        for phrase in table["elements"]:
            text = phrase.strip().lower()
            if text:
                patterns.append({"label": table["name"], "pattern": text, "id": synonyms.get(text, text)})
    return patterns


def load_rasa_entities(nlu_file: Path) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Read lookup tables and synonyms with Rasa's own reader, so the format is Rasa's."""
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(nlu_file))
    return data.lookup_tables, dict(data.entity_synonyms)


def build(nlu_file: Path, token_patterns_file: Path) -> Language:
    """Assemble and initialise the pipeline in memory."""
    lookups, synonyms = load_rasa_entities(nlu_file)
    token_patterns = yaml.safe_load(token_patterns_file.read_text(encoding="utf-8"))["patterns"]
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    nlp.initialize()
    ruler.add_patterns(phrase_patterns(lookups, synonyms) + token_patterns)
    nlp.meta["name"] = "guywire_en"
    nlp.meta["description"] = "guywire's own pipeline: blank English, lookup lemmas, entity ruler"
    return nlp


def build_to_disk(out: Path, nlu_file: Path, token_patterns_file: Path) -> Path:
    """Build the pipeline and save it where config.yml's SpacyNLP expects it."""
    nlp = build(nlu_file, token_patterns_file)
    out.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out)
    return out
