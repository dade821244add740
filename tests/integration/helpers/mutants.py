"""Random single edits of a valid study, for robustness tests (fixed seeds: the same mutants every
run). Each edit deletes, duplicates or reverses a line, gives a key an odd value, or puts an odd
character or token into a line.
"""
import difflib
import random
import re

TOKENS = ["-1", "0", "1e308", "-0.0", "nan", "inf", "-inf", '"x"', "true", "[]", "{}", "1.5",
          "99999999999999999999", "{ dist = \"uniform\", min = 1, max = 0 }", "{ dist = \"lognormal\" }",
          "\"lhs\"", "1200", "0.3333333333", "[1, 2]", "{ dist = \"pert\", min = 0, mode = 2, max = 1 }"]
# A located message: FILE:LINE:COLUMN: ...
LOCATED = re.compile(r"^(.*):(\d+):(\d+): ")


def mutate(lines, rng):
    """One random edit of a list of lines (a new list)."""
    lines = list(lines)
    i = rng.randrange(len(lines))
    kind = rng.randrange(6)
    if kind == 0:
        del lines[i]
    elif kind == 1:
        lines.insert(i, lines[rng.randrange(len(lines))])
    elif kind == 2 and "=" in lines[i]:
        key = lines[i].split("=", 1)[0]
        lines[i] = key + "= " + rng.choice(TOKENS)
    elif kind == 3 and lines[i]:
        j = rng.randrange(len(lines[i]))
        lines[i] = lines[i][:j] + rng.choice("[]{}=\"#.,x0 ") + lines[i][j + 1:]
    elif kind == 4:
        m = re.search(r"[0-9.]+", lines[i])
        if m:
            lines[i] = lines[i][:m.start()] + rng.choice(TOKENS) + lines[i][m.end():]
    else:
        lines[i] = lines[i][::-1]
    return lines


def mutants(text, count, seed):
    """COUNT mutant texts of a study text, from Random(seed)."""
    rng = random.Random(seed)
    base = text.splitlines()
    return ["\n".join(mutate(base, rng)) + "\n" for _ in range(count)]


def edit(original, mutant):
    """The mutant's change as a short unified diff (for failure messages)."""
    return "".join(difflib.unified_diff(original.splitlines(True), mutant.splitlines(True), n=0))
