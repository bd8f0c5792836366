"""The pacing rules that choose a person's next core step, and reading how a step went."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Optional, Sequence

import pytest

from bot.coach.progression import (
    FEEDBACK_VALUES,
    HIGH_PAIN,
    NOT_TRIED,
    PRACTICE,
    QUESTION,
    Reason,
    Suggestion,
    classify_feedback,
    next_step,
    says_practised,
)
from bot.coach.progression import StepRecord

STEPS = ("breathing", "drawing_in", "pelvic_tilt", "heel_slide_march", "dead_bug")
T0 = datetime(2025, 1, 1, tzinfo=timezone.utc)


def history(*pairs: tuple[str, Optional[str]]) -> list[StepRecord]:
    """Oldest-first records, one minute apart."""
    return [
        StepRecord(step_id, feedback, T0 + timedelta(minutes=i))
        for i, (step_id, feedback) in enumerate(pairs)
    ]


LATER = T0 + timedelta(days=2)  # a day or two after the history: practice time has passed


def pick(records: Sequence[StepRecord], pain: Optional[int] = None, now: datetime = LATER) -> Suggestion:
    return next_step(STEPS, records, pain, now)


# --- next_step -------------------------------------------------------------------


def test_first_step_with_no_history() -> None:
    assert pick([]) == Suggestion("breathing", Reason.FIRST, False)


def test_first_step_with_low_pain_today() -> None:
    assert pick([], pain=3) == Suggestion("breathing", Reason.FIRST, False)


@pytest.mark.parametrize("feedback", ["done", "easy"])
def test_forward_after_done_or_easy(feedback: str) -> None:
    assert pick(history(("breathing", "done"), ("drawing_in", feedback))) == Suggestion(
        "pelvic_tilt", Reason.FORWARD, False
    )


@pytest.mark.parametrize("feedback", ["done", "easy"])
def test_easy_minutes_after_a_step_was_first_given_earns_practice_not_the_next_step(feedback: str) -> None:
    records = history(("breathing", "done"), ("drawing_in", feedback))
    assert pick(records, now=T0 + timedelta(hours=1)) == Suggestion("drawing_in", Reason.PRACTICE, False)
    assert pick(records, now=T0 + PRACTICE + timedelta(minutes=2)).reason is Reason.FORWARD


@pytest.mark.parametrize("text", ["Day 4 now btw. Less tight after shifts", "Three days in. Doing it each morning",
                                  "A week later: doing them daily, wobble's mostly gone"])
def test_practice_over_days_in_the_persons_words_moves_on(text: str) -> None:
    """A suite's conversation held in one sitting told of days of practice and was kept waiting."""
    assert says_practised(text) and classify_feedback([], text) == "done"
    records = history(("breathing", "done"), ("drawing_in", "done"))
    assert next_step(STEPS, records, None, T0 + timedelta(hours=1), practised=True).reason is Reason.FORWARD
    assert not says_practised("did it once, felt fine") and not says_practised("day 1 and it hurt")


def test_practice_counts_from_when_the_step_was_first_given() -> None:
    records = [StepRecord("breathing", None, T0), StepRecord("breathing", "easy", T0 + PRACTICE)]
    assert pick(records, now=T0 + PRACTICE + timedelta(minutes=5)).reason is Reason.FORWARD


def test_back_after_hurt() -> None:
    records = history(("breathing", "easy"), ("drawing_in", "easy"), ("pelvic_tilt", "hurt"))
    assert pick(records) == Suggestion("drawing_in", Reason.BACK, False)


def test_back_after_hurt_never_goes_below_the_first_step() -> None:
    # The first step is itself the one that hurt, so it comes with the warning.
    assert pick(history(("breathing", "hurt"))) == Suggestion("breathing", Reason.BACK, True)


def test_gentler_after_hard_stays_on_the_same_step() -> None:
    assert pick(history(("breathing", "easy"), ("drawing_in", "hard"))) == Suggestion(
        "drawing_in", Reason.GENTLER, True
    )


def test_repeat_when_the_last_step_has_no_feedback() -> None:
    assert pick(history(("breathing", "easy"), ("drawing_in", None))) == Suggestion(
        "drawing_in", Reason.REPEAT, False
    )


@pytest.mark.parametrize("feedback", ["done", "easy"])
def test_last_step_done_stays_on_the_last_step(feedback: str) -> None:
    assert pick(history(("heel_slide_march", "easy"), ("dead_bug", feedback))) == Suggestion(
        "dead_bug", Reason.LAST, False
    )


def test_last_step_that_hurt_goes_back() -> None:
    assert pick(history(("dead_bug", "hurt"))) == Suggestion(
        "heel_slide_march", Reason.BACK, False
    )


