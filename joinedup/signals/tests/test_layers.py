"""signals sits beside api and ui and imports neither: the flags API lives in api, and the
pages' shared pieces in lower layers. (Its tests may use api.services to make a token.)"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SIGNALS = Path(__file__).resolve().parents[1]
BESIDE = {"api", "ui"}


def _modules() -> list[Path]:
    return sorted(p for p in SIGNALS.rglob("*.py") if "tests" not in p.relative_to(SIGNALS).parts)


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


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SIGNALS)))
def test_it_imports_nothing_from_api_or_ui(path):
    beside = [
        f"{path.name}:{line}: {module}"
        for line, module in _imports(path)
        if module.startswith("joinedup.") and module.split(".")[1] in BESIDE
    ]
    assert beside == []
