#!/usr/bin/env bash
# The main job: install what is missing, build (Release), run the default study uk-2018 into
# outputs/uk-2018.h5 (replacing an earlier result), print the table and draw the plots into
# outputs/plots/. Extra arguments go to `fundsim run` (e.g. --replicates 2000).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/deps.sh"
bash "$root/scripts/build.sh" "$root/build"
cd "$root"
./build/engine/fundsim run scenarios/uk-2018.toml -o outputs/uk-2018.h5 --overwrite "$@"
/usr/bin/python3 scripts/plot outputs/uk-2018.h5 -o outputs/plots
