"""The house rules: `bot/` is split by layer, and the layers import one way.

- coach (what the assistant decides and says) takes plain values: no store, Rasa or SQL;
- nlu (Rasa NLU components) never reaches the records;
- store (tables, records, Rasa's stores) knows nothing of the layers above it;
- channels and web never import actions; actions call coach and store.
Every import counts, including those inside functions.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ("bot.nlu", "bot.dialogue", "bot.coach", "bot.store", "bot.run", "bot.channels", "bot.web", "bot.review")
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "bot.coach": ("bot.store", "bot.nlu", "bot.run", "bot.channels", "bot.web", "bot.review", "actions",
                  "rasa", "rasa_sdk", "sqlalchemy", "alembic"),
    "bot.nlu": ("bot.store", "bot.run", "bot.channels", "bot.web", "bot.review", "actions"),
    "bot.dialogue": ("bot.store", "bot.nlu", "bot.run", "bot.channels", "bot.web", "bot.review", "actions"),
    "bot.store": ("bot.nlu", "bot.run", "bot.channels", "bot.web", "bot.review", "actions"),
    "bot.channels": ("bot.run", "bot.web", "bot.review", "actions"),
    "bot.web": ("bot.run", "bot.channels", "actions"),
    "bot.review": ("bot.run", "bot.channels", "actions"),
    "bot.run": ("actions",),
    "bot.settings": ("bot.", "actions"),
    "actions": ("bot.run", "bot.channels", "bot.web", "bot.review", "bot.nlu"),
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(source: str, module: str) -> set[str]:
    """Every module `source` imports, anywhere in it, with relative imports resolved."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".")[: -node.level]
                base = ".".join([*package, base] if base else package)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def violations(module: str, imported: set[str]) -> list[str]:
    """The imports of `module` that its layer's rule forbids."""
    rule = next((FORBIDDEN[layer] for layer in FORBIDDEN if module == layer or module.startswith(layer + ".")), ())
    return sorted(
        name for name in imported
        if any(name == banned or name.startswith(banned if banned.endswith(".") else banned + ".")
               for banned in rule)
    )


def sources() -> list[Path]:
    return sorted([*(ROOT / "bot").rglob("*.py"), *(ROOT / "actions").rglob("*.py")])


@pytest.mark.parametrize("path", sources(), ids=lambda p: str(p.relative_to(ROOT)))
def test_each_module_imports_only_down_its_layers(path: Path) -> None:
    module = module_name(path)
    assert violations(module, imports(path.read_text(encoding="utf-8"), module)) == []


def test_a_wrong_direction_is_caught() -> None:
    """The check can fail: coach reaching for SQL or the records, inside a function or relatively."""
    source = "def f():\n    import sqlalchemy\n    from ..store import records\n    from bot.coach import content\n"
    assert violations("bot.coach.summary", imports(source, "bot.coach.summary")) == [
        "bot.store", "bot.store.records", "sqlalchemy"]
    assert violations("bot.web.app", imports("from actions.common import say\n", "bot.web.app")) == [
        "actions.common", "actions.common.say"]
    assert violations("bot.coach.summary", imports("import bot.coach.content\n", "bot.coach.summary")) == []


def test_bot_has_only_the_cli_and_settings_at_its_top() -> None:
    top = sorted(p.name for p in (ROOT / "bot").glob("*.py"))
    assert top == ["__init__.py", "cli.py", "settings.py"]
    assert all((ROOT / layer.replace(".", "/") / "__init__.py").exists() for layer in LAYERS)
