#pragma once
// The decision statistics a full run writes into its file at the end (docs/output-format.md §8,
// docs/decision.md §3): per objective and chosen choice set, the noise-handled EVPI, P(best) and
// expected loss given the parameters, and the EVPPI of every uncertain parameter and of every
// declared parameter group. Computed from the per-replicate objective values and parameter draws
// the file already holds, so shards merged later get bitwise the same numbers.
#include <optional>
#include <string>
#include <vector>

#include "choice/decision_analysis.hpp"
#include "output/hdf5_writer.hpp"
#include "output/results_file.hpp"
#include "run/publish.hpp"

namespace fundsim::choice {

struct RunDecisionSettings {
  // Choice sets to analyse ("all", "named", "sweep:NAME"); sets the study does not have (fewer
  // than two scenarios) are skipped. Empty: nothing is computed or written.
  std::vector<std::string> sets = {"named"};
  bool single_parameters = true;  // EVPPI of each uncertain parameter (and declared groups)
  // Also the noise-handled EVPI, P(best) and expected loss given the parameters: about 15 s of
  // CPU per objective and set on uk-2018 at 10,000 replicates (docs/decision.md §3).
  bool evpi = false;
  unsigned threads = 1;  // EVPPI fits in parallel; the numbers do not depend on it
};

// Parses "none" or a comma-separated list of all, named and sweep names (InputError naming
// `option` for an unknown set).
std::vector<std::string> parse_decision_sets(const Study& study, const std::string& text,
                                             const std::string& option);

// Adds the decision variables to a finished full run's file (does nothing for summary-only
// files or when settings.sets is empty).
void write_run_decision(Hdf5Writer& writer, const RunDecisionSettings& settings);

// The statistics a run stored for objective `objective` and the choice set `set` (nullopt when it
// stored none for them): what analyse_decision computes with the default options, the declared
// groups and the file's seed, bitwise, with the raw statistics recomputed from `data`.
std::optional<DecisionResult> stored_decision(const ResultsFile& file, const DecisionData& data,
                                              std::size_t objective, const ChoiceSet& set);

// The options a run uses (and `decide` with them reproduces the stored numbers).
DecisionOptions run_decision_options(const Study& study, std::uint64_t seed, unsigned threads);

// What `run` and `merge` add to a whole run's file: the sets of `sets_text` (as
// parse_decision_sets, checked against the file's study when the file is finished).
FileFinisher run_decision_finisher(const std::string& sets_text, bool evpi, unsigned threads);

}  // namespace fundsim::choice
