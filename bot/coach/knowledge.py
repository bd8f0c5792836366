"""Answers to the questions people ask, from content/knowledge.yml: the answer first, then one offer.

Which topic: the KnowledgeSelector's reading in the parse (bot/nlu/knowledge.py). A `faq` question
takes its best topic when the reading is clear enough; a broader intent (ask_treatment_opinion for
"should I come off my tramadol") is answered by a topic only when the topic names that intent in
`also_for` and the reading is sure, otherwise the general explanation stands.

What to say: a wording not yet said in this conversation, so a second question on the same topic
never gets the same paragraph word for word; when every wording was said, a short pointer back.
Then at most one offer (a core step, the listening exercise, a check-in), and none while a form is
running, while a red flag pauses the exercises or a step is already in hand, or when the same
offer was made earlier in the conversation.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from bot.coach.content import Content

FAQ = "faq"
CONFIDENT = 0.3  # a faq question: the best topic's probability needed to answer it
SURE = 0.5  # a broader intent: the probability needed to answer the specific topic instead
# A statement, not a question, gets a topic's answer only from this probability: "my manager says i
# slouch" (posture, 0.51) and "i walk to the school its like 15 mins" (walking, 0.36) are; "There is
# something else, though, that I have not mentioned to anyone." (0.30, whether back pain is passed
# on in families) is not (development suite O).
STATEMENT_TOPIC = 0.35
# ... and how much of the intent ranking `faq` needs for that when the topic doesn't name the intent.
# Chosen on the development question sets A, B and C (0.4, 0.3 and 0.2 gave the same answers).
FAQ_SECOND = 0.3
# A question, asked plainly or with a question mark: "can i still work with it".
QUESTION = re.compile(
    r"\?|^\W*(can|could|should|shall|is|are|am|do|does|did|will|would|what|why|how|when|where|which|who|"
    # "whats the point of recording it" had been read as a yes to recording (suite AA)
    r"whats|hows|whys|wheres|whos|any (?:tips|advice|ideas|suggestions))\b",
    re.IGNORECASE,
)
# A choice asked without a question mark or a question word first: "running on treadmill or outside,
# which is better for back" had been answered "That's good to hear" (development suite W).
COMPARES = re.compile(
    r"\b(?:which|what)(?:'?s| is| one is| one'?s| would be| one would be)? (?:better|best|worse|safer|kinder)\b",
    re.IGNORECASE,
)
# A question about what was just said, and nothing else: "is that bad??", "should I be worried".
# No topic reads from these words; the turn before says which topic answers it.
ABOUT_THAT = re.compile(
    r"^\W*(?:(?:is|was|isn'?t)\s+(?:that|this|it)\s+(?:really\s+|even\s+)?(?:bad|normal|ok|okay|alright|"
    r"serious|dangerous|worrying|a (?:bad )?sign|a problem|something to worry about)|should i (?:be )?"
    r"(?:worried|worry|concerned)(?: about (?:that|this|it))?)\W*$",
    re.IGNORECASE,
)
# The topic that answers ABOUT_THAT, by the intent of the person's turn before it.
ABOUT_THAT_TOPICS = {
    "report_progress": "step_hurts",
    "describe_pain": "damage_worry",
    "report_pain_level": "damage_worry",
}
OFFERS = {"core_step": "utter_offer_step", "listening": "utter_offer_listening", "check_in": "utter_offer_check_in"}


@dataclass(frozen=True)
class Answer:
    """What to say, and the offer (a response name) to follow it, if any."""

    text: str
    offer: str | None


def topic_for(
    content: Content, intent: str | None, knowledge: dict[str, Any] | None, faq_share: float = 0.0
) -> str | None:
    """The knowledge-base topic that answers this message, or None. A broader intent answers the
    specific topic when the topic names that intent (`also_for`), or when `faq` came a close second
    (`faq_share`, its probability in the intent ranking): "is a standing desk good for back pain"
    read 56% a treatment question and 43% faq, and got the paragraph on medicines and surgery."""
    if not knowledge or not knowledge.get("topic"):
        return None
    topic, confidence = knowledge["topic"], float(knowledge.get("confidence", 0.0))
    if topic not in content.knowledge_topics:
        return None
    if intent == FAQ:
        return topic if confidence >= CONFIDENT else None
    also_for = content.knowledge(topic).get("also_for", [])
    return topic if (intent in also_for or faq_share >= FAQ_SECOND) and confidence >= SURE else None


def faq_share(ranking: list[dict[str, Any]] | None) -> float:
    """The probability the intent classifier gave `faq` (0 when it is not ranked)."""
    return next((float(r.get("confidence") or 0.0) for r in ranking or [] if r.get("name") == FAQ), 0.0)


def asks_about_that(text: str) -> bool:
    return bool(ABOUT_THAT.search(text.strip()))


def topic_about_that(previous_intent: str | None) -> str | None:
    """The topic for "is that bad??" after a step report (what to do if a step hurts) or a
    description of pain (whether pain means damage); None elsewhere: the honest "no good answer"."""
    return ABOUT_THAT_TOPICS.get(previous_intent or "")


def first_sentence_of(answer: str) -> str:
    """An answer's first sentence, with its full stop: its gist, said where the whole would repeat."""
    return answer.split(". ")[0].rstrip(".") + "."


