# Shared helpers for the bash end-to-end tests (signals, output faults, Slurm, kill-and-resume,
# checkpoint threads, dry-run timing). Source after setting FUNDSIM and SRC.
# Python helpers they call live in helpers/ ($HELPERS), shared with the pytest modules.
set -euo pipefail
PY=/usr/bin/python3
HELPERS=$(cd "$(dirname "${BASH_SOURCE[0]}")/helpers" && pwd)
export PYTHONDONTWRITEBYTECODE=1  # no __pycache__ in the source tree
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
failures=0
checks=0
pass() { checks=$((checks + 1)); echo "ok   $*"; }
fail() { checks=$((checks + 1)); failures=$((failures + 1)); echo "FAIL $*"; }
expect_exit() {  # expect_exit CODE DESCRIPTION -- command...
  local want=$1 what=$2; shift 3
  local got=0
  "$@" >"$WORK/out" 2>"$WORK/err" || got=$?
  if [ "$got" = "$want" ]; then pass "$what (exit $got)"; else fail "$what: exit $got, wanted $want; stderr: $(head -c 400 "$WORK/err")"; fi
}
finish() {
  echo "$((checks - failures)) passed, $failures failed"
  [ "$failures" = 0 ]
}
