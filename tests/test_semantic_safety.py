"""The semantic safety layer's parts: the encoder's vectors, the head's arrays, the training cache."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from bot.nlu.encoder import shared_encoder
from bot.nlu.semantic_safety import SemanticSafety, Weights, fit_weights


def test_similar_meanings_are_near_and_batches_match_single_texts() -> None:
    texts = ["I can't pee since yesterday", "I haven't been able to urinate", "book me a taxi to the station"]
    vectors = shared_encoder().encode(texts)
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > 0.7 > 0.3 > vectors[0] @ vectors[2]
    assert np.allclose(shared_encoder().encode_one(texts[2]), vectors[2], atol=1e-5)



def test_training_encodes_each_text_once(monkeypatch) -> None:
    """Training reads the same texts many times (calibration folds, three components, five
    cross-validation folds); the second reading comes from memory, in the order asked for."""
    from bot.nlu.encoder import Encoder

    encoder, batched = Encoder(), []
    real = encoder._batch
    monkeypatch.setattr(encoder, "_batch", lambda texts: batched.extend(texts) or real(texts))
    first = encoder.encode(["my back aches", "book a taxi", "my back aches"])
    again = encoder.encode(["book a taxi", "a new one", "my back aches"])
    assert sorted(batched) == ["a new one", "book a taxi", "my back aches"]
    assert np.array_equal(again[0], first[1]) and np.array_equal(again[2], first[0])
    assert np.array_equal(first[0], first[2]) and encoder.encode([]).shape == (0, 384)

def test_the_head_is_plain_arrays_and_predicts_the_same_after_saving(tmp_path: Path) -> None:
    texts = ["I want to die", "I can't go on living", "book a taxi", "what's the weather", "play some music",
             "nobody would miss me"]
    labels = ["crisis", "crisis", "none", "none", "none", "crisis"]
    vectors = shared_encoder().encode(texts)
    weights = fit_weights(vectors, labels, {**SemanticSafety.get_default_config(), "ensemble": 2})
    np.savez(tmp_path / "w.npz", **weights.arrays())
    with np.load(tmp_path / "w.npz", allow_pickle=False) as saved:
        loaded = Weights.from_arrays(dict(saved))
    assert loaded.classes == ["crisis", "none"]
    assert np.allclose(loaded.predict(vectors), weights.predict(vectors))
    assert np.allclose(loaded.predict(vectors).sum(axis=1), 1.0)


def test_a_label_scores_high_only_when_the_neighbours_agree() -> None:
    """The product of experts: the perceptrons alone say crisis, the neighbours say none, so the
    product leans to none, and a message whose neighbours agree keeps its crisis score."""
    classes = ["crisis", "none"]
    examples = np.eye(3, dtype=np.float32)  # three unit "embeddings"
    # One perceptron whose output is always 90% crisis, whatever the input.
    layer = (np.zeros((3, 1)), np.zeros(1), np.zeros((1, 2)), np.log(np.array([0.9, 0.1])))
    weights = Weights([layer], classes, examples, np.array([0, 1, 1]), neighbours=1, temperature=0.05)
    crisis_like, ordinary = weights.predict(np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]))
    assert crisis_like[0] > 0.99
    assert ordinary[0] < 0.01
    assert np.allclose(weights.vote(np.array([[0.0, 1.0, 0.1]])), [[0.0, 1.0]])


def test_changing_an_example_file_changes_the_training_fingerprint(tmp_path: Path) -> None:
    (tmp_path / "a.yml").write_text("examples:\n  - {text: hello, label: none}\n", encoding="utf-8")
    before = SemanticSafety.fingerprint_addon({"examples": str(tmp_path)})
    (tmp_path / "a.yml").write_text("examples:\n  - {text: hello there, label: none}\n", encoding="utf-8")
    assert SemanticSafety.fingerprint_addon({"examples": str(tmp_path)}) != before


def test_no_training_example_is_a_near_copy_of_a_blind_sentence() -> None:
    """Blind sets are never trained on: no example in lexicon/safety_examples/ may sit within 0.9
    cosine similarity of a sentence in tests/safety/blind/ or tests/conversations/."""
    import yaml

    from bench.blind_overlap import blind_texts

    root = Path(__file__).resolve().parents[1]
    blind = blind_texts()
    examples = [e["text"] for f in (root / "lexicon" / "safety_examples").glob("*.yml")
                for e in yaml.safe_load(f.read_text(encoding="utf-8"))["examples"]]
    assert len(blind) > 3000 and len(examples) > 5000
    similarity = shared_encoder().encode(examples) @ shared_encoder().encode(blind).T
    worst = similarity.max(axis=1)
    # Only the training side is shown: a sealed final set must stay unread.
    copies = [examples[i] for i in np.flatnonzero(worst >= 0.9)]
    assert copies == []


def test_a_message_is_split_into_sentences_only_when_it_has_a_few() -> None:
    from bot.nlu.semantic_safety import MAX_SENTENCES, sentences

    assert sentences("my back hurts") == []
    assert sentences("Tried the tilts today. Still thinking about the bridge!\nAny tips for them?") == [
        "Tried the tilts today.", "Still thinking about the bridge!", "Any tips for them?"
    ]
    assert sentences(" ".join(["Fine."] * (MAX_SENTENCES + 1))) == []


def test_a_short_sentence_is_not_read_alone() -> None:
    """Out of its message, "Be honest." read as a crisis; the whole message is still read."""
    from bot.nlu.semantic_safety import sentences

    assert sentences("My last GP implied it's all in my head. So, is it? Be honest.") == [
        "My last GP implied it's all in my head.", "So, is it?"
    ]