def wording(content: Content, topic: str, said: Collection[str], declined: bool = False) -> str:
    """The first wording not said yet; when all were said, a short reminder with the first sentence.
    A topic with `declined` wordings ("what do you record?") has them said to someone who declined
    recording: "With your OK, I keep this conversation" was told to someone who had said no."""
    entry = content.knowledge(topic)
    answers: list[str] = entry["declined"] if declined and "declined" in entry else entry["answers"]
    fresh = [a for a in answers if a not in said]
    if fresh:
        return fresh[0]
    first_sentence = first_sentence_of(answers[0])
    if not first_sentence.startswith(("I ", "I'")):  # "As I mentioned earlier: with your OK, ..."
        first_sentence = first_sentence[0].lower() + first_sentence[1:]
    again = content.say("knowledge.again", gist=first_sentence)
    return again if again not in said else content.say("knowledge.covered", name=entry["name"])


def offer(content: Content, topic: str, *, in_form: bool, no_step_offer: bool, offered: Collection[str]) -> str | None:
    """The one offer after an answer, or None: each offer at most once a conversation (`offered`
    holds the actions that ran), so a run of questions isn't met with the same offer each time."""
    response = OFFERS.get(content.knowledge(topic).get("next", "none"))
    if response is None or in_form or response in offered:
        return None
    if no_step_offer and response == "utter_offer_step":  # a red flag pauses them, or one is in hand
        return None
    if response == "utter_offer_check_in" and "action_record_check_in" in offered:  # one was done today
        return None
    if response == "utter_offer_listening" and "listening_form" in offered:  # done, or left, already
        return None
    return response


def answer(
    content: Content,
    topic: str,
    *,
    said: Collection[str],
    in_form: bool,
    no_step_offer: bool,
    offered: Collection[str],
    declined: bool = False,
) -> Answer:
    """The answer to a question on `topic`, and what to offer after it (`declined`: recording was)."""
    return Answer(
        wording(content, topic, said, declined),
        offer(content, topic, in_form=in_form, no_step_offer=no_step_offer, offered=offered),
    )


# A greeting's words (a "greeting" without one is unplaced; a hello at first contact is introduced).
GREETS = re.compile(
    r"\b(?:hi+|hello|hey+|hiya|heya|yo|howdy|greetings|morning|afternoon|evening|g'?day|namaste|salam|hola|"
    r"ola|oi|bonjour|kia ora|sawubona|hallo|guten tag|sup|wassup|what'?s up|i'?m back|back again)\b",
    re.IGNORECASE,
)

# Topics that are exercise advice: held while a red flag is open, as the core steps are.
EXERCISE_TOPICS = frozenset(
    {
        "stretching",
        "gym",
        "sports_running",
        "swimming",
        "yoga_pilates",
        "step_how_often",
        "step_where",
        "step_doing_it_right",
    }
)


# Topics about loading the back: not answered with general advice once a clinician has set limits
# ("no bending forward or lifting more than a kettle for 6 weeks"): "Which exercises would be ok with
# no bending forward?" had been told to get used to lifting again (a playing helper).
LIMITED_TOPICS = EXERCISE_TOPICS | {"lifting", "caring_lifting", "housework_garden", "exercise_evidence"}


