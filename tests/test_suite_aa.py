"""Privacy asked for in passing, and an urgent visit agreed to, heard (issues 15 and 16), from suite AA.

Suite AA (helpers 237 and 238) was played blind in the thirty-third session. In the thirty-fourth,
once the fresh suite AB and set AB had been measured on the starting code, AA's transcripts and its
judges' notes were read, so it is a development suite now. What it showed, by kind, each tested here
with phrasings of the team's own:
- a deletion asked for inside a goodbye or beside another question ("actually delete all this ...
  ciao") was lost, and "I might ask you to delete it later", a yes to recording, got the deletion
  prompt;
- "whats the point of recording it", to the consent question, was taken as a yes;
- after urgent advice, "heading there now" was told again why not to wait, and "I'll see my doc
  Monday" was asked for a pain rating.
"""

from __future__ import annotations

import pytest

from bot.coach.content import Content
from bot.coach.consent import asks_only_about_recording, asks_to_delete, confirms_deletion, recording_details
from bot.coach.knowledge import QUESTION
from bot.coach.leaving import signs_off
from bot.coach.pain_scale import read_pain_level
from bot.coach.progression import classify_feedback
from bot.coach.artefacts import record_question_artefact
from bot.coach.coaching import seated_because
from bot.coach.risk import CRISIS, RED_FLAG, SCREEN, Thresholds, Verdict
from bot.coach.situations import grief_reply
from bot.coach.summary import goodbye_messages
from bot.coach.safety_dialogue import ESCALATE, SCREEN_AGAIN, agrees_to_go, goes_later, screening_answer
from bot.nlu.settled import settled_intent
from tests.servers import Guywire
from tests.servers import texts as server_texts
from tests.test_actions import environment, words  # noqa: F401
from tests.test_suite_u import greeted, sender


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("right that's me done for today. oh, and wipe all this please. night", True),
        ("quick one before I forget: can you delete what I told you earlier?", True),
        ("you can delete that, I said too much", True),
        ("fine, record it. I may want you to delete it later though", False),
        ("sure, and if I change my mind can I delete it?", False),
        ("please don't delete any of this, my physio wants to read it", False),
        ("how do I get rid of this knot under my shoulder blade", False),
        ("I'd love to get rid of the pain, all of it", False),
    ],
)
def test_a_deletion_asked_for_now_is_heard(text: str, asks: bool) -> None:
    assert asks_to_delete(text) is asks


@pytest.mark.parametrize(
    ("text", "current", "settled"),
    [
        ("right that's me done for today. oh, and wipe all this please. night", "goodbye", "request_delete_data"),
        ("cheers. actually can you erase what I wrote about my job?", "thank", "request_delete_data"),
        ("fine, record it. I may want you to delete it later though", "affirm", None),
    ],
)
def test_a_deletion_beside_something_else_is_the_request(text: str, current: str, settled: str | None) -> None:
    assert settled_intent(text, current) == settled


@pytest.mark.parametrize("text", ["whats the point of keeping it", "hows that any use to you", "whos reading this"])
def test_a_question_without_its_apostrophe_or_mark_asks(text: str) -> None:
    assert QUESTION.search(text)


@pytest.mark.parametrize(
    ("text", "going", "later"),
    [
        ("ok ok. heading there now", True, False),
        ("fine, off to the hospital then", True, False),
        ("I'll see the doctor on Thursday, they're usually good", False, True),
        ("I'll see what happens overnight", False, False),
    ],
)
def test_going_to_be_seen_is_heard_without_a_subject_and_later_with_a_doctor(
    text: str, going: bool, later: bool
) -> None:
    assert agrees_to_go(text, "emergency") is going
    assert goes_later(text, "emergency") is later


def test_through_the_server_a_deletion_inside_a_goodbye_is_asked_to_confirm(guywire: Guywire) -> None:
    who = greeted(guywire, "yes")
    guywire.say(who, "my lower back has been stiff all week")
    said = server_texts(guywire.say(who, "thanks. actually delete all this, I'd rather it wasn't kept. bye"))
    assert guywire.tracker(who)["latest_message"]["intent"]["name"] == "request_delete_data", said
    assert "delete" in said.lower(), said


