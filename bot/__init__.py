"""Guywire: a Rasa assistant for people living with chronic back pain."""