# Topics that reassure about the back's future ("for most people back pain goes up and down"): not
# while a red flag is open, whose cause nobody here knows. "will I be ok do you think?", after a new
# night pain with a past cancer, had been told most back pain does not get worse (talking to the
# server after suite Y).
REASSURING_TOPICS = frozenset(
    {"getting_worse", "damage_worry", "pain_real", "recovery_time", "label_worse", "flare_up", "disc_back_in"}
)


def unclear_reply(content: Content, text: str, said: Collection[str]) -> str:
    """What a message no intent fits gets, in place of "Sorry, I didn't follow, say it another
    way": most such messages are someone filling in their story ("Back's been bad 30 years. Comes
    with the job."), and a person in pain who is asked to rephrase feels unheard. A question is
    told honestly that there's no good answer here and who to ask; anything else is thanked for.
    A wording said already in this conversation is not said again while another is left."""
    variants = content.variants("knowledge.unsure" if QUESTION.search(text) else "knowledge.unclear")
    fresh = [v for v in variants if v not in said]
    return (fresh or variants)[0]


# Remarks that are neither questions nor stories, each met in its own words rather than with the
# menu of topics (development suites L, N and O): taking up a suggestion ("pillow between knees,
# let me try tonight"), a compliment ("ok you're nicer than my mum"), and news that something has
# changed ("the last wee while its been different mind"), which is asked about.
REMARKS = (
    (
        "plan",
        re.compile(
            r"\b(?:let me try|i'?ll try|i will try|will try|gonna try|going to try|"
            r"(?:i'?ll|i will|will) give (?:it|that|them|this) a "
            r"(?:go|try|shot)|worth a (?:try|go|shot)|could do that|i'?ll do that|will do that|good idea|"
            # "I might use the breathing thing before my 3 o'clock"
            r"i (?:might|may|could) (?:use|try|do|give) (?:it|that|this|them|the \w+)|i'?ll use (?:it|that|the \w+)|"
            # a step of their own said in so many words: "Alright I'll ring the pharmacy", "I try the
            # lumbar roll with towel today", "I could go with her" (suite AB, read: each was thanked
            # for and offered the menu)
            r"(?:i'?ll|ill|i will|i'?m gonna|i'?m going to) (?:ring|call|phone|book|message|text|email|ask|"
            r"shoot|drop|mention|bring|start|try|see about)|"
            r"^\W*(?:(?:ok(?:ay)?|alright|right|fine|yes|yeah)\W+)*i (?:try|start) (?:the|it|this|that|my)|"
            r"i could (?:go|ask|try|bring|take|join))\b",
            re.I,
        ),
    ),
    (
        "compliment",
        re.compile(
            # "You're actually pretty helpful for a bot"; not "you're no better than google"
            r"\b(?:you'?re|youre|you are|ur) (?:(?!no\b|not\b|never\b)\w+ ){0,2}(?:nicer|better|kinder|kind|lovely|"
            r"nice|helpful|less useless|more helpful|not bad|alright|all right|good|great|sweet|a star|a legend)\b|"
            # "YOU'RE NOT AS USELESS AS I THOUGHT" (development suite U)
            r"\b(?:you'?re|youre|you are|ur) not (?:as|that|so) (?:useless|bad|rubbish|terrible|dumb|stupid)\b",
            re.I,
        ),
    ),
    (
        "changed",
        re.compile(
            r"\b(?:been|feels?|felt|feeling|it'?s|its) (?:a bit |quite |really )?(?:different|changed)\b|"
            r"\bsomething(?:'s| has) changed\b|\bnot the same (?:lately|recently)\b",
            re.I,
        ),
    ),
    # "My Hausarzt said I should try this. I don't expect much honestly" (development suite T).
    (
        "doubtful",
        re.compile(
            r"\b(?:(?:don'?t|dont|do not|not) (?:really )?expect(?:ing)? (?:much|a lot|anything|miracles)|"
            r"not (?:sure|convinced) (?:this|it|you)(?:'ll| will| can| is going to)? (?:help|work|do anything)|"
            r"(?:i'?m|im) (?:a bit |pretty |very )?(?:sceptical|skeptical|doubtful)|we'?ll see)\b",
            re.I,
        ),
    ),
    # "sorry she woke up", "sorry, had to deal with the kids": back after a gap (development suite T).
    (
        "interrupted",
        re.compile(
            r"^\W*(?:sorry|soz|apologies)\W*(?:about that\W*)?(?:\w+ ){0,3}(?:woke up|walked in|came in|came home|"
            r"got interrupted|interrupted|had to go|had to (?:deal with|sort|get|answer) \w+|was called away|"
            r"needed me|back now|got distracted|phone rang|doorbell|"
            r"(?:just )?(?:called|rang)\W+(?:i'?ll|ill|will) be back)\b|"
            # "Sorry my son is calling me, wait", "brb the dog's eating a sock": a pause, told before it
            r"\b(?:brb|be right back|back in a (?:sec|min|minute|bit)|hold on a (?:sec|min|minute)|"
            r"gimme a (?:sec|min|minute)|one (?:sec|moment|minute),? (?:please|pls)?\W*$)|"
            r"\bis calling me\W+(?:wait|hold on|one (?:sec|moment|minute)|brb)\b",
            re.I,
        ),
    ),
)


