"""Replies that follow what was said (issues 15 and 16), from suite S's transcripts.

Suite S (helper 152) was played blind once in the twenty-fifth session and judged by three new
helpers; then its transcripts were read, so it is a development suite now. What it showed, by kind,
each tested here with phrasings of the team's own, not S's:
- a step tried, told tersely in reply to the crisis screening question, read a little over half a
  crisis and got the crisis lines and "are you safe?" for the rest of the conversation;
- "can we just talk about the back now", after a crisis disclosure and "I'm safe", was read as a
  goodbye and the session closed on someone who had asked to stay;
- a second goodbye with a crisis open pasted the five lines of resources word for word again;
- "they said come in first thing", after a red flag, was told why it should not wait;
- "What I say to them?", after a red flag, got the GP, a menu and a check-in, not what to tell them
  (and, played after, "what do i tell them when i get there" got the crisis screening question);
- "Can you delete the recording please?" was answered with what is recorded, and the person
  thanked it, believing their data gone.
"""

from __future__ import annotations

import uuid

from bot.coach.check_in import wants_to_stop
from bot.coach.leaving import signs_off
from bot.coach.consent import asks_to_delete, declines_recording
from bot.coach.content import Content
from bot.coach.safety import crisis_resources, follow_up_messages, goodbye_reminder
from bot.coach.risk import Thresholds
from bot.coach.safety_dialogue import ESCALATE, agrees_to_go, restate_topic, screening_answer
from bot.nlu.safety_net import asks_the_knowledge_base
from bot.nlu.settled import settled_intent
from tests.servers import Guywire
from tests.servers import texts as server_texts
from tests.test_actions import words  # noqa: F401


def test_an_appointment_they_were_given_is_going() -> None:
    assert agrees_to_go("rang the surgery, they told me to come in first thing", "urgent")
    assert agrees_to_go("ok. the out of hours line said come straight down", "emergency")
    assert not agrees_to_go("the receptionist said come in if it gets any worse", "urgent")
    # there already (suite S replayed: "At hospital now, waiting" was told to go to A&E)
    assert agrees_to_go("in a and e now, waiting to be seen", "emergency")
    assert not agrees_to_go("i was in hospital last year with my knee", "emergency")


def test_what_to_tell_them_in_few_words_is_answered() -> None:
    assert restate_topic("ok. what i tell the doctor?") == "what_to_say"
    assert restate_topic("what will i say when i get there") == "what_to_say"
    assert restate_topic("is it really that serious?") is None


def test_deleting_the_recording_is_a_request_to_delete() -> None:
    assert asks_to_delete("I'm a bit worried now. Could you delete the recording?")
    assert asks_to_delete("can you remove my details please")
    assert not asks_to_delete("please don't delete the recording, my physio wants it")
    assert not asks_to_delete("what info do you keep?")


def test_a_second_goodbye_keeps_the_lines_on_one_line(words: Content) -> None:
    full = "\n".join(crisis_resources(words, "default"))
    first = goodbye_reminder(words, "crisis", "default", ["Thank you for telling me.", "Are you safe right now?"])
    assert full in first[0]
    later = goodbye_reminder(words, "crisis", "default", [f"Please reach out:\n{full}", *first])
    assert full not in later[0] and "116 123" in later[0]


def test_through_the_server_asking_to_talk_about_the_back_is_no_goodbye(guywire: Guywire) -> None:
    sender = f"ss-{uuid.uuid4().hex[:8]}"
    guywire.say(sender, "honestly i just want to die some days")
    guywire.say(sender, "no i'm safe, i won't do anything")
    reply = server_texts(guywire.say(sender, "ok, tomorrow then. can we just talk about my back now"))
    assert not any(line.startswith("Today we talked") for line in reply), reply
    assert sum(line.count("?") for line in reply) == 1, reply
    assert guywire.tracker(sender)["slots"]["safety_concern"] == "crisis"  # still open for review