def test_through_the_server_a_question_about_why_it_records_is_no_yes(guywire: Guywire) -> None:
    who = sender()
    guywire.say(who, "hi")
    said = server_texts(guywire.say(who, "whats the point of recording it"))
    slots = guywire.tracker(who)["slots"]
    assert slots["consent"] is None and slots["awaiting_consent"] is True, said
    assert "coach or clinician" in said, said


@pytest.mark.parametrize(
    ("text", "rating"),
    [
        ("did 12 before bed. slept better. back's a 4 today instead of a 6", 4),
        ("done 8 of them, pain about 3 now", 3),
        ("about a 5, compared to 8 on monday", 5),
    ],
)
def test_a_count_and_a_rating_compared_are_not_the_rating(text: str, rating: int) -> None:
    assert read_pain_level(text).value == rating


def test_yes_please_to_the_crisis_question_takes_up_an_offer_and_is_asked_again() -> None:
    reply = "yes please, but sitting down, my knees won't manage the floor"
    assert screening_answer("crisis", "affirm", {"none": 1.0}, reply, False, Thresholds()) == SCREEN_AGAIN
    assert screening_answer("crisis", "affirm", {"none": 0.5, "crisis": 0.5}, "yes", False, Thresholds()) == ESCALATE


@pytest.mark.parametrize(
    ("text", "details"),
    [
        ("before I say yes: where is it stored? I live in Germany", ["storage"]),
        ("is any of it sold to insurers?", ["training"]),
    ],
)
def test_where_the_record_is_kept_and_whether_it_is_sold_are_answered(text: str, details: list[str]) -> None:
    assert asks_only_about_recording(text)
    assert recording_details(text) == details


def test_a_yes_that_waits_on_an_answer_is_no_yes_yet() -> None:
    assert asks_only_about_recording("can my employer see it? if it's only the coach, fine by me")


def test_the_exercise_asked_for_after_another_topic_is_a_request() -> None:
    text = "ok, I'll ring the surgery about my daughter. now the exercise for me"
    assert settled_intent(text, "faq") == "request_core_steps"


@pytest.mark.parametrize(
    ("text", "settled"),
    [
        ("honestly not interested in any stretches or that kind of thing", "deny"),
        ("don't want exercises, I want to understand the pain", "deny"),
        ("I don't want exercises that hurt, show me a gentle one", None),
    ],
)
def test_steps_turned_down_in_so_many_words_are_a_no(text: str, settled: str | None) -> None:
    assert settled_intent(text, "request_core_steps") == settled


def test_through_the_server_a_question_beside_a_rating_mid_check_in_is_answered(
    guywire: Guywire,
    words: Content,  # noqa: F811
) -> None:
    who = greeted(guywire, "yes")  # consent: the check-in asks how they feel
    said = server_texts(guywire.say(who, "mornings about a 6, evenings a 3. is a hot water bottle or ice better for it?"))
    assert any(answer in said for answer in words.knowledge("heat_ice")["answers"]), said
    assert said.rstrip().endswith("?") and said.count("?") == 1, said


def test_through_the_server_a_label_with_a_question_gets_the_answer_not_the_evidence(
    guywire: Guywire,
    words: Content,  # noqa: F811
) -> None:
    said = server_texts(guywire.say(sender(), "scan showed a bulging disc. any tips for sitting at my desk all day"))
    assert any(answer in said for answer in words.knowledge("sitting_desk")["answers"]), said
    assert words.label("bulging_disc")["evidence"] not in said, said


def test_through_the_server_a_question_beside_im_safe_is_answered_with_the_lines_kept(
    guywire: Guywire,
    words: Content,  # noqa: F811
) -> None:
    who = greeted(guywire, "no thanks")
    guywire.say(who, "I keep thinking about ending my life, the pain never stops")
    said = server_texts(guywire.say(who, "I'm safe, honestly. is heat or ice better for a stiff back in the morning?"))
    assert "116 123" in said, said
    assert any(answer in said for answer in words.knowledge("heat_ice")["answers"]), said
    assert guywire.tracker(who)["slots"]["safety_concern"] == "crisis", said


