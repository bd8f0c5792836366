"""The widget bundle: rasa-webchat 1.0.1 from npm, copied for serving with outside requests removed.

The bundle's CSS imports the Inter web font from a font CDN. Offline users would wait on that
request and the page would leak a visit to a third party, so the copy drops every `@import` of an
outside URL; the page's own stylesheet sets a system font stack instead.
"""

from __future__ import annotations

import re
from pathlib import Path

OUTSIDE_IMPORT = re.compile(r"@import\s+url\(\s*['\"]?(?:https?:)?//[^)]*\)\s*;?")


def strip_outside_imports(bundle: str) -> str:
    """The bundle without CSS `@import`s of outside URLs."""
    return OUTSIDE_IMPORT.sub("", bundle)


def vendor_webchat(source: Path, destination: Path) -> Path:
    """Copy the npm bundle to `destination`, cleaned; fail loudly if the install is missing."""
    if not source.exists():
        raise FileNotFoundError(f"{source} is missing: run `npm ci` in the project folder first")
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.write_text(strip_outside_imports(source.read_text(encoding="utf-8")), encoding="utf-8")
    return destination
