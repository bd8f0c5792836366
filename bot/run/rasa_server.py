"""guywire's Rasa server: Rasa's own command line, started the way profiling says it should be.

`bot.run.runner` starts `python -m bot.run.rasa_server run ...` wherever it would start `rasa run ...`.
Before Rasa is imported, TensorFlow is replaced by stand-ins when the model needs none
(bot/run/tensorflow_stub.py); then the fixes for Rasa's hot spots go in (bot/run/rasa_fixes.py).
Nothing from Rasa is imported at the top of this module, because importing Rasa imports TensorFlow.
"""

from __future__ import annotations

import sys

from bot.run.tensorflow_stub import install_if_unneeded


def main() -> None:
    """`rasa` with the stand-ins (when they fit the model) and the fixes installed."""
    install_if_unneeded(sys.argv)
    from rasa.__main__ import main as rasa_main

    from bot.run import rasa_fixes

    rasa_fixes.install()
    rasa_main()


if __name__ == "__main__":
    main()
