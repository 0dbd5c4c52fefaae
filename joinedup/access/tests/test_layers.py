"""access sits below signals, api and ui: none of its modules imports them, not even lazily
or for type checking. It decides; the apps above apply its decisions to their own tables."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ACCESS = Path(__file__).resolve().parents[1]
# The layers above access (core, audit, people, chronology and cases are below it).
ABOVE = {"signals", "api", "ui", "demo"}


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text())
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append((node.lineno, node.module))
            if node.module == "joinedup":  # from joinedup import signals
                found += [(node.lineno, f"joinedup.{alias.name}") for alias in node.names]
    return found


def _above(module: str) -> bool:
    parts = module.split(".")
    return parts[0] == "benchmarks" or (parts[0] == "joinedup" and bool(set(parts[1:2]) & ABOVE))


@pytest.mark.parametrize(
    "path", sorted(ACCESS.rglob("*.py")), ids=lambda p: str(p.relative_to(ACCESS))
)
def test_it_imports_nothing_from_the_layers_above(path):
    above = [f"{path.name}:{line}: {module}" for line, module in _imports(path) if _above(module)]
    assert above == []
