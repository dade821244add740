// Throughput benchmark: runs a study (default scenarios/uk-2018.toml) without writing a file and
// prints replicate-months per second (one month of one replicate of one scenario) for one thread
// and for all threads. Usage: fundsim_bench [STUDY] [REPLICATES] [THREADS]
#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include "run/runner.hpp"
#include "study/study.hpp"

// Process CPU time (user + system): on a shared machine, work per CPU-second is steadier than
// work per wall-clock second.
double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1e-6;
}

int main(int argc, char** argv) {
  const std::string path =
      argc > 1 ? argv[1] : std::string(FUNDSIM_SOURCE_DIR) + "/scenarios/uk-2018.toml";
  const std::uint64_t replicates = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1000;
  const unsigned all = argc > 3 ? static_cast<unsigned>(std::atoi(argv[3]))
                                : std::max(1U, std::thread::hardware_concurrency());
  try {
    const fundsim::Study study = fundsim::load_study(path);
    std::printf("study %s: %zu scenarios x %llu replicates x %d months\n", study.name.c_str(),
                study.scenarios.size(), static_cast<unsigned long long>(replicates),
                study.run.months);
    double single = 0;
    for (unsigned threads : {1U, all}) {
      fundsim::RunSpec spec;
      spec.replicates = replicates;
      spec.seed = study.run.seed;
      spec.summary_only = true;
      fundsim::Execution execution;
      execution.threads = threads;
      const double cpu_before = cpu_seconds();
      const fundsim::RunResults r = fundsim::run_study(study, spec, execution, {}, nullptr);
      const double cpu = cpu_seconds() - cpu_before;
      const double rate = static_cast<double>(r.replicate_months) / r.seconds;
      if (threads == 1) single = rate;
      std::printf(
          "threads %2u: %8.3f s  %10.0f replicate-months/s  (%.0f per thread, speed-up %.2f; "
          "%.0f per CPU-second)\n",
          threads, r.seconds, rate, rate / threads, rate / single,
          static_cast<double>(r.replicate_months) / cpu);
      if (all == 1) break;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fundsim_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
