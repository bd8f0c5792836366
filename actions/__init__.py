"""guywire's custom actions: thin Rasa SDK classes, one module per dialogue topic, over bot/."""
