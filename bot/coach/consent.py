"""What a message says about recording the chat, whatever intent it was read as.

People who open with their story expect to be asked for consent, and answer before the question
comes ("yeah go on then record it") or answer it in words the NLU reads as a question about
recording ("well you can record it"). Both the consent dialogue and the safety screening need to
know: a yes to recording is never a yes to a screening question.
"""

from __future__ import annotations

import re

# "ok record is fine", "aye record it": a yes to recording the chat, which people who open with
# their story expect to be asked about, and answer unasked.
# "Off, until I have the retention period in writing." (suite S) is about recording too.
ABOUT_RECORDING = re.compile(
    r"\b(?:record(?:ing|ed|s)?|save (?:it|this|the chat)|retention|retain(?:ed)?|storage|stored|gdpr)\b", re.IGNORECASE
)


# Permission in so many words, whatever the NLU made of it ("well you can record it" reads as a
# question about recording); never a question, never a refusal.
GRANTS_RECORDING = re.compile(
    r"^(?!.*\?)(?!.*\b(?:don'?t|do not|dont|rather you didn'?t|no)\b)"
    r".*(?:\b(?:you can|you may|go ahead(?: and)?|feel free to|happy for you to|(?:it'?s )?fine to|ok to|okay to|"
    r"let (?:you|u)|you'?re welcome to)\s+(?:record\b|keep (?:it|this|the chat|a record)\b))",
    re.IGNORECASE,
)


# "no wahala you can record", "no worries, record it": a yes that starts with "no".
NO_PROBLEM = re.compile(
    r"\bno (?:problem|problems|prob|probs|worries|worry|bother|wahala|issue|issues|objection|objections|stress)\b",
    re.IGNORECASE,
)


def sentences(text: str) -> list[str]:
    """The message's sentences, each with its own end mark: "Yes that's fine, you can record. But is
    my spine crumbling?" grants in one sentence and asks in the other. "No problem" and its kin
    read as "fine": the refusals below key on "no"."""
    plain = NO_PROBLEM.sub("fine", text)
    return [part.strip() for part in re.findall(r"[^.!?]+[.!?]*", plain) if part.strip()]


def mentions_recording(text: str) -> bool:
    """Whether a yes is about recording the chat: then it answers the consent question, asked or
    not, and never a screening question."""
    return bool(ABOUT_RECORDING.search(text)) or asks_to_be_recorded(text)


# "dont care record whatever", "I don't mind if you record it": not minding is a yes, unless the
# message also says not to ("I don't care, just don't record it").
DOESNT_MIND = re.compile(
    r"^(?!.*\b(?:don'?t|do not|dont|never|no|not) (?:record|save|keep)\b)"
    r".*\b(?:don'?t|do not|dont|wouldn'?t) (?:care|mind)\b",
    re.IGNORECASE,
)


# "yeah thats fine, record away", "ok record is fine": a yes beside the word, in a sentence that
# neither asks nor refuses.
YES_TO_RECORDING = re.compile(
    r"^(?!.*\?)(?!.*\b(?:no|not|don'?t|dont|never|can'?t|cant|cannot|rather)\b)"
    r".*\b(?:yes|yeah|yep|yup|sure|ok|okay|fine|happy|aye|go ahead)\b",
    re.IGNORECASE,
)


# "record whatever, my life is an open book", "record away": a shrug that says yes.
RECORD_AWAY = re.compile(
    r"^(?!.*\?)(?!.*\b(?:don'?t|dont|do not|never|not)\b).*\brecord (?:whatever|away|it all|all you (?:like|want)|"
    r"if you (?:want|like|must|need))\b",
    re.IGNORECASE,
)


# "ok so I give permission, she can see my conversations. pero only her ok?" (development suite T):
# permission given, with a question or a condition after it.
GIVES_PERMISSION = re.compile(
    r"^(?!.*\b(?:don'?t|do not|dont|no|not)\b).*\b(?:i (?:give|grant) (?:you )?(?:my )?|you have my )permission\b",
    re.IGNORECASE,
)


