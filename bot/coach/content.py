"""The assistant's words, loaded from the YAML files in content/.

Coaches edit content/*.yml (reviewed like code); nothing here holds wording. Every factual entry
names its sources by key in content/sources.yml, and tests check those keys exist. Files are read on
first use and cached per folder, never at import time.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

FILES = ("sources", "labels", "core_steps", "explanations", "knowledge", "safety", "dialogue", "web", "situations")


def pick(variants: Sequence[str] | str) -> str:
    """One wording out of several, so repeated answers don't sound canned."""
    if isinstance(variants, str):
        return variants
    return random.choice(list(variants))


def pick_fresh(variants: Sequence[str], said: Collection[str]) -> str:
    """One wording not yet said in this conversation while one is left: a person who asks again
    should not get the same paragraph word for word. A wording said as the start of a longer
    message counts as said (a step towards safety is met with its line and the helplines in one
    message, and the same line had come twice in a row)."""
    starts = tuple(said)
    return pick([v for v in variants if v not in said and not any(s.startswith(v) for s in starts)] or variants)


@dataclass(frozen=True)
class Step:
    """One core-reconnection step as a coach wrote it."""

    id: str
    title: str
    instructions: str
    dose: str
    gentler: str
    sources: tuple[str, ...]
    names: tuple[str, ...] = ()  # what people call it ("bird dog"), lower case
    seated: str | None = None  # the same step sitting down, where it can be done that way


class Content:
    """Read-only access to the content files of one folder."""

    def __init__(self, data: dict[str, dict[str, Any]]) -> None:
        self._data = data

    @classmethod
    def from_dir(cls, directory: Path) -> Content:
        data = {}
        for name in FILES:
            with open(directory / f"{name}.yml", encoding="utf-8") as handle:
                data[name] = yaml.safe_load(handle) or {}
        return cls(data)

    @property
    def sources(self) -> dict[str, str]:
        return self._data["sources"]["sources"]

    def label(self, diagnosis: str | None) -> dict[str, Any]:
        """The reframe for a canonical diagnosis id, or the general one for anything else."""
        labels = self._data["labels"]["labels"]
        return labels.get(diagnosis or "default") or labels["default"]

    @property
    def steps(self) -> list[Step]:
        return [
            Step(
                id=s["id"],
                title=s["title"],
                instructions=s["instructions"],
                dose=s["dose"],
                gentler=s["gentler"],
                sources=tuple(s.get("sources", ())),
                names=tuple(s.get("names", ())),
                seated=s.get("seated"),
            )
            for s in self._data["core_steps"]["steps"]
        ]

    def step(self, step_id: str) -> Step:
        return next(s for s in self.steps if s.id == step_id)

    def pacing(self, key: str) -> str:
        return self._data["core_steps"]["pacing"][key]

    def explanation(self, topic: str, said: Collection[str] = ()) -> str:
        """One wording of an explanation topic (muscle_imbalance, core, pain_meaning, ...), not one
        already said in this conversation while another is left."""
        return pick_fresh(self._data["explanations"]["topics"][topic]["messages"], said)

    @property
    def knowledge_topics(self) -> dict[str, dict[str, Any]]:
        """The knowledge base's topics (content/knowledge.yml) by key."""
        return self._data["knowledge"]["topics"]

    def knowledge(self, topic: str) -> dict[str, Any]:
        """One topic: its answers, `next` offer, `also_for` intents and sources."""
        return self.knowledge_topics[topic]

    @property
    def situations(self) -> dict[str, dict[str, Any]]:
        """The everyday situations people tell of (content/situations.yml) by key."""
        return self._data["situations"].get("situations") or {}

    def situation_replies(self, name: str) -> list[str]:
        """The replies to one everyday situation, or none for an unknown one."""
        return list(self.situations.get(name, {}).get("replies", []))

    @property
    def safety(self) -> dict[str, Any]:
        return self._data["safety"]

    def say(self, key: str, **values: Any) -> str:
        """A dialogue line from dialogue.yml by dotted key, one wording picked, values filled in."""
        return pick(self.variants(key)).format(**values)

    def say_fresh(self, key: str, said: Collection[str], **values: Any) -> str:
        """As say(), in a wording not said yet in this conversation while one is left: "Good start.
        Let's stay with this one..." had come three times word for word in one conversation."""
        return pick_fresh([v.format(**values) for v in self.variants(key)], said)

    def say_unsaid(self, key: str, said: Collection[str]) -> str:
        """The first wording not said yet anywhere in an earlier message, not only at its start (a
        detail about the record is said after the general answer's first sentence, in one message)."""
        variants = self.variants(key)
        return next((v for v in variants if not any(v in earlier for earlier in said)), variants[0])

    def variants(self, key: str) -> list[str]:
        """Every wording of a dialogue line, by dotted key."""
        node: Any = self._data["dialogue"]
        for part in key.split("."):
            node = node[part]
        return [node] if isinstance(node, str) else list(node)

    def sources_of(self, said: str) -> list[str]:
        """The references behind a reply that was said, when it is a knowledge-base answer, a
        label's reframe or evidence, or an explanation; else none."""
        entries = [
            *self.knowledge_topics.values(),
            *self._data["labels"]["labels"].values(),
            *self._data["explanations"]["topics"].values(),
        ]
        for entry in entries:
            texts = [*entry.get("answers", []), *entry.get("reframes", []), *entry.get("messages", [])]
            if said in texts or said == entry.get("evidence"):
                return [self.sources[key] for key in entry.get("sources", []) if key in self.sources]
        return []

    def raw(self, name: str) -> dict[str, Any]:
        """A whole file, for checks that walk every entry (tests, validation)."""
        return self._data[name]


@lru_cache(maxsize=4)
def load_content(directory: str) -> Content:
    """The content of a folder, read once per process."""
    return Content.from_dir(Path(directory))
