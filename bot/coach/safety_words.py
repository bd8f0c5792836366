"""The words the safety dialogue listens for in a reply, once a concern is open or a question was
asked: going to be seen (or later, or not), minimising, asking whether it can wait, a step towards
safety, "I'm safe", a screening question's yes or no. Each pattern carries the phrasing that taught
it; bot.coach.safety_dialogue weighs them with the verdicts. Kept apart so that the dialogue's
decisions read as decisions."""

from __future__ import annotations

import re

# "ok I'll go to A&E", "booking the GP now": agreeing to get seen, not asking whether to.
GOING_WORDS = re.compile(
    r"\b(i'?ll|i will|i shall|i'?m|im|i am|we'?re|we are|we'?ll|we will|gonna|going to|will|could|can|shall|i)"
    r"( now)? (go|going|book|"
    r"booking|call|calling|ring|ringing|"
    r"phone|phoning|head|heading|get (it |this )?(checked|seen|looked at))\b|\bon (my|our) way\b"
    # "I'll see my doc Monday" (suite AA: asked for a rating instead); not "I'll see what happens"
    r"|\b(i'?ll|i will|i'?m|im|gonna|going to|will) (go and )?(see|seeing) (my|the|a|an) (doc|doctor|gp|physio|"
    r"nurse|consultant|specialist|someone|clinician)\b"
    # no one named: "alright heading there now. thanks I guess" had been told why not to wait (suite AA)
    r"|(?<!not )(?<!n't )(?<!nt )\b(heading (there|over|in)|(heading|going|off) (to|into) (the |a )?"
    r"(hospital|er|a ?& ?e|emergency|doctor|gp|urgent care)|(going|off) there now)\b"
    r"|\b(drive|driving|take|taking|run|running) (me|us)( (to|in|down|over|there))?\b"
    r"|\b(come|coming|go|going) with me\b"
    # "I have an appointment at 4.15 with Dr Patel" had been told again why not to wait
    r"|\b(i'?ve|i have|i'?ve got|got|have) (an|a|the) (appointment|appt|slot)\b"
    r"|\b(booked|made) (an|a|the) appointment\b"
    # "they got me in thursday. scans and bloodwork" had been told "I understand wanting it to be nothing"
    r"|\b(got|getting|fitting|fitted|fit|booked) (me|him|her|us) in\b"
    # "Found the after hours number, they said come in tomorrow 8am" had been told why not to wait
    r"|\b(said|told (me|us)|asked (me|us)) (to )?come (in|down|straight)\b(?! if\b)"
    # there already: "At hospital now, waiting. they took me quick" had been told to go to A&E
    r"|(?<!was )(?<!been )(?<!were )\b(at|in) (the )?(hospital|a ?& ?e|a and e|er|emergency|urgent care|walk-in)"
    r"( now| already)?\b(?! (last|years?|before|when|as a))"
    r"|\bwaiting (to be seen|for (the )?(doctor|triage|a bed|results))\b|\bin triage\b|\bthey took me\b"
    # called already: "I have telephoned them. They are sending someone this evening." had been told
    # "I understand wanting it to be nothing" (development suite U)
    r"|\b(i'?ve|i have|i|we'?ve|we have|we|my \w+ has|my \w+) (just |already )?(called|rang|rung|phoned|telephoned|"
    r"contacted)( (them|111|999|911|112|nhs|(an|the|a|my) (ambulance|doctor|gp|surgery|practice|hospital|nurse|"
    r"out of hours)))?(?=\W*$|\W*[.,;!])"
    r"|\b(sending|send) (someone|somebody|an ambulance|a doctor|a nurse|a paramedic)\b"
    r"|\b(ambulance|paramedics?|doctor|nurse) (is |are )?(coming|on (its|the|their) way)\b"
)


