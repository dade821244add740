#!/usr/bin/python3
"""The engine's layers hold: no file includes a module its library does not depend on.

engine/CMakeLists.txt declares one library per module with its DEPS (fundsim_module(NAME DEPS
...)). This reads those declarations, takes the transitive closure, and checks every
`#include "MODULE/..."` in engine/MODULE/ against it: an include of a module that is not below
in the declared graph (a higher layer, or a sibling) is a layering error, and so is a cycle in
the graph itself. The CLI (engine/cli/) may include every module. docs/architecture.md §1
describes the layers.

Usage: check_layers.py SOURCE_DIR        exits 1 and lists every violation
"""
import pathlib
import re
import sys


def declared_graph(cmake_text):
    graph = {}
    for name, deps in re.findall(r"fundsim_module\((\w+)\s+DEPS([^)]*)\)", cmake_text):
        graph[name] = {d[len("fundsim_"):] for d in deps.split() if d.startswith("fundsim_")}
    return graph


def closure(graph, module, seen=()):
    if module in seen:
        raise ValueError("cycle in the declared module graph: " + " -> ".join(seen + (module,)))
    below = set()
    for dep in graph.get(module, ()):
        below |= {dep} | closure(graph, dep, seen + (module,))
    return below


def violations(source):
    engine = pathlib.Path(source) / "engine"
    graph = declared_graph((engine / "CMakeLists.txt").read_text())
    modules = set(graph)
    problems = []
    for module in sorted(modules):
        try:
            allowed = closure(graph, module) | {module}
        except ValueError as e:
            return [str(e)]
        for path in sorted((engine / module).glob("*.[ch]pp")):
            for number, line in enumerate(path.read_text().splitlines(), 1):
                m = re.match(r'\s*#\s*include\s+"(\w+)/', line)
                if m and m.group(1) in modules and m.group(1) not in allowed:
                    problems.append(f"{path.relative_to(source)}:{number}: {module} includes "
                                    f"{m.group(1)}/, which is not below it "
                                    f"(declared: {', '.join(sorted(allowed - {module})) or 'none'})")
    return problems


def main(source):
    problems = violations(source)
    for p in problems:
        print(p)
    print(f"{len(problems)} layering violations")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
