// Loads a study and runs it through the installed fundsim libraries, printing each scenario's
// mean arrests over the horizon: what another tool embedding the engine would do.
#include <cstdio>
#include <cstdlib>

#include "errors.hpp"
#include "run/runner.hpp"
#include "study/study.hpp"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: embed STUDY REPLICATES\n");
    return 2;
  }
  try {
    const fundsim::Study study = fundsim::load_study(argv[1]);
    fundsim::RunSpec spec;
    spec.replicates = std::strtoull(argv[2], nullptr, 10);
    spec.seed = study.run.seed;
    spec.summary_only = true;
    fundsim::Execution execution;
    execution.threads = 2;
    const fundsim::RunResults results = fundsim::run_study(study, spec, execution, {}, nullptr);
    for (std::size_t s = 0; s < study.scenarios.size(); ++s) {
      std::printf("%s %.17g\n", study.scenarios[s].name.c_str(),
                  results.summaries[s].horizon(fundsim::Metric::arrests).moments.mean());
    }
  } catch (const fundsim::Error& e) {
    std::fprintf(stderr, "embed: %s\n", e.what());
    return 1;
  }
  return 0;
}
