"""The package's shape: no import cycle (lazy imports included), no module over 600 lines.
The layer contracts themselves are import-linter's (`lint-imports` in `make test`)."""

from __future__ import annotations

import grimp

from tests.conftest import ROOT

MAX_LINES = 600


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's components of ``graph`` that hold more than one module (a cycle)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert strongly_connected(graph) == [["a", "b", "c"]]
    assert strongly_connected({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_in_the_package() -> None:
    imports = grimp.build_graph("battlemap", cache_dir=None)
    graph = {
        module: {m for m in imports.find_modules_directly_imported_by(module)}
        for module in imports.modules
        if module.startswith("battlemap")
    }
    assert strongly_connected(graph) == []


def test_no_module_over_600_lines() -> None:
    long = {
        str(path.relative_to(ROOT)): lines
        for path in sorted((ROOT / "battlemap").rglob("*.py"))
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_every_module_is_in_a_layer() -> None:
    """A new module lands in a layer of the contract, not outside every rule."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (layers,) = [c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers"]
    named = {
        part.strip() for layer in layers["layers"] for part in layer.replace("|", ":").split(":")
    }
    modules = {
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for path in (ROOT / "battlemap").rglob("*.py")
    }
    unlayered = {
        module
        for module in modules - {"battlemap", "battlemap.__main__", "battlemap.render"}
        if not any(module == name or module.startswith(name + ".") for name in named)
    }
    assert unlayered == set()


def test_test_folders_mirror_the_package() -> None:
    """tests/<package>/ holds the tests of battlemap/<package>/ (data folders aside)."""
    data = {"cases", "golden", "__pycache__"}
    folders = [
        path.relative_to(ROOT / "tests")
        for path in (ROOT / "tests").rglob("*")
        if path.is_dir() and not data & set(path.relative_to(ROOT / "tests").parts)
    ]
    assert folders, "no test folder found"
    assert [f for f in folders if not (ROOT / "battlemap" / f / "__init__.py").is_file()] == []
