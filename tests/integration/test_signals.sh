#!/usr/bin/env bash
# SIGTERM and SIGINT during a run: the run stops within seconds with exit 143/130 and a message,
# and leaves no partial file (nor touches an earlier file at the same path).
FUNDSIM=$1 SRC=$2
source "$(dirname "$0")/lib.sh"
echo "previous result" > "$WORK/keep.h5"
for sig in TERM INT; do
  want=$([ $sig = TERM ] && echo 143 || echo 130)
  out=$WORK/run-$sig.h5
  [ $sig = INT ] && out=$WORK/keep.h5  # an earlier file must survive an interrupted --overwrite
  # setsid: a background job of a non-interactive shell ignores SIGINT; a new session does not.
  setsid "$FUNDSIM" run "$SRC/scenarios/uk-2018.toml" -o "$out" --overwrite --replicates 100000 --summary-only --quiet \
    >"$WORK/out" 2>"$WORK/err" &
  pid=$!
  sleep 2
  start=$(date +%s%N)
  kill -$sig $pid
  got=0
  wait $pid || got=$?
  took_ms=$(( ($(date +%s%N) - start) / 1000000 ))
  [ "$got" = "$want" ] && pass "SIG$sig: exit $got" || fail "SIG$sig: exit $got, wanted $want; $(cat "$WORK/err")"
  grep -q "stopped by signal" "$WORK/err" && pass "SIG$sig: message" || fail "SIG$sig: no message: $(cat "$WORK/err")"
  # FUNDSIM_TIME_SCALE: sanitizer builds (ThreadSanitizer: 5-15x slower, also in freeing the
  # summaries on the way out) get proportionally longer; scripts/test.sh --tsan sets 3.
  limit_ms=$((5000 * ${FUNDSIM_TIME_SCALE:-1}))
  [ "$took_ms" -lt "$limit_ms" ] && pass "SIG$sig: stopped in ${took_ms} ms (limit $limit_ms)" || fail "SIG$sig: took ${took_ms} ms (limit $limit_ms)"
  leftovers=$(ls -A "$WORK" | grep -v -E '^(out|err|keep\.h5)$' || true)
  [ -z "$leftovers" ] && pass "SIG$sig: no partial file" || fail "SIG$sig: left $leftovers"
done
[ "$(cat "$WORK/keep.h5")" = "previous result" ] && pass "earlier file intact" || fail "earlier file damaged"
finish
