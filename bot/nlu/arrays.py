"""A trainable Rasa component whose model is plain numpy arrays in one .npz file.

The semantic safety head and the knowledge-base selector are both small models over the MiniLM
vectors. Saving them as arrays (no pickle) means loading a model runs no code; this base class
holds what is the same for both: the config merged over the defaults, create, load and save.
"""

from __future__ import annotations

import logging
from typing import Any, ClassVar, Generic, TypeVar

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage

logger = logging.getLogger(__name__)

Model = TypeVar("Model")
Component = TypeVar("Component", bound="ArrayComponent[Any]")


class ArrayComponent(GraphComponent, Generic[Model]):
    """Subclasses name their FILE and turn arrays into their model (`from_arrays`) and back."""

    FILE: ClassVar[str]

    def __init__(
        self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource, model: Model | None = None
    ) -> None:
        self._config = {**self.get_default_config(), **config}
        self._storage, self._resource, self._model = model_storage, resource, model

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> Model:
        raise NotImplementedError

    @classmethod
    def create(
        cls: type[Component],
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> Component:
        return cls(config, model_storage, resource)

    @classmethod
    def load(
        cls: type[Component],
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> Component:
        try:
            with model_storage.read_from(resource) as folder, np.load(folder / cls.FILE, allow_pickle=False) as saved:
                model = cls.from_arrays(dict(saved))
        except (ValueError, FileNotFoundError):
            logger.debug("No trained %s in %s.", cls.__name__, resource.name)
            return cls(config, model_storage, resource)
        return cls(config, model_storage, resource, model)

    def save(self, arrays: dict[str, np.ndarray]) -> Resource:
        with self._storage.write_to(self._resource) as folder:
            np.savez(folder / self.FILE, **arrays)
        return self._resource
