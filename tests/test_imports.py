"mtift's modules import each other without cycles (function-level imports included) and stay small enough to read."
import ast
from pathlib import Path

import mtift

PACKAGE = Path(mtift.__file__).parent
MODULES = {p.stem: p for p in PACKAGE.glob("*.py") if p.stem not in ("__init__", "_modidx")}

def imported(path:Path)->set[str]:
    "The mtift modules that `path` imports anywhere in its body."
    out = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level == 1 or base == "mtift" or base.startswith("mtift."):
                name = base.removeprefix("mtift").lstrip(".")
                out |= {name} if name else {a.name for a in node.names}
        elif isinstance(node, ast.Import):
            out |= {a.name.split(".", 1)[1] for a in node.names if a.name.startswith("mtift.")}
    return out & MODULES.keys()

def cycle(graph:dict[str, set[str]])->list[str]|None:
    "One import cycle of `graph`, as the modules along it, or None."
    state = {}
    def visit(m, path):
        state[m] = "open"
        for n in sorted(graph[m]):
            if state.get(n) == "open": return path[path.index(n):] + [n]
            if n not in state and (found := visit(n, path + [n])): return found
        state[m] = "done"
    return next((found for m in sorted(graph) if m not in state and (found := visit(m, [m]))), None)

def test_the_walk_sees_imports():
    graph = {m: imported(p) for m, p in MODULES.items()}
    assert {"config", "trainer", "report", "trained", "export"} <= graph["train"], graph["train"]
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"] and cycle({"a": {"b"}, "b": set()}) is None

def test_no_import_cycles():
    graph = {m: imported(p) for m, p in MODULES.items()}
    assert cycle(graph) is None, f"import cycle: {' -> '.join(cycle(graph))}"

def test_the_task_registry_imports_no_suite():
    assert not imported(MODULES["tasks"]) & {"sources", "hub", "user_tasks"}

def test_no_module_over_400_lines():
    sizes = {m: len(p.read_text().splitlines()) for m, p in MODULES.items()}
    assert all(n <= 400 for n in sizes.values()), {m: n for m, n in sizes.items() if n > 400}
