"""guywire's web app: the public chat page (with the rasa-webchat widget) on the contract's port."""
