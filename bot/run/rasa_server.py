"""guywire's Rasa server: Rasa's own command line, started the way profiling says it should be.

`bot.run.runner` starts `python -m bot.run.rasa_server run ...` wherever it would start `rasa run ...`.
Before Rasa is imported, TensorFlow is replaced by stand-ins when the model needs none
(bot/run/tensorflow_stub.py); then the fixes for Rasa's hot spots go in (bot/run/rasa_fixes.py).
Nothing from Rasa is imported at the top of this module, because importing Rasa imports TensorFlow.
"""

from __future__ import annotations

import os
import sys

from bot.run.tensorflow_stub import install_if_unneeded

# numpy's OpenBLAS starts a thread per core, and between calls it spins on sched_yield: profiling
# under load found the Rasa server's second thread burning as much CPU as its event loop. One BLAS
# thread halved the CPU a message costs and leaves the other core to the action server and the
# database (README, "Benchmarks"). Set here, before numpy loads, so every way of starting the
# server gets it; the environment overrides.
ONE_BLAS_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def limit_blas_threads() -> None:
    """One BLAS thread unless the environment says otherwise (must run before numpy is imported)."""
    for name, value in ONE_BLAS_THREAD.items():
        os.environ.setdefault(name, value)


def main() -> None:
    """`rasa` with one BLAS thread, the stand-ins (when they fit the model) and the fixes installed."""
    limit_blas_threads()
    install_if_unneeded(sys.argv)
    from rasa.__main__ import main as rasa_main

    from bot.run import rasa_fixes

    rasa_fixes.install()
    rasa_main()


if __name__ == "__main__":
    main()