# "its not that bad though, about the same": minimising an open red flag, which gets the advice again.
MINIMISING = re.compile(
    r"\b(not (that|so|too|very) bad|probably nothing|(it'?s|its) (fine|nothing|ok)|about the same|no worse"
    r"|not (that |so )?serious|i'?m (fine|ok|okay) really|can'?t be that bad"
    r"|(surely|probably|prob|maybe) (it'?s |its )?(just|only)|(just|only) a (pulled|strained|tweaked) muscle"
    # "ach its likely just my prostate ... i'll mention it next time" had been answered as a faq
    r"|(likely|most likely|probably|prob) (just )?(my|the|a|an|old) \w+|(just|only) (my|old) (age|prostate|arthritis)"
    r"|mention it (next time|at my next)|next time i see|(don'?t|do not) want to (make|cause) a fuss"
    # "Is it really that important? I don't want to be a nuisance" (talking to the server)
    r"|(don'?t|do not) want to be a (nuisance|bother|burden on them)|waste (their|the doctor'?s|anyone'?s) time)\b"
    # "ah go way I'm sure it's only the prostate at my age", "its a BACK ache not cancer" (development
    # suite Q) had been answered as a complaint, and as pain with a core step offered
    r"|\bsure (it'?s|its|it is) (just|only|nothing)\b|\b(it'?s|its|it is) (just |only )?an? (\w+ )?"
    r"(back ?ache|bad back|sore back|strain|sprain)\b|\bnot (a )?(cancer|tumou?r)\b"
    # "It's probably malaria or just the weather. I'll take paracetamol" (development suite W): the
    # sign explained away, treated at home, or left to pass
    r"|\b(it'?s|its|it is) (probably|prob|likely|most likely|maybe) \w+"
    r"|\b(i'?ll|ill|i will) (just )?(take|have) (some |a |an |my )?(paracetamol|ibuprofen|painkillers?|tablets?|"
    r"panadol|tylenol|advil|nurofen|aspirin)\b"
    r"|\bsleep it off\b|\b(it'?ll|itll|it will|it should) (pass|settle|go away|clear up)\b|\bwait and see\b"
)


# After a red flag, a question about whether or when to go, or how serious it is ("do I need to
# see the GP urgently or not?", "can't I wait till monday?", "is that serious?") is the advice's to
# answer, whatever the meaning head makes of it: a retrained head read the first at 0.26 urgency.
ASKS_WHEN_TO_GO = re.compile(
    r"(?=.*(\?|^(do|does|should|can|could|must|is|am|will|would)\b|\bcan'?t i\b|\bwhich\b|\bjust tell me\b))"
    r".*\b(urgent(ly)?|rush|wait|hurry|right away|straight away|today|tonight|tomorrow|monday|weekend|a&e|"
    r"er|hospital|emergency|gp|doctor|check-?up|appointment|see (someone|anyone)|go in|"
    r"serious|dangerous|bad|worr(y|ied)|soon enough|too late|in time|"
    # "so 6 is fine then? its 2pm now" (a playing helper, recorded as a pain of 6)
    r"\d{1,2} ?(pm|am|o'?clock)|\d{1,2} (is|'s) (fine|ok|okay|alright|soon enough|too late))\b"
)


# Waiting asked for without a question mark: "cant this wait till monday" (a helper playing users)
# had been read as a goodbye ("till monday").
# Or mid-message: "I have delivery at 14:00. Can it wait until after, the numbness is maybe little bit
# less now" had been told what pain means, and offered an exercise (suite AB, read).
ASKS_TO_WAIT = re.compile(
    r"^\W*(?:cant|can'?t|couldn'?t|surely)\b.*\b(?:wait|rush|hurry|leave it)\b|"
    r"\b(?:can|could|should|may|will) (?:it|this|that|i) (?:still )?(?:wait|hold off|leave it)\b"
)


# The same question asked of the red-flag screening question itself, before any advice: how serious
# is it, or does it need a clinician. Narrower than ASKS_WHEN_TO_GO, whose days and places also
# come up in replies that have moved on ("can I do them on the bed today?").
ASKS_HOW_SERIOUS = re.compile(
    r"\b(is|does|could) (that|it|this) (sound |seem |look )?(bad|serious|dangerous|worrying|a worry|an emergency)\b"
    r"|\bis (it|that|this) (really )?(that )?(important|urgent|necessary)\b"
    r"|\bhow (bad|serious|worried)\b|\bshould i (be )?(worr(y|ied)|concerned|panic)\b|\bam i (ok|okay|in trouble)\b"
    r"|\b(do|should|must) i (need to |have to )?(go|see|call|ring|phone) "
    r"(a |my |the |someone|anyone|111|999|911|gp|doc)"
)


