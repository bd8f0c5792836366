"""Whether a message says goodbye: the words people leave a chat with, in many languages and
registers. A goodbye is closed kindly with a summary (actions/goodbye.py); a farewell that sounds
final is the safety layer's to weigh, never read here as an ordinary goodbye."""

from __future__ import annotations

import re

# "Thank you so much, I feel less scared than yesterday. Have to get to work. Bye!": the message
# ends by leaving, whatever it said first (it had been met with "that sounds really hard" and a menu).
# Also in other languages and in the ways people close a letter ("Have a blessed evening",
# "obrigado my friend, tchau", "Salamat po! Will message again next week. Ingat", "Auf Wiedersehen"),
# and with thanks after it ("ok bubs awake gotta go!! thanks heaps"); development suite Q.
SIGNS_OFF = re.compile(
    r"\b(?:bye|goodbye|bye for now|bye bye|ttyl|cya|see ya|night night|g2g|gtg|tchau|ciao|adios|adi[oó]s|"
    r"auf wiedersehen|tsch[uü]ss|au revoir|ingat|totsiens|sayonara|bonne (?:soir[ée]e|nuit|journ[ée]e)|"
    r"[àa] (?:demain|bient[ôo]t|plus)|hasta (?:luego|ma[ñn]ana|pronto|la vista)|buenas noches|ha det(?: bra)?|"
    r"arrivederci|tot ziens|doei|allah hafiz|khuda hafiz|fi amanillah|kwaheri|hamba kahle|sala kahle|"
    # "thanks. talk after the weekend!" had got the fallback's menu (suite AA)
    r"(?:talk|speak|chat) (?:to you )?(?:tomorrow|tmrw|tmr|2moro|later|soon|next week|(?:after|on|over) the weekend|"
    r"on \w+day|next time)|catch (?:you|u|ya) (?:later|soon|tomorrow|on \w+day|\w+day|next week)|until next time|"
    r"till next time|goodnight|"
    r"good night|"
    r"cheerio|ta ra|tara|take care|(?:signing|logging|heading) off|(?:i'?m|im) off|"
    r"have a (?:\w+ )?(?:day|evening|night|weekend|one)|"
    r"(?:will|i'?ll|ill) (?:message|text|talk|chat|write|check in|report back|be in touch|come back)"
    r"(?: (?:with you|to you))?(?: again)?(?: (?:next week|tomorrow|tmrw|tmr|2moro|soon|later|on \w+))?"
    r"(?: (?:when|after|once) [^.!?]{1,40})?|"
    # "ok jefe. tomorrow same", "see you tomorrow", "break over back to the trenches" (suite Y)
    r"see (?:you|u)(?: (?:tomorrow|tmrw|later|soon|next week|then|on \w+))?|(?:same time )?tomorrow same|"
    r"same time tomorrow|back to the (?:trenches|grind)|break(?:'?s| is)? over\W+back to (?:work|it)|"
    r"thank(?:s| you)\b[^.!?]{0,20}[.!,]+\s*good (?:afternoon|evening|day)|"
    # "I shall. Good evening." had been met with "Welcome back"; "cheers. might come back. might not"
    # with the menu (development suite U)
    r"(?:i shall|i will|will do|ok|okay|right|alright|cheers)\W+good (?:afternoon|evening|day)|"
    r"(?:i (?:might|may|will) |i'?ll |ill |(?:^|[.!,;]\s*)(?:might|may|will) )(?:come back|be back)"
    r"(?: (?:later|tomorrow|soon|sometime|another time|next week|"
    # "I will come back in some days." had been asked for a rating (development suite X)
    r"in (?:a few|some|a couple(?: of)?|\d+|two|three|four|a) (?:days?|weeks?|while|bit)))?"
    r"(?:\W+(?:might|may) not)?|"
    r"(?:gotta|got to|have to|need to|must) (?:go(?: to (?:work|bed|sleep|school|class))?|run|dash|get to work|"
    r"get going|jump|hop|bounce|head off)"
    r"(?: on (?:a|the) call)?|off to (?:work|bed|sleep))\b(?: (?:also|too|now|then))?"
    r"(?:\W+(?:and |but )?(?:thanks?|thank you|ta|cheers|thx|god bless(?: you)?)(?: (?:so much|heaps|a lot|a million|"
    r"again|for everything))?)?[\W_]*$",
    re.IGNORECASE,
)


