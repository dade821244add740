#!/usr/bin/env bash
# fundsim run --shard I/N + fundsim merge: the merged file's datasets are bitwise those of one
# run (Latin hypercube study, full and summary-only, shards merged in any order); bad shard
# sets are refused with exit 2 and a message naming the problem.
FUNDSIM=$1 SRC=$2
source "$(dirname "$0")/lib.sh"
STUDY=$SRC/scenarios/small.toml   # sampling = "lhs": the design depends on the replicate count
cmp_h5() { $PY "$SRC/tests/integration/h5_compare.py" "$1" "$2" >"$WORK/cmp" 2>&1; }
common=(--replicates 240 --seed 4242 --quiet)

for mode in full summary-only; do
  extra=()
  [ $mode = summary-only ] && extra=(--summary-only)
  "$FUNDSIM" run "$STUDY" "${common[@]}" "${extra[@]}" --threads 2 -o "$WORK/one-$mode.h5"
  for i in 0 1 2; do
    "$FUNDSIM" run "$STUDY" "${common[@]}" "${extra[@]}" --threads 1 --shard $i/3 -o "$WORK/shard-$mode-$i.h5"
  done
  expect_exit 0 "$mode: merge of 3 shards given out of order" -- \
    "$FUNDSIM" merge "$WORK/merged-$mode.h5" "$WORK/shard-$mode-2.h5" "$WORK/shard-$mode-0.h5" "$WORK/shard-$mode-1.h5"
  cmp_h5 "$WORK/one-$mode.h5" "$WORK/merged-$mode.h5" && pass "$mode: merged = single run, bitwise ($(tail -1 "$WORK/cmp"))" \
    || fail "$mode: merged differs from the single run: $(head -5 "$WORK/cmp")"
done

# One shard per replicate block boundary that is not a multiple of anything: 7 shards.
for i in 0 1 2 3 4 5 6; do
  "$FUNDSIM" run "$STUDY" "${common[@]}" --summary-only --shard $i/7 -o "$WORK/seven-$i.h5"
done
"$FUNDSIM" merge "$WORK/seven.h5" "$WORK"/seven-*.h5 --quiet
cmp_h5 "$WORK/one-summary-only.h5" "$WORK/seven.h5" && pass "7 shards merge to the single run" || fail "7 shards: $(head -5 "$WORK/cmp")"

# Shard files say what they are.
$PY - "$WORK/shard-full-1.h5" <<'PY' && pass "shard file names its shard and replicates" || fail "shard attributes"
import sys, h5py
text = lambda v: v.decode() if isinstance(v, bytes) else v
with h5py.File(sys.argv[1]) as f:
    assert text(f.attrs["shard"]) == "1/3", f.attrs["shard"]
    assert text(f.attrs["shard_replicates"]) == "80-159", f.attrs["shard_replicates"]
PY

s=$WORK/shard-full
expect_exit 2 "a missing shard is refused" -- "$FUNDSIM" merge "$WORK/x.h5" "$s-0.h5" "$s-2.h5"
grep -q "shard 1/3 missing" "$WORK/err" && pass "message names the missing shard" || fail "message: $(cat "$WORK/err")"
expect_exit 2 "a duplicated shard is refused" -- "$FUNDSIM" merge "$WORK/x.h5" "$s-0.h5" "$s-1.h5" "$s-1.h5" "$s-2.h5"
grep -q "given twice" "$WORK/err" && pass "message names the duplicate" || fail "message: $(cat "$WORK/err")"
"$FUNDSIM" run "$STUDY" --replicates 240 --seed 4243 --quiet --shard 1/3 -o "$WORK/other-seed.h5"
expect_exit 2 "a shard of another seed is refused" -- "$FUNDSIM" merge "$WORK/x.h5" "$s-0.h5" "$WORK/other-seed.h5" "$s-2.h5"
grep -q "seed differs" "$WORK/err" && pass "message names the seed" || fail "message: $(cat "$WORK/err")"
expect_exit 2 "shards of full and summary-only runs do not mix" -- \
  "$FUNDSIM" merge "$WORK/x.h5" "$s-0.h5" "$WORK/shard-summary-only-1.h5" "$s-2.h5"
expect_exit 2 "a whole-run file is not a shard" -- "$FUNDSIM" merge "$WORK/x.h5" "$WORK/one-full.h5"
grep -q "not a fundsim shard" "$WORK/err" && pass "message says it is not a shard" || fail "message: $(cat "$WORK/err")"
echo "not hdf5" > "$WORK/junk.h5"
expect_exit 2 "a file that is not HDF5 is refused" -- "$FUNDSIM" merge "$WORK/x.h5" "$WORK/junk.h5"
[ ! -e "$WORK/x.h5" ] && pass "no output after refused merges" || fail "a refused merge left x.h5"
expect_exit 3 "merge does not replace an existing output" -- \
  "$FUNDSIM" merge "$WORK/merged-full.h5" "$s-0.h5" "$s-1.h5" "$s-2.h5"
cmp_h5 "$WORK/one-full.h5" "$WORK/merged-full.h5" && pass "existing output intact" || fail "existing output changed"
for bad in 3/3 1/0 x/3 -1/3 1/ 2; do
  expect_exit 2 "--shard $bad is refused" -- "$FUNDSIM" run "$STUDY" --replicates 10 --shard "$bad" -o "$WORK/bad.h5"
done
expect_exit 2 "more shards than replicates is refused" -- "$FUNDSIM" run "$STUDY" --replicates 4 --shard 0/5 -o "$WORK/bad.h5"
finish
