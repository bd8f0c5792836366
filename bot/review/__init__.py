"""Transcript review for coaches and clinicians: queries, exports, annotations, accounts and the
web pages and CLI built on them. Transcripts come from Rasa's `events` table; records from ours."""