def test_through_the_server_what_to_tell_them_on_the_way_is_no_crisis_question(guywire: Guywire) -> None:
    """Played after suite S's fixes: "what do i tell them when i get there", said on the way to A&E,
    read 0.78 a crisis and was asked "are you having thoughts of ending your life?"."""
    sender = f"ss-{uuid.uuid4().hex[:8]}"
    guywire.say(sender, "since this morning i cant really feel when i need to wee and my back is agony")
    guywire.say(sender, "is that bad? i dont want to waste anyones time")
    guywire.say(sender, "ok my husband is driving me to a&e now")
    reply = server_texts(guywire.say(sender, "what do i tell them when i get there"))
    assert "Tell them" in reply and "ending your life" not in reply, reply
    assert guywire.tracker(sender)["slots"]["safety_screening"] is None


def test_through_the_server_a_story_with_no_label_in_it_gets_no_reframe(guywire: Guywire) -> None:
    """Suite S: back pain "from my thesis", read as naming a label, was told the words on the report
    were no verdict, with the scan evidence. The NLU reads this phrasing the same way (0.27)."""
    reply = server_texts(guywire.say(f"ss-{uuid.uuid4().hex[:8]}", "I have back pain from my thesis work"))
    assert "verdict" not in reply and "Scan findings" not in reply, reply
    assert reply.count("?") == 1, reply  # the consent question, and only it


def test_through_the_server_a_no_to_recording_as_a_first_message_is_answered_once(guywire: Guywire) -> None:
    """Suite S: a first message declining recording got the decline heard, then a second paragraph
    on what is not kept, from the fallback answering it again as a question about recording."""
    reply = server_texts(guywire.say(f"ss-{uuid.uuid4().hex[:8]}", "please don't record any of this"))
    assert "won't keep records" in reply and "You said no to recording" not in reply, reply
    assert reply.count("?") == 1, reply


def test_through_the_server_a_step_with_nothing_felt_and_sarcasm_are_heard(guywire: Guywire) -> None:
    """Suite S: "meh nothing happened" was praised as easy, and sarcasm answered as thanks or as a
    question about recovery."""
    sender = f"ss-{uuid.uuid4().hex[:8]}"
    for message in ("hi", "sure", "not now thanks", "give me an exercise to try"):
        guywire.say(sender, message)
    reply = server_texts(guywire.say(sender, "did it, nothing really happened"))
    assert "easy" not in reply.lower() and ("Feeling very little" in reply or "nothing much" in reply), reply
    reply = server_texts(guywire.say(sender, "oh wow thanks for nothing"))
    assert "welcome" not in reply.lower() and reply.count("?") == 1, reply
    reply = server_texts(guywire.say(sender, "yeah right, as if that's going to help"))
    assert "Which would you like" not in reply and reply.count("?") == 1, reply


def test_a_polite_no_ends_the_check_in_and_bed_or_a_blessing_ends_the_chat() -> None:
    """Played after suite S's fixes: "no thanks" to "how are you feeling?" was kept as the feeling;
    suite S: "heading to bed" and "Mind yourself now, slán" got the menu and "a fair question"."""
    assert wants_to_stop("no thanks") and wants_to_stop("nah i'm good")
    assert not wants_to_stop("no thanks to this weather, my back is stiff")
    assert signs_off("long day. ok, off to sleep now") and signs_off("Right so. Mind yourself, slan")
    assert not signs_off("my back hurts most when going to bed")


def test_a_yes_with_a_question_the_knowledge_base_knows_is_a_question() -> None:
    known = {"topic": "step_where", "confidence": 0.9}
    assert asks_the_knowledge_base("fine, sounds good. could I do it on the train?", known)
    assert not asks_the_knowledge_base("fine, sounds good", known)
    assert not asks_the_knowledge_base("yes, who gets to read it?", {"topic": "recording", "confidence": 0.9})


def test_through_the_server_a_yes_with_a_question_gets_the_answer(guywire: Guywire) -> None:
    sender = f"ss-{uuid.uuid4().hex[:8]}"
    for message in ("hello", "yes", "no thanks", "could you suggest an exercise"):
        guywire.say(sender, message)
    reply = server_texts(guywire.say(sender, "ok yes, that works. can I do it sitting at my desk?"))
    assert "desk" in reply and "not sure I can answer" not in reply, reply
    assert guywire.tracker(sender)["active_loop"].get("name") is None


