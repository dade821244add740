#!/usr/bin/env bash
# Checkpoints taken while 4 worker threads run (every 50 ms, so many pauses of the workers),
# a SIGKILL, then --resume with 3 threads: identical to an uninterrupted run. Short enough to
# run under ThreadSanitizer (scripts/test.sh --tsan), which checks the checkpoint gate.
FUNDSIM=$1 SRC=$2
source "$(dirname "$0")/lib.sh"
STUDY=$SRC/scenarios/small.toml  # long enough (>1 s on a quiet machine) to be killed mid-run
args=(--replicates 3000 --seed 31 --quiet)
"$FUNDSIM" run "$STUDY" "${args[@]}" --threads 1 --checkpoint-every 0 -o "$WORK/reference.h5"
"$FUNDSIM" run "$STUDY" "${args[@]}" --threads 4 --checkpoint-every 0.05 -o "$WORK/checkpointed.h5" &
pid=$!
for _ in $(seq 300); do
  ls "$WORK"/.checkpointed.h5.checkpoint/state-*.bin >/dev/null 2>&1 && break
  kill -0 $pid 2>/dev/null || break
  sleep 0.05
done
kill -KILL $pid 2>/dev/null && echo "killed after its first checkpoint" || echo "finished before the kill"
wait $pid 2>/dev/null || true
if [ -e "$WORK/checkpointed.h5" ]; then
  pass "the run completed before the kill: its output is checked below"
else
  expect_exit 0 "resume with 3 threads" -- "$FUNDSIM" run "$STUDY" "${args[@]}" --threads 3 --checkpoint-every 0.05 --resume -o "$WORK/checkpointed.h5"
fi
$PY "$HELPERS/h5_compare.py" "$WORK/reference.h5" "$WORK/checkpointed.h5" >"$WORK/cmp" 2>&1 \
  && pass "identical to the uninterrupted run" || fail "differs: $(head -5 "$WORK/cmp")"
finish