# Putting it off, or asking whether they may: "Can't it wait until my daughter comes on Sunday? She
# could drive me to the GP on Monday" had been thanked as agreeing to go ("That's the right call").
DEFERS = re.compile(
    r"\?|\b(wait|until|till|til|later|next week|(the )?weekend|first thing|in a (few|couple of) days|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|after (work|the|my|christmas)|when (she|he|they|my))\b"
)


# "Do you think the cancer has come back?" while a red flag is open: only an examination can say,
# which is why they should be seen (it had been answered with how long recovery takes).
_ASKS_IF = (
    r"\b(?:do you think|could (?:it|this|that) be|is (?:it|this|that)|might (?:it|this) be|what if (?:it|this) is|"
    # "oh goodness. you think i have cancer like Tom??" (a playing helper) had been told "I understand
    # wanting it to be nothing", twice, and never answered
    r"(?:do )?you (?:think|mean|saying|reckon) i(?: have|'ve got| got|'m| am)|do i have|have i got)\b[^.!?]{0,40}\b"
)


_CAUSES = r"cancer|tumou?r|infection|broken|fracture\w*|come back|spread|nerve damage|cauda"


ASKS_WHAT_IT_IS = re.compile(_ASKS_IF + rf"(?:{_CAUSES}|serious)\b")


ASKS_IF_IT_IS = re.compile(_ASKS_IF + rf"(?:{_CAUSES})\b")  # a cause named: nothing is decided


# While a red flag is open: "What do I tell them when I get there?" and "Should I still do that
# breathing thing first?" are answered for what they ask (the first had been told why not to wait,
# the second the menu of exercises).
# "Ok ok. What I say to them?" (suite S) had been answered with the GP, a menu and a check-in.
WHAT_TO_SAY = re.compile(
    r"\bwhat (?:(?:do|should|shall|would|can|will|must) )?i (?:must |need to |have to |should )?(?:tell|say|mention)\b|"
    r"\bwhat to (?:tell|say)\b|"
    # "Anything I should note down for them?" (development suite W) had started a check-in
    r"\b(?:anything|what(?: else)?) (?:(?:do|should|shall|can|must) )?i (?:should |need to |must )?"
    r"(?:note|write|jot|put) (?:\w+ )?down\b|\banything (?:else )?(?:i should|to) (?:mention|tell|say|ask|bring)\b"
)


# A question without its mark: "can i do the breathing thing my daughter showed me on the site".
ASKS_MAY = re.compile(r"^\W*(?:so |and |but |ok |okay )?(?:can|could|should|shall|may|do|am i allowed|is it ok)\b")


# "is there anything i can do for the back when i wake at 4, without doing exercises?" had been told
# only that the exercises wait (a playing helper): a question about something else.
WITHOUT_EXERCISE = re.compile(r"\b(?:without|other than|apart from|besides|except|not) (?:doing |the |any )*exercis")


# Putting the appointment off by a day or more: "I suppose I could ring on Monday. In the meantime,
# should I keep going to my walking group?" had been told only that the exercises wait; the advice
# to be seen now comes first.
PUTS_OFF = re.compile(
    r"\b(?:on|till|until|after|next) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|the weekend)\b"
    r"|\b(?:in a few days|at the weekend|next week)\b"
)


# An appointment for today or tomorrow ("urgent") is kept by ringing first thing in the morning: "ok
# ill ring them in the morning first thing" had been told "I understand wanting it to be nothing".
TODAY_IS = re.compile(r"\b(?:today|it)(?: is|'s) \w+day\b")


NEXT_MORNING = re.compile(r"\b(?:first thing|(?:in )?the morning|tomorrow(?: morning)?|tmrw)\b")


# For an emergency, any later hour is putting it off: "missus can take me after she finishes at 5"
# and "Wife can take me tomorrow maybe. Its not that bad honest." had been told "That's the right call"
# (suite Y).
DEFERS_EMERGENCY = re.compile(
    r"\b(maybe|tomorrow|tmrw|tonight|this evening|after|finishes|gets (back|home|off)|at \d)\b"
)


