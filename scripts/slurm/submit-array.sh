#!/usr/bin/env bash
# Submits a study as a Slurm job array, one shard per task, and the merge job that runs when
# every task has succeeded. Run from the directory the paths are relative to (the repository
# root by default); it must be on a file system the compute nodes share.
#   STUDY=scenarios/uk-2018.toml SHARDS=20 RUN_ARGS="--replicates 100000" scripts/slurm/submit-array.sh
# Environment [default]:
#   STUDY [scenarios/uk-2018.toml]  SHARDS [10]  RUN_ARGS (more `fundsim run` arguments)
#   OUT [outputs/<study>.h5]  SHARD_DIR [OUT without .h5, plus .shards]  FUNDSIM [build/engine/fundsim]
#   MAX_RUNNING   at most this many tasks at once (sbatch --array=...%K)
#   SBATCH_ARGS   more sbatch arguments for both jobs ("--partition=long --account=abc")
# Prints: submitted array JOBID (N tasks) and merge JOBID -> OUT
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
: "${FUNDSIM:=build/engine/fundsim}" "${STUDY:=scenarios/uk-2018.toml}" "${SHARDS:=10}"
: "${OUT:=outputs/$(basename "$STUDY" .toml).h5}"
: "${SHARD_DIR:=${OUT%.h5}.shards}"
export FUNDSIM STUDY SHARDS OUT SHARD_DIR RUN_ARGS=${RUN_ARGS:-}
"$FUNDSIM" validate "$STUDY" >/dev/null  # a bad study fails here, not in every queued task
mkdir -p "$SHARD_DIR" "$(dirname "$OUT")"
# shellcheck disable=SC2086  # SBATCH_ARGS is a list of words
array=$(sbatch --parsable ${SBATCH_ARGS:-} --array="0-$((SHARDS - 1))${MAX_RUNNING:+%$MAX_RUNNING}" \
  "$here/array.sbatch")
array=${array%%;*}  # --parsable prints JOBID or JOBID;CLUSTER
# shellcheck disable=SC2086
merge=$(sbatch --parsable ${SBATCH_ARGS:-} --dependency=afterok:"$array" --kill-on-invalid-dep=yes \
  "$here/merge.sbatch")
echo "submitted array $array ($SHARDS tasks) and merge ${merge%%;*} -> $OUT"
