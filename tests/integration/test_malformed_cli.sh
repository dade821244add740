#!/usr/bin/env bash
# Every malformed study in tests/data/malformed: `validate` and `run` exit 2 with a message
# located at the file's expected LINE:COLUMN and naming the key, and `run` writes nothing.
FUNDSIM=$1 SRC=$2
source "$(dirname "$0")/lib.sh"
count=0
for f in "$SRC"/tests/data/malformed/*.toml; do
  count=$((count + 1))
  expect=$(head -1 "$f" | sed -n 's/^# expect: *//p')
  loc=${expect%% *}
  key=${expect#* }
  expect_exit 2 "validate $(basename "$f")" -- "$FUNDSIM" validate "$f"
  if head -1 "$WORK/err" | grep -qF -- "$f:$loc:" && head -1 "$WORK/err" | grep -qF -- "$key"; then
    pass "$(basename "$f"): message at $loc names $key"
  else
    fail "$(basename "$f"): wanted $f:$loc: and '$key'; got: $(head -1 "$WORK/err")"
  fi
  expect_exit 2 "run $(basename "$f")" -- "$FUNDSIM" run "$f" -o "$WORK/out.h5" --quiet
  [ -z "$(ls -A "$WORK" | grep -v -E '^(out|err)$')" ] && pass "nothing written" || fail "files written: $(ls -A "$WORK")"
done
[ "$count" -ge 20 ] && pass "$count malformed studies checked" || fail "only $count malformed studies"
finish
