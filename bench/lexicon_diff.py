"""Which texts a change to lexicon/safety.yml (and bot/nlu/safety_rules.py) makes the patterns read
differently: every text of the development sets, the safety tests, the meaning head's examples and
the NLU data, read by the patterns at an earlier commit and now, with the first kind each finds.
A new crisis phrase should move crisis texts only.

    .venv/bin/python bench/lexicon_diff.py b944c48
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
from pathlib import Path

import spacy
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.nlu.safety_rules import SafetyRules, load_config  # noqa: E402


def texts() -> list[tuple[str, str, str]]:
    """(file, label, text) for every labelled text the project keeps."""
    files = [
        *sorted((ROOT / "tests" / "safety" / "blind").glob("dev_*.yml")),
        *sorted((ROOT / "tests" / "safety").glob("*.yml")),
        *sorted((ROOT / "lexicon" / "safety_examples").glob("*.yml")),
        *sorted((ROOT / "data" / "nlu").glob("*.yml")),
    ]
    rows = []
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for item in data.get("items") or data.get("examples") or []:
            if isinstance(item, dict) and "text" in item:
                rows.append((path.name, str(item.get("safety") or item.get("label")), str(item["text"])))
        for block in data.get("nlu") or []:
            if isinstance(block.get("examples"), str):
                rows += [
                    (path.name, str(block.get("intent")), line[2:].strip())
                    for line in block["examples"].splitlines()
                    if line.startswith("- ")
                ]
    return rows


def rules_at(commit: str, nlp: spacy.language.Language, folder: Path) -> SafetyRules:
    """The patterns as they were at `commit`."""
    for name in ("bot/nlu/safety_rules.py", "lexicon/safety.yml"):
        shown = subprocess.run(
            ["git", "show", f"{commit}:{name}"], cwd=ROOT, capture_output=True, text=True, check=True
        )
        (folder / Path(name).name).write_text(shown.stdout, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("old_safety_rules", folder / "safety_rules.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["old_safety_rules"] = module
    spec.loader.exec_module(module)
    rules: SafetyRules = module.SafetyRules(yaml.safe_load((folder / "safety.yml").read_text(encoding="utf-8")), nlp)
    return rules


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("commit")
    args = parser.parse_args()
    nlp = spacy.load(ROOT / "build" / "spacy" / "guywire_en")
    now = SafetyRules(load_config(str(ROOT / "lexicon" / "safety.yml")), nlp)
    with tempfile.TemporaryDirectory() as folder:
        before = rules_at(args.commit, nlp, Path(folder))
        rows = texts()
        moved = 0
        for name, label, text in rows:
            doc = nlp(text.lower())
            old, new = [d.kind for d in before.detect(doc)][:1], [d.kind for d in now.detect(doc)][:1]
            if old != new:
                moved += 1
                print(f"{name}\t{label}\t{old} -> {new}\t{text[:150]}")
    print(f"{len(rows)} texts, {moved} read differently")


if __name__ == "__main__":
    main()
