#!/usr/bin/env bash
# Cross-checks the engine against the independent reference model of docs/model.md
# (tests/reference/model.py, numpy, written from the spec, not from engine/):
#  - compare_central.py: central runs of small.toml (priority triage, sweep,
#    override) and proportional.toml, 4000 replicates each, every scenario x
#    month x class x metric compared statistically (|z| <= 5 per cell and
#    < 1% of cells with |z| > 3), plus exact checks of the central parameters,
#    spend and capacity; --power-check requires deliberately wrong references
#    (arrest x 1.1, identification before onset, release after arrests, other
#    triage rule) to FAIL the same comparison;
#  - month0_expectation.py: month-0 means of a 20000-replicate central run
#    against their closed-form expectations (within 5 standard errors).
# Usage: test_reference_model.sh FUNDSIM SOURCE_DIR
FUNDSIM=$1 SRC=$2
source "$(dirname "$0")/lib.sh"
REF="$SRC/tests/reference"

run_check() {  # run_check DESCRIPTION -- command...
  local what=$1; shift 2
  local rc=0
  "$@" >"$WORK/log" 2>&1 || rc=$?
  sed 's/^/    /' "$WORK/log"
  if [ "$rc" = 0 ]; then pass "$what"; else fail "$what (exit $rc)"; fi
}

run_check "reference model agrees with the engine: small.toml (priority), power check" -- \
  "$PY" "$REF/compare_central.py" "$FUNDSIM" "$SRC/scenarios/small.toml" \
  --replicates 4000 --seed 20180903 --ref-seed 1103 --threads 2 --power-check
run_check "reference model agrees with the engine: proportional.toml, power check" -- \
  "$PY" "$REF/compare_central.py" "$FUNDSIM" "$SRC/scenarios/proportional.toml" \
  --replicates 4000 --seed 20180904 --ref-seed 2207 --threads 2 --power-check
run_check "month-0 means match closed-form expectations: small.toml" -- \
  "$PY" "$REF/month0_expectation.py" "$FUNDSIM" "$SRC/scenarios/small.toml" \
  --replicates 20000 --seed 77 --threads 2
finish
