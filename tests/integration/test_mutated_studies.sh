#!/usr/bin/env bash
# 300 random single edits of two valid studies: each validates or is rejected with exit 2 and a
# located message; none crashes or hangs (fixed seeds, so the same mutants every run).
set -euo pipefail
py=/usr/bin/python3
here=$(dirname "$0")
status=0
$py "$here/mutate_studies.py" "$1" "$2/scenarios/small.toml" 150 1 || status=1
$py "$here/mutate_studies.py" "$1" "$2/scenarios/uk-2018.toml" 150 2 || status=1
exit $status
