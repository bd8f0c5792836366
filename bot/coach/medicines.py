"""Words about medicines: one stopped, one someone plans to stop, a question about cutting one down.

Content brief: prescribed medicines change only with the prescriber, and opioids are never stopped
suddenly. So a medicine stopped, or about to be, is never praised, and a question about stopping or
cutting one down is sent to the prescriber or a pharmacist before anything else. These predicates
find such messages whatever intent the NLU read them as; the actions say the words.
"""

from __future__ import annotations

import re

# "gave me naproxen but I stopped taking it cos it upset my stomach": a prescribed medicine stopped
# or changed, told in passing. Never praised; its prescriber or a pharmacist is the one to ask.
STOPPED_MEDICINE = re.compile(
    r"\b(?:stopped|stop|quit|came off|come off|coming off|not taking|gave up|cut down on|halved)\b[^.!?]{0,25}"
    r"\b(?:taking|tablets?|pills?|meds|medic\w*|naproxen|ibuprofen|codeine|tramadol|gabapentin|pregabalin|"
    r"amitriptyline|duloxetine|diclofenac|co-?codamol|painkillers?|prescription|them|it)\b",
    re.IGNORECASE,
)


def tells_of_stopping_a_medicine(text: str) -> bool:
    """Whether a message tells of stopping or cutting down a medicine (said, not asked)."""
    return bool(STOPPED_MEDICINE.search(text))


MEDICINE = re.compile(
    r"\b(?:tablets?|pills?|meds|medic\w*|naproxen|codeine|tramadol|gabapentin|pregabalin|amitriptyline|"
    r"duloxetine|diclofenac|co-?codamol|morphine|oxycodone|prescription|painkillers?|antidepressants?)\b",
    re.IGNORECASE,
)


# Any treatment, medicines included: what a message read as asking about treatment should name.
TREATMENT = re.compile(
    MEDICINE.pattern + r"|\b(?:injections?|injected|jabs?|epidurals?|steroids?|nerve blocks?|ablation|surgery|surgeon|"
    r"operations?|op|fusion|physio\w*|osteo\w*|chiro\w*|acupunct\w*|massages?|tens|yoga|pilates|"
    r"treatments?|therap\w*|ibuprofen|paracetamol|tapering|taper|dose)\b",
    re.IGNORECASE,
)


def names_a_treatment(text: str) -> bool:
    """Whether a message names a treatment: "im 23 and my spine is 80" names none, and got the
    paragraph on medicines, injections and surgery (development suite T)."""
    return bool(TREATMENT.search(text))


# "doctor give me tramadol and amitriptyline. not help much", "physio, chiro, osteo, yoga, pilates,
# I've done the lot": treatments that haven't helped, told. It had got the paragraph on painkillers,
# or "It's good that you have someone looking after your back" (development suite U).
DISAPPOINTED = re.compile(
    r"\b(?:not|no|didn'?t|did not|doesn'?t|does not|don'?t|isn'?t|aren'?t|never|hasn'?t|haven'?t)\s+"
    r"(?:really\s+|much\s+|even\s+)?(?:help\w*|work\w*|do(?:ing)? (?:much|anything|a thing))\b|"
    r"\b(?:done|tried) (?:the lot|it all|them all|everything|all of (?:it|them))\b|"
    r"\bnothing (?:works|worked|helps|helped)\b|"
    # "First 3 days was very good ... now is worse than before the injection" (development suite R)
    r"\bworse than (?:before|it was)\b|\bw(?:ore|earing) off\b|\bstopped (?:working|helping)\b",
    re.IGNORECASE,
)
# "I am very scared of surgery", "terrified they'll want to operate": a fear, heard as one.
FEARS_SURGERY = re.compile(
    r"\b(?:scared|afraid|frightened|terrified|worried|nervous|fear)\b[^.!?]{0,30}"
    r"\b(?:surgery|operations?|operate|op|surgeon|fusion|going under)\b",
    re.IGNORECASE,
)


def treatments_disappointed(text: str) -> bool:
    """Whether a message tells of treatments that haven't helped."""
    return bool(DISAPPOINTED.search(text))


def fears_surgery(text: str) -> bool:
    """Whether a message tells of fearing an operation."""
    return bool(FEARS_SURGERY.search(text))


def stopped_a_medicine(text: str, earlier: list[str]) -> bool:
    """Whether a message tells of having stopped a medicine, named in it or earlier in the
    conversation ("can I stop my gabapentin?", then "actually I already stopped it 3 days ago.
    pretty proud tbh", which had been met with "that sounds really hard"). Never praised."""
    if "?" in text or not STOPPED_MEDICINE.search(text):
        return False
    return bool(MEDICINE.search(text)) or any(MEDICINE.search(said) for said in earlier)


# A plan to stop, said not asked: "I think I will just stop it from Monday", "thinking of coming off
# my tramadol this week", "I have decided to stop it from today" (the medicine named in it or
# earlier in the conversation).
PLANS = re.compile(
    r"\b(?:i'?ll|i will|i'?m going to|im going to|going to|gonna|want(?: to)?|wanna|thinking of|thinking about|"
    r"(?:have |'ve )?decided to|"
    r"plan(?:ning)? to|about to|might (?:just )?)\b[^.!?]{0,12}\b(?:stop|stopping|quit|quitting|come off|coming off|"
    r"ditch|bin)\b(?:[^.!?]{0,25}\b(?:taking|tablets?|pills?|meds|medic\w*|naproxen|codeine|tramadol|gabapentin|"
    r"pregabalin|amitriptyline|duloxetine|diclofenac|co-?codamol|painkillers?|them|it)\b|\W*$)",
    re.IGNORECASE,
)


# A question about stopping or cutting down a prescribed medicine named in the conversation ("But it
# is only 10mg, surely it is harmless to stop?", "can I cut the tramadol to half a tablet?") had been
# answered with over-the-counter painkillers first (development suite Q).
CHANGES = re.compile(
    r"\b(?:stop|stopping|quit|come off|coming off|cut|cutting|halve|half|reduce|reducing|lower|drop|"
    # "can i take 4 co-codamol instead of 2 on bad days", "bumping it to 150 myself" (suite V)
    r"double|doubling|increase|increasing|bump|bumping|up the dose|instead of|extra)\b"
)
# A question without its mark: "can i take 4 co-codamol instead of 2 on bad days".
ASKS = re.compile(
    r"\?|(?:^|[.!,;]\s*)\W*(?:can|could|should|shall|may|is it (?:ok|okay|safe|alright)|am i (?:ok|okay))\s+i\b", re.I
)
PRESCRIBED = re.compile(
    r"\b(?:tramadol|gabapentin|pregabalin|amitriptyline|duloxetine|codeine|co-?codamol|morphine|oxycodone|"
    r"naproxen|diclofenac|prescri\w*)\b",
    re.IGNORECASE,
)


def asks_to_change_a_prescribed_medicine(text: str, earlier: list[str]) -> bool:
    """Whether a question asks about stopping or cutting down a prescribed medicine."""
    if not ASKS.search(text) or not CHANGES.search(text.lower()):
        return False
    return bool(PRESCRIBED.search(text)) or any(PRESCRIBED.search(said) for said in earlier[-4:])


def plans_to_stop_a_medicine(text: str, earlier: list[str]) -> bool:
    """Whether a message says they mean to stop a medicine: the prescriber comes first."""
    if "?" in text or not PLANS.search(text):
        return False
    return bool(MEDICINE.search(text)) or any(MEDICINE.search(said) for said in earlier[-4:])
