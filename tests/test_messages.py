"""Composed messages: core steps, progress, check-ins, goodbye summaries, safety escalations.

Built on the real content/ folder; variants are compared against the content, never hard-coded.
"""

from __future__ import annotations

from typing import Any

import pytest

from bot.coach.check_in import MEANINGFUL_CHANGE, place_name, reask_message, recorded_messages
from bot.coach.coaching import (
    names_a_fear,
    seated_because,
    progress_message,
    step_messages,
)
from bot.coach.medicines import tells_of_stopping_a_medicine
from bot.coach.content import Content
from bot.coach.listening import read_back
from bot.coach.pain_scale import Problem, Reading, read_pain_level
from bot.coach.progression import Reason, Suggestion
from bot.coach.safety import (
    crisis_resources,
    escalation_messages,
    follow_up_messages,
    likely_red_flag,
    restate_messages,
    screening_dropped,
    screening_question,
)
from bot.coach.safety_dialogue import mentions_onset
from bot.coach.summary import EXPLAINED, TOPIC_BY_ACTION, covered_topics, goodbye_messages, topic_name
from bot.settings import PROJECT_ROOT


@pytest.fixture(scope="module")
def content() -> Content:
    return Content.from_dir(PROJECT_ROOT / "content")


def variants(content: Content, key: str) -> list[str]:
    node: Any = content.raw("dialogue")
    for part in key.split("."):
        node = node[part]
    return [node] if isinstance(node, str) else list(node)


def formatted(content: Content, key: str, **values: Any) -> list[str]:
    return [v.format(**values) for v in variants(content, key)]


def starts_with_one_of(text: str, options: list[str]) -> bool:
    return any(text.startswith(option) for option in options)


# --- coaching.step_messages ------------------------------------------------------------


def test_first_step_messages(content: Content) -> None:
    step = content.step("breathing")
    messages = step_messages(content, Suggestion("breathing", Reason.FIRST, False))
    assert len(messages) == 3
    intro, how, report = messages
    assert intro in [f"{v} {step.title}: {step.instructions}" for v in variants(content, "core_steps.first")]
    assert how == f"How much: {step.dose}. {content.pacing('during')}"
    assert step.gentler not in how
    assert report in variants(content, "core_steps.report_back")


def test_seated_steps_sit_and_the_others_say_why_they_lie_down(content: Content) -> None:
    for step in content.steps:
        intro = step_messages(content, Suggestion(step.id, Reason.FIRST, False), seated="seated")[0]
        if step.seated:
            assert step.seated in intro and "floor" not in step.seated.replace("feet flat on the floor", "")
        else:
            assert step.instructions in intro and content.say("core_steps.lying_only_seated") in intro
    assert {s.id for s in content.steps if s.seated} == {"breathing", "drawing_in", "pelvic_tilt"}


def test_a_step_asked_for_at_work_is_given_sitting_and_a_lying_one_kept_for_home(content: Content) -> None:
    """Development suite T: "what I can do in the office? something small" and "something discreet
    between meetings on camera" were handed belly breathing lying on the back."""
    for asked in ("what I can do in the office? something small", "anything discreet between meetings on camera?"):
        assert seated_because(["my back hurts"], asked) == "in_company"
    assert seated_because(["nothing on the floor please"], "a step at work") == "seated"
    assert seated_because(["I work in an office"], "what's next?") is None
    for step in content.steps:
        intro = step_messages(content, Suggestion(step.id, Reason.FIRST, False), seated="in_company")[0]
        expected = step.seated if step.seated else content.say("core_steps.lying_only_in_company")
        assert expected in intro and (not step.seated or step.instructions not in intro)


@pytest.mark.parametrize(("text", "off"), [
    ("give me one exercise, nothing lying on the floor, I can't get back up easily", True),
    ("I can't lie down at the moment", True), ("not on the floor please", True),
    ("I struggle to get down on the floor", True),
    ("lying down helps", False), ("I did it on the floor", False), ("give me an exercise", False),
])
def test_off_the_floor(text: str, off: bool) -> None:
    assert (seated_because([text], "") == "seated") is off


@pytest.mark.parametrize("reason", list(Reason))
def test_every_reason_opens_with_its_own_line(content: Content, reason: Reason) -> None:
    messages = step_messages(content, Suggestion("pelvic_tilt", reason, False))
    assert starts_with_one_of(messages[0], variants(content, f"core_steps.{reason.value}"))
    assert "Pelvic tilts" in messages[0]