@pytest.mark.parametrize("pain", [HIGH_PAIN, 8, 10])
@pytest.mark.parametrize(
    "records",
    [
        [],
        history(("breathing", "easy"), ("drawing_in", "easy")),
        history(("dead_bug", "done")),
        history(("pelvic_tilt", "hard")),
    ],
)
def test_high_pain_day_always_goes_to_the_first_step(
    pain: int, records: list[StepRecord]
) -> None:
    suggestion = pick(records, pain)
    assert suggestion.step_id == "breathing"
    assert suggestion.reason is Reason.HIGH_PAIN_DAY


def test_high_pain_threshold_is_seven() -> None:
    assert HIGH_PAIN == 7
    records = history(("breathing", "easy"))
    assert pick(records, 6) == Suggestion("drawing_in", Reason.FORWARD, False)
    assert pick(records, 7) == Suggestion("breathing", Reason.HIGH_PAIN_DAY, False)


def test_high_pain_day_flags_a_first_step_that_was_hard() -> None:
    records = history(("breathing", "hard"), ("breathing", "easy"), ("drawing_in", "done"))
    assert pick(records, 9) == Suggestion("breathing", Reason.HIGH_PAIN_DAY, True)


@pytest.mark.parametrize("struggle", ["hard", "hurt"])
def test_found_hard_before_when_a_struggled_step_comes_up_again(struggle: str) -> None:
    # pelvic_tilt was a struggle and was later managed; when heel_slide_march hurts,
    # pelvic_tilt comes back and carries the warning.
    records = history(
        ("breathing", "easy"),
        ("drawing_in", "easy"),
        ("pelvic_tilt", struggle),
        ("pelvic_tilt", "done"),
        ("heel_slide_march", "hurt"),
    )
    assert pick(records) == Suggestion("pelvic_tilt", Reason.BACK, True)


def test_found_hard_before_when_moving_forward_onto_a_struggled_step() -> None:
    # drawing_in hurt, they went back to breathing, managed it, and now drawing_in returns.
    records = history(
        ("breathing", "easy"),
        ("drawing_in", "hurt"),
        ("breathing", "done"),
    )
    assert pick(records) == Suggestion("drawing_in", Reason.FORWARD, True)


def test_not_found_hard_when_only_other_steps_were_a_struggle() -> None:
    records = history(("breathing", "hard"), ("breathing", "easy"))
    assert pick(records) == Suggestion("drawing_in", Reason.FORWARD, False)


def test_unknown_step_ids_in_history_are_ignored() -> None:
    records = history(("breathing", "easy"), ("retired_step", "hurt"), ("old_one", None))
    assert pick(records) == Suggestion("drawing_in", Reason.FORWARD, False)


def test_only_unknown_step_ids_is_a_first_step() -> None:
    assert pick(history(("retired_step", "easy"))) == Suggestion(
        "breathing", Reason.FIRST, False
    )


def test_the_latest_record_decides_not_the_furthest() -> None:
    records = history(("dead_bug", "easy"), ("drawing_in", None))
    assert pick(records) == Suggestion("drawing_in", Reason.REPEAT, False)


def test_single_step_progression() -> None:
    assert next_step(["only"], history(("only", "easy")), None) == Suggestion(
        "only", Reason.LAST, False
    )
    assert next_step(["only"], history(("only", "hurt")), None) == Suggestion(
        "only", Reason.BACK, True
    )


def test_empty_progression_raises() -> None:
    with pytest.raises(ValueError, match="empty"):
        next_step([], [], None)
    with pytest.raises(ValueError):
        next_step((), history(("breathing", "easy")), 8)


def test_reason_values_match_the_dialogue_keys() -> None:
    assert {r.value for r in Reason} == {
        "first", "forward", "repeat", "gentler", "back", "high_pain_day", "last", "practice"
    }


# --- classify_feedback -------------------------------------------------------------


@pytest.mark.parametrize("entity", FEEDBACK_VALUES)
def test_entity_wins_over_the_wording(entity: str) -> None:
    assert classify_feedback([entity], "it was hard, easy, done") == entity
    assert classify_feedback([entity], "") == entity


@pytest.mark.parametrize("text", [
    "did it. felt a bit weird tbh, kind of a pull in my hip", "done, it ached a bit after", "did them, it hurt"
])
def test_a_done_entity_never_outvotes_a_hurt_in_the_words(text: str) -> None:
    assert classify_feedback(["done"], text) == "hurt"
    assert classify_feedback(["done"], "did it, no pain at all") == "done"