# "Please record my progress for my physiotherapist", "Can you save my progress?", "Would you keep a
# record of this so the doctor can see": asked for, which is a yes (suite V: answered with a line
# about treatments, "that sounds really hard", and the urgency paragraph).
ASKS_TO_BE_RECORDED = re.compile(
    r"^(?!.*\b(?:don'?t|do not|dont|not|never|delete|stop)\b).*\b(?:please|pls|plz|can|could|would|will)\s+"
    r"(?:(?:you|u)\s+)?(?:please\s+)?(?:record|save|keep|log)\s+(?:(?:a )?record of\s+)?"
    r"(?:my progress|this(?: chat| conversation)?|our (?:chats?|conversations?|talks?)|the (?:chat|conversation)s?|"
    r"a record)\b",
    re.IGNORECASE,
)


# "Yes please record, my midwife might want to see it?" (suite W) had been told what is kept and asked
# again: a yes and the word to record, first, whatever question follows.
YES_RECORD_FIRST = re.compile(
    r"^\W*(?:yes|yeah|yep|yup|sure|ok|okay|aye)\W+(?:please\W+|pls\W+)?(?:do\W+)?(?:record|keep a record)\b(?!\s*\?)",
    re.IGNORECASE,
)


def asks_to_be_recorded(text: str) -> bool:
    """Whether the person asks for the chat or their progress to be kept ("can you save my progress?")."""
    return ASKS_TO_BE_RECORDED.search(text) is not None


def grants_recording(text: str) -> bool:
    """Whether a sentence of the message says in so many words that the chat may be recorded."""
    return any(
        GRANTS_RECORDING.search(part)
        or GIVES_PERMISSION.search(part)
        or RECORD_AWAY.search(part)
        or ASKS_TO_BE_RECORDED.search(part)
        or YES_RECORD_FIRST.search(part)
        or (mentions_recording(part) and (DOESNT_MIND.search(part) or YES_TO_RECORDING.search(part)))
        for part in sentences(text)
    )


# "no recording pls, my company slack admins can see everything", "nah don't record it": a no to
# recording in so many words, whatever the NLU made of it (it read the first as a question about
# recording, answered it and asked again). Never a question, nor "no problem, record it" or
# "no, recording is fine".
DECLINES_RECORDING = re.compile(
    r"^(?!.*\?)(?!.*\brecord(?:ing)? (?:it )?(?:is|'s) "
    r"(?:fine|ok|okay|good|grand))"
    r".*(?:\b(?:no|don'?t|dont|do not|not|never|rather (?:you )?(?:didn'?t|not)|prefer (?:you )?(?:didn'?t|not))\b"
    r"(?:\W+\w+){0,3}?\W+(?:record|recording|recorded|save|saved|saving)\b|"
    # "you cant record me", never "i can't cook to save my life"
    r"\b(?:can'?t|cant|cannot)\b(?:\W+\w+){0,3}?\W+(?:record|recording|recorded)\b)",
    re.IGNORECASE,
)


# "I decline. Can we continue without recording?": a no, in a question too.
# "Off, until I have the retention period in writing.", "off. I'll pass" (suite S): recording off, in
# a word; not "off work today".
DECLINES_PLAINLY = re.compile(
    r"\bi (?:decline|refuse|don'?t consent|do not consent)\b|\bwithout (?:recording|being recorded|you recording)\b|"
    # "So by default it's not shared with anyone unless I agree? I don't agree." (development suite T)
    r"^(?=.*\b(?:shared?|record\w*|kept|keep|stored|read|pass(?:ed)? on)\b).*\bi (?:do not|don'?t) agree\b|"
    r"\bi (?:do not|don'?t) (?:give|grant) (?:you )?(?:my )?permission\b|"
    r"^\W*(?:(?:recording|record|it)\s+)?off\s*(?:[.,!;]|$)|"
    # a yes taken back: "and stop recording from now on please" (development suite W) had been
    # closed with a summary, and recording went on
    r"\b(?:stop|quit|cease|turn off|switch off|pause)\s+(?:the\s+)?"
    r"(?:recording|record(?:ing)? me|saving (?:this|it|me))\b|"
    r"\bno more recording\b|\bdon'?t record (?:any ?more|from now)\b",
    re.IGNORECASE,
)