def test_gentler_reason_adds_the_gentler_version(content: Content) -> None:
    step = content.step("drawing_in")
    intro, how, _ = step_messages(content, Suggestion("drawing_in", Reason.GENTLER, True))
    assert f"Gentler version: {step.gentler}" in how
    assert content.pacing("during") in how
    # "gentler" already says it was hard; the extra warning would repeat it.
    assert not any(v in intro for v in variants(content, "core_steps.found_hard_before"))


def test_found_hard_before_warns_and_offers_the_gentler_version(content: Content) -> None:
    step = content.step("pelvic_tilt")
    intro, how, _ = step_messages(content, Suggestion("pelvic_tilt", Reason.FORWARD, True))
    assert starts_with_one_of(intro, variants(content, "core_steps.forward"))
    assert any(v in intro for v in variants(content, "core_steps.found_hard_before"))
    assert f"Gentler version: {step.gentler}" in how


def test_high_pain_day_uses_high_pain_pacing(content: Content) -> None:
    step = content.step("breathing")
    intro, how, _ = step_messages(content, Suggestion("breathing", Reason.HIGH_PAIN_DAY, False))
    assert starts_with_one_of(intro, variants(content, "core_steps.high_pain_day"))
    assert content.pacing("high_pain_day") in how
    assert content.pacing("during") not in how
    assert f"Gentler version: {step.gentler}" in how


def test_step_messages_have_no_unfilled_placeholders(content: Content) -> None:
    for step in content.steps:
        for reason in Reason:
            for message in step_messages(content, Suggestion(step.id, reason, True)):
                assert "{" not in message and "}" not in message


@pytest.mark.parametrize("feedback", ["easy", "done", "hard", "hurt"])
def test_progress_message(content: Content, feedback: str) -> None:
    assert progress_message(content, feedback) in variants(content, f"progress.{feedback}")


def test_progress_message_without_feedback(content: Content) -> None:
    assert progress_message(content, None) in variants(content, "progress.unknown")
    assert progress_message(content, "") in variants(content, "progress.unknown")
    assert progress_message(content, "hurt") != progress_message(content, "easy")


# --- check_in ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "band"),
    [(10, "high"), (7, "high"), (6, "moderate"), (4, "moderate"), (3, "low"), (0, "low")],
)
def test_recorded_message_band(content: Content, level: int, band: str) -> None:
    messages = recorded_messages(content, level, "lower_back", None)
    assert messages == formatted(
        content, f"check_in.recorded.{band}", level=level, location=" (lower back)"
    )
    assert f"{level}/10" in messages[0]
    assert "lower back" in messages[0]


def test_recorded_message_without_location(content: Content) -> None:
    (message,) = recorded_messages(content, 5, None, None)
    assert "5/10." in message and "(" not in message


@pytest.mark.parametrize(("level", "previous", "direction"), [(7, 5, "up"), (2, 9, "down")])
def test_meaningful_change_is_mentioned(
    content: Content, level: int, previous: int, direction: str
) -> None:
    messages = recorded_messages(content, level, "hip", previous)
    assert len(messages) == 2
    points = abs(level - previous)
    word = content.say(f"check_in.change_{direction}")
    assert messages[1] in formatted(content, "check_in.change", direction=word, points=points)
    assert f"{word} {points} points" in messages[1]


@pytest.mark.parametrize(("level", "previous"), [(6, 5), (5, 6), (4, 4), (0, 1)])
def test_small_change_is_not_mentioned(content: Content, level: int, previous: int) -> None:
    assert MEANINGFUL_CHANGE == 2
    messages = recorded_messages(content, level, "hip", previous)
    assert len(messages) == 1
    assert "since your last check-in" not in messages[0]


def test_zero_previous_counts_as_a_previous_check_in(content: Content) -> None:
    messages = recorded_messages(content, 3, "neck", 0)
    assert len(messages) == 2
    assert "up 3 points" in messages[1]


@pytest.mark.parametrize("problem", list(Problem))
def test_reask_message_for_each_problem(content: Content, problem: Problem) -> None:
    message = reask_message(content, Reading(None, problem))
    assert message in variants(content, f"check_in.reask.{problem.value}")