@pytest.mark.parametrize(
    ("text", "leaves"),
    [
        ("cheers, talk over the weekend!", True),
        ("catch you friday", True),
        ("till next time then", True),
        ("can we talk about the weekend? I've a long drive", False),
    ],
)
def test_a_later_day_named_is_a_goodbye(text: str, leaves: bool) -> None:
    assert signs_off(text) is leaves


def test_through_the_server_a_rating_with_a_question_is_noted_and_answered(
    guywire: Guywire,
    words: Content,  # noqa: F811
) -> None:
    who = greeted(guywire, "no thanks")
    guywire.say(who, "my lower back has been playing up all week")
    said = server_texts(guywire.say(who, "7. pretty rough. would seeing a physio be worth it?"))
    assert "7/10" in said, said
    assert any(answer in said for answer in words.knowledge("physio")["answers"]), said


def test_a_question_about_the_record_read_as_a_crisis_by_meaning_alone_is_let_go() -> None:
    text = "who would be reading this later? I wouldn't want my son seeing it, he worries"
    assert asks_only_about_recording(text)
    assert record_question_artefact(Verdict(CRISIS, CRISIS), None, True)
    assert record_question_artefact(Verdict(SCREEN, CRISIS), None, True)
    assert not record_question_artefact(Verdict(CRISIS, CRISIS), CRISIS, True)  # a crisis in so many words
    assert not record_question_artefact(Verdict(SCREEN, RED_FLAG), None, True)


@pytest.mark.parametrize(
    ("request_text", "why"),
    [
        ("ok go on, something I can do in my chair", "seated"),
        ("one I can do while I'm sitting would be good", "seated"),
        ("give me a step", None),
    ],
)
def test_a_step_asked_for_sitting_is_shown_sitting(request_text: str, why: str | None) -> None:
    assert seated_because([], request_text) == why


def test_a_second_goodbye_in_a_row_is_the_close_alone(words: Content) -> None:  # noqa: F811
    events = [{"event": "action", "name": "action_explain"}]
    first = goodbye_messages(words, events, "breathing")
    second = goodbye_messages(words, events, "breathing", said=first)
    assert len(first) == 2 and len(second) == 1, (first, second)
    assert second[0] in words.variants("goodbye.close") and second[0] not in first


@pytest.mark.parametrize(
    ("text", "feedback"),
    [
        ("did the tilts twice, felt looser after. back sore later but not too bad", "done"),
        ("it hurt, but nothing major", "done"),
        ("did it and it hurt", "hurt"),
    ],
)
def test_a_soreness_said_to_be_mild_is_no_hurt(text: str, feedback: str) -> None:
    assert classify_feedback([], text) == feedback


@pytest.mark.parametrize(
    ("text", "confirms"),
    [
        ("/affirm", True),
        ("yes, delete it all", True),
        ("can you not just delete the bit about my job?", False),
        ("only the stuff about my weight please", False),
        ("what exactly goes?", False),
    ],
)
def test_only_a_yes_to_all_of_it_confirms_a_deletion(text: str, confirms: bool) -> None:
    assert confirms_deletion(text) is confirms


def test_through_the_server_a_part_asked_for_deletes_nothing(guywire: Guywire, words: Content) -> None:  # noqa: F811
    who = greeted(guywire, "yes")
    guywire.say(who, "please delete my data")
    said = server_texts(guywire.say(who, "hmm can you only remove the bit about my divorce?"))
    assert words.say("privacy.only_everything") in said and "Shall I delete everything?" in said, said
    assert not any(deleted in said for deleted in (words.say("privacy.deleted"), words.say("privacy.deleted_not_recording")))


def test_through_the_server_stopping_the_listening_exercise_to_delete_asks_to_confirm(guywire: Guywire) -> None:
    who = greeted(guywire, "no thanks")
    guywire.say(who, "could we try the listening exercise")
    said = server_texts(guywire.say(who, "actually stop. please delete my data"))
    assert "Shall I delete everything?" in said, said


def test_back_from_hospital_with_a_scan_told_is_a_clearance() -> None:
    text = "home from a&e at last. they did an x-ray and said nothing's broken, just bruising. can I do the breathing?"
    assert settled_intent(text, "nlu_fallback") == "report_clinician_cleared"
    assert settled_intent("they did an mri a few years ago, it showed a bulge", "nlu_fallback") is None


