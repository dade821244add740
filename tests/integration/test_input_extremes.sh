#!/usr/bin/env bash
# Input extremes: 1 replicate, 1 month, zero offenders, probabilities exactly 0 and 1, a budget
# of 0 with shares, very large rates and populations, NaN and infinities, a 10 MB study, deeply
# nested and huge TOML arrays and tables. Each gives a correct result or a clear, located error
# with the documented exit code; never a crash, a hang or a wrapped count.
FUNDSIM=$1 SRC=$2
source "$(dirname "$0")/lib.sh"
TINY=$SRC/scenarios/tiny.toml

# variant NAME PYTHON-EXPRESSION: writes $WORK/NAME.toml from tiny.toml; the expression maps the
# text `t` to the new text (re.sub available as `sub`).
variant() {
  $PY - "$TINY" "$WORK/$1.toml" "$2" <<'EOF'
import re, sys
t = open(sys.argv[1]).read()
def sub(pattern, repl, text, count=0):
    out, n = re.subn(pattern, repl, text, count=count, flags=re.M)
    assert n > 0, "pattern not found: " + pattern
    return out
open(sys.argv[2], "w").write(eval(sys.argv[3]))
EOF
}
# h5check FILE PYTHON-ASSERTIONS: runs assertions with `f` the open file and `np` numpy.
h5check() {
  $PY - "$1" "$2" <<'EOF'
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1], "r")
exec(sys.argv[2])
EOF
}
# run_ok WHAT STUDY ASSERTIONS [fundsim args...]: exit 0 and the assertions hold on the file.
run_ok() {
  local what=$1 study=$2 assertions=$3; shift 3
  rm -f "$WORK/out.h5"
  expect_exit 0 "$what" -- timeout 120 "$FUNDSIM" run "$study" -o "$WORK/out.h5" --quiet "$@"
  if [ -f "$WORK/out.h5" ]; then
    h5check "$WORK/out.h5" "$assertions" 2>"$WORK/py.err" && pass "$what: result correct" \
      || fail "$what: $(tail -3 "$WORK/py.err")"
  fi
}
# located WHAT STUDY: exit 2 and a "FILE:LINE:COLUMN:" message.
located() {
  expect_exit 2 "$1" -- timeout 120 "$FUNDSIM" validate "$2"
  local first
  first=$(head -n 1 "$WORK/err")
  [ "${first:0:${#2}}" = "$2" ] && [[ "${first:${#2}}" =~ ^:[0-9]+:[0-9]+:\  ]] \
    && pass "$1: located message" || fail "$1: message: $(head -c 300 "$WORK/err")"
}
NO_WRAP='for m in ["arrests","active","identified"]:
    a = f[m][:]
    assert (a >= 0).all(), m + " has negative (wrapped or unwritten) counts"'

# 1 replicate, 1 month.
run_ok "1 replicate" "$TINY" "assert f['arrests'].shape[1] == 1
$NO_WRAP" --replicates 1
variant one-month 'sub(r"^months = 12", "months = 1", sub(r"^duration_months = 12", "duration_months = 1", t))'
run_ok "1 month" "$WORK/one-month.toml" "assert f['arrests'].shape[2] == 1 and f['month'].shape == (1,)
$NO_WRAP"
variant one-month-long-window 'sub(r"^months = 12", "months = 1", t)'
run_ok "1 month, spending window longer than the run" "$WORK/one-month-long-window.toml" "assert f['spend'].shape[1] == 1"

# Zero offenders: nothing happens, and no division by zero.
variant zero 'sub(r"^initial_active = \d+", "initial_active = 0", sub(r"^onset = 10 ", "onset = 0 ", sub(r"^initial_backlog = \d+", "initial_backlog = 0", sub(r"^initial_justice = \d+", "initial_justice = 0", t))))'
run_ok "zero offenders" "$WORK/zero.toml" "
for m in ['arrests', 'active', 'identified']:
    assert (f[m][:] == 0).all(), m
assert np.isfinite(f['arrests_mean'][:]).all() and np.isfinite(f['capacity_mean'][:]).all()"