def test_reask_messages_differ_by_problem(content: Content) -> None:
    too_high = reask_message(content, read_pain_level("eleven"))
    negative = reask_message(content, read_pain_level("-2"))
    assert too_high in variants(content, "check_in.reask.too_high")
    assert negative in variants(content, "check_in.reask.negative")
    assert set(variants(content, "check_in.reask.too_high")).isdisjoint(
        variants(content, "check_in.reask.negative")
    )


def test_reask_message_without_a_problem_falls_back_to_no_number(content: Content) -> None:
    assert reask_message(content, Reading(None, None)) in variants(
        content, "check_in.reask.no_number"
    )


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        ("lower_back", "lower back"),
        ("  left hip  ", "left hip"),
        ("lower bak", "lower bak"),
        ("right side of my bum", "right side of my bum"),
        (None, ""),
        ("", ""),
        ("x" * 200, "x" * 60),
        # found talking to the server: "Thank you for checking in: 7/10 (my back is killing me today tbh, ...)"
        ("my back is killing me today tbh, been sat at a desk all week", "where you told me"),
    ],
)
def test_place_name(content: Content, location: Any, expected: str) -> None:
    assert place_name(content, location) == expected


# --- summary -------------------------------------------------------------------------


def user(intent: str) -> dict[str, Any]:
    return {"event": "user", "parse_data": {"intent": {"name": intent}}}


def ran(action: str, *slots: tuple[str, Any], says: bool = True) -> list[dict[str, Any]]:
    """An action's events as Rasa logs them: the action, what it said, then the slots it set."""
    return [
        {"event": "action", "name": action},
        *([{"event": "bot", "text": "..."}] if says else []),
        *({"event": "slot", "name": name, "value": value} for name, value in slots),
    ]


def turn(intent: str, action: str, *slots: tuple[str, Any]) -> list[dict[str, Any]]:
    return [user(intent), *ran(action, *slots), {"event": "action", "name": "action_listen"}]


def test_covered_topics_in_first_seen_order_without_duplicates() -> None:
    events = [
        *turn("greet", "action_greet"),
        *turn("ask_core", "action_explain"),
        *turn("report_pain_level", "action_record_check_in"),
        *turn("ask_core", "action_explain"),
        *turn("request_core_steps", "action_suggest_core_step", ("core_step", "breathing")),
        *turn("nlu_fallback", "action_default_fallback"),
    ]
    assert covered_topics(events) == ["core", "check_in", "core_step"]
    assert covered_topics([]) == []
    assert covered_topics([*turn("greet", "action_greet"), *turn("goodbye", "action_goodbye_summary")]) == []


def test_only_what_happened_is_covered() -> None:
    """A step that was paused, or a progress report that said nothing was tried, is not claimed."""
    events = [
        *turn("request_core_steps", "action_suggest_core_step"),  # paused: no step slot set
        *turn("report_progress", "action_record_progress", ("last_feedback", "not_tried")),
        *turn("ask_treatment_opinion", "action_explain", ("knowledge_topic", "medicines")),
        *turn("faq", "action_answer_question", ("knowledge_topic", "heat_ice")),
    ]
    assert covered_topics(events) == ["kb:medicines", "kb:heat_ice"]


def test_every_topic_has_a_name(content: Content) -> None:
    for topic in {*TOPIC_BY_ACTION.values(), *EXPLAINED.values(), "core_step", "progress"}:
        assert topic_name(content, topic)
    for topic in content.knowledge_topics:
        assert topic_name(content, f"kb:{topic}")


def test_goodbye_with_topics_and_step(content: Content) -> None:
    step = content.step("glute_bridge")
    events = [
        *turn("mention_diagnosis", "action_reframe_label"),
        *turn("ask_core", "action_explain"),
        *turn("request_core_steps", "action_suggest_core_step", ("core_step", "glute_bridge")),
    ]
    messages = goodbye_messages(content, events, "glute_bridge")
    assert len(messages) == 3
    names = [content.say(f"goodbye.topic_names.{t}") for t in ("label", "core", "core_step")]
    assert messages[0] == content.say(
        "goodbye.topics_intro", topics=f"{names[0]}, {names[1]} and {names[2]}"
    )
    assert messages[1] == content.say("goodbye.step_to_try", title=step.title, dose=step.dose)
    assert step.title in messages[1] and step.dose in messages[1]
    assert messages[2] in variants(content, "goodbye.close")