def test_a_no_that_mentions_deleting_is_a_no() -> None:
    assert settled_intent("no thanks, you only just deleted it lol", "request_delete_data") == "deny"
    assert settled_intent("please delete my data", "request_delete_data") is None


@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("since my husband passed away in the spring the back has been constant", "husband"),
        ("lost my mum at christmas and I'm not sleeping", "mum"),
        ("I lost my job in june and money's tight", None),
    ],
)
def test_a_death_told_gets_condolence_naming_who(words: Content, text: str, who: str | None) -> None:  # noqa: F811
    reply = grief_reply(words, text, [])
    assert (reply is None) if who is None else (reply is not None and f"your {who}" in reply), reply


def test_through_the_server_a_death_told_is_met_with_condolence(guywire: Guywire) -> None:
    who = greeted(guywire, "no thanks")
    said = server_texts(guywire.say(who, "my dad died in the summer and my back's been in bits ever since"))
    assert "sorry" in said.lower() and "your dad" in said, said


def test_through_the_server_what_happens_on_a_no_is_answered_and_consent_asked_again(
    guywire: Guywire,
    words: Content,  # noqa: F811
) -> None:
    who = sender()
    guywire.say(who, "hello")
    said = server_texts(guywire.say(who, "and what happens if I say no to that"))
    assert words.say("recording_details.declining") in said, said
    slots = guywire.tracker(who)["slots"]
    assert slots["consent"] is None and slots["awaiting_consent"] is True, said


def test_a_step_not_done_for_a_reason_is_not_a_hard_step() -> None:
    assert classify_feedback([], "didn't do it yesterday. couldn't face it, it was our anniversary") == "not_tried"
    assert classify_feedback([], "did it but it was hard") == "hard"


def test_a_step_asked_for_after_an_explanation_is_a_request() -> None:
    assert settled_intent("fine. now give me the exercise, I said I'd try something", "ask_muscle_imbalance") == (
        "request_core_steps"
    )


def test_through_the_server_a_greeting_with_a_label_takes_the_label_up_then_asks_consent(
    guywire: Guywire,
    words: Content,  # noqa: F811
) -> None:
    said = server_texts(
        guywire.say(sender(), "Good evening. My consultant says I have spinal stenosis. Is this app any use to me?")
    )
    assert any(reframe in said for reframe in words.label("spinal_stenosis")["reframes"]), said
    assert said.rstrip().endswith("Is that OK with you?") and said.count("?") == 1, said


@pytest.mark.parametrize(
    ("text", "current", "settled"),
    [
        ("sharp down my left leg when I bend, could it be sciatica do you reckon", "describe_pain", "mention_diagnosis"),
        ("so is it a herniated disc, yes or no", "deny", "mention_diagnosis"),
        ("no, is it a slipped disc though?", "deny", None),
    ],
)
def test_whether_it_is_a_label_asked_is_the_label_taken_up(text: str, current: str, settled: str | None) -> None:
    assert settled_intent(text, current) == settled


def test_through_the_server_asked_if_it_is_a_label_it_says_only_an_examination_can_tell(
    guywire: Guywire,
    words: Content,  # noqa: F811
) -> None:
    who = greeted(guywire, "no thanks")
    said = server_texts(guywire.say(who, "could it be a slipped disc do you think? it aches when I sit at work"))
    assert any(line in said for line in words.variants("label.cant_say")), said
    assert not any(question in said for question in words.label("herniated_disc")["questions"]), said


@pytest.mark.parametrize(
    "text",
    ["oh and can you delete the bit where I mentioned my divorce", "please erase the work stuff, keep the rest"],
)
def test_a_part_asked_to_be_deleted_is_a_request_to_delete(text: str) -> None:
    assert asks_to_delete(text)
    assert not confirms_deletion(text)


def test_through_the_server_can_i_do_it_somewhere_gets_where_the_steps_can_be_done(
    guywire: Guywire,
    words: Content,  # noqa: F811
) -> None:
    who = greeted(guywire, "no thanks")
    guywire.say(who, "can you give me a first step")
    said = server_texts(guywire.say(who, "could I do it sitting in the van at lunch?"))
    assert any(answer in said for answer in words.knowledge("step_where")["answers"]), said
