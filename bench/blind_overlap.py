"""Drop, unread, the items of a new blind safety set that lie within 0.9 cosine of a training text.

A blind set measures words nobody on the team wrote; an item that is nearly a training example
measures memory instead. Run once, before the set's first evaluation, and print counts only, so
nobody reads the set's sentences:

    .venv/bin/python bench/blind_overlap.py NEW.yml tests/safety/blind/final_safety_ac.yml

Training texts: every example in lexicon/safety_examples/ and every NLU example in data/nlu/.

The other way round, new team-written training examples lose, unread, those within 0.9 cosine of
any blind sentence, so a blind set stays a measure of words nobody trained on:

    .venv/bin/python bench/blind_overlap.py --training lexicon/safety_examples/new.yml

The everyday situations' examples (content/situations.yml) lose, unread, those near a blind sentence:

    .venv/bin/python bench/blind_overlap.py --situations content/situations.yml

A new blind conversation suite loses, unread, its user turns near a training text:

    .venv/bin/python bench/blind_overlap.py --conversations NEW.yml tests/conversations/final_conversations_ad.yml
"""

from __future__ import annotations

import collections
import json
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.nlu.encoder import shared_encoder  # noqa: E402

NEAR = 0.9
ANNOTATION = re.compile(r"\[([^\]]*)\]\([^)]*\)|\[([^\]]*)\]\{[^}]*\}")


def training_texts() -> list[str]:
    texts = []
    for path in sorted((ROOT / "lexicon" / "safety_examples").glob("*.yml")):
        texts += [e["text"] for e in yaml.safe_load(path.read_text(encoding="utf-8"))["examples"]]
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            for line in (block.get("examples") or "").splitlines():
                if line.startswith("- "):
                    texts.append(ANNOTATION.sub(lambda m: m.group(1) or m.group(2), line[2:].strip()))
    return texts


def blind_texts() -> list[str]:
    """Every sentence of the blind and development sets: tests/safety/blind/ and tests/conversations/."""
    texts = [i["text"] for f in sorted((ROOT / "tests" / "safety" / "blind").glob("*.yml"))
             for i in yaml.safe_load(f.read_text(encoding="utf-8"))["items"]]
    return texts + [t["user"] for f in sorted((ROOT / "tests" / "conversations").glob("*.yml"))
                    for c in yaml.safe_load(f.read_text(encoding="utf-8"))["conversations"] for t in c["turns"]]


def drop_from_training(path: Path) -> None:
    """Rewrite a training example file without its examples near a blind sentence; counts only."""
    encoder = shared_encoder()
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    examples = yaml.safe_load("".join(lines))["examples"]
    nearest = (encoder.encode([e["text"] for e in examples]) @ encoder.encode(blind_texts()).T).max(axis=1)
    near = {e["text"] for e, score in zip(examples, nearest, strict=True) if score >= NEAR}
    # One example a line (`  - {text: ..., label: ...}`), as the example files are written.
    kept = [line for line in lines
            if not (line.lstrip().startswith("- {") and yaml.safe_load(line.strip()[2:])["text"] in near)]
    path.write_text("".join(kept), encoding="utf-8")
    print(f"{len(examples)} -> {len(examples) - len(near)} examples")


def drop_from_situations(path: Path) -> None:
    """Rewrite content/situations.yml without its examples near a blind sentence; counts only. The
    file's opening comment is kept; the rest is written back as YAML."""
    encoder = shared_encoder()
    text = path.read_text(encoding="utf-8")
    header = "".join(line for line in text.splitlines(keepends=True) if line.startswith("#"))
    data = yaml.safe_load(text)
    examples = [e for entry in data["situations"].values() for e in entry["examples"]]
    nearest = (encoder.encode(examples) @ encoder.encode(blind_texts()).T).max(axis=1)
    near = {e for e, score in zip(examples, nearest, strict=True) if score >= NEAR}
    for entry in data["situations"].values():
        entry["examples"] = [e for e in entry["examples"] if e not in near]
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120)
    path.write_text(header + body, encoding="utf-8")
    print(f"{len(examples)} -> {len(examples) - len(near)} examples")


def main(source: Path, target: Path) -> None:
    encoder = shared_encoder()
    items = yaml.safe_load(source.read_text(encoding="utf-8"))["items"]
    nearest = (encoder.encode([i["text"] for i in items]) @ encoder.encode(training_texts()).T).max(axis=1)
    pairs = list(zip(items, nearest, strict=True))
    kept = [item for item, score in pairs if score < NEAR]
    dropped = collections.Counter(item.get("safety", "none") for item, score in pairs if score >= NEAR)
    header = [line for line in source.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    header.append(
        f"# Before its first run, a script (bench/blind_overlap.py) dropped, unread, the {len(items) - len(kept)} "
        f"items ({dict(dropped)}) within {NEAR} cosine of a training example: {len(kept)} items remain."
    )
    lines = [*header, "version: 1", "items:"]
    # ensure_ascii=False: an emoji written as two \u escapes is read back by PyYAML as two lone
    # surrogates, which the tokenizer refuses (the test of near copies failed on them)
    lines += [
        "  - {" + ", ".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in item.items()) + "}" for item in kept
    ]
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert len(yaml.safe_load(target.read_text(encoding="utf-8"))["items"]) == len(kept)
    print(f"{len(items)} -> {len(kept)} items; dropped by kind: {dict(dropped)}")


def drop_turns(source: Path, target: Path) -> None:
    """A new blind conversation suite without its user turns near a training text; counts only."""
    encoder = shared_encoder()
    suite = yaml.safe_load(source.read_text(encoding="utf-8"))
    training = encoder.encode(training_texts()).T
    dropped = 0
    for conversation in suite["conversations"]:
        nearest = (encoder.encode([t["user"] for t in conversation["turns"]]) @ training).max(axis=1)
        kept = [turn for turn, score in zip(conversation["turns"], nearest, strict=True) if score < NEAR]
        dropped += len(conversation["turns"]) - len(kept)
        conversation["turns"] = kept
    header = [line for line in source.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    remain = sum(len(c["turns"]) for c in suite["conversations"])
    header.append(f"# Before its first play, a script (bench/blind_overlap.py --conversations) dropped, unread, the "
                  f"{dropped} turns within {NEAR} cosine of a training example: {remain} remain.")
    body = yaml.safe_dump(suite, allow_unicode=True, sort_keys=False, width=1000)
    target.write_text("\n".join(header) + "\n" + body, encoding="utf-8")
    print(f"{remain + dropped} -> {remain} turns")


if __name__ == "__main__":
    if sys.argv[1] == "--situations":
        drop_from_situations(Path(sys.argv[2]))
    elif sys.argv[1] == "--training":
        drop_from_training(Path(sys.argv[2]))
    elif sys.argv[1] == "--conversations":
        drop_turns(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        main(Path(sys.argv[1]), Path(sys.argv[2]))