def test_goodbye_with_one_topic(content: Content) -> None:
    messages = goodbye_messages(content, turn("ask_pain_meaning", "action_explain"), None)
    name = content.say("goodbye.topic_names.pain_meaning")
    assert messages[0] == content.say("goodbye.topics_intro", topics=name)
    assert " and " not in messages[0].replace(name, "")


def test_goodbye_with_two_topics(content: Content) -> None:
    events = [*turn("ask_core", "action_explain"), *turn("share_feeling", "action_acknowledge_feeling")]
    messages = goodbye_messages(content, events, None)
    core, feelings = (content.say(f"goodbye.topic_names.{t}") for t in ("core", "feelings"))
    assert messages[0] == content.say("goodbye.topics_intro", topics=f"{core} and {feelings}")


def test_goodbye_with_nothing_covered_and_no_step(content: Content) -> None:
    messages = goodbye_messages(content, [*turn("greet", "action_greet"), *turn("goodbye", "action_goodbye_summary")], None)
    assert len(messages) == 2
    assert messages[0] == content.say("goodbye.no_step")
    assert messages[1] in variants(content, "goodbye.close")


@pytest.mark.parametrize("step_id", [None, "glute_bridge"])
def test_goodbye_while_exercises_are_paused_names_no_step(content: Content, step_id: str | None) -> None:
    messages = goodbye_messages(content, turn("ask_core", "action_explain"), step_id, steps_paused=True)
    assert len(messages) == 2 and messages[1] in variants(content, "goodbye.close")


# --- safety --------------------------------------------------------------------------


def _red(content: Content) -> dict[str, Any]:
    return content.safety["red_flag"]


@pytest.mark.parametrize(("locale", "needle"), [("US", "988"), ("GB", "116 123"), ("IE", "116 123")])
def test_crisis_includes_the_locales_resources(content: Content, locale: str, needle: str) -> None:
    crisis = content.safety["crisis"]
    messages = escalation_messages(content, "crisis", "crisis", locale)
    assert len(messages) == 2
    first_line, *resources = messages[0].split("\n")
    assert first_line in crisis["messages"]
    assert resources == crisis["resources"][locale]
    assert needle in messages[0]
    assert messages[1] == crisis["follow_up"]


@pytest.mark.parametrize("locale", ["default", "FR", "", "us"])
def test_crisis_falls_back_to_the_default_resources(content: Content, locale: str) -> None:
    resources = content.safety["crisis"]["resources"]
    assert crisis_resources(content, locale) == resources["default"]
    message = escalation_messages(content, "crisis", None, locale)[0]
    assert message.split("\n")[1:] == resources["default"]
    assert "988" in message and "116 123" in message  # both defaults when the locale is unknown


def test_crisis_resources_returns_a_copy(content: Content) -> None:
    resources = crisis_resources(content, "US")
    resources.append("changed")
    assert "changed" not in crisis_resources(content, "US")


def test_red_flag_without_a_kind_gets_emergency_wording(content: Content) -> None:
    red = _red(content)
    messages = escalation_messages(content, "red_flag", None, "default")
    assert len(messages) == 2
    assert messages[0] in red["emergency"]["messages"]
    assert messages[1] == red["follow_up"]
    assert not any(m in red["urgent"]["messages"] for m in messages)


def test_cauda_equina_gets_heard_and_emergency_wording(content: Content) -> None:
    red = _red(content)
    messages = escalation_messages(content, "red_flag", "cauda_equina", "GB")
    assert messages[0] == content.say("safety.heard", what=red["kinds"]["cauda_equina"])
    assert messages[1] in red["emergency"]["messages"]
    assert messages[2] == red["follow_up"]


@pytest.mark.parametrize("kind", ["infection", "cancer", "fracture", "neuro_deficit"])
def test_other_kinds_get_heard_and_urgent_wording(content: Content, kind: str) -> None:
    red = _red(content)
    assert kind in red["kinds"]
    messages = escalation_messages(content, "red_flag", kind, "US")
    assert messages == [
        content.say("safety.heard", what=red["kinds"][kind]),
        messages[1],
        red["follow_up"],
    ]
    assert messages[1] in red["urgent"]["messages"]
    assert messages[1] not in red["emergency"]["messages"]
    assert "988" not in " ".join(messages)


def test_red_flag_messages_never_carry_crisis_resources(content: Content) -> None:
    for kind in [None, "cauda_equina", "infection"]:
        text = " ".join(escalation_messages(content, "red_flag", kind, "US"))
        assert "988" not in text


