#!/usr/bin/env bash
# Checkpoints and --resume: runs killed with SIGKILL at random moments (also while writing a
# checkpoint, also a resumed run killed again) and resumed, with another thread count, give
# datasets bitwise identical to an uninterrupted run. A checkpoint of another study, seed or
# replicate count is refused with the reason; an unfinished checkpoint is never silently lost.
FUNDSIM=$1 SRC=$2
source "$(dirname "$0")/lib.sh"
STUDY=$SRC/scenarios/small.toml
cmp_h5() { $PY "$HELPERS/h5_compare.py" "$1" "$2" >"$WORK/cmp" 2>&1; }
args=(--replicates 2500 --seed 777 --quiet)
RANDOM=20181  # reproducible kill times
# The reference run's duration sets the range of kill times (machines differ in speed).
start_ms=$(date +%s%3N)
"$FUNDSIM" run "$STUDY" "${args[@]}" --threads 2 -o "$WORK/reference.h5"
run_ms=$(( $(date +%s%3N) - start_ms ))
"$FUNDSIM" run "$STUDY" "${args[@]}" --threads 2 --summary-only -o "$WORK/reference-so.h5"

# kill_after MS ARGS...: starts a run, SIGKILLs it after MS milliseconds (a run that finishes
# first is simply complete: the caller sees its output).
kill_after() {
  local ms=$1; shift
  "$FUNDSIM" run "$STUDY" "${args[@]}" "$@" >/dev/null 2>&1 &
  local pid=$!
  sleep "$(awk "BEGIN { print $ms / 1000 }")"
  kill -KILL $pid 2>/dev/null || true
  wait $pid 2>/dev/null || true
}
# kill_after_checkpoint OUT ARGS...: starts a run, SIGKILLs it once it has a checkpoint.
kill_after_checkpoint() {
  local out=$1; shift
  "$FUNDSIM" run "$STUDY" "${args[@]}" "$@" -o "$out" >/dev/null 2>&1 &
  local pid=$!
  local dir
  dir="$(dirname "$out")/.$(basename "$out").checkpoint"
  for _ in $(seq 600); do
    ls "$dir"/state-*.bin >/dev/null 2>&1 && break
    kill -0 $pid 2>/dev/null || break
    sleep 0.02
  done
  kill -KILL $pid 2>/dev/null || true
  wait $pid 2>/dev/null || true
}

