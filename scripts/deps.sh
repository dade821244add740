#!/usr/bin/env bash
# Installs the Debian 12 packages fundsim needs to build, test and plot (as root, or with sudo).
# Usage: scripts/deps.sh [--mpi]
# Only missing packages are installed; `apt-get update` runs first when anything is missing.
set -euo pipefail
packages=(
  cmake g++ make pkg-config git
  libboost-program-options-dev libboost-math-dev libeigen3-dev
  libhdf5-dev hdf5-tools libtomlplusplus-dev librandom123-dev libgtest-dev
  nlohmann-json3-dev nettle-dev libnlopt-cxx-dev  # JSON output, SHA-256, derivative-free optimiser
  clang-format python3-pytest                     # the format check and the end-to-end tests
  python3-numpy python3-h5py python3-xarray python3-h5netcdf python3-netcdf4 python3-matplotlib
  python3-pytest  # runs the end-to-end tests tests/integration/test_*.py
  r-cran-hdf5r  # R reader checked by tests/integration/test_external_readers.py; pulls in r-base-core (Rscript)
  slurmctld slurmd slurm-client munge  # a throwaway single-node Slurm for tests/integration/test_slurm.sh
)
# --mpi: Open MPI for the -DFUNDSIM_MPI=ON build (scripts/test.sh --mpi); the default build needs none.
[ "${1:-}" = "--mpi" ] && packages+=(libopenmpi-dev openmpi-bin)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "installing: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