def test_a_crisis_said_again_keeps_the_resources_without_the_long_opening(content: Content) -> None:
    crisis = content.safety["crisis"]
    messages = escalation_messages(content, "crisis", "crisis", "GB", already_open=True)
    opening, *resources = messages[0].split("\n")
    assert opening in crisis["again"] and opening not in crisis["messages"]
    assert resources == crisis["resources"]["GB"]
    assert messages[1] == crisis["follow_up"]
    now = escalation_messages(content, "crisis", "crisis_now", "GB", already_open=True)
    assert now[0] in crisis["now"]  # an emergency is never shortened


@pytest.mark.parametrize(("kind", "level"), [("cauda_equina", "emergency"), (None, "emergency"), ("cancer", "urgent")])
def test_a_red_flag_said_again_is_brief_and_keeps_its_level(content: Content, kind: str | None, level: str) -> None:
    red = _red(content)
    messages = escalation_messages(content, "red_flag", kind, "US", already_open=True)
    assert messages[-1] in red["again"][level]
    assert not any(m in red["emergency"]["messages"] + red["urgent"]["messages"] for m in messages)
    if kind:
        assert messages[0] == content.say("safety.heard", what=red["kinds"][kind])


@pytest.mark.parametrize(
    ("answer", "onset"),
    [
        ("no its new actually", True),
        ("started recently", True),
        ("only since yesterday", True),
        ("no, it's not new, I've had it for years", False),
        ("no", False),
        ("nothing new, my waterworks are fine", False),
    ],
)
def test_an_answer_that_says_the_sign_is_new_is_not_a_no(answer: str, onset: bool) -> None:
    assert mentions_onset(answer) is onset


def test_a_possible_red_flag_of_a_known_kind_is_asked_about_that_kind(content: Content) -> None:
    """A fall is not a bladder question; an unclear kind gets the general question."""
    assert likely_red_flag("fracture", {}) == "fracture"
    assert likely_red_flag(None, {"infection": 0.3, "fracture": 0.1}) == "infection"
    assert likely_red_flag(None, {"infection": 0.05, "none": 0.95}) is None
    fall = screening_question(content, "red_flag", kind="fracture")
    assert "fall" in fall and "bladder" not in fall and fall.count("?") == 1
    assert "fall" in screening_question(content, "red_flag", again=True, kind="fracture")
    assert "bladder" in screening_question(content, "red_flag", kind="cauda_equina")
    assert "bladder" in screening_question(content, "red_flag")


def test_the_answer_to_are_you_safe_decides_the_follow_up(content: Content) -> None:
    """Never "I'm glad you're safe" after a no; the resources stay in every case."""
    safe, not_safe, unclear = (follow_up_messages(content, "crisis", "GB", a) for a in ("safe", "not_safe", "unclear"))
    assert "glad" in safe[0] and "116 123" in safe[0]
    assert "glad" not in " ".join(not_safe) and "999" in not_safe[0] and "116 123" in not_safe[1]
    assert "glad" not in " ".join(unclear) and "116 123" in unclear[0]


def test_a_safety_step_is_acknowledged_and_the_lines_are_not_listed_twice(content: Content) -> None:
    [step] = follow_up_messages(content, "crisis", "GB", "step")
    assert step.split("\n")[0] in content.safety["crisis"]["step"] and "116 123" in step
    [first] = follow_up_messages(content, "crisis", "GB", "unclear")
    [again] = follow_up_messages(content, "crisis", "GB", "unclear", said={first})
    assert again == content.safety["crisis"]["still_open_again"] and "116 123" not in again


@pytest.mark.parametrize("about", ["crisis", "red_flag"])
def test_a_screening_question_let_go_twice_is_said_briefly_the_second_time(content: Content, about: str) -> None:
    """The development suite A repeated the whole paragraph (and the helplines) word for word when
    a second screening question in one conversation was let go."""
    first = screening_dropped(content, about, "en-GB")
    again = screening_dropped(content, about, "en-GB", said=[first])
    assert again == content.safety["screening"][f"unanswered_again_{about}"] and again not in first


