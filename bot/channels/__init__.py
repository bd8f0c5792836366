"""Rasa input channels, subclassed where Rasa 3.6's own ones fail on this stack.

Each keeps its built-in name, so the webhook URLs stay the documented ones
(/socket.io, /webhooks/telegram/webhook, /webhooks/slack/webhook); credentials.yml names the classes
by module path.
"""
