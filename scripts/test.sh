#!/usr/bin/env bash
# Installs what is missing, builds and runs every test (unit, statistical, end to end).
# Usage: scripts/test.sh            Release build in build/
#        scripts/test.sh --sanitize ASan+UBSan build in build-sanitize/
#        scripts/test.sh --tsan     ThreadSanitizer build in build-tsan/: the threaded runner's
#                                   end-to-end tests (1-4 threads, full and summary-only, signals,
#                                   checkpoints)
#        scripts/test.sh --mpi      MPI build (-DFUNDSIM_MPI=ON, Open MPI) of the CLI in build/: mpirun
#                                   runs identical to one process, failures, resume (tests/mpi)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/deps.sh"
# Sanitizer builds at -O1 with line tables only (-g1): what AddressSanitizer and
# ThreadSanitizer recommend for usable speed and symbolised stack traces; it compiles in about
# two thirds of the time of -O2 -g, the largest part of CI (docs/architecture.md §5).
# The Release and ASan trees compile each unit-test binary as one translation unit
# (FUNDSIM_UNITY_TESTS; about a third of the CPU time of file by file). The sanitizer trees also
# precompile the standard and third-party headers (cmake/pch/; the ASan tree then compiles in
# about 4/5 of the time, the TSan executable about 35 s faster). Not the Release tree: at -O3
# GCC 12 then prints 15 false -Wstringop-overflow warnings from inside libstdc++; and without
# them it shows that every engine and CLI file includes what it uses (docs/architecture.md §5).
sanitizer_flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG"
                 "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG" -DFUNDSIM_PCH=ON)
if [ "${1:-}" = "--tsan" ]; then
  build="$root/build-tsan"
  cmake -S "$root" -B "$build" "${sanitizer_flags[@]}" -DFUNDSIM_TSAN=ON >/dev/null
  cmake --build "$build" --target fundsim -j"$(nproc)"
  export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
  export FUNDSIM_TIME_SCALE=3  # time limits in the tests (e.g. stop within 5 s of a signal) x3
  status=0
  for t in test_thread_identity test_signals test_run_end_to_end test_checkpoint_threads; do
    if [ -e "$root/tests/integration/$t.py" ]; then
      PYTHONDONTWRITEBYTECODE=1 /usr/bin/python3 -m pytest -q "$root/tests/integration/$t.py" \
        --fundsim "$build/engine/fundsim" --source-dir "$root" --run-cache "$build/run-cache" || status=1
    else
      bash "$root/tests/integration/$t.sh" "$build/engine/fundsim" "$root" || status=1
    fi
  done
  exit $status
elif [ "${1:-}" = "--mpi" ]; then
  bash "$root/scripts/deps.sh" --mpi
  # The Release tree of the plain test run: only cli/world.cpp talks to MPI (a library of its own,
  # engine/CMakeLists.txt), so only it compiles again; the tree is switched back afterwards.
  build="$root/build"
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DFUNDSIM_MPI=ON >/dev/null
  cmake --build "$build" --target fundsim -j"$(nproc)"
  status=0
  bash "$root/tests/mpi/test_mpi.sh" "$build/engine/fundsim" "$root" || status=$?
  cmake -S "$root" -B "$build" -DFUNDSIM_MPI=OFF >/dev/null
  exit $status
elif [ "${1:-}" = "--sanitize" ]; then
  build="$root/build-sanitize"
  bash "$root/scripts/build.sh" "$build" "${sanitizer_flags[@]}" -DFUNDSIM_UNITY_TESTS=ON -DFUNDSIM_SANITIZE=ON
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
else
  bash "$root/scripts/check-format.sh"  # every C++ file follows .clang-format (once, here)
  build="$root/build"
  bash "$root/scripts/build.sh" "$build" -DFUNDSIM_MPI=OFF -DFUNDSIM_UNITY_TESTS=ON
fi
cd "$build"
if [ "${1:-}" = "--sanitize" ]; then
  # Under ASan+UBSan everything that exercises engine code runs; left out are the tests whose
  # point is statistics or timing of the Release build (CRN variance, the numpy reference model,
  # rank error, dry-run time estimate, calibration coverage, EVPPI against closed forms, nested
  # Monte Carlo and pure noise, the Gaussian process against a grid search and a known
  # interaction: under ASan the decision code runs about 6 times slower, and its code paths run
  # here through the other decision tests), pictures and examples (Python and R reading a file;
  # the plots' code paths in the engine are the run's), other programs reading a file (external
  # readers), the Slurm daemons, and the long kill-and-resume series (its code paths run here in
  # test_checkpoint_threads and the run unit tests); each runs in the Release suite.
  # Within the pytest modules the same checks are marked (tests/integration/pytest.ini) and
  # deselected here, with the study mutants past the first 50 of each study (the fuzzer covers
  # the reader under ASan); pytest reports them as deselected, not passed.
  export PYTEST_ADDOPTS="-m 'not statistical and not pictures and not extended'"
  ctest --output-on-failure -j"$(nproc)" \
    -E 'numpy_agreement|CalibrateSbc|VoiStudy|PureNoiseHasNoValueOfInformation|RecoversHigherOrderInteraction|HyperparametersMatchGridSearch|TwoOptionsGaussianProcessWithNoise|BruteForce|ToyCalibration|RegressionStandardErrorMatchesRepeatedNoise|test_plots|test_examples|test_crn_variance|test_reference_model|test_quantile_rank_error|test_dry_run|test_external_readers|test_slurm|test_resume'
else
  ctest --output-on-failure -j"$(nproc)"
fi