@pytest.mark.parametrize(("answers", "expected"), [
    ({"where": "Um, my lower back I guess", "quality": "achy tbh", "rating": "maybe a 3", "need": "rest probably"},
     {"where": "lower back", "quality": "achy", "rating": "3", "need": "rest"}),
    ({"where": "in my left hip", "quality": "like a dull ache", "rating": "six", "need": "no idea"},
     {"where": "left hip", "quality": "a dull ache", "rating": "six", "need": None}),
    ({"where": "all over the place really, it moves around a lot", "quality": "dunno", "rating": "", "need": "idk"},
     {"where": None, "quality": None, "rating": None, "need": None}),
])
def test_listening_answers_read_back_only_where_they_read_well(
    answers: dict[str, str], expected: dict[str, str | None]
) -> None:
    assert read_back(answers) == expected


@pytest.mark.parametrize(("text", "stopped"), [
    ("gave me naproxen but I stopped taking it cos it upset my stomach", True),
    ("I came off the gabapentin last month", True), ("not taking my tablets anymore", True),
    ("I've cut down on the co-codamol", True),
    ("I stopped going to the gym", False), ("my doctor gave me naproxen", False),
    ("stop the check in", False),
])
def test_tells_of_stopping_a_medicine(text: str, stopped: bool) -> None:
    assert tells_of_stopping_a_medicine(text) is stopped


def test_an_upset_stomach_is_no_fear() -> None:
    assert not names_a_fear("it upset my stomach") and names_a_fear("I was really upset")


def test_the_resources_said_already_come_back_on_one_line(content: Content) -> None:
    crisis = content.safety["crisis"]
    first = escalation_messages(content, "crisis", "crisis", "GB")
    safe = follow_up_messages(content, "crisis", "GB", "safe", said=set(first))
    assert safe[0].split("\n")[1] == crisis["resources_brief"]["GB"] and "116 123" in safe[0]
    fresh = follow_up_messages(content, "crisis", "GB", "safe")
    assert fresh[0].split("\n")[1:] == crisis["resources"]["GB"]


def test_a_disclosure_that_says_they_wont_act_asks_nothing(content: Content) -> None:
    messages = escalation_messages(content, "crisis", "crisis", "US", not_acting=True)
    assert "988" in messages[0] and not any("?" in m for m in messages)
    now = escalation_messages(content, "crisis", "crisis_now", "US", not_acting=True)
    assert now[0] in content.safety["crisis"]["now"]  # an emergency is never softened


def test_an_open_emergency_is_restated_as_today(content: Content) -> None:
    red = content.safety["red_flag"]
    assert restate_messages(content, level="emergency")[0] in red["restate_emergency"]
    assert restate_messages(content, level="urgent")[0] in red["restate"]
    [still] = follow_up_messages(content, "red_flag", "GB", "unclear", level="emergency")
    assert "today" in still and still in content.variants("safety.red_flag_still_open_emergency")


def test_a_no_that_asked_why_is_met_with_an_apology(content: Content) -> None:
    from bot.coach.safety import screening_cleared

    assert screening_cleared(content, "crisis", asked_why=True).startswith("Sorry")
    assert not screening_cleared(content, "crisis").startswith("Sorry")
    [corrected] = follow_up_messages(content, "crisis", "GB", "corrected")
    assert corrected in content.safety["crisis"]["corrected"] and "?" not in corrected


def test_a_practice_line_said_already_comes_in_another_wording(content: Content) -> None:
    from bot.coach.coaching import progress_message

    first = progress_message(content, "easy")
    assert progress_message(content, "easy", said={first}) != first


def test_a_crisis_said_again_lists_the_lines_on_one_line_when_they_were_shown(content: Content) -> None:
    """ "yeah i got the numbers the first time" (a play-test): the full list came back word for word."""
    first = escalation_messages(content, "crisis", "crisis", "GB")
    again = escalation_messages(content, "crisis", "crisis", "GB", already_open=True, said=set(first))
    assert again[0].split("\n")[1] == content.safety["crisis"]["resources_brief"]["GB"]
    now = escalation_messages(content, "crisis", "crisis_now", "GB", already_open=True, said=set(first))
    assert now[1].split("\n")[1:] == content.safety["crisis"]["resources"]["GB"]


def test_a_helplines_number_kept_is_thanked_for_without_the_lines_again(content: Content) -> None:
    """"fine ill save the number" had heard "letting someone in matters", with the lines a third time."""
    saved, carry_on = follow_up_messages(content, "crisis", "GB", "saved")
    assert saved in content.safety["crisis"]["saved"] and "116 123" not in saved
    assert carry_on == content.safety["crisis"]["carry_on"]
