"""The real content/ folder: it loads, its sources resolve, and every key the code asks for exists."""

from __future__ import annotations

import re
from typing import Any, Iterator

import pytest
import yaml

from actions.listening import ANSWERS
from bot.coach.check_in import LOADS, recorded_messages
from bot.coach.content import FILES, Content, load_content, pick
from bot.coach.pain_scale import Problem
from bot.coach.progression import FEEDBACK_VALUES, Reason
from bot.settings import PROJECT_ROOT
from bot.coach.summary import DONE_BY_SLOT, EXPLAINED, TOPIC_BY_ACTION

CONTENT_DIR = PROJECT_ROOT / "content"
CODE_DIRS = (PROJECT_ROOT / "bot", PROJECT_ROOT / "actions")

LABELS = (
    "degenerative_disc_disease",
    "bulging_disc",
    "herniated_disc",
    "arthritis",
    "wear_and_tear",
    "spinal_stenosis",
    "sciatica",
    "scoliosis",
    "spine_degeneration",
)
CORE_STEPS = (
    "breathing",
    "drawing_in",
    "pelvic_tilt",
    "heel_slide_march",
    "dead_bug",
    "glute_bridge",
    "bird_dog",
    "side_plank_knees",
    "walking",
)

# What each placeholder of an f-string key passed to Content.say(...) can be.
from bot.coach.consent import RECORDING_DETAILS
from bot.coach.knowledge import REMARKS  # noqa: E402

PLACEHOLDER_VALUES = {
    # actions/knowledge.py: a reminder asked for, with recording on or declined
    "kept": ["recording", "not_recording"],
    "suggestion.reason.value": [r.value for r in Reason],
    "feedback or 'unknown'": [*FEEDBACK_VALUES, "unknown"],
    # actions/core_steps.py: a report with no step on record (done or easy are asked which it was)
    "unthanked": ["hurt", "hard", "unknown"],
    "seated": ["seated", "in_company"],
    "detail": [
        kind for kind, _ in RECORDING_DETAILS
    ],  # actions/knowledge.py: bot.coach.consent.recording_details  # bot/coach/coaching.py: seated_because
    "feedback": list(FEEDBACK_VALUES),  # actions/core_steps.py: a report with no step on record
    "problem": [p.value for p in Problem],
    "band": ["high", "moderate", "low"],
    "key": ["too_long", "empty", "slow_down", "sorry"],  # bot/channels/guard.py
    "topic": sorted({*TOPIC_BY_ACTION.values(), *EXPLAINED.values(), *DONE_BY_SLOT.values()} - {"knowledge"}),
    "reason": ["question", "no_place", "number", "interrupted"],
    "where": [
        "later",
        "earlier",
        "hurt",
    ],  # bot/coach/coaching.py: other_step_message  # bot/coach/check_in.py: not_an_answer
    "self.slot": lambda: [cls.slot for cls in _form_questions()],
    "slot": list(ANSWERS),  # actions/listening.py: ValidateListeningForm
    "remark": [kind for kind, _ in REMARKS],  # bot/coach/knowledge.py: remark_kind
    "kind": ["tense", "eased", "held"],  # bot/coach/noticing.py: noticed
    "load": [name for name, _ in LOADS],  # bot/coach/check_in.py: load_told
}


