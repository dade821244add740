#!/usr/bin/env bash
# Output faults: a missing or read-only output directory, an output path that is a directory,
# the disk filling up during the write, an existing file without --overwrite, and two runs
# writing to the same path at once. Each must exit 3 with a message naming the path, leave no
# partial file behind and leave an earlier file at the same path intact.
FUNDSIM=$1 SRC=$2
source "$(dirname "$0")/lib.sh"
TINY=$SRC/scenarios/tiny.toml
SMALL=$SRC/scenarios/small.toml
MOUNTS=()
cleanup() {
  for m in "${MOUNTS[@]}"; do umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
skip() { echo "SKIP $*"; }
# mount_tmpfs DIR SIZE [ro]: 0 if mounted, else 1 (not root, no CAP_SYS_ADMIN, ...).
mount_tmpfs() {
  mkdir -p "$1"
  local opts="size=$2"
  [ "${3:-}" = ro ] && opts="ro,$opts"
  if mount -t tmpfs -o "$opts" tmpfs "$1" 2>"$WORK/mount-err"; then MOUNTS+=("$1"); return 0; fi
  return 1
}
sum() { sha256sum "$1" | cut -d' ' -f1; }
# no_partial DIR: no temporary ".NAME.partial-PID" file left in DIR.
no_partial() { ! ls -A "$1" | grep -q '\.partial-'; }
mentions() { grep -qF -- "$1" "$WORK/err"; }
# check_fault WHAT PATH: exit 3 was checked by expect_exit; the message names PATH.
names_path() {
  if mentions "$2"; then pass "$1: message names $2"; else fail "$1: message does not name $2: $(cat "$WORK/err")"; fi
}
# valid_h5 FILE REPLICATES: one complete run, no unwritten (fill) value (helpers/complete_run.py).
valid_h5() { $PY "$HELPERS/complete_run.py" "$1" "$2"; }

# An earlier, valid result to protect.
"$FUNDSIM" run "$TINY" -o "$WORK/earlier.h5" --replicates 20 --quiet
EARLIER_SUM=$(sum "$WORK/earlier.h5")

# 1. Output directory missing: created, as outputs/ is; one that cannot be created (a file is
#    in the way) is a clear error and nothing is left behind.
expect_exit 0 "missing directory" -- "$FUNDSIM" run "$TINY" -o "$WORK/missing/deeper/out.h5" --replicates 20 --quiet
valid_h5 "$WORK/missing/deeper/out.h5" 20 && pass "missing directory: created, complete file" || fail "missing directory: no valid file"
touch "$WORK/plainfile"
expect_exit 3 "directory blocked by a file" -- "$FUNDSIM" run "$TINY" -o "$WORK/plainfile/sub/out.h5" --quiet
names_path "directory blocked by a file" "$WORK/plainfile/sub/out.h5"
mentions "cannot be created" && pass "blocked directory: says it cannot be created" || fail "blocked directory: $(cat "$WORK/err")"
[ -f "$WORK/plainfile" ] && [ ! -s "$WORK/plainfile" ] && pass "blocked directory: file untouched" || fail "blocked directory: file changed"

# 2. Output directory not writable: permission bits do not stop root, so a read-only mount.
if mount_tmpfs "$WORK/ro" 1m; then
  cp "$WORK/earlier.h5" "$WORK/ro/out.h5"
  if mount -o remount,ro "$WORK/ro" 2>"$WORK/mount-err"; then
    expect_exit 3 "read-only directory, new file" -- "$FUNDSIM" run "$TINY" -o "$WORK/ro/new.h5" --quiet
    names_path "read-only directory" "$WORK/ro/new.h5"
    mentions "not writable" && pass "read-only directory: says not writable" || fail "read-only: $(cat "$WORK/err")"
    expect_exit 3 "read-only directory, --overwrite" -- "$FUNDSIM" run "$TINY" -o "$WORK/ro/out.h5" --overwrite --quiet
    [ "$(sum "$WORK/ro/out.h5")" = "$EARLIER_SUM" ] && pass "read-only directory: earlier file intact" || fail "read-only directory: earlier file changed"
    [ "$(ls -A "$WORK/ro")" = "out.h5" ] && pass "read-only directory: nothing else there" || fail "read-only directory: $(ls -A "$WORK/ro")"
  else
    skip "read-only directory: cannot remount read-only: $(cat "$WORK/mount-err")"
  fi
else
  skip "read-only directory: cannot mount a tmpfs (needs root/CAP_SYS_ADMIN): $(cat "$WORK/mount-err")"
fi

# 3. Output path is a directory (existing directory, and a path ending in '/').
mkdir "$WORK/dir.h5"
expect_exit 3 "path is a directory" -- "$FUNDSIM" run "$TINY" -o "$WORK/dir.h5" --overwrite --quiet
names_path "path is a directory" "$WORK/dir.h5"
mentions "is a directory" && pass "path is a directory: says so" || fail "path is a directory: $(cat "$WORK/err")"
[ -z "$(ls -A "$WORK/dir.h5")" ] && pass "path is a directory: directory untouched" || fail "path is a directory: wrote into it"
expect_exit 3 "path ending in /" -- "$FUNDSIM" run "$TINY" -o "$WORK/dir.h5/" --quiet
names_path "path ending in /" "$WORK/dir.h5/"

# 4. Disk full during the write. The run checks free space before it starts (refusing with exit
#    3 if the estimate does not fit), so the file system is filled once the run has created its
#    temporary file: the write itself must hit ENOSPC.
if mount_tmpfs "$WORK/full" 24m; then
  cp "$WORK/earlier.h5" "$WORK/full/out.h5"
  "$FUNDSIM" run "$SMALL" -o "$WORK/full/out.h5" --overwrite --replicates 3000 --threads 1 --quiet \
    >"$WORK/out" 2>"$WORK/err" &
  pid=$!
  for _ in $(seq 200); do ls -A "$WORK/full" | grep -q '\.partial-' && break; sleep 0.05; done
  dd if=/dev/zero of="$WORK/full/filler" bs=64k 2>/dev/null || true  # until ENOSPC
  sync
  got=0
  wait $pid || got=$?
  [ "$got" = 3 ] && pass "disk full: exit 3" || fail "disk full: exit $got, wanted 3: $(cat "$WORK/err")"
  grep -qi "no space left" "$WORK/err" && pass "disk full: says no space left" || fail "disk full: message: $(cat "$WORK/err")"
  names_path "disk full" "$WORK/full/out.h5"
  [ "$(grep -c . "$WORK/err")" -le 3 ] && pass "disk full: short message" || fail "disk full: long message: $(cat "$WORK/err")"
  no_partial "$WORK/full" && pass "disk full: no partial file" || fail "disk full: left $(ls -A "$WORK/full")"
  [ "$(sum "$WORK/full/out.h5")" = "$EARLIER_SUM" ] && pass "disk full: earlier file intact" || fail "disk full: earlier file changed"
  rm -f "$WORK/full/filler"
  # Too small from the start: a 2 MB file system and an output of about 10 MB.
  if mount_tmpfs "$WORK/tiny-fs" 2m; then
    cp "$WORK/earlier.h5" "$WORK/tiny-fs/out.h5"
    expect_exit 3 "2 MB file system" -- "$FUNDSIM" run "$SMALL" -o "$WORK/tiny-fs/out.h5" --overwrite --replicates 2000 --quiet
    names_path "2 MB file system" "$WORK/tiny-fs/out.h5"
    no_partial "$WORK/tiny-fs" && pass "2 MB file system: no partial file" || fail "2 MB file system: left $(ls -A "$WORK/tiny-fs")"
    [ "$(sum "$WORK/tiny-fs/out.h5")" = "$EARLIER_SUM" ] && pass "2 MB file system: earlier file intact" || fail "2 MB file system: earlier file changed"
  fi
else
  skip "disk full: cannot mount a tmpfs (needs root/CAP_SYS_ADMIN): $(cat "$WORK/mount-err")"
fi

# 5. Existing file without --overwrite.
cp "$WORK/earlier.h5" "$WORK/exists.h5"
expect_exit 3 "existing file without --overwrite" -- "$FUNDSIM" run "$TINY" -o "$WORK/exists.h5" --quiet
names_path "existing file" "$WORK/exists.h5"
mentions "--overwrite" && pass "existing file: suggests --overwrite" || fail "existing file: $(cat "$WORK/err")"
[ "$(sum "$WORK/exists.h5")" = "$EARLIER_SUM" ] && pass "existing file: intact" || fail "existing file: changed"
no_partial "$WORK" && pass "existing file: no partial file" || fail "existing file: left $(ls -A "$WORK")"

# 6. Two runs writing to the same path at once: the result is one complete, valid file; neither
#    crashes; a run that loses may only fail with exit 3.
race() {  # race WHAT FLAGS_A FLAGS_B
  local what=$1 out=$WORK/race/out.h5
  rm -rf "$WORK/race"; mkdir "$WORK/race"
  "$FUNDSIM" run "$SMALL" -o "$out" --replicates 300 --seed 1 --threads 1 --quiet $2 >"$WORK/race/a.out" 2>"$WORK/race/a.err" &
  local a=$!
  "$FUNDSIM" run "$SMALL" -o "$out" --replicates 300 --seed 2 --threads 1 --quiet $3 >"$WORK/race/b.out" 2>"$WORK/race/b.err" &
  local b=$!
  local ra=0 rb=0
  wait $a || ra=$?
  wait $b || rb=$?
  { [ $ra = 0 ] || [ $ra = 3 ]; } && { [ $rb = 0 ] || [ $rb = 3 ]; } && { [ $ra = 0 ] || [ $rb = 0 ]; } \
    && pass "$what: exits $ra and $rb" || fail "$what: exits $ra and $rb: $(cat "$WORK/race/a.err" "$WORK/race/b.err")"
  valid_h5 "$out" 300 >"$WORK/race/py.err" 2>&1 && pass "$what: one complete valid file" || fail "$what: invalid file: $(tail -2 "$WORK/race/py.err")"
  [ "$(ls -A "$WORK/race" | grep -c -v -E '^(out\.h5|[ab]\.(out|err)|py\.err)$')" = 0 ] \
    && pass "$what: no partial file" || fail "$what: left $(ls -A "$WORK/race")"
  for f in a b; do
    if [ -s "$WORK/race/$f.err" ]; then
      grep -qF "$out" "$WORK/race/$f.err" && pass "$what: loser's message names the path" || fail "$what: $(cat "$WORK/race/$f.err")"
    fi
  done
}
race "two runs, both --overwrite" --overwrite --overwrite
race "two runs, one without --overwrite" --overwrite ""
race "two runs, neither --overwrite" "" ""

finish
