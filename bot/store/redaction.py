"""PII redaction before anything is stored: email addresses, phone numbers and postal codes.

Messages are redacted where they enter guywire (bot/channels/guard.py), so Rasa's transcript, the records
and the review pages never hold the original. The patterns lean towards catching: a number that
only looks like a phone number is masked too. Pain ratings ("7/10", "6.5"), ages, and counts of
days or steps are left alone: a phone number needs at least 9 digits.
"""

from __future__ import annotations

import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# +44 7700 900123, (555) 123-4567, 07700900123, 555.123.4567: 9 to 15 digits with separators.
PHONE = re.compile(r"(?<![\w/])(?:\+|00)?\(?\d(?:[\s().-]{0,2}\d){8,14}(?![\w/])")
UK_POSTCODE = re.compile(r"\b(?:[A-Z]{1,2}\d[A-Z\d]?|GIR) ?\d[A-Z]{2}\b", re.IGNORECASE)
US_ZIP_PLUS_4 = re.compile(r"\b\d{5}-\d{4}\b")

REPLACEMENTS = ((EMAIL, "[email]"), (US_ZIP_PLUS_4, "[postcode]"), (PHONE, "[phone]"), (UK_POSTCODE, "[postcode]"))


def redact(text: str) -> str:
    """The text with personal contact details replaced by [email], [phone] and [postcode]."""
    for pattern, replacement in REPLACEMENTS:
        text = pattern.sub(replacement, text)
    return text
