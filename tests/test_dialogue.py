"""The dialogue data is valid, and every flow in tests/test_stories.yml is predicted exactly."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.rasa_cli import MODEL, failure, rasa


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