# Another day, or waiting asked for: never "going today, later" ("Can't it wait until Sunday? She
# could drive me to the GP on Monday").
ANOTHER_DAY = re.compile(
    r"\b(tomorrow|tmrw|monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend|next week|"
    r"in a (few|couple of) days|first thing|wait|maybe)\b"
)


# "Not like that btw, before you go there. The pain. I've got two kids, I'm not going anywhere."
# (development suite T) had been asked again whether they felt safe.
NOT_SUICIDAL = re.compile(
    r"\b(i'?m|im|i am) not (suicidal|going to kill myself|going anywhere)\b|\bi meant (the|my) (pain|back)\b|"
    r"^\W*((?:no|nah|nope)\W+)?not like that\b|\bnot (in )?that way\b|"
    # "haha christ no. i mean done with the BACK not done with life. just knackered" (a playing helper)
    r"\bi mean(t)? (i'?m |im |i am |i was )?(done|sick|fed up|tired|over it) (with|of) (the|my|this) "
    r"(back|pain|job|work|spine|flare)\b|\bnot (done with|tired of|sick of) (life|living)\b"
)


# A step towards safety after a crisis disclosure: someone told or with them, a call made or
# planned, the means given away. Said so, it is met as the step it is, not as "unclear".
SAFETY_STEP = re.compile(
    r"\b(?:tell|told|telling|talk(?:ed|ing)? to|ring(?:ing)?|rang|call(?:ed|ing)?|phon(?:e|ed|ing)|text(?:ed|ing)?|"
    r"speak(?:ing)? to|spoke to)\s+(?:her|him|them|my|mum|mom|dad|the doctor|a doctor|the gp|samaritans|988|"
    r"someone|somebody|a friend|the helpline|the crisis line|lifeline|the nurse)\b|"
    # "i rang 1737 after we talked", "fine ill text the shout thing tonight" (development suite Q)
    r"\b(?:ring(?:ing)?|rang|call(?:ed|ing)?|phon(?:e|ed|ing)|text(?:ed|ing)?) (?:\d{3}[\d ]*|shout|"
    r"the (?:\w+ )?(?:thing|line|number|service))\b|"
    r"\bgiv(?:e|en|ing) (?:the|my|them|all the) (?:tablets|pills|meds|medication|drugs)\b|"
    # "they said to give my sister the pills tonight", "sister has the pills": the means handed over.
    r"\b(?:giv(?:e|en|ing)|gave) (?:(?:my|her|his|our) )?(?:sister|brother|mum|mom|dad|wife|husband|partner|friend|son|"
    r"daughter|neighbou?r|nurse|her|him|them|someone) (?:the|my|all the|all my) "
    r"(?:tablets|pills|meds|medication|drugs)\b|"
    r"\b(?:sister|brother|mum|mom|dad|wife|husband|partner|friend|son|daughter|she|he|they) (?:has|have|took|"
    r"taken|is keeping|kept|is holding) (?:the|my|all the|all my) (?:tablets|pills|meds|medication|drugs)\b|"
    r"\b(?:tablets|pills|meds|medication) (?:to|with|back to) (?:her|him|my|mary|someone|the chemist|the pharmacy)\b|"
    r"\bhere with me\b|\bstaying with me\b|\bwith me (?:now|tonight)\b|"
    r"(?:\b(?:is|are)|'s|'re) (?:coming|driving|heading) (?:over|round|by|here)\b|"
    # "my sister is driving over, she'll be here in 20 min" had been given tips for long drives (a
    # playing helper)
    r"(?:\b(?:is|are)|'s|'re|\b(?:shes|hes|theyre)) on (?:her|his|their|the) way\b|"
    r"\bcoming to (?:get|pick up|fetch|stay with) me\b|"
    r"\b(?:she|he|they)(?:'s| is| are|'re) here\b|"
    # "i wouldnt tonight my wife is home" had got the emergency reply
    r"\b(?:my )?(?:wife|husband|partner|mum|mom|dad|sister|brother|son|daughter|friend|flatmate|housemate|roommate)"
    r"(?:'s| is) home\b|"
    # "my flatmate's home. i guess i could give it to him" (suite Y): the means handed over
    r"\b(?:give|giving|gave|hand|handing|handed) (?:it|them) (?:to|over to) (?:him|her|them|my \w+)\b|"
    r"\b(?:go|going|gonna go|off to) (?:hang(?: out)?|be|stay|sit|talk) with (?:my|her|him|them|a)\b",
    re.IGNORECASE,
)


