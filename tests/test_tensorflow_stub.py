"""TensorFlow left out of a Rasa server whose model needs none (bot/run/tensorflow_stub.py, issue #17):
the decision read from the model's metadata, Rasa importing and answering against the stand-ins,
and the real server, which must not map TensorFlow's libraries."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import psutil
import pytest

from bot.run.tensorflow_stub import components, model_argument, needs_tensorflow
from tests.servers import ROOT, Guywire, texts

OURS = ["bot.nlu.semantic_safety.SemanticSafety", "rasa.core.policies.rule_policy.RulePolicy",
        "rasa.nlu.extractors.crf_entity_extractor.CRFEntityExtractor"]
MODEL = ROOT / "models" / "guywire.tar.gz"


def model_with(tmp_path: Path, uses: list[str] | None) -> Path:
    """A model archive whose metadata lists these components (no metadata at all for None)."""
    path = tmp_path / f"model-{uuid.uuid4().hex[:6]}.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        files = {"components/x.json": b"{}"}
        if uses is not None:
            nodes = {f"node{n}": {"uses": name} for n, name in enumerate(uses)}
            files["metadata.json"] = json.dumps({"predict_schema": {"nodes": nodes}}).encode()
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def test_a_model_of_rasa_and_guywire_components_without_tensorflow_ones_needs_none(tmp_path: Path) -> None:
    model = model_with(tmp_path, OURS)
    assert components(model) == sorted(OURS)
    assert needs_tensorflow(model) is False


@pytest.mark.parametrize("extra", ["rasa.nlu.classifiers.diet_classifier.DIETClassifier",
                                   "rasa.core.policies.ted_policy.TEDPolicy",
                                   "my_project.components.Anything"])
def test_a_tensorflow_component_or_an_unknown_one_keeps_tensorflow(tmp_path: Path, extra: str) -> None:
    assert needs_tensorflow(model_with(tmp_path, [*OURS, extra])) is True


def test_a_model_that_cannot_be_read_keeps_tensorflow(tmp_path: Path) -> None:
    not_a_tar = tmp_path / "broken.tar.gz"
    not_a_tar.write_bytes(b"not a model")
    assert needs_tensorflow(not_a_tar) is True
    assert needs_tensorflow(model_with(tmp_path, None)) is True
    assert needs_tensorflow(tmp_path / "missing.tar.gz") is True


def test_the_model_is_the_file_given_to_rasa_run(tmp_path: Path) -> None:
    model = model_with(tmp_path, OURS)
    assert model_argument(["run", "--model", str(model), "--port", "5005"]) == model
    assert model_argument(["run", "-m", str(model)]) == model
    assert model_argument(["run", "--model", str(tmp_path)]) is None  # a folder: Rasa picks the model
    assert model_argument(["run"]) is None


PROBE = """
import sys
from bot.run.tensorflow_stub import install_if_unneeded
print(install_if_unneeded(["run", "--model", sys.argv[1]]))
import rasa.engine.recipes.default_components, rasa.core.agent, thinc.compat, tensorflow
print(type(tensorflow).__name__, thinc.compat.has_tensorflow)
try:
    tensorflow.constant(1)
except RuntimeError as error:
    print(str(error).split(",")[0])
"""


def probe(model: Path) -> list[str]:
    result = subprocess.run([sys.executable, "-c", PROBE, str(model)], capture_output=True, text=True,
                            cwd=ROOT, check=True, timeout=300)
    return result.stdout.splitlines()


def test_rasa_imports_against_the_stand_ins_and_running_tensorflow_is_a_loud_error(tmp_path: Path) -> None:
    assert probe(model_with(tmp_path, OURS)) == [
        "True", "_StubModule False", "tensorflow.constant needs TensorFlow"]


def test_a_model_that_needs_tensorflow_gets_the_real_one(tmp_path: Path) -> None:
    lines = probe(model_with(tmp_path, [*OURS, "rasa.core.policies.ted_policy.TEDPolicy"]))
    assert lines[:2] == ["False", "module True"]


def test_the_server_entry_limits_blas_to_one_thread_before_numpy_loads() -> None:
    code = ("from bot.run import rasa_server; rasa_server.limit_blas_threads(); import numpy, threadpoolctl; "
            "print(sorted({p['num_threads'] for p in threadpoolctl.threadpool_info() if p['internal_api'] == 'openblas'}))")
    env = {name: value for name, value in os.environ.items() if not name.endswith("_NUM_THREADS")}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env,
                            check=True, timeout=120)
    assert result.stdout.strip() == "[1]"


def test_the_entry_limits_blas_then_decides_on_tensorflow_then_installs_the_fixes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import rasa.__main__

    from bot.run import rasa_fixes, rasa_server

    order: list[str] = []
    monkeypatch.setattr(rasa_server, "limit_blas_threads", lambda: order.append("blas"))
    monkeypatch.setattr(rasa_server, "install_if_unneeded", lambda argv: order.append(f"stub {argv[1:]}"))
    monkeypatch.setattr(rasa_fixes, "install", lambda: order.append("fixes"))
    monkeypatch.setattr(rasa.__main__, "main", lambda: order.append("rasa"))
    monkeypatch.setattr(sys, "argv", ["rasa_server", "run"])
    rasa_server.main()
    assert order == ["blas", "stub ['run']", "fixes", "rasa"]


def test_the_running_rasa_server_answers_without_tensorflow(guywire: Guywire) -> None:
    assert needs_tensorflow(MODEL) is False  # the committed config's model
    reply = texts(guywire.say(f"tf-{uuid.uuid4().hex[:8]}", "my lower back has ached all week"))
    assert reply and "something went wrong" not in reply.lower()
    rasa = [p for p in psutil.Process(guywire.process.pid).children(recursive=True)
            if "bot.run.rasa_server" in p.cmdline()]
    assert len(rasa) == 1
    mapped = {Path(m.path).name for m in rasa[0].memory_maps()}
    assert not [name for name in mapped if "tensorflow" in name]
    assert any(name.startswith("libonnxruntime") or "onnxruntime" in name for name in mapped)