def declines_recording(text: str) -> bool:
    """Whether a message says in so many words that the chat may not be recorded."""
    said = DECLINES_PLAINLY.search(text) or any(DECLINES_RECORDING.search(part) for part in sentences(text))
    return bool(said) and not grants_recording(text)


# What saying no would mean, asked: "what happens if i say no" had been taken as a no (a playing helper).
ASKS_ABOUT_DECLINING = (
    r"what (?:happens |if )(?:if )?i (?:say|said|choose|pick|click) no|do i have to (?:say yes|agree|accept)|"
    r"can i (?:say no|decline|refuse|opt out)"
)
# Not a deletion: "don't delete it", "never wipe this".
NOT_DELETING = r"^(?!.*\b(?:don'?t|do not|dont|never|not)\s+(?:\w+\s+)?(?:delete|erase|wipe)\b)"


# "you recording this?", "who is 'a coach or clinician'? where are the servers?": a question about
# what is kept and who reads it, whatever topic the knowledge base guessed (it had answered the
# second with hands-on treatments, from "clinician").
ASKS_ABOUT_RECORDING = re.compile(
    r"^(?=.*\?)(?=.*\b(?:record(?:ings?|ed|s)?|stored?|storing|sav(?:ing|ed)|keeping (?:this|it|a record|the chat)|"
    # "who exactly reads the recordings?" had got the physiotherapy answer (a playing helper)
    r"servers?|who (?:else |exactly |actually |even )?(?:reads|sees|can see|has access|will read|would read|reviews)|"
    # "what happens if i say no" had been taken as a no (a playing helper)
    + ASKS_ABOUT_DECLINING
    + r"|is (?:it|this|recording|that) optional|"
    # "Who would be looking at it now?" (suite AA: read as a crisis by both readers)
    r"who (?:would|will|is going to|gets to) (?:be )?(?:look(?:ing)? at|read(?:ing)?|see(?:ing)?) "
    r"(?:it|this|that|them)|"
    # "But who is the coach, is it someone from my company? I don't want HR seeing my MRI stuff",
    # "Will you remember me?" (development suite Q)
    r"who is (?:the |this |a |my )?(?:coach|clinician|reviewer)|the coach(?:es)?|"
    r"(?:hr|employer|company|boss) (?:see|seeing|read|reading)|"
    r"(?:will|would|do|can) (?:you|u) remember (?:me|this|what i said|where i am|(?:this|our|the) "
    r"(?:convo|conversation|chat))|"
    r"my data|privacy|private|coach or clinician|reviewers?|see (?:this|it|my messages)|"
    # "Is it used for training some AI model or sold to insurers?" had got the physio answer (suite AA)
    r"used (?:for|to)|sold|sell|insurers?|insurance compan(?:y|ies)|gdpr|data protection)\b)",
    re.IGNORECASE,
)
# "can you delete this whole chat?", "please wipe my data", "Can you delete the recording please?" (suite
# S: answered with what is recorded, and the person thanked it, believing it gone): a request to
# delete, read as a question about recording; not "don't delete it".
ASKS_TO_DELETE = re.compile(
    NOT_DELETING + r"(?!.*\b(?:rid of|remove)\s+(?:the |this |my )?(?:pain|aches?|knots?|stiffness|tension)\b)"
    r".*\b(?:delete|erase|wipe|remove|get rid of)\b(?:(?:\W+\w+){0,4}?\W+(?:chat|conversation|data|messages|"
    r"everything|records?|recordings?|history|transcripts?|logs?|info|information|details|it all|all of it|them)\b|"
    # "Stop it. And delete what you have.", "yes delete" (suite Y: the first was told what was kept
    # stays until asked, the second got a core step)
    r"\W+(?:what|whatever|all) (?:you'?ve |you )?(?:have|got|kept|recorded|saved|stored)\b|\W*$)",
    re.IGNORECASE,
)


