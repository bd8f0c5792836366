"""No secret is committed: every file git tracks is scanned with detect-secrets, and any finding fails.

Secrets come only from the environment or an untracked file. The scan runs detect-secrets' default
plugins and filters, which already pass over binary files (by extension, or when a file is not
text). A deliberately fake credential in a test carries detect-secrets' inline
`# pragma: allowlist secret` comment on its line, so the scan itself stays strict; the only other
exceptions are the ones below, each for a file that cannot carry that comment.
"""
from __future__ import annotations

import random
import string
import subprocess
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

from detect_secrets import SecretsCollection
from detect_secrets.settings import default_settings

ROOT = Path(__file__).resolve().parents[1]

# Files not scanned at all.
SKIPPED_FILES = {
    # npm's integrity field is a sha512 digest per package (detect-secrets' own lock-file filter
    # skips the file too; naming it here keeps that true whatever its defaults become).
    "package-lock.json",
}

# (path pattern, detector) pairs whose findings are not secrets, in files without comments.
ACCEPTED = {
    # bench/nlu_compare.py records 12-digit sha256 prefixes of its inputs, so a result can be
    # matched to the data it was measured on.
    ("bench/results/*.json", "Hex High Entropy String"),
}


@dataclass(frozen=True, order=True)
class Finding:
    """One potential secret: where it is, and which detector found it."""

    path: str
    line: int
    kind: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.kind}"


def tracked_files(root: Path) -> list[str]:
    """Paths git tracks under `root` that are present in the working tree, minus SKIPPED_FILES."""
    listing = subprocess.run(["git", "ls-files", "-z"], cwd=root, capture_output=True, text=True,
                             check=True).stdout
    return [p for p in listing.split("\0") if p and p not in SKIPPED_FILES and (root / p).is_file()]


def scan(root: Path) -> list[Finding]:
    """Every potential secret detect-secrets finds in the tracked files, bar the ACCEPTED ones."""
    with default_settings():
        secrets = SecretsCollection(root=str(root))
        secrets.scan_files(*tracked_files(root))
    found = (Finding(path, secret.line_number, secret.type) for path, secret in secrets)
    return sorted(f for f in found if not any(fnmatch(f.path, p) and f.kind == k for p, k in ACCEPTED))


def test_no_tracked_file_holds_a_secret() -> None:
    found = scan(ROOT)
    assert not found, (
        "possible secrets in tracked files (move real ones to the environment; mark a fake test "
        "value with a `# pragma: allowlist secret` comment on its line):\n"
        + "\n".join(map(str, found)))


def planted_secrets() -> dict[str, str]:
    """A realistic AWS access key and private key, put together at run time so that this file does
    not hold one itself."""
    rng = random.Random(7)
    access_key = "AKIA" + "".join(rng.choices(string.ascii_uppercase + string.digits, k=16))
    body = "".join(rng.choices(string.ascii_letters + string.digits, k=64))
    begin, end = ("-----" + edge + " RSA PRIVATE" + " KEY-----" for edge in ("BEGIN", "END"))
    return {
        "deploy.env": f"aws_access_key_id = {access_key}\n",
        "keys/id_rsa": f"{begin}\n{body}\n{end}\n",
    }


def test_the_scan_finds_committed_secrets_and_leaves_untracked_files_alone(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "--quiet"], cwd=tmp_path, check=True)
    for name, text in planted_secrets().items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    subprocess.run(["git", "add", "."], cwd=tmp_path, check=True)
    (tmp_path / "local.env").write_text(planted_secrets()["deploy.env"], encoding="utf-8")

    found = scan(tmp_path)

    assert Finding("deploy.env", 1, "AWS Access Key") in found
    assert Finding("keys/id_rsa", 1, "Private Key") in found
    assert not [f for f in found if f.path == "local.env"]
