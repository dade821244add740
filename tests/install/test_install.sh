#!/usr/bin/env bash
# cmake --install exports the engine: a program outside the tree, built with
# find_package(fundsim), loads a study and runs it, and its horizon means equal the ones
# `fundsim run` writes for the same study, seed and replicates.
# Usage: test_install.sh BUILD_DIR SOURCE_DIR FUNDSIM
set -euo pipefail
build=$1 src=$2 fundsim=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" >/dev/null
cmake -S "$src/tests/install" -B "$work/embed" -DCMAKE_PREFIX_PATH="$work/prefix" \
  -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$work/embed" -j2 >/dev/null
"$work/embed/embed" "$src/scenarios/small.toml" 40 >"$work/embedded.txt"
"$fundsim" run "$src/scenarios/small.toml" --replicates 40 --summary-only --quiet -o "$work/run.h5"
/usr/bin/python3 - "$work/run.h5" "$work/embedded.txt" <<'PY'
import sys, h5py
with h5py.File(sys.argv[1], "r") as f:
    names = [s.decode() if isinstance(s, bytes) else s for s in f["scenario"][()]]
    means = dict(zip(names, f["arrests_horizon_mean"][()]))
got = dict(line.rsplit(" ", 1) for line in open(sys.argv[2]).read().splitlines())
assert set(got) == set(means), (got, means)
for name, value in got.items():
    assert float(value) == means[name], (name, value, means[name])
print(f"ok: a program built against the installed package ran {len(got)} scenarios; "
      "its horizon means equal fundsim run's")
PY
