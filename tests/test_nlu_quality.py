"""NLU quality: 5-fold cross-validated and held-out intent macro-F1 above the project's bars.

tests/test_nlu.yml is never trained on (`rasa train` reads only data/). The figures land in
results/nlu/ for the README table.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.rasa_cli import MODEL, ROOT, failure, intent_report, rasa

CROSS_VALIDATED_MACRO_F1 = 0.93
HELD_OUT_MACRO_F1 = 0.90
RESULTS = ROOT / "results" / "nlu"

pytestmark = pytest.mark.nlu


def keep(name: str, report: dict) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    figures = {"macro_f1": report["macro avg"]["f1-score"], "accuracy": report.get("accuracy")}
    (RESULTS / f"{name}.json").write_text(json.dumps(figures, indent=2), encoding="utf-8")


def test_held_out_macro_f1(tmp_path: Path) -> None:
    result = rasa("test", "nlu", "--model", str(MODEL), "--nlu", "tests/test_nlu.yml",
                  "--out", str(tmp_path))
    assert result.returncode == 0, failure(result)
    report = intent_report(tmp_path)
    keep("held_out", report)
    assert report["macro avg"]["f1-score"] >= HELD_OUT_MACRO_F1


@pytest.mark.timeout(3000)
def test_cross_validated_macro_f1(tmp_path: Path) -> None:
    result = rasa("test", "nlu", "--nlu", "data/nlu", "--config", "config.yml",
                  "--cross-validation", "--folds", "5", "--out", str(tmp_path))
    assert result.returncode == 0, failure(result)
    report = intent_report(tmp_path)
    keep("cross_validated", report)
    assert report["macro avg"]["f1-score"] >= CROSS_VALIDATED_MACRO_F1