# A helpline's number kept ("fine ill save the number"): a step too, met in its own words ("letting
# someone in matters" does not fit it), without the lines listed a third time.
SAVES_NUMBER = re.compile(
    r"\b(?:sav(?:e|ed|ing)|put|add(?:ed)?) (?:it|them|the numbers?|that number|those numbers) (?:in|into|to) my "
    r"(?:phone|contacts)\b|\bsav(?:e|ed|ing) (?:the|that|those) numbers?\b|"
    r"\b(?:wr(?:ite|ote|itten|iting)|not(?:e|ed)|jott(?:ed)?) (?:the|that|those) numbers? down\b",
    re.IGNORECASE,
)


# "im not telling the gp they'll think im a nutter" is no step: a refusal, in the present too.
REFUSES = re.compile(
    r"\b(?:won'?t|can'?t|not going to|never|will not|don'?t|do not|didn'?t|did not|"
    r"not (?:telling|calling|ringing|phoning|texting|speaking|talking|giving))\b",
    re.IGNORECASE,
)


# Said with a disclosure: they won't act on it ("no im not going to do anything, I just feel like a
# burden"). Not when it is hedged in time or by a condition ("I won't do anything tonight").
NOT_ACTING = re.compile(
    r"\b(?:not going to|not gonna|won'?t|wouldn'?t|would not|will not|would never|never going to|never gonna|"
    r"i'?d never|no intention of|no plans? to) (?:do anything|do something|act on (?:it|them|anything)|hurt myself|"
    r"harm myself|kill myself|do it|try anything)\b|\bi'?m (?:safe|not in (?:any )?danger)\b"
)


# "It is a feeling, not a plan" (suite Y, asked again) names no plan.
HEDGED = re.compile(r"\b(?:yet|tonight|today|now|if|unless|but i might|(?<!not a )(?<!no )plan(?:ned)?)\b")


# "im ok today. what can i actually do for my back": an answer to "Are you safe right now?" (it had
# been asked again). Not "not ok", nor hedged on later ("I'm ok now but tonight I might").
OK_NOW = re.compile(
    r"^(?!.*\bnot (?:ok|okay|alright|fine|safe)\b)(?:\w+\W+){0,3}?(?:i'?m|im|i am|feeling) "
    r"(?:ok|okay|alright|all right|fine|safe|better)\b"
)


LATER = re.compile(r"\b(?:but|might|tonight|later|tomorrow|if|unless|not sure)\b")


# "yes im safe tonight": the night ahead is what was asked about, not a hedge on it.
SAFE_TONIGHT = re.compile(r"\b(?:safe|ok|okay|fine|alright) (?:for )?tonight\b")


# Someone reached by name: "Maybe I call Silje tonight. She will worry. But maybe that is ok." had been
# told what pain means (suite AB). Case-sensitive: a name is capitalised ("call it" is no one).
CALLS_SOMEONE_NAMED = re.compile(
    r"\b(?:[Cc]all|[Rr]ing|[Pp]hone|[Tt]ext|[Tt]alk to|[Ss]peak to|[Tt]ell|[Vv]isit|[Ss]ee)\s+"
    r"(?!(?:I|It|The|You|We|They|He|She|This|That|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"January|February|March|April|May|June|July|August|September|October|November|December)\b)[A-Z][a-z]+\b"
)


# A "no" that corrects a misreading rather than answers the question.
CORRECTION = re.compile(
    r"\b(not like that|not what i meant|i mean|i meant|didn'?t mean|did not mean|just an? (expression|saying)"
    r"|figure of speech|only joking|just joking|kidding)\b"
)


# A misreading put right in any words, whatever the intent: "It is a figure of speech. I only mean
# the pain is dreadful" had been asked again whether they were safe (suite R). Never a joke: "I
# wish I was only joking" is no correction.
SPOKEN_FIGURATIVELY = re.compile(
    r"\b(?:figure of speech|turn of phrase|manner of speaking|just an? (?:expression|saying)|"
    r"not (?:meant )?literally|(?:wasn'?t|was not|not) being literal)\b"
)


