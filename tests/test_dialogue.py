"""The dialogue data is valid, and every flow in tests/test_stories.yml is predicted exactly."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from rasa.shared.nlu.training_data.loading import load_data

from tests.rasa_cli import MODEL, ROOT, failure, rasa


def test_training_data_validates_without_warnings() -> None:
    result = rasa("data", "validate", "--fail-on-warnings")
    assert result.returncode == 0, failure(result)


@pytest.mark.nlu
def test_every_test_story_passes(tmp_path: Path) -> None:
    result = rasa(
        "test", "core", "--model", str(MODEL), "--stories", "tests/test_stories.yml",
        "--fail-on-prediction-errors", "--out", str(tmp_path),
    )
    assert result.returncode == 0, failure(result)
    assert not (tmp_path / "failed_test_stories.yml").exists() or "none" in (
        tmp_path / "failed_test_stories.yml"
    ).read_text().lower()


def test_the_held_out_set_is_not_in_the_training_data() -> None:
    """A held-out example that is also trained on inflates every held-out figure."""

    def texts(path: str) -> set[str]:
        return {re.sub(r"\s+", " ", m.get("text").strip().lower()) for m in load_data(path).intent_examples}

    leaked = texts(str(ROOT / "tests" / "test_nlu.yml")) & texts(str(ROOT / "data" / "nlu"))
    assert not leaked, sorted(leaked)
