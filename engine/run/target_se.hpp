#pragma once
// `fundsim run --target-se X`: add replicates until the Monte Carlo standard error of every
// scenario's paired difference from the baseline in contact abuse over the horizon is at most
// X, and write the file a fixed-size run with the final replicate count would have written.
//
// Monte Carlo sampling: replicate r depends only on (seed, r), so each round adds replicates
// R..R' to the summaries and arrays it already has. Latin hypercube sampling: the strata of
// every replicate depend on the replicate count, so a round at a new count starts afresh
// (earlier replicates are not part of the new design); rounds at least double the count, so
// the work is at most about twice that of the final run (docs/model.md §11 x). The same holds
// for a study with [[correlation]]: its blocks of replicates depend on the count.
#include <cstdint>
#include <functional>

#include "run/job.hpp"

namespace fundsim {

// The largest se over scenarios of the horizon contact-abuse difference from the baseline.
double largest_contact_abuse_se(const Study& study, const RunResults& results);

// plan.target_se must be set. `check_size` is called before each round with its replicate
// count and throws to refuse it (an output too large).
JobResult run_to_target_se(const Study& study, const RunPlan& plan, const RunHooks& hooks,
                           const Notice& notice,
                           const std::function<void(std::uint64_t)>& check_size);

}  // namespace fundsim