# "source?", "says who?", "where's that from": the evidence behind what was just said is named.
ASKS_SOURCE = re.compile(
    r"^\W*(?:(?:ok|so|and|hmm|ha)\W+)*(?:source|sources|citation|evidence|proof|says who|link|"
    r"(?:what'?s|whats|what is) (?:the|your) (?:source|evidence)|"
    r"where(?:'?s| is| does) (?:that|this) (?:from|come from)|"
    r"where did you (?:get|read) (?:that|this))\W*$",
    re.IGNORECASE,
)


def asks_for_source(text: str) -> bool:
    """Whether a short message asks where the last answer comes from."""
    return bool(ASKS_SOURCE.search(text.strip()))


# Remarks that are no topic's, whatever topic the words were read as: met in their own words first.
PASSING_REMARKS = ("interrupted", "doubtful")


def remark_kind(text: str) -> str | None:
    """The kind of remark a message no intent fits is (REMARKS), or None."""
    return next((kind for kind, pattern in REMARKS if pattern.search(text)), None)


# Something asked of the assistant that isn't back pain: "Whatever. Can you write an email to my
# landlord", "book me a taxi". Told plainly what's out of scope.
REQUEST = re.compile(
    r"(^|[.!?,]\s*)\W*(please\s+)?((can|could|would|will) you|(write|tell me|book|find me|order|play|set|"
    r"send|make me|translate|search|look up|remind)\b)",
    re.IGNORECASE,
)


def asks_something_else(text: str) -> bool:
    """Whether a message the NLU placed outside back pain asks for something, or tells. What tells
    ("Our office has very strict breaks haha", "lost two stone since January, on purpose") is part
    of someone's story, and "That's outside what I know about" felt like a door shut on it."""
    return bool(QUESTION.search(text) or REQUEST.search(text))


# Several things asked in one long message ("...and i want to know if i should still be doing my
# football. also is a standing desk worth it"): one is answered, and the rest are acknowledged.
# "?!" and "??" ask once: "i am scared it will be wheelchair. is this true??" had been told "You've
# asked a few things, so let's take them one at a time" (suite Z).
ASKS = re.compile(
    r"\?[?!]*|\b(?:want to know|wondering|not sure) (?:if|whether)\b|\bshould i\b|\bwhether\b|"
    r"\b(?:also|and) (?:is|are|can|could|should|do|does|will)\b",
    re.IGNORECASE,
)
SEVERAL_WORDS = 30


def asks_several(text: str) -> bool:
    """Whether a long message asks more than one thing: in clauses of their own ("Should I be using
    heat or ice?" is one question, though it has a question word and a mark; suite AA had it
    answered as the first of several)."""
    return len(text.split()) >= SEVERAL_WORDS and len(question_clauses(text)) >= 2


# Where one asked thing ends and the next begins: a sentence's end, or "also", "plus", "I want to
# know if" (kept at the head of the clause they start).
CLAUSES = re.compile(
    r"(?<=[.!?])\s+|(?=\b(?:also|plus|and i want to know|i want to know|i'?m wondering|whether)\b)", re.IGNORECASE
)


def several_messages(content: Content, topics: list[str]) -> tuple[list[str], list[str]]:
    """What to say around the answer to the first of several questions: before it, and after it
    (the other topics asked, by name, for the person to choose; unnamed when none read clearly)."""
    rest = [content.knowledge(topic)["name"] for topic in topics[1:3]]
    key = "several.rest_unnamed" if not rest else "several.rest_one" if len(rest) == 1 else "several.rest"
    return [content.say("several.first")], [content.say(key, topics=" and ".join(rest))]


