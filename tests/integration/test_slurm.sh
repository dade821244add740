#!/usr/bin/env bash
# scripts/slurm/ end to end: a throwaway single-node Slurm cluster (munged, slurmctld, slurmd on
# localhost, config in a temporary folder, nothing in /etc touched) runs submit-array.sh on a
# small study, 3 array tasks and the merge; the merged file must be bitwise identical to a plain
# `fundsim run` with the same seed and replicates. A second array starting at 5 checks the
# SLURM_ARRAY_TASK_MIN offset. Where Slurm cannot start (not installed, not root, a daemon
# fails), the reason is printed as SKIP and the scripts run without Slurm (the array tasks with
# SLURM_ARRAY_* set by hand, then the merge), so the pipeline is tested all the same.
# Packages: slurmctld slurmd slurm-client munge (scripts/deps.sh). About 40 s.
FUNDSIM=$1 SRC=$2
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/lib.sh"
FUNDSIM=$(realpath "$FUNDSIM")
SCRIPTS=$SRC/scripts/slurm
STUDY=$SRC/scenarios/small.toml
export FUNDSIM STUDY RUN_ARGS="--replicates 90 --seed 11"
LONG_REPLICATES=${LONG_REPLICATES:-15000}  # a shard that runs long enough to be signalled (~8 s)
S=$WORK/slurm  # cluster state, config and logs
daemons=()

stop_slurm() {
  if [ -n "${SLURM_CONF:-}" ] && [ -e "$S/slurmctld.up" ]; then
    scancel --quiet --user="$(id -un)" 2>/dev/null || true
    sleep 1
  fi
  local pid
  for pid in "${daemons[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${daemons[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
}
trap 'stop_slurm; rm -rf "$WORK"' EXIT

