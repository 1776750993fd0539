"""The shape of the code (issue 16, "done when"): no import cycle, training never loaded by
`check`, short modules and functions, no directory of one machine in code, configs or model
metadata. Each test names the offender and where it is."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PKG = REPO / "fixcopy"

MAX_MODULE_LINES = 300  # a run-time module (fixcopy/ less fixcopy/training/)
MAX_FUNCTION_LINES = 60  # any function in fixcopy/, from its `def` line to its last line

# Modules and functions still longer than the limits, each with the reason. An entry that is
# no longer over the limit fails the test too, so the list only ever shrinks.
LONG_MODULES: dict[str, str] = {}
LONG_FUNCTIONS: dict[tuple[str, str], str] = {}

# Import cycles still there, each with the reason (the same rule: a broken one must leave the list).
KNOWN_CYCLES: dict[frozenset[str], str] = {}

MACHINE_DIRS = re.compile(r"/work/|/root/|/home/")
CONFIG_SUFFIXES = {".toml", ".json", ".yaml", ".yml"}


def _rel(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


def _sources() -> list[Path]:
    return sorted(p for p in PKG.rglob("*.py") if "__pycache__" not in p.parts)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in _sources()}


# -- the import graph -------------------------------------------------------------------------


def _known(name: str) -> str | None:
    """The fixcopy module that importing ``name`` loads last (``fixcopy.config.Config`` ->
    ``fixcopy.config``); None outside fixcopy."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def _type_checking_only(tree: ast.Module) -> set[int]:
    """Ids of the import nodes under ``if TYPE_CHECKING:`` (never run)."""
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            out.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    return out


def _dynamic_targets(call: ast.Call, module: str, where: str) -> set[str]:
    """The modules an ``importlib.import_module(...)`` or ``__import__(...)`` call may load. A
    name built at run time (f"{__name__}.{name}") may load any module under its fixed prefix."""
    if not call.args:
        return set()
    arg = call.args[0]
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return {arg.value}
    if isinstance(arg, ast.JoinedStr):
        prefix = ""
        for part in arg.values:
            if isinstance(part, ast.Constant):
                prefix += str(part.value)
            elif isinstance(part.value, ast.Name) and part.value.id == "__name__":
                prefix += module
            else:
                break
        else:
            return {prefix}
        package = prefix.rpartition(".")[0]
        if package:
            return {m for m in MODULES if m.startswith(package + ".")}
    raise AssertionError(f"{where}: cannot tell which module this dynamic import loads: {ast.unparse(call)}")


def _is_import_call(call: ast.Call) -> bool:
    f = call.func
    return (isinstance(f, ast.Attribute) and f.attr == "import_module") or (
        isinstance(f, ast.Name) and f.id in ("import_module", "__import__")
    )