# "sound. peace", "cheers. laters": a word that only says goodbye as a clause of its own ("it gets
# worse later" does not).
SHORT_SIGN_OFF = re.compile(
    r"(?:^|[.!,;]\s*|\b(?:k|kk|ok|okay|cheers|thanks|thx|ta|bet|sound|right|aight|alright)\W+)"
    # "typical. ok im dead on my feet, heading to bed", "Will do. Mind yourself now, slán."
    r"(?:peace(?: out)?|laters?|gn|nite|night|"
    r"(?:i'?m |im )?(?:heading|going|off|gonna head|gonna go) (?:off )?to (?:bed|sleep)(?: now)?|"
    # "thanks. gonna try sleep. night" (development suite W)
    r"(?:gonna|going to|will|i'?ll|ill) (?:try (?:and |to )?)?(?:get some )?sleep(?: now)?(?:[.!,;]\s*night)?|"
    r"mind yourself(?: now)?|sl[áa]n(?: abhaile| go f[oó]ill)?|"
    # "ok cheers. im knackered, gonna sleep. thanks for tonight, genuinely", after a crisis, had got
    # "You're welcome" without the lines (a playing helper): off to sleep, then thanks
    r"(?:i'?m |im )?(?:gonna|going to|off to|heading to|time for) (?:bed|sleep)(?: now)?\W+(?:and |but )?"
    r"(?:thanks?|thank you|thx|ta|cheers)\b[^.!?]{0,40}|"
    # "Thank you, God bless", "will do xx" (suite Y: a pacing paragraph, then one on where to exercise)
    r"god bless(?: you)?|will do\W+x+)[\W_]*$|"
    # "I'll tell her. right, tea and telly. cheers": a last word of thanks, after the rest was said
    r"[.!;]\s*cheers[\W_]*$",
    re.IGNORECASE,
)


# Thanks, then where they are off to, as the message's last clause: "Good idea. Thank you, I need to
# go to meeting.", "will do, thx. back to standup", "bit better. thanks for not being weird about it.
# gotta do the school run" (suite Z) each got a fallback, a complaint's reply or a bare "any time".
# Not a question, and never where the thanks is for the plan itself ("thanks, I need to go to the GP?").
THANKS_THEN_LEAVING = re.compile(
    r"\b(?:thanks?|thank you|thx|ty|ta|cheers)\b[^?]*?(?:^|[.!,;]\s*)(?:(?:ok|right|anyway|well|so)\W+)?"
    # never "time to go", which a farewell says ("thank you for everything. it's time to go")
    r"(?:i'?m |im |i )?(?:(?:gotta|got to|have to|need to|must) (?:go|run|dash|head|leave|get going|"
    r"get back|pick up|collect|fetch|catch|do the (?:school run|shopping|dinner|tea)|start (?:work|my shift))|"
    r"off to|back to|late for)\b"
    r"(?! square one| (?:to |and see |see )?(?:the |a |my )?(?:doctors?|gp|hospital|a&e|er|clinic|physio)\b)"
    r"[^.!?]{0,40}[\W_]*$",
    re.IGNORECASE,
)


def signs_off(text: str) -> bool:
    """Whether a message ends by saying goodbye; never "I wanted to say goodbye", which the safety
    layer weighs as a possible farewell."""
    stripped = text.strip()
    said = bool(SIGNS_OFF.search(stripped) or SHORT_SIGN_OFF.search(stripped))
    said = said or ("?" not in stripped and THANKS_THEN_LEAVING.search(stripped) is not None)
    return said and not FAREWELL.search(text)


FAREWELL = re.compile(r"\b(?:say|saying|said)\s+(?:my\s+)?(?:goodbye|bye|farewell)", re.IGNORECASE)
