#!/usr/bin/python3
"""Golden regression test: a fixed small run whose summaries must not change by accident.

  golden.py check FUNDSIM SOURCE_DIR   run and compare with tests/golden/small-summary.json
  golden.py write FUNDSIM SOURCE_DIR   run and (re)write the expected file

Regenerate (scripts/update-golden.sh) only when a change of the model or of its random
numbers is intended, and say so in the commit message. Values are compared exactly: the
engine is deterministic for a given build, and these figures are exact integer statistics
or histogram representatives.
"""
import json
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np

RUN = ["run", "scenarios/small.toml", "--replicates", "120", "--seed", "20180903", "--summary-only", "--quiet", "--threads", "2"]
NAMES = ["referrals", "arrests", "contact_abuse", "backlog", "active", "safeguarded"]


def summarise(path):
    out = {}
    with h5py.File(path, "r") as f:
        out["scenario"] = [s.decode() if isinstance(s, bytes) else s for s in f["scenario"][()]]
        for n in NAMES:
            out[n + "_horizon_quantile"] = f[n + "_horizon_quantile"][()].tolist()
            out[n + "_horizon_mean"] = f[n + "_horizon_mean"][()].tolist()
        out["arrests_mean_last_month"] = f["arrests_mean"][:, -1, :].tolist()
        out["capacity_mean"] = f["capacity_mean"][()].tolist()
    return out


def main(mode, fundsim, source):
    expected_path = os.path.join(source, "tests", "golden", "small-summary.json")
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "golden.h5")
        subprocess.run([fundsim] + RUN + ["-o", out], cwd=source, check=True)
        got = summarise(out)
    if mode == "write":
        with open(expected_path, "w") as f:
            json.dump(got, f, indent=1)
            f.write("\n")
        print("wrote", expected_path)
        return 0
    with open(expected_path) as f:
        expected = json.load(f)
    bad = []
    for key, value in expected.items():
        a, b = np.array(value, dtype=object if key == "scenario" else float), np.array(got[key], dtype=object if key == "scenario" else float)
        if a.shape != b.shape or not all((x == y) or (x != x and y != y) for x, y in zip(a.ravel(), b.ravel())):
            bad.append(key)
    for key in bad:
        print("CHANGED:", key)
    print(f"{len(expected) - len(bad)} passed, {len(bad)} failed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