def _form_questions() -> list[type]:
    """The concrete question actions of actions/questions.py (one per form slot)."""
    from actions.questions import FormQuestion

    found, todo = [], list(FormQuestion.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if isinstance(getattr(cls, "slot", None), str):
            found.append(cls)
    assert found, "no FormQuestion subclasses found"
    return found


@pytest.fixture(scope="module")
def content() -> Content:
    return Content.from_dir(CONTENT_DIR)


@pytest.fixture(scope="module")
def raw_files() -> dict[str, Any]:
    return {path.stem: yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(CONTENT_DIR.glob("*.yml"))}


def _walk(node: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """Every (dotted path, value) pair in a YAML tree, containers included."""
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, f"{path}[{index}]")


def _texts(node: Any) -> Iterator[tuple[str, str]]:
    for path, value in _walk(node):
        if isinstance(value, str):
            yield path, value


def _dialogue_keys_in_code() -> set[str]:
    """Every dialogue key string in bot/ and actions/, f-string placeholders expanded."""
    sections = "|".join(
        re.escape(k) for k in yaml.safe_load((CONTENT_DIR / "dialogue.yml").read_text(encoding="utf-8"))
    )
    literal = re.compile(rf'(f?)"((?:{sections})\.[^"\n]*)"')
    keys: set[str] = set()
    for directory in CODE_DIRS:
        for source in directory.rglob("*.py"):
            for is_f, key in literal.findall(source.read_text(encoding="utf-8")):
                fields = re.findall(r"\{([^}]*)\}", key) if is_f else []
                if not fields:
                    if not re.search(r"\s", key):  # a key, not a sentence
                        keys.add(key)
                    continue
                assert len(fields) == 1, f"{source}: key {key!r} has several placeholders"
                assert fields[0] in PLACEHOLDER_VALUES, (
                    f"{source}: new placeholder in key {key!r}; add its possible values to PLACEHOLDER_VALUES"
                )
                values = PLACEHOLDER_VALUES[fields[0]]
                for value in values() if callable(values) else values:
                    keys.add(key.replace("{" + fields[0] + "}", value))
    return keys


# --- loading -------------------------------------------------------------------------


def test_every_content_file_loads(content: Content) -> None:
    assert {p.stem for p in CONTENT_DIR.glob("*.yml")} == set(FILES)
    for name in FILES:
        assert isinstance(content.raw(name), dict) and content.raw(name), name


def test_load_content_caches_per_folder() -> None:
    first = load_content(str(CONTENT_DIR))
    assert load_content(str(CONTENT_DIR)) is first
    assert [s.id for s in first.steps] == list(CORE_STEPS)


def test_say_fills_values_and_picks_one_variant(content: Content) -> None:
    variants = content.raw("dialogue")["first_contact"]["welcome_back"]
    assert isinstance(variants, list) and len(variants) >= 2
    assert content.say("first_contact.welcome_back") in variants
    assert content.say("core_steps.dose", dose="twice a day") == "How much: twice a day."


def test_pick() -> None:
    assert pick("only") == "only"
    assert pick(["a", "b"]) in {"a", "b"}


# --- sources -------------------------------------------------------------------------


def test_every_sources_key_used_anywhere_exists(raw_files: dict[str, Any], content: Content) -> None:
    known = set(content.sources)
    used: dict[str, list[str]] = {}
    for name, data in raw_files.items():
        for path, value in _walk(data):
            if path.rsplit(".", 1)[-1] != "sources":
                continue
            if name == "sources" and path == "sources":
                continue  # the reference list itself
            assert isinstance(value, list), f"{name}.yml {path}: sources must be a list of keys"
            for key in value:
                used.setdefault(key, []).append(f"{name}.yml {path}")
    assert len(used) >= 10, "expected the content to cite many sources"
    missing = {key: where for key, where in used.items() if key not in known}
    assert not missing, f"sources keys not in content/sources.yml: {missing}"


def test_every_reference_is_a_non_empty_string(content: Content) -> None:
    assert content.sources
    for key, reference in content.sources.items():
        assert isinstance(reference, str) and len(reference) > 20, key


def test_sourced_files_cite_sources(raw_files: dict[str, Any]) -> None:
    for name in ("labels", "core_steps", "explanations", "safety"):
        cited = [p for p, _ in _walk(raw_files[name]) if p.rsplit(".", 1)[-1] == "sources"]
        assert cited, f"{name}.yml cites no sources"
    for topic, entry in raw_files["explanations"]["topics"].items():
        assert entry.get("sources"), f"explanation {topic} has no sources"


# --- labels ------------------------------------------------------------------------


@pytest.mark.parametrize("label", [*LABELS, "default"])
def test_every_contract_label_is_complete(content: Content, label: str) -> None:
    labels = content.raw("labels")["labels"]
    assert label in labels, label
    entry = labels[label]
    assert len(entry["reframes"]) >= 2
    assert all(isinstance(r, str) and len(r) > 40 for r in entry["reframes"])
    assert isinstance(entry["evidence"], str) and len(entry["evidence"]) > 40
    assert isinstance(entry["questions"], list) and len(entry["questions"]) >= 1
    assert all(q.strip().endswith("?") for q in entry["questions"])
    assert entry["sources"] and all(s in content.sources for s in entry["sources"])


def test_label_lookup(content: Content) -> None:
    labels = content.raw("labels")["labels"]
    assert content.label("sciatica") is labels["sciatica"]
    assert content.label(None) is labels["default"]
    assert content.label("slipped_disc") is labels["default"]


# --- core steps --------------------------------------------------------------------


def test_the_nine_core_steps_in_order(content: Content) -> None:
    steps = content.steps
    assert [s.id for s in steps] == list(CORE_STEPS)
    for step in steps:
        for field in ("title", "instructions", "dose", "gentler"):
            value = getattr(step, field)
            assert isinstance(value, str) and value.strip(), (step.id, field)
        assert step.sources and all(s in content.sources for s in step.sources), step.id
    assert content.step("dead_bug").title == "Dead bug"


def test_pacing_keys_used_by_the_code_exist(content: Content) -> None:
    for key in ("during", "high_pain_day"):
        assert content.pacing(key).strip()


# --- keys the code asks for --------------------------------------------------------


def test_the_code_key_scan_finds_the_keys() -> None:
    keys = _dialogue_keys_in_code()
    # A few known ones, from plain strings, conditional expressions and f-strings.
    assert {
        "first_contact.intro",
        "first_contact.consent_no",
        "check_in.change_down",
        "check_in.reask.too_high",
        "core_steps.high_pain_day",
        "progress.unknown",
        "goodbye.topic_names.listening",
    } <= keys
    assert len(keys) >= 50


def test_every_mapping_key_in_content_is_a_string(raw_files: dict[str, Any]) -> None:
    # YAML 1.1 reads unquoted yes/no/on/off keys as booleans, which say("...yes") can't reach.
    bad = [
        (name, path, key)
        for name, data in raw_files.items()
        for path, node in _walk(data)
        if isinstance(node, dict)
        for key in node
        if not isinstance(key, str)
    ]
    assert not bad


def test_every_key_passed_to_say_exists(content: Content) -> None:
    dialogue = content.raw("dialogue")
    missing = []
    for key in sorted(_dialogue_keys_in_code()):
        node: Any = dialogue
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                missing.append(key)
                break
            node = node[part]
        else:
            ok = isinstance(node, str) or (isinstance(node, list) and node and all(isinstance(v, str) for v in node))
            if not ok:
                missing.append(key)
    assert not missing, f"dialogue.yml lacks these keys the code uses: {missing}"


def test_every_explanation_topic_the_actions_use_exists(content: Content) -> None:
    from actions.explanations import TOPIC_BY_INTENT as EXPLAINED

    topics = content.raw("explanations")["topics"]
    for topic in {*EXPLAINED.values(), "pain_meaning"}:
        assert topic in topics
        assert content.explanation(topic) in topics[topic]["messages"]


def test_red_flag_kinds_and_levels(content: Content) -> None:
    red = content.safety["red_flag"]
    assert "cauda_equina" in red["kinds"]
    for level in ("emergency", "urgent"):
        assert len(red[level]["messages"]) >= 1
    assert "emergency" in " ".join(red["emergency"]["messages"]).lower()
    assert red["follow_up"].strip()


def test_check_in_lines_format_with_the_values_the_code_gives(content: Content) -> None:
    for level, previous in ((8, 2), (5, 9), (1, None)):
        for message in recorded_messages(content, level, "lower_back", previous):
            assert "{" not in message and "}" not in message


# --- wording rules -----------------------------------------------------------------


def test_no_text_says_exercise_reverses_degeneration(raw_files: dict[str, Any]) -> None:
    offending = [
        (name, path, text)
        for name, data in raw_files.items()
        for path, text in _texts(data)
        if re.search(r"\brevers(e|es|ed|ing|al)\b", text, re.IGNORECASE)
    ]
    assert not offending


def test_no_text_calls_scan_findings_meaningless(raw_files: dict[str, Any]) -> None:
    # "they are not meaningless" is allowed; calling findings meaningless is not.
    offending = [
        (name, path, text)
        for name, data in raw_files.items()
        for path, text in _texts(data)
        if re.search(r"(?<!\bnot )\bmeaningless\b", text, re.IGNORECASE)
        or re.search(r"\b(don't|doesn't|do not|does not) mean anything\b", text, re.IGNORECASE)
    ]
    assert not offending


# --- crisis resources ------------------------------------------------------------


def test_crisis_resources(content: Content) -> None:
    resources = content.safety["crisis"]["resources"]
    assert any("988" in line for line in resources["US"])
    for locale in ("GB", "IE"):
        assert any("116 123" in line for line in resources[locale]), locale
    assert resources["default"], "a default list for every other locale"
    assert any("emergency" in line.lower() for line in resources["default"])
    crisis = content.safety["crisis"]
    assert crisis["messages"] and crisis["follow_up"].strip()


def test_explanations_do_not_end_on_a_question(content: Content) -> None:
    """The rules follow each explanation with one offer; a question of its own would make two."""
    for topic, entry in content.raw("explanations")["topics"].items():
        for message in entry["messages"]:
            assert not message.rstrip().endswith("?"), (topic, message[-80:])


def test_no_text_asks_more_than_one_question(raw_files: dict[str, Any]) -> None:
    """One question a turn: a reply variant with two question marks would stack two."""
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    offending = [
        (name, path, text)
        for name, data in [*raw_files.items(), ("domain", domain.get("responses", {}))]
        if name != "sources"  # reference titles are cited, never said
        for path, text in _texts(data)
        if text.count("?") > 1
    ]
    assert not offending


def test_default_crisis_resources_name_both_default_helplines(content: Content) -> None:
    """With no locale configured, the person could be anywhere: 988 and 116 123 both appear."""
    default = " ".join(content.safety["crisis"]["resources"]["default"])
    assert "988" in default and "116 123" in default
