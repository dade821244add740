#!/usr/bin/env bash
# The quantile sketch's stated rank error (docs/output-format.md): every quantile the engine
# stores lies within 0.5% in rank of the exact quantile of the replicates, checked cell by cell
# against the per-replicate arrays of the same file, for two studies and seeds.
FUNDSIM=$1 SRC=$2
source "$(dirname "$0")/lib.sh"
for case in "small 2000 11" "small 2000 12" "proportional 2000 13"; do
  set -- $case
  "$FUNDSIM" run "$SRC/scenarios/$1.toml" --replicates "$2" --seed "$3" -o "$WORK/$1-$3.h5" --quiet
  if $PY "$SRC/tests/integration/quantile_rank_error.py" "$WORK/$1-$3.h5" 0.5 >"$WORK/report"; then
    pass "$1, seed $3: $(cat "$WORK/report")"
  else
    fail "$1, seed $3: $(cat "$WORK/report")"
  fi
done
finish