def test_through_the_server_being_at_the_hospital_is_not_told_to_go(guywire: Guywire) -> None:
    sender = f"ss-{uuid.uuid4().hex[:8]}"
    guywire.say(sender, "since this morning i cant really feel when i need to wee and my back is agony")
    guywire.say(sender, "ok my son is taking me")
    reply = server_texts(guywire.say(sender, "we're in a and e now, in the queue to be triaged"))
    assert "please go" not in reply.lower() and "can't wait" not in reply, reply


def test_whether_they_talk_to_a_person_is_asked_about_the_bot() -> None:
    """Suite S: "May I ask whether you are a real person?" was answered "Your pain is real"."""
    assert settled_intent("sorry, quick one: am I chatting with a real human here", "faq") == "bot_challenge"
    assert settled_intent("is this a real person typing?", "nlu_fallback") == "bot_challenge"
    assert settled_intent("you're a real help, thanks", "faq") is None
    assert settled_intent("sure. are you a real person though?", "faq") is None  # the consent's yes comes first


def test_a_yes_in_another_language_is_a_yes() -> None:
    """Suite S: "Si, está bien." to the consent question was heard as a remark."""
    assert settled_intent("Sí, claro", "out_of_scope") == "affirm"
    assert settled_intent("oui, bien sûr!", "nlu_fallback") == "affirm"
    assert settled_intent("ha", "nlu_fallback") is None and settled_intent("simple", "faq") is None


def test_through_the_server_a_place_told_unsure_to_the_feeling_question_is_heard(guywire: Guywire) -> None:
    """Suite S: "Upper part of lower back? And sometimes shoulders." to "how are you feeling?" had
    the feeling question asked again in other words."""
    sender = f"ss-{uuid.uuid4().hex[:8]}"
    for message in ("Hello, I am a student with back pain", "Yes, ok"):
        guywire.say(sender, message)
    reply = server_texts(guywire.say(sender, "lower back?? maybe the left side more"))
    assert "feeling" not in reply and "emotionally" not in reply and "sorry" in reply.lower(), reply
    assert guywire.tracker(sender)["slots"]["pain_location"] is not None


def test_going_told_again_gets_a_short_line_not_the_advice_word_for_word(words: Content) -> None:
    """Suite S: "Thank you. My daughter will come with me. Sorry for being stubborn earlier" got the
    80-word advice a second time, word for word."""
    said: list[str] = []
    for _ in range(3):
        [line] = follow_up_messages(words, "red_flag", "GB", "going", said, "urgent")
        assert line not in said
        said.append(line)
    assert len(said[2]) < 100


def test_recording_off_in_a_word_and_a_yes_in_taglish() -> None:
    """Suite S: "Off, until I have the retention period in writing." closed the chat as a goodbye;
    "ok lang po" to the consent question did too."""
    assert declines_recording("off, thanks") and declines_recording("Recording off.")
    assert not declines_recording("off work this week with it")
    assert settled_intent("okay lang po", "goodbye") == "affirm"


def test_through_the_server_recording_off_until_a_condition_is_a_no_not_a_goodbye(guywire: Guywire) -> None:
    sender = f"ss-{uuid.uuid4().hex[:8]}"
    guywire.say(sender, "hello, my lower back has ached for years")
    reply = server_texts(guywire.say(sender, "Off, until I know your data retention policy."))
    assert "won't keep records" in reply and "Today we talked" not in reply, reply
    assert guywire.tracker(sender)["slots"]["consent"] is False


def test_a_fever_measured_answers_the_red_flag_question() -> None:
    """Suite T, read: "She measure, 38.6. But is winter, everybody have flu now" had the fever
    question asked again; a reading of 38 °C or 100.4 °F and up is a yes."""
    quiet = {"none": 1.0}
    for text in ("wife checked, 38.9. probably just the flu going round", "thermometer said 39 this morning"):
        assert screening_answer("red_flag", "out_of_scope", quiet, text, False, Thresholds()) == ESCALATE
    assert screening_answer("red_flag", "out_of_scope", quiet, "no, I'm 38 and fit", False, Thresholds()) != ESCALATE
