"""Words for core-step suggestions and progress reports, composed from content files.

The choice of step is bot.coach.progression's job; this module turns a Suggestion into the two or three
short messages a person reads on a phone, with pacing advice and a request to report back.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from bot.coach.content import Content, Step
from bot.coach.noticing import noticing_message
from bot.coach.progression import Reason, Suggestion, classify_feedback, felt_nothing

# A request for something to do, made in a message about something else ("they said it's
# degenerative, can you give me some stretches"): it is answered with a step, not ignored.
# A mention alone ("exercises never helped") is no request.
ASKS_FOR_STEPS = re.compile(
    r"\b(?:any|some|give me|show me|suggest|recommend|need|want|good|which)\b[^.!?]{0,30}"
    r"\b(?:stretch(?:es)?|exercises?|steps?|routine)\b|"
    r"\bwhat (?:can|should) i (?:do|try)\b|\bsomething (?:small |little |gentle |easy )?(?:to do|i can do)\b|"
    # "what's the 2 min thing i can do between calls" (development suite T)
    r"\b(?:what'?s|whats|what is) (?:the|a|that) (?:\w+ ){0,3}(?:thing|one|exercise|move) (?:i|you) (?:can|could) do\b",
    re.IGNORECASE,
)


# A feeling about the news itself: "my doctor said DDD and i'm scared", "gutted tbh"; not "not worried".
NAMES_A_FEAR = re.compile(
    r"(?<!not )(?<!n't )(?<!never )\b(?:scared|scary|frightened|frightening|terrified|afraid|worried|worries|"
    r"worrying|anxious|panick(?:ing|ed)|freaking out|freaked out|petrified|devastated|"
    r"upset(?! (?:my|your|his|her|the) (?:stomach|tummy|gut|belly))|gutted|shaken|shocked)\b",
    re.IGNORECASE,
)


# "nothing lying on the floor, I can't get back up easily", "I can't lie down", "not on the floor
# please": the steps are given sitting where they can be.
OFF_THE_FLOOR = re.compile(
    r"\b(?:no|not|nothing|without|can'?t|cannot|unable to|hard to|struggle to|difficult to|don'?t want to)\b"
    r"[^.!?]{0,30}\b(?:floor|lie down|lying(?: down)?|lay(?:ing)? down|get (?:back )?(?:up|down))\b",
    re.IGNORECASE,
)

# "what I can do in the office? something small", "something discreet between meetings on camera",
# "im not doing yoga in front of my flatmates": a step they can do where they are, sitting. A
# lying-down step had been handed over each time (development suite T).
IN_COMPANY = re.compile(
    r"\b(?:(?:in|at) (?:the |my )?(?:office|desk|work|meetings?)|between (?:calls|meetings|patients|clients|lessons)|"
    r"on (?:camera|zoom|teams|calls?)|discreet(?:ly)?|subtle|without (?:anyone|people|everyone) (?:noticing|seeing)|"
    r"in front of (?:my |the |people|everyone|others|colleagues))",
    re.IGNORECASE,
)

# "sure. something I can do in the seat" (a lorry driver) had been given a step lying down (suite AA).
ASKS_SITTING = re.compile(
    r"\b(?:in (?:the|my|a) (?:seat|chair|car|cab|truck|van|lorry|wheelchair)|(?:while|when) (?:i'?m |im )?"
    r"(?:sitting|seated)|sitting down|from (?:my|the|a) chair|seated)\b",
    re.IGNORECASE,
)

# Topics after which exercises are a clinician's to give, not ours (content-brief: pregnancy is
# referred to the midwife or GP; lying flat on the back is not for later pregnancy).
REFERRED = ("kb:pregnancy",)


def steps_referred(topics: list[str]) -> bool:
    """Whether this conversation's topics (bot.coach.summary.covered_topics) rule out handing over
    a step: the person is pregnant, and a midwife or physio should choose their exercises."""
    return any(topic in REFERRED for topic in topics)


def names_a_fear(text: str) -> bool:
    """Whether a message names how a label or a finding made them feel: it is heard before the
    reframe, which otherwise answers the label and skips the person."""
    return bool(NAMES_A_FEAR.search(text))


# Asking to be heard rather than helped: "can we just talk about feeling useless for a bit", "i dont
# really want to do back stuff", "you keep offering me exercises".
JUST_TALK = re.compile(
    r"\bjust (want to |wanna |need to |needed to )?(talk|vent|chat|be heard|moan|rant|offload)\b"
    r"|\btalk about (it|this|how|feeling)|\bsomeone to (listen|moan to|vent to|talk to)\b"
    r"|\b(don'?t|dont|do not) (really )?(want|wanna) (to do )?(any )?(exercises?|back stuff|steps?|advice)"
    r"|\bkeep offering\b|\bstop offering\b|\bno more exercises\b",
    re.IGNORECASE,
)


# Asking to talk about a part of the body ("can we talk about my leg instead"): a topic of their own,
# taken up with one open question rather than thanked for and left.
TALK_ABOUT = re.compile(r"\b(?:talk|chat|ask)(?: you)? about (?:my|the|this|me) ", re.IGNORECASE)


# "can we talk about my back a bit": the entity extractor found no body part in it.
ABOUT_THE_BACK = re.compile(r"\babout (?:my|the) (?:back|lower back|leg|legs|hip|hips|neck|pain)\b", re.IGNORECASE)


def asks_to_talk_about(text: str, body_part: str | None) -> bool:
    """Whether the message asks to talk about a part of the body (or their pain)."""
    named = body_part is not None or bool(ABOUT_THE_BACK.search(text))
    return named and bool(TALK_ABOUT.search(text + " "))


def wants_just_to_talk(text: str) -> bool:
    """Whether someone sharing a feeling asks to be listened to, not offered exercises; not when the
    same message asks for something to do ("can we just talk about my back a bit, like something
    small i can do" had been told "we can just talk, no exercises")."""
    return bool(JUST_TALK.search(text)) and not SOMETHING_TO_DO.search(text)


SOMETHING_TO_DO = re.compile(
    r"\bsomething (?:small |little |gentle |easy )?(?:to do|i can do)\b|\bwhat (?:can|should) i (?:do|try)\b",
    re.IGNORECASE,
)


# "that was actually kind of nice. calmer": a good feeling, which "that sounds really hard" misses.
FEELS_BETTER = re.compile(
    r"^(?!.*\b(?:not|no|never|isn'?t|wasn'?t|didn'?t|want|wanna|wish|hope|need|would|could|if|better off|"
    r"anything|nothing|god)\b).*\b(?:nice|calmer|calm|better|relaxing|relaxed|"
    r"helped|good|great|lighter|relieved|hopeful)\b",
    re.IGNORECASE,
)


# A good word in a story of pain is no good feeling: "back is screaming by 10pm ... 'deconditioned'
# which is a nice word for weak" had been met with "I'm really glad to hear that".
PAIN_TOLD = re.compile(r"\b(?:pain\w*|hurt\w*|screaming|killing|agony|sore|worse|weak|ache\w*|aching)\b", re.IGNORECASE)


# A low mood beside a good word: "tired. i do nights bc better money. and my girl says im moody" had
# been met with "That's good to hear. Hold on to that feeling." (suite Z).
LOW_MOOD = re.compile(
    r"\b(?:tired|exhausted|knackered|shattered|drained|moody|low|down|sad|stressed|anxious|worried|fed up|"
    r"rough|grumpy|irritable|lonely|miserable|overwhelmed|frustrated|angry|cranky|snappy)\b",
    re.IGNORECASE,
)


# A message that opens with how they are, low: "honestly not great. i had to quit netball, my bf
# broke up with me..." and "Not so good. I sleep bad because I think about it." (suite Z) had been
# answered from the knowledge base on a word (sport, sleeping positions), not heard as a feeling.
OPENS_LOW = re.compile(
    r"^\W*(?:(?:honestly|tbh|to be honest|well|hmm+|ugh|meh|eh|oh)\W+)?(?:not (?:great|good|so good|too good|"
    r"so great|well|brilliant|amazing|the best)|rough|meh|low|down|tired|knackered|exhausted|shattered|awful|"
    r"terrible|bad|crap|rubbish|pretty bad|pretty rough|struggling|sad|lonely|miserable|fed up)\b",
    re.IGNORECASE,
)


def opens_low(text: str) -> bool:
    """Whether a statement opens by saying, first, that they are low."""
    return "?" not in text and bool(OPENS_LOW.search(text))


def feels_better(text: str) -> bool:
    """Whether a feeling shared is a good one (a short message, no pain or low mood told in it)."""
    plain = not PAIN_TOLD.search(text) and not LOW_MOOD.search(text)
    return bool(FEELS_BETTER.search(text)) and plain and len(text.split()) <= 20


# "honestly way better?? like not perfect but the ache after rehearsal is less": pain easing, told as
# a description of it, had been met with "I'm sorry it's giving you such a hard time" (suite U).
EASING = re.compile(
    r"\b(?:way|much|loads|lots|a lot|a bit|bit|heaps|so much|far|miles|getting|feels?) better\b|"
    # "pain today is 4, better than monday" (a playing helper: "I'm sorry it's giving you such a hard time")
    r"\bbetter than (?:yesterday|before|last \w+|usual|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|"
    r"\b(?:ache|aches|aching|pain|soreness|stiffness|spasms?)\b[^.!?]{0,30}?"
    r"\b(?:is|are|'s|feels?|has been|got|gotten)?\s*"
    r"(?:less|easing|eased|improving|improved|settling|settled|calmer)\b",
    re.IGNORECASE,
)
NOT_EASING = re.compile(
    r"\b(?:not|no|isn'?t|wasn'?t|never|any) (?:any |much |really |getting |feeling )?(?:better|less)\b|\bworse\b",
    re.IGNORECASE,
)


def tells_of_easing(text: str) -> bool:
    """Whether a description of pain says it is easing."""
    return bool(EASING.search(text)) and not NOT_EASING.search(text)


def asks_for_steps(text: str) -> bool:
    """Whether a message also asks for an exercise or something to do."""
    return bool(ASKS_FOR_STEPS.search(text))


def seated_because(texts: list[str], request: str) -> str | None:
    """Why the step is shown sitting, as its intro's key: they have said in this conversation that
    they can't, or would rather not, exercise on the floor, or the message asks for something to do
    sitting ("seated"), or something to do at work or in company ("in_company"). None: as written,
    lying down."""
    if any(OFF_THE_FLOOR.search(text) for text in texts) or ASKS_SITTING.search(request):
        return "seated"
    return "in_company" if IN_COMPANY.search(request) else None


def instructions_for(step: Step, seated: str | None) -> str:
    """The step as it is shown: its sitting version when they can't get on the floor and it has one."""
    return step.seated if seated and step.seated else step.instructions


def step_messages(
    content: Content,
    suggestion: Suggestion,
    shown_before: bool = False,
    just_reported: bool = False,
    seated: str | None = None,
    said: Collection[str] = (),
    consent_next: bool = False,
) -> list[str]:
    """Intro and instructions, then dose and pacing, then a request to report back. A step already
    shown in this conversation is named with its dose, not spelled out word for word again; right
    after a progress report it ends without asking how it went, which they have just said. `seated`
    (bot.coach.coaching.seated_because): the sitting version, or a word on why it is lying down.
    Lines said already in this conversation (`said`) come in another wording while one is left.
    When the consent question comes next (`consent_next`: a first message that reported a step),
    the request to report back asks nothing, so the turn holds one question: it had been put off
    to the next turn, and came mid-conversation (development suite U)."""
    step = content.step(suggestion.step_id)
    intro = [content.say_fresh(f"core_steps.{suggestion.reason.value}", said)]
    if shown_before:
        intro.append(content.say("core_steps.same_step", title=step.title, dose=step.dose))
        close = "core_steps.keep_practising" if just_reported else "core_steps.report_back"
        if just_reported and suggestion.reason is Reason.PRACTICE:  # its intro already asks for days of it
            close = "core_steps.next_time"
        return [" ".join(intro), content.say_fresh(close, said)]
    if suggestion.found_hard_before and suggestion.reason is not Reason.GENTLER:
        intro.append(content.say("core_steps.found_hard_before"))
    if seated:
        intro.append(content.say(f"core_steps.{seated}" if step.seated else f"core_steps.lying_only_{seated}"))
    intro.append(content.say("core_steps.step", title=step.title, instructions=instructions_for(step, seated)))
    how = [content.say("core_steps.dose", dose=step.dose)]
    if suggestion.found_hard_before or suggestion.reason in (Reason.GENTLER, Reason.HIGH_PAIN_DAY):
        how.append(content.say("core_steps.gentler_version", gentler=step.gentler))
    pacing = "high_pain_day" if suggestion.reason is Reason.HIGH_PAIN_DAY else "during"
    if pacing == "during" and any(content.pacing("during") in line for line in said):
        pacing = "during_again"  # given already in this conversation: not word for word again
    how.append(content.pacing(pacing))
    close = "core_steps.next_time" if consent_next else "core_steps.report_back"
    return [" ".join(intro), " ".join(how), content.say(close)]


def mid_sentence(title: str) -> str:
    """A step's title as it reads inside a sentence ("Belly breathing" -> "belly breathing")."""
    return title[0].lower() + title[1:]


def steps_named(steps: list[Step], text: str) -> list[tuple[Step, str]]:
    """Every step a message names, with the name the person used."""
    lowered = text.lower()
    return [(step, name) for step in steps for name in step.names if re.search(rf"\b{re.escape(name)}\b", lowered)]


def step_named(steps: list[Step], text: str) -> tuple[Step, str] | None:
    """The step a message names, by its longest name ("did the breathing exercise you gave me
    yesterday": belly breathing), or None."""
    found = steps_named(steps, text)
    return max(found, key=lambda pair: len(pair[1])) if found else None


def practised_step(steps: list[Step], text: str) -> str | None:
    """The step a message says was done and went fine, by its title mid-sentence ("4 days later.
    did yer breathing. its fine, bit boring", told to the check-in's "how are you feeling?", had got
    "Thanks for sharing that with me": the practice unheard, development suite X); None otherwise,
    and when it hurt or was hard (the check-in's questions hear that)."""
    found = step_named(steps, text)
    if not found or from_someone_else(text):
        return None
    return mid_sentence(found[0].title) if classify_feedback((), text) in ("easy", "done") else None


# "whats bird dog", "how do I do a bridge?": a question about how a step is done, whatever intent it
# was read as (the first had been told it was outside what guywire knows).
ASKS_HOW_STEP = re.compile(
    r"^\W*(?:(?:so|ok|okay|and|sorry|um)\W+)*(?:what'?s|whats|what is|what are|what'?s a|how (?:do|does|should|would) "
    r"(?:i|you|one) (?:do )?|how to (?:do )?|explain|show me|describe|what do you mean by)\b",
    re.IGNORECASE,
)


# The same, said anywhere in a short sentence, for the step named in it or the sentence before:
# "pelvic tilt what is? my colleague show video", "Please teach me the dead bug", "told me to also
# do glute bridge. What is the correct form?", "Can I do the bridge? I see in Instagram" (suite V:
# a fallback, belly breathing again, or "I'm not sure I can answer it well").
_ASKS_HOW_INSIDE = re.compile(
    # "Please teach the pelvic tilt." had been given belly breathing (suite AC, read)
    r"\b(?:teach(?: me)?|show me|explain|describe|walk me through|tell me (?:about|how)|how (?:do|does|should|would|"
    r"are|is|to)\b|(?:what|wat|wht) (?:even |exactly |actually )?(?:is|are)\b|what'?s\b|whats\b|"
    r"(?:correct|proper|right|good) (?:form|way|technique|position)|technique|can (?:i|u|you) (?:do|try|start|add)\b)",
    re.IGNORECASE,
)
# "Did the dead bug, what is next?", "what is the point": not how a step is done.
_NOT_HOW = re.compile(
    r"\bw(?:h?a|o)t(?:'?s| is| are) (?:next|the point|the difference|wrong|happening|going on)\b|"
    r"\bhow (?:is|are) (?:you|u|your|ur)\b",
    re.IGNORECASE,
)
# "What comes after the bridge? Bird dog?": the step after the one named.
_ASKS_AFTER = re.compile(r"\bwhat (?:comes|goes|is|'s) (?:after|next after|beyond)\b", re.IGNORECASE)
_SENTENCES = re.compile(r"(?<=[.!?])\s+|\n+")


def step_asked_about(steps: list[Step], text: str) -> Step | None:
    """The step a message asks how to do, or None: at the start of a short message ("whats bird
    dog"), or in a short sentence that names the step or follows one that did."""
    named = step_named(steps, text)
    if named is None:
        return None
    if ASKS_HOW_STEP.search(text) and len(text.split()) <= 12 and not _NOT_HOW.search(text):
        return named[0]
    if len(text.split()) > 40:
        return None
    before: tuple[Step, str] | None = None
    for sentence in _SENTENCES.split(text):
        here = step_named(steps, sentence) or before
        if _ASKS_AFTER.search(sentence) and here:
            order = [s.id for s in steps]
            earliest = min(steps_named(steps, sentence) or [here], key=lambda pair: order.index(pair[0].id))[0]
            following = order.index(earliest.id) + 1
            return steps[following] if following < len(steps) else earliest
        if here and len(sentence.split()) <= 15 and _ASKS_HOW_INSIDE.search(sentence) and not _NOT_HOW.search(sentence):
            return here[0]
        before = step_named(steps, sentence) or before
    return None


def step_description(content: Content, step: Step, current: str | None = None) -> list[str]:
    """How a step is done and how much, for someone who asked: no progression, nothing recorded.
    A step more than one ahead of the one they are on (`current`) says so first: asked how, they
    are told, with when it fits ("Can I do the bridge?" while on belly breathing)."""
    order = [s.id for s in content.steps]
    lead = []
    if current in order and order.index(step.id) > order.index(current) + 1:
        lead = [content.say("core_steps.asked_ahead", now=mid_sentence(content.step(str(current)).title))]
    return [
        *lead,
        content.say("core_steps.step", title=step.title, instructions=step.instructions),
        content.say("core_steps.dose", dose=step.dose),
    ]


# "the breathing exercise you gave me yesterday": a step of ours from a chat not on record here (another
# device, a deleted chat). "those pelvic tilts my physio gave me" is someone else's.
FROM_US = re.compile(
    r"\b(?:you|u) (?:gave|showed|suggested|sent|told|recommended)\b|\b(?:from|with) you\b", re.IGNORECASE
)


EXERCISE = re.compile(
    r"\b(?:exercis\w*|stretch\w*|physio|yoga|pilates|walk\w*|swim\w*|routine|workout|tried|trying|practis\w*|"
    r"practic\w*|breath\w*|tilts?|bridges?|bird ?dog|plank\w*|session)\b",
    re.IGNORECASE,
)


# Practice already done, not a request: "I tried the bridge 3 times this week", "been doing bridges".
PRACTICE_DONE = re.compile(
    r"\b(?:tried|did|done|been doing|practi[sc]ed|kept up|(?:\d+|two|three|four|five|few|couple of) times|"
    r"every (?:day|morning|night|evening)|each (?:day|morning|night)|"
    # "doing your exercises 2 weeks now, bridges now", "im on heel slides" (development suite X: each
    # had been handed belly breathing)
    r"doing (?:your|ur|yer|the|my|these|those) (?:exercises?|steps?)|(?:i'?m|im|i am) (?:now )?(?:on|up to|onto)|"
    r"(?:\d+|a|one|two|three|four|few|couple of) (?:days?|weeks?) (?:now|in)\b)\b",
    re.IGNORECASE,
)


def tells_of_practice(text: str) -> bool:
    """Whether a message tells of an exercise practised already, rather than asking for one."""
    return bool(PRACTICE_DONE.search(text))


def tells_of_exercise(text: str) -> bool:
    """Whether a message read as a progress report speaks of some exercise or practice at all."""
    return bool(EXERCISE.search(text))


# An everyday activity of their own, not a core step: "I did a walk of 10 minutes to the
# boulangerie" had been thanked as the belly breathing and told to practise it (development suite U).
ACTIVITY = re.compile(
    r"\b(?:walk(?:s|ed|ing)?|swim(?:s|ming)?|swam|jog(?:s|ged|ging)?|run(?:s|ning)?|ran|hike[sd]?|hiking|"
    r"gym|cycl(?:e|ed|ing)|bike ride|danc(?:e|ed|ing)|golf|tennis|football|soccer|gardening|yoga|pilates)\b",
    re.IGNORECASE,
)
# ... unless the message also speaks of the step itself ("did the breathing after my walk").
OF_THE_STEP = re.compile(r"\b(?:it|them|the (?:step|exercise|exercises)|breath\w*|tilts?|bridges?|bird ?dog)\b", re.I)


def tells_of_an_activity(steps: list[Step], text: str, current: Step) -> bool:
    """Whether a progress report is about an activity of their own rather than a core step; never
    while the current step is itself an activity (the last one, walking)."""
    if ACTIVITY.search(current.title):
        return False
    return bool(ACTIVITY.search(text)) and not OF_THE_STEP.search(text) and not steps_named(steps, text)


FROM_ELSEWHERE = re.compile(
    r"\b(?:physio|pt|doctor|gp|chiro\w*|osteo\w*|trainer|instructor|youtube|video|app|tiktok|class)\b", re.IGNORECASE
)


def from_someone_else(text: str) -> bool:
    """Whether a progress report names another source for the exercise ("my physio gave me")."""
    return bool(FROM_ELSEWHERE.search(text))


def said_it_was_ours(text: str) -> bool:
    """Whether a progress report says the step came from this assistant."""
    return bool(FROM_US.search(text))


def other_step_named(steps: list[Step], text: str, current: str) -> tuple[Step, str] | None:
    """The step a progress report is about when it names one other than the current step ("I also
    tried the bird dog from youtube"), with the name the person used: that report is not about the
    current step, and recording it there would skew the progression. Never the step they ask how
    to do ("The tilts are easy these days. Please show me the bridge." reports on the tilts)."""
    named = steps_named(steps, text)
    asked = step_asked_about(steps, text)
    if asked and len({step.id for step, _ in named}) > 1:
        named = [pair for pair in named if pair[0].id != asked.id]
    if any(step.id == current for step, _ in named):  # "did the tilts and the bridge"
        return None
    return max(named, key=lambda pair: len(pair[1])) if named else None


def later_going_well(content: Content, step: Step, current: str, feedback: str | None) -> bool:
    """A report that a later step than the one on record went well ("tilts easy, no pain"): the
    person has moved on, and the progression follows them."""
    order = [s.id for s in content.steps]
    return feedback in ("easy", "done") and order.index(step.id) > order.index(current)


def other_step_message(content: Content, step: Step, name: str, current: str, feedback: str | None = None) -> str:
    """A report on another step taken up in their words: a later one is fine to keep in if it feels
    comfortable, and going back to an earlier one is always fine. One that hurt is told how to ease
    it ("did the pelvic tilt ones today, felt a bit of a twinge" had been told to keep it in)."""
    order = [s.id for s in content.steps]
    where = "later" if order.index(step.id) > order.index(current) else "earlier"
    if feedback == "hurt":
        where = "hurt"
    return content.say(f"progress.other_step.{where}", name=name)


def reminder_message(content: Content, step_id: str) -> str:
    """The step they haven't tried yet, named briefly: no new step, no repeated paragraph."""
    step = content.step(step_id)
    return content.say("core_steps.reminder", title=step.title, dose=step.dose)


def progress_message(content: Content, feedback: str | None, said: Collection[str] = (), text: str = "") -> str:
    """Acknowledge how the last step went, before the next one is chosen, in a wording not said yet.
    A step done with nothing felt is told that is usual, not praised as easy or as an achievement."""
    if feedback == "done" and felt_nothing(text):
        return content.say_fresh("progress.felt_nothing", said)
    if feedback in (None, "done", "easy") and (heard := noticing_message(content, text, said)):
        return heard  # "did it. my jaw was clenched the whole time": the noticing, not "well done"
    return content.say_fresh(f"progress.{feedback or 'unknown'}", said)


def after_described_pain(rated_today: bool, step_offered: bool) -> str:
    """The one question after someone describes their pain, as a coach would ask it: how strong
    it is, when they haven't said today (the answer is a check-in); else whether they'd like a
    small step, when none has come up yet; else the choice of what would help. A menu of three
    straight after "bottom of the back, right across" read as not listening."""
    if not rated_today:
        return "utter_ask_pain_today"
    return "utter_offer_step" if not step_offered else "utter_offer_help"


# "There is something else, though, that I have not mentioned to anyone", "can I tell you something":
# the person is about to say more; they are invited to, not offered a menu.
ANNOUNCES = re.compile(
    r"\b(?:there'?s|there is|i have|i'?ve got|got) (?:something|one more thing|another thing)\b|"
    r"\bcan i (?:tell|ask) you something\b|\bi (?:need|want|have) to tell you\b|\bhaven'?t (?:told|mentioned)\b|"
    r"\bhave not (?:told|mentioned)\b",
    re.IGNORECASE,
)


def announces_more(text: str) -> bool:
    """Whether a short message says the person has something more to tell."""
    return bool(ANNOUNCES.search(text)) and len(text.split()) <= 25