def chosen_topic(content: Content, pending: list[str], text: str, yes: bool) -> str | None:
    """Which of the questions still waiting the reply picks: one whose name shares a word with it
    ("the desk one" -> sitting at a desk), or the first on a yes."""
    said = set(re.findall(r"[a-z]{4,}", text.lower()))
    for topic in pending:
        if said & set(re.findall(r"[a-z]{4,}", content.knowledge(topic)["name"].lower())):
            return topic
    return pending[0] if yes and pending else None


def clauses(text: str) -> list[str]:
    """A message's clauses, in order."""
    return [c.strip() for c in CLAUSES.split(text) if c and c.strip()]


# A link word before a clause's question: "but why the doctor use word disease" asks (suite AB).
LINKED = re.compile(r"^\W*(?:but|and|so|though|ok|okay)\W+", re.IGNORECASE)


def question_clauses(text: str) -> list[str]:
    """The clauses of a message that ask something, in order: "can I still drive to work" asks."""
    return [c for c in clauses(text) if ASKS.search(c) or QUESTION.search(LINKED.sub("", c))]


# A bare "k", "whatever" or "nah" said to an open question is a question let go, not a choice.
BARE_REPLIES = {"affirm", "deny"}
BARE_WORDS = 4  # "yeah ok", "nah not really": longer replies read as yes or no say more


def says_more(intent: str | None, text: str) -> bool:
    """A reply read as a yes or no that says more than one: "oh great so its all in my head then"
    (affirm, 0.65) had been told "we don't have to go into that". It is answered from the knowledge
    base when a topic fits, else heard, never let go as a question declined."""
    return intent in BARE_REPLIES and len(text.split()) > BARE_WORDS


ANSWER_AGAIN, WILL_TRY, HEARD = "answer_again", "will_try", "heard"


def fallback_turn(
    intent: str | None,
    text: str,
    asked: bool,
    offered: bool,
    *,
    after_step: bool,
    topic_confidence: float,
    replayed: bool,
) -> str:
    """What a turn the dialogue policies can't place gets: WILL_TRY for a yes to a step just given
    ("ok will do"); for a yes or no that says more, ANSWER_AGAIN (handed back as a question, once)
    when a knowledge-base topic fits, else HEARD; otherwise a domain response (fallback_response)."""
    if intent == "affirm" and after_step:
        return WILL_TRY
    if says_more(intent, text):
        return ANSWER_AGAIN if topic_confidence >= CONFIDENT and not replayed else HEARD
    return fallback_response(intent, asked, offered)


def fallback_response(intent: str | None, asked: bool, offered: bool) -> str:
    """The domain response for a turn the dialogue policies can't place (Rasa's core fallback).
    Rasa's own says "I'm not sure which you'd like" to everything; to someone who answered "what
    did that label make you think?" with "k" or "whatever" that reads as not listening. They are
    let go kindly (`asked`: the last reply asked an open question); a "no" gets "no problem"; an
    "ok" to an answer that asked nothing is taken as read. Only a bare yes to a choice of topics
    (`offered`) still asks which; one whose choices include a step takes the step (the caller,
    actions/knowledge.py)."""
    if intent in BARE_REPLIES and asked:
        return "utter_no_pressure"
    if intent == "deny":
        return "utter_no_problem"
    if intent == "affirm" and not offered:
        return "utter_anything_else"
    return "utter_default"


# Where or how a step can be done, asked of "it": "can I do it sat in the cab?" had been given the
# driving tips (a playing helper); the steps' own topic says where each can be done.
DOING_IT_WHERE = re.compile(
    r"\b(?:can|could|should|is it ok to|is it okay to|is it alright to) (?:i |you )?(?:do|try) "
    r"(?:it|them|this|these|that|those)\b[^.!?]{0,12}\b(?:sat|sitting|seated|lying|standing|in bed|"
    r"on (?:the |my )?bed|at (?:my|the|a) desk|"
    r"in (?:the|my|a) (?:car|cab|truck|van|lorry|office|chair|bath))\b",
    re.IGNORECASE,
)


def asks_where_to_do_it(text: str) -> bool:
    """Whether the message asks if a step can be done in a place or position."""
    return DOING_IT_WHERE.search(text) is not None