resumed_from_checkpoint=0
for trial in 1 2 3 4 5 6 7 8; do
  out=$WORK/run-$trial.h5
  extra=()
  [ $trial -gt 6 ] && extra=(--summary-only)
  kill_after $((50 + RANDOM % (run_ms + 1))) --threads 2 --checkpoint-every 0.1 "${extra[@]}" -o "$out"
  [ $trial = 3 ] && [ ! -e "$out" ] && kill_after $((100 + RANDOM % (run_ms / 2 + 1))) --threads 1 --checkpoint-every 0.1 --resume "${extra[@]}" -o "$out"
  finished=0
  if [ -e "$out" ]; then  # it published its output before the kill: nothing to resume
    finished=1
    cp "$out" "$WORK/finished-$trial.h5"
    echo "finished before the kill" > "$WORK/resume-err"
    got=0
  else
    got=0
    "$FUNDSIM" run "$STUDY" "${args[@]}" --threads 1 --checkpoint-every 0.1 --resume "${extra[@]}" -o "$out" \
      2>"$WORK/resume-err" >/dev/null || got=$?
  fi
  grep -q "resuming from" "$WORK/resume-err" && resumed_from_checkpoint=$((resumed_from_checkpoint + 1))
  ref=$WORK/reference.h5
  [ ${#extra[@]} -gt 0 ] && ref=$WORK/reference-so.h5
  if [ $got = 0 ] && cmp_h5 "$ref" "$out"; then
    pass "trial $trial: killed, resumed ($(grep -o '[0-9]* replicates done\|finished before the kill' "$WORK/resume-err" || echo 'no checkpoint yet')): identical"
  else
    fail "trial $trial: exit $got, $(cat "$WORK/resume-err") $(head -3 "$WORK/cmp")"
  fi
  leftovers=$(ls -A "$WORK" | grep -E "^\.run-$trial" || true)
  if [ -z "$leftovers" ]; then
    pass "trial $trial: checkpoint and temporaries cleaned up"
  elif [ $finished = 1 ] && [ "$leftovers" = ".run-$trial.h5.checkpoint" ]; then
    # Killed between publishing the output and removing the checkpoint (docs/robustness.md):
    # the output is complete (compared above), the checkpoint stays until --overwrite.
    pass "trial $trial: killed after publishing, before removing its checkpoint: output complete"
  else
    fail "trial $trial: left $leftovers"
  fi
done
echo "reference run took $run_ms ms; kill times were drawn below that"
[ $resumed_from_checkpoint -ge 4 ] && pass "$resumed_from_checkpoint of 8 trials resumed from a checkpoint" \
  || fail "only $resumed_from_checkpoint of 8 trials resumed from a checkpoint: kills too early?"

# A checkpoint left behind, then the wrong ways to continue it.
out=$WORK/left.h5
kill_after_checkpoint "$out" --threads 2 --checkpoint-every 0.1
[ -d "$WORK/.left.h5.checkpoint" ] && pass "a killed run leaves a checkpoint directory" || fail "no checkpoint directory"
expect_exit 3 "an unfinished checkpoint is not silently discarded" -- \
  "$FUNDSIM" run "$STUDY" "${args[@]}" -o "$out"
grep -q -- "--resume" "$WORK/err" && pass "message suggests --resume" || fail "message: $(cat "$WORK/err")"
expect_exit 2 "resume with another seed is refused" -- \
  "$FUNDSIM" run "$STUDY" --replicates 2500 --seed 778 --quiet --resume -o "$out"
grep -q "seed differs" "$WORK/err" && pass "message names the seed" || fail "message: $(cat "$WORK/err")"
expect_exit 2 "resume with another replicate count is refused" -- \
  "$FUNDSIM" run "$STUDY" --replicates 2600 --seed 777 --quiet --resume -o "$out"
grep -q "replicate count differs" "$WORK/err" && pass "message names the replicate count" || fail "message: $(cat "$WORK/err")"
sed 's/^description = .*/description = "edited"/' "$STUDY" > "$WORK/edited.toml"
expect_exit 2 "resume with an edited study is refused" -- \
  "$FUNDSIM" run "$WORK/edited.toml" "${args[@]}" --resume -o "$out"
grep -q "study file differs" "$WORK/err" && pass "message names the study" || fail "message: $(cat "$WORK/err")"
expect_exit 2 "resume with --summary-only over a full run's checkpoint is refused" -- \
  "$FUNDSIM" run "$STUDY" "${args[@]}" --summary-only --resume -o "$out"
[ -d "$WORK/.left.h5.checkpoint" ] && pass "refusals keep the checkpoint" || fail "a refusal removed the checkpoint"
expect_exit 0 "the right command finishes it" -- "$FUNDSIM" run "$STUDY" "${args[@]}" --resume -o "$out"
cmp_h5 "$WORK/reference.h5" "$out" && pass "finished run identical" || fail "finished run differs"
kill_after_checkpoint "$WORK/again.h5" --threads 2 --checkpoint-every 0.1
expect_exit 0 "--overwrite starts again over a checkpoint" -- "$FUNDSIM" run "$STUDY" "${args[@]}" --overwrite -o "$WORK/again.h5"
cmp_h5 "$WORK/reference.h5" "$WORK/again.h5" && pass "restarted run identical" || fail "restarted run differs"

# SIGTERM (preemption): exit 143, the checkpoint is kept and named, and resuming finishes it.
"$FUNDSIM" run "$STUDY" "${args[@]}" --threads 2 --checkpoint-every 0.1 -o "$WORK/term.h5" 2>"$WORK/term-err" &
pid=$!
for _ in $(seq 600); do  # once it has a checkpoint
  ls "$WORK"/.term.h5.checkpoint/state-*.bin >/dev/null 2>&1 && break
  sleep 0.02
done
kill -TERM $pid
got=0
wait $pid || got=$?
[ $got = 143 ] && pass "SIGTERM: exit 143" || fail "SIGTERM: exit $got"
grep -q "checkpoint kept" "$WORK/term-err" && pass "SIGTERM: says the checkpoint is kept" || fail "SIGTERM: $(cat "$WORK/term-err")"
expect_exit 0 "resume after SIGTERM" -- "$FUNDSIM" run "$STUDY" "${args[@]}" --resume -o "$WORK/term.h5"
cmp_h5 "$WORK/reference.h5" "$WORK/term.h5" && pass "resumed after SIGTERM: identical" || fail "after SIGTERM: differs"
expect_exit 0 "--resume without a checkpoint just runs" -- "$FUNDSIM" run "$STUDY" "${args[@]}" --resume -o "$WORK/fresh.h5"
cmp_h5 "$WORK/reference.h5" "$WORK/fresh.h5" && pass "fresh --resume run identical" || fail "fresh run differs"
expect_exit 2 "--checkpoint-every must be a number" -- "$FUNDSIM" run "$STUDY" --checkpoint-every soon -o "$WORK/x.h5"
finish
