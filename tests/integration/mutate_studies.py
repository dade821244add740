#!/usr/bin/python3
"""Robustness: random single edits of a valid study must validate (exit 0) and then run, or be
rejected with exit 2 and a message located FILE:LINE:COLUMN: - never crash, hang or exit otherwise.

Usage: mutate_studies.py FUNDSIM STUDY COUNT SEED
"""
import random
import re
import subprocess
import sys
import tempfile
import os

TOKENS = ["-1", "0", "1e308", "-0.0", "nan", "inf", "-inf", '"x"', "true", "[]", "{}", "1.5",
          "99999999999999999999", "{ dist = \"uniform\", min = 1, max = 0 }", "{ dist = \"lognormal\" }",
          "\"lhs\"", "1200", "0.3333333333", "[1, 2]", "{ dist = \"pert\", min = 0, mode = 2, max = 1 }"]


def mutate(lines, rng):
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


def main(fundsim, study, count, seed):
    rng = random.Random(int(seed))
    base = open(study).read().splitlines()
    located = re.compile(r"^(.*):(\d+):(\d+): ")
    failures = ok = rejected = 0
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "mutant.toml")
        for n in range(int(count)):
            text = "\n".join(mutate(base, rng)) + "\n"
            with open(path, "w") as f:
                f.write(text)
            try:
                p = subprocess.run([fundsim, "validate", path], capture_output=True, text=True, timeout=30)
            except subprocess.TimeoutExpired:
                print(f"FAIL mutant {n}: hang\n{text}")
                failures += 1
                continue
            if p.returncode == 0:
                # A study that validates must run.
                out = os.path.join(tmp, "mutant.h5")
                r = subprocess.run([fundsim, "run", path, "--replicates", "3", "--summary-only", "--quiet",
                                    "--overwrite", "-o", out], capture_output=True, text=True, timeout=120)
                # Parameters can be in range yet make a draw impossible (e.g. onset_growth = 1e308):
                # then a clear numeric error (exit 1) that names the study, scenario and replicate.
                numeric = r.returncode == 1 and r.stderr.startswith(path + ": scenario '") \
                    and "replicate" in r.stderr and "too large" in r.stderr
                if r.returncode != 0 and not numeric:
                    failures += 1
                    print(f"FAIL mutant {n}: validates but run exits {r.returncode}: {r.stderr[:300]}")
                    open(os.path.join("/tmp", f"fundsim-mutant-{n}.toml"), "w").write(text)
                    continue
                ok += 1
            elif p.returncode == 2 and located.match(p.stderr) and p.stderr.startswith(path + ":"):
                rejected += 1
            else:
                failures += 1
                print(f"FAIL mutant {n}: exit {p.returncode}: {p.stderr[:300]}")
                open(os.path.join("/tmp", f"fundsim-mutant-{n}.toml"), "w").write(text)
    print(f"{count} mutants: {ok} valid, {rejected} rejected with a located message, {failures} bad")
    print(f"{ok + rejected} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:5]))