# Probabilities exactly 0 and 1.
for p in detect actionable contact reoffend arrest desist attrition; do
  for v in 0 1; do
    variant "p-$p-$v" "sub(r'^$p = [^\n]*', '$p = $v', t)"
    check="$NO_WRAP"
    [ "$p.$v" = arrest.0 ] && check="assert (f['arrests'][:] == 0).all()"
    [ "$p.$v" = detect.0 ] && check="assert (f['identified'][:] == 0).all()"
    run_ok "$p = $v" "$WORK/p-$p-$v.toml" "$check"
  done
done

# A budget of 0 with shares: no money, so the same numbers as the baseline (common random numbers).
variant zero-budget 'sub(r"^budget = 120000", "budget = 0", t)'
if "$FUNDSIM" validate "$WORK/zero-budget.toml" >"$WORK/out" 2>"$WORK/err"; then
  run_ok "budget 0 with shares" "$WORK/zero-budget.toml" "
assert (f['spend'][:] == 0).all()
assert (f['arrests'][0] == f['arrests'][1]).all(), 'differs from the baseline'"
else
  code=$?
  [ $code = 2 ] && grep -qE ":[0-9]+:[0-9]+: .*(budget|split)" "$WORK/err" && pass "budget 0 with shares: rejected, located" \
    || fail "budget 0 with shares: exit $code: $(cat "$WORK/err")"
fi

# Very large rates and populations: a correct result or exit 1 naming file, scenario, replicate.
too_large() {  # too_large WHAT STUDY [must-fail]
  local what=$1 study=$2 must_fail=${3:-} got=0
  rm -f "$WORK/out.h5"
  timeout 120 "$FUNDSIM" run "$study" -o "$WORK/out.h5" --quiet --replicates 4 >"$WORK/out" 2>"$WORK/err" || got=$?
  if [ $got = 0 ] && [ -n "$must_fail" ]; then
    fail "$what: accepted (a count that cannot be held was silently changed)"
  elif [ $got = 0 ]; then
    h5check "$WORK/out.h5" "$NO_WRAP" 2>"$WORK/py.err" && pass "$what: correct result" || fail "$what: $(tail -2 "$WORK/py.err")"
  elif [ $got = 1 ]; then
    grep -qF "$study: scenario '" "$WORK/err" && grep -q "replicate [0-9]" "$WORK/err" && grep -q "too large" "$WORK/err" \
      && pass "$what: exit 1, names file, scenario, replicate" || fail "$what: message: $(cat "$WORK/err")"
    [ ! -e "$WORK/out.h5" ] && pass "$what: no output" || fail "$what: left an output"
  elif [ $got = 2 ]; then
    grep -qE ":[0-9]+:[0-9]+: " "$WORK/err" && pass "$what: rejected, located (exit 2)" || fail "$what: $(cat "$WORK/err")"
  else
    fail "$what: exit $got: $(head -c 400 "$WORK/err")"
  fi
}
variant big-pop 'sub(r"^initial_active = \d+", "initial_active = 3000000000", t)'
too_large "population 3e9 (above int32)" "$WORK/big-pop.toml"
variant huge-pop 'sub(r"^initial_active = \d+", "initial_active = 9223372036854775807", t)'
too_large "population 2^63-1" "$WORK/huge-pop.toml" must-fail
variant big-onset 'sub(r"^onset = 10 ", "onset = 1e15 ", t)'
too_large "onset 1e15 a month" "$WORK/big-onset.toml"
variant big-rate 'sub(r"^offence_rate = [^\n]*", "offence_rate = 1e300", t)'
too_large "offence rate 1e300" "$WORK/big-rate.toml"
variant big-growth 'sub(r"^onset_growth = 0.0", "onset_growth = 1e6", t)'
too_large "onset growth 1e6" "$WORK/big-growth.toml"
variant big-capacity 'sub(r"^base_capacity = 10 ", "base_capacity = 1e300 ", t)'
too_large "capacity 1e300" "$WORK/big-capacity.toml"
variant big-budget 'sub(r"^budget = 120000", "budget = 1e300", t)'
too_large "budget 1e300" "$WORK/big-budget.toml"
variant big-int 'sub(r"^initial_backlog = \d+", "initial_backlog = 99999999999999999999", t)'
located "integer beyond int64" "$WORK/big-int.toml"

