"""Serve a model without importing TensorFlow when none of its components uses it (issue #17).

Rasa 3.6 imports TensorFlow whatever the model holds: its base `Policy` imports featurizers that
import `rasa.utils.train_utils`, and its default recipe imports DIET, TED and the response
selector. guywire's model has no TensorFlow component (config.yml), yet the import cost the Rasa
server about 340 MB of its memory and four seconds of its start (README, "Benchmarks").

Rasa's TensorFlow modules only define classes and type hints at import time, so they import as
well against stand-ins: `tensorflow` and `keras` become modules whose every attribute is a
placeholder class. Anything that would *run* TensorFlow raises `RuntimeError` instead, so a
mistake is loud. `thinc` (spaCy) probes with `import tensorflow.experimental.dlpack` and is told
TensorFlow is not installed, which is true for this process.

The stand-ins go in only when the model's own metadata says no component needs TensorFlow: a
component of one of Rasa's TensorFlow modules, or of any package but Rasa's and guywire's, keeps
the real import. So does a model that cannot be read.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import itertools
import json
import sys
import tarfile
import types
from collections.abc import Sequence
from pathlib import Path

STUBBED = ("tensorflow", "keras", "tensorflow_addons", "tensorflow_hub", "tensorflow_text")
# Rasa 3.6's components that run TensorFlow (their modules import it to build models).
TENSORFLOW_MODULES = (
    "rasa.core.policies.ted_policy",
    "rasa.core.policies.unexpected_intent_policy",
    "rasa.nlu.classifiers.diet_classifier",
    "rasa.nlu.selectors.response_selector",
    "rasa.nlu.featurizers.dense_featurizer.lm_featurizer",
    "rasa.nlu.featurizers.dense_featurizer.convert_featurizer",
)
KNOWN_PACKAGES = ("rasa.", "bot.")
# Module attributes Python's machinery probes for; a placeholder would mislead it.
PROBED = frozenset({"__path__", "__file__", "__spec__", "__loader__", "__all__", "__wrapped__"})


class _Placeholder(type):
    """A TensorFlow name: any attribute is another placeholder, so `tf.keras.layers.Layer` can be a
    base class or a type hint; calling one means TensorFlow was needed after all."""

    def __getattr__(cls, name: str) -> type:
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return placeholder(f"{cls.__qualname__}.{name}")

    def __call__(cls, *args: object, **kwargs: object) -> None:
        raise RuntimeError(
            f"{cls.__qualname__} needs TensorFlow, which this Rasa server did not load because the "
            "model's components need none (bot/run/tensorflow_stub.py)"
        )


def placeholder(name: str) -> type:
    """A placeholder class named after the TensorFlow attribute it stands for."""
    return _Placeholder(name, (), {"__qualname__": name, "__module__": "tensorflow"})


class _StubModule(types.ModuleType):
    """A stand-in module (a package, so its submodules import too)."""

    def __getattr__(self, name: str) -> type:
        if name in PROBED:
            raise AttributeError(name)
        return placeholder(f"{self.__name__}.{name}")


class _StubFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds the stand-ins before the real packages on `sys.meta_path`."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: object = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname == "tensorflow.experimental.dlpack":  # thinc's probe for an installed TensorFlow
            raise ModuleNotFoundError(f"No module named {fullname!r}", name=fullname)
        if fullname.split(".")[0] not in STUBBED:
            return None
        return importlib.machinery.ModuleSpec(fullname, self, is_package=True)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        module = _StubModule(spec.name)
        module.__path__ = []
        return module

    def exec_module(self, module: types.ModuleType) -> None:
        """Nothing to run: every name is made on demand."""


def components(model: Path) -> list[str]:
    """The classes the model's prediction graph uses, from its metadata.json."""
    with tarfile.open(model, "r:gz") as archive:
        for member in archive:
            if member.name.lstrip("/") == "metadata.json":
                handle = archive.extractfile(member)
                if handle is None:
                    break
                nodes = json.load(handle)["predict_schema"]["nodes"]
                return sorted({str(node["uses"]) for node in nodes.values()})
    raise ValueError(f"{model} has no metadata.json")


def needs_tensorflow(model: Path) -> bool:
    """Whether serving this model may need TensorFlow: yes unless every component is known not to."""
    try:
        uses = components(model)
    except (OSError, ValueError, KeyError, tarfile.TarError, json.JSONDecodeError):
        return True
    return any(not name.startswith(KNOWN_PACKAGES) or name.startswith(TENSORFLOW_MODULES) for name in uses)


def model_argument(argv: Sequence[str]) -> Path | None:
    """The file `rasa run` is given with --model/-m, if it is one."""
    for flag, value in itertools.pairwise(argv):
        if flag in ("--model", "-m") and Path(value).is_file():
            return Path(value)
    return None


def install_if_unneeded(argv: Sequence[str]) -> bool:
    """Put the stand-ins in place when the model in `argv` needs no TensorFlow and nothing has
    imported it yet. Returns whether they are in place."""
    model = model_argument(argv)
    if model is None or needs_tensorflow(model) or any(name in sys.modules for name in STUBBED):
        return False
    sys.meta_path.insert(0, _StubFinder())
    return True