# Starts the cluster in this shell (daemons are children of the test); on failure sets `why`
# and returns 1.
start_slurm() {
  local c missing=()
  for c in munged munge slurmctld slurmd sbatch squeue scontrol scancel sinfo; do
    command -v "$c" >/dev/null || missing+=("$c")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    why="not installed: ${missing[*]} (scripts/deps.sh installs slurmctld slurmd slurm-client munge)"
    return 1
  fi
  [ "$(id -u)" = 0 ] || { why="slurmd must run as root to start jobs (running as $(id -un))"; return 1; }
  mkdir -p -m 755 "$S" "$S/munge" "$S/state" "$S/spool"
  head -c 1024 /dev/urandom > "$S/munge/key" && chmod 400 "$S/munge/key"
  munged --foreground --force --socket="$S/munge/socket" --key-file="$S/munge/key" \
    --log-file="$S/munge/log" --pid-file="$S/munge/pid" --seed-file="$S/munge/seed" >>"$S/munge/log" 2>&1 &
  daemons+=($!)
  for _ in $(seq 50); do [ -S "$S/munge/socket" ] && break; sleep 0.1; done
  if ! munge -S "$S/munge/socket" -n | unmunge -S "$S/munge/socket" >/dev/null 2>&1; then
    why="munged does not work: $(tail -3 "$S/munge/log" | tr '\n' ' ')"
    return 1
  fi
  # Two free TCP ports, so that a Slurm already running on this machine is not disturbed.
  read -r ctld_port slurmd_port < <("$PY" "$HELPERS/free_ports.py" 2)
  local node
  node=$(slurmd -C 2>/dev/null | head -1)  # NodeName=host CPUs=... RealMemory=...: this machine
  [ -n "$node" ] || { why="slurmd -C printed nothing: $(slurmd -C 2>&1 | head -3)"; return 1; }
  nodename=$(sed 's/^NodeName=\([^ ]*\).*/\1/' <<<"$node")
  cat > "$S/slurm.conf" <<CONF
ClusterName=fundsimtest
SlurmctldHost=$(hostname -s)(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
AuthType=auth/munge
CredType=cred/munge
# A requeued job waits out the job credential lifetime before it starts again (slurmd refuses
# to launch a job whose credential it revoked: "Job credential revoked"). 120 s by default; 10 s
# keeps the test short. sched_interval=2: the main scheduling loop (60 s by default) notices the
# end of that hold at once.
AuthInfo=socket=$S/munge/socket,cred_expire=10
SchedulerParameters=sched_interval=2
StateSaveLocation=$S/state
SlurmdSpoolDir=$S/spool
SlurmctldPidFile=$S/slurmctld.pid
SlurmdPidFile=$S/slurmd.pid
SlurmctldLogFile=$S/slurmctld.log
SlurmdLogFile=$S/slurmd.log
# No cgroups: processes are tracked through /proc, so this works in containers too.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
MinJobAge=600
$node NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
  export SLURM_CONF=$S/slurm.conf
  slurmctld -D -i >"$S/slurmctld.out" 2>&1 &
  daemons+=($!)
  slurmd -D -N "$nodename" >"$S/slurmd.out" 2>&1 &
  daemons+=($!)
  for _ in $(seq 60); do
    [ "$(sinfo -h -o %T 2>/dev/null)" = idle ] && { touch "$S/slurmctld.up"; return 0; }
    sleep 0.5
  done
  why="the node did not come up within 30 s: sinfo '$(sinfo -h -o '%T %E' 2>&1)'; slurmctld:"
  why+=" $(tail -3 "$S/slurmctld.log" "$S/slurmctld.out" 2>&1 | tr '\n' ' '); slurmd:"
  why+=" $(tail -3 "$S/slurmd.log" "$S/slurmd.out" 2>&1 | tr '\n' ' ')"
  return 1
}

# Waits (at most $2 seconds) until the jobs $1 (comma-separated) have left the queue.
wait_jobs() {
  local t
  for ((t = 0; t < $2 * 2; t++)); do
    [ -z "$(squeue -h -j "$1" -o %i 2>/dev/null)" ] && return 0
    sleep 0.5
  done
  return 1
}
# All states of job $1 (array tasks one per line).
job_states() { scontrol show job "$1" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p' | sort | uniq -c | tr -s ' \n' ' '; }

compare() {  # compare FILE WHAT [REFERENCE]
  if "$PY" "$HELPERS/h5_compare.py" "${3:-$WORK/plain.h5}" "$1" >"$WORK/cmp" 2>&1; then
    pass "$2 is bitwise the plain run: $(tail -1 "$WORK/cmp")"
  else
    fail "$2 differs from the plain run: $(tail -5 "$WORK/cmp")"
  fi
}
show_logs() { for f in "$@"; do [ -e "$f" ] && { echo "--- $f"; tail -20 "$f"; }; done; }

started=$(date +%s)
expect_exit 0 "plain run (reference)" -- "$FUNDSIM" run "$STUDY" $RUN_ARGS -o "$WORK/plain.h5" --quiet
mkdir -p "$WORK/a" "$WORK/b"
if start_slurm; then
  pass "single-node Slurm up ($(sinfo -h -o '%N, %c CPUs') in $(($(date +%s) - started)) s)"
  # 1. submit-array.sh: array 0-2 and the merge with afterok.
  cd "$WORK/a"
  if OUT=$WORK/a/merged.h5 SHARDS=3 SBATCH_ARGS="--cpus-per-task=1 --mem=100M --time=15" \
    bash "$SCRIPTS/submit-array.sh" >"$WORK/submit" 2>&1; then
    pass "submit-array.sh: $(cat "$WORK/submit")"
  else
    fail "submit-array.sh: $(cat "$WORK/submit")"
  fi
  read -r array merge < <(sed -n 's/^submitted array \([0-9]*\) .* merge \([0-9]*\) .*/\1 \2/p' "$WORK/submit")
  # 2. By hand, an array that starts at 5, and merge.sbatch depending on it.
  cd "$WORK/b"
  export OUT=$WORK/b/merged.h5 SHARD_DIR=$WORK/b/parts
  array_b=$(sbatch --parsable --cpus-per-task=1 --mem=100M --time=15 --array=5-7 "$SCRIPTS/array.sbatch")
  merge_b=$(SHARDS=3 sbatch --parsable --cpus-per-task=1 --mem=100M --time=15 --dependency=afterok:"$array_b" \
    "$SCRIPTS/merge.sbatch")
  unset OUT SHARD_DIR
  if [ -n "${array:-}" ] && wait_jobs "$array,$merge,$array_b,$merge_b" 90; then
    pass "all jobs left the queue in $(($(date +%s) - started)) s"
  else
    fail "jobs still queued after 90 s: $(squeue 2>&1)"
  fi
  for j in "${array:-x}" "${merge:-x}" "$array_b" "$merge_b"; do
    s=$(job_states "$j")
    case $s in
      " 3 COMPLETED " | " 1 COMPLETED ") pass "job $j: $s" ;;
      *) fail "job $j: '$s'"; show_logs "$WORK"/a/*.out "$WORK"/b/*.out ;;
    esac
  done
  compare "$WORK/a/merged.h5" "the merge job's file (array 0-2)"
  # A failed shard run again alone: SHARDS set, the task ID is the shard index.
  cd "$WORK/a" && rm -f merged.shards/shard-1-of-3.h5
  rerun=$(OUT=$WORK/a/merged.h5 SHARDS=3 sbatch --parsable --cpus-per-task=1 --mem=100M --time=15 --array=1 \
    "$SCRIPTS/array.sbatch")
  wait_jobs "$rerun" 60 && [ "$(job_states "$rerun")" = " 1 COMPLETED " ] && pass "shard 1 of 3 run again alone" \
    || { fail "shard 1 of 3 run again: '$(job_states "$rerun")'"; show_logs fundsim-shard-"$rerun"_1.out; }
  # 3. The time-limit path: USR1 to the batch shell of a running shard (what --signal=B:USR1@300
  # does). The shard must checkpoint, exit 143, requeue itself, resume and finish.
  mkdir -p "$WORK/c" && cd "$WORK/c"
  long_args="--replicates $LONG_REPLICATES --seed 11 --summary-only"
  job_c=$(OUT=$WORK/c/merged.h5 SHARDS=1 RUN_ARGS=$long_args CHECKPOINT_EVERY=1 sbatch --parsable \
    --cpus-per-task=1 --mem=100M --time=15 --array=0 "$SCRIPTS/array.sbatch")
  for _ in $(seq 60); do grep -q "^shard 0 of 1" fundsim-shard-*.out 2>/dev/null && break; sleep 0.5; done
  sleep 3
  scancel --batch --signal=USR1 "${job_c}_0"
  # Slurm holds the requeued job for the credential lifetime (cred_expire, 10 s here) and then
  # starts it again by itself. Releasing it earlier (StartTime=now) makes slurmd refuse the
  # launch, because it still remembers the credential it revoked (docs/cluster.md).
  held=
  for _ in $(seq 60); do
    if scontrol show job "$job_c" 2>/dev/null | grep -q -E "JobState=PENDING|Restarts=1"; then
      held=1
      break
    fi
    sleep 0.5
  done
  [ -n "$held" ] && pass "signalled shard: requeued (pending until its credential expires)" \
    || fail "signalled shard: not requeued within 30 s: $(scontrol show job "$job_c" 2>&1 | grep -o -E '(JobState|Reason|Restarts)=[^ ]*' | tr '\n' ' ')"
  [ -d "$WORK/c/merged.shards/.shard-0-of-1.h5.checkpoint" ] && pass "signalled shard: checkpoint kept" \
    || fail "signalled shard: no checkpoint: $(ls -A "$WORK/c/merged.shards")"
  if wait_jobs "$job_c" 120; then pass "signalled shard left the queue"; else fail "signalled shard still queued: $(squeue 2>&1)"; fi
  info=$(scontrol show job "$job_c" 2>&1)
  grep -q "JobState=COMPLETED" <<<"$info" && grep -q "Restarts=1" <<<"$info" \
    && pass "signalled shard: requeued once, then completed" \
    || { fail "signalled shard: $(grep -o -E '(JobState|Restarts|ExitCode)=[^ ]*' <<<"$info" | tr '\n' ' ')"; show_logs fundsim-*.out; }
  grep -q "requeueing" fundsim-shard-*.out && pass "signalled shard: log says it requeued" \
    || fail "signalled shard: no requeue in its log: $(cat fundsim-shard-*.out)"
  grep -q "resuming from" fundsim-shard-*.out && pass "signalled shard: resumed from its checkpoint" \
    || fail "signalled shard: did not resume: $(cat fundsim-shard-*.out)"
  expect_exit 0 "merge of the resumed shard" -- env OUT="$WORK/c/merged.h5" SHARDS=1 bash "$SCRIPTS/merge.sbatch"
else
  echo "SKIP Slurm cannot run here: $why"
  echo "     running the same scripts without Slurm (SLURM_ARRAY_* set by hand)"
  cd "$WORK/a"
  for i in 0 1 2; do
    expect_exit 0 "array.sbatch task $i of 0-2" -- env SLURM_ARRAY_TASK_ID=$i SLURM_ARRAY_TASK_MIN=0 \
      SLURM_ARRAY_TASK_MAX=2 SLURM_ARRAY_TASK_COUNT=3 SLURM_CPUS_PER_TASK=1 OUT="$WORK/a/merged.h5" \
      bash "$SCRIPTS/array.sbatch"
  done
  rm -f merged.shards/shard-1-of-3.h5  # a failed shard run again alone (SHARDS set: ID = index)
  expect_exit 0 "shard 1 of 3 run again alone" -- env SHARDS=3 SLURM_ARRAY_TASK_ID=1 SLURM_ARRAY_TASK_MIN=1 \
    SLURM_ARRAY_TASK_MAX=1 SLURM_ARRAY_TASK_COUNT=1 OUT="$WORK/a/merged.h5" bash "$SCRIPTS/array.sbatch"
  cd "$WORK/b"
  for i in 5 6 7; do
    expect_exit 0 "array.sbatch task $i of 5-7" -- env SLURM_ARRAY_TASK_ID=$i SLURM_ARRAY_TASK_MIN=5 \
      SLURM_ARRAY_TASK_MAX=7 SLURM_ARRAY_TASK_COUNT=3 SLURM_CPUS_PER_TASK=1 OUT="$WORK/b/merged.h5" \
      SHARD_DIR="$WORK/b/parts" bash "$SCRIPTS/array.sbatch"
  done
  expect_exit 0 "merge.sbatch (array from 5)" -- env SHARDS=3 OUT="$WORK/b/merged.h5" \
    SHARD_DIR="$WORK/b/parts" bash "$SCRIPTS/merge.sbatch"
  # Preemption: SIGTERM to the task's shell stops fundsim (exit 143, checkpoint kept); the rerun
  # resumes. Slurm would requeue; here the task is simply started again.
  mkdir -p "$WORK/c" && cd "$WORK/c"
  long_args="--replicates $LONG_REPLICATES --seed 11 --summary-only"
  task_c=(env SLURM_ARRAY_TASK_ID=0 SLURM_ARRAY_TASK_MIN=0 SLURM_ARRAY_TASK_MAX=0 SLURM_ARRAY_TASK_COUNT=1
    OUT="$WORK/c/merged.h5" RUN_ARGS="$long_args" CHECKPOINT_EVERY=1 bash "$SCRIPTS/array.sbatch")
  "${task_c[@]}" >"$WORK/c/task.out" 2>&1 &
  pid=$!  # env execs bash: this is the task's shell
  sleep 5
  kill -TERM $pid
  got=0
  wait $pid || got=$?
  [ $got = 143 ] && pass "SIGTERM to the task: exit 143" || fail "SIGTERM to the task: exit $got: $(cat task.out)"
  [ -d "$WORK/c/merged.shards/.shard-0-of-1.h5.checkpoint" ] && pass "SIGTERM to the task: checkpoint kept" \
    || fail "SIGTERM to the task: no checkpoint: $(ls -A "$WORK/c/merged.shards")"
  expect_exit 0 "the task again" -- "${task_c[@]}"
  grep -q "resuming from" "$WORK/err" && pass "the task resumed from its checkpoint" \
    || fail "the task did not resume: $(cat "$WORK/err")"
  expect_exit 0 "merge of the resumed shard" -- env OUT="$WORK/c/merged.h5" SHARDS=1 bash "$SCRIPTS/merge.sbatch"
fi
cd "$WORK/a"
expect_exit 0 "merge.sbatch of the array 0-2" -- env SHARDS=3 OUT="$WORK/a/merged.h5" bash "$SCRIPTS/merge.sbatch"
cd "$WORK"
expect_exit 0 "plain run (reference for the resumed shard)" -- "$FUNDSIM" run "$STUDY" $long_args \
  -o "$WORK/plain-long.h5" --quiet
compare "$WORK/c/merged.h5" "resumed shard" "$WORK/plain-long.h5"
ls "$WORK"/a/merged.shards/shard-{0,1,2}-of-3.h5 >/dev/null 2>&1 && pass "3 shard files" \
  || fail "shard files: $(ls "$WORK/a" "$WORK/a/merged.shards" 2>&1 | tr '\n' ' ')"
compare "$WORK/a/merged.h5" "merge of the array 0-2"
compare "$WORK/b/merged.h5" "merge of the array 5-7"
echo "test_slurm took $(($(date +%s) - started)) s"
finish
