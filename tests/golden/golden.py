#!/usr/bin/python3
"""Golden regression data: a fixed small run whose summaries must not change by accident.

    golden.py write FUNDSIM SOURCE_DIR   run and (re)write tests/golden/small-summary.json

tests/integration/test_golden.py makes the same run and compares it with the file, one test per
recorded summary. Regenerate (scripts/update-golden.sh) only when a change of the model or of its
random numbers is intended, and say so in the commit message. Values are compared exactly: the
engine is deterministic for a given build, and these figures are exact integer statistics or
histogram representatives.
"""
import json
import os
import subprocess
import sys
import tempfile

import h5py

STUDY = "small.toml"  # in scenarios/
ARGS = ["--replicates", "120", "--seed", "20180903", "--summary-only", "--threads", "2"]
NAMES = ["referrals", "arrests", "contact_abuse", "backlog", "active", "safeguarded"]
EXPECTED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "small-summary.json")


def summarise(path):
    """The recorded summaries of a run's file, as JSON-ready lists."""
    out = {}
    with h5py.File(path, "r") as f:
        out["scenario"] = [s.decode() if isinstance(s, bytes) else s for s in f["scenario"][()]]
        for n in NAMES:
            out[n + "_horizon_quantile"] = f[n + "_horizon_quantile"][()].tolist()
            out[n + "_horizon_mean"] = f[n + "_horizon_mean"][()].tolist()
        out["arrests_mean_last_month"] = f["arrests_mean"][:, -1, :].tolist()
        out["capacity_mean"] = f["capacity_mean"][()].tolist()
    return out


def expected():
    with open(EXPECTED) as f:
        return json.load(f)


def write(fundsim, source):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "golden.h5")
        subprocess.run([fundsim, "run", os.path.join(source, "scenarios", STUDY), *ARGS, "--quiet",
                        "-o", out], check=True)
        got = summarise(out)
    with open(EXPECTED, "w") as f:
        json.dump(got, f, indent=1)
        f.write("\n")
    print("wrote", EXPECTED)


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] != "write":
        sys.exit(__doc__)
    write(sys.argv[2], sys.argv[3])