# NaN and infinities: exit 2 with the location.
for v in nan +nan -nan inf +inf -inf; do
  variant "nonfinite$v" "sub(r'^detect = [^\n]*', 'detect = $v', t)"
  located "detect = $v" "$WORK/nonfinite$v.toml"
done
variant nan-in-dist 'sub(r"median = 1.0", "median = nan", t)'
located "nan inside a distribution" "$WORK/nan-in-dist.toml"
variant inf-budget 'sub(r"^budget = 120000", "budget = inf", t)'
located "budget = inf" "$WORK/inf-budget.toml"
variant inf-months 'sub(r"^months = 12", "months = inf", t)'
located "months = inf" "$WORK/inf-months.toml"

# A 10 MB study: a huge comment runs, and many scenarios validate, in bounded time.
$PY - "$TINY" "$WORK/big-comment.toml" "$WORK/many-scenarios.toml" <<'EOF'
import sys
t = open(sys.argv[1]).read()
open(sys.argv[2], "w").write(("# " + "x" * 98 + "\n") * 100_000 + t)
extra = "".join(f'\n[[scenario]]\nname = "s{i:06d}"\nbudget = {i}\nsplit = {{ enforcement = 1.0 }}\n' for i in range(150_000))
open(sys.argv[3], "w").write(t + extra)
EOF
start=$(date +%s)
run_ok "10 MB comment" "$WORK/big-comment.toml" "assert len(f.attrs['study']) > 10_000_000" --replicates 2
expect_exit 0 "10 MB of scenarios (150,000) validates" -- timeout 120 "$FUNDSIM" validate "$WORK/many-scenarios.toml"
took=$(( $(date +%s) - start ))
[ $took -lt 120 ] && pass "10 MB studies in ${took} s" || fail "10 MB studies took ${took} s"

# Deeply nested and huge arrays and tables: exit 2, no crash, no hang.
$PY - "$TINY" "$WORK" <<'EOF'
import sys
t, w = open(sys.argv[1]).read(), sys.argv[2]
def put(name, text): open(f"{w}/{name}.toml", "w").write(text)
n = 10_000
put("nested-arrays", t + "\nx = " + "[" * n + "]" * n + "\n")
put("nested-arrays-unclosed", t + "\nx = " + "[" * n + "\n")
put("nested-inline-tables", t + "\nx = " + "{a=" * n + "1" + "}" * n + "\n")
put("nested-headers", t + "\n[" + ".".join(["a"] * n) + "]\n")
put("nested-dotted-keys", t + "\n" + ".".join(["a"] * n) + " = 1\n")
put("deep-headers-100k", t + "\n[" + ".".join(["a"] * 100_000) + "]\n")
put("nested-array-of-tables", t + "".join("\n[[" + ".".join(["a"] * k) + "]]" for k in range(1, 300)) + "\n")
put("huge-array", t + "\nx = [" + ",".join(["1"] * 1_000_000) + "]\n")
put("huge-array-value", t.replace("detect = 0.05", "detect = [" + ",".join(["0.05"] * 1_000_000) + "]"))
put("huge-string", t.replace('description = "', 'description = "' + "x" * 5_000_000))
put("huge-key", t + "\n" + "k" * 1_000_000 + " = 1\n")
EOF
for name in nested-arrays nested-arrays-unclosed nested-inline-tables nested-headers nested-dotted-keys \
            deep-headers-100k nested-array-of-tables huge-array huge-array-value huge-key; do
  located "$name" "$WORK/$name.toml"
  [ "$(wc -c <"$WORK/err")" -lt 2000 ] && pass "$name: message short" || fail "$name: message of $(wc -c <"$WORK/err") bytes"
done
expect_exit 0 "a 5 MB string is read" -- timeout 120 "$FUNDSIM" validate "$WORK/huge-string.toml"

finish