@pytest.mark.parametrize("text", ["meh nothing happened", "tried it, didnt really notice anything", "no difference tbh"])
def test_a_step_tried_with_nothing_felt_is_done_not_easy(text: str) -> None:
    """Suite S: "meh nothing happened" was praised as easy ("Easy is a good sign")."""
    assert classify_feedback([], text) == "done"
    assert classify_feedback(["easy"], text) == "done"
    assert classify_feedback([], "nothing to it, easy") == "easy"


def test_the_most_telling_of_several_entities_wins() -> None:
    assert classify_feedback(["done", "easy"], "I did it and it was easy") == "easy"
    assert classify_feedback(["done", "hurt"], "I did it but it hurt") == "hurt"
    assert classify_feedback(["easy", "hard"], "") == "hard"


def test_unknown_entity_value_falls_back_to_the_wording() -> None:
    assert classify_feedback(["meh"], "that was a breeze") == "easy"
    assert classify_feedback([], "it hurt") == "hurt"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("it hurt my back", "hurt"),
        ("It HURTS", "hurt"),
        ("made it worse", "hurt"),
        ("a bit sore afterwards", "hurt"),
        ("it was painful", "hurt"),
        ("that was really difficult", "hard"),
        ("I couldn't hold it", "hard"),
        ("I couldn’t hold it", "hard"),  # curly apostrophe from a phone keyboard
        ("I struggled with it", "hard"),
        ("too much for me", "hard"),
        ("a breeze", "easy"),
        ("so simple", "easy"),
        ("EASY", "easy"),
        ("I did it", "done"),
        ("managed all of them", "done"),
        ("finished", "done"),
        ("it went fine", "done"),
        ("okay", "done"),
        # When several fit, the most cautious reading wins.
        ("it was easy but it hurt afterwards", "hurt"),
        ("I did it but it was hard", "hard"),
        ("did it, it was easy", "easy"),
    ],
)
def test_keyword_fallbacks(text: str, expected: str) -> None:
    assert classify_feedback([], text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("it didn't hurt at all", None),
        ("it didn’t hurt at all", None),
        ("it was not painful", None),
        ("wasn't easy", None),
        ("wasn't that hard", None),
        ("no pain, did it", "done"),
        ("not too hard, done", "done"),
        ("it didn't hurt, it was easy", "easy"),
        ("no, it hurt", "hurt"),
        ("no it hurt", "hurt"),
        ("it hurt, not easy", "hurt"),
    ],
)
def test_negated_words_do_not_count(text: str, expected: Optional[str]) -> None:
    assert classify_feedback([], text) == expected


@pytest.mark.parametrize("text", [
    "", "what's next?", "banana", "I tried the bird dog",
    # how something went, not a step left untried (found talking to the server)
    "tried a hot water bottle last night, didnt do much tbh", "the stretches didn't do the trick",
])
def test_none_when_nothing_says_how_it_went(text: str) -> None:
    assert classify_feedback([], text) is None


def test_feedback_values_match_the_database() -> None:
    from bot.store.models import FEEDBACK_VALUES as STORED

    assert set(FEEDBACK_VALUES) == set(STORED)


@pytest.mark.parametrize("text", [
    "I haven't done anything", "haven't tried it yet tbh", "not done it, been too busy",
    "didn't get round to it this week", "forgot, sorry",
])
def test_not_trying_the_step_is_not_a_report(text: str) -> None:
    assert classify_feedback([], text) == NOT_TRIED
    assert classify_feedback(["done"], text) == NOT_TRIED


@pytest.mark.parametrize("text", [
    "did I damage something doing it?", "is it normal to feel sore after", "should I feel it in my back",
    "how many times a day again",
    "did it, felt nothing tbh, am i doing it rong",  # asked after the report, in its own clause
    "did the breathing, is that normal",
])
def test_a_question_about_the_step_is_not_a_report(text: str) -> None:
    assert classify_feedback([], text) == QUESTION
    assert classify_feedback(["done"], text) == QUESTION


@pytest.mark.parametrize("text, feedback", [
    ("did the breathing one, felt easy", "easy"), ("did it, was easy", "easy"),
    ("never done it before but it was easy", "easy"), ("I couldn't do it", "hard"),
    ("easy. when do i move on", "easy"), ("did it this morning, was easy", "easy"),
])
def test_reports_that_start_like_questions_or_negations_still_count(text: str, feedback: str) -> None:
    assert classify_feedback([], text) == feedback


def test_a_hurt_the_words_tell_of_is_never_outvoted() -> None:
    text = "it was easy, i did it twice like you said. but when i sat up after it hurt a bit, like a 4"
    assert classify_feedback(["easy"], text) == "hurt"
    assert classify_feedback(["done", "easy"], "I did it and it was easy") == "easy"