# A question without its mark: "wtf why would u record me lol. who even reads that".
ASKS_UNMARKED = re.compile(
    # "are you still recording this btw" (a helper playing users) had been told it talks to a bot
    r"^(?:\W*(?:wtf|so|and|but|ok|okay|lol|hmm|um)\b)*\W*(?:who|whos|why|what|whats|where|how|hows|are you|"
    r"is (?:this|it)|do you)\b",
    re.IGNORECASE,
)


# "haha ok ill send him this convo actually wait who else can see it": asked mid-sentence, unmarked.
WHO_ELSE = re.compile(
    r"\bwho (?:else |exactly |actually |even )?(?:can see|reads|sees|has access to|will read)\b", re.IGNORECASE
)


def asks_about_recording(text: str) -> bool:
    """Whether a question of the message asks what is recorded, where, or who reads it, or asks
    for the chat to be sent to someone ("and my physio... you can send her this?")."""
    if "sharing" in recording_details(text):
        return True
    return any(
        ASKS_ABOUT_RECORDING.search(part if part.endswith("?") else part + "?")
        for part in sentences(text)
        if part.endswith("?") or ASKS_UNMARKED.search(part) or WHO_ELSE.search(part)
    )


def asks_only_about_recording(text: str) -> bool:
    """A question about what is kept that answers nothing about consent and asks no deletion: the
    NLU reads it as the knowledge base's (it had read "...actually wait who else can see it" as a yes)."""
    plain = not (grants_recording(unconditional(text)) or declines_recording(text) or asks_to_delete(text))
    return plain and asks_about_recording(text)


# "If it's just a clinician reviewing, fine." after a question about the record: a yes that waits on
# the answer, so the question is answered and consent asked again (suite AA).
CONDITION = re.compile(r"^\W*(?:if|only if|provided)\b", re.IGNORECASE)


def unconditional(text: str) -> str:
    """The message without its sentences that open with a condition."""
    return " ".join(part for part in sentences(text) if not CONDITION.search(part))


# "actually delete all this ... ciao", "can you delete what I write today?" (suite AA: both were lost);
# not "I might ask you to delete it later", which says yes to recording.
DELETES_THIS = re.compile(
    NOT_DELETING + r".*\b(?:delete|erase|wipe)\s+(?:(?:all|all of|every bit of)\s+)?"
    r"(?:this|that|what i(?:'ve| have)?(?: \w+)? (?:wrote|written|write|said|say|told you|typed|type|shared)|"
    # a part asked for ("can you delete the bit where i talked about my weight"): deletion is of
    # everything, and the confirmation says so (a playing helper had been started on an exercise)
    r"(?:the|that|my) (?:bit|bits|part|parts|stuff|message|messages) (?:where|about|with|on)|"
    r"(?:the|that) \w+ (?:bit|part|stuff))\b",
    re.IGNORECASE,
)
SOME_DAY = re.compile(
    r"\b(?:later|one day|some ?day|in (?:the )?future|if i (?:want|need|change)|might|in case|whenever)\b",
    re.IGNORECASE,
)


# A request to delete in so many words, whatever else the message does ("actually delete all this,
# ... ciao" is a goodbye to the NLU): "remove" and "get rid of" have other objects.
ERASES = re.compile(r"\b(?:delete|erase|wipe)\b", re.IGNORECASE)


def asks_to_delete(text: str) -> bool:
    """Whether a message asks now for the person's data or this chat to be deleted."""
    return bool(ASKS_TO_DELETE.search(text) or DELETES_THIS.search(text)) and not SOME_DAY.search(text)


