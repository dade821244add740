#!/usr/bin/env bash
# MPI build (-DFUNDSIM_MPI=ON): `mpirun -np N fundsim run` gives datasets bitwise identical to a
# single-process run (2 and 3 ranks, threads inside ranks, full and summary-only), leaves no
# rank files behind, fails cleanly on every rank, and resumes after ranks are SIGKILLed.
# Usage: tests/mpi/test_mpi.sh MPI_FUNDSIM SOURCE_DIR   (run by scripts/test.sh --mpi)
FUNDSIM=$1 SRC=$2
source "$SRC/tests/integration/lib.sh"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
mpi() { local n=$1; shift; mpirun -np "$n" --oversubscribe "$FUNDSIM" "$@"; }
STUDY=$SRC/scenarios/small.toml
cmp_h5() { $PY "$HELPERS/h5_compare.py" "$1" "$2" >"$WORK/cmp" 2>&1; }
args=(--replicates 400 --seed 99 --quiet)

# The MPI executable without mpirun is a world of one: the reference.
"$FUNDSIM" run "$STUDY" "${args[@]}" --threads 2 -o "$WORK/single.h5"
"$FUNDSIM" run "$STUDY" "${args[@]}" --threads 2 --summary-only -o "$WORK/single-so.h5"
for ranks in 2 3; do
  expect_exit 0 "mpirun -np $ranks" -- mpi $ranks run "$STUDY" "${args[@]}" --threads 1 -o "$WORK/mpi-$ranks.h5"
  cmp_h5 "$WORK/single.h5" "$WORK/mpi-$ranks.h5" && pass "$ranks ranks: bitwise identical ($(tail -1 "$WORK/cmp"))" \
    || fail "$ranks ranks differ: $(head -5 "$WORK/cmp")"
done
expect_exit 0 "mpirun -np 2, 2 threads per rank, summary-only" -- \
  mpi 2 run "$STUDY" "${args[@]}" --threads 2 --summary-only -o "$WORK/mpi-so.h5"
cmp_h5 "$WORK/single-so.h5" "$WORK/mpi-so.h5" && pass "summary-only under MPI identical" || fail "summary-only differs"
leftovers=$(ls -A "$WORK" | grep -E '^\.' || true)
[ -z "$leftovers" ] && pass "no rank files or checkpoints left" || fail "left: $leftovers"

# Failures reach every rank: an existing output, a bad study.
expect_exit 3 "existing output without --overwrite: every rank exits 3" -- mpi 2 run "$STUDY" "${args[@]}" -o "$WORK/mpi-2.h5"
cmp_h5 "$WORK/single.h5" "$WORK/mpi-2.h5" && pass "existing output intact" || fail "existing output changed"
printf 'schema_version = 1\nname = "broken"\n' > "$WORK/broken.toml"
expect_exit 2 "invalid study under MPI" -- mpi 2 run "$WORK/broken.toml" -o "$WORK/broken.h5"
expect_exit 2 "--shard under mpirun is refused" -- mpi 2 run "$STUDY" --shard 0/2 -o "$WORK/x.h5"
leftovers=$(ls -A "$WORK" | grep -E '^\.' || true)
[ -z "$leftovers" ] && pass "failed runs leave nothing" || fail "left: $leftovers"

# Node loss: SIGKILL every rank mid-run, then the same command with --resume.
big=(--replicates 3000 --seed 5 --quiet)
"$FUNDSIM" run "$STUDY" "${big[@]}" --threads 2 -o "$WORK/big-single.h5"
mpi 2 run "$STUDY" "${big[@]}" --threads 1 --checkpoint-every 0.1 -o "$WORK/big.h5" >/dev/null 2>&1 &
launcher=$!
for _ in $(seq 200); do  # until both ranks have written a checkpoint (mpirun may start slowly)
  [ "$(ls "$WORK"/..big.h5.rank-*-of-2.checkpoint/state-*.bin 2>/dev/null | wc -l)" -ge 2 ] && break
  sleep 0.1
done
sleep 0.$((RANDOM % 10))
pkill -KILL -f "$FUNDSIM run $STUDY" || true
kill -KILL $launcher 2>/dev/null || true
wait $launcher 2>/dev/null || true
checkpoints=$(ls -A "$WORK" | grep -c 'checkpoint$' || true)
[ "$checkpoints" -ge 1 ] && pass "killed ranks left $checkpoints checkpoint directories" || fail "no checkpoints after the kill"
expect_exit 0 "mpirun --resume finishes the run" -- mpi 2 run "$STUDY" "${big[@]}" --threads 1 --resume -o "$WORK/big.h5"
grep -q "resuming" "$WORK/err" && pass "ranks resumed from their checkpoints" || fail "no rank resumed: $(cat "$WORK/err")"
cmp_h5 "$WORK/big-single.h5" "$WORK/big.h5" && pass "resumed MPI run identical" || fail "resumed MPI run differs: $(head -5 "$WORK/cmp")"
finish
