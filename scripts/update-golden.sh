#!/usr/bin/env bash
# Regenerates tests/golden/small-summary.json from the current build. Run only when a change of
# the model or of its random numbers is intended; commit the new file with a message saying why.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
/usr/bin/python3 "$root/tests/golden/golden.py" write "${1:-$root/build/engine/fundsim}" "$root"