def asks_about_deleting_later(text: str) -> bool:
    """Whether a message asks if deleting is possible later, not now: "can i change my mind later and
    delete it" had been asked to confirm deleting everything now (a playing helper)."""
    return bool(ERASES.search(text) and SOME_DAY.search(text)) and not asks_to_delete(text)


# "yep that's fine. since a car crash in march my back has been bad": a yes first, then a story the
# NLU read the whole message by (mention_diagnosis); to the consent question, it is a yes.
YES_FIRST = re.compile(
    r"^\W*(?:yes|yeah|yep|yup|yea|sure|ok|okay|fine|aye|of course|go ahead|that'?s fine)\b", re.IGNORECASE
)


def says_yes_first(text: str) -> bool:
    """Whether the message opens with a yes (the consent question was just asked)."""
    return bool(YES_FIRST.search(NO_PROBLEM.sub("fine", text)))


# What a question about the record asks besides who reads it (development suite T): "can my husband
# see this? we share the ipad", "is this chat visible to my workspace admins?", "is it used to train
# models?", "you can send her this?" each got the general answer, "nobody else can", and nothing on
# what they asked. Each has a sentence of its own after the general answer, in the content files.
RECORDING_DETAILS = (
    (
        "device",
        re.compile(
            r"\b(?:husband|wife|partner|boyfriend|girlfriend|family|kids|children|son|daughter|mum|mom|dad|"
            r"parents?|brother|sister|flatmates?|"
            r"share[ds]? (?:the |a |my |our )?(?:ipad|tablet|phone|laptop|computer)|"
            r"admins?|workspace|slack|telegram|boss|employer|hr|manager|work)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "training",
        re.compile(r"\b(?:train(?:ing|ed)?|ai|models?|machine learning|improve|sold|sell|insurers?)\b", re.IGNORECASE),
    ),
    (
        "declining",
        re.compile(
            r"\b(?:" + ASKS_ABOUT_DECLINING + r"|optional)\b",
            re.IGNORECASE,
        ),
    ),
    # "where is it stored, I am in the EU" had the general answer only (suite AA)
    (
        "storage",
        re.compile(
            r"\b(?:where (?:is|are|do you|does it)\b.*\b(?:stored?|kept|held|saved)|servers?|eu|europe|gdpr|"
            r"data protection|country|cloud)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "sharing",
        re.compile(
            r"^(?=.*\b(?:this|chats?|conversations?|it)\b)(?=.*\?).*\b(?:send|forward|pass|share|show)"
            r"(?: (?:it|them|(?:this|the|our|these|my) (?:chats?|conversations?)|this))? (?:(?:to|with) )?"
            r"(?:her|him|them|my \w+)\b",
            re.IGNORECASE,
        ),
    ),
)


def recording_details(text: str) -> list[str]:
    """The particular things a question about the record asks, as content keys, in a fixed order."""
    return [key for key, words in RECORDING_DETAILS if words.search(text)]


# A part of the record asked about: "cant you just delete the weight part?", "only the bit about work".
ONE_PART = re.compile(
    r"\b(?:just|only)\b[^.!?]{0,40}\b(?:part|parts|bit|bits|message|messages|section|stuff)\b|"
    r"\b(?:part|bit|bits|stuff) (?:about|where|with)\b|\b(?:the|that) \w+ (?:bit|part|stuff)\b|"
    r"\b(?:keep|leave) the rest\b|\bthe rest is (?:fine|ok|okay)\b",
    re.IGNORECASE,
)


def confirms_deletion(text: str) -> bool:
    """Whether a reply to "Shall I delete everything?" says yes to all of it: a question, or a part
    of the record asked for, is not a yes (everything had been deleted on "cant you just delete the
    weight part?"; a playing helper). The buttons' payloads ("/affirm") confirm."""
    return "?" not in text and not ONE_PART.search(text)