def _imports(module: str, path: Path) -> Iterator[tuple[str, int]]:
    """(imported fixcopy module, line) for every import in the file: at the top, inside
    functions, and through importlib by (string) name."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_checking_only(tree)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        names: set[str] = set()
        if isinstance(node, ast.Import):
            names = {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package
            for _ in range(node.level - 1):
                base = base.rpartition(".")[0]
            base = f"{base}.{node.module}" if node.level and node.module else (node.module or base)
            names = {f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names}
        elif isinstance(node, ast.Call) and _is_import_call(node):
            names = _dynamic_targets(node, module, f"{_rel(path)}:{node.lineno}")
        for name in names:
            target = _known(name)
            if target and target != module:
                yield target, node.lineno


def _graph() -> dict[str, dict[str, int]]:
    """module -> {imported module: line of the first such import}."""
    graph: dict[str, dict[str, int]] = {}
    for module, path in MODULES.items():
        edges = graph.setdefault(module, {})
        for target, line in _imports(module, path):
            edges.setdefault(target, line)
    return graph


def _cycle_from(graph: dict[str, dict[str, int]], start: str) -> list[str] | None:
    """A shortest import path from ``start`` back to itself, or None."""
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for nxt in sorted(graph[node]):
            if nxt == start:
                return paths[node] + [start]
            if nxt not in paths:
                paths[nxt] = paths[node] + [nxt]
                queue.append(nxt)
    return None


def test_the_import_graph_sees_every_kind_of_import():
    graph = _graph()
    assert "fixcopy.config" in graph["fixcopy.checking"]  # at the top
    assert "fixcopy.languagetool.server" in graph["fixcopy.serve"]  # inside a function
    assert "fixcopy.formats.sarif" in graph["fixcopy.formats"]  # importlib, f"{__name__}.{name}"
    assert "fixcopy.rules.verb_form" in graph["fixcopy.rules"]


def test_no_import_cycle():
    graph = _graph()
    cycles: list[str] = []
    seen: set[frozenset[str]] = set()
    for module in sorted(graph):
        cycle = _cycle_from(graph, module)
        if not cycle or frozenset(cycle) in seen:
            continue
        seen.add(frozenset(cycle))
        if frozenset(cycle) not in KNOWN_CYCLES:
            steps = [f"{a} ({_rel(MODULES[a])}:{graph[a][b]})" for a, b in zip(cycle, cycle[1:])]
            cycles.append(" -> ".join(steps) + f" -> {cycle[-1]}")
    assert not cycles, "import cycles (module (file:line of its import of the next)):\n" + "\n".join(cycles)
    stale = [sorted(c) for c in KNOWN_CYCLES if c not in seen]
    assert not stale, f"no longer a cycle: remove from KNOWN_CYCLES: {stale}"


# -- what `check` loads -------------------------------------------------------------------------


def test_check_loads_no_training_module(tmp_path):
    sample = tmp_path / "story.txt"
    sample.write_text("The company said on Monday that it will met the the unions.\n", encoding="utf-8")
    env = {**os.environ, "NO_COLOR": "1"}
    command = ["-m", "fixcopy", "check", "--no-model", str(sample)]
    r = subprocess.run(
        [sys.executable, "-X", "importtime", *command], capture_output=True, text=True, env=env, timeout=120
    )
    assert r.returncode == 1, r.stderr[-2000:]  # it found the garbles: it ran
    loaded = [line.rsplit("|", 1)[-1].strip() for line in r.stderr.splitlines() if line.startswith("import time:")]
    assert "fixcopy.rules.base" in loaded
    training = [m for m in loaded if m == "fixcopy.training" or m.startswith("fixcopy.training.")]
    assert not training, f"`fixcopy check --no-model` loaded training modules (-X importtime): {training}"
    # -X importtime does not list what importlib.import_module loads: the same command once more,
    # and every module it has loaded by its end.
    script = (
        "import runpy, sys\n"
        f"sys.argv = ['fixcopy', *{command[2:]!r}]\n"
        "try:\n    runpy.run_module('fixcopy', run_name='__main__', alter_sys=True)\n"
        "except SystemExit:\n    pass\n"
        "print('\\n'.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120)
    loaded = r.stderr.split()
    assert "fixcopy.rules.verb_form" in loaded, r.stderr[-2000:]
    training = [m for m in loaded if m == "fixcopy.training" or m.startswith("fixcopy.training.")]
    assert not training, f"`fixcopy check --no-model` loaded training modules (in sys.modules): {training}"


# -- sizes ----------------------------------------------------------------------------------------


def _runtime(path: Path) -> bool:
    return "training" not in path.relative_to(PKG).parts[:1]


def test_no_long_runtime_module():
    long = {}
    for path in _sources():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if _runtime(path) and lines > MAX_MODULE_LINES:
            long[_rel(path)] = lines
    new = {p: n for p, n in long.items() if p not in LONG_MODULES}
    assert not new, f"run-time modules over {MAX_MODULE_LINES} lines (split them): {new}"
    stale = sorted(set(LONG_MODULES) - set(long))
    assert not stale, f"no longer over {MAX_MODULE_LINES} lines: remove from LONG_MODULES: {stale}"


def _functions(path: Path) -> Iterator[tuple[str, int, int]]:
    """(name, first line, length in lines) of every function and method in the file."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node.name, node.lineno, node.end_lineno - node.lineno + 1


def test_no_long_function():
    long = {}
    for path in _sources():
        for name, line, length in _functions(path):
            if length > MAX_FUNCTION_LINES:
                long[(_rel(path), name)] = f"{_rel(path)}:{line} {name} ({length} lines)"
    new = [where for key, where in long.items() if key not in LONG_FUNCTIONS]
    assert not new, f"functions over {MAX_FUNCTION_LINES} lines (split them): {new}"
    stale = sorted(set(LONG_FUNCTIONS) - set(long))
    assert not stale, f"no longer over {MAX_FUNCTION_LINES} lines: remove from LONG_FUNCTIONS: {stale}"


# -- portability -----------------------------------------------------------------------------------


def _code_and_configs() -> list[Path]:
    """The package's code, configs and model metadata; the benchmarks' and corpora's scripts; CI."""
    files = [p for p in PKG.rglob("*") if p.is_file() and (p.suffix == ".py" or p.suffix in CONFIG_SUFFIXES)]
    files += [p for folder in ("benchmarks", "corpora") for p in (REPO / folder).rglob("*.py")]
    files += [p for p in (REPO / ".ci").rglob("*") if p.is_file()]
    files += [REPO / "pyproject.toml", REPO / ".pre-commit-hooks.yaml"]
    return sorted(p for p in files if p.is_file() and "__pycache__" not in p.parts)


def test_no_machine_directory_in_code_configs_or_model_metadata():
    found = []
    for path in _code_and_configs():
        for n, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            if MACHINE_DIRS.search(line):
                found.append(f"{_rel(path)}:{n}: {line.strip()[:120]}")
    assert not found, "a directory of one machine (take it from an argument or a config value):\n" + "\n".join(found)