# Not wanting to talk about it is not a "no, I'm not safe": it gets the resources kept in view, not
# the emergency reply ("i dont want to talk about that" was sent to 999).
NOT_TALKING = re.compile(
    r"\b(?:don'?t|do not|dont|rather not|not going to|won'?t|can'?t) (?:want to |wanna )?"
    r"(?:talk|say|discuss|go into|get into|answer)\b"
)


# A question about the question ("why do you ask?", "what?") is not a topic of its own.
WHY_ASK = re.compile(r"^\W*(why|what|eh|sorry)\W*$|\bwhy (do|would|are|did) (you|u) (keep )?(ask|say|want)")


# An answer that also asks why, or complains of the question ("what?? no!", "why do you keep asking").
ASKED_WHY = re.compile(r"^\W*(what|wtf|eh|huh)\W|\bwhy (do|would|are|did) (you|u) (keep )?ask|\bkeep asking\b|creepy")


DAYS = "yesterday|today|last|this|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
ONSET = re.compile(rf"\b(new|recent(ly)?|just started|since ({DAYS}))\b")


# "wees and poos fine", "bladder normal", "nothing down there": the sign asked about, denied.
ALL_FINE = re.compile(
    r"\b(wees?|pees?|poos?|bladder|bowels?|toilet|waterworks|down there|everything)\b"
    r"[^.?!]{0,20}\b(fine|normal|ok|okay)\b"
    r"|\bnothing (down there|like that)\b|\bno (bladder|bowel|numbness)\b"
)


NOT_NEW = re.compile(r"\b(not|isn't|isnt|nothing|never) (that |really |very |at all )?(new|recent)\b")


# "yes bit numb when i sit on toilet, like not feel the paper good. both legs feel heavy today also":
# a yes, whatever intent the rest of it was read as (it had been asked the question again, then let go).
LEADING_YES = re.compile(r"\s*(yes|yeah|yep|yup|yea|ya|aye|sadly yes|i think so)\b")


# Agreeing to something, not answering whether they think of ending their life: "yes that's fine".
AGREES = re.compile(
    r"\b(?:that'?s|thats|it'?s|its) (?:fine|ok|okay|alright|all right)\b|\bgo ahead\b|\bno problem\b|"
    r"\bfine by me\b|\bhappy (?:for you )?to\b|\bsure thing\b|\bgo for it\b|"
    # "yes please. but not on back lying, midwife say not good now" takes up an offer (suite AA: the
    # crisis lines, to a woman asking for an exercise)
    r"^\W*(?:yes|yeah|yep|ok|okay|sure)\W+(?:please|pls|plz|thanks|thank you|ta)\b"
)


# "sometimes yeah. i think theyd be better off": a yes with a hedge before it, or the hedge alone
# ("sometimes", "i guess"); not "maybe not", nor "kind of tired".
HEDGED_YES = re.compile(
    r"\s*(sometimes|occasionally|at times|now and then|some days|maybe|i guess|kind of|kinda|sort of)"
    r"(\W*$|\W+(yes|yeah|yep|yea|ya|aye|i do|i have|i think|they|it has|it does)\b)"
)


# "no", also after an exclamation ("god no not like that!!"), or a plain "not at all".
LEADING_NO = re.compile(
    r"\s*((oh|god|gosh|lol|haha|ha|hell|omg|good god|christ|jesus|what|wtf|eh|huh|um|uh|erm|er|mate)\W+){0,3}"
    r"(no|nope|nah|not really|not at all|definitely not|absolutely not|of course not)\b(?! idea| clue)"
)


# A fever measured, to the red-flag question: "She measure, 38.6. But is winter, everybody have flu
# now" had the fever question asked again (suite T). 38 °C and up, or 100.4 °F and up, as a reading.
FEVER_READING = re.compile(
    r"\b(3[89]|4[0-2])[.,]\d\b|\b(3[89]|4[0-2])\s*(°|degrees?\b|c\b)|\b10[0-5](?:[.,]\d)?\s*(°|degrees?\b|f\b)|"
    r"\b(temp|temperature|thermometer|measured?|fever)\b[^.?!]{0,15}\b(3[89]|4[0-2]|10[0-5])\b"
)
